"""Dates and times as people type them, in English or Vietnamese, day first.

"21 jun 2013", "21/06/2013", "21.6.2013", "21 tháng 6 2013", "ngày 21 tháng 6 năm 2013" and ISO
"2013-06-21" all mean 21 June 2013. England and Viet Nam both write the day first, so 12/03/2012
is 12 March, never December. Anything else is refused (None), never guessed: a date of birth
typed "21 jun 2013" once became 24 Jun 2013 without a word, and went on a referral form. A
two-digit year is refused too (2013 or 1913?).

A small parser rather than a library: dateutil fills a missing day from today and reads
12/03 month-first unless told, and neither knows "tháng".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
# Words that only frame the numbers: "ngày 21 tháng 6 năm 2013", "21 thg 6 2013".
FILLER = {"ngày", "ngay", "tháng", "thang", "thg", "năm", "nam", "the", "of"}
_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")
_TIME = re.compile(r"(?:^|\s)(\d{1,2})\s*[:h.]\s*(\d{2})(?:\s*(am|pm))?$")


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).casefold().strip()
    return [t for t in re.split(r"[\s/.,\-]+", text) if t]


def parse_date(text: str) -> date | None:
    """The date typed, or None when it is not one complete, real date."""
    iso = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
    if iso:
        return _make(int(iso[1]), int(iso[2]), int(iso[3]))
    numbers: list[str] = []
    month_name: int | None = None
    for token in _tokens(text):
        ordinal = _ORDINAL.match(token)
        if ordinal:
            token = ordinal[1]
        if token.isdigit():
            numbers.append(token)
        elif token in MONTHS and month_name is None:
            month_name = MONTHS[token]
        elif token not in FILLER:
            return None
    if month_name is not None:
        if len(numbers) != 2:
            return None
        day, year = (numbers if len(numbers[1]) == 4 else numbers[::-1])
        return _make(int(year), month_name, int(day)) if len(year) == 4 else None
    if len(numbers) != 3:
        return None
    if len(numbers[0]) == 4:  # 2013/06/21: year first, then month, then day
        return _make(int(numbers[0]), int(numbers[1]), int(numbers[2]))
    day, month, year = numbers
    return _make(int(year), int(month), int(day)) if len(year) == 4 else None


def parse_date_time(text: str, default_time: time) -> tuple[date, time] | None:
    """A date with an optional time after it ("21/06/2013 14:30", "21 jun 2013 2.30pm",
    "21 tháng 6 2013 14h30"); without one, `default_time` (the field's own, shown back)."""
    found = _TIME.search(text.strip().casefold())
    at = default_time
    rest = text
    if found:
        hour, minute = int(found[1]), int(found[2])
        if found[3]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if found[3] == "pm" else 0)
        if hour > 23 or minute > 59:
            return None
        at = time(hour, minute)
        rest = text.strip()[:found.start()] if found.start() else ""
    day = parse_date(rest)
    return (day, at) if day is not None else None


def _make(year: int, month: int, day: int) -> date | None:
    if not 1000 <= year <= 9999:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 31/02, month 13
        return None
