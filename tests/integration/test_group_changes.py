"""A received group changed afterwards (issue 17): a signed reception amended (what, who, why;
the sealed original kept), a late arrival added and a member's name corrected (audited), each
member's own follow-up tasks once each, and the group on the member's record."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from test_export import pdftext
from test_group_intake import TODAY, reception, twelve_csv, vn  # noqa: F401
from vaultkit import OpenVault

from desktop.app.intake import read_csv
from desktop.content.checklists import frameworks
from desktop.domain import events as ev
from desktop.domain.assessments import Answer
from desktop.domain.groups import parse_row
from desktop.vault import projections
from desktop.vault.errors import InvalidInput


def _received(vn: OpenVault) -> tuple[str, list[str]]:  # noqa: F811
    result = vn.services.intake.receive(reception(), read_csv(twelve_csv(), TODAY))
    return result.group_id, list(result.person_ids)


def _rules(vn: OpenVault, person_id: str) -> Counter[str]:  # noqa: F811
    return Counter(t.rule_id or "" for t in vn.services.tasks.list(person_id=person_id))


def test_a_signed_reception_is_amended_and_the_original_stays(vn: OpenVault) -> None:  # noqa: F811
    group_id, _ = _received(vn)
    digest = vn.services.intake.sign(group_id)
    amendment = vn.services.group_changes.amend(
        group_id, "Phiên dịch viên ghi nhầm tên", reception={"interpreter": "Lò Văn Pảo"})
    data = vn.services.intake.get(group_id)
    assert data["reception"]["interpreter"] == "Lò Văn Pảo"
    assert data["content_hash"] == digest  # the seal is untouched
    [change] = vn.services.group_changes.amendments(group_id)
    assert change["id"] == amendment and change["author"] == "Ada Admin"
    assert change["reason"] == "Phiên dịch viên ghi nhầm tên"
    assert change["reception"] == {"interpreter": {"from": "Lò Văn Páo", "to": "Lò Văn Pảo"}}
    # The signed original is still in the log, word for word.
    [(payload,)] = vn.vault.read("SELECT payload FROM events WHERE record_id = ? AND kind = ?",
                                 (group_id, ev.GROUP_RECEIVED))
    assert json.loads(payload)["reception"]["interpreter"] == "Lò Văn Páo"
    audited = vn.vault.read("SELECT detail FROM audit WHERE record_id = ? AND action = ?",
                            (group_id, "record.changed"))
    assert any("group.amended" in str(d[0]) for d in audited)
    # A change needs a reason, and must change something.
    with pytest.raises(InvalidInput):
        vn.services.group_changes.amend(group_id, "", reception={"witness": "Ai đó"})
    with pytest.raises(InvalidInput):
        vn.services.group_changes.amend(group_id, "Không có gì",
                                        reception={"interpreter": "Lò Văn Pảo"})


def test_a_late_arrival_and_a_corrected_name_after_receipt(vn: OpenVault) -> None:  # noqa: F811
    group_id, ids = _received(vn)
    vn.services.intake.sign(group_id)
    late = parse_row({"name": "Mùa Thị Sênh", "sex": "nữ", "birth_year": "2011",
                      "ethnicity": "H'Mông", "accompanies": "1"}, TODAY)
    first = vn.services.group_changes.member_row(group_id, ids[0])
    corrected = parse_row({"name": "Vàng Thị Mai", "sex": "nữ", "birth_year": "1997",
                           "ethnicity": "H'Mông"}, TODAY)
    vn.services.group_changes.amend(group_id, "Đến muộn; sửa tên theo CCCD", add=[late],
                                    change={ids[0]: corrected})
    members = vn.services.intake.members(group_id)
    assert len(members) == 13
    newcomer = members[-1]
    assert (newcomer.n, newcomer.name, newcomer.child) == (13, "Mùa Thị Sênh", True)
    assert newcomer.adult_id == ids[0]
    assert members[0].name == "Vàng Thị Mai" and members[0].row["birth_year"] == 1997
    assert first.name == "Vàng Thị Mỷ"
    person = vn.services.people.get(ids[0]).person
    assert (person.family_name, person.given_names) == ("Vàng", "Thị Mai")
    # The late arrival has their own follow-up tasks, as the others had.
    rules = _rules(vn, newcomer.person_id)
    assert {"handback_joint_reception", "initial_verification", "notify_relatives"} <= set(rules)
    [change] = vn.services.group_changes.amendments(group_id)
    assert change["added_names"] == ["Mùa Thị Sênh"]
    assert change["changed_names"] == ["Vàng Thị Mai"]
    # The forms list 13 people and the change.
    context = vn.services.intake.form_context(group_id)
    assert context["group"]["count"] == 13
    assert context["group"]["amendments"][0]["reason"] == "Đến muộn; sửa tên theo CCCD"
    # Rebuilding from the log gives the same group.
    before = (vn.vault.read("SELECT data, members FROM groups"),
              vn.vault.read("SELECT * FROM group_members ORDER BY n"))
    with vn.vault.transaction():
        projections.rebuild(vn.vault.conn)
    assert (vn.vault.read("SELECT data, members FROM groups"),
            vn.vault.read("SELECT * FROM group_members ORDER BY n")) == before


def test_each_member_has_their_own_tasks_once(vn: OpenVault) -> None:  # noqa: F811
    group_id, ids = _received(vn)
    for pid in ids:
        rules = _rules(vn, pid)
        assert {"handback_joint_reception", "handback_essentials", "handback_transfer",
                "initial_verification"} <= set(rules), pid
        assert all(n == 1 for n in rules.values()), rules
    child = next(m for m in vn.services.intake.members(group_id) if m.name == "Sùng Thị Dợ")
    assert "notify_relatives" in _rules(vn, child.person_id)
    # Screening a member afterwards asks for nothing they already have.
    fw = frameworks.latest("vn-victim-identification")
    answers = {i: Answer("yes") for i in ("vn.commodity.exchanged_for_money",
                                          "vn.purpose.forced_labour")}
    done = vn.services.assessments.submit(ids[0], fw, answers, "vi")
    assert done.outcome.route == "border_handback"
    assert all(n == 1 for n in _rules(vn, ids[0]).values()), _rules(vn, ids[0])


def test_a_member_record_names_their_group(vn: OpenVault) -> None:  # noqa: F811
    group_id, ids = _received(vn)
    assert vn.services.intake.group_of(ids[3]) == group_id
    info = vn.services.intake.group_info(ids[3])
    assert info is not None and info["id"] == group_id
    assert info["place"] == "Cửa khẩu quốc tế Lào Cai" and info["n"] == 4
    assert info["received_at"].startswith("2026-12-04T05:40")
    other = vn.services.people.register(
        vn.services.people.get(ids[0]).person)
    assert vn.services.intake.group_info(other) is None


def test_the_group_forms_print_the_changes(vn: OpenVault, tmp_path: Path) -> None:  # noqa: F811
    group_id, ids = _received(vn)
    plain = " ".join(pdftext(vn.services.intake.export_form(
        group_id, "vn-bien-ban-tiep-nhan-nhom", "vi"), tmp_path).stdout.split())
    assert "SỬA ĐỔI, BỔ SUNG" not in plain  # nothing changed: no empty section
    vn.services.intake.sign(group_id)
    late = parse_row({"name": "Mùa Thị Sênh", "sex": "nữ", "birth_year": "1990",
                      "ethnicity": "H'Mông"}, TODAY)
    vn.services.group_changes.amend(group_id, "Người đến muộn tại cửa khẩu", add=[late],
                                    reception={"witness": "Hà Văn Tùng"})
    for form_id in ("vn-bien-ban-tiep-nhan-nhom", "vn-bien-ban-ban-giao-nhom"):
        text = " ".join(pdftext(vn.services.intake.export_form(group_id, form_id, "vi"),
                                tmp_path).stdout.split())
        for words in ("SỬA ĐỔI, BỔ SUNG SAU KHI LẬP BIÊN BẢN", "Người đến muộn tại cửa khẩu",
                      "Bổ sung: Mùa Thị Sênh", "Người chứng kiến: → Hà Văn Tùng", "Ada Admin"):
            assert words in text, (form_id, words)
        assert "Mùa Thị Sênh" in text.split("SỬA ĐỔI")[0]  # listed among the members too


def test_a_concern_about_a_member_does_not_repeat_their_reception_tasks(
        vn: OpenVault) -> None:  # noqa: F811
    from dataclasses import replace

    from vaultkit import concern_for

    _group_id, ids = _received(vn)
    before = _rules(vn, ids[0])
    vn.services.concerns.record(replace(concern_for(ids[0], "Nói bị ép làm việc không lương."),
                                        categories=("trafficking",), told=()))
    after = _rules(vn, ids[0])
    assert all(n == 1 for n in after.values()), after
    assert set(before) <= set(after)


def test_a_late_arrival_reopens_a_closed_group_until_handed_over(vn: OpenVault) -> None:  # noqa: F811
    group_id, ids = _received(vn)
    vn.services.intake.hand_over(group_id, ids, "UBND xã Bản Phiệt")
    assert vn.services.intake.groups()[0].closed_at is not None
    late = parse_row({"name": "Mùa Thị Sênh", "sex": "nữ", "birth_year": "1990",
                      "ethnicity": "H'Mông"}, TODAY)
    vn.services.group_changes.amend(group_id, "Đến muộn", add=[late])
    assert vn.services.intake.groups()[0].closed_at is None
    newcomer = vn.services.intake.members(group_id)[-1]
    assert newcomer.state == "received"
    vn.services.intake.hand_over(group_id, [newcomer.person_id], "UBND xã Bản Phiệt")
    assert vn.services.intake.groups()[0].closed_at is not None


def test_a_disclosure_by_a_member_does_not_repeat_their_reception_tasks(
        vn: OpenVault) -> None:  # noqa: F811
    from datetime import UTC, datetime

    from desktop.content import jurisdictions
    from desktop.domain.disclosures import Disclosure, Told, Turn

    once = {r.id for r in jurisdictions.load("vietnam").task_rules if r.once_per_person}
    _group_id, ids = _received(vn)
    had = {pid: _rules(vn, pid) for pid in ids}
    assert any(had[pid]["notify_relatives"] for pid in ids)  # the group has a child
    for pid in ids:
        vn.services.disclosures.seal(Disclosure(
            person_id=pid, when=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            turns=(Turn("person", "Họ giữ giấy tờ của em."),), categories=("trafficking",),
            told=(Told("dsl", datetime(2026, 11, 20, 15, 20, tzinfo=UTC)),)))
        after = _rules(vn, pid)
        repeated = {rule: n for rule, n in after.items() if rule in once and n > 1}
        assert not repeated, repeated
