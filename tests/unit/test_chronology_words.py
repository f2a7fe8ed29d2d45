"""Chronology entries Waymark makes are stored as codes and worded when read (issue 15)."""

from __future__ import annotations

import re

import pytest
import yaml

from desktop.content.chronology import codes, summary_text
from desktop.domain import events as ev
from desktop.resources import resource
from desktop.vault import projections


def test_every_code_has_english_and_vietnamese_with_the_same_placeholders() -> None:
    words = yaml.safe_load(resource("chronology.yaml").read_text(encoding="utf-8"))
    for code, texts in words.items():
        assert set(texts) == {"en", "vi"}, code
        assert set(re.findall(r"\{\w+\}", texts["en"])) == \
            set(re.findall(r"\{\w+\}", texts["vi"])), code


@pytest.mark.parametrize(("summary", "en", "vi"), [
    ({"code": "registered"}, "Registered", "Đăng ký hồ sơ"),
    ({"code": "task_done", "title": {"en": "Tell the DSL", "vi": "Báo người phụ trách"}},
     "Done: Tell the DSL", "Đã xong: Báo người phụ trách"),
    ({"code": "assessment", "framework": {"en": "Child exploitation"}, "level": "concern"},
     "Child exploitation: Concern", "Child exploitation: Có dấu hiệu đáng lo ngại"),
    ({"code": "body_map", "marks": 2}, "Body map recorded (2 marks)",
     "Đã ghi sơ đồ cơ thể (2 dấu)"),
    ({"text": "Em nói {không} sao"}, "Em nói {không} sao", "Em nói {không} sao"),
    ({"en": "Registered", "vi": "Đăng ký hồ sơ"}, "Registered", "Đăng ký hồ sơ"),
])
def test_summaries_read_in_the_reader_language(summary: dict[str, object], en: str,
                                               vi: str) -> None:
    assert summary_text(summary, "en") == en
    assert summary_text(summary, "vi") == vi


def test_every_event_kind_has_a_projection_and_every_code_it_writes_has_words() -> None:
    assert set(projections.HANDLERS) == set(ev.KINDS)
    source = (resource("..") / "desktop" / "vault" / "projections.py").read_text(
        encoding="utf-8") if (resource("..") / "desktop").exists() else ""
    for code in re.findall(r'_summary\(\s*"(\w+)"', source):
        assert code in codes(), code
