"""Typed dates: every way people write one in England and Viet Nam, day first; the rest
refused, never guessed."""

from __future__ import annotations

from datetime import date, time

import pytest

from desktop.domain.typed_dates import parse_date, parse_date_time


@pytest.mark.parametrize("text", [
    "21 jun 2013", "21 June 2013", "21 JUN 2013", "June 21, 2013", "21st June 2013",
    "21/06/2013", "21/6/2013", "21.06.2013", "21-06-2013", "2013-06-21", "2013/06/21",
    "21 tháng 6 2013", "ngày 21 tháng 6 năm 2013", "21 thg 6 2013", "  21/06/2013 ",
])
def test_the_same_day_however_it_is_written(text: str) -> None:
    assert parse_date(text) == date(2013, 6, 21)


def test_day_first_for_both_countries() -> None:
    assert parse_date("12/03/2012") == date(2012, 3, 12)
    assert parse_date("12 mar 2012") == date(2012, 3, 12)
    assert parse_date("12 tháng 3 2012") == date(2012, 3, 12)


@pytest.mark.parametrize("text", [
    "", "21 jun", "jun 2013", "21/06", "21/06/13", "31/02/2013", "21/13/2013", "yesterday",
    "21 jun 2013 x", "21 junk 2013", "1/2/3/4", "0/06/2013", "21 jun jul 2013",
])
def test_not_a_date_is_refused(text: str) -> None:
    assert parse_date(text) is None


def test_date_and_time() -> None:
    noon = time(12, 0)
    assert parse_date_time("21/06/2013 14:30", noon) == (date(2013, 6, 21), time(14, 30))
    assert parse_date_time("21 tháng 6 2013 14h30", noon) == (date(2013, 6, 21), time(14, 30))
    assert parse_date_time("21 jun 2013 2.30pm", noon) == (date(2013, 6, 21), time(14, 30))
    assert parse_date_time("21 jun 2013", noon) == (date(2013, 6, 21), noon)
    assert parse_date_time("21 jun 2013 25:00", noon) is None
    assert parse_date_time("14:30", noon) is None
