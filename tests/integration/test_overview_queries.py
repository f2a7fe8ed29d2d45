"""The lead's overview at scale (issue 18): tasks counted and grouped by the vault, only the
rows a list shows read; records needing review found through a partial index."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vaultkit import OpenVault

from desktop.app import oversight as ov
from desktop.domain.concerns import Concern
from desktop.domain.people import Person


def test_tasks_grouped_by_person_and_staff_in_the_vault(admin: OpenVault) -> None:
    s = admin.services
    people = [s.people.register(Person(given_names=n, family_name="Test")) for n in "ABC"]
    for pid, n in zip(people, (3, 1, 0), strict=True):
        for _ in range(n):  # immediate risk: a task due at once
            s.concerns.record(Concern(pid, "worry", datetime.now(UTC), categories=("cce",),
                                      immediate_risk=True))
    # Two hours on: past the hour an at-once task reads "now" before it counts as overdue.
    data = s.oversight.overview(datetime.now(UTC) + timedelta(hours=2))
    overdue = data.counts[ov.OVERDUE]
    per = overdue // 4  # the tasks one immediate-risk concern sets
    assert per >= 1 and overdue == 4 * per and len(data.items[ov.OVERDUE]) == overdue
    assert [(r[1], r[2], r[3]) for r in data.task_groups[ov.PERSON]] == [
        ("A Test", 3 * per, 0), ("B Test", per, 0)]
    assert [(r[0], r[2]) for r in data.task_groups[ov.STAFF]] == [("admin", overdue)]
    mine = s.oversight.open_tasks(ov.OVERDUE, ov.PERSON, people[1],
                                  datetime.now(UTC) + timedelta(hours=2))
    fresh = s.oversight.overview(datetime.now(UTC) + timedelta(minutes=5))
    assert fresh.counts[ov.OVERDUE] == 0 and fresh.counts[ov.DUE_SOON] == overdue
    assert {i.person_id for i in mine} == {people[1]} and len(mine) == per
    # The chart: three CCE concerns this month and one more, counted by category.
    month = datetime.now(UTC).strftime("%Y-%m")
    assert data.per_month[month] == {"cce": 4}


def test_records_needing_review_are_found_without_reading_every_record(admin: OpenVault
                                                                       ) -> None:
    plan = " ".join(str(r) for r in admin.vault.read(
        "EXPLAIN QUERY PLAN SELECT h.record_id FROM record_heads h WHERE h.needs_review = 1"))
    # A scan of the partial index reads only the flagged records.
    assert "record_heads_review" in plan


def test_a_reply_due_over_a_holiday_is_not_late_before_the_holiday_ends() -> None:
    """Weekends alone decide most referrals; the holiday calendar is consulted for a reply that
    fell due within the last month. Tết 2026 in Viet Nam (16-20 February, with the weekend):
    three working days after Friday 13 February end after the holiday, not on the 18th."""
    from desktop.content import jurisdictions

    vn = jurisdictions.load("vietnam")
    made = datetime(2026, 2, 13, 10, tzinfo=vn.timezone)
    check = ov._LateCheck(vn, 3, datetime(2026, 2, 19, 12, tzinfo=vn.timezone))
    assert not check.late(made)
    assert ov._LateCheck(vn, 3, datetime(2026, 3, 20, tzinfo=vn.timezone)).late(made)
    assert ov._LateCheck(vn, 3, datetime(2026, 5, 20, tzinfo=vn.timezone)).late(made)
    assert not ov._LateCheck(vn, 3, datetime(2026, 2, 14, tzinfo=vn.timezone)).late(made)
