"""Group intake at a border hand-back (issue 17): a group of 12 from a list, in one
transaction; bad rows named by line; NFD names kept as NFC; children and disputed ages marked
as children; each member screened on their own; the group hand-over lists everyone."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from test_cli import waymark
from test_export import pdftext
from vaultkit import ADMIN_PASS, OpenVault, make_vault

from desktop.app.intake import BadRows, read_csv
from desktop.app.services import Services
from desktop.domain import events as ev
from desktop.domain.groups import Reception, parse_row
from desktop.vault.errors import InvalidInput, SealedRecord
from desktop.vault.store import Vault

TODAY = date(2026, 12, 4)
NAMES = ["Vàng Thị Mỷ", "Giàng A Dơ", "Sùng Thị Dợ", "Lý Thị Mẩy", "Thào Thị Chứ",
         "Hoàng Văn Sử", "Lò Thị Ngọc", "Nguyễn Thị Hường", "Tẩn Láo Mẩy", "Phàn Thị Quyên",
         "Vù Thị Dinh", "Đặng Thị Thủy"]
HEADER = "name,sex,birth_year,ethnicity,home_town,languages,interpreter,accompanies,needs\n"


def twelve_csv() -> str:
    lines = [HEADER]
    for n, name in enumerate(NAMES, start=1):
        if n == 2:  # typed on a Mac: decomposed
            name = unicodedata.normalize("NFD", name)
        year = {3: "2012", 4: "~16?"}.get(n, str(1995 + n))
        with_ = "1" if n == 3 else ""  # Sùng Thị Dợ, a child, came with Vàng Thị Mỷ
        needs = "khám sức khỏe" if n == 5 else ""
        sex = "nam" if n in (2, 6) else "nữ"
        lines.append(f"{name},{sex},{year},H'Mông,Bát Xát - Lào Cai,H'Mông;Tiếng Việt,có,"
                     f"{with_},{needs}\n")
    return "".join(lines)


def reception() -> Reception:
    return Reception(received_at=datetime(2026, 12, 3, 22, 40, tzinfo=UTC).isoformat(),
                     place="Cửa khẩu quốc tế Lào Cai",
                     handed_over_by="Trạm Biên phòng Hà Khẩu (Trung Quốc)",
                     receiving_unit="Đồn Biên phòng CKQT Lào Cai", interpreter="Lò Văn Páo")


@pytest.fixture
def vn(tmp_path: Path) -> OpenVault:
    folder = tmp_path / "vault"
    vault, code = make_vault(folder, jurisdiction="vietnam")
    opened = OpenVault(folder, vault, Services(vault), code)
    yield opened  # type: ignore[misc]
    opened.vault.close()


def test_a_list_of_twelve_becomes_twelve_people_in_one_group(vn: OpenVault) -> None:
    rows = read_csv(twelve_csv(), TODAY)
    result = vn.services.intake.receive(reception(), rows)
    assert len(result.person_ids) == 12
    members = vn.services.intake.members(result.group_id)
    assert [m.name for m in members] == NAMES  # NFD "Giàng A Dơ" stored as NFC
    assert all(unicodedata.is_normalized("NFC", m.name) for m in members)
    by_name = {m.name: m for m in members}
    assert by_name["Sùng Thị Dợ"].child  # born 2012
    assert by_name["Lý Thị Mẩy"].child  # age disputed: a child at once
    assert vn.services.people.get(by_name["Lý Thị Mẩy"].person_id).person.age_disputed
    assert not by_name["Hoàng Văn Sử"].child
    assert by_name["Sùng Thị Dợ"].adult_id == by_name["Vàng Thị Mỷ"].person_id
    assert {m.state for m in members} == {"received"}
    # An age settled later counts: the member is no longer treated as a child.
    settled = by_name["Lý Thị Mẩy"].person_id
    person = vn.services.people.get(settled).person
    vn.services.people.update(settled, replace(person, age_disputed=False, estimated_age=24))
    assert not {m.person_id: m for m in vn.services.intake.members(
        result.group_id)}[settled].child
    # Follow-up per person: the pathway's tasks (verification) for every member.
    for m in members:
        rules = {t.rule_id for t in vn.services.tasks.list(person_id=m.person_id)}
        # A hand-back at a border gate, not the commune route (seed 003 Điều 6.3, 7.1).
        assert {"handback_joint_reception", "initial_verification"} <= rules, m.n
        assert "hand_to_commune" not in rules, m.n
    # Immediate needs noted at reception (Thào Thị Chứ: a medical check) are a task at once.
    needs = [t for t in vn.services.tasks.list(person_id=by_name["Thào Thị Chứ"].person_id)
             if t.rule_id == "immediate_needs"]
    assert len(needs) == 1 and "y tế" in needs[0].title["vi"]
    assert not [t for t in vn.services.tasks.list(person_id=by_name["Lò Thị Ngọc"].person_id)
                if t.rule_id == "immediate_needs"]
    assert vn.services.checks.run().ok  # projections equal a replay of the log


def test_bad_rows_are_named_by_line_and_nothing_is_made(vn: OpenVault) -> None:
    text = HEADER + "Vàng Thị Mỷ,nữ,1999,H'Mông\n,nữ,2001,Dao\nGiàng A Dơ,ngựa,2000,H'Mông\n" \
        "Lý Thị Mẩy,nữ,năm ngoái,Dao\n"
    with pytest.raises(BadRows) as caught:
        read_csv(text, TODAY)
    assert [(b.line, b.column, b.code) for b in caught.value.rows] == [
        (3, "name", "name_required"), (4, "sex", "sex_invalid"),
        (5, "birth_year", "age_invalid")]
    assert "Giàng" not in str(caught.value)  # no personal data in the message
    with pytest.raises(BadRows) as missing:
        read_csv("name,sex\nA,nữ\n", TODAY)
    assert {b.column for b in missing.value.rows} == {"birth_year", "ethnicity"}
    before = vn.vault.read_one("SELECT count(*) FROM events")[0]
    with pytest.raises(InvalidInput):
        vn.services.intake.receive(reception(), [
            parse_row({"name": "A Páo", "accompanies": "7"}, TODAY)])
    assert vn.vault.read_one("SELECT count(*) FROM events")[0] == before
    assert vn.services.people.count() == 0


def test_each_member_is_screened_on_their_own_and_the_group_closes_when_all_handed_over(
        vn: OpenVault) -> None:
    result = vn.services.intake.receive(reception(), read_csv(twelve_csv(), TODAY))
    first, second = result.person_ids[:2]
    with vn.vault.transaction():  # an assessment for one member only
        vn.vault.append(ev.uuid7(), ev.ASSESSMENT_SUBMITTED, {
            "person_id": first, "framework_id": "vn-victim-identification",
            "framework_version": 1, "framework": {"title": {"en": "X", "vi": "X"}},
            "answers": {}, "outcome": {"level": "strong_concern"}})
    states = {m.person_id: (m.state, m.outcome) for m in vn.services.intake.members(
        result.group_id)}
    assert states[first] == ("screened", "strong_concern")
    assert states[second] == ("received", None)
    digest = vn.services.intake.sign(result.group_id)
    assert len(digest) == 64
    with pytest.raises(SealedRecord), vn.vault.transaction():
        vn.vault.append(result.group_id, ev.GROUP_RECEIVED, {"reception": {}, "members": []})
    # One goes a different way; the rest are handed over together.
    vn.services.intake.hand_over(result.group_id, [second], "Cơ sở bảo trợ xã hội tỉnh")
    assert vn.services.intake.groups()[0].closed_at is None
    vn.services.intake.hand_over(result.group_id, list(result.person_ids),
                                 "UBND xã Bản Phiệt")
    summary = vn.services.intake.groups()[0]
    assert summary.handed_over == 12 and summary.closed_at is not None
    assert {m.state for m in vn.services.intake.members(result.group_id)} == {"handed_over"}
    assert vn.services.checks.run().ok


def test_group_events_travel_with_the_rest(vn: OpenVault) -> None:
    assert {ev.GROUP_RECEIVED, ev.GROUP_SIGNED, ev.GROUP_HANDED_OVER} <= ev.SYNC_KINDS
    result = vn.services.intake.receive(reception(), read_csv(twelve_csv(), TODAY)[:2])
    stored = vn.vault.read_one("SELECT payload FROM events WHERE record_id = ?",
                               (result.group_id,))[0]
    assert json.loads(stored)["reception"]["place"] == "Cửa khẩu quốc tế Lào Cai"
    # 22:40 UTC is 05:40 the next morning at the gate: the forms print the local time.
    assert json.loads(stored)["reception"]["received_at"] == "2026-12-04T05:40:00+07:00"
    audit = vn.vault.read("SELECT detail FROM audit WHERE record_id = ?", (result.group_id,))
    assert audit and "Lào Cai" not in audit[0][0]


def test_intake_command_and_group_hand_over_form(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    vault, _ = make_vault(folder, jurisdiction="vietnam")
    vault.close()
    listing = tmp_path / "list.csv"
    listing.write_text(twelve_csv(), encoding="utf-8")
    done = waymark("intake", "group", "--vault", str(folder), "--user", "admin",
                   "--passphrase-stdin", "--file", str(listing), "--place",
                   "Cửa khẩu quốc tế Lào Cai", "--handed-over-by", "Trạm Biên phòng Hà Khẩu",
                   "--json", stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert len(out["people"]) == 12
    pdf = tmp_path / "bg.pdf"
    done = waymark("export", "--vault", str(folder), "--user", "admin", "--passphrase-stdin",
                   "--group", out["group"], "--form", "vn-bien-ban-ban-giao-nhom", "--lang",
                   "vi", "--out", str(pdf), stdin=ADMIN_PASS + "\n")
    assert done.returncode == 0, done.stderr
    text = " ".join(pdftext(pdf.read_bytes(), tmp_path).stdout.split())
    for name in NAMES:
        assert name in text, name
    assert "DANH SÁCH NGƯỜI ĐƯỢC BÀN GIAO" in text
    shown = waymark("intake", "show", "--vault", str(folder), "--user", "admin",
                    "--passphrase-stdin", "--group", out["group"], "--json",
                    stdin=ADMIN_PASS + "\n")
    assert shown.returncode == 0, shown.stderr
    members = json.loads(shown.stdout)["members"]
    assert [m["id"] for m in members] == out["people"]
    assert members[1]["name"] == "Giàng A Dơ"  # typed as NFD, kept as NFC
    assert [m["n"] for m in members if m["child"]] == [3, 4]
    assert members[2]["with"] == members[0]["id"]


def test_intake_command_reports_bad_rows_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    vault, _ = make_vault(folder, jurisdiction="vietnam")
    vault.close()
    listing = tmp_path / "list.csv"
    listing.write_text(HEADER + "Vàng Thị Mỷ,nữ,1999,H'Mông\nGiàng A Dơ,ngựa,2000,H'Mông\n",
                       encoding="utf-8")
    done = waymark("intake", "group", "--vault", str(folder), "--user", "admin",
                   "--passphrase-stdin", "--file", str(listing), "--place", "Cửa khẩu",
                   "--handed-over-by", "Hà Khẩu", "--json", stdin=ADMIN_PASS + "\n")
    assert done.returncode == 2
    assert "line 3: sex: sex_invalid" in done.stderr and "Giàng" not in done.stderr
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        assert Services(vault).people.count() == 0
        assert Services(vault).intake.groups() == []
    finally:
        vault.close()


def test_group_reception_record_and_a_separate_hand_over_print_who_they_should(
        vn: OpenVault, tmp_path: Path) -> None:
    from desktop.printing import forms

    result = vn.services.intake.receive(reception(), read_csv(twelve_csv(), TODAY))
    one = result.person_ids[2]  # Sùng Thị Dợ, a child, goes to a protection centre
    alone = vn.services.intake.hand_over(result.group_id, [one], "Trung tâm Bảo trợ xã hội",
                                         reason="Trẻ em cần được hỗ trợ riêng")
    vn.services.intake.hand_over(result.group_id, list(result.person_ids), "UBND xã Bản Phiệt")
    created = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    # Printed as recorded, so recorded in the gate's local time.
    assert all(h["at"].endswith("+07:00")
               for h in vn.services.intake.get(result.group_id)["handovers"])

    def text(form_id: str, handover: str | None = None) -> str:
        context = vn.services.intake.form_context(result.group_id, handover)
        pdf = forms.render(form_id, context, "vi", export_id="T-1", created=created)
        return " ".join(pdftext(pdf, tmp_path).stdout.split())

    received = text("vn-bien-ban-tiep-nhan-nhom")
    assert all(name in received for name in NAMES)
    for words in ("NGƯỜI PHIÊN DỊCH", "NGƯỜI CHỨNG KIẾN", "ĐẠI DIỆN BÊN GIAO",
                  "ĐẠI DIỆN BÊN NHẬN", "Lò Văn Páo", "Trạm Biên phòng Hà Khẩu"):
        assert words in received, words
    separate = text("vn-bien-ban-ban-giao-nhom", alone)
    assert "Sùng Thị Dợ" in separate and "Trung tâm Bảo trợ xã hội" in separate
    assert "Vàng Thị Mỷ" not in separate
    rest = text("vn-bien-ban-ban-giao-nhom")  # the latest: the other eleven
    assert "UBND xã Bản Phiệt" in rest and "Sùng Thị Dợ" not in rest
    assert sum(name in rest for name in NAMES) == 11


@pytest.mark.parametrize("size", [6, 8, 10, 12])
def test_the_group_reception_record_lists_the_people_from_the_first_page(
        vn: OpenVault, tmp_path: Path, size: int) -> None:
    """The list of people used to move whole to page 2 behind its heading, leaving page 1 half
    blank (8 people: 3 pages instead of 2): it starts under its heading on page 1 and goes on,
    column headings repeated, on page 2."""
    from desktop.printing import forms

    # Home towns written out in full, as in the demo: three lines a row in that column.
    csv = twelve_csv().replace("Bát Xát - Lào Cai",
                               '"Xã Bản Phiệt, huyện Bảo Thắng, tỉnh Lào Cai"')
    result = vn.services.intake.receive(reception(), read_csv(csv, TODAY)[:size])
    context = vn.services.intake.form_context(result.group_id, None)
    pdf = forms.render("vn-bien-ban-tiep-nhan-nhom", context, "vi", export_id="T-1",
                       created=datetime(2026, 12, 4, 8, 0, tzinfo=UTC))
    path = tmp_path / "group.pdf"
    path.write_bytes(pdf)

    def page(n: int) -> str:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n),
                              str(path), "-"], capture_output=True, text=True, timeout=60)
        return " ".join(out.stdout.split())

    first, second = page(1), page(2)
    assert "DANH SÁCH NGƯỜI ĐƯỢC TIẾP NHẬN" in first
    on_first = [name for name in NAMES[:size] if name in first]
    assert NAMES[0] in on_first
    assert all(name in first + second for name in NAMES[:size])
    if len(on_first) < size:  # continued: the column headings again on page 2
        assert "Họ và tên" in second
