"""Load a jurisdiction's pathways and holidays from resources/jurisdictions/*.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from desktop.domain.tasks import TaskRule
from desktop.resources import read_yaml, resource

if TYPE_CHECKING:
    import holidays as holidays_lib

JURISDICTIONS = ("england", "vietnam")


# The facts a pathway's `when` may test (desktop/content/checklists/outcome.py computes them).
PATHWAY_FACTS = ("level", "child", "trafficking", "exploitation", "looked_after",
                 "crime_suspected", "lead_told", "route")
REASONS = ("level", "trafficking", "exploitation")


@dataclass(frozen=True)
class Pathway:
    """Steps that follow from an assessment when every condition in `when` holds."""

    steps: tuple[str, ...]
    when: dict[str, Any]
    reasons: str  # "level", "trafficking" or "exploitation": which answers the steps cite
    source: str
    tasks: tuple[TaskRule, ...] = ()

    def applies(self, facts: Mapping[str, Any] | None = None, **kwargs: Any) -> bool:
        """True when every condition holds: a list is "one of", a boolean must match."""
        given = {**(facts or {}), **kwargs}
        for key, want in self.when.items():
            if key not in PATHWAY_FACTS:
                raise ValueError(f"unknown pathway condition: {key}")
            value = given.get(key)
            if isinstance(want, list):
                if value not in want:
                    return False
            elif isinstance(want, bool):
                if bool(value) is not want:
                    return False
            elif value != want:
                return False
        return True


@dataclass(frozen=True)
class AssessmentRules:
    strong_concern_count: int
    pathways: tuple[Pathway, ...]
    routes: tuple[str, ...] = ()  # ways a person reaches the service (Viet Nam), first = default


def _assessment_rules(data: dict[str, Any] | None) -> AssessmentRules:
    data = data or {}
    pathways = []
    for item in data.get("pathways", []):
        if item.get("reasons", "level") not in REASONS:
            raise ValueError(f"pathway reasons must be one of {REASONS}: {item}")
        unknown = set(item.get("when") or {}) - set(PATHWAY_FACTS)
        if unknown:
            raise ValueError(f"unknown pathway conditions {sorted(unknown)}: {item}")
        tasks = tuple(TaskRule.from_json({"source": item.get("source", ""), **t})
                      for t in item.get("tasks", []))
        pathways.append(Pathway(tuple(item["steps"]), dict(item.get("when") or {}),
                                str(item.get("reasons", "level")), str(item.get("source", "")),
                                tasks))
    return AssessmentRules(int(data.get("strong_concern_count", 3)), tuple(pathways),
                           tuple(str(r) for r in data.get("routes", [])))


@dataclass(frozen=True)
class Jurisdiction:
    id: str
    name: dict[str, str]
    timezone: ZoneInfo
    emergency_number: str
    holiday_country: str
    holiday_subdiv: str | None
    task_rules: tuple[TaskRule, ...]
    helplines: tuple[dict[str, Any], ...]
    outcome_steps: dict[str, dict[str, str]]
    assessment: AssessmentRules
    # What the screens offer in this jurisdiction, in order (empty: everything).
    concern_categories: tuple[str, ...] = ()
    told_options: tuple[str, ...] = ()
    checklists: tuple[str, ...] = ()

    def step_source(self, step_id: str) -> str:
        return self.outcome_steps.get(step_id, {}).get("source", "")

    def step_text(self, step_id: str, language: str) -> str:
        """An outcome step in `language` (English if missing), with the emergency number."""
        texts = self.outcome_steps[step_id]
        return (texts.get(language) or texts["en"]).format(emergency=self.emergency_number)

    def holidays(self, years: range) -> holidays_lib.HolidayBase:
        return _holidays(self.holiday_country, self.holiday_subdiv, years.start, years.stop)

    def holidays_around(self, day: date) -> holidays_lib.HolidayBase:
        """Holidays for the year of `day` and the next (a deadline may cross New Year)."""
        return self.holidays(range(day.year, day.year + 2))


@cache
def _holidays(country: str, subdiv: str | None, start: int, stop: int) -> holidays_lib.HolidayBase:
    # Building a calendar takes ~5 ms; every concern needs one. Treated as read-only.
    # Imported here, on the first deadline: the package costs ~0.1 s to import, which the
    # unlock screen and most commands never need.
    import holidays as holidays_lib

    return holidays_lib.country_holidays(country, subdiv=subdiv, years=range(start, stop))


@cache
def load(jurisdiction_id: str) -> Jurisdiction:
    if jurisdiction_id not in JURISDICTIONS:
        raise ValueError(f"unknown jurisdiction: {jurisdiction_id}")
    path = resource("jurisdictions", f"{jurisdiction_id}.yaml")
    data = read_yaml(path)
    hol = data["holidays"]
    return Jurisdiction(
        id=data["id"],
        name=dict(data["name"]),
        timezone=ZoneInfo(data["timezone"]),
        emergency_number=str(data["emergency_number"]),
        holiday_country=str(hol["country"]),
        holiday_subdiv=hol.get("subdiv"),
        task_rules=tuple(TaskRule.from_json(r) for r in data.get("tasks_on_concern", [])),
        helplines=tuple(data.get("helplines", [])),
        outcome_steps={str(k): {str(lk): str(lv) for lk, lv in v.items()}
                       for k, v in (data.get("outcome_steps") or {}).items()},
        assessment=_assessment_rules(data.get("assessment")),
        concern_categories=tuple(str(c) for c in data.get("concern_categories") or ()),
        told_options=tuple(str(t) for t in data.get("told_options") or ()),
        checklists=tuple(str(c) for c in data.get("checklists") or ()),
    )
