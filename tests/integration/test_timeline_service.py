"""The timeline service (issue 18): deadlines met, missed and overdue, and who may see it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from vaultkit import STAFF_PASS, OpenVault

from desktop.app import timeline as tl
from desktop.domain.concerns import Concern
from desktop.domain.events import iso
from desktop.domain.people import Person
from desktop.vault.errors import NotAllowed


def test_referral_deadlines_and_task_deadlines(admin: OpenVault) -> None:
    s = admin.services
    pid = s.people.register(Person(given_names="Minh", family_name="Trần", sex="male"))
    s.concerns.record(Concern(pid, "Worry", datetime.now(UTC) - timedelta(hours=5),
                              categories=("trafficking",), immediate_risk=True))
    ref = s.referrals.record_export(pid, "england-mash-referral", {"en": "MASH"}, "MASH",
                                    "X", "en", False)
    now = datetime.now(UTC)
    steps = s.timeline.steps(pid, now)
    referral = next(x for x in steps if x.kind == tl.REFERRAL)
    assert referral.state == tl.WAITING and referral.took is not None
    assert abs(referral.took - timedelta(hours=5)) < timedelta(minutes=1)
    # Ten days on with nothing back: overdue (three working days in England).
    later = s.timeline.steps(pid, now + timedelta(days=10))
    assert next(x for x in later if x.kind == tl.REFERRAL).state == tl.OVERDUE
    task = next(x for x in later if x.kind == tl.TASK)
    assert task.state == tl.OVERDUE and task.took is None
    s.tasks.complete(task.record_id)
    done = next(x for x in s.timeline.steps(pid) if x.record_id == task.record_id)
    assert done.state == tl.MET and done.took is not None  # due at once, done within the minute
    # The same task done two hours late (the projection's row stands in for the clock).
    with admin.vault.transaction():
        admin.vault.conn.execute("UPDATE tasks SET done_at = ? WHERE id = ?",
                                 (iso(datetime.fromisoformat(done.due) + timedelta(hours=2)),
                                  task.record_id))
    late = next(x for x in s.timeline.steps(pid) if x.record_id == task.record_id)
    assert late.state == tl.MISSED and late.took is not None
    s.oversight.record_outcome(ref, "accepted")
    steps = s.timeline.steps(pid)
    outcome = next(x for x in steps if x.kind == tl.OUTCOME)
    assert outcome.state == tl.MET and outcome.since == "referral"
    assert next(x for x in steps if x.kind == tl.REFERRAL).state == tl.MET


def test_only_who_may_read_the_person_sees_the_timeline(admin: OpenVault, login) -> None:
    pid = admin.services.people.register(Person(given_names="Lan"))
    staff = login("staff", STAFF_PASS)
    with pytest.raises(NotAllowed):
        staff.services.timeline.steps(pid)
