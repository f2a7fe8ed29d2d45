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

__all__ = ["ANSWERS", "DEFAULT_ANSWER", "LEVELS", "Outcome", "Step", "evaluate"]


@dataclass(frozen=True)
class Step:
    id: str
    reasons: tuple[str, ...]  # indicator ids (answered yes) or rule ids


@dataclass(frozen=True)
class Outcome:
    level: str
    level_reasons: tuple[str, ...]
    steps: tuple[Step, ...]
    risk_factors: tuple[str, ...]  # information-level signs answered yes
    tasks: tuple[TaskRule, ...] = ()  # follow-up tasks the pathways ask for, each once

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


def _ids(indicators: list[Indicator]) -> tuple[str, ...]:
    """Ids in order, each once (one sign can show both an act and a means)."""
    return tuple(dict.fromkeys(i.id for i in indicators))


def evaluate(framework: Framework, answers: Mapping[str, str], *, child: bool,
             jurisdiction: str) -> Outcome:
    """Level and next steps for these answers (indicator id -> one of ANSWERS).

    `child` is True for anyone under 18 and for anyone whose age is disputed or unknown.
    """
    rules = jurisdictions.load(jurisdiction).assessment
    unknown = set(answers) - {i.id for i in framework.indicators()}
    if unknown:
        raise ValueError(f"answers for indicators not in {framework.id}: {sorted(unknown)}")
    bad = {v for v in answers.values() if v not in ANSWERS}
    if bad:
        raise ValueError(f"unknown answers: {sorted(bad)}")
    applicable = [i for i in framework.indicators()
                  if i.applies_to == "both" or i.applies_to == ("child" if child else "adult")]
    yes = [i for i in applicable if answers.get(i.id, DEFAULT_ANSWER) == "yes"]
    danger = [i for i in yes if i.severity == "immediate_danger"]
    concerns = [i for i in yes if i.severity == "concern"]
    risk = [i for i in yes if i.severity == "information"]
    trafficking = [i for i in yes if "trafficking" in i.signals]
    palermo = {part: [i for i in yes if part in i.signals] for part in ("act", "means", "purpose")}

    steps: list[Step] = []
    if danger:
        level, reasons = "immediate_danger", _ids(danger)
    elif child and trafficking:
        # A child needs no "means": any sign of trafficking is a strong concern.
        level, reasons = "strong_concern", _ids(trafficking)
    elif not child and all(palermo.values()):
        # Act, means and purpose all seen: the Palermo definition may be met.
        level = "strong_concern"
        reasons = _ids(palermo["act"] + palermo["means"] + palermo["purpose"])
    elif len(concerns) >= rules.strong_concern_count:
        level, reasons = "strong_concern", _ids(concerns)
    elif concerns or trafficking:
        level, reasons = "concern", _ids(concerns or trafficking)
    else:
        level, reasons = "no_indicators", ()

    why = {"level": reasons, "trafficking": _ids(trafficking)}
    tasks: dict[str, TaskRule] = {}
    for pathway in rules.pathways:
        if pathway.applies(level=level, child=child, trafficking=bool(trafficking)):
            steps += [Step(step_id, why[pathway.reasons]) for step_id in pathway.steps
                      if not any(s.id == step_id for s in steps)]
            for task in pathway.tasks:
                tasks.setdefault(task.id, task)
    return Outcome(level, reasons, tuple(steps), _ids(risk), tuple(tasks.values()))
