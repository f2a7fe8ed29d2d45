"""The compiled interface catalogues (resources/translations/<lang>.json) match their YAML,
and a stale one never wins over the YAML on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desktop import translations
from desktop.resources import resource

LANGUAGES = sorted(p.name for p in resource("translations").iterdir() if p.is_dir())


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_made_from_the_yaml_on_disk(language: str) -> None:
    doc = json.loads(translations.compiled_path(language).read_text(encoding="utf-8"))
    assert doc["digest"] == translations.source_digest(language), (
        "stale: run scripts/compile_translations.py")
    plain, plural = translations.parse_sources(language)
    assert (doc["plain"], doc["plural"]) == (plain, plural)


def test_an_edited_catalogue_is_read_from_yaml_not_the_stale_compiled_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "translations"
    shutil.copytree(resource("translations"), folder)
    monkeypatch.setattr(translations, "resource", lambda *parts: tmp_path.joinpath(*parts))
    before, _ = translations.load("vi")
    assert before["PeoplePage"]["New person"]
    extra = folder / "vi" / "zz-edit.yaml"
    extra.write_text("PeoplePage:\n  New person: Thêm người (đã sửa)\n", encoding="utf-8")
    after, _ = translations.load("vi")
    assert after["PeoplePage"]["New person"] == "Thêm người (đã sửa)"
    # A damaged compiled file is not an error either: the YAML is the source.
    translations.compiled_path("vi").write_text("{not json", encoding="utf-8")
    assert translations.load("vi")[0]["PeoplePage"]["New person"] == "Thêm người (đã sửa)"
