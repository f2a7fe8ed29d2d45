"""How a form writes dates, times and the time zone: the jurisdiction picks the format, the
form's language picks the words (issue 11).

An England form prints "04/12/2026" and "4 December 2026" (or, in Vietnamese, "ngày 4 tháng 12
năm 2026"); a Viet Nam form prints "04/12/2026" and the administrative "ngày 04 tháng 12 năm
2026" (Decree 30/2020/NĐ-CP: a day under 10 and the months 1 and 2 take a leading zero), and its
times "14 giờ 05 phút". The zone is named as its reader names it: GMT or BST in England, "giờ Việt
Nam (UTC+7)" in Viet Nam. A form for no known jurisdiction follows its language, as before.
"""

from __future__ import annotations

from datetime import date, datetime

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
# The convention when the jurisdiction is not known: the one whose language the form is in.
_BY_LANGUAGE = {"en": "england", "vi": "vietnam"}
# The local zone of each jurisdiction (as desktop/content/jurisdictions), for a context that
# does not name one.
ZONES = {"england": "Europe/London", "vietnam": "Asia/Ho_Chi_Minh"}


def convention(jurisdiction: str | None, lang: str) -> str:
    """The jurisdiction whose date format applies ("england" or "vietnam")."""
    if jurisdiction in ("england", "vietnam"):
        return jurisdiction
    return _BY_LANGUAGE.get(lang, "england")


def _long(day: date, juris: str, lang: str) -> str:
    if lang == "vi":
        if juris == "vietnam":
            # Decree 30/2020/NĐ-CP, appendix I: "ngày 04 tháng 02 năm 2026", "tháng 12".
            month = f"{day.month:02d}" if day.month < 3 else str(day.month)
            return f"ngày {day.day:02d} tháng {month} năm {day.year}"
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def _clock(when: datetime, juris: str, lang: str) -> str:
    if juris == "vietnam" and lang == "vi":
        return f"{when.hour:02d} giờ {when.minute:02d} phút"
    return when.strftime("%H:%M")


def format_moment(when: datetime | date, jurisdiction: str | None, lang: str,
                  style: str = "date") -> str:
    """A date or date-time (already in local time) in the style asked: date, datetime, time,
    long."""
    juris = convention(jurisdiction, lang)
    day = when.date() if isinstance(when, datetime) else when
    if style == "time":
        return _clock(when, juris, lang) if isinstance(when, datetime) else ""
    if style == "long":
        return _long(day, juris, lang)
    numeric = f"{day.day:02d}/{day.month:02d}/{day.year}"  # both jurisdictions: day first
    if style != "datetime" or not isinstance(when, datetime):
        return numeric
    clock = _clock(when, juris, lang)
    if lang == "vi":
        return f"{clock} ngày {numeric}"
    return f"{numeric} {clock}"


def zone_name(when: datetime, jurisdiction: str | None, lang: str) -> str:
    """The zone as the form's reader names it: "GMT"/"BST" in England, "giờ Việt Nam (UTC+7)"
    in Viet Nam; else the zone's own abbreviation, or UTC±h."""
    offset = when.utcoffset()
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    utc = "UTC" if not minutes else (
        f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else ""))
    if jurisdiction == "vietnam" and minutes == 7 * 60:
        return f"giờ Việt Nam ({utc})" if lang == "vi" else f"Viet Nam time ({utc})"
    abbreviation = when.tzname() or ""
    if abbreviation.isalpha() and abbreviation != "UTC":
        return abbreviation  # GMT, BST
    return utc
