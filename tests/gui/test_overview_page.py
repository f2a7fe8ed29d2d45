"""The lead's overview: numbers that open the records behind them; outcomes recorded here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from records_fixtures import Records

from desktop.app import oversight as ov
from desktop.domain.concerns import Concern
from desktop.ui import i18n
from desktop.ui.pages.overview_page import OverviewPage, RecordOutcomeDialog


def _page(qtbot, env: Records) -> OverviewPage:
    page = OverviewPage(env.runner, env.context)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    with qtbot.waitSignal(page.overview_loaded, timeout=20000):
        page.show()
    return page


def _fill(env: Records) -> tuple[str, str]:
    hong = env.add_person(given_names="Thị Hồng", family_name="Nguyễn", sex="female",
                          date_of_birth=date(2011, 4, 2))
    duc = env.add_person(given_names="Đức", family_name="Trần", sex="male")
    for pid in (hong, duc):
        env.call(lambda s, pid=pid: s.concerns.record(Concern(
            pid, "Seen getting into a car with two older men", datetime.now(UTC),
            categories=("cce",), immediate_risk=True)))
    referral = env.call(lambda s: s.referrals.record_export(
        hong, "england-mash-referral", {"en": "MASH referral", "vi": "Chuyển MASH"}, "MASH",
        "X-1", "en", False))
    return hong, str(referral)


def _rows(page: OverviewPage) -> list[list[str]]:
    return [[page.list.item(r, c).text() for c in range(page.list.columnCount())]
            for r in range(page.list.rowCount())]


def _two_hours_later(monkeypatch) -> None:
    """The overview looks two hours on: the at-once tasks are past their "now" grace hour
    (deadlines.NOW_GRACE), so overdue."""
    later = datetime.now(UTC) + timedelta(hours=2)
    monkeypatch.setattr(ov, "now_utc", lambda: later)


def test_every_number_opens_its_list_and_a_row_opens_the_person(qtbot, records,
                                                                 monkeypatch) -> None:
    hong, _referral = _fill(records)
    _two_hours_later(monkeypatch)
    page = _page(qtbot, records)
    overdue = page.count_buttons[ov.OVERDUE]
    # "Call the police" is due at once, for each of the two people (the lead recording them
    # is not given a task to tell herself: issue 12).
    assert overdue.text() == "2 overdue tasks" and overdue.isEnabled()
    assert page.count_buttons[ov.NO_OUTCOME].text() == "1 referral with no outcome recorded"
    assert not page.count_buttons[ov.FORKS].isEnabled()
    overdue.click()
    rows = _rows(page)
    assert len(rows) == 2
    assert {r[0] for r in rows} == {"Thị Hồng Nguyễn", "Đức Trần"}  # England order
    assert page.list_heading.text().startswith("2 overdue tasks")
    # The table by person: the count beside Hồng opens only her tasks.
    names = [page.by_person.item(r, 0).text() for r in range(page.by_person.rowCount())]
    row = names.index("Thị Hồng Nguyễn")
    assert page.by_person.item(row, 1).text() == "1"
    page._group_clicked("person", row, 1)  # read from the vault on its thread
    qtbot.waitUntil(lambda: page.list_heading.text().endswith("Thị Hồng Nguyễn"))
    assert {r[0] for r in _rows(page)} == {"Thị Hồng Nguyễn"} and len(_rows(page)) == 1
    with qtbot.waitSignal(page.open_person) as opened:
        page._open_row(0)
    assert opened.args == [hong]
    # The chart has this month's two concerns (categories: CCE).
    month = datetime.now(UTC).strftime("%Y-%m")
    assert page.chart.per_month[month] == {"cce": 2}


def test_recording_an_outcome_clears_the_referral(qtbot, records, monkeypatch) -> None:
    _hong, referral = _fill(records)
    page = _page(qtbot, records)
    page.count_buttons[ov.NO_OUTCOME].click()
    assert page.outcome_button.isVisible() and not page.outcome_button.isEnabled()
    page.list.selectRow(0)
    assert page.outcome_button.isEnabled()
    monkeypatch.setattr(RecordOutcomeDialog, "ask",
                        classmethod(lambda cls, parent: ("strategy_discussion", date.today())))
    with qtbot.waitSignal(page.outcome_recorded) as done:
        page.outcome_button.click()
    assert done.args == [referral]
    qtbot.waitUntil(lambda: page.count_buttons[ov.NO_OUTCOME].text().startswith("0 "))
    outcomes = records.call(lambda s: s.oversight.outcomes(referral))
    assert [o[0] for o in outcomes] == ["strategy_discussion"]


def test_overview_in_vietnamese(qtbot, records, monkeypatch) -> None:
    _fill(records)
    _two_hours_later(monkeypatch)
    i18n.set_language("vi")
    try:
        page = _page(qtbot, records)
        assert page.heading.text() == "Tổng quan dành cho người phụ trách"
        assert page.count_buttons[ov.OVERDUE].text() == "2 việc đã quá hạn"
    finally:
        i18n.set_language("en")


def test_a_periodic_report_from_the_app(qtbot, records, monkeypatch, tmp_path) -> None:
    from desktop.ui.pages.report_dialog import PeriodicReportDialog

    _fill(records)
    page = _page(qtbot, records)
    today = datetime.now(UTC).date()
    period = f"{today.year}-H{1 if today.month <= 6 else 2}"
    out = tmp_path / "report.pdf"
    monkeypatch.setattr(PeriodicReportDialog, "ask",
                        classmethod(lambda cls, parent: (period, "vi")))
    monkeypatch.setattr(PeriodicReportDialog, "ask_path",
                        classmethod(lambda cls, parent, suggested: out))
    with qtbot.waitSignal(page.report_saved, timeout=30000):
        page.report_button.click()
    assert out.read_bytes().startswith(b"%PDF")
    assert "report" in page.list_heading.text().lower() or "báo cáo" in page.list_heading.text()


def test_the_period_dialog_refuses_a_bad_period(qtbot) -> None:
    from desktop.ui.pages.report_dialog import PeriodicReportDialog, default_period

    assert default_period(date(2026, 3, 1)) == "2025-H2"
    assert default_period(date(2026, 9, 1)) == "2026-H1"
    dialog = PeriodicReportDialog()
    qtbot.addWidget(dialog)
    dialog.period.setText("2026-H3")
    dialog._accept()
    assert dialog.error.isVisibleTo(dialog) and dialog.result() == 0
