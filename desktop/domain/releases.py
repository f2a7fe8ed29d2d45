"""Which reporting periods may be released, so that comparing reports reveals nothing (issue 18).

Suppression protects one table. Two tables of overlapping periods can be subtracted: a year
showing 7 girls and its first half showing 5 say that 2 were seen in the second half, a count
its own report hid. The same period released twice, before and after a late record, differs by
exactly that record. So a vault remembers every report it released (the published figures, in
the audit log) and keeps to three rules:

1. A period is released only once it has ended: figures for a running period would change.
2. A period already released is released again with the figures first published, never
   recounted.
3. A new period may not overlap a released one, except when it is exactly covered by released
   periods that do not overlap each other (a year whose two halves were released, a half whose
   three quarters were): it is then composed from their published figures, a figure shown only
   where every part showed it (their sum), so it tells nothing the parts did not.

Every released figure is therefore a sum of figures from non-overlapping released tables, each
protected by primary and secondary suppression: no difference of two reports can reveal a
suppressed count. The cost, stated in the report: a composed report counts a person once in each
part in which they had a concern, and hides a figure that any part hid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from desktop.domain.periods import Period
from desktop.domain.report_data import Report, ReportTable
from desktop.domain.suppression import SHOWN, Cell, Table

COMPOSED_HIDDEN = "composed_hidden"  # hidden because a part hid it; printed "*"
HIDDEN = "hidden"  # a total hidden because a part's was; printed "*"
OTHER = "~other"  # the key rare nationalities and places are grouped under (app/reports.py)


def overlaps(a: Period, b: Period) -> bool:
    return a.start < b.end and b.start < a.end


def contains(outer: Period, inner: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def partition(period: Period, released: Sequence[Period]) -> list[Period] | None:
    """Released periods that exactly cover `period` without overlapping each other, longest
    first and in date order; None when they do not cover it."""
    inside = sorted((p for p in released if contains(period, p) and p != period),
                    key=lambda p: (p.start - p.end, p.start))
    chosen: list[Period] = []
    for p in inside:
        if not any(overlaps(p, q) for q in chosen):
            chosen.append(p)
    days = sum((p.end - p.start).days for p in chosen)
    if not chosen or days != (period.end - period.start).days:
        return None
    return sorted(chosen, key=lambda p: p.start)


def compose_table(parts: Sequence[ReportTable]) -> ReportTable:
    """One table from the same table of each part: a cell is the sum of the parts' cells when
    every part showed it, otherwise hidden; the same for the total."""
    keys: list[str] = []
    labels: dict[str, dict[str, str]] = {}
    for part in parts:
        for cell in part.table.cells:
            if cell.key not in keys:
                keys.append(cell.key)
        labels.update(part.labels)
    cells = []
    for key in keys:
        found = [_cell(p.table, key) for p in parts]
        if all(c is not None and c.state == SHOWN for c in found):
            cells.append(Cell(key, sum(c.value for c in found if c is not None), SHOWN))
        else:
            cells.append(Cell(key, 0, COMPOSED_HIDDEN))
    totals_shown = all(p.table.total_state == SHOWN for p in parts)
    total = sum(p.table.total for p in parts) if totals_shown else 0
    first = parts[0]
    return ReportTable(first.id, first.title, first.unit, labels,
                       Table(tuple(cells), total, SHOWN if totals_shown else HIDDEN,
                             first.table.additive))


def _cell(table: Table, key: str) -> Cell | None:
    """A part's cell for `key`. A key the part lacks was a zero there, unless the part groups
    rare keys under "other" (a rare nationality or place): then it may be inside that."""
    found = next((c for c in table.cells if c.key == key), None)
    if found is None and not any(c.key == OTHER for c in table.cells):
        return Cell(key, 0, SHOWN)
    return found


def compose(period: Period, parts: Sequence[Report], created: str) -> Report:
    """The report for `period` from the released reports of its parts."""
    tables = tuple(compose_table([p.table(t.id) for p in parts]) for t in parts[0].tables)
    return replace(parts[0], period=period.text, period_kind=period.kind,
                   start=period.start.isoformat(), end=period.last_day.isoformat(),
                   created=created, tables=tables, parts=tuple(p.period for p in parts))


# --- what is remembered of a released report: the published figures only -----------------
def published(report: Report) -> dict[str, object]:
    """The report as printed (hidden values are not kept), for the audit log."""
    return {
        "period": report.period, "kind": report.period_kind, "start": report.start,
        "end": report.end, "jurisdiction": report.jurisdiction, "org": report.org_name,
        "created": report.created, "parts": list(report.parts),
        "tables": [{
            "id": t.id, "title": t.title, "unit": t.unit, "labels": t.labels,
            "additive": t.table.additive,
            "total": t.table.total if t.table.total_state == SHOWN else None,
            "total_state": t.table.total_state,
            "cells": [[c.key, c.value if c.state == SHOWN else None, c.state]
                      for c in t.table.cells],
        } for t in report.tables],
    }


def from_published(data: dict[str, object]) -> Report:
    tables = []
    for t in data["tables"]:  # type: ignore[attr-defined]
        cells = tuple(Cell(str(k), int(v or 0), str(s)) for k, v, s in t["cells"])
        state = str(t["total_state"])
        tables.append(ReportTable(str(t["id"]), dict(t["title"]), dict(t["unit"]),
                                  {str(k): dict(v) for k, v in t["labels"].items()},
                                  Table(cells, int(t["total"] or 0), state,
                                        bool(t["additive"]))))
    return Report(str(data["period"]), str(data["kind"]), str(data["start"]),
                  str(data["end"]), str(data["jurisdiction"]), str(data["org"]),
                  str(data["created"]), tuple(tables),
                  tuple(str(p) for p in data.get("parts", ())))  # type: ignore[attr-defined]

