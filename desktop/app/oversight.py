"""A lead's overview and referral outcomes (issue 18).

The overview answers "what needs me?": overdue and due-soon tasks, records needing review,
referrals nothing came back from, recent concerns, people nobody has touched for a while, and
concerns per month by category. Every number comes with the list behind it (capped at
LIST_LIMIT rows, except tasks, kept whole for the counts by person and by staff member; the
count is always exact). Leads and admins only: it reads everyone.
"""

from __future__ import annotations

import json
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from desktop.app.access import AccessPolicy
from desktop.app.htcds import HtcdsExport
from desktop.content import jurisdictions
from desktop.domain import events as ev
from desktop.domain.deadlines import NOW_GRACE, add_working_days
from desktop.domain.events import iso, now_utc, uuid7
from desktop.domain.periods import Period
from desktop.domain.referral_outcomes import (
    NRM_CONCLUSIVE_GROUNDS,
    NRM_REASONABLE_GROUNDS,
    RESPONSE_WAITS,
    validate_outcome,
)
from desktop.domain.report_data import Report
from desktop.domain.roles import reads_everything
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotAllowed, NotFound
from desktop.vault.store import Vault

LIST_LIMIT = 500
GROUP_LIMIT = 200
PERSON, STAFF = "person", "staff"
DRAFT_AGE = timedelta(days=1)
RECENT_DAYS = 14
CHART_MONTHS = 12

# The keys of the overview's lists, in the order the page shows them.
OVERDUE, DUE_SOON = "overdue", "due_soon"
FORKS, OLD_DRAFTS = "forks", "old_drafts"
DISCLOSURES_UNREFERRED, NO_OUTCOME, NO_OUTCOME_LATE = (
    "disclosures_unreferred", "no_outcome", "no_outcome_late")
AWAITING_CONCLUSIVE = "awaiting_conclusive"  # NRM: reasonable grounds, no conclusive yet
RECENT_CONCERNS, INACTIVE = "recent_concerns", "inactive"
KEYS = (OVERDUE, DUE_SOON, FORKS, OLD_DRAFTS, DISCLOSURES_UNREFERRED, NO_OUTCOME,
        NO_OUTCOME_LATE, AWAITING_CONCLUSIVE, RECENT_CONCERNS, INACTIVE)
# Lists whose rows are referrals: an outcome can be recorded from them.
REFERRAL_KEYS = (NO_OUTCOME, NO_OUTCOME_LATE, AWAITING_CONCLUSIVE)


@dataclass(frozen=True)
class Item:
    """One row behind a number. `what` is our wording ({lang: text}) or a code; never
    narrative, so the overview can be shown on a shared screen."""

    person_id: str
    person_name: str
    what: dict[str, str]
    at: str
    staff: str = ""  # user name of who recorded it, or whose draft it is
    record_id: str = ""


@dataclass
class Overview:
    counts: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[Item]] = field(default_factory=dict)
    # month "YYYY-MM" -> category -> concerns
    per_month: dict[str, dict[str, int]] = field(default_factory=dict)
    staff_names: dict[str, str] = field(default_factory=dict)
    inactive_days: int = 90
    response_days: int = 3
    # Open tasks counted by person and by staff member: PERSON or STAFF -> rows of (person id
    # or user name, name, overdue, due soon), most overdue first, at most GROUP_LIMIT.
    task_groups: dict[str, list[tuple[str, str, int, int]]] = field(default_factory=dict)


# No run of public holidays is this long (Tết is the longest, about nine days): a reply due
# longer ago than this with weekends alone counted is late whatever the holidays.
HOLIDAY_SPAN = timedelta(days=31)


class _LateCheck:
    """Is a referral's reply overdue? Holidays only ever push a deadline later, so most
    referrals are decided with weekends alone, and the holiday calendar (a 0.3-0.4 s import
    the first time) is loaded only for a reply due within the last month."""

    def __init__(self, juris: jurisdictions.Jurisdiction, days: int, now: datetime) -> None:
        self.juris, self.days, self.now = juris, days, now
        self._holidays: Container[date] | None = None

    def late(self, made: datetime) -> bool:
        weekends_only = add_working_days(made, self.days, ())
        if weekends_only > self.now:
            return False
        if self.now - weekends_only > HOLIDAY_SPAN:
            return True
        if self._holidays is None:
            # Only replies due within the last month get here: this year and last suffice.
            self._holidays = self.juris.holidays(range(self.now.year - 1, self.now.year + 1))
        return add_working_days(made, self.days, self._holidays) <= self.now


def _months_back(today: date, n: int) -> list[str]:
    out, year, month = [], today.year, today.month
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


class OversightService:
    def __init__(self, vault: Vault, access: AccessPolicy) -> None:
        self.vault = vault
        self.access = access

    def _require_lead(self, what: str) -> None:
        if not reads_everything(self.vault.user.role):
            raise NotAllowed(what)

    # --- referral outcomes -----------------------------------------------------------------
    def record_outcome(self, referral_id: str, outcome: str,
                       decided_on: date | None = None) -> str:
        """Record what the receiving agency did. The referral stays sealed: the outcome is its
        own record pointing at it. Anyone who may read the person may record it."""
        row = self.vault.read_one("SELECT person_id FROM referrals WHERE id = ?",
                                  (referral_id,))
        if row is None:
            raise NotFound("referral")
        self.access.require_person(row[0])
        problems = validate_outcome(outcome)
        if decided_on is not None and decided_on > now_utc().date():
            problems.append("decided_on_future")
        if problems:
            raise InvalidInput(problems)
        outcome_id = uuid7()
        with self.vault.transaction():
            self.vault.append(outcome_id, ev.REFERRAL_OUTCOME, {
                "referral_id": referral_id, "person_id": row[0], "outcome": outcome,
                "decided_on": decided_on.isoformat() if decided_on else None})
            self.vault.audit(audit.RECORD_CREATED, outcome_id,
                             {"type": ev.REFERRAL_OUTCOME, "referral": referral_id})
        return outcome_id

    def outcomes(self, referral_id: str) -> list[tuple[str, str | None, str, str]]:
        """(outcome, decided_on, recorded_by, recorded_at) for one referral, oldest first."""
        row = self.vault.read_one("SELECT person_id FROM referrals WHERE id = ?",
                                  (referral_id,))
        if row is None:
            raise NotFound("referral")
        self.access.require_person(row[0])
        return [(r[0], r[1], r[2], r[3]) for r in self.vault.read(
            "SELECT outcome, decided_on, recorded_by, recorded_at FROM referral_outcomes "
            "WHERE referral_id = ? ORDER BY recorded_at, id", (referral_id,))]

    # --- reports and exports (one entry point for both faces) -------------------------------
    def report(self, period: Period) -> Report:
        """The periodic report for `period`, counted and suppressed (see app/reports.py)."""
        from desktop.app.reports import ReportService

        return ReportService(self.vault).build(period)

    def htcds(self, k: int | None = 5) -> HtcdsExport:
        """The anonymised HTCDS-shaped export (see app/htcds.py)."""
        from desktop.app.htcds import HtcdsService

        return HtcdsService(self.vault).export(k)

    # --- the overview ----------------------------------------------------------------------
    def overview(self, now: datetime | None = None, inactive_days: int = 90) -> Overview:
        """Everything a lead's overview page shows."""
        self._require_lead("see the lead's overview (a lead or admin can)")
        now = now or now_utc()
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        wait = RESPONSE_WAITS.get(juris.id, RESPONSE_WAITS["england"])
        out = Overview(inactive_days=inactive_days, response_days=wait.working_days)
        out.staff_names = {r[0]: r[1] for r in self.vault.read(
            "SELECT username, display_name FROM users")}

        def put(key: str, items: list[Item], count: int | None = None) -> None:
            out.counts[key] = len(items) if count is None else count
            out.items[key] = items[:LIST_LIMIT]

        # Grouped on the covering index (person_id, at), names joined after: grouping the join
        # took 1 s at 10,000 people, this 15-30 ms. It runs first: later in the call, with
        # the page cache full of other tables, the same scan measured 1 s again.
        put(INACTIVE, [Item(r[0], r[1], {"en": "", "vi": ""}, r[2]) for r in self.vault.read(
            "SELECT p.id, p.display_name, x.last FROM (SELECT person_id, MAX(at) AS last "
            "FROM chronology GROUP BY person_id HAVING last < ?) x "
            "JOIN people p ON p.id = x.person_id ORDER BY x.last",
            (iso(now - timedelta(days=inactive_days)),))])

        # Tasks: overdue and due within a day. The task's staff member is who recorded the
        # record that created it (tasks are assigned to a role, not a person). Counted and
        # grouped in SQL, and only the rows a list can show are read: the demo vault's 7,249
        # open tasks, each read and its title parsed, took 90-170 ms of every overview.
        # A task due "at once" reads "now", not late, for NOW_GRACE (domain/deadlines.py):
        # overdue means due before that grace began.
        now_iso, horizon = iso(now - NOW_GRACE), iso(now + timedelta(hours=24))
        overdue_n, soon_n = self.vault.read_one(
            "SELECT coalesce(SUM(due <= ?), 0), coalesce(SUM(due > ?), 0) FROM tasks "
            "WHERE done_at IS NULL AND due <= ?", (now_iso, now_iso, horizon))
        put(OVERDUE, self._tasks("t.due <= ?", (now_iso,)), int(overdue_n))
        put(DUE_SOON, self._tasks("t.due > ? AND t.due <= ?", (now_iso, horizon)), int(soon_n))
        for group, column, name in ((PERSON, "person_id", "p.display_name"),
                                    (STAFF, "created_by", "coalesce(u.display_name, x.k)")):
            out.task_groups[group] = [(r[0], r[1], int(r[2]), int(r[3])) for r in self.vault.read(
                f"SELECT x.k, {name}, x.o, x.s FROM (SELECT {column} AS k, SUM(due <= ?) AS o, "
                "SUM(due > ?) AS s FROM tasks WHERE done_at IS NULL AND due <= ? "
                "GROUP BY k ORDER BY o DESC, s DESC LIMIT ?) x "
                "LEFT JOIN people p ON p.id = x.k LEFT JOIN users u ON u.username = x.k "
                f"ORDER BY x.o DESC, x.s DESC, {name}",
                (now_iso, now_iso, horizon, GROUP_LIMIT))]

        put(FORKS, [Item(r[2] or "", r[3] or "", {"en": r[1], "vi": r[1]}, "", "", r[0])
                    for r in self.vault.read(
            "SELECT h.record_id, h.record_type, h.person_id, p.display_name "
            "FROM record_heads h LEFT JOIN people p ON p.id = h.person_id "
            "WHERE h.needs_review = 1 ORDER BY p.display_name")])

        # Drafts are their author's private working state: the lead sees whose and what kind,
        # never the content.
        put(OLD_DRAFTS, [Item(r[2] or "", r[3] or "", {"en": r[1], "vi": r[1]}, r[4], r[0])
                         for r in self.vault.read(
            "SELECT d.username, d.kind, p.id, p.display_name, d.updated_at FROM drafts d "
            "LEFT JOIN people p ON p.id = d.ref WHERE d.updated_at < ? "
            "ORDER BY d.updated_at", (iso(now - DRAFT_AGE),))])

        put(DISCLOSURES_UNREFERRED, [Item(r[1], r[2], {"en": "Disclosure", "vi": "Lời kể"},
                                          r[3], r[4], r[0]) for r in self.vault.read(
            "SELECT d.id, d.person_id, p.display_name, d.sealed_at, d.sealed_by "
            "FROM disclosures d JOIN people p ON p.id = d.person_id "
            "WHERE NOT EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = d.person_id "
            "AND r.made_at >= d.sealed_at) ORDER BY d.sealed_at")])

        late_check = _LateCheck(juris, wait.working_days, now)
        pending: list[Item] = []
        late: list[Item] = []
        for r in self.vault.read(
                "SELECT r.id, r.person_id, p.display_name, r.made_at, r.made_by, r.data "
                "FROM referrals r JOIN people p ON p.id = r.person_id "
                "WHERE NOT EXISTS (SELECT 1 FROM referral_outcomes o "
                "WHERE o.referral_id = r.id) ORDER BY r.made_at"):
            title = json.loads(r[5]).get("form_title") or {}
            item = Item(r[1], r[2], {k: str(v) for k, v in title.items()} or
                        {"en": "Referral", "vi": "Chuyển hồ sơ"}, r[3], r[4], r[0])
            pending.append(item)
            if late_check.late(datetime.fromisoformat(r[3]).astimezone(juris.timezone)):
                late.append(item)
        put(NO_OUTCOME, pending)
        put(NO_OUTCOME_LATE, late)
        # An NRM reasonable grounds decision is followed, often months later, by a conclusive
        # grounds decision: those referrals stay open until it is recorded.
        put(AWAITING_CONCLUSIVE, [Item(r[1], r[2], {"en": "NRM", "vi": "NRM"}, r[3], r[4], r[0])
                                  for r in self.vault.read(
            "SELECT r.id, r.person_id, p.display_name, o.recorded_at, r.made_by "
            "FROM referrals r JOIN people p ON p.id = r.person_id "
            "JOIN referral_outcomes o ON o.referral_id = r.id AND o.outcome = ? "
            "WHERE NOT EXISTS (SELECT 1 FROM referral_outcomes c WHERE c.referral_id = r.id "
            "AND c.outcome = ?) ORDER BY o.recorded_at",
            (NRM_REASONABLE_GROUNDS, NRM_CONCLUSIVE_GROUNDS))])

        # Counted in SQL; only the rows a list can show are read and parsed.
        since = iso(now - timedelta(days=RECENT_DAYS))
        recent = self.vault.read_one("SELECT count(*) FROM concerns WHERE recorded_at >= ?",
                                     (since,))[0]
        put(RECENT_CONCERNS, [self._concern_item(r) for r in self.vault.read(
            "SELECT c.id, c.person_id, p.display_name, c.occurred_at, c.recorded_by, c.data "
            "FROM concerns c JOIN people p ON p.id = c.person_id WHERE c.recorded_at >= ? "
            "ORDER BY c.recorded_at DESC LIMIT ?", (since, LIST_LIMIT))], int(recent))


        months = _months_back(now.astimezone(juris.timezone).date(), CHART_MONTHS)
        out.per_month = {m: {} for m in months}
        # Counted by SQLite (json_each over the categories): a dozen rows back, not every
        # concern's text parsed in Python.
        for month, cat, n in self.vault.read(
                "SELECT substr(c.occurred_at, 1, 7) AS m, j.value, count(*) FROM concerns c, "
                "json_each(c.data, '$.categories') j WHERE c.occurred_at >= ? GROUP BY m, j.value",
                (months[0] + "-01",)):
            if month in out.per_month:
                out.per_month[month][str(cat)] = int(n)
        return out

    def _tasks(self, where: str, params: tuple[str, ...], extra: str = "",
               more: tuple[str, ...] = ()) -> list[Item]:
        return [Item(r[1], r[2], json.loads(r[3]), r[4], r[5], r[0]) for r in self.vault.read(
            "SELECT t.id, t.person_id, p.display_name, t.title, t.due, t.created_by "
            f"FROM tasks t JOIN people p ON p.id = t.person_id WHERE t.done_at IS NULL AND "
            f"{where}{extra} ORDER BY t.due, t.id LIMIT ?", (*params, *more, LIST_LIMIT))]

    def open_tasks(self, key: str, group: str, value: str,
                   now: datetime | None = None) -> list[Item]:
        """The overdue (OVERDUE) or due-soon (DUE_SOON) tasks of one person (PERSON) or one
        staff member (STAFF): the list behind a count in the overview's tables."""
        self._require_lead("see the lead's overview (a lead or admin can)")
        now = now or now_utc()
        now_iso, horizon = iso(now - NOW_GRACE), iso(now + timedelta(hours=24))
        where, params = (("t.due <= ?", (now_iso,)) if key == OVERDUE else
                         ("t.due > ? AND t.due <= ?", (now_iso, horizon)))
        column = "t.person_id" if group == PERSON else "t.created_by"
        return self._tasks(where, params, f" AND {column} = ?", (value,))

    @staticmethod
    def _concern_item(r: list[str]) -> Item:
        cats = ", ".join(json.loads(r[5]).get("categories", []))
        return Item(r[1], r[2], {"en": cats, "vi": cats}, r[3], r[4], r[0])
