"""The files of a vault folder. Kept apart from the store so the first screen can ask whether
a vault exists without loading SQLCipher, Argon2 and the cryptography package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_NAME = "vault.db"
KEYS_NAME = "vault.keys"
THROTTLE_NAME = "vault.throttle"
LOCK_NAME = "vault.lock"


@dataclass(frozen=True)
class VaultPaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def keys(self) -> Path:
        return self.folder / KEYS_NAME

    @property
    def throttle(self) -> Path:
        return self.folder / THROTTLE_NAME

    @property
    def lock(self) -> Path:
        return self.folder / LOCK_NAME

    def exists(self) -> bool:
        return self.keys.exists() or self.db.exists()


__all__ = ["DB_NAME", "KEYS_NAME", "LOCK_NAME", "THROTTLE_NAME", "VaultPaths"]
