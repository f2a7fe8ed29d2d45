"""Disclosure prompt card and script cards: data files, validation, adding a language."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from desktop.content.coach import CardInvalid, prompt_card, script_card, script_languages
from desktop.content.coach.cards import PROMPT_POINTS, load_scripts, parse_prompt_card
from desktop.resources import resource


@pytest.mark.parametrize("ui_lang", ["en", "vi"])
def test_the_prompt_card_has_every_point_in_each_interface_language(ui_lang: str) -> None:
    card = prompt_card(ui_lang)
    assert [p.id for p in card.points] == list(PROMPT_POINTS)
    for p in card.points:
        assert p.title and p.text and unicodedata.is_normalized("NFC", p.title + p.text)
    secrecy = next(p for p in card.points if p.id == "no_secrecy").text
    assert ("can't keep this a secret" in secrecy) if ui_lang == "en" else ("bí mật" in secrecy)


def test_an_unknown_interface_language_gets_the_english_card() -> None:
    assert prompt_card("fr").lang == "en"


def test_a_prompt_card_without_a_point_or_a_language_is_refused() -> None:
    data = yaml.safe_load(resource("disclosure", "prompt_card.yaml").read_text("utf-8"))
    data["points"] = [p for p in data["points"] if p["id"] != "no_secrecy"]
    with pytest.raises(CardInvalid, match="no_secrecy"):
        parse_prompt_card(data, "en")
    data = yaml.safe_load(resource("disclosure", "prompt_card.yaml").read_text("utf-8"))
    del data["points"][0]["text"]["vi"]
    with pytest.raises(CardInvalid, match="stay_calm"):
        parse_prompt_card(data, "vi")


def test_script_cards_ship_in_english_and_vietnamese() -> None:
    langs = {lang.code: lang.name for lang in script_languages()}
    assert langs == {"en": "English", "vi": "Tiếng Việt"}
    en, vi = script_card("en"), script_card("vi")
    assert "can't keep this a secret" in en.secret
    assert "không thể giữ bí mật" in vi.secret
    assert len(en.next_steps) == len(vi.next_steps) >= 3
    with pytest.raises(KeyError):
        script_card("xx")


def _copy_scripts(tmp_path: Path) -> Path:
    folder = tmp_path / "resources" / "disclosure" / "scripts"
    shutil.copytree(resource("disclosure", "scripts"), folder)
    return folder


def test_adding_a_language_is_one_new_file(tmp_path: Path) -> None:
    folder = _copy_scripts(tmp_path)
    card = yaml.safe_load((folder / "en.yaml").read_text("utf-8"))
    card.update(lang="fr", name="Français", title="Ce qui se passe maintenant")
    (folder / "fr.yaml").write_text(yaml.safe_dump(card, allow_unicode=True), "utf-8")
    codes = [lang.code for lang in script_languages(folder)]
    assert codes == ["en", "fr", "vi"]
    assert script_card("fr", folder).name == "Français"


def test_a_script_card_missing_a_key_or_misnamed_is_refused(tmp_path: Path) -> None:
    folder = _copy_scripts(tmp_path)
    card = yaml.safe_load((folder / "en.yaml").read_text("utf-8"))
    del card["secret"]
    (folder / "de.yaml").write_text(yaml.safe_dump(card), "utf-8")
    with pytest.raises(CardInvalid, match="de.yaml: missing key 'secret'"):
        load_scripts(folder)
    (folder / "de.yaml").unlink()
    card = yaml.safe_load((folder / "en.yaml").read_text("utf-8"))
    (folder / "es.yaml").write_text(yaml.safe_dump(card), "utf-8")
    with pytest.raises(CardInvalid, match="es.yaml: lang is 'en'"):
        load_scripts(folder)


def test_vietnamese_script_cards_speak_to_a_child_and_to_an_adult_with_the_right_pronouns(
        ) -> None:
    import re

    def words(card: object) -> set[str]:
        text = " ".join([card.thanks, card.not_your_fault, card.secret,  # type: ignore[attr-defined]
                         card.danger, card.closing, *card.next_steps])  # type: ignore[attr-defined]
        return set(re.findall(r"[^\W\d_]+", text.lower()))

    child, adult = script_card("vi"), script_card("vi", adult=True)
    assert {"cô", "em"} <= words(child) and not {"tôi", "bạn", "anh/chị"} & words(child)
    assert "anh" in words(adult) and "tôi" in words(adult)
    assert not {"bạn", "em", "cô"} & words(adult)
    teacher = script_card("vi", speaker="thầy")
    assert teacher.secret.startswith("Thầy không thể giữ bí mật") and "cô" not in words(teacher)
    with pytest.raises(KeyError):
        script_card("vi", speaker="bạn")


@pytest.mark.parametrize("lang, adult", [("en", False), ("en", True), ("vi", False),
                                         ("vi", True)])
def test_script_cards_tell_the_lead_straight_away_and_give_the_emergency_numbers(
        lang: str, adult: bool) -> None:
    card = script_card(lang, adult=adult)
    assert "999" in card.danger and "113" in card.danger
    steps = " ".join(card.next_steps)
    assert ("Straight away" in steps) if lang == "en" else ("báo ngay" in steps)
    assert "Today" not in steps and "Hôm nay" not in steps
    if lang == "vi" and not adult:
        assert "người phụ trách bảo vệ trẻ em" in steps


@pytest.mark.parametrize("ui_lang, words", [
    ("en", ("Do not examine or photograph injuries", "body map")),
    ("vi", ("Không tự kiểm tra hoặc chụp ảnh thương tích", "sơ đồ cơ thể",
            "người phụ trách bảo vệ trẻ em"))])
def test_the_prompt_card_says_not_to_examine_injuries_but_use_the_body_map(
        ui_lang: str, words: tuple[str, ...]) -> None:
    text = next(p.text for p in prompt_card(ui_lang).points if p.id == "injuries")
    assert all(w in text for w in words)
