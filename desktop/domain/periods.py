"""Reporting periods: a year, a half, a quarter or a month (issue 18).

`2026`, `2026-H1`, `2026-Q3`, `2026-05`. A period is a half-open range of calendar days
[start, end) in the jurisdiction's local time; the report turns it into instants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    text: str
    kind: str  # "year", "half", "quarter", "month"
    year: int
    number: int  # 1 for a year; the half, quarter or month number otherwise
    start: date
    end: date  # exclusive

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """Parse a period; raises PeriodError with a readable message."""
    match = _PATTERN.match(text.strip().upper())
    if not match:
        raise PeriodError(f"not a period: {text!r} (use 2026, 2026-H1, 2026-Q3 or 2026-05)")
    year = int(match.group(1))
    if not 1900 <= year <= 9998:
        raise PeriodError(f"year out of range: {year}")
    part = match.group(2)
    if part is None:
        return Period(f"{year}", "year", year, 1, date(year, 1, 1), date(year + 1, 1, 1))
    if part[0] == "H":
        n = int(part[1])
        first = 1 + 6 * (n - 1)
        return Period(f"{year}-H{n}", "half", year, n, _month_start(year, first),
                      _month_start(year, first + 6))
    if part[0] == "Q":
        n = int(part[1])
        first = 1 + 3 * (n - 1)
        return Period(f"{year}-Q{n}", "quarter", year, n, _month_start(year, first),
                      _month_start(year, first + 3))
    month = int(part)
    if not 1 <= month <= 12:
        raise PeriodError(f"no month {month:02d} (use 01 to 12)")
    return Period(f"{year}-{month:02d}", "month", year, month, _month_start(year, month),
                  _month_start(year, month + 1))
