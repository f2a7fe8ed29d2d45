"""The wording coach against its labelled corpus of staff turns (tests/fixtures/coach)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.content.coach import CATEGORIES, FLAGS
from desktop.content.coach.evaluate import (
    Scored,
    category_accuracy,
    load_corpus,
    open_vs_closed_accuracy,
    precision_recall,
    score,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "coach"
MINIMUM = {"en": 200, "vi": 120}


@pytest.fixture(scope="module", params=["en", "vi"])
def scored(request: pytest.FixtureRequest) -> tuple[str, list[Scored]]:
    lang, items = load_corpus(FIXTURES / f"{request.param}.yaml")
    assert lang == request.param
    return lang, score(items, lang)


def _misses(rows: list[Scored]) -> str:
    return "\n".join(f"{s.item.text!r}: expected {s.item.category} {sorted(s.item.flags)}, "
                     f"got {s.result.category} {list(s.result.flags)}" for s in rows)


def test_corpus_is_large_and_covers_every_category_and_flag(
        scored: tuple[str, list[Scored]]) -> None:
    lang, rows = scored
    assert len(rows) >= MINIMUM[lang]
    assert {s.item.category for s in rows} == set(CATEGORIES)
    assert set().union(*(s.item.flags for s in rows)) == set(FLAGS)
    assert any(s.item.negative == "secrecy" for s in rows)
    assert len({s.item.text for s in rows}) == len(rows), "duplicate turns"


def test_open_is_told_apart_from_closed_or_leading(scored: tuple[str, list[Scored]]) -> None:
    _, rows = scored
    assert open_vs_closed_accuracy(rows) >= 0.9


def test_category_accuracy_stays_high(scored: tuple[str, list[Scored]]) -> None:
    _, rows = scored
    wrong = [s for s in rows if s.result.category != s.item.category]
    assert category_accuracy(rows) >= 0.85, _misses(wrong)


def test_every_secrecy_promise_is_flagged(scored: tuple[str, list[Scored]]) -> None:
    _, rows = scored
    missed = [s for s in rows if "secrecy_promise" in s.item.flags
              and "secrecy_promise" not in s.result.flags]
    assert not missed, _misses(missed)


def test_good_practice_is_never_taken_for_a_secrecy_promise(
        scored: tuple[str, list[Scored]]) -> None:
    _, rows = scored
    negatives = [s for s in rows if s.item.negative == "secrecy"]
    assert len(negatives) >= 10
    wrong = [s for s in negatives if "secrecy_promise" in s.result.flags]
    assert not wrong, _misses(wrong)


def test_no_secrecy_flag_where_there_is_no_promise(scored: tuple[str, list[Scored]]) -> None:
    _, rows = scored
    wrong = [s for s in rows if "secrecy_promise" in s.result.flags
             and "secrecy_promise" not in s.item.flags]
    assert not wrong, _misses(wrong)


def test_blaming_words_in_turns_are_found(scored: tuple[str, list[Scored]]) -> None:
    _, rows = scored
    pr = precision_recall(rows, "blaming_language", flag=True)
    assert pr["recall"] is not None and pr["recall"] >= 0.9
    assert pr["precision"] is not None and pr["precision"] >= 0.8


def test_every_result_is_well_formed(scored: tuple[str, list[Scored]]) -> None:
    lang, rows = scored
    for s in rows:
        r = s.result
        assert r.category in CATEGORIES and set(r.flags) <= set(FLAGS)
        assert len(set(r.flags)) == len(r.flags)
        for ev in r.evidence:
            assert r.text[ev.start:ev.end] == ev.text
        if r.category in ("closed", "forced_choice", "leading", "multiple") or (
                "secrecy_promise" in r.flags):
            assert r.suggestion, r.text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_held_out_turns_written_after_tuning_are_read_well_too(lang: str) -> None:
    corpus_lang, items = load_corpus(FIXTURES / f"holdout_{lang}.yaml")
    rows = score(items, corpus_lang)
    assert open_vs_closed_accuracy(rows) >= 0.85
    assert category_accuracy(rows) >= 0.8
    missed = [s for s in rows if ("secrecy_promise" in s.item.flags)
              != ("secrecy_promise" in s.result.flags)]
    assert not missed, _misses(missed)
