"""The first save of a session does not wait for the holidays: they are prepared ahead."""

from __future__ import annotations

from datetime import date

from desktop.app.session import prepare_deadlines
from desktop.content import jurisdictions


def test_prepared_deadlines_leave_the_first_save_nothing_to_build() -> None:
    jurisdictions._holidays.cache_clear()  # noqa: SLF001 - a session's first save, cold
    prepare_deadlines("england")
    before = jurisdictions._holidays.cache_info()  # noqa: SLF001
    calendar = jurisdictions.load("england").holidays_around(date.today())
    after = jurisdictions._holidays.cache_info()  # noqa: SLF001
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    assert date(date.today().year, 12, 25) in calendar


def test_an_unknown_jurisdiction_is_left_to_the_save_to_report() -> None:
    prepare_deadlines("atlantis")  # no exception on the work thread
