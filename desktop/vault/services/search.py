"""Search people and what was recorded about them (FTS5 inside the encrypted vault)."""

from __future__ import annotations

import unicodedata

from desktop.vault.services.access import AccessPolicy
from desktop.vault.store import Vault


def fts_query(text: str) -> str:
    """Each word as a quoted prefix term, all required: `nguyen ho` -> `"nguyen"* "ho"*`."""
    words = unicodedata.normalize("NFC", text).split()
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words if w.strip('"'))


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
