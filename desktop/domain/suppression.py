"""Small-count suppression for published tables (issue 18).

A count from 1 to 4 could identify a person, so it is shown as "< 5" (primary suppression).
Hiding it alone is not enough when the table also shows its total: the hidden cell is the total
minus the others. So further cells are hidden (secondary suppression, shown as "*") until no
hidden small count can be narrowed below "somewhere from 1 to 4" by arithmetic on what is shown.

The attacker we protect against knows these rules: a "< 5" cell holds 1-4, a "*" cell holds 5
or more, a withheld cell holds 0 or more, shown cells are exact, and either the cells add up to
the total (each person counted once: `additive`) or they add up to at least the total (a
concern may have several categories). When hiding cells cannot achieve that, every cell of the
table is withheld and only the total is shown; when the total itself is below 5, the whole
table is withheld (a breakdown of fewer than five people says too much whatever is hidden).

Differences between reports of overlapping periods (a year minus its first half) are prevented
by which periods may be released (domain/releases.py). Not covered: the choice of secondary
cells (the smallest eligible ones) as a clue; the report states it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5

SHOWN = "shown"
SMALL = "small"  # primary: 1 to THRESHOLD - 1, printed "< 5"
SECONDARY = "secondary"  # hidden to protect a small cell, printed "*"
WITHHELD = "withheld"  # the whole table is withheld, printed "*"

UNBOUNDED = 10**9


@dataclass(frozen=True)
class Cell:
    key: str
    value: int  # the true count; never printed unless state is SHOWN
    state: str

    def text(self) -> str:
        if self.state == SHOWN:
            return str(self.value)
        if self.state == SMALL:
            return f"< {THRESHOLD}"
        return "*"


@dataclass(frozen=True)
class Table:
    cells: tuple[Cell, ...]
    total: int
    total_state: str  # SHOWN or SMALL
    additive: bool

    def total_text(self) -> str:
        if self.total_state == SHOWN:
            return str(self.total)
        return f"< {THRESHOLD}" if self.total_state == SMALL else "*"

    @property
    def withheld(self) -> bool:
        return any(c.state == WITHHELD for c in self.cells)

    def published(self) -> list[int | None]:
        """What a reader learns exactly: the count, or None where hidden."""
        return [c.value if c.state == SHOWN else None for c in self.cells]


def bounds(state: str, value: int) -> tuple[int, int]:
    """What the attacker knows about one cell from how it is printed."""
    if state == SHOWN:
        return value, value
    if state == SMALL:
        return 1, THRESHOLD - 1
    if state == SECONDARY:
        return THRESHOLD, UNBOUNDED
    return 0, UNBOUNDED


def feasible_ranges(states: Sequence[str], values: Sequence[int], total: int,
                    additive: bool) -> list[tuple[int, int]]:
    """For each cell, the smallest and largest value consistent with the published table (the
    total shown exactly). One linear constraint over box bounds: each cell's range is its box
    cut by what the other cells can absorb."""
    box = [bounds(s, v) for s, v in zip(states, values, strict=True)]
    sum_lo = sum(lo for lo, _ in box)
    sum_hi = sum(min(hi, UNBOUNDED) for _, hi in box)
    out = []
    for lo, hi in box:
        others_lo, others_hi = sum_lo - lo, sum_hi - hi
        low = max(lo, total - others_hi)
        high = min(hi, total - others_lo) if additive else hi
        out.append((low, high))
    return out


def protected(states: Sequence[str], values: Sequence[int], total: int, additive: bool) -> bool:
    """Every small cell could still be any of 1..4 given what is shown."""
    ranges = feasible_ranges(states, values, total, additive)
    return all(lo <= 1 and hi >= THRESHOLD - 1
               for (lo, hi), s in zip(ranges, states, strict=True) if s == SMALL)


def suppress(counts: Sequence[tuple[str, int]], total: int, *, additive: bool) -> Table:
    """Apply primary and secondary suppression to one table of (key, count) with its total."""
    keys = [k for k, _ in counts]
    values = [int(v) for _, v in counts]
    if any(v < 0 for v in values) or total < 0:
        raise ValueError("counts cannot be negative")
    if additive and sum(values) != total:
        raise ValueError("an additive table's cells must add up to its total")
    if 0 < total < THRESHOLD:
        return Table(tuple(Cell(k, v, WITHHELD) for k, v in zip(keys, values, strict=True)),
                     total, SMALL, additive)
    states = [SMALL if 0 < v < THRESHOLD else SHOWN for v in values]
    candidates = sorted((v, i) for i, v in enumerate(values) if v >= THRESHOLD)
    while not protected(states, values, total, additive):
        if not candidates:
            states = [WITHHELD] * len(values)
            break
        _, index = candidates.pop(0)
        states[index] = SECONDARY
    return Table(tuple(Cell(k, v, s) for k, v, s in zip(keys, values, states, strict=True)),
                 total, SHOWN, additive)
