"""A group received offline at a border gate reaches the lead through the hub like any other
record (issue 17): members, the group, its signature and its hand-over, each event once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hubkit import Hub
from test_desktop_sync import org, sync, write  # noqa: F401 - `org` is a fixture

from desktop.app.services import Services
from desktop.domain.groups import Reception, parse_row


def test_a_group_received_in_the_field_reaches_the_lead_whole(
        org: tuple[Path, Path], hub: Hub, capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field = org

    def receive(s: Services) -> str:
        rows = [parse_row({"name": n, "sex": "nữ", "birth_year": y, "ethnicity": "H'Mông",
                           "accompanies": a}, date(2026, 12, 4))
                for n, y, a in (("Vàng Thị Mỷ", "1998", ""), ("Sùng Thị Dợ", "2012", "1"),
                                ("Lý Thị Mẩy", "?", ""))]
        got = s.intake.receive(Reception(
            received_at=datetime(2026, 12, 3, 22, 40, tzinfo=UTC).isoformat(),
            place="Cửa khẩu quốc tế Lào Cai", handed_over_by="Hà Khẩu"), rows)
        s.intake.sign(got.group_id)
        s.intake.hand_over(got.group_id, list(got.person_ids), "UBND xã Bản Phiệt")
        return got.group_id

    group_id = write(field, receive)
    pushed = sync(capsys, monkeypatch, field)
    pulled = sync(capsys, monkeypatch, lead)
    assert pulled["pulled"] == pushed["pushed"] and pulled["conflicts"] == 0

    def look(s: Services) -> tuple[list[tuple[str, bool, str]], object, bool]:
        members = [(m.name, m.child, m.state) for m in s.intake.members(group_id)]
        return members, s.intake.groups()[0].closed_at, s.checks.run().ok

    members, closed, ok = write(lead, look)
    assert members == [("Vàng Thị Mỷ", False, "handed_over"),
                       ("Sùng Thị Dợ", True, "handed_over"),
                       ("Lý Thị Mẩy", True, "handed_over")]
    assert closed is not None and ok


def test_a_group_changed_in_the_field_reaches_the_lead_with_its_changes(
        org: tuple[Path, Path], hub: Hub, capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A signed reception amended and a late arrival added on a field device: the lead sees
    the same group (and the full check agrees with a rebuild)."""
    lead, field = org

    def receive_and_amend(s: Services) -> str:
        rows = [parse_row({"name": n, "sex": "nữ", "birth_year": "1998",
                           "ethnicity": "H'Mông"}, date(2026, 12, 4))
                for n in ("Vàng Thị Mỷ", "Lý Thị Mẩy")]
        got = s.intake.receive(Reception(
            received_at=datetime(2026, 12, 3, 22, 40, tzinfo=UTC).isoformat(),
            place="Cửa khẩu quốc tế Lào Cai", handed_over_by="Hà Khẩu"), rows)
        s.intake.sign(got.group_id)
        late = parse_row({"name": "Mùa Thị Sênh", "sex": "nữ", "birth_year": "2011",
                          "ethnicity": "H'Mông"}, date(2026, 12, 4))
        s.group_changes.amend(got.group_id, "Đến muộn", add=[late],
                              reception={"witness": "Hà Văn Tùng"})
        return got.group_id

    group_id = write(field, receive_and_amend)
    pushed = sync(capsys, monkeypatch, field)
    pulled = sync(capsys, monkeypatch, lead)
    assert pulled["pulled"] == pushed["pushed"] and pulled["conflicts"] == 0

    def look(s: Services) -> tuple[list[str], str, int, bool]:
        return ([m.name for m in s.intake.members(group_id)],
                s.intake.get(group_id)["reception"]["witness"],
                len(s.group_changes.amendments(group_id)), s.checks.run().ok)

    names, witness, changes, ok = write(lead, look)
    assert names == ["Vàng Thị Mỷ", "Lý Thị Mẩy", "Mùa Thị Sênh"]
    assert witness == "Hà Văn Tùng" and changes == 1 and ok
