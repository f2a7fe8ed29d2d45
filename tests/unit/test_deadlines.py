"""Working-day deadlines with English and Vietnamese public holidays, and task planning."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.content import jurisdictions
from desktop.domain.deadlines import add_working_days, due_state, is_working_day
from desktop.domain.tasks import ConcernFacts, TaskRule, applies, plan

LONDON = ZoneInfo("Europe/London")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2024, 2032))
VIETNAM = holidays.country_holidays("VN", years=range(2024, 2032))


def test_friday_concern_before_bank_holiday_monday_is_due_tuesday() -> None:
    # Friday 22 May 2026; Monday 25 May is the Spring Bank Holiday in England.
    friday = datetime(2026, 5, 22, 15, 0, tzinfo=LONDON)
    assert add_working_days(friday, 1, ENGLAND) == datetime(2026, 5, 26, 15, 0, tzinfo=LONDON)


def test_ordinary_friday_is_due_monday_same_time() -> None:
    friday = datetime(2026, 6, 5, 9, 30, tzinfo=LONDON)
    assert add_working_days(friday, 1, ENGLAND) == datetime(2026, 6, 8, 9, 30, tzinfo=LONDON)


def test_christmas_and_boxing_day_substitute_are_skipped() -> None:
    # Thu 24 Dec 2026 -> Fri 25 (Christmas), Sat, Sun, Mon 28 (Boxing Day observed) -> Tue 29.
    eve = datetime(2026, 12, 24, 16, 0, tzinfo=LONDON)
    assert add_working_days(eve, 1, ENGLAND).date() == date(2026, 12, 29)


def test_scottish_holiday_is_a_working_day_in_england() -> None:
    # 30 Nov 2026 (St Andrew's Day substitute) is a holiday in Scotland only.
    assert is_working_day(date(2026, 11, 30), ENGLAND)


def test_tet_holidays_push_a_vietnamese_deadline_past_the_new_year_week() -> None:
    # Friday 13 Feb 2026; Tết holidays run Mon 16 - Fri 20 Feb 2026.
    friday = datetime(2026, 2, 13, 10, 0, tzinfo=HANOI)
    assert add_working_days(friday, 1, VIETNAM) == datetime(2026, 2, 23, 10, 0, tzinfo=HANOI)
    assert add_working_days(friday, 3, VIETNAM).date() == date(2026, 2, 25)


def test_weekend_start_counts_from_next_working_day() -> None:
    saturday = datetime(2026, 6, 6, 10, 0, tzinfo=LONDON)
    assert add_working_days(saturday, 1, ENGLAND) == datetime(2026, 6, 8, 10, 0, tzinfo=LONDON)


def test_zero_working_days_is_the_start_and_negative_is_refused() -> None:
    start = datetime(2026, 6, 6, 10, 0, tzinfo=LONDON)
    assert add_working_days(start, 0, ENGLAND) == start
    try:
        add_working_days(start, -1, ENGLAND)
    except ValueError:
        pass
    else:  # pragma: no cover - the assertion is the failure
        raise AssertionError("negative working days accepted")


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)),
    n=st.integers(min_value=1, max_value=15),
    country=st.sampled_from(["england", "vietnam"]),
)
def test_add_working_days_never_lands_on_a_weekend_or_holiday(
    start: datetime, n: int, country: str
) -> None:
    cal = ENGLAND if country == "england" else VIETNAM
    zone = LONDON if country == "england" else HANOI
    start = start.replace(tzinfo=zone)
    due = add_working_days(start, n, cal)
    assert is_working_day(due.date(), cal)
    assert due.time() == start.time()
    # Exactly n working days lie in (start, due].
    day, counted = start.date(), 0
    while day < due.date():
        day += timedelta(days=1)
        counted += is_working_day(day, cal)
    assert counted == n


def test_due_state() -> None:
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    # An at-once task reads "now" for the grace hour, then overdue.
    assert due_state(now, now) == "now"
    assert due_state(now - timedelta(minutes=59), now) == "now"
    assert due_state(now - timedelta(hours=1), now) == "overdue"
    assert due_state(now - timedelta(days=1), now) == "overdue"
    assert due_state(now + timedelta(hours=3), now) == "due_soon"
    assert due_state(now + timedelta(days=3), now) == "later"


# --- task planning ----------------------------------------------------------------------

def _facts(immediate_risk: bool = False, looked_after: bool = False, child: bool = False,
           categories: tuple[str, ...] = (), route: str | None = None) -> ConcernFacts:
    return ConcernFacts(immediate_risk, looked_after, child, categories, route=route)


def test_rule_conditions_must_all_hold() -> None:
    rule = TaskRule(id="nrm", title={"en": "NRM"}, when=("child", "trafficking"))
    assert applies(rule, _facts(child=True, categories=("trafficking",)))
    assert not applies(rule, _facts(child=True, categories=("cse",)))
    assert not applies(rule, _facts(child=False, categories=("trafficking",)))
    unknown = TaskRule(id="x", title={"en": "x"}, when=("no_such_condition",))
    assert not applies(unknown, _facts(child=True, immediate_risk=True))


def test_england_child_in_care_at_immediate_risk_gets_every_task() -> None:
    juris = jurisdictions.load("england")
    start = datetime(2026, 5, 22, 15, 0, tzinfo=LONDON)  # Friday before a bank holiday
    tasks = plan(juris.task_rules, _facts(immediate_risk=True, looked_after=True, child=True,
                                          categories=("trafficking",)),
                 start, juris.holidays_around(start.date()))
    by_id = {t.rule_id: t for t in tasks}
    assert set(by_id) == {"call_police", "tell_dsl", "refer_local_authority",
                          "notify_placing_authority", "nrm_via_local_authority"}
    assert by_id["call_police"].due == start
    assert by_id["tell_dsl"].due == start
    assert by_id["refer_local_authority"].due == datetime(2026, 5, 26, 15, 0, tzinfo=LONDON)
    assert by_id["refer_local_authority"].assignee_role == "lead"
    assert all(t.title["en"] and t.title["vi"] for t in tasks)


def test_england_adult_without_risk_only_tells_the_dsl() -> None:
    juris = jurisdictions.load("england")
    start = datetime(2026, 6, 3, 11, 0, tzinfo=LONDON)
    tasks = plan(juris.task_rules, _facts(categories=("cse",)), start,
                 juris.holidays_around(start.date()))
    assert [t.rule_id for t in tasks] == ["tell_dsl"]


def test_vietnam_hands_to_commune_at_once_and_verifies_within_three_days() -> None:
    juris = jurisdictions.load("vietnam")
    start = datetime(2026, 2, 13, 10, 0, tzinfo=HANOI)
    came_forward = _facts(child=True, route="self_referral")
    tasks = {t.rule_id: t for t in plan(juris.task_rules, came_forward, start,
                                        juris.holidays_around(start.date()))}
    assert tasks["hand_to_commune"].due == start
    # Friday 13 February 2026 + 3 days is Monday 16 February, the eve of Tết: the period ends
    # on the next working day after the Tết holiday and the weekend (Civil Code 2015 art. 148).
    assert tasks["initial_verification"].due == datetime(2026, 2, 23, 10, 0, tzinfo=HANOI)
    march = datetime(2026, 3, 2, 10, 0, tzinfo=HANOI)  # Monday: Thursday is a working day
    again = {t.rule_id: t for t in plan(juris.task_rules, came_forward, march,
                                        juris.holidays_around(march.date()))}
    assert again["initial_verification"].due == march + timedelta(days=3)
    assert "call_police" not in tasks


def test_holidays_around_covers_a_deadline_that_crosses_new_year() -> None:
    juris = jurisdictions.load("england")
    cal = juris.holidays_around(date(2026, 12, 31))
    assert date(2027, 1, 1) in cal
    assert add_working_days(datetime(2026, 12, 31, 9, 0, tzinfo=LONDON), 1, cal).date() == \
        date(2027, 1, 4)


def test_vietnam_tasks_follow_the_route() -> None:
    """seed 003 Điều 6.3, 7.1, 7.3: a hand-back is received by the Border Guard with the police
    and the labour authority; only a person who came forward goes to the commune."""
    juris = jurisdictions.load("vietnam")
    start = datetime(2026, 3, 2, 10, 0, tzinfo=HANOI)

    def ids(route: str | None) -> set[str]:
        return {t.rule_id for t in plan(juris.task_rules, _facts(route=route), start,
                                        juris.holidays_around(start.date()))}

    assert "hand_to_commune" in ids("self_referral")
    handback = ids("border_handback")
    assert {"handback_joint_reception", "handback_transfer", "initial_verification"} <= handback
    assert "hand_to_commune" not in handback
    assert "rescue_to_facility" in ids("rescue") and "hand_to_commune" not in ids("rescue")
    assert all("seed 003" in r.source or "53/2024" in r.source or "113" in r.source
               for r in juris.task_rules)
