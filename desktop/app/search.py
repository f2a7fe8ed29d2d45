"""Search people and what was recorded about them (FTS5 inside the encrypted vault)."""

from __future__ import annotations

import unicodedata

from desktop.app.access import AccessPolicy
from desktop.vault.store import Vault


def _term(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def _d_variants(word: str) -> list[str]:
    """Đ is a letter of its own, not D with a diacritic, so `remove_diacritics` keeps it:
    "duc" must also try "đuc" (and "đuc" also "duc") to find "Đức" or "Duc"."""
    plain = word.replace("đ", "d").replace("Đ", "D")
    stroked = plain.replace("d", "đ").replace("D", "Đ")
    return [plain] if plain == stroked else [plain, stroked]


def fts_query(text: str) -> str:
    """Each word as a quoted prefix term, all required: `nguyen ho` -> `"nguyen"* AND "ho"*`.

    Control characters are dropped (FTS5 rejects a NUL inside a string)."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", text)
                   if unicodedata.category(ch) != "Cc" or ch.isspace())
    parts: list[str] = []
    for word in text.split():
        if not word.strip('"'):
            continue
        variants = _d_variants(word)
        if len(variants) == 1:
            parts.append(_term(variants[0]))
        else:
            parts.append("(" + " OR ".join(_term(v) for v in variants) + ")")
    # Explicit AND: FTS5 allows implicit AND between phrases but not before a bracket.
    return " AND ".join(parts)


class SearchService:
    def __init__(self, vault: Vault, access: AccessPolicy) -> None:
        self.vault = vault
        self.access = access

    def people(self, text: str, limit: int = 50) -> list[str]:
        """Ids of people whose names, details or records match, best first. Diacritics are
        optional: "nguyen hong" finds "Nguyễn Thị Hồng"."""
        query = fts_query(text)
        if not query:
            return []
        cond, params = self.access.person_filter("s.person_id")
        rows = self.vault.read(
            "SELECT s.person_id, min(s.rank) AS best FROM search s "
            f"WHERE search MATCH ? AND {cond} GROUP BY s.person_id ORDER BY best LIMIT ?",
            (query, *params, limit),
        )
        return [r[0] for r in rows]
