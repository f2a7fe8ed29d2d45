"""Small-count suppression: checked against a brute-force attacker who knows the rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.periods import PeriodError, parse_period
from desktop.domain.suppression import (
    SECONDARY,
    SHOWN,
    SMALL,
    THRESHOLD,
    WITHHELD,
    Table,
    suppress,
)


def _candidates(state: str, total: int) -> range:
    if state == SMALL:
        return range(1, THRESHOLD)
    if state == SECONDARY:
        return range(THRESHOLD, total + 1)
    return range(0, total + 1)  # withheld


def consistent_tables(table: Table) -> list[tuple[int, ...]]:
    """Every table of counts a reader could not tell apart from the published one."""
    hidden = [i for i, c in enumerate(table.cells) if c.state != SHOWN]
    shown_sum = sum(c.value for c in table.cells if c.state == SHOWN)
    out: list[tuple[int, ...]] = []

    def walk(pos: int, acc: list[int], running: int) -> None:
        if running > table.total and table.additive:
            return
        if pos == len(hidden):
            if (running == table.total) if table.additive else (running >= table.total):
                values = [c.value for c in table.cells]
                for i, v in zip(hidden, acc, strict=True):
                    values[i] = v
                out.append(tuple(values))
            return
        for v in _candidates(table.cells[hidden[pos]].state, table.total):
            walk(pos + 1, [*acc, v], running + v)

    walk(0, [], shown_sum)
    return out


counts = st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=4)


@settings(max_examples=150, deadline=None)
@given(counts, st.booleans())
def test_no_small_count_can_be_narrowed_from_what_is_published(values: list[int],
                                                               additive: bool) -> None:
    total = sum(values) if additive else max([*values, 0])
    table = suppress([(f"k{i}", v) for i, v in enumerate(values)], total, additive=additive)
    # Nothing from 1 to 4 is ever printed as a number.
    for cell in table.cells:
        if cell.state == SHOWN:
            assert not 0 < cell.value < THRESHOLD
            assert cell.text() == str(cell.value)
        else:
            assert cell.text() in (f"< {THRESHOLD}", "*")
    if table.total_state != SHOWN:
        assert all(c.state == WITHHELD for c in table.cells)
        return
    worlds = consistent_tables(table)
    assert tuple(values) in worlds  # the truth is among what a reader considers possible
    for i, cell in enumerate(table.cells):
        if 0 < cell.value < THRESHOLD and cell.state != WITHHELD:
            assert cell.state == SMALL
            possible = {w[i] for w in worlds}
            assert possible == {1, 2, 3, 4}, (values, table)
        if cell.state == WITHHELD and table.additive and table.total >= THRESHOLD:
            # a withheld small cell must not be pinned either
            assert len({w[i] for w in worlds}) > 1


def test_one_small_cell_beside_a_total_gets_a_partner() -> None:
    table = suppress([("female", 3), ("male", 40), ("other", 9), ("unknown", 0)], 52,
                     additive=True)
    states = {c.key: c.state for c in table.cells}
    assert states == {"female": SMALL, "male": SHOWN, "other": SECONDARY, "unknown": SHOWN}
    assert [c.text() for c in table.cells] == ["< 5", "40", "*", "0"]
    assert table.total_text() == "52"


def test_a_table_that_cannot_be_protected_is_withheld() -> None:
    # 1 and 5 add to 6: hiding both still gives 1 = 6 - 5 (a "*" cell holds at least 5).
    table = suppress([("a", 1), ("b", 5)], 6, additive=True)
    assert all(c.state == WITHHELD for c in table.cells)
    assert table.total_text() == "6"


def test_a_total_below_five_withholds_the_breakdown() -> None:
    table = suppress([("a", 2), ("b", 0)], 2, additive=True)
    assert table.total_text() == "< 5"
    assert [c.text() for c in table.cells] == ["*", "*"]


def test_additive_cells_must_add_up() -> None:
    with pytest.raises(ValueError):
        suppress([("a", 2)], 3, additive=True)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2026", date(2026, 1, 1), date(2027, 1, 1)),
    ("2026-H1", date(2026, 1, 1), date(2026, 7, 1)),
    ("2026-h2", date(2026, 7, 1), date(2027, 1, 1)),
    ("2026-Q3", date(2026, 7, 1), date(2026, 10, 1)),
    ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
    ("2026-05", date(2026, 5, 1), date(2026, 6, 1)),
    ("2026-12", date(2026, 12, 1), date(2027, 1, 1)),
])
def test_periods(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert period.contains(start) and not period.contains(end)


@pytest.mark.parametrize("text", ["26", "2026-H3", "2026-Q5", "2026-13", "2026-00", "2026/05",
                                  "", "2026-05-01"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)
