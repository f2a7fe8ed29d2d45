"""Body-map data (outlines + named regions) and the printed body-map page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_forms_support import CREATED, flat, needs_poppler, pdf_text, sample

from desktop.printing.body_map import KINDS, VIEWS, load_body_map_data
from desktop.printing.forms import render


def _inside(polygon: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("view", VIEWS)
def test_outlines_are_closed_human_shapes_in_unit_coordinates(kind: str, view: str) -> None:
    outline = load_body_map_data().outline(kind, view)
    assert 0 < outline.aspect <= 1
    (body,) = outline.polygons
    assert len(body) >= 40
    xs = [x for x, _ in body]
    ys = [y for _, y in body]
    assert min(ys) < 0.01 and max(ys) > 0.99  # crown to soles
    assert all(0 <= c <= 1 for c in xs + ys)
    # Symmetric about the centre line, as a standing figure drawn straight on.
    assert sorted(round(1 - x, 3) for x in xs) == sorted(round(x, 3) for x in xs)
    # Head, chest and both feet are inside; the gap between arm and hip is not.
    assert _inside(body, 0.5, 0.06) and _inside(body, 0.5, 0.3)
    assert _inside(body, 0.42, 0.97) and _inside(body, 0.58, 0.97)
    assert not _inside(body, 0.5, 0.8)  # between the legs
    assert not _inside(body, 0.5 - 0.095 / outline.aspect, 0.45)  # between arm and waist


@pytest.mark.parametrize("kind", KINDS)
def test_regions_are_named_in_both_languages_and_sit_on_the_body(kind: str) -> None:
    data = load_body_map_data()
    for view in VIEWS:
        regions = data.regions_for(kind, view)
        ids = [r.id for r in regions]
        assert len(ids) == len(set(ids)) >= 20
        body = data.outline(kind, view).polygons[0]
        for region in regions:
            assert region.names["en"] and region.names["vi"]
            x0, y0, x1, y1 = region.box
            assert x0 < x1 and y0 < y1
            assert region.contains(*region.point)
            assert _inside(body, *region.point), (kind, view, region.id)
            assert data.region_at(kind, view, *region.point) is not None
    # The person's right is on the viewer's left from the front, on the right from the back.
    assert data.region(kind, "right_hand", "front").point[0] < 0.5
    assert data.region(kind, "right_hand", "back").point[0] > 0.5
    assert data.region(kind, "left_foot", "front").point[0] > 0.5
    assert data.region(kind, "face", "front") and data.region(kind, "buttocks", "back")
    assert data.region(kind, "face", "back") is None


def test_sample_marks_use_known_regions_at_their_positions() -> None:
    data = load_body_map_data()
    for name in ("en_child", "vn_adult_border"):
        for body_map in sample(name)["body_maps"]:
            for mark in body_map["marks"]:
                region = data.region_at(body_map["outline"], mark["view"], mark["x"], mark["y"])
                assert region is not None and region.id == mark["region"]


@needs_poppler
@pytest.mark.parametrize(("name", "lang", "phrases"), [
    ("en_child", "en", ["Body map 1 of 1", "Front", "Back", "Right forearm", "Left upper back",
                        "purple-blue", "I banged it on the bus door", "The person's explanation"]),
    ("vn_adult_border", "vi", ["Sơ đồ 1/1", "Mặt trước", "Mặt sau", "Cổ tay trái", "vết bầm",
                               "Họ kéo tay tôi khi tôi định chạy", "Lời giải thích của người đó"]),
])
def test_body_map_page_lists_every_mark(name: str, lang: str, phrases: list[str],
                                        tmp_path: Path) -> None:
    pdf = render("body-map", sample(name), lang, export_id="E-1", created=CREATED)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = flat(pdf_text(pdf, tmp_path))
    for phrase in phrases:
        assert phrase in text, phrase


def test_blank_body_map_prints_an_outline_to_draw_on() -> None:
    context = {"body_maps": [{"outline": "adult", "marks": []}]}
    pdf = render("body-map", context, "en", export_id="E-2", created=CREATED)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
