"""Dates on forms (issue 11): the jurisdiction picks the format, the form's language the words;
the footer names the zone as the reader does (GMT/BST in England, giờ Việt Nam in Viet Nam)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from test_forms_support import EXPORT_ID, flat, needs_poppler, pdf_text, sample

from desktop.printing.form_dates import format_moment, zone_name
from desktop.printing.forms import render

LONDON = ZoneInfo("Europe/London")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_an_england_form_prints_day_first_in_either_language() -> None:
    day = date(2026, 12, 4)
    at = datetime(2026, 12, 4, 14, 5, tzinfo=LONDON)
    assert format_moment(day, "england", "en") == "04/12/2026"
    assert format_moment(day, "england", "en", "long") == "4 December 2026"
    assert format_moment(at, "england", "en", "datetime") == "04/12/2026 14:05"
    # The same paper in Vietnamese: the same numbers, Vietnamese words.
    assert format_moment(day, "england", "vi") == "04/12/2026"
    assert format_moment(day, "england", "vi", "long") == "ngày 4 tháng 12 năm 2026"


def test_a_viet_nam_form_prints_the_administrative_date() -> None:
    assert format_moment(date(2026, 12, 4), "vietnam", "vi", "long") == \
        "ngày 04 tháng 12 năm 2026"
    # Decree 30/2020: a leading zero for a day under 10 and for January and February only.
    assert format_moment(date(2026, 2, 4), "vietnam", "vi", "long") == \
        "ngày 04 tháng 02 năm 2026"
    assert format_moment(date(2026, 7, 14), "vietnam", "vi", "long") == \
        "ngày 14 tháng 7 năm 2026"
    at = datetime(2026, 12, 4, 9, 15, tzinfo=HANOI)
    assert format_moment(at, "vietnam", "vi", "datetime") == "09 giờ 15 phút ngày 04/12/2026"
    assert format_moment(at, "vietnam", "en", "date") == "04/12/2026"


def test_the_zone_is_named_as_the_reader_names_it() -> None:
    winter = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 4, 12, 0, tzinfo=UTC)
    assert zone_name(winter.astimezone(LONDON), "england", "en") == "GMT"
    assert zone_name(summer.astimezone(LONDON), "england", "vi") == "BST"
    assert zone_name(winter.astimezone(HANOI), "vietnam", "vi") == "giờ Việt Nam (UTC+7)"
    assert zone_name(winter.astimezone(HANOI), "vietnam", "en") == "Viet Nam time (UTC+7)"


@needs_poppler
def test_the_printed_mash_referral_uses_the_england_format_and_gmt(tmp_path: Path) -> None:
    context = sample("en_child")
    context["timezone"] = "Europe/London"
    created = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    for lang in ("en", "vi"):
        text = flat(pdf_text(render("england-mash-referral", context, lang,
                                    export_id=EXPORT_ID, created=created), tmp_path))
        assert "14/03/2011" in text  # the date of birth, day first in both languages
        assert "04/12/2026 10:00 GMT" in text or "10:00 ngày 04/12/2026 GMT" in text
        assert " UTC" not in text


@needs_poppler
def test_the_printed_bien_ban_uses_the_vietnamese_format_and_zone(tmp_path: Path) -> None:
    context = sample("vn_adult_border")
    context["timezone"] = "Asia/Ho_Chi_Minh"
    created = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
    text = flat(pdf_text(render("vn-bien-ban-tiep-nhan", context, "vi", export_id=EXPORT_ID,
                                created=created), tmp_path))
    assert "10 giờ 00 phút ngày 04/12/2026 giờ Việt Nam (UTC+7)" in text
