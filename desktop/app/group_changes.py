"""Changing a group after it was received (issue 17): correcting the reception record, adding
a late arrival, correcting a member's name or year of birth.

Every change is one `group.amended` event of its own that names the group and says what
changed (from, to), who and why; a signed reception keeps its sealed original. A member added
is a person of their own with their own follow-up tasks; a member corrected is updated on
their own record too. All of it in one transaction, audited.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from desktop.app.intake import IntakeService
from desktop.content import jurisdictions
from desktop.domain import events as ev
from desktop.domain import groups as rules
from desktop.domain import people as people_rules
from desktop.domain.events import now_utc, uuid7
from desktop.domain.groups import MemberRow
from desktop.domain.people import Person
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotFound

# Reception fields an amendment may change (text fields; officers and belongings are lists).
RECEPTION_FIELDS = ("received_at", "place", "handed_over_by", "foreign_unit",
                    "receiving_unit", "interpreter", "witness", "notes")


def corrected_person(person: Person, row: MemberRow, place: str, today: Any) -> Person:
    """The member's record with what the group table says about them now; what the table does
    not hold (documents, aliases, notes written since) is kept."""
    fresh = row.to_person(place, today)
    return replace(person, given_names=fresh.given_names, family_name=fresh.family_name,
                   estimated_age=fresh.estimated_age, age_disputed=fresh.age_disputed,
                   sex=fresh.sex, languages=fresh.languages or person.languages,
                   interpreter_needed=fresh.interpreter_needed,
                   date_of_birth=None if fresh.estimated_age is not None
                   or fresh.age_disputed else person.date_of_birth)


class GroupChangeService:
    def __init__(self, intake: IntakeService) -> None:
        self.intake = intake
        self.vault = intake.vault
        self.access = intake.access

    def amend(self, group_id: str, reason: str, reception: dict[str, str] | None = None,
              add: list[MemberRow] | None = None,
              change: dict[str, MemberRow] | None = None) -> str:
        """Record a change to a group; returns the amendment's id. `reception` maps fields of
        RECEPTION_FIELDS to their new text, `add` are late arrivals, `change` maps a member's
        person id to their corrected row."""
        data = self.intake._require(group_id)
        add, change = list(add or []), dict(change or {})
        problems: list[str] = []
        if not reason.strip():
            problems.append("reason_required")
        old = data.get("reception", {})
        fields = {k: rules.nfc(v) for k, v in (reception or {}).items()}
        if set(fields) - set(RECEPTION_FIELDS):
            problems.append("field_invalid")
        diff = {k: {"from": old.get(k, ""), "to": v} for k, v in fields.items()
                if k in RECEPTION_FIELDS and v != old.get(k, "")}
        if any(not diff.get(k, {"to": "x"})["to"].strip()
               for k in ("place", "handed_over_by", "received_at")):
            problems.append("reception_field_required")
        members = {m["person_id"]: m for m in data.get("members", [])}
        if set(change) - set(members):
            problems.append("member_unknown")
        if not (diff or add or change) and not problems:
            problems.append("nothing_changed")
        if problems:
            raise InvalidInput(problems)
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        started = now_utc().astimezone(juris.timezone)
        today = started.date()
        place = str(fields.get("place", old.get("place", "")))
        changed: list[dict[str, Any]] = []
        updates: list[tuple[str, Person]] = []
        for person_id, row in change.items():
            self.access.require_person(person_id)
            if row.to_json() == members[person_id].get("row"):
                continue
            person = corrected_person(self.intake.people.get(person_id).person, row, place,
                                      today)
            if people_rules.validate(person):
                raise InvalidInput(people_rules.validate(person))
            updates.append((person_id, person))
            changed.append({"person_id": person_id, "from": members[person_id].get("row"),
                            "to": row.to_json(), "child": row.is_child(today)})
        next_n = max((int(m.get("n", 0)) for m in members.values()), default=0) + 1
        added = []
        new_people = []
        for n, row in enumerate(add, start=next_n):
            person = row.to_person(place, today)
            bad = people_rules.validate(person)
            if bad:
                raise InvalidInput(bad)
            adult = _adult_id(row, members)
            pid = uuid7()
            new_people.append((pid, person, row))
            added.append({"person_id": pid, "n": n, "child": row.is_child(today),
                          "adult_id": adult, "row": row.to_json()})
        if not (diff or added or changed):
            raise InvalidInput(["nothing_changed"])
        amendment_id = uuid7()
        with self.vault.transaction():
            for pid, person, _row in new_people:
                self.vault.append(pid, ev.PERSON_REGISTERED, person.to_json())
                self.vault.audit(audit.RECORD_CREATED, pid, {"type": "person"})
            for pid, person in updates:
                self.vault.append(pid, ev.PERSON_UPDATED, person.to_json())
                self.vault.audit(audit.RECORD_CHANGED, pid, {"type": "person"})
            self.vault.append(amendment_id, ev.GROUP_AMENDED, {
                "group_id": group_id, "reason": reason.strip(), "reception": diff,
                "members_added": added, "members_changed": changed})
            tasks = 0
            for (pid, _person, row), member in zip(new_people, added, strict=True):
                tasks += len(self.intake._member_tasks(juris, pid, amendment_id,
                                                       bool(member["child"]), row, started))
            self.vault.audit(audit.RECORD_CHANGED, group_id, {
                "type": "group.amended", "fields": sorted(diff), "added": len(added),
                "changed": len(changed), "tasks": tasks})
        return amendment_id

    def amendments(self, group_id: str) -> list[dict[str, Any]]:
        """The group's changes, oldest first: when, who, why and what."""
        data = self.intake._require(group_id)
        names = {r[0]: r[1] for r in self.vault.read(
            "SELECT p.id, p.display_name FROM group_members m JOIN people p "
            "ON p.id = m.person_id WHERE m.group_id = ?", (group_id,))}
        people = self.intake._display_names()
        out = []
        for a in data.get("amendments", []):
            out.append(dict(a, author=people.get(a["author"], a["author"]),
                            username=a["author"],
                            added_names=[names.get(p, "") for p in a["members_added"]],
                            changed_names=[names.get(p, "") for p in a["members_changed"]]))
        return out

    def member_row(self, group_id: str, person_id: str) -> MemberRow:
        self.intake._require(group_id)
        self.access.require_person(person_id)
        row = self.vault.read_one("SELECT row FROM group_members WHERE group_id = ? AND "
                                  "person_id = ?", (group_id, person_id))
        if row is None:
            raise NotFound("member")
        return MemberRow.from_json(json.loads(row[0]))


def _adult_id(row: MemberRow, members: dict[str, dict[str, Any]]) -> str | None:
    """The member a late-arriving child came with: their number in the list or their name."""
    ref = row.accompanies.strip()
    if not ref:
        return None
    for pid, m in members.items():
        name = str(m.get("row", {}).get("name", ""))
        if (ref.isdigit() and int(ref) == int(m.get("n", 0))) or \
                rules.nfc(name).casefold() == rules.nfc(ref).casefold():
            return pid
    raise InvalidInput(["accompanies_unknown"])
