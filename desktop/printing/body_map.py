"""Body maps: outline data (resources/bodymap) and the printed body-map page.

The outlines (child and adult, front and back) are polygons in normalised coordinates: x 0..1
across and y 0..1 down a box whose width is `aspect` times its height. Named regions (en + vi,
with the person's left and right) carry a point and a box in the same coordinates, so a mark can
be added by choosing a region from a list (keyboard users) as well as by clicking. A Qt widget
can reuse `load_body_map_data()`; nothing here imports Qt.

In the front view the person's right is on the viewer's left; the page says so under each view.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.printing.fonts import BOLD, REGULAR
from desktop.printing.form_pages import LABEL_FILL, clean, styles
from desktop.printing.form_values import format_value
from desktop.printing.form_words import word
from desktop.resources import resource

KINDS = ("child", "adult")
VIEWS = ("front", "back")
Point = tuple[float, float]


@dataclass(frozen=True)
class Region:
    id: str
    names: dict[str, str]
    view: str
    point: Point
    box: tuple[float, float, float, float]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.box
        return x0 <= x <= x1 and y0 <= y <= y1


@dataclass(frozen=True)
class Outline:
    kind: str
    view: str
    aspect: float
    polygons: tuple[tuple[Point, ...], ...]
    details: tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class BodyMapData:
    outlines: dict[tuple[str, str], Outline]
    regions: dict[str, tuple[Region, ...]]

    def outline(self, kind: str, view: str) -> Outline:
        return self.outlines[(_kind(kind), view)]

    def regions_for(self, kind: str, view: str | None = None) -> tuple[Region, ...]:
        return tuple(r for r in self.regions[_kind(kind)] if view is None or r.view == view)

    def region(self, kind: str, region_id: str, view: str | None = None) -> Region | None:
        for r in self.regions_for(kind, view):
            if r.id == region_id:
                return r
        return None

    def region_at(self, kind: str, view: str, x: float, y: float) -> Region | None:
        """The smallest named region whose box holds (x, y), for naming a clicked mark."""
        hits = [r for r in self.regions_for(kind, view) if r.contains(x, y)]
        return min(hits, key=lambda r: (r.box[2] - r.box[0]) * (r.box[3] - r.box[1]),
                   default=None)


def _kind(kind: str) -> str:
    return kind if kind in KINDS else "adult"


def _points(raw: Sequence[Sequence[float]]) -> tuple[Point, ...]:
    points = tuple((float(x), float(y)) for x, y in raw)
    if any(not (0.0 <= c <= 1.0) for p in points for c in p):
        raise ValueError("body-map coordinates must lie in 0..1")
    return points


_lock = threading.Lock()
_data: BodyMapData | None = None


def load_body_map_data() -> BodyMapData:
    """Outlines and regions from resources/bodymap (read once, then cached)."""
    global _data
    with _lock:
        if _data is None:
            raw = json.loads(resource("bodymap", "outlines.json").read_text(encoding="utf-8"))
            raw_regions = json.loads(resource("bodymap", "regions.json").read_text(
                encoding="utf-8"))
            aspect = float(raw["aspect"])
            outlines = {
                (kind, view): Outline(kind, view, aspect,
                                      tuple(_points(p) for p in shape["polygons"]),
                                      tuple(_points(d) for d in shape.get("details", [])))
                for kind, views in raw["outlines"].items() for view, shape in views.items()}
            regions = {
                kind: tuple(Region(r["id"], dict(r["name"]), r["view"],
                                   _points([r["point"]])[0],
                                   (float(r["box"][0]), float(r["box"][1]), float(r["box"][2]),
                                    float(r["box"][3])))
                            for r in items)
                for kind, items in raw_regions["regions"].items()}
            _data = BodyMapData(outlines, regions)
        return _data


class BodyMapDrawing(Flowable):
    """Front and back outlines side by side with numbered marks at their positions."""

    def __init__(self, kind: str, marks: Sequence[Mapping[str, Any]], lang: str,
                 width: float, height: float = 118 * mm) -> None:
        super().__init__()
        self.data = load_body_map_data()
        self.kind = kind
        self.marks = marks
        self.lang = lang
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        label_h = 10 * mm
        box_h = self.height - label_h
        for i, view in enumerate(VIEWS):
            outline = self.data.outline(self.kind, view)
            box_w = box_h * outline.aspect
            left = self.width * (0.25 + 0.5 * i) - box_w / 2
            bottom = label_h

            def at(p: Point, left: float = left, bottom: float = bottom,
                   box_w: float = box_w) -> Point:
                return left + p[0] * box_w, bottom + (1 - p[1]) * box_h

            canvas.setStrokeColor(colors.black)
            canvas.setLineWidth(0.9)
            for polygon in outline.polygons:
                path = canvas.beginPath()
                path.moveTo(*at(polygon[0]))
                for p in polygon[1:]:
                    path.lineTo(*at(p))
                path.close()
                canvas.drawPath(path, stroke=1, fill=0)
            canvas.setLineWidth(0.5)
            for line in outline.details:
                path = canvas.beginPath()
                path.moveTo(*at(line[0]))
                for p in line[1:]:
                    path.lineTo(*at(p))
                canvas.drawPath(path, stroke=1, fill=0)
            cx = left + box_w / 2
            canvas.setFillColor(colors.black)
            canvas.setFont(BOLD, 9)
            canvas.drawCentredString(cx, 4 * mm, word(view, self.lang))
            # Which side is the person's right, in this view.
            right, left_word = word("right", self.lang), word("left", self.lang)
            first, second = (right, left_word) if view == "front" else (left_word, right)
            canvas.setFont(REGULAR, 7.5)
            canvas.drawCentredString(left + 0.1 * box_w, label_h + box_h * 0.45, first)
            canvas.drawCentredString(left + 0.9 * box_w, label_h + box_h * 0.45, second)
            for mark in self.marks:
                if mark.get("view") != view:
                    continue
                try:
                    x, y = float(mark["x"]), float(mark["y"])
                except (KeyError, TypeError, ValueError):
                    continue  # a mark without a position is still listed in the table
                px, py = at((min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)))
                canvas.setFillColor(colors.HexColor("#9b1c1c"))
                canvas.circle(px, py, 2.6 * mm, stroke=0, fill=1)
                canvas.setFillColor(colors.white)
                canvas.setFont(BOLD, 7.5)
                canvas.drawCentredString(px, py - 2.6, str(mark.get("n", "")))


def _region_name(kind: str, region_id: Any, view: Any, lang: str) -> str:
    if not isinstance(region_id, str) or not region_id:
        return ""
    region = load_body_map_data().region(kind, region_id, view if isinstance(view, str)
                                         else None)
    return region.name(lang) if region else region_id


# The type of a mark is stored as a code (desktop/ui/body_map_dialog.py MARK_TYPES); printed
# in the form's language. Anything else prints as recorded.
MARK_TYPE_WORDS = {
    "bruise": {"en": "Bruise", "vi": "Vết bầm tím"},
    "cut": {"en": "Cut", "vi": "Vết cắt"},
    "scratch": {"en": "Scratch", "vi": "Vết xước"},
    "burn": {"en": "Burn", "vi": "Vết bỏng"},
    "scar": {"en": "Scar", "vi": "Vết sẹo"},
    "swelling": {"en": "Swelling", "vi": "Chỗ sưng"},
    "bite": {"en": "Bite", "vi": "Vết cắn"},
    "other": {"en": "Other", "vi": "Khác"},
}


def _type_word(value: Any, lang: str) -> Any:
    words = MARK_TYPE_WORDS.get(str(value)) if value is not None else None
    return (words.get(lang) or words["en"]) if words else value


_HEAD = {
    "n": {"en": "No.", "vi": "Số"}, "view": {"en": "View", "vi": "Mặt"},
    "region": {"en": "Region", "vi": "Vị trí"}, "type": {"en": "Type", "vi": "Loại"},
    "size": {"en": "Size", "vi": "Kích thước"}, "colour": {"en": "Colour", "vi": "Màu sắc"},
    "explanation": {"en": "The person's explanation", "vi": "Lời giải thích của người đó"},
    "recorded": {"en": "Recorded", "vi": "Thời điểm ghi"},
    "by": {"en": "Recorded by", "vi": "Người ghi"},
    "outline": {"en": "Outline", "vi": "Hình"},
    "child": {"en": "Child", "vi": "Trẻ em"}, "adult": {"en": "Adult", "vi": "Người lớn"},
}


def body_map_flowables(body_map: Mapping[str, Any], lang: str, width: float,
                       jurisdiction: str | None = None) -> list[Flowable]:
    """One body map: a line of who/when, the two views with marks, and the table of marks."""
    st = styles()
    kind = _kind(str(body_map.get("outline") or "adult"))
    marks = [m for m in body_map.get("marks") or [] if isinstance(m, Mapping)]

    def h(key: str) -> str:
        return _HEAD[key].get(lang) or _HEAD[key]["en"]

    def cell(text: str, style: str = "cell") -> Paragraph:
        return Paragraph(escape(clean(text)).replace("\n", "<br/>"), st[style])

    recorded = format_value(body_map.get("recorded_at"), lang, "datetime",
                            jurisdiction=jurisdiction)
    info = (f"<b>{escape(h('outline'))}:</b> {escape(h(kind))} &nbsp;&nbsp; "
            f"<b>{escape(h('recorded'))}:</b> "
            f"{escape(recorded)} &nbsp;&nbsp; "
            f"<b>{escape(h('by'))}:</b> {escape(clean(str(body_map.get('recorded_by') or '')))}")
    rows: list[list[Any]] = [[cell(h(k), "cell_head") for k in
                              ("n", "view", "region", "type", "size", "colour", "explanation")]]
    for mark in marks:
        view = mark.get("view")
        rows.append([
            cell(str(mark.get("n", ""))),
            cell(word(view, lang) if view in VIEWS else str(view or "")),
            cell(_region_name(kind, mark.get("region"), view, lang)),
            cell(format_value(_type_word(mark.get("type"), lang), lang)),
            cell(format_value(mark.get("size"), lang)),
            cell(format_value(mark.get("colour"), lang)),
            cell(format_value(mark.get("explanation"), lang)),
        ])
    blanks = 0 if marks else 3
    rows.extend([[""] * 7 for _ in range(blanks)])
    shares = (0.55, 0.8, 1.3, 1.0, 0.9, 1.1, 3.0)
    table = Table(rows, colWidths=[width * s / sum(shares) for s in shares], repeatRows=1,
                  splitInRow=1, rowHeights=[None] * (len(rows) - blanks) + [9 * mm] * blanks)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.35, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
    ]))
    return [Paragraph(info, st["small"]), Spacer(1, 2 * mm),
            BodyMapDrawing(kind, marks, lang, width), Spacer(1, 3 * mm), table]
