"""Forks: one record changed on two devices from the same starting point (issue 6).

Both versions are kept; the record is marked "needs review". A lead sees the versions side by
side and decides; the decision is one more event (`record.resolved`), so nothing is ever
silently overwritten and the decision travels to other lead devices like any record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.app.access import AccessPolicy
from desktop.domain import events as ev
from desktop.vault import audit, projections
from desktop.vault.errors import InvalidInput, NotFound
from desktop.vault.store import Vault


@dataclass(frozen=True)
class ReviewItem:
    record_id: str
    record_type: str
    person_id: str
    person_name: str


@dataclass(frozen=True)
class Version:
    event_id: str
    kind: str
    author: str
    device: str
    device_time: str
    payload: dict[str, Any]


class ReviewService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.access = AccessPolicy(vault)

    def _require_lead(self) -> None:
        self.access.require_lead("review records changed on two devices (a lead can)")

    def pending(self) -> list[ReviewItem]:
        self._require_lead()
        return [ReviewItem(r[0], r[1], r[2] or "", r[3] or "") for r in self.vault.read(
            "SELECT h.record_id, h.record_type, h.person_id, p.display_name "
            "FROM record_heads h LEFT JOIN people p ON p.id = h.person_id "
            "WHERE h.needs_review = 1 ORDER BY p.display_name, h.record_id")]

    def versions(self, record_id: str) -> list[Version]:
        """The events that share a parent: the versions a lead chooses between."""
        self._require_lead()
        rows = self.vault.read(f"SELECT {projections.EVENT_COLUMNS} FROM events "
                               "WHERE record_id = ? ORDER BY seq", (record_id,))
        if not rows:
            raise NotFound("record")
        events = [projections.event_from_row(r) for r in rows]
        by_parent: dict[str | None, list[ev.Event]] = {}
        for e in events:
            by_parent.setdefault(e.parent_hash, []).append(e)
        forks = [group for group in by_parent.values() if len(group) > 1]
        if not forks:
            return []
        return [Version(e.id, e.kind, e.author, e.device, e.device_time, dict(e.payload))
                for e in forks[-1]]

    def resolve(self, record_id: str, kept_event_id: str, note: str = "") -> str:
        self._require_lead()
        versions = {v.event_id: v for v in self.versions(record_id)}
        kept = versions.get(kept_event_id)
        if kept is None:
            raise InvalidInput(["version_unknown"])
        row = self.vault.read_one("SELECT person_id FROM record_heads WHERE record_id = ?",
                                  (record_id,))
        person_id = str(row[0] or record_id)
        with self.vault.transaction():
            event = self.vault.append(record_id, ev.RECORD_RESOLVED, {
                "person_id": person_id, "kept_event": kept.event_id, "kept_kind": kept.kind,
                "kept_payload": kept.payload, "versions": sorted(versions),
                "note": note.strip()})
            self.vault.audit(audit.RECORD_CHANGED, record_id,
                             {"type": "review", "versions": len(versions)})
        return event.id


