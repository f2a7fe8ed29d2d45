"""Released reports cannot be subtracted from each other to recover a hidden count: which
periods may be released, and a composed report showing only sums of what its parts showed."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from test_suppression import consistent_tables

from desktop.domain import releases
from desktop.domain.periods import parse_period
from desktop.domain.report_data import Report, ReportTable
from desktop.domain.suppression import SHOWN, SMALL, THRESHOLD, suppress

KEYS = ("a", "b", "c")


def _report(period: str, counts: list[int]) -> Report:
    p = parse_period(period)
    table = ReportTable("t", {"en": "t"}, {"en": "people"}, {k: {"en": k} for k in KEYS},
                        suppress(list(zip(KEYS, counts, strict=True)), sum(counts),
                                 additive=True))
    return Report(p.text, p.kind, p.start.isoformat(), p.last_day.isoformat(), "england",
                  "Org", "2027-01-05", (table,))


def test_which_released_periods_cover_a_period() -> None:
    year, h1, h2 = (parse_period(t) for t in ("2026", "2026-H1", "2026-H2"))
    q3, q4 = parse_period("2026-Q3"), parse_period("2026-Q4")
    assert releases.partition(year, [h1]) is None
    assert releases.partition(year, [h1, h2]) == [h1, h2]
    assert releases.partition(year, [h2, q3, q4, h1]) == [h1, h2]
    assert releases.partition(year, [h1, q3, q4]) == [h1, q3, q4]
    assert releases.partition(h1, [year]) is None
    assert releases.overlaps(year, q3) and not releases.overlaps(h1, q3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=3, max_size=3),
       st.lists(st.integers(0, 9), min_size=3, max_size=3))
def test_subtracting_released_reports_reveals_no_hidden_count(first: list[int],
                                                              second: list[int]) -> None:
    h1, h2 = _report("2026-H1", first), _report("2026-H2", second)
    year = releases.compose(parse_period("2026"), [h1, h2], "2027-01-05")
    # Round trip through what the audit log keeps: the published figures only.
    year = releases.from_published(releases.published(year))
    assert year.parts == ("2026-H1", "2026-H2")
    t1, t2, ty = (r.table("t").table for r in (h1, h2, year))
    # The reader knows all three published tables. Every pair of half-year tables consistent
    # with the halves must also be consistent with the year...
    worlds = [(a, b) for a, b in itertools.product(consistent_tables(t1), consistent_tables(t2))
              if all(c.state != SHOWN or c.value == a[i] + b[i]
                     for i, c in enumerate(ty.cells))
              and (ty.total_state != SHOWN or ty.total == sum(a) + sum(b))]
    assert len(worlds) == len(consistent_tables(t1)) * len(consistent_tables(t2))
    # ...so each small count stays anywhere from 1 to 4, as its own report left it.
    for part, index in ((t1, 0), (t2, 1)):
        for i, cell in enumerate(part.cells):
            if cell.state == SMALL:
                assert {w[index][i] for w in worlds} == set(range(1, THRESHOLD))
    if t1.total_state == SHOWN and t2.total_state == SHOWN:
        assert ty.total_text() == str(t1.total + t2.total)
    else:
        assert ty.total_text() == "*"


def _table(cells: list[tuple[str, int]]) -> ReportTable:
    return ReportTable("t", {"en": "t"}, {"en": "people"}, {k: {"en": k} for k, _ in cells},
                       suppress(cells, sum(v for _, v in cells), additive=True))


def test_a_place_missing_from_a_part_is_a_zero_there_unless_rare_ones_were_grouped() -> None:
    h1 = _table([("hà giang", 5), ("lào cai", 6)])
    h2 = _table([("lào cai", 8)])
    year = releases.compose_table([h1, h2])
    assert {c.key: c.text() for c in year.table.cells} == {"hà giang": "5", "lào cai": "14"}
    h2_rare = _table([("lào cai", 8), ("~other", 2)])
    year = releases.compose_table([h1, h2_rare])
    assert {c.key: c.text() for c in year.table.cells} == {
        "hà giang": "*", "lào cai": "*", "~other": "*"}
