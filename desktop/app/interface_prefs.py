"""What the screens before unlock need to know about a vault: its last interface language and
its jurisdiction, kept outside the encrypted file so the unlock screen and the command line can
speak the vault's language before any passphrase is typed.

Kept in the platform's config folder (platformdirs `user_config_dir("Waymark")`, or
`WAYMARK_CONFIG_DIR`), in `vaults.json`, keyed by a hash of the vault folder's resolved path: the
file names no folder and holds nothing personal, only a language code and a jurisdiction id.
Nothing is written into the vault folder, whose files the vault alone owns. Imports no Qt and
nothing heavy (the command line reads it on its error path).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "vaults.json"
LANGUAGES = ("en", "vi")
JURISDICTIONS = ("england", "vietnam")
# A jurisdiction's own language: what to speak when no one has chosen one for this vault yet.
JURISDICTION_LANGUAGE = {"england": "en", "vietnam": "vi"}
MAX_VAULTS = 50  # a shared laptop keeps a few vaults; an old entry is dropped, never an error


@dataclass(frozen=True)
class VaultPrefs:
    """A vault's remembered interface language and jurisdiction (None when not known)."""

    language: str | None = None
    jurisdiction: str | None = None

    def speaking(self) -> str | None:
        """The language to speak for this vault: the last one used, else its jurisdiction's."""
        return self.language or JURISDICTION_LANGUAGE.get(self.jurisdiction or "")


def config_dir() -> Path:
    env = os.environ.get("WAYMARK_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("Waymark", appauthor=False))


def _key(vault_dir: Path) -> str:
    try:
        resolved = vault_dir.expanduser().resolve()
    except OSError:
        resolved = vault_dir.expanduser().absolute()
    return hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:32]


def _read_all() -> dict[str, dict[str, str]]:
    try:
        data = json.loads((config_dir() / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or damaged: the screens fall back to the system's language
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def load(vault_dir: Path) -> VaultPrefs:
    entry = _read_all().get(_key(vault_dir), {})
    language = entry.get("language")
    jurisdiction = entry.get("jurisdiction")
    return VaultPrefs(language=language if language in LANGUAGES else None,
                      jurisdiction=jurisdiction if jurisdiction in JURISDICTIONS else None)


def remember(vault_dir: Path, *, language: str | None = None,
             jurisdiction: str | None = None) -> None:
    """Record the vault's language and/or jurisdiction. Best effort: a read-only config folder
    costs only the remembered language, never a save or an unlock."""
    entries = _read_all()
    key = _key(vault_dir)
    entry = dict(entries.pop(key, {}))
    if language in LANGUAGES:
        entry["language"] = language
    if jurisdiction in JURISDICTIONS:
        entry["jurisdiction"] = jurisdiction
    entries[key] = entry  # last used goes last, so the oldest is dropped first
    while len(entries) > MAX_VAULTS:
        entries.pop(next(iter(entries)))
    folder = config_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{FILE_NAME}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(entries, indent=1, sort_keys=False), encoding="utf-8")
        os.replace(tmp, folder / FILE_NAME)
    except OSError:
        pass


__all__ = ["JURISDICTION_LANGUAGE", "VaultPrefs", "config_dir", "load", "remember"]
