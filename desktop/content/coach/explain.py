"""What each category and flag means, in the language of the user interface."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.content.coach.rules import CATEGORIES, FLAGS, rules


@dataclass(frozen=True)
class Explanation:
    rule: str
    better: str


CODES = (*CATEGORIES, *FLAGS)


def explain(code: str, ui_lang: str) -> Explanation:
    """The rule behind a code and what to say instead, for a user interface in `ui_lang`.
    Falls back to English for a user interface language the coach has no file for."""
    if code not in CODES:
        raise KeyError(code)
    try:
        r = rules(ui_lang)
    except ValueError:
        r = rules("en")
    entry = r.explanations.get(code) or rules("en").explanations[code]
    return Explanation(entry["rule"], entry["better"])
