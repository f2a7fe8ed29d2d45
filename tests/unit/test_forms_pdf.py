"""What the rendered forms say, read back with poppler; password protection (poppler + qpdf);
long text flowing over pages; page-1 PNGs for human review."""

from __future__ import annotations

import copy
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_forms_support import (
    CREATED,
    EXPORT_ID,
    flat,
    needs_poppler,
    needs_qpdf,
    pdf_text,
    review_dir,
    sample,
)

from desktop.printing.forms import list_forms, render

PASSWORD = "correct horse 2026 ngựa"


def _render(form_id: str, context: dict, lang: str, **kw: object) -> bytes:
    return render(form_id, context, lang, export_id=EXPORT_ID, created=CREATED, **kw)  # type: ignore[arg-type]


@needs_poppler
def test_mash_referral_text(tmp_path: Path) -> None:
    context = sample("en_child")
    text = flat(pdf_text(_render("england-mash-referral", context, "en"), tmp_path))
    for phrase in ("CONFIDENTIAL — OFFICIAL-SENSITIVE", "Page 1 of", f"Export {EXPORT_ID}",
                   "22/11/2026 09:30 GMT", "Brennan", "Kayla Marie",
                   "Northamptonshire Children's Trust — MASH",
                   "Says they owe a debt to someone",
                   "Is associating with older people or is picked up in cars by unknown adults",
                   "Child: 2 strong indicators", "Mother not yet reachable by phone",
                   "scared of what happens if I don't pay", "Police informed by phone",
                   "Returned late in a grey car", "Child sexual exploitation, Missing"):
        assert phrase in text, phrase
    assert "☒ Safeguarding" in text and "☐ Early help" in text
    # Labels and coded values follow the form's language; free text stays as recorded.
    vi = flat(pdf_text(_render("england-mash-referral", context, "vi"), tmp_path))
    for phrase in ("Bóc lột tình dục trẻ em, Mất tích, bỏ đi", "Lý do chuyển thông tin",
                   "Mother not yet reachable by phone", "Trang 1/"):
        assert phrase in vi, phrase


@needs_poppler
@pytest.mark.parametrize("form_id", ["vn-bien-ban-tiep-nhan", "vn-to-khai",
                                     "vn-bien-ban-ban-giao", "referral-pack"])
def test_vietnamese_forms_keep_every_diacritic(form_id: str, tmp_path: Path) -> None:
    text = flat(pdf_text(_render(form_id, sample("vn_adult_border"), "vi"), tmp_path))
    for phrase in ("Nguyễn Thị Hồng Nhung", "THÔNG TIN CÁ NHÂN – HẠN CHẾ TIẾP CẬN", "Trang 1/",
                   f"Bản xuất {EXPORT_ID}"):
        assert phrase in text, phrase
    if form_id.startswith("vn-"):
        for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                       "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LÀO CAI", "Thôn Đồng Tâm, xã Yên Thắng",
                       "I. ", "II. ", "(Ký"):
            assert phrase in text, phrase


@needs_poppler
def test_reception_record_content(tmp_path: Path) -> None:
    text = flat(pdf_text(_render("vn-bien-ban-tiep-nhan", sample("vn_adult_border"), "vi"),
                         tmp_path))
    for phrase in ("Lào Cai, ngày 20 tháng 11 năm 2026", "vào hồi 09 giờ 15 phút",
                   "ĐẠI DIỆN BÊN GIAO: Cục Quản lý xuất nhập cảnh Hà Khẩu (Trung Quốc)",
                   "Bị giữ giấy tờ tùy thân", "Điện thoại di động (không có thẻ SIM)",
                   "Biên bản kết thúc vào hồi 10 giờ 40 phút", "/."):
        assert phrase in text, phrase


@needs_poppler
def test_child_declaration_written_down_by_official(tmp_path: Path) -> None:
    text = flat(pdf_text(_render("vn-to-khai", sample("vn_child"), "vi"), tmp_path))
    for phrase in ("Sùng Thị Mỷ", "cán bộ Giàng A Sử ghi lại đúng lời khai",
                   "NGƯỜI GHI HỘ", "NGƯỜI ĐẠI DIỆN HỢP PHÁP", "NGƯỜI PHIÊN DỊCH",
                   "Trợ cấp khó khăn ban đầu", "XÁC NHẬN CỦA CƠ QUAN TIẾP NHẬN TỜ KHAI",
                   "☒ Hỗ trợ học văn hóa", "☐ Trợ giúp pháp lý"):
        assert phrase in text, phrase
    adult = flat(pdf_text(_render("vn-to-khai", sample("vn_adult_border"), "vi"), tmp_path))
    assert "ghi lại đúng lời khai" not in adult  # she wrote it herself
    assert "NGƯỜI GHI HỘ" in adult  # the line is there if someone writes it for her


@needs_poppler
@pytest.mark.parametrize(("name", "lang", "quotes"), [
    ("en_child", "en", ["“Jay says I owe him for the phone. Two hundred quid.",
                        "“Take a bag to Leicester on the train. He said it's nothing bad. "
                        "I don't want to.”"]),
    ("vn_adult_border", "vi", ["“Tôi làm ở xưởng may. Họ giữ hộ chiếu của tôi",
                               "Hai năm rồi mà vẫn chưa hết nợ.”"]),
])
def test_disclosure_quotes_the_persons_words(name: str, lang: str, quotes: list[str],
                                             tmp_path: Path) -> None:
    text = flat(pdf_text(_render("disclosure-record", sample(name), lang), tmp_path))
    for quote in quotes:
        assert quote in text, quote
    staff = "Staff:" if lang == "en" else "Cán bộ:"
    assert staff in text
    # Staff words are never inside quotation marks.
    assert "“Tell me more" not in text and "“Chị kể thêm" not in text
    if lang == "en":
        for phrase in ("My opinion (opinion, not fact)", "In my opinion Kayla is frightened",
                       "Wording coach: flags at sealing", "Specific (wh-) question",
                       "Amendments after sealing", "The conversation started at 15:20",
                       "b3f1c0a97e2d45c8a1f07d6e93b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5"):
            assert phrase in text, phrase


@needs_poppler
def test_referral_pack_sections(tmp_path: Path) -> None:
    pdf = _render("referral-pack", sample("en_child"), "en")
    text = flat(pdf_text(pdf, tmp_path))
    for phrase in ("Referral pack", "Northamptonshire Children's Trust — MASH",
                   "Chronology extract (5 entries)", "Disclosure records (1)",
                   "Kayla Brennan", "Has unexplained gifts, money or new possessions",
                   "because: Child is looked after", "“Jay says I owe him",
                   "Body map 1", "Right forearm", "Left upper back",
                   "I banged it on the bus door", "Actions taken",
                   "Refer to the local authority's children's social care (MASH)",
                   "Signatures"):
        assert phrase in text, phrase
    # The receiving agency's forms first, in order: MASH, NRM, then the records.
    body = text[text.index("This pack holds personal information"):]  # after the contents
    order = [body.index(p) for p in (
        "Type of referral", "National Referral Mechanism: first responder prompt",
        "Disclosure 1 of 1", "Assessment outcomes and their reasons", "Chronology extract",
        "Body map 1")]
    assert order == sorted(order)


@needs_poppler
@needs_qpdf
def test_password_protects_text_for_poppler_and_qpdf(tmp_path: Path) -> None:
    context = sample("vn_adult_border")
    pdf = _render("vn-bien-ban-tiep-nhan", context, "vi", password=PASSWORD)
    assert b"Nguy" not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert encrypt["/V"] == 5 and encrypt["/R"] == 6  # AES-256
    # Without the password neither tool reads anything.
    with pytest.raises(RuntimeError):
        pdf_text(pdf, tmp_path)
    with pytest.raises(RuntimeError):
        pdf_text(pdf, tmp_path, password="wrong password")
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(pdf)
    refused = subprocess.run(["qpdf", "--decrypt", str(locked), str(tmp_path / "no.pdf")],
                             capture_output=True, timeout=60, check=False)
    assert refused.returncode != 0
    assert not (tmp_path / "no.pdf").exists() or b"Nguy" not in (tmp_path / "no.pdf").read_bytes()
    # With it, both read everything.
    text = flat(pdf_text(pdf, tmp_path, password=PASSWORD))
    assert "Nguyễn Thị Hồng Nhung" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    opened = subprocess.run(["qpdf", f"--password={PASSWORD}", "--decrypt", str(locked),
                             str(tmp_path / "open.pdf")], capture_output=True, timeout=60,
                            check=False)
    assert opened.returncode == 0, opened.stderr
    plain = (tmp_path / "open.pdf").read_bytes()
    assert "Nguyễn Thị Hồng Nhung" in flat(pdf_text(plain, tmp_path))
    # Metadata stays neutral in the encrypted file too.
    meta = PdfReader(io.BytesIO(plain)).metadata or {}
    assert meta.get("/Title") == "Biên bản tiếp nhận" and meta.get("/Author") == "Waymark"


def test_encrypted_output_is_not_repeatable_but_plain_output_is() -> None:
    # Documented limitation: AES-256 (R6) uses random salts, file key and IVs.
    context = sample("en_child")
    assert _render("police-immediate-risk", context, "en") == _render(
        "police-immediate-risk", context, "en")
    assert _render("police-immediate-risk", context, "en", password="x1") != _render(
        "police-immediate-risk", context, "en", password="x1")


def _long_context() -> dict:
    context = copy.deepcopy(sample("en_child"))
    words = ("Kayla described the journeys again and the adults who drove the cars, the "
             "places they stopped and what was said to her on each occasion. ")
    paragraphs = [f"Paragraph {i:02d}. " + words * 9 for i in range(1, 31)]
    context["referral"]["reasons"] = "\n\n".join(paragraphs) + "\n\nEND-OF-NARRATIVE"
    context["chronology"] = [
        {"at": f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}T10:00:00+00:00", "kind": "note",
         "summary": f"Chronology entry {i:03d}: key worker note about contact and plans.",
         "author": "Amira Shah"} for i in range(150)]
    return context


@needs_poppler
def test_long_narrative_flows_and_table_header_repeats(tmp_path: Path) -> None:
    pdf = _render("england-mash-referral", _long_context(), "en")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 8
    full = flat(pdf_text(pdf, tmp_path))
    assert "Paragraph 01." in full and "Paragraph 30." in full and "END-OF-NARRATIVE" in full
    assert "Chronology entry 000" in full and "Chronology entry 149" in full
    chronology_pages = 0
    for number in range(1, pages + 1):
        page = flat(pdf_text(pdf, tmp_path, first=number, last=number))
        assert f"Page {number} of {pages}" in page
        assert "CONFIDENTIAL" in page and EXPORT_ID in page
        if "Chronology entry" in page:
            chronology_pages += 1
            # the header row is repeated on every page the table reaches
            assert "When Kind Summary Recorded by" in page, number
    assert chronology_pages >= 3


@needs_poppler
def test_page_one_of_every_form_to_png_for_review(tmp_path: Path) -> None:
    """Renders page 1 of each template (both languages) for people to look at."""
    folder = review_dir()
    samples = {"england": "en_child", "vietnam": "vn_adult_border"}
    special = {"nrm-prompt-adult": "en_adult_nrm", "vn-to-khai": "vn_child"}
    written = []
    for info in list_forms():
        name = special.get(info.id) or samples[info.jurisdictions[0]]
        for lang in info.languages:
            pdf = tmp_path / f"{info.id}-{lang}.pdf"
            pdf.write_bytes(_render(info.id, sample(name), lang))
            stem = folder / f"{info.id}-{lang}-{name}"
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(stem)], check=True, timeout=60)
            written.append(stem.with_suffix(".png"))
    for png in written:
        assert png.read_bytes().startswith(b"\x89PNG")
