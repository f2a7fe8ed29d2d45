"""A referral outcome recorded on a field device reaches the lead's overview and report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_desktop_sync import org, record, sync, write  # noqa: F401 - org is a fixture

from desktop.app import oversight as ov
from desktop.app.services import Services
from desktop.domain.events import now_utc
from desktop.domain.periods import parse_period


def test_an_outcome_travels_with_its_referral(
        org: tuple[Path, Path], capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field = org
    person = record(field, "Thị Hoa")

    def refer(s: Services) -> str:
        referral = s.referrals.record_export(person, "vn-bien-ban-ban-giao",
                                             {"en": "Hand-over", "vi": "Bàn giao"}, "Sở",
                                             "X-1", "vi", False)
        s.oversight.record_outcome(referral, "accepted", date.today())
        return referral

    referral = write(field, refer)
    sync(capsys, monkeypatch, field)
    assert sync(capsys, monkeypatch, lead)["conflicts"] == 0

    def look(s: Services) -> tuple[list[str], int, str, bool]:
        today = now_utc().date()
        report = s.oversight.report(parse_period(f"{today.year}-{today.month:02d}"))
        cells = {c.key: c.text() for c in report.table("referrals_by_outcome").table.cells}
        return ([o[0] for o in s.oversight.outcomes(referral)],
                s.oversight.overview().counts[ov.NO_OUTCOME], cells["accepted"],
                s.checks.run().ok)

    outcomes, waiting, accepted, ok = write(lead, look)
    assert outcomes == ["accepted"] and waiting == 0 and ok
    assert accepted == "*"  # one referral: the breakdown of fewer than five is withheld
