"""The recovery code sheet: one deterministic A4 page, readable text, neutral metadata."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.printing.recovery_sheet import TITLE, render_recovery_sheet

CODE = "K7QH-M2XA-PL4D-ZR6T-WB3N-YC5E-HJ7G-QS2V"
ORG_EN = "Larkspur House Children's Services"
ORG_VI = "Đồn Biên phòng cửa khẩu Nam Sơn"
DAY = date(2026, 11, 22)


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


@pytest.mark.parametrize(("language", "org"), [("en", ORG_EN), ("vi", ORG_VI)])
def test_same_input_same_bytes_one_page(language: str, org: str) -> None:
    first = render_recovery_sheet(CODE, org_name=org, language=language, today=DAY)
    again = render_recovery_sheet(CODE, org_name=org, language=language, today=DAY)
    assert first == again
    assert first.startswith(b"%PDF-")
    assert len(_reader(first).pages) == 1
    other = render_recovery_sheet(CODE.replace("K7QH", "K7QJ"), org_name=org,
                                  language=language, today=DAY)
    assert other != first


def test_english_text_has_code_and_guidance() -> None:
    pdf = render_recovery_sheet(CODE, org_name=ORG_EN, language="en", today=DAY)
    text = _reader(pdf).pages[0].extract_text()
    for group in CODE.split("-"):
        assert group in text
    # The groups come out in reading order, so the code copies as one string.
    flat = text.replace("-", "").replace(" ", "").replace("\n", "")
    assert CODE.replace("-", "") in flat
    for phrase in ("CONFIDENTIAL", ORG_EN, "every passphrase", "apart from the laptop",
                   "photograph", "2026-11-22"):
        assert phrase in text


def test_vietnamese_text_keeps_every_diacritic() -> None:
    pdf = render_recovery_sheet(CODE, org_name=ORG_VI, language="vi", today=DAY)
    text = _reader(pdf).pages[0].extract_text()
    for group in CODE.split("-"):
        assert group in text
    for phrase in (ORG_VI, "TÀI LIỆU BẢO MẬT", "Mã khôi phục", "tất cả mật khẩu",
                   "Tuyệt đối không chụp ảnh", "tách biệt với máy tính xách",
                   "ngày 22 tháng 11 năm 2026"):
        assert phrase in text


def test_decomposed_input_is_printed_precomposed() -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", ORG_VI)
    assert decomposed != ORG_VI
    pdf = render_recovery_sheet(CODE, org_name=decomposed, language="vi", today=DAY)
    assert ORG_VI in _reader(pdf).pages[0].extract_text()


@pytest.mark.parametrize(("language", "org"), [("en", ORG_EN), ("vi", ORG_VI)])
def test_metadata_is_neutral(language: str, org: str) -> None:
    pdf = render_recovery_sheet(CODE, org_name=org, language=language, today=DAY)
    meta = _reader(pdf).metadata or {}
    assert meta.get("/Title") == TITLE
    assert not meta.get("/Author")
    for value in meta.values():
        assert org not in str(value)
        assert "K7QH" not in str(value)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        render_recovery_sheet(CODE, org_name=ORG_EN, language="fr")
