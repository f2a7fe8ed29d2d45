"""The biên bản tiếp nhận's interpreter line (issue 11): when the person needs an interpreter
it names the language to interpret and, if the reception record holds one, the interpreter;
never the interpreter of a disclosure, which may have been another occasion."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from vaultkit import hong, make_vault

from desktop.app.services import Services
from desktop.domain.disclosures import Disclosure, Told, Turn
from desktop.domain.groups import MemberRow, Reception
from desktop.printing import forms


def _text(services: Services, person_id: str, lang: str, tmp: Path) -> str:
    context = services.referrals.context(person_id, lang)
    path = tmp / f"tn-{lang}.pdf"
    path.write_bytes(forms.render("vn-bien-ban-tiep-nhan", context, lang, export_id="T-1",
                                  created=datetime.now(UTC)))
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return " ".join(done.stdout.split())


def test_the_language_needed_is_printed_and_a_disclosures_interpreter_is_not(
        tmp_path: Path) -> None:
    vault, _code = make_vault(tmp_path / "vault", "vietnam")
    try:
        s = Services(vault)
        person_id = s.people.register(replace(
            hong(), interpreter_needed=True, languages=("Tiếng H'Mông", "Tiếng Việt")))
        s.disclosures.seal(Disclosure(
            person_id=person_id, when=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            turns=(Turn("person", "Họ giữ giấy tờ của em."),),
            present=("Phiên dịch viên Lý Văn Sử",),
            told=(Told("dsl", datetime(2026, 11, 20, 15, 20, tzinfo=UTC)),)))
        vi = _text(s, person_id, "vi", tmp_path)
        en = _text(s, person_id, "en", tmp_path)
    finally:
        vault.close()
    # Vietnamese is the officials' own language: the language to interpret is H'Mông.
    assert "Ngôn ngữ cần phiên dịch Tiếng H'Mông Người phiên dịch (họ và tên)" in vi
    assert "Language to interpret Hmong Interpreter (full name)" in en
    assert "Lý Văn Sử" not in vi and "Lý Văn Sử" not in en


def test_the_interpreter_named_in_the_reception_record_is_printed(tmp_path: Path) -> None:
    vault, _code = make_vault(tmp_path / "vault", "vietnam")
    try:
        s = Services(vault)
        got = s.intake.receive(Reception(
            received_at=datetime(2026, 12, 3, 22, 40, tzinfo=UTC).isoformat(),
            place="Cửa khẩu quốc tế Lào Cai", handed_over_by="Trạm Biên phòng Hà Khẩu",
            interpreter="Lò Văn Páo"), [
                MemberRow(name="Vàng Thị Mỷ", sex="female", birth_year=1996,
                          languages=("Tiếng H'Mông",), interpreter_needed=True),
                MemberRow(name="Lò Thị Ngọc", sex="female", birth_year=1997,
                          languages=("Tiếng Việt",))])
        needs, speaks = got.person_ids
        vi = _text(s, needs, "vi", tmp_path)
        other = _text(s, speaks, "vi", tmp_path)
    finally:
        vault.close()
    assert "Ngôn ngữ cần phiên dịch Tiếng H'Mông Người phiên dịch (họ và tên) Lò Văn Páo" in vi
    assert "NGƯỜI PHIÊN DỊCH" in vi and vi.count("Lò Văn Páo") == 2  # the line and signature
    # No interpreter needed: no interpreter line at all.
    assert "Ngôn ngữ cần phiên dịch" not in other and "Lò Văn Páo" not in other
