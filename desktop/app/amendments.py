"""Amendments: the only change a sealed record accepts (reason, author, time)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.app.access import AccessPolicy
from desktop.domain import events as ev
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotFound
from desktop.vault.store import Vault


@dataclass(frozen=True)
class Amendment:
    event_id: str
    at: str
    author: str
    reason: str
    text: str


class AmendmentService:
    def __init__(self, vault: Vault, access: AccessPolicy) -> None:
        self.vault = vault
        self.access = access

    def _person(self, record_id: str) -> str:
        row = self.vault.read_one("SELECT person_id FROM record_heads WHERE record_id = ?",
                                  (record_id,))
        if row is None or row[0] is None:
            raise NotFound("record")
        person_id = str(row[0])
        self.access.require_person(person_id)
        return person_id

    def add(self, record_id: str, reason: str, text: str) -> str:
        """Add an amendment to a sealed record; returns the amendment's event id."""
        person_id = self._person(record_id)
        problems = []
        if not reason.strip():
            problems.append("reason_required")
        if not text.strip():
            problems.append("amendment_text_required")
        if problems:
            raise InvalidInput(problems)
        with self.vault.transaction():
            if not self.vault.is_sealed(record_id):
                raise InvalidInput(["record_not_sealed"])
            event = self.vault.append(record_id, ev.AMENDMENT_ADDED, {
                "person_id": person_id, "reason": reason.strip(), "text": text.strip()})
            self.vault.audit(audit.RECORD_CREATED, record_id, {"type": "amendment"})
        return event.id

    def for_record(self, record_id: str) -> list[Amendment]:
        """Oldest first."""
        self._person(record_id)
        return [Amendment(*r) for r in self.vault.read(
            "SELECT event_id, at, author, reason, text FROM amendments WHERE record_id = ? "
            "ORDER BY event_id", (record_id,))]
