"""Counted phrases read right for every number in both languages ("1 person", not "1 people";
a deadline 2 days 23 hours away is not "in 2 days")."""

from __future__ import annotations

import ast
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import desktop.ui
from desktop.ui import i18n
from desktop.ui.i18n import plural_catalog, trn
from desktop.ui.messages.errors import wait_text
from desktop.ui.messages.record_labels import relative_text

UI = Path(desktop.ui.__file__).parent


def plural_strings() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        consts = {n.targets[0].id: n.value.value for n in tree.body
                  if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                  and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "trn"):
                ctx, text = node.args[:2]
                assert isinstance(text, ast.Constant), f"{path.name}:{node.lineno}"
                context = ctx.value if isinstance(ctx, ast.Constant) else consts[ctx.id]
                found.append((path.stem, context, text.value))
    return found


PLURALS = plural_strings()


def test_the_walk_finds_the_counted_phrases() -> None:
    assert len(PLURALS) > 25


@pytest.mark.parametrize(("module", "context", "text"), PLURALS)
def test_plural_entry_in_both_languages(module: str, context: str, text: str) -> None:
    assert "%n" in text
    en = plural_catalog("en").get(context, {}).get(text)
    assert en and len(en) == 2, f"{module}: no English one/other forms for {text!r}"
    vi = plural_catalog("vi").get(context, {}).get(text)
    assert vi and len(vi) == 1, f"{module}: no Vietnamese form for {text!r}"
    for form in en + vi:
        assert "%n" in form
        assert set(re.findall(r"\{\w+\}", form)) == set(re.findall(r"\{\w+\}", text))
        assert unicodedata.normalize("NFC", form) == form


def test_no_counted_phrase_is_left_to_format() -> None:
    """A count put in with format() cannot choose its noun's form: the counted phrases go
    through trn(). (Ordinals and fixed numbers — "Section {n} of {total}" — are not counts.)"""
    counted = re.compile(r"tr\([^)]*\{(n|count|seconds|minutes)\} (people|seconds|minutes|"
                         r"days|hours|records|tasks|indicators)")
    offenders = [f"{p.name}: {m.group(0)}" for p in UI.rglob("*.py")
                 for m in counted.finditer(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_english_counts(qapp) -> None:
    i18n.set_language("en")
    assert trn("PeoplePage", "%n people", 1) == "1 person"
    assert trn("PeoplePage", "%n people", 2) == "2 people"
    assert trn("PeoplePage", "%n people", 0) == "0 people"
    assert wait_text(1) == "Please wait 1 second before trying again."
    assert wait_text(30) == "Please wait 30 seconds before trying again."
    assert trn("Settings", "Saved. Waymark now locks after %n minutes without use.", 1) == \
        "Saved. Waymark now locks after 1 minute without use."


def test_vietnamese_has_one_form(qapp) -> None:
    i18n.set_language("vi")
    try:
        assert trn("PeoplePage", "%n people", 1) == "1 người"
        assert trn("PeoplePage", "%n people", 7) == "7 người"
    finally:
        i18n.set_language("en")


NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("delta", "text"), [
    (timedelta(seconds=20), "now"),
    (timedelta(minutes=1), "in 1 minute"),
    (timedelta(minutes=45), "in 45 minutes"),
    (timedelta(hours=1), "in 1 hour"),
    (timedelta(hours=47), "in 47 hours"),
    (timedelta(days=2, hours=23), "in 2 days 23 hours"),
    (timedelta(days=3, hours=1), "in 3 days 1 hour"),
    (timedelta(days=4), "in 4 days"),
    (timedelta(days=9, hours=13), "in 10 days"),
    (-timedelta(minutes=1), "1 minute ago"),
    (-timedelta(hours=1), "1 hour ago"),
    (-timedelta(days=2, hours=5), "2 days 5 hours ago"),
])
def test_deadlines_in_words(qapp, delta: timedelta, text: str) -> None:
    i18n.set_language("en")
    assert relative_text(NOW + delta, NOW) == text


def test_deadlines_in_vietnamese(qapp) -> None:
    i18n.set_language("vi")
    try:
        assert relative_text(NOW + timedelta(days=2, hours=23), NOW) == "còn 2 ngày 23 giờ"
        assert relative_text(NOW - timedelta(hours=1), NOW) == "1 giờ trước"
    finally:
        i18n.set_language("en")
