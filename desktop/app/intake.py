"""Group intake at a border hand-back (issue 17).

A group is received in one transaction: every member registered as a person of their own,
the group record naming them, and each member's follow-up tasks from the jurisdiction's
pathway. Either all of it is written or none of it is.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from desktop.app.access import AccessPolicy
from desktop.app.people import PeopleService
from desktop.app.tasks import append_planned
from desktop.content import jurisdictions
from desktop.domain import events as ev
from desktop.domain import groups as rules
from desktop.domain import people as people_rules
from desktop.domain import tasks as task_rules
from desktop.domain.events import now_utc, uuid7
from desktop.domain.groups import MemberRow, Reception, RowProblem
from desktop.domain.people import Person, is_child
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotAllowed, NotFound
from desktop.vault.store import Vault

DRAFT_KIND = "group_intake"
# A group at a border gate is handed back by the foreign side (seed 003 Điều 6.3, 7.1).
HANDBACK = "border_handback"
REQUIRED_COLUMNS = ("name", "sex", "birth_year", "ethnicity")
# Column names a list may use, in English or Vietnamese, for each field.
COLUMN_ALIASES = {
    "họ và tên": "name", "họ tên": "name", "tên": "name", "giới tính": "sex",
    "năm sinh": "birth_year", "dân tộc": "ethnicity", "quê quán": "home_town",
    "ngôn ngữ": "languages", "phiên dịch": "interpreter", "đi cùng": "accompanies",
    "giấy tờ": "documents", "nhu cầu": "needs", "tuổi": "age",
}


def needs_task(start: datetime) -> task_rules.PlannedTask:
    """A member with immediate needs noted at reception (medical care, food, clothes): see to
    them at once. The title names no one and repeats nothing of what was noted."""
    return task_rules.PlannedTask(
        rule_id="immediate_needs", due=start, assignee_role="staff",
        source="Luật 53/2024/QH15, Điều 30 (hỗ trợ nhu cầu thiết yếu, chăm sóc y tế)",
        title={"en": "See to the immediate needs noted at reception (medical care, food, "
                     "clothing)",
               "vi": "Đáp ứng ngay nhu cầu cấp thiết đã ghi khi tiếp nhận (chăm sóc y tế, "
                     "ăn uống, quần áo)"})


@dataclass(frozen=True)
class BadRow:
    line: int  # the line in the file (1 is the header), or the row in the table
    column: str
    code: str

    def message(self) -> str:
        return f"line {self.line}: {self.column}: {self.code}"


class BadRows(InvalidInput):
    """Rows that cannot be read; nothing was written."""

    def __init__(self, rows: list[BadRow]) -> None:
        super().__init__([r.message() for r in rows])
        self.rows = rows


@dataclass(frozen=True)
class ReceivedGroup:
    group_id: str
    person_ids: tuple[str, ...]
    task_ids: tuple[str, ...]


@dataclass(frozen=True)
class MemberStatus:
    person_id: str
    n: int
    name: str
    child: bool
    adult_id: str | None
    state: str  # received | screened | handed_over
    outcome: str | None  # the latest assessment's level
    open_tasks: int
    row: dict[str, Any]


@dataclass(frozen=True)
class GroupSummary:
    id: str
    received_at: str
    place: str
    members: int
    handed_over: int
    signed_at: str | None
    closed_at: str | None


def read_csv(text: str, today: date) -> list[MemberRow]:
    """Members from a CSV list (UTF-8 text, with a header). Raises BadRows naming every bad
    line and why."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise BadRows([BadRow(1, "header", "empty_file")]) from None
    columns = [COLUMN_ALIASES.get(rules.nfc(h).casefold(), rules.nfc(h).casefold())
               for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise BadRows([BadRow(1, c, "column_missing") for c in missing])
    rows: list[MemberRow] = []
    lines: list[int] = []
    bad: list[BadRow] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            bad.append(BadRow(line, "row", "too_many_values"))
            continue
        try:
            rows.append(rules.parse_row(dict(zip(columns, values, strict=False)), today))
            lines.append(line)
        except RowProblem as problem:
            bad.append(BadRow(line, problem.column, problem.code))
    if not rows and not bad:
        bad.append(BadRow(2, "row", "no_members"))
    try:
        rules.resolve_adults(rows)
    except RowProblem as problem:
        bad.append(BadRow(lines[int(problem.column)], "accompanies", problem.code))
    if bad:
        raise BadRows(sorted(bad, key=lambda b: b.line))
    return rows


class IntakeService:
    def __init__(self, vault: Vault, access: AccessPolicy, people: PeopleService) -> None:
        self.vault = vault
        self.access = access
        self.people = people

    def receive(self, reception: Reception, rows: list[MemberRow],
                draft_id: str | None = None) -> ReceivedGroup:
        """Register every member, the group and each member's tasks, in one transaction."""
        problems = rules.validate_reception(reception)
        if problems:
            raise InvalidInput(problems)
        if not rows:
            raise InvalidInput(["members_required"])
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        started = now_utc().astimezone(juris.timezone)
        today = started.date()
        # The forms print times as recorded: keep the reception's time in local time.
        try:
            at = ev.parse_iso(reception.received_at)
        except ValueError:
            raise InvalidInput(["received_at_invalid"]) from None
        if at.tzinfo is None:
            at = at.replace(tzinfo=juris.timezone)
        reception = replace(reception, received_at=at.astimezone(juris.timezone).isoformat(
            timespec="seconds"))
        bad: list[BadRow] = []
        people = []
        for n, row in enumerate(rows, start=1):
            person = row.to_person(reception.place, today)
            for code in people_rules.validate(person):
                bad.append(BadRow(n, "row", code))
            people.append(person)
        try:
            adults = rules.resolve_adults(rows)
        except RowProblem as problem:
            bad.append(BadRow(int(problem.column) + 1, "accompanies", problem.code))
            adults = []
        if bad:
            raise BadRows(bad)
        group_id = uuid7()
        person_ids = [uuid7() for _ in rows]
        members = [{"person_id": pid, "n": n, "child": row.is_child(today),
                    "adult_id": person_ids[a] if a is not None else None,
                    "row": row.to_json()}
                   for n, (pid, row, a) in enumerate(zip(person_ids, rows, adults,
                                                         strict=True), start=1)]
        task_ids: list[str] = []
        with self.vault.transaction():
            for pid, person in zip(person_ids, people, strict=True):
                self.vault.append(pid, ev.PERSON_REGISTERED, person.to_json())
                self.vault.audit(audit.RECORD_CREATED, pid, {"type": "person"})
            self.vault.append(group_id, ev.GROUP_RECEIVED,
                              {"reception": reception.to_json(), "members": members})
            for pid, member, row in zip(person_ids, members, rows, strict=True):
                task_ids += self._member_tasks(juris, pid, group_id, bool(member["child"]),
                                               row, started)
            self.vault.audit(audit.RECORD_CREATED, group_id,
                             {"type": "group", "members": len(rows), "tasks": len(task_ids)})
            if draft_id:
                self.vault.conn.execute("DELETE FROM drafts WHERE id = ? AND username = ?",
                                        (draft_id, self.vault.user.username))
        return ReceivedGroup(group_id, tuple(person_ids), tuple(task_ids))

    def _member_tasks(self, juris: jurisdictions.Jurisdiction, person_id: str, group_id: str,
                      child: bool, row: MemberRow, started: datetime) -> list[str]:
        """A member's own follow-up tasks, the ones a person handed back alone would get
        (the jurisdiction's rules for a hand-back at a border gate), each once: a need the
        member already has open is not asked for twice (in the caller's transaction)."""
        facts = task_rules.ConcernFacts(immediate_risk=False, looked_after=False, child=child,
                                        categories=("trafficking",),
                                        route=HANDBACK if HANDBACK in juris.assessment.routes
                                        else None)
        planned = task_rules.plan(juris.task_rules, facts, started,
                                  juris.holidays_around(started.date()))
        if row.needs:
            planned.append(needs_task(started))
        return append_planned(self.vault, person_id, group_id, planned, once_per_need=True)

    def _require(self, group_id: str) -> dict[str, Any]:
        row = self.vault.read_one("SELECT data FROM groups WHERE id = ?", (group_id,))
        if row is None:
            raise NotFound("group")
        if not self.access.reads_all and not self._visible_ids(group_id):
            raise NotAllowed("read this group")
        data: dict[str, Any] = json.loads(row[0])
        return data

    def _visible_ids(self, group_id: str) -> list[str]:
        cond, params = self.access.person_filter("m.person_id")
        return [r[0] for r in self.vault.read(
            f"SELECT m.person_id FROM group_members m WHERE m.group_id = ? AND {cond} "
            "ORDER BY m.n", (group_id, *params))]

    def groups(self) -> list[GroupSummary]:
        """Groups with at least one member the user may read, newest first."""
        cond, params = self.access.person_filter("m.person_id")
        rows = self.vault.read(
            "SELECT g.id, g.received_at, g.place, g.members, "
            "(SELECT count(*) FROM group_members h WHERE h.group_id = g.id "
            " AND h.handover_id IS NOT NULL), g.signed_at, g.closed_at FROM groups g "
            f"WHERE EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND {cond}) "
            "ORDER BY g.received_at DESC, g.id DESC", params)
        return [GroupSummary(*r) for r in rows]

    def get(self, group_id: str) -> dict[str, Any]:
        """The reception record, its signature and hand-overs; opening it is audited."""
        data = self._require(group_id)
        row = self.vault.read_one("SELECT signed_by, signed_at, content_hash, closed_at, "
                                  "received_by FROM groups WHERE id = ?", (group_id,))
        data.update({"id": group_id, "signed_by": row[0], "signed_at": row[1],
                     "content_hash": row[2], "closed_at": row[3], "received_by": row[4]})
        # The payload's own time (local to the jurisdiction) wins over the device time.
        data["handovers"] = [{"id": r[1], "at": r[2], "author": r[3]} | json.loads(r[0])
                             for r in self.vault.read(
                                 "SELECT data, id, at, author FROM group_handovers "
                                 "WHERE group_id = ? ORDER BY at, id", (group_id,))]
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_VIEWED, group_id, {"type": "group"})
        return data

    def members(self, group_id: str) -> list[MemberStatus]:
        """Each member the user may read, in list order, with where they stand."""
        self._require(group_id)
        cond, params = self.access.person_filter("m.person_id")
        rows = self.vault.read(
            "SELECT m.person_id, m.n, p.display_name, p.data, m.adult_id, m.handover_id, "
            "(SELECT a.level FROM assessments a WHERE a.person_id = m.person_id "
            " ORDER BY a.submitted_at DESC, a.id DESC LIMIT 1), "
            "(SELECT count(*) FROM disclosures d WHERE d.person_id = m.person_id), "
            "(SELECT count(*) FROM tasks t WHERE t.person_id = m.person_id "
            " AND +t.done_at IS NULL), m.row "
            "FROM group_members m JOIN people p ON p.id = m.person_id "
            f"WHERE m.group_id = ? AND {cond} ORDER BY m.n", (group_id, *params))
        today = date.today()
        return [MemberStatus(
            person_id=r[0], n=r[1], name=r[2],
            child=is_child(Person.from_json(json.loads(r[3])), today), adult_id=r[4],
            state=rules.member_state(r[6] is not None or r[7] > 0, r[5] is not None),
            outcome=r[6], open_tasks=r[8], row=json.loads(r[9])) for r in rows]

    def _display_names(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.vault.read("SELECT username, display_name FROM users")}

    def group_info(self, person_id: str) -> dict[str, Any] | None:
        """The group a person came in (id, place, time, their number, size), or None."""
        self.access.require_person(person_id)
        row = self.vault.read_one(
            "SELECT g.id, g.place, g.received_at, m.n, g.members FROM group_members m "
            "JOIN groups g ON g.id = m.group_id WHERE m.person_id = ?", (person_id,))
        if row is None:
            return None
        return {"id": row[0], "place": row[1], "received_at": row[2], "n": row[3],
                "members": row[4]}

    def group_of(self, person_id: str) -> str | None:
        row = self.vault.read_one("SELECT group_id FROM group_members WHERE person_id = ?",
                                  (person_id,))
        return str(row[0]) if row else None

    def sign(self, group_id: str) -> str:
        """Seal the reception record as it stands: its hash, the signer and the time. After
        this it can only be amended."""
        data = self._require(group_id)
        if self.vault.is_sealed(group_id):
            raise InvalidInput(["already_signed"])
        digest = rules.content_hash(data)
        with self.vault.transaction():
            self.vault.append(group_id, ev.GROUP_SIGNED, {"content_hash": digest})
            self.vault.audit(audit.RECORD_CHANGED, group_id, {"type": "group.signed"})
        return digest

    def hand_over(self, group_id: str, person_ids: list[str], to_unit: str,
                  officers: list[dict[str, str]] | None = None, place: str = "",
                  reason: str = "") -> str:
        """Hand members over to the next body (the whole group, or those going one way)."""
        self._require(group_id)
        if not to_unit.strip():
            raise InvalidInput(["to_unit_required"])
        waiting = {m.person_id for m in self.members(group_id) if m.state != "handed_over"}
        chosen = [p for p in person_ids if p in waiting]
        if not chosen:
            raise InvalidInput(["nobody_to_hand_over"])
        handover_id = uuid7()
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        with self.vault.transaction():
            self.vault.append(handover_id, ev.GROUP_HANDED_OVER, {
                "group_id": group_id, "person_ids": chosen, "to_unit": to_unit,
                "officers": officers or [], "place": place, "reason": reason,
                "at": now_utc().astimezone(juris.timezone).isoformat(timespec="seconds")})
            self.vault.audit(audit.RECORD_CREATED, handover_id,
                             {"type": "group.handed_over", "members": len(chosen)})
        return handover_id

    def form_context(self, group_id: str, handover_id: str | None = None) -> dict[str, Any]:
        """What the group forms print: the reception and its members, and a hand-over (the
        one named, else the latest, else every member as a hand-over to fill in by hand)."""
        data = self.get(group_id)
        rec = data["reception"]
        today = date.today()
        members = [_form_member(m, today) for m in self.members(group_id)]
        org = self.vault.meta("org_name") or ""
        names = {m["person_id"]: m["name"] for m in members}
        group = dict(rec, count=len(members), members=members,
                     amendments=[_form_amendment(a, names, self._display_names())
                                 for a in data.get("amendments", [])])
        handover: dict[str, Any] = {
            "from_unit": rec.get("receiving_unit") or org, "to_unit": "", "place": "",
            "at": None, "officials": rec.get("receiving_officers", []),
            "counterpart_officials": [], "reason": "", "members": members,
            "count": len(members)}
        chosen = [h for h in data["handovers"] if h["id"] == handover_id] if handover_id \
            else data["handovers"][-1:]
        if handover_id and not chosen:
            raise NotFound("hand-over")
        if chosen:
            h = chosen[0]
            ids = set(h.get("person_ids", []))
            handed = [m for m in members if m["person_id"] in ids]
            handover.update(to_unit=h.get("to_unit", ""), place=h.get("place", ""),
                            at=h.get("at"), counterpart_officials=h.get("officers", []),
                            reason=h.get("reason", ""), members=handed, count=len(handed))
        return {"org": {"name": org, "jurisdiction": self.vault.meta("jurisdiction") or "",
                        "place": rec.get("place", "")},
                "group": group, "handover": handover, "marking": None}


    def export_form(self, group_id: str, form_id: str, language: str,
                    handover_id: str | None = None, recipient: str = "",
                    password: str | None = None) -> bytes:
        """A group form as PDF bytes, audited before it is rendered (the order of every
        export: app/exports.py, whose path this is)."""
        from desktop.app import exports

        prepared = exports.prepare_group(self.vault, self, group_id, form_id, language,
                                         recipient, how="saved",
                                         encrypted=password is not None,
                                         handover_id=handover_id)
        return exports.render(prepared, password)


# The reception fields a change can name, as the forms print them.
FIELD_WORDS = {
    "received_at": {"vi": "Thời gian tiếp nhận", "en": "Time received"},
    "place": {"vi": "Địa điểm", "en": "Place"},
    "handed_over_by": {"vi": "Bên giao", "en": "Handing-over party"},
    "foreign_unit": {"vi": "Đơn vị bên giao", "en": "Handing-over unit"},
    "receiving_unit": {"vi": "Đơn vị tiếp nhận", "en": "Receiving unit"},
    "interpreter": {"vi": "Người phiên dịch", "en": "Interpreter"},
    "witness": {"vi": "Người chứng kiến", "en": "Witness"},
    "notes": {"vi": "Ghi chú", "en": "Notes"},
}


def _form_amendment(a: dict[str, Any], names: dict[str, str],
                    people: dict[str, str]) -> dict[str, Any]:
    """A change as the forms print it: when, who, why and what, in each form language."""
    out: dict[str, Any] = {"at": a.get("at"), "author": people.get(a.get("author", ""),
                                                                    a.get("author", "")),
                           "reason": a.get("reason", "")}
    for lang, added, fixed in (("vi", "Bổ sung", "Sửa thông tin"),
                               ("en", "Added", "Corrected")):
        what = [f"{FIELD_WORDS.get(k, {}).get(lang, k)}: {c.get('from', '')} → {c.get('to', '')}"
                for k, c in a.get("reception", {}).items()]
        what += [f"{added}: {names.get(p, '')}" for p in a.get("members_added", [])]
        what += [f"{fixed}: {names.get(p, '')}" for p in a.get("members_changed", [])]
        out[f"what_{lang}"] = "; ".join(what)
    return out


def _form_member(m: MemberStatus, today: date) -> dict[str, Any]:
    row = m.row
    if row.get("birth_year"):
        age_text = str(row["birth_year"])
    elif row.get("estimated_age") is not None:
        age_text = f"~{row['estimated_age']}"
    else:
        age_text = "?"
    if row.get("age_disputed") and age_text != "?":
        age_text += " (?)"  # an estimate, in dispute
    note = str(row.get("needs", ""))
    return {"person_id": m.person_id, "n": m.n, "name": m.name, "sex": row.get("sex"),
            "age_text": age_text, "ethnicity": row.get("ethnicity", ""),
            "home_town": row.get("home_town", ""), "child": m.child, "note": note,
            "state": m.state}
