"""Passphrase policy: long, not common, no composition rules (NIST SP 800-63B)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

MIN_LENGTH = 12


class PassphraseRejected(ValueError):
    """The passphrase breaks the policy; the message says which rule, never the passphrase."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def normalise(passphrase: str) -> str:
    """NFC so the same phrase typed on two keyboards unlocks the same slot."""
    return unicodedata.normalize("NFC", passphrase)


def check(passphrase: str, common: Iterable[str]) -> None:
    """Raise PassphraseRejected when the passphrase may not be used."""
    phrase = normalise(passphrase)
    if len(phrase) < MIN_LENGTH:
        raise PassphraseRejected(
            "too_short", f"A passphrase needs at least {MIN_LENGTH} characters."
        )
    folded = phrase.casefold()
    stripped = "".join(ch for ch in folded if not ch.isspace())
    common_set = common if isinstance(common, (set, frozenset)) else set(common)
    if folded in common_set or stripped in common_set or len(set(folded)) <= 2:
        raise PassphraseRejected(
            "common", "That passphrase is too common or too easy to guess: choose another."
        )
