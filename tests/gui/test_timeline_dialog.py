"""A person's timeline from the People page (issue 18): the steps, how long each took, the
deadlines met or missed, and a referral's outcome recorded there rather than only from the
lead's overview."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from records_fixtures import Records

from desktop.domain.concerns import Concern
from desktop.ui import i18n
from desktop.ui.editors.timeline_dialog import TimelineDialog
from desktop.ui.pages.overview_page import RecordOutcomeDialog
from desktop.ui.pages.people_page import PeoplePage


def _person_with_a_referral(env: Records) -> tuple[str, str]:
    hong = env.add_person(given_names="Thị Hồng", family_name="Nguyễn", sex="female",
                          date_of_birth=date(2011, 4, 2))
    # Happened two days ago, written down now; immediate risk sets a task due at once.
    env.call(lambda s: s.concerns.record(Concern(
        hong, "Seen getting into a car with two older men",
        datetime.now(UTC) - timedelta(days=2), categories=("cce",), immediate_risk=True)))
    referral = env.call(lambda s: s.referrals.record_export(
        hong, "england-mash-referral", {"en": "MASH referral", "vi": "Chuyển MASH"}, "MASH",
        "X-1", "en", False))
    return hong, str(referral)


def _open(qtbot, env: Records, person_id: str) -> tuple[PeoplePage, TimelineDialog]:
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    page = PeoplePage(env.runner, env.context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.person_loaded, timeout=10000):
        page.select_person(person_id)
    assert page.timeline_action.isEnabled() and page.timeline_button.isVisible()
    dialog = page.show_timeline()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
    return page, dialog


def _rows(dialog: TimelineDialog) -> list[list[str]]:
    return [[dialog.table.item(r, c).text() for c in range(4)]
            for r in range(dialog.table.rowCount())]


def test_the_timeline_says_what_happened_and_how_long_it_took(qtbot, records) -> None:
    hong, _referral = _person_with_a_referral(records)
    _page, dialog = _open(qtbot, records, hong)
    rows = _rows(dialog)
    what = [r[1] for r in rows]
    assert what[0] == "Concern: Child criminal exploitation (CCE)"
    assert rows[0][2] == "written down 2 d 0 h after it happened"
    referral = next(r for r in rows if r[1] == "Referral: MASH referral")
    assert referral[2] == "2 d 0 h after the first concern"
    assert referral[3].startswith("Waiting; word back expected by ")
    # The "call the police" task was due at once and is not done.
    task = next(r for r in rows if r[1].startswith("Task: "))
    assert task[2] == "Not done yet" and task[3].startswith("Overdue since ")
    assert dialog.chart.steps and "Referral" in dialog.chart.accessibleDescription()


def test_an_outcome_recorded_from_the_persons_timeline(qtbot, records, monkeypatch) -> None:
    hong, referral = _person_with_a_referral(records)
    _page, dialog = _open(qtbot, records, hong)
    row = next(i for i, r in enumerate(_rows(dialog)) if r[1].startswith("Referral: "))
    assert not dialog.outcome_button.isEnabled()
    dialog.table.selectRow(row)
    assert dialog.outcome_button.isEnabled()
    monkeypatch.setattr(RecordOutcomeDialog, "ask",
                        classmethod(lambda cls, parent: ("accepted", date.today())))
    with qtbot.waitSignal(dialog.outcome_recorded, timeout=10000) as done:
        dialog.outcome_button.click()
    assert done.args == [referral]
    assert [o[0] for o in records.call(lambda s: s.oversight.outcomes(referral))] == [
        "accepted"]
    # The window refreshes itself: the outcome is a step, in time, and the referral met.
    qtbot.waitUntil(lambda: any(r[1] == "Outcome: Accepted" for r in _rows(dialog)),
                    timeout=10000)
    outcome = next(r for r in _rows(dialog) if r[1] == "Outcome: Accepted")
    assert outcome[3].startswith("Word back in time")


def test_the_timeline_in_vietnamese(qtbot, records) -> None:
    hong, _referral = _person_with_a_referral(records)
    i18n.set_language("vi")
    _page, dialog = _open(qtbot, records, hong)
    rows = _rows(dialog)
    assert rows[0][2] == "ghi lại 2 ngày 0 giờ sau khi sự việc xảy ra"
    # The England vault's name order, whatever the interface language (issue 16).
    assert dialog.windowTitle() == "Dòng thời gian: Thị Hồng Nguyễn"
