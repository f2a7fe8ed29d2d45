"""The command line's own sentences, in the vault's language where one is known.

The language is the one the vault was last used in (desktop.app.interface_prefs), else its
jurisdiction's, else English. Vietnamese comes from the same YAML catalogues as the app's
(`resources/translations/vi/*.yaml`, context `CommandLine`), read without Qt; a test checks that
every `say(...)` here and in the commands has its translation. Errors are worded by their stable
`code`, never by their English text, and name no person.
"""

from __future__ import annotations

from pathlib import Path

CONTEXT = "CommandLine"
_language = "en"


def use_vault_language(vault_dir: Path | None) -> str:
    """Speak the language of the vault at `vault_dir` (the default folder when None)."""
    global _language
    from desktop.app import interface_prefs

    if vault_dir is None:
        from desktop.paths import default_vault_dir

        vault_dir = default_vault_dir()
    _language = interface_prefs.load(vault_dir).speaking() or "en"
    return _language


def set_language(language: str) -> None:
    global _language
    _language = language


def language() -> str:
    return _language


def _catalog(lang: str) -> dict[str, str]:
    from desktop.resources import read_yaml, resource  # only when a message is in another language

    merged: dict[str, str] = {}
    folder = resource("translations", lang)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = read_yaml(path) or {}
        merged.update({str(k): str(v) for k, v in (data.get(CONTEXT) or {}).items()})
    return merged


def say(text: str, **values: object) -> str:
    """`text` in the current language, with `{name}` fields filled."""
    if _language != "en":
        text = _catalog(_language).get(text, text)
    return text.format(**values) if values else text


def error_words(exc: BaseException) -> str:
    """A vault error as one sentence, by its code; the English text of the error otherwise."""
    code = getattr(exc, "code", "")
    if code == "wrong_passphrase":
        text = say("The user name or passphrase is not right.")
        delay = int(getattr(exc, "delay_seconds", 0))
        if delay > 0:
            text += " " + say("Wait {seconds} s before the next try.", seconds=delay)
        return text
    if code == "throttled":
        return say("Too many wrong passphrases. Wait {seconds} s before trying again.",
                   seconds=int(getattr(exc, "wait_seconds", 0)))
    if code == "vault_missing":
        return say("No vault at {path}: run `waymark init` or start the app to set one up.",
                   path=getattr(exc, "path", ""))
    if code == "vault_in_use":
        return say("This vault is open in another Waymark window or command. Close it there "
                   "first.")
    return str(exc)


__all__ = ["error_words", "language", "say", "set_language", "use_vault_language"]
