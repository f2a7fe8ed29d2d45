"""The wording coach on single turns: context, languages, explanations, rules, speed."""

from __future__ import annotations

import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml

from desktop.content.coach import CODES, classify, explain, languages
from desktop.content.coach.rules import RulesInvalid, parse, rules
from desktop.resources import resource


def test_a_question_about_what_was_said_is_closed_but_about_what_was_not_is_leading() -> None:
    assert classify("Did he hurt you?", "en", heard="he hurt me").category == "closed"
    r = classify("Did he hurt you?", "en", heard="he was angry")
    assert r.category == "leading" and "names_unmentioned" in r.flags
    assert r.unmentioned == ("hurt you",)


def test_a_name_the_person_never_said_is_leading_but_a_name_they_said_is_not() -> None:
    r = classify("Was it Darren who gave you the phone?", "en", heard="a man gave me a phone")
    assert r.category == "leading" and "Darren" in r.unmentioned
    r = classify("Was it Darren who gave you the phone?", "en", heard="darren has a phone")
    assert r.category == "closed"
    r = classify("Có phải anh Tuấn đưa em đi không?", "vi", heard="anh tuan dua em di")
    assert r.category == "closed"


def test_tag_questions_are_leading_in_both_languages() -> None:
    for text, lang in (("He took your phone, didn't he?", "en"),
                       ("You were there, right?", "en"),
                       ("Anh ta lấy điện thoại của em, phải không?", "vi"),
                       ("Em sợ lắm, đúng không?", "vi")):
        r = classify(text, lang, heard="phone điện thoại")
        assert r.category == "leading" and "tag_question" in r.flags, text


def test_vietnamese_typed_without_accents_is_read_like_accented() -> None:
    pairs = [("Cô sẽ không nói với ai đâu.", "co se khong noi voi ai dau"),
             ("Em kể cho cô nghe chuyện gì đã xảy ra.", "em ke cho co nghe chuyen gi da xay ra"),
             ("Chuyện đó xảy ra ở đâu?", "chuyen do xay ra o dau?"),
             ("Tôi không thể giữ bí mật.", "toi khong the giu bi mat")]
    for accented, plain in pairs:
        a, b = classify(accented, "vi"), classify(plain, "vi")
        assert (a.category, a.flags) == (b.category, b.flags), plain


def test_text_is_nfc_normalised_and_spans_point_into_it() -> None:
    nfd = unicodedata.normalize("NFD", "Cô sẽ không nói với ai đâu.")
    r = classify(nfd, "vi")
    assert "secrecy_promise" in r.flags
    assert unicodedata.is_normalized("NFC", r.text)
    ev = next(e for e in r.evidence if e.code == "secrecy_promise")
    assert r.text[ev.start:ev.end] == ev.text and "không nói với ai" in ev.text


def test_curly_apostrophes_and_missing_question_marks_are_understood() -> None:
    assert "secrecy_promise" in classify("I won’t tell anyone", "en").flags
    assert classify("what happened next", "en").category == "open"
    assert classify("did you tell anyone", "en").category == "closed"


def test_suggestions_are_in_the_language_of_the_turn_and_use_its_pronouns() -> None:
    en = classify("I promise I won't tell anyone.", "en").suggestion
    assert en and en.startswith("I can't keep this a secret")
    vi = classify("Chú hứa sẽ không kể cho ai, cháu cứ nói.", "vi").suggestion
    assert vi and vi.startswith("Chú không thể giữ bí mật") and "cháu" in vi
    assert classify("Tell me what happened.", "en").suggestion is None


def test_several_open_invitations_are_one_invitation_but_mixed_questions_are_multiple() -> None:
    assert classify("Tell me more. What happened next?", "en").category == "open"
    r = classify("What happened? Who was there?", "en", heard="something happened")
    assert r.category == "multiple" and r.questions == 2
    assert r.suggestion == "What happened?"


@pytest.mark.parametrize("ui_lang", ["en", "vi"])
def test_every_code_is_explained_in_every_user_interface_language(ui_lang: str) -> None:
    for code in CODES:
        e = explain(code, ui_lang)
        assert e.rule.strip() and e.better.strip()
        assert unicodedata.is_normalized("NFC", e.rule + e.better)
    vi = explain("secrecy_promise", "vi")
    if ui_lang == "vi":
        assert "bí mật" in vi.rule and vi.rule != explain("secrecy_promise", "en").rule


def test_the_explanation_follows_the_interface_not_the_turn() -> None:
    r = classify("Cô hứa sẽ không kể.", "vi")
    assert "secrecy_promise" in r.flags
    assert explain("secrecy_promise", "en").rule.startswith("Never promise")
    assert explain("secrecy_promise", "fr").rule == explain("secrecy_promise", "en").rule
    with pytest.raises(KeyError):
        explain("no_such_code", "en")


def test_shipped_rule_files_load_and_a_broken_one_is_named() -> None:
    assert {"en", "vi"} <= set(languages())
    for lang in ("en", "vi"):
        r = rules(lang)
        assert r.folded.referents and r.accented.notes  # both variants compile
    good = yaml.safe_load(resource("coach", "en.yaml").read_text(encoding="utf-8"))
    bad = dict(good)
    del bad["notes"]
    with pytest.raises(RulesInvalid, match="x.yaml: missing key 'notes'"):
        parse(bad, "x.yaml")
    bad = yaml.safe_load(resource("coach", "en.yaml").read_text(encoding="utf-8"))
    bad["turn"]["secrecy"].append("(unclosed")
    with pytest.raises(RulesInvalid, match=r"x.yaml: turn.secrecy\[\d+\]"):
        parse(bad, "x.yaml")
    bad = yaml.safe_load(resource("coach", "vi.yaml").read_text(encoding="utf-8"))
    del bad["explanations"]["why_question"]
    with pytest.raises(RulesInvalid, match="why_question"):
        parse(bad, "x.yaml")
    with pytest.raises(ValueError):
        classify("hello", "fr")


def test_rule_files_are_nfc() -> None:
    for lang in ("en", "vi"):
        text = resource("coach", f"{lang}.yaml").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)


def test_it_is_fast_enough_for_every_keystroke() -> None:
    turns = ["Tell me what happened next.", "Did your uncle touch you, or was it someone else?",
             "Cô hứa sẽ không kể với ai, em cứ nói đi, chuyện gì đã xảy ra?",
             "I won't tell anyone. Where did he take you and who else was there?"] * 50
    classify("warm up", "en")
    classify("khởi động", "vi")
    start = time.perf_counter()
    for n, t in enumerate(turns):
        classify(t, "vi" if n % 4 == 2 else "en", heard="he took me to a flat")
    per_turn_ms = (time.perf_counter() - start) * 1000 / len(turns)
    assert per_turn_ms < 20, per_turn_ms


def test_the_coach_imports_no_qt_and_no_vault() -> None:
    code = ("import sys, desktop.content.coach, desktop.cli.coach, desktop.content.coach.evaluate;"
            "desktop.content.coach.classify('Tell me more', 'en');"
            "bad = [m for m in sys.modules if m.split('.')[0] == 'PySide6' or "
            "m.startswith(('desktop.vault', 'desktop.ui'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
