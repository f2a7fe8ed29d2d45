"""Working-day arithmetic for statutory deadlines."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, timedelta


def is_working_day(day: date, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime, n: int, holidays: Container[date]) -> datetime:
    """The same local time on the n-th working day after `start`'s date.

    "Within one working day" of Friday 15:00 is Monday 15:00 (Tuesday if Monday is a bank
    holiday). A start on a weekend counts from the next working day, so Saturday 10:00 plus one
    working day is Monday 10:00.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start.date()
    remaining = n
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return start.replace(year=day.year, month=day.month, day=day.day)


# A task due "at once" (call the police, tell the lead) is due the moment it is made; it reads
# "now" for this long before it counts as overdue, so a task is not late the second it exists.
# One hour: long enough to make the call and mark it done, short enough that a forgotten
# at-once task turns red the same shift.
NOW_GRACE = timedelta(hours=1)


def due_state(due: datetime, now: datetime, soon: timedelta = timedelta(hours=24),
              grace: timedelta = NOW_GRACE) -> str:
    """`now`, `overdue`, `due_soon` or `later`; the task list sorts and colours by this."""
    if now >= due + grace:
        return "overdue"
    if now >= due:
        return "now"
    if due - now <= soon:
        return "due_soon"
    return "later"
