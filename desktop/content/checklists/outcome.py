"""The outcome of an assessment: a level and next steps, each with the answers behind it.

Pure rules, no Qt and no storage (issue 3). The level comes from the framework's severities;
the threshold for a strong concern and the pathways (which steps follow, and which answers
each step cites) are the jurisdiction's data (`assessment` in resources/jurisdictions/*.yaml),
as is the steps' wording (`outcome_steps`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.content import jurisdictions
from desktop.content.checklists.frameworks import Framework, Indicator
from desktop.domain.assessments import ANSWERS, DEFAULT_ANSWER, LEVELS
from desktop.domain.tasks import TaskRule

__all__ = ["ANSWERS", "DEFAULT_ANSWER", "LEVELS", "Context", "Outcome", "Step", "evaluate"]


@dataclass(frozen=True)
class Step:
    id: str
    reasons: tuple[str, ...]  # indicator ids (answered yes) or rule ids


@dataclass(frozen=True)
class Context:
    """What the answers cannot tell: who is asking, what is already done, how the person came.

    `route` is how the person reached the service where a jurisdiction has several (Viet Nam:
    `self_referral`, `border_handback`, `rescue`); None means "from the answers, else the
    jurisdiction's first route".
    """

    looked_after: bool = False
    crime_suspected: bool = False
    reporter_is_lead: bool = False  # the DSL / safeguarding lead is the one assessing
    lead_told: bool = False  # the lead has already been told about this
    route: str | None = None


@dataclass(frozen=True)
class Outcome:
    level: str
    level_reasons: tuple[str, ...]
    steps: tuple[Step, ...]
    risk_factors: tuple[str, ...]  # information-level signs answered yes
    tasks: tuple[TaskRule, ...] = ()  # follow-up tasks the pathways ask for, each once
    route: str | None = None

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


def _ids(indicators: list[Indicator]) -> tuple[str, ...]:
    """Ids in order, each once (one sign can show both an act and a means)."""
    return tuple(dict.fromkeys(i.id for i in indicators))


# Signs that describe how a person travelled or arrived, not exploitation: on their own they
# never start a trafficking pathway (seed 000: smuggling ends on arrival; DOMAIN.md: people
# handed back at a border are processed as irregular migrants).
CONTEXT_SIGNALS = frozenset({"smuggling", "border_handback"})
EXPLOITATION_SIGNALS = frozenset({"cse", "cce", "county_lines", "trafficking"})


def evaluate(framework: Framework, answers: Mapping[str, str], *, child: bool,
             jurisdiction: str, context: Context | None = None) -> Outcome:
    """Level and next steps for these answers (indicator id -> one of ANSWERS).

    `child` is True for anyone under 18 and for anyone whose age is disputed or unknown. A
    child keeps every answer, including those on items written for adults (a person of
    disputed age is screened on the adult checklist at a border; their answers still count).
    """
    context = context or Context()
    rules = jurisdictions.load(jurisdiction).assessment
    unknown = set(answers) - {i.id for i in framework.indicators()}
    if unknown:
        raise ValueError(f"answers for indicators not in {framework.id}: {sorted(unknown)}")
    bad = {v for v in answers.values() if v not in ANSWERS}
    if bad:
        raise ValueError(f"unknown answers: {sorted(bad)}")
    if context.route is not None and context.route not in rules.routes:
        raise ValueError(f"unknown route for {jurisdiction}: {context.route}")
    applicable = [i for i in framework.indicators()
                  if child or i.applies_to in ("both", "adult")]
    yes = [i for i in applicable if answers.get(i.id, DEFAULT_ANSWER) == "yes"]
    danger = [i for i in yes if i.severity == "immediate_danger"]
    concerns = [i for i in yes if i.severity == "concern"]
    risk = [i for i in yes if i.severity == "information"]
    # Information items are background, never a sign of trafficking by themselves.
    signs = [i for i in yes if "trafficking" in i.signals and i.severity != "information"]
    trafficking = signs if any(not CONTEXT_SIGNALS & set(i.signals) for i in signs) else []
    exploitation = [i for i in yes if EXPLOITATION_SIGNALS & set(i.signals)
                    and i.severity != "information"
                    and ("trafficking" not in i.signals or i in trafficking)]
    palermo = {part: [i for i in yes if part in i.signals] for part in ("act", "means", "purpose")}

    if danger:
        level, reasons = "immediate_danger", _ids(danger)
    elif child and trafficking:
        # A child needs no "means": any sign of trafficking is a strong concern.
        level, reasons = "strong_concern", _ids(trafficking)
    elif not child and trafficking and all(palermo.values()):
        # Act, means and purpose all seen: the Palermo definition may be met.
        level = "strong_concern"
        reasons = _ids(palermo["act"] + palermo["means"] + palermo["purpose"])
    elif len(concerns) >= rules.strong_concern_count:
        level, reasons = "strong_concern", _ids(concerns)
    elif concerns or trafficking:
        level, reasons = "concern", _ids(concerns or trafficking)
    else:
        level, reasons = "no_indicators", ()

    route = context.route
    if route is None and rules.routes:
        handed_back = any("border_handback" in i.signals for i in yes)
        route = "border_handback" if handed_back and "border_handback" in rules.routes \
            else rules.routes[0]
    facts = {
        "level": level, "child": child, "trafficking": bool(trafficking),
        "exploitation": bool(exploitation), "looked_after": context.looked_after,
        "crime_suspected": context.crime_suspected,
        "lead_told": context.reporter_is_lead or context.lead_told, "route": route,
    }
    why = {"level": reasons, "trafficking": _ids(trafficking),
           "exploitation": _ids(exploitation)}
    steps: list[Step] = []
    tasks: dict[str, TaskRule] = {}
    for pathway in rules.pathways:
        if pathway.applies(facts):
            steps += [Step(step_id, why[pathway.reasons] or reasons)
                      for step_id in pathway.steps
                      if not any(s.id == step_id for s in steps)]
            for task in pathway.tasks:
                tasks.setdefault(task.id, task)
    return Outcome(level, reasons, tuple(steps), _ids(risk), tuple(tasks.values()), route)
