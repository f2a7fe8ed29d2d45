"""The periodic report as a PDF, in memory, in the jurisdiction's layout (issue 18).

Viet Nam: an administrative report (Decree 30/2020 shape: national title and motto, issuing
body, number, place and date, title, grounds, body, recipients, signature, "/.") on receiving,
verifying, protecting and supporting victims, as seed 003 Điều 15 asks of agencies every six
and twelve months. England: a summary for governors, trustees or Ofsted. Both carry only the
suppressed counts and a note saying how small counts were hidden.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.periods import parse_period
from desktop.domain.report_data import Report, ReportTable
from desktop.domain.suppression import THRESHOLD
from desktop.printing.fonts import BOLD, REGULAR, nfc, register_fonts
from desktop.printing.pdf_encryption import encrypt_pdf

TITLE = "Waymark periodic report"  # neutral metadata

_VI_PERIOD = {"year": "năm {y}", "half": "6 tháng {h} năm {y}", "quarter": "quý {n} năm {y}",
              "month": "tháng {n:02d} năm {y}"}
_EN_PERIOD = {"year": "the year {y}", "half": "{h} of {y}", "quarter": "quarter {n} of {y}",
              "month": "{m} {y}"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

SUPPRESSION_NOTE = {
    "en": ("Counts from 1 to {t1} are shown as “< {t}” so that no person can be identified. "
           "Where a table shows its total, further cells are hidden (“*”) so that a hidden count "
           "cannot be worked out by subtraction; where that is not possible the whole breakdown "
           "is hidden, and a breakdown of fewer than {t} is never shown. Reports cannot be "
           "compared to work out hidden counts either: each period is reported once (asked "
           "again, Waymark gives the same figures), no report overlaps another, and a year (or "
           "half) is made up of the reports already released for its parts, showing a figure "
           "only where every part showed it."),
    "vi": ("Các số liệu từ 1 đến {t1} được ghi là “< {t}” để không thể nhận diện bất kỳ người "
           "nào. Khi bảng có dòng tổng, một số ô khác cũng được ẩn (“*”) để không thể suy ra số "
           "bị ẩn bằng phép trừ; nếu không thể bảo đảm điều đó thì toàn bộ bảng được ẩn, và "
           "không trình bày chi tiết khi tổng số dưới {t}. Việc đối chiếu các báo cáo cũng không "
           "thể suy ra số bị ẩn: mỗi kỳ chỉ được báo cáo một lần (lập lại, Waymark cho đúng số "
           "liệu đã công bố), các kỳ báo cáo không chồng lấn nhau, và báo cáo năm (hoặc 6 tháng) "
           "được tổng hợp từ các báo cáo đã công bố của các kỳ trong đó, chỉ ghi số liệu khi "
           "mọi kỳ đều đã ghi số liệu đó."),
}

COMPOSED_NOTE = {
    "en": ("This report is made up of the reports already released for: {parts}. A person is "
           "counted once in each of them in which they had a concern, and a figure hidden in "
           "any of them (“*”) is hidden here too."),
    "vi": ("Báo cáo này được tổng hợp từ các báo cáo đã công bố của các kỳ: {parts}. Mỗi người "
           "được tính một lần trong từng kỳ mà người đó có mối lo ngại, và số liệu bị ẩn ở bất "
           "kỳ kỳ nào (“*”) cũng được ẩn ở đây."),
}


def period_words(report: Report, lang: str) -> str:
    return _words(report.period, report.period_kind, lang)


def _words(period: str, kind: str, lang: str) -> str:
    year = int(period[:4])
    n = int(period[6:]) if kind in ("half", "quarter") else (
        int(period[5:]) if kind == "month" else 1)
    if lang == "vi":
        h = "đầu" if n == 1 else "cuối"
        return _VI_PERIOD[kind].format(y=year, n=n, h=h)
    h = "the first half" if n == 1 else "the second half"
    return _EN_PERIOD[kind].format(y=year, n=n, h=h, m=_MONTHS[n - 1])


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=10, leading=13.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("cb", parent=base, alignment=TA_CENTER, fontName=BOLD),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, leading=18,
                                alignment=TA_CENTER, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11, leading=14,
                             spaceBefore=8, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(nfc(text)), style)


def _count_table(t: ReportTable, lang: str, s: dict[str, ParagraphStyle]) -> Flowable:
    total = "Tổng số" if lang == "vi" else "Total"
    rows: list[list[object]] = [[_p(t.title.get(lang) or t.title["en"], s["h2"]), ""]]
    for cell in t.table.cells:
        rows.append([_p(t.label(cell.key, lang), s["cell"]), cell.text()])
    rows.append([_p(f"{total} ({t.unit.get(lang, '')})", s["cell"]), t.table.total_text()])
    if t.table.withheld:
        note = ("Chi tiết được ẩn: số lượng quá nhỏ để trình bày an toàn." if lang == "vi" else
                "Breakdown hidden: the numbers are too small to show safely.")
        rows.append([_p(note, s["small"]), ""])
    table = Table(rows, colWidths=[130 * mm, 30 * mm])
    table.setStyle(TableStyle([
        ("SPAN", (0, 0), (1, 0)),
        ("FONT", (0, 1), (-1, -1), REGULAR, 9.5),
        ("FONT", (0, len(t.table.cells) + 1), (-1, len(t.table.cells) + 1), BOLD, 9.5),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, len(t.table.cells) + 1), (-1, len(t.table.cells) + 1), 0.6,
         colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5),
    ]))
    return KeepTogether([table, Spacer(1, 4 * mm)])


def _vietnamese(report: Report, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    org = report.org_name or "……………………"
    day = report.created
    head = Table([
        [_p(org.upper(), s["center_bold"]),
         _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["center_bold"])],
        [_p("Số: ……/BC-……", s["center"]), _p("Độc lập - Tự do - Hạnh phúc", s["center_bold"])],
        ["", _p(f"……, ngày {day[8:10]} tháng {day[5:7]} năm {day[:4]}", s["center"])],
    ], colWidths=[70 * mm, 100 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    words = period_words(report, "vi")
    out: list[Flowable] = [
        _p("THÔNG TIN CÁ NHÂN – HẠN CHẾ TIẾP CẬN", s["right"]), Spacer(1, 2 * mm), head,
        Spacer(1, 6 * mm),
        _p("BÁO CÁO", s["title"]),
        _p(f"Kết quả công tác tiếp nhận, xác minh, bảo vệ và hỗ trợ nạn nhân {words}",
           s["center_bold"]),
        _p(f"(Kỳ báo cáo: từ ngày {_vi_date(report.start)} đến ngày {_vi_date(report.end)})",
           s["center"]),
        Spacer(1, 5 * mm),
        _p("Căn cứ Điều 15 Quy chế phối hợp tiếp nhận, xác minh, giải cứu, bảo vệ và hỗ trợ nạn "
           "nhân về việc báo cáo định kỳ 6 tháng và hằng năm, đơn vị báo cáo như sau:", s["base"]),
        _p("I. SỐ LIỆU", s["h2"]),
        _p("Số liệu được tổng hợp từ hồ sơ do đơn vị ghi nhận trong kỳ: số người có ít nhất một "
           "mối lo ngại xảy ra trong kỳ (mỗi người được tính một lần trong mỗi bảng), số mối lo "
           "ngại theo loại, số lượt sàng lọc dấu hiệu theo mức độ và số lượt chuyển hồ sơ theo "
           "hình thức và kết quả.", s["base"]),
        *_composed(report, "vi", s),
        Spacer(1, 3 * mm),
    ]
    out += [_count_table(t, "vi", s) for t in report.tables]
    out += [
        _p("II. BẢO MẬT SỐ LIỆU", s["h2"]),
        _p(SUPPRESSION_NOTE["vi"].format(t=THRESHOLD, t1=THRESHOLD - 1), s["base"]),
        _p("III. ĐÁNH GIÁ, KIẾN NGHỊ", s["h2"]),
        _p("……………………………………………………………………………………………………", s["base"]),
        Spacer(1, 8 * mm),
    ]
    sign = Table([
        [Paragraph(nfc("<b>Nơi nhận:</b>"), s["small"]),
         _p("THỦ TRƯỞNG ĐƠN VỊ", s["center_bold"])],
        [Paragraph(nfc("- Sở ……… (để tổng hợp);<br/>- Lưu: VT."), s["small"]),
         _p("(Ký, ghi rõ họ tên và đóng dấu)", s["center"])],
    ], colWidths=[80 * mm, 90 * mm])
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out += [sign, Spacer(1, 4 * mm), _p("/.", s["base"])]
    return out


def _composed(report: Report, lang: str, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not report.parts:
        return []
    parts = "; ".join(_words(p.text, p.kind, lang) for p in map(parse_period, report.parts))
    return [Spacer(1, 2 * mm), _p(COMPOSED_NOTE[lang].format(parts=parts), s["base"])]


def _vi_date(iso_day: str) -> str:
    return f"{iso_day[8:10]}/{iso_day[5:7]}/{iso_day[:4]}"


def _english(report: Report, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    words = period_words(report, "en")
    out: list[Flowable] = [
        _p("OFFICIAL – SENSITIVE: summary counts only", s["right"]),
        Spacer(1, 3 * mm),
        _p(f"Safeguarding summary for {words}", s["title"]),
        _p(f"{report.org_name} · " + (
            "six-monthly and annual report on receiving, verifying and supporting victims "
            "(Article 15 of the provincial coordination regulation)"
            if report.jurisdiction == "vietnam" else
            "for governors, trustees and inspectors (Ofsted) and, where it applies, the placing "
            "authority"), s["center"]),
        _p(f"Period {report.start} to {report.end} · prepared {report.created}", s["center"]),
        Spacer(1, 5 * mm),
        _p("1. What is counted", s["h2"]),
        _p("People with at least one concern that occurred in the period (each person once in "
           "each breakdown); concerns by category; indicator assessments by the level reached; "
           "referrals made in the period by the form used and by the latest outcome recorded. "
           "No names or details of any child or adult appear in this summary.", s["base"]),
        *_composed(report, "en", s),
        Spacer(1, 3 * mm),
    ]
    out += [_count_table(t, "en", s) for t in report.tables]
    out += [
        _p("2. How small numbers are protected", s["h2"]),
        _p(SUPPRESSION_NOTE["en"].format(t=THRESHOLD, t1=THRESHOLD - 1), s["base"]),
        _p("3. Comments from the safeguarding lead", s["h2"]),
        Spacer(1, 18 * mm),
        _p("Signed (safeguarding lead): ____________________   Date: ____________", s["base"]),
    ]
    return out


def render_report(report: Report, lang: str, password: str | None = None) -> bytes:
    """The report as PDF bytes in `lang` ("en" or "vi"). Vietnamese takes the formal
    administrative layout; English the summary layout, worded for the vault's jurisdiction."""
    s = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, invariant=1, title=TITLE,
                            author="", subject="", creator="Waymark")
    story = _vietnamese(report, s) if lang == "vi" else _english(report, s)
    doc.build(story)
    pdf = buf.getvalue()
    return encrypt_pdf(pdf, password) if password else pdf


def csv_in_encrypted_pdf(csv_text: str, filename: str, heading: str, lines: list[str],
                         password: str) -> bytes:
    """A one-page PDF carrying `csv_text` as an attached file, AES-256 encrypted like the
    forms: the same password-protected container staff already know how to open (any PDF
    reader's attachments pane, or `pdfdetach -upw`), with no new tool to install."""
    import pikepdf

    s = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, invariant=1, title=TITLE,
                            author="", subject="", creator="Waymark")
    doc.build([_p(heading, s["title"]), Spacer(1, 4 * mm),
               *[_p(line, s["base"]) for line in lines]])
    with pikepdf.open(io.BytesIO(buf.getvalue())) as pdf:
        spec = pikepdf.AttachedFileSpec(pdf, csv_text.encode("utf-8"), mime_type="text/csv")
        pdf.attachments[filename] = spec
        out = io.BytesIO()
        pdf.save(out)
    return encrypt_pdf(out.getvalue(), password)
