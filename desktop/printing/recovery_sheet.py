"""The recovery code sheet: one A4 page, rendered in memory, printed once at set-up.

The same code, organisation, language and date always give the same bytes (`invariant=1`), so
the sheet can be tested byte for byte. The PDF's metadata is neutral: no organisation, no author.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.printing.fonts import BOLD, REGULAR, nfc, register_fonts

TITLE = "Waymark recovery sheet"  # PDF metadata: neutral, the same for every organisation
LANGUAGES = ("en", "vi")


@dataclass(frozen=True)
class SheetText:
    marking: str
    heading: str
    org_label: str
    date_label: str
    code_label: str
    code_hint: str
    purpose_heading: str
    purpose: tuple[str, ...]
    keeping_heading: str
    keeping: tuple[str, ...]
    seal_label: str
    seal_date_label: str
    footer: str

    def date_text(self, day: date) -> str:
        return day.isoformat()


class _VietnameseText(SheetText):
    def date_text(self, day: date) -> str:
        # The formal Vietnamese date: "ngày 05 tháng 11 năm 2026".
        return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


ENGLISH = SheetText(
    marking="CONFIDENTIAL — RECOVERY CODE",
    heading="Waymark recovery sheet",
    org_label="Organisation",
    date_label="Printed on",
    code_label="Recovery code",
    code_hint="Letters A–Z and digits 2–7 only: there is no zero or one (O and I are letters).",
    purpose_heading="What this code is for",
    purpose=(
        "This code opens your organisation's Waymark vault when <b>every passphrase has been "
        "lost</b>. With it, an admin sets a new passphrase and work can continue.",
        "Anyone who has this code and the laptop can read every record in the vault. It was "
        "shown once, at set-up, and cannot be shown again.",
    ),
    keeping_heading="How to keep it",
    keeping=(
        "Put this sheet in an envelope, seal it, and sign and date across the seal.",
        "Keep the envelope in a locked cabinet or safe, <b>apart from the laptop</b>.",
        "<b>Never photograph, scan, email or message it</b>, and never type it into anything "
        "except Waymark.",
        "Only the people your policy names should know where it is kept.",
        "If the envelope has been opened, or the code may have been seen, tell your "
        "safeguarding lead and an admin at once.",
    ),
    seal_label="Sealed by (name and signature)",
    seal_date_label="Date",
    footer="Waymark · one page · keep sealed",
)

VIETNAMESE = _VietnameseText(
    marking="TÀI LIỆU BẢO MẬT — MÃ KHÔI PHỤC",
    heading="Phiếu mã khôi phục Waymark",
    org_label="Cơ quan, đơn vị",
    date_label="Ngày in",
    code_label="Mã khôi phục",
    code_hint="Mã chỉ gồm chữ cái A–Z và chữ số 2–7: không có số 0 và số 1 (O và I là chữ "
              "cái).",
    purpose_heading="Mục đích của mã khôi phục",
    purpose=(
        "Mã này dùng để mở kho dữ liệu Waymark của cơ quan, đơn vị khi <b>tất cả mật khẩu đều "
        "bị mất hoặc bị quên</b>. Khi đó, quản trị viên dùng mã để đặt mật khẩu mới và tiếp tục "
        "công việc.",
        "Bất kỳ người nào có mã này và máy tính chứa kho dữ liệu đều có thể đọc toàn bộ hồ sơ. "
        "Mã chỉ được hiển thị một lần khi thiết lập và không thể hiển thị lại.",
    ),
    keeping_heading="Quy định cất giữ",
    keeping=(
        "Cho phiếu này vào phong bì, dán kín, ký tên và ghi ngày trên mép dán.",
        "Cất giữ phong bì trong tủ có khóa hoặc két sắt, <b>tách biệt với máy tính xách "
        "tay</b>.",
        "<b>Tuyệt đối không chụp ảnh, sao chụp, gửi qua thư điện tử hoặc tin nhắn</b>; không "
        "nhập mã vào bất kỳ phần mềm nào khác ngoài Waymark.",
        "Chỉ những người có trách nhiệm theo quy định của cơ quan, đơn vị mới được biết nơi "
        "cất giữ phiếu.",
        "Trường hợp phong bì bị mở hoặc có nghi ngờ mã đã bị lộ, phải báo cáo ngay cho người "
        "phụ trách bảo vệ và quản trị viên.",
    ),
    seal_label="Người niêm phong (họ tên và chữ ký)",
    seal_date_label="Ngày",
    footer="Waymark · một trang · giữ niêm phong",
)


class CodeBlock(Flowable):
    """The code in large letters: each group of four in its own box, four boxes to a row, so
    it reads aloud group by group. Each group is one text run, so it also copies as text."""

    def __init__(self, code: str, font: str, size: float = 24) -> None:
        super().__init__()
        self.groups = [g for g in code.split("-") if g] or [code]
        self.font = font
        self.size = size
        self.per_row = 4
        self.box_w = 38 * mm
        self.box_h = 14 * mm
        self.gap = 4 * mm
        self.rows = (len(self.groups) + self.per_row - 1) // self.per_row

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self.per_row * self.box_w + (self.per_row - 1) * self.gap
        self.height = self.rows * self.box_h + (self.rows - 1) * self.gap
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        spacing = 3.0
        for i, group in enumerate(self.groups):
            row, col = divmod(i, self.per_row)
            x = col * (self.box_w + self.gap)
            y = self.height - (row + 1) * self.box_h - row * self.gap
            canvas.setStrokeColor(colors.black)
            canvas.setLineWidth(1.2)
            canvas.roundRect(x, y, self.box_w, self.box_h, 2 * mm)
            text_w = (canvas.stringWidth(group, self.font, self.size)
                      + spacing * (len(group) - 1))
            text = canvas.beginText()
            text.setFont(self.font, self.size)
            text.setCharSpace(spacing)
            text.setTextOrigin(x + (self.box_w - text_w) / 2, y + (self.box_h - self.size) / 2
                               + 0.2 * self.size)
            text.textOut(group)
            canvas.drawText(text)


def _styles(family: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=14.5)
    return {
        "body": base,
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=2,
                                 spaceAfter=3),
        "heading": ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=13,
                                  leading=17, spaceBefore=10, spaceAfter=4),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=25,
                                spaceAfter=6),
        "marking": ParagraphStyle("marking", parent=base, fontName=BOLD, fontSize=12,
                                  leading=16, alignment=TA_CENTER, textColor=colors.white),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12,
                                textColor=colors.HexColor("#444444")),
        "family": ParagraphStyle("family", parent=base, fontName=family),
    }


def _marking(text: str, style: ParagraphStyle, width: float) -> Table:
    table = Table([[Paragraph(escape(text), style)]], colWidths=[width])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#9b1c1c")),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def render_recovery_sheet(code: str, *, org_name: str, language: str,
                          today: date | None = None) -> bytes:
    """The one-page recovery sheet as PDF bytes (never written to disk here).

    `language` is "en" or "vi". `today` is the printed date (default: today's date).
    """
    if language not in LANGUAGES:
        raise ValueError("language must be 'en' or 'vi'")
    family = register_fonts()
    words = VIETNAMESE if language == "vi" else ENGLISH
    styles = _styles(family)
    day = today or date.today()
    buffer = io.BytesIO()
    margin = 20 * mm
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=16 * mm,
        bottomMargin=14 * mm, invariant=1, title=TITLE, author="", subject="", creator="Waymark",
        producer="Waymark", keywords=[], lang=language,
    )
    width = doc.width - 12  # the frame's own padding, 6 pt each side

    def para(text: str, style: str) -> Paragraph:
        # Our own strings carry <b> markup; anything from the user is escaped.
        return Paragraph(nfc(text), styles[style])

    story: list[Flowable] = [
        _marking(nfc(words.marking), styles["marking"], width),
        Spacer(1, 5 * mm),
        para(escape(words.heading), "title"),
        para(f"<b>{escape(words.org_label)}:</b> {escape(org_name)}", "body"),
        para(f"<b>{escape(words.date_label)}:</b> {escape(words.date_text(day))}", "body"),
        Spacer(1, 3 * mm),
        para(escape(words.code_label), "heading"),
        CodeBlock(nfc(code), BOLD),
        Spacer(1, 2 * mm),
        para(escape(words.code_hint), "small"),
        Spacer(1, 2 * mm),
        para(escape(words.purpose_heading), "heading"),
        *(para(text, "body") for text in words.purpose[:1]),
        Spacer(1, 2 * mm),
        *(para(text, "body") for text in words.purpose[1:]),
        para(escape(words.keeping_heading), "heading"),
        *(Paragraph(nfc(text), styles["bullet"], bulletText="•") for text in words.keeping),
        Spacer(1, 8 * mm),
        _signature_table(words, styles["body"], width),
        Spacer(1, 6 * mm),
        _marking(nfc(words.marking), styles["marking"], width),
        Spacer(1, 2 * mm),
        para(escape(words.footer), "small"),
    ]
    doc.build(story)
    return buffer.getvalue()


def _signature_table(words: SheetText, style: ParagraphStyle, width: float) -> Table:
    table = Table(
        [[Paragraph(nfc(escape(words.seal_label)), style), "",
          Paragraph(nfc(escape(words.seal_date_label)), style)],
         ["", "", ""]],
        colWidths=[width * 0.62, width * 0.06, width * 0.32],
        rowHeights=[None, 12 * mm],
    )
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 1), (0, 1), 0.8, colors.black),
        ("LINEBELOW", (2, 1), (2, 1), 0.8, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table
