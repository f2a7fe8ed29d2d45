"""Follow-up tasks a concern creates, from a jurisdiction's rules (data, not code)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desktop.domain.deadlines import add_working_days, is_working_day

CONDITIONS = ("always", "immediate_risk", "looked_after", "child", "trafficking",
              "lead_not_told")
# How the person reached the service, where a jurisdiction has several routes (Viet Nam):
# `route_border_handback` holds when the concern's route is border_handback, and so on.
ROUTE_CONDITION = "route_"


@dataclass(frozen=True)
class TaskRule:
    id: str
    title: dict[str, str]
    when: tuple[str, ...]
    at_once: bool = False
    working_days: int | None = None
    days: int | None = None
    assignee_role: str = "lead"
    source: str = ""
    # A period in days whose last day is a weekend or public holiday ends on the next working
    # day (Viet Nam: Bộ luật Dân sự 2015, Điều 148 khoản 5).
    roll_to_working_day: bool = False
    # A need of the person, not of one concern (receiving a hand-back, the initial
    # verification): not created again while the person has it open (issue 17).
    once_per_person: bool = False

    @staticmethod
    def from_json(data: dict[str, Any]) -> TaskRule:
        due = data.get("due", {})
        when = data.get("when", "always")
        return TaskRule(
            id=str(data["id"]),
            title={str(k): str(v) for k, v in data["title"].items()},
            when=tuple(when) if isinstance(when, list) else (str(when),),
            at_once=bool(due.get("at_once", False)),
            working_days=due.get("working_days"),
            days=due.get("days"),
            assignee_role=str(data.get("assignee_role", "lead")),
            source=str(data.get("source", "")),
            roll_to_working_day=bool(due.get("roll_to_working_day", False)),
            once_per_person=bool(data.get("once_per_person", False)),
        )


@dataclass(frozen=True)
class ConcernFacts:
    """What the task rules look at."""

    immediate_risk: bool
    looked_after: bool
    child: bool
    categories: tuple[str, ...]
    reporter_is_lead: bool = False  # a DSL / lead is not asked to tell herself
    lead_told: bool = False  # the record says the lead has already been told
    route: str | None = None  # self_referral | border_handback | rescue (Viet Nam)


@dataclass(frozen=True)
class PlannedTask:
    rule_id: str
    title: dict[str, str]
    due: datetime
    assignee_role: str
    source: str


def applies(rule: TaskRule, facts: ConcernFacts) -> bool:
    """A rule applies when all of its conditions hold."""
    checks = {
        "always": True,
        "immediate_risk": facts.immediate_risk,
        "looked_after": facts.looked_after,
        "child": facts.child,
        "trafficking": "trafficking" in facts.categories,
        "lead_not_told": not (facts.reporter_is_lead or facts.lead_told),
    }
    return all(checks.get(cond, False) if not cond.startswith(ROUTE_CONDITION)
               else facts.route == cond.removeprefix(ROUTE_CONDITION) for cond in rule.when)


def due_for(rule: TaskRule, start: datetime, holidays: Container[date]) -> datetime:
    if rule.at_once:
        return start
    if rule.working_days is not None:
        return add_working_days(start, int(rule.working_days), holidays)
    if rule.days is not None:
        due = start + timedelta(days=int(rule.days))
        if rule.roll_to_working_day:
            while not is_working_day(due.date(), holidays):
                due += timedelta(days=1)
        return due
    return start


def plan(
    rules: tuple[TaskRule, ...], facts: ConcernFacts, start: datetime, holidays: Container[date]
) -> list[PlannedTask]:
    """The tasks a concern recorded at `start` (local time of the jurisdiction) must create."""
    return [
        PlannedTask(r.id, r.title, due_for(r, start, holidays), r.assignee_role, r.source)
        for r in rules
        if applies(r, facts)
    ]
