"""People and their chronology."""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.app.access import AccessPolicy
from desktop.content.chronology import summary_text
from desktop.domain import events as ev
from desktop.domain import people as people_rules
from desktop.domain.events import uuid7
from desktop.domain.people import Person
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotAllowed, NotFound
from desktop.vault.store import Vault


@dataclass(frozen=True)
class PersonSummary:
    id: str
    display_name: str
    date_of_birth: str | None
    estimated_age: int | None
    age_disputed: bool
    open_tasks: int
    overdue_tasks: int

    def age_text(self, today: date) -> str:
        """`12`, `~15 (estimated)`-style text without translation; the UI formats its own."""
        if self.date_of_birth:
            dob = date.fromisoformat(self.date_of_birth)
            age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
            return str(age)
        return f"~{self.estimated_age}" if self.estimated_age is not None else "?"


@dataclass(frozen=True)
class PersonRecord:
    id: str
    person: Person
    registered_by: str
    registered_at: str
    updated_at: str
    needs_review: bool
    display_name: str = ""  # in the vault's name order (people.display_name)


@dataclass(frozen=True)
class ChronologyEntry:
    event_id: str
    record_id: str
    kind: str
    at: str
    author: str
    summary: dict[str, Any]  # {"text": …} for what staff wrote, {"code": …, …} for ours

    def summary_in(self, language: str) -> str:
        return summary_text(self.summary, language)


# Chronology filters offered to users: label id -> event kinds.
CHRONOLOGY_FILTERS: dict[str, tuple[str, ...]] = {
    "all": (),
    "concerns": (ev.CONCERN_RECORDED,),
    "assessments": (ev.ASSESSMENT_SUBMITTED,),
    "disclosures": (ev.DISCLOSURE_SEALED,),
    "tasks": (ev.TASK_CREATED, ev.TASK_DONE),
    "notes": (ev.NOTE_ADDED, ev.AMENDMENT_ADDED),
    "details": (ev.PERSON_REGISTERED, ev.PERSON_UPDATED, ev.PERSON_SHARED),
}


# Open and overdue task counts per person. The unary `+` keeps SQLite on the per-person index:
# otherwise it picks tasks_open_who(done_at, due, ...) and walks every overdue task in the
# vault for each person shown (70–90 ms per search page at 10,000 people; 2–3 ms this way).
_TASK_COUNTS = (
    "(SELECT count(*) FROM tasks t WHERE t.person_id = p.id AND +t.done_at IS NULL), "
    "(SELECT count(*) FROM tasks t WHERE t.person_id = p.id AND +t.done_at IS NULL "
    " AND +t.due <= ?)"
)


class PeopleService:
    def __init__(self, vault: Vault, access: AccessPolicy) -> None:
        self.vault = vault
        self.access = access

    def register(self, person: Person) -> str:
        """Add a person; returns their id."""
        problems = people_rules.validate(person)
        if problems:
            raise InvalidInput(problems)
        person_id = uuid7()
        with self.vault.transaction():
            self.vault.append(person_id, ev.PERSON_REGISTERED, person.to_json())
            self.vault.audit(audit.RECORD_CREATED, person_id, {"type": "person"})
        return person_id

    def update(self, person_id: str, person: Person) -> None:
        self.access.require_person(person_id)
        problems = people_rules.validate(person)
        if problems:
            raise InvalidInput(problems)
        with self.vault.transaction():
            self.vault.append(person_id, ev.PERSON_UPDATED, person.to_json())
            self.vault.audit(audit.RECORD_CHANGED, person_id, {"type": "person"})

    def get(self, person_id: str) -> PersonRecord:
        self.access.require_person(person_id)
        row = self.vault.read_one(
            "SELECT p.data, p.registered_by, p.registered_at, p.updated_at, "
            "COALESCE(h.needs_review, 0), p.display_name FROM people p "
            "LEFT JOIN record_heads h ON h.record_id = p.id WHERE p.id = ?",
            (person_id,),
        )
        if row is None:
            raise NotFound("person")
        return PersonRecord(person_id, Person.from_json(json.loads(row[0])), row[1], row[2],
                            row[3], bool(row[4]), str(row[5]))

    def list(self, limit: int = 500, offset: int = 0) -> builtins.list[PersonSummary]:
        """People the user may read, by name, with their open and overdue task counts."""
        cond, params = self.access.person_filter("id")
        now = ev.iso(ev.now_utc())
        # The page's ids come from people_name_nocase in order (no sort of the whole table),
        # and the task counts are worked out for those rows only: the cost is the page's.
        rows = self.vault.read(
            "SELECT p.id, p.display_name, p.date_of_birth, p.estimated_age, p.age_disputed, "
            f"{_TASK_COUNTS} FROM ("
            f"  SELECT id FROM people INDEXED BY people_name_nocase WHERE {cond} "
            "  ORDER BY display_name COLLATE NOCASE, id LIMIT ? OFFSET ?"
            ") AS page JOIN people p ON p.id = page.id "
            "ORDER BY p.display_name COLLATE NOCASE, p.id",
            (now, *params, limit, offset),
        )
        return [PersonSummary(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]

    def count(self) -> int:
        cond, params = self.access.person_filter("id")
        return int(self.vault.read_one(f"SELECT count(*) FROM people WHERE {cond}", params)[0])

    def summaries(self, ids: builtins.list[str]) -> builtins.list[PersonSummary]:
        """Summaries for these ids, in the given order, skipping any the user may not read."""
        if not ids:
            return []
        by_id = {s.id: s for s in self._summaries_for(ids)}
        return [by_id[i] for i in ids if i in by_id]

    def _summaries_for(self, ids: builtins.list[str]) -> builtins.list[PersonSummary]:
        cond, params = self.access.person_filter("p.id")
        marks = ",".join("?" * len(ids))
        now = ev.iso(ev.now_utc())
        rows = self.vault.read(
            "SELECT p.id, p.display_name, p.date_of_birth, p.estimated_age, p.age_disputed, "
            f"{_TASK_COUNTS} "
            f"FROM people p WHERE p.id IN ({marks}) AND {cond}",
            (now, *ids, *params),
        )
        return [PersonSummary(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]

    def share(self, person_id: str, username: str) -> None:
        """Let a colleague read this person's records. Leads, or the staff member who
        registered the person, may share."""
        self.access.require_person(person_id)
        registered_by = self.vault.read_one(
            "SELECT registered_by FROM people WHERE id = ?", (person_id,))[0]
        if not self.access.reads_all and registered_by != self.vault.user.username:
            raise NotAllowed("share a person you did not register")
        if self.vault.read_one("SELECT 1 FROM users WHERE username = ? AND active = 1",
                               (username,)) is None:
            raise NotFound("user")
        with self.vault.transaction():
            self.vault.append(person_id, ev.PERSON_SHARED, {"username": username})
            self.vault.audit(audit.RECORD_CHANGED, person_id, {"type": "share"})

    def chronology(self, person_id: str, filter_id: str = "all") -> builtins.list[ChronologyEntry]:
        """Everything recorded about a person, oldest first; opening it is audited."""
        self.access.require_person(person_id)
        kinds = CHRONOLOGY_FILTERS.get(filter_id, ())
        sql = ("SELECT event_id, record_id, kind, at, author, summary FROM chronology "
               "WHERE person_id = ?")
        params: tuple[str, ...] = (person_id,)
        if kinds:
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            params += kinds
        rows = self.vault.read(sql + " ORDER BY at, event_id", params)
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_VIEWED, person_id, {"type": "chronology"})
        return [ChronologyEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    def add_note(self, person_id: str, text: str) -> str:
        self.access.require_person(person_id)
        if not text.strip():
            raise InvalidInput(["note_required"])
        note_id = uuid7()
        with self.vault.transaction():
            self.vault.append(note_id, ev.NOTE_ADDED, {"person_id": person_id, "text": text})
            self.vault.audit(audit.RECORD_CREATED, note_id, {"type": "note"})
        return note_id
