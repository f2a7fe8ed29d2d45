"""The one generic renderer: turns a validated template's blocks into ReportLab flowables.

Block types (see resources/forms/schema.json and forms/README.md): title, heading, text,
fields, narrative, blank, section, repeat, table, list, transcript, signature, vn_heading,
body_maps, include, page_break, spacer. Any block may carry `when:`. Template text is trusted
markup (<b>, <i>, <u>); every value from the record is escaped before it reaches a Paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.printing.form_pages import LABEL_FILL, QUOTE_FILL, RULE_GREY, clean
from desktop.printing.form_values import (
    Scope,
    condition_holds,
    format_value,
    is_blank,
)
from desktop.printing.form_words import word

LINE_GAP = 7.5 * mm
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w]*(?:\.[\w-]+)*)(?:\|(\w+))?\}")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")


def _split_rows(rows: Sequence[Sequence[Any]]) -> int:
    """Whether a table may split a row across pages. Rows stay whole (cleaner, and choice
    lists stay together) unless a cell is long enough that a whole row might not fit a page."""
    longest = max((len(cell.text) for row in rows for cell in row
                   if isinstance(cell, Paragraph)), default=0)
    return 1 if longest > 900 else 0


def let_tables_split(story: list[Flowable], room: float = 30 * mm) -> list[Flowable]:
    """A heading kept with the table after it (the heading styles' keepWithNext) made ReportLab
    keep the heading with the *whole* table: a list of eight people that did not fit under
    the heading moved to the next page with it, leaving half a page blank. Here a heading
    before a table of more than two rows lets the table split: a CondPageBreak of `room` (the
    heading, the table's header and a row or two) keeps it from being stranded instead."""
    out: list[Flowable] = []
    for i, flowable in enumerate(story):
        following = story[i + 1] if i + 1 < len(story) else None
        if (isinstance(flowable, Paragraph) and flowable.getKeepWithNext()
                and isinstance(following, Table) and len(following._cellvalues) > 3):
            flowable.keepWithNext = 0
            # Before the headings that lead to it (a section's and the table's own), which
            # stay together as they were.
            start = len(out)
            while start and isinstance(out[start - 1], Paragraph) \
                    and out[start - 1].getKeepWithNext():
                start -= 1
            if not (start and isinstance(out[start - 1], CondPageBreak)):
                out.insert(start, CondPageBreak(room))
        out.append(flowable)
    return out


class RuledLines(Flowable):
    """Blank ruled lines to write on by hand."""

    def __init__(self, count: int, width: float) -> None:
        super().__init__()
        self.count = max(1, count)
        self.line_width = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = min(self.line_width, available_width)
        self.height = self.count * LINE_GAP
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE_GREY)
        self.canv.setLineWidth(0.5)
        for i in range(self.count):
            y = self.height - (i + 1) * LINE_GAP + 1.5
            self.canv.line(0, y, self.width, y)


@dataclass
class Renderer:
    """Per-render state: language, styles, width, fragment loader, body-map drawer."""

    lang: str
    styles: dict[str, ParagraphStyle]
    width: float
    fragments: Callable[[str], list[dict[str, Any]]]
    body_map: Callable[[Mapping[str, Any], str, float], list[Flowable]] | None = None
    jurisdiction: str | None = None  # picks the date format (form_dates.py)

    # -- text ------------------------------------------------------------------------------
    def loc(self, text: Any) -> str:
        """A template string: either plain or {en: ..., vi: ...}."""
        if text is None:
            return ""
        if isinstance(text, Mapping):
            return str(text.get(self.lang) or text.get("en") or "")
        return str(text)

    def value_text(self, value: Any, spec: Mapping[str, Any] | None = None) -> str:
        spec = spec or {}
        return format_value(value, self.lang, spec.get("format", "text"), spec.get("choices"),
                            self.jurisdiction)

    def markup_value(self, text: str) -> str:
        """Record text for a Paragraph: escaped, NFC, line breaks kept."""
        return escape(clean(text)).replace("\n", "<br/>")

    def fill(self, text: Any, scope: Scope) -> str:
        """Template text with {path} / {path|format} filled from the record (escaped); a
        missing value becomes a dotted blank to write on."""
        raw = self.loc(text)

        def sub(match: re.Match[str]) -> str:
            value = scope.get(match.group(1))
            fmt = match.group(2) or "text"
            if is_blank(value) and fmt != "count":
                if fmt == "long" and self.lang == "vi":
                    return "ngày …… tháng …… năm ………"
                return "…………………………"
            return self.markup_value(format_value(value, self.lang, fmt,
                                                  jurisdiction=self.jurisdiction))

        return clean(_PLACEHOLDER.sub(sub, raw))

    def para(self, markup: str, style: str = "body") -> Paragraph:
        return Paragraph(markup, self.styles[style])

    # -- blocks ----------------------------------------------------------------------------
    def blocks(self, blocks: Sequence[Mapping[str, Any]], scope: Scope) -> list[Flowable]:
        out: list[Flowable] = []
        counters: dict[str, int] = {}
        for block in self._inline_includes(blocks, scope):
            kind = block["type"]
            number = ""
            if block.get("numbered"):
                style = block["numbered"]
                counters[style] = counters.get(style, 0) + 1
                number = self.number(style, counters[style])
            out.extend(getattr(self, f"_{kind}")(block, scope, number))
        return out

    def _inline_includes(self, blocks: Sequence[Mapping[str, Any]],
                         scope: Scope) -> list[Mapping[str, Any]]:
        """The blocks that are shown, with each included fragment's blocks in its place, so
        numbered sections run on across a fragment (1, 2, 3 … never 1, 2, 1)."""
        shown: list[Mapping[str, Any]] = []
        for block in blocks:
            if not condition_holds(block.get("when"), scope):
                continue
            if block["type"] == "include":
                shown.extend(self._inline_includes(self.fragments(block["fragment"]), scope))
            else:
                shown.append(block)
        return shown

    def number(self, style: str, n: int) -> str:
        if style == "roman":
            return f"{_ROMAN[n - 1] if n <= len(_ROMAN) else n}. "
        if style == "article":
            return f"{'Điều' if self.lang == 'vi' else 'Article'} {n}. "
        return f"{n}. "

    def _title(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        out: list[Flowable] = [self.para(self.fill(block["text"], scope), "title")]
        if block.get("subtitle"):
            out.append(self.para(self.fill(block["subtitle"], scope), "subtitle"))
        return out

    def _heading(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        level = int(block.get("level", 1))
        return [CondPageBreak(30 * mm),
                self.para(escape(number) + self.fill(block["text"], scope), f"h{level}")]

    def _text(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        style = block.get("style", "body")
        return [self.para(escape(number) + self.fill(block["text"], scope), style)]

    def _spacer(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        return [Spacer(1, float(block.get("height", 4)) * mm)]

    def _page_break(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        return [PageBreak()]

    def _blank(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        out: list[Flowable] = []
        if block.get("label"):
            out.append(self.para(escape(number) + self.fill(block["label"], scope), "label"))
        out.append(RuledLines(int(block.get("lines", 3)), self.width))
        return out

    def _include(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        return self.blocks(self.fragments(block["fragment"]), scope)

    def _section(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        out: list[Flowable] = []
        if block.get("page_break_before"):
            out.append(PageBreak())
        if block.get("title"):
            level = int(block.get("level", 1))
            out.append(CondPageBreak(35 * mm))
            out.append(self.para(escape(number) + self.fill(block["title"], scope), f"h{level}"))
        if block.get("intro"):
            out.append(self.para(self.fill(block["intro"], scope), "small"))
        out.extend(self.blocks(block.get("body", []), scope))
        return out

    def _repeat(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        items = scope.get(block["over"])
        items = list(items) if isinstance(items, Sequence) and not isinstance(items, str) else []
        name = block.get("as", "item")
        out: list[Flowable] = []
        if not items:
            blanks = int(block.get("blank_items", 0))
            if blanks:
                items = [{} for _ in range(blanks)]
            else:
                empty = block.get("empty")
                text = self.fill(empty, scope) if empty else escape(word("none_recorded",
                                                                         self.lang))
                return [self.para(text, "small")]
        for n, item in enumerate(items, start=1):
            inner = scope.child(**{name: item, "loop": {"n": n, "count": len(items)}})
            if n > 1 and block.get("page_break_between"):
                out.append(PageBreak())
            if block.get("title"):
                level = int(block.get("level", 2))
                out.append(CondPageBreak(30 * mm))
                out.append(self.para(self.fill(block["title"], inner), f"h{level}"))
            out.extend(self.blocks(block.get("body", []), inner))
        return out

    # -- fields ----------------------------------------------------------------------------
    def field_markup(self, spec: Mapping[str, Any], scope: Scope) -> str:
        value = scope.get(spec["path"]) if spec.get("path") else None
        if spec.get("options"):
            return self.options_markup(spec, value)
        return self.markup_value(self.value_text(value, spec))

    def options_markup(self, spec: Mapping[str, Any], value: Any) -> str:
        chosen = value if isinstance(value, list) else [value]
        marks = []
        for option in spec["options"]:
            on = option.get("value") in chosen and not (option.get("value") is None
                                                         and value is not None)
            box = "☒" if on else "☐"
            label = escape(clean(self.loc(option["label"])))
            marks.append(f"{box} {'<b>' + label + '</b>' if on else label}")
        # Short choices on one line; longer lists one per line, easier to tick by hand.
        return ("<br/>" if len(marks) > 3 else "&nbsp;&nbsp;&nbsp; ").join(marks)

    def _fields(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        """Label/value grid, one or two pairs a row; a `wide` field takes a row of its own.
        A blank value is an underlined cell to write on."""
        columns = int(block.get("columns", 1))
        label_share = float(block.get("label_width", 0.34 if columns == 1 else 0.2))
        cells: list[list[Any]] = []
        extra: list[tuple[Any, ...]] = []
        row: list[Any] = []

        def flush() -> None:
            nonlocal row
            if row:
                if len(row) < 2 * columns:
                    # A lone pair before a wide field or at the end: its value takes the rest
                    # of the row, so no empty label/value cells sit beside it to puzzle over.
                    r, c, last = len(cells), len(row) - 1, 2 * columns - 1
                    extra.append(("SPAN", (c, r), (last, r)))
                    extra.append(("BACKGROUND", (c, r), (last, r), colors.white))
                    if row[-1] == "":
                        extra.append(("LINEBELOW", (c, r), (last, r), 0.6, RULE_GREY))
                row.extend([""] * (2 * columns - len(row)))
                cells.append(row)
                row = []

        for spec in block["fields"]:
            if not condition_holds(spec.get("when"), scope):
                continue
            wide = bool(spec.get("wide")) and columns > 1
            if wide:
                flush()
            markup = self.field_markup(spec, scope)
            label = self.para(escape(clean(self.loc(spec["label"]))), "label")
            r, c = len(cells), len(row) + 1
            row.extend([label, self.para(markup, "cell") if markup else ""])
            last = 2 * columns - 1 if wide else c
            if wide:
                extra.append(("SPAN", (c, r), (last, r)))
                # Column shading would show through the merged cell.
                extra.append(("BACKGROUND", (c, r), (last, r), colors.white))
            if not markup:
                extra.append(("LINEBELOW", (c, r), (last, r), 0.6, RULE_GREY))
            if wide or len(row) == 2 * columns:
                flush()
        flush()
        if not cells:
            return []
        value_share = (1 - label_share * columns) / columns
        widths = [self.width * (label_share if i % 2 == 0 else value_share)
                  for i in range(2 * columns)]
        table = Table(cells, colWidths=widths, splitInRow=_split_rows(cells), hAlign="LEFT")
        cmds: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
        ]
        for col in range(0, 2 * columns, 2):
            cmds.append(("BACKGROUND", (col, 0), (col, -1), LABEL_FILL))
        table.setStyle(TableStyle(cmds + extra))
        return [table, Spacer(1, 2 * mm)]

    def _narrative(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        value = scope.get(block["path"])
        out: list[Flowable] = []
        if block.get("label"):
            out.append(self.para(escape(number) + self.fill(block["label"], scope), "h3"))
        if is_blank(value):
            out.append(RuledLines(int(block.get("lines", 4)), self.width))
            return out
        text = self.value_text(value, block)
        for chunk in re.split(r"\n\s*\n", clean(text)):
            out.append(self.para(self.markup_value(chunk.strip()), block.get("style", "body")))
            out.append(Spacer(1, 1.5 * mm))
        return out

    def _list(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        style = self.styles["body"]
        bullet = ParagraphStyle("bullet", parent=style, leftIndent=12, bulletIndent=2,
                                spaceAfter=1.5)
        out: list[Flowable] = []
        if block.get("title"):
            out.append(self.para(escape(number) + self.fill(block["title"], scope), "label"))
        if "items" in block:
            for item in block["items"]:
                if condition_holds(item.get("when"), scope):
                    out.append(Paragraph(self.fill(item["text"], scope), bullet,
                                         bulletText="•"))
            return out
        items = scope.get(block["over"])
        items = list(items) if isinstance(items, Sequence) and not isinstance(items, str) else []
        if not items:
            lines = int(block.get("blank_lines", 2))
            return out + [RuledLines(lines, self.width)] if lines else out
        name = block.get("as", "item")
        for n, item in enumerate(items, start=1):
            inner = scope.child(**{name: item, "loop": {"n": n, "count": len(items)}})
            text = (self.fill(block["item"], inner) if block.get("item")
                    else self.markup_value(self.value_text(item)))
            out.append(Paragraph(text, bullet, bulletText="•"))
        return out

    def _table(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        columns = block["columns"]
        items = scope.get(block["over"])
        items = list(items) if isinstance(items, Sequence) and not isinstance(items, str) else []
        name = block.get("as", "item")
        header = [self.para(escape(clean(self.loc(c["label"]))), "cell_head") for c in columns]
        rows: list[list[Any]] = [header]
        for n, item in enumerate(items, start=1):
            inner = scope.child(**{name: item, "loop": {"n": n, "count": len(items)}})
            row = []
            for col in columns:
                markup = (self.fill(col["text"], inner) if col.get("text")
                          else self.field_markup(col, inner))
                row.append(self.para(markup, "cell") if markup else "")
            rows.append(row)
        blanks = int(block.get("blank_rows", 0 if items else block.get("empty_rows", 3)))
        rows.extend([[""] * len(columns) for _ in range(blanks)])
        shares = [float(c.get("width", 1)) for c in columns]
        total = sum(shares)
        widths = [self.width * s / total for s in shares]
        row_heights = [None] * (len(rows) - blanks) + [LINE_GAP * 1.2] * blanks
        table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=_split_rows(rows),
                      rowHeights=row_heights, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.35, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]))
        out: list[Flowable] = []
        if block.get("title"):
            out.append(self.para(escape(number) + self.fill(block["title"], scope), "h3"))
        out.extend([table, Spacer(1, 3 * mm)])
        return out

    # -- the person's words ----------------------------------------------------------------
    def _transcript(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        """Turns of a disclosure: the person's words as visible quotations in a shaded, ruled
        box; staff words plainly, labelled, so the two are never confused."""
        turns = scope.get(block["path"])
        if not isinstance(turns, Sequence) or isinstance(turns, str) or not turns:
            return [RuledLines(int(block.get("lines", 8)), self.width)]
        person_label = self.loc(block.get("person_label")) or word("person_said", self.lang)
        staff_label = self.loc(block.get("staff_label")) or word("staff_said", self.lang)
        quote_style = ParagraphStyle(
            "quote_box", parent=self.styles["quote"], backColor=QUOTE_FILL, borderColor=RULE_GREY,
            borderWidth=0.6, borderPadding=(3, 4, 3, 4), leftIndent=14, spaceBefore=3,
            spaceAfter=5)
        staff_style = ParagraphStyle("staff_turn", parent=self.styles["staff"], spaceAfter=2)
        out: list[Flowable] = []
        for n, turn in enumerate(turns, start=1):
            turn = turn if isinstance(turn, Mapping) else {"speaker": "person", "text": turn}
            text = self.markup_value(str(turn.get("text") or ""))
            if turn.get("speaker") == "person":
                out.append(Paragraph(f"<font size=7.5>[{n}] {escape(person_label)}:</font><br/>"
                                     f"“{text}”", quote_style))
            else:
                out.append(Paragraph(f"<font size=7.5>[{n}]</font> <i>{escape(staff_label)}:</i>"
                                     f" {text}", staff_style))
        return out

    # -- signatures and headings -----------------------------------------------------------
    def _signature(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        """Signature blocks side by side. Labels, notes, the signing space, names and dates
        each take a row of their own so the blocks line up even when a label wraps."""
        parties = [p for p in block["parties"] if condition_holds(p.get("when"), scope)]
        if not parties:
            return []
        per_row = int(block.get("per_row", min(3, len(parties))))
        space = float(block.get("space", 20)) * mm
        rows: list[list[Any]] = []
        heights: list[float | None] = []
        for start in range(0, len(parties), per_row):
            group = parties[start:start + per_row]
            pad = [""] * (per_row - len(group))
            rows.append([self.para(self.fill(p["label"], scope), "center_bold")
                         for p in group] + pad)
            heights.append(None)
            if any(p.get("note") for p in group):
                rows.append([self.para(self.fill(p["note"], scope), "center_italic")
                             if p.get("note") else "" for p in group] + pad)
                heights.append(None)
            rows.append([""] * per_row)
            heights.append(space)
            names = []
            for p in group:
                name = scope.get(p["name"]) if p.get("name") else None
                names.append(self.para(self.markup_value(self.value_text(name))
                                       if not is_blank(name) else "……………………………",
                                       "center_bold"))
            rows.append(names + pad)
            heights.append(None)
            if any(p.get("date") for p in group):
                rows.append([self.para(self.fill(p["date"], scope), "center")
                             if p.get("date") else "" for p in group] + pad)
                heights.append(None)
            rows.append([""] * per_row)
            heights.append(4 * mm)
        table = Table(rows, colWidths=[self.width / per_row] * per_row, rowHeights=heights)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        out: list[Flowable] = [Spacer(1, 4 * mm)]
        if block.get("title"):
            out.append(self.para(escape(number) + self.fill(block["title"], scope), "h2"))
        out.append(KeepTogether([table]))
        return out

    def _vn_heading(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        """The Vietnamese administrative heading: issuing body on the left; the national name
        and motto on the right; the place and date line under the motto."""
        small = ParagraphStyle("vn_left", parent=self.styles["center"], fontSize=9, leading=11.5)
        left: list[Flowable] = []
        if block.get("agency"):
            left.append(Paragraph(self.fill(block["agency"], scope).upper(), small))
        left.append(Paragraph("<b>" + self.fill(block["unit"], scope).upper() + "</b>", small))
        left.append(HRFlowable(width="30%", thickness=0.6, color=colors.black, spaceBefore=1,
                               spaceAfter=3, hAlign="CENTER"))
        if block.get("number"):
            left.append(Paragraph(self.fill(block["number"], scope), small))
        right: list[Flowable] = [
            self.para("<b>" + self.fill(block["national"], scope) + "</b>", "center"),
            # A rule under the motto rather than <u>, which would cross the dots below ạ, ậ.
            self.para("<b>" + self.fill(block["motto"], scope) + "</b>", "center"),
            HRFlowable(width="48%", thickness=0.6, color=colors.black, spaceBefore=1,
                       hAlign="CENTER"),
            Spacer(1, 2 * mm),
        ]
        if block.get("place_date"):
            right.append(self.para(self.fill(block["place_date"], scope), "center_italic"))
        table = Table([[left, right]], colWidths=[self.width * 0.47, self.width * 0.53])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [table, Spacer(1, 5 * mm)]

    def _body_maps(self, block: Mapping[str, Any], scope: Scope, number: str) -> list[Flowable]:
        maps = scope.get(block["over"])
        if not isinstance(maps, Sequence) or isinstance(maps, str) or not maps:
            empty = block.get("empty")
            return [self.para(self.fill(empty, scope) if empty
                              else escape(word("none_recorded", self.lang)), "small")]
        if self.body_map is None:
            return []
        out: list[Flowable] = []
        for n, body_map in enumerate(maps, start=1):
            if n > 1 or block.get("page_break_before", True):
                out.append(PageBreak())
            inner = scope.child(map=body_map, loop={"n": n, "count": len(maps)})
            if block.get("title"):
                out.append(self.para(self.fill(block["title"], inner), "h1"))
            if isinstance(body_map, Mapping):
                out.extend(self.body_map(body_map, self.lang, self.width))
        return out
