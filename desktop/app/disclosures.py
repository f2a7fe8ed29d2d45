"""Disclosure records (issue 4): drafted as the staff member types, sealed once, amended only.

Sealing runs the wording coach over the whole record and keeps what it flagged with the
record, so the history shows what the author was told at the time. The coach never blocks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.app.access import AccessPolicy
from desktop.app.drafts import discard_mine
from desktop.app.people import PeopleService
from desktop.app.tasks import append_planned, without_open_needs
from desktop.content import coach, jurisdictions
from desktop.domain import disclosures as rules
from desktop.domain import events as ev
from desktop.domain import tasks as task_rules
from desktop.domain.disclosures import Disclosure
from desktop.domain.events import iso, now_utc, uuid7
from desktop.domain.people import is_child
from desktop.domain.roles import reads_everything
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotFound
from desktop.vault.store import Vault

DRAFT_KIND = "disclosure"
QUESTION_CONCERNS = ("closed", "forced_choice", "leading", "multiple")
NOTE_FIELDS = ("observed", "opinion", "actions", "demeanour")


@dataclass(frozen=True)
class SealedDisclosure:
    disclosure_id: str
    content_hash: str
    task_ids: tuple[str, ...]
    flags: tuple[dict[str, Any], ...]


def coach_flags(record: dict[str, Any]) -> list[dict[str, Any]]:
    """What the coach flags in a record: staff turns that are not open questions or that
    promise secrecy, and blaming words in the staff member's own fields."""
    lang = str(record.get("language", "en"))
    found: list[dict[str, Any]] = []
    heard: list[str] = []
    for n, turn in enumerate(record.get("turns", [])):
        text = str(turn.get("text", ""))
        if turn.get("speaker") == "person":
            heard.append(text)
            continue
        if not text.strip():
            continue
        result = coach.classify(text, lang, heard=" ".join(heard))
        codes = [c for c in result.codes if c in QUESTION_CONCERNS or c in result.flags]
        for code in dict.fromkeys(codes):
            found.append({"turn": n, "code": code, "text": text,
                          "suggestion": result.suggestion or ""})
    for name in NOTE_FIELDS:
        for flag in coach.check_note(str(record.get(name, "")), lang):
            found.append({"field": name, "code": flag.code, "text": flag.matched,
                          "suggestion": flag.suggestion})
    return found


class DisclosureService:
    def __init__(self, vault: Vault, access: AccessPolicy, people: PeopleService) -> None:
        self.vault = vault
        self.access = access
        self.people = people

    def seal(self, disclosure: Disclosure, draft_id: str | None = None) -> SealedDisclosure:
        """Sign and seal: content hash, author and time; the coach's flags kept with it; the
        jurisdiction's follow-up tasks created; the draft removed, all in one transaction."""
        problems = rules.validate(disclosure)
        if problems:
            raise InvalidInput(problems)
        person = self.people.get(disclosure.person_id).person
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        started = now_utc().astimezone(juris.timezone)
        record = disclosure.record_json()
        digest = rules.content_hash(record)
        flags = coach_flags(record)
        facts = task_rules.ConcernFacts(
            immediate_risk=disclosure.immediate_risk,
            looked_after=person.location_kind == "placement",
            child=is_child(person, started.date()),
            categories=disclosure.categories,
            reporter_is_lead=reads_everything(self.vault.user.role),
        )
        planned = task_rules.plan(juris.task_rules, facts, started,
                                  juris.holidays_around(started.date()))
        planned = without_open_needs(self.vault, disclosure.person_id, planned,
                                     juris.task_rules)
        disclosure_id = uuid7()
        with self.vault.transaction():
            self.vault.append(disclosure_id, ev.DISCLOSURE_SEALED, {
                "person_id": disclosure.person_id, "record": record, "content_hash": digest,
                "flags_at_sealing": flags})
            task_ids = append_planned(self.vault, disclosure.person_id, disclosure_id,
                                      planned)
            dsl_told = disclosure.dsl_told_at
            for task_id, task in zip(task_ids, planned, strict=True):
                if task.rule_id == "tell_dsl" and dsl_told is not None:
                    # Already done, and recorded in the disclosure: say so, with the time.
                    self.vault.append(task_id, ev.TASK_DONE, {
                        "note": f"DSL told at {iso(dsl_told)} (in the disclosure record)"})
            self.vault.audit(audit.RECORD_CREATED, disclosure_id,
                             {"type": "disclosure", "tasks": len(task_ids)})
            discard_mine(self.vault, draft_id)
        return SealedDisclosure(disclosure_id, digest, tuple(task_ids), tuple(flags))

    def get(self, disclosure_id: str) -> dict[str, Any]:
        """The sealed record with its hash, author, time, flags at sealing and amendments."""
        row = self.vault.read_one(
            "SELECT person_id, data, content_hash, sealed_by, sealed_at FROM disclosures "
            "WHERE id = ?", (disclosure_id,))
        if row is None:
            raise NotFound("disclosure")
        self.access.require_person(row[0])
        data: dict[str, Any] = json.loads(row[1])
        data.update({"id": disclosure_id, "content_hash": row[2], "sealed_by": row[3],
                     "sealed_at": row[4],
                     "hash_ok": rules.content_hash(data["record"]) == row[2]})
        data["amendments"] = [
            {"at": r[0], "author": r[1], "reason": r[2], "text": r[3]}
            for r in self.vault.read("SELECT at, author, reason, text FROM amendments "
                                     "WHERE record_id = ? ORDER BY event_id", (disclosure_id,))]
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_VIEWED, disclosure_id, {"type": "disclosure"})
        return data

    def for_person(self, person_id: str) -> list[dict[str, Any]]:
        self.access.require_person(person_id)
        return [{"id": r[0], "sealed_by": r[1], "sealed_at": r[2],
                 "when": r[3]} for r in self.vault.read(
                     "SELECT id, sealed_by, sealed_at, json_extract(data, '$.record.when') "
                     "FROM disclosures WHERE person_id = ? ORDER BY sealed_at DESC",
                     (person_id,))]
