"""Text normalisation for the coach: NFC, plain apostrophes, lower case, optional no-diacritics.

Every transformation here keeps the length of the (NFC) text, so a span found in the folded
text is the same span in the text the caller sees.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_PUNCT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"',
                        "\u201d": '"', "\u00a0": " "})


def nfc(text: str) -> str:
    """NFC with typographic quotes made plain (same length as NFC)."""
    return unicodedata.normalize("NFC", text).translate(_PUNCT)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    low = ch.lower()
    if len(low) != 1:
        low = ch
    return unicodedata.normalize("NFD", low)[0]


def lower(text: str) -> str:
    """Lower case, one character for one (so spans still line up)."""
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def fold(text: str) -> str:
    """Lower case without diacritics ("Đã kể" -> "da ke"), one character for one."""
    return "".join(_fold_char(ch) for ch in text)


def strip_marks(text: str) -> str:
    """Diacritics removed, case kept (for regular expressions, whose escapes are case-sensitive)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d" if ch == "đ" else "D")
        else:
            out.append(unicodedata.normalize("NFD", ch)[0])
    return "".join(out)


def has_diacritics(text: str) -> bool:
    """True when the text carries Vietnamese (or other) accents or the letter đ."""
    return any(not ch.isascii() and ch.isalpha() for ch in text)
