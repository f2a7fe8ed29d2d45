"""Looking up and formatting record data for form templates.

A template names data by dotted paths ("person.display_name", "household.parents_know",
"disclosures.0.when"). Inside a repeating block the item is bound to a name ("turn.text") and
`loop.n` is its 1-based number. A path that leads nowhere gives None: forms are printed and
filled in by hand, so missing data is a blank to write on, never an error.

Values are printed as recorded (a record in Vietnamese stays Vietnamese on an English form);
only the renderer's own words (yes/no, dates, "not recorded") follow the form's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from desktop.printing.form_dates import format_moment
from desktop.printing.form_words import word


class Scope:
    """The root context plus the names bound by enclosing repeats (innermost last)."""

    def __init__(self, root: Mapping[str, Any], bound: Mapping[str, Any] | None = None) -> None:
        self.root = root
        self.bound: dict[str, Any] = dict(bound or {})

    def child(self, **names: Any) -> Scope:
        bound = dict(self.bound)
        bound.update(names)
        return Scope(self.root, bound)

    def get(self, path: str) -> Any:
        """The value at a dotted path, or None when any step is missing."""
        if path in ("", "."):
            return self.root
        head, _, rest = path.partition(".")
        value: Any = self.bound[head] if head in self.bound else self.root.get(head)
        for part in rest.split(".") if rest else ():
            value = _step(value, part)
            if value is None:
                return None
        return value


def _step(value: Any, part: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(part)
    if isinstance(value, Sequence) and not isinstance(value, str):
        if part == "count":
            return len(value)
        if re.fullmatch(r"-?\d+", part):
            index = int(part)
            return value[index] if -len(value) <= index < len(value) else None
    return None


def is_blank(value: Any) -> bool:
    """True for data that was not recorded: None, empty strings and empty lists."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


def truthy(value: Any) -> bool:
    return not is_blank(value) and value is not False and value != 0


def condition_holds(cond: Mapping[str, Any] | None, scope: Scope) -> bool:
    """`when:` of a block. {path} is truthy; {path, equals}; {path, in: [...]}; {not: cond};
    {all: [...]}; {any: [...]}."""
    if not cond:
        return True
    if "all" in cond:
        return all(condition_holds(c, scope) for c in cond["all"])
    if "any" in cond:
        return any(condition_holds(c, scope) for c in cond["any"])
    if "not" in cond:
        return not condition_holds(cond["not"], scope)
    value = scope.get(cond["path"])
    if "equals" in cond:
        return bool(value == cond["equals"])
    if "in" in cond:
        return value in cond["in"]
    if "blank" in cond:
        return is_blank(value) == bool(cond["blank"])
    return truthy(value)


def parse_when(value: Any) -> datetime | date | None:
    """An ISO date or date-time string as recorded (no time-zone conversion), else None."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def format_date(value: Any, lang: str, style: str = "date",
                jurisdiction: str | None = None) -> str:
    """Dates in the jurisdiction's format with the form's words (form_dates.py). Styles: date,
    datetime, time, long. Unparseable text is printed as recorded."""
    when = parse_when(value)
    if when is None:
        return str(value)
    return format_moment(when, jurisdiction, lang, style)


def format_value(value: Any, lang: str, fmt: str = "text",
                 choices: Mapping[str, Mapping[str, str]] | None = None,
                 jurisdiction: str | None = None) -> str:
    """One value as plain text (not yet escaped). Blank values give "" (a count gives 0)."""
    if fmt == "count":
        if isinstance(value, (list, tuple, dict)):
            return str(len(value))
        return "0" if value is None else str(value)
    if is_blank(value):
        return ""
    if fmt in ("date", "datetime", "time", "long"):
        return format_date(value, lang, fmt, jurisdiction)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, (list, tuple)):
        parts = [format_value(v, lang, "text", choices, jurisdiction) for v in value]
        return ", ".join(p for p in parts if p)
    if isinstance(value, Mapping):
        # A small record in a list cell ({"kind", "state", "note"}): its values in order.
        parts = [format_value(v, lang, "text", choices, jurisdiction) for v in value.values()]
        return " — ".join(p for p in parts if p)
    text = str(value)
    if choices and text in choices:
        return choices[text].get(lang, text)
    return text
