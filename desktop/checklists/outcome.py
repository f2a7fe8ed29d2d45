"""The outcome of an assessment: a level and next steps, each with the answers behind it.

Pure rules, no Qt and no storage (issue 3). Step wording lives in the jurisdiction's data
(`outcome_steps` in resources/jurisdictions/*.yaml); this module decides which steps apply
and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.checklists.frameworks import Framework, Indicator

ANSWERS = ("yes", "no", "not_known", "not_asked")
DEFAULT_ANSWER = "not_known"
LEVELS = ("no_indicators", "concern", "strong_concern", "immediate_danger")
STRONG_CONCERN_COUNT = 3  # concern-level signs answered yes that make a strong concern


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
        steps += [Step("call_police", reasons), Step("tell_lead_now", reasons)]
    elif child and trafficking:
        # A child needs no "means": any sign of trafficking is a strong concern.
        level, reasons = "strong_concern", _ids(trafficking)
    elif not child and all(palermo.values()):
        # Act, means and purpose all seen: the Palermo definition may be met.
        level = "strong_concern"
        reasons = _ids(palermo["act"] + palermo["means"] + palermo["purpose"])
    elif len(concerns) >= STRONG_CONCERN_COUNT:
        level, reasons = "strong_concern", _ids(concerns)
    elif concerns or trafficking:
        level, reasons = "concern", _ids(concerns or trafficking)
    else:
        level, reasons = "no_indicators", ()

    if level in ("concern", "strong_concern") and jurisdiction == "england":
        steps.append(Step("tell_lead", reasons))
    if trafficking:
        why = _ids(trafficking)
        if jurisdiction == "vietnam":
            steps += [Step("hand_to_commune", why), Step("initial_verification", why),
                      Step("support_rights", why)]
        elif child:
            steps += [Step("refer_social_care", why), Step("nrm_child", why)]
        else:
            steps += [Step("nrm_explain_consent", why), Step("duty_to_notify", why)]
    elif level != "no_indicators" and jurisdiction == "vietnam":
        steps.append(Step("report_to_lead", reasons))
    return Outcome(level, reasons, tuple(steps), _ids(risk))
