"""Score the coach against a labelled corpus (tests/fixtures/coach/*.yaml): used by the tests
and by bench/coach_bench.py, so both report the same figures."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from desktop.content.coach.rules import CATEGORIES, FLAGS
from desktop.content.coach.turns import TurnResult, classify

# The coarse split the coach must get right: an open invitation against a question that
# offers or suggests the answer (yes/no, forced choice, leading).
OPEN = frozenset({"open"})
CLOSED_OR_LEADING = frozenset({"closed", "forced_choice", "leading"})


@dataclass(frozen=True)
class Item:
    text: str
    category: str
    flags: frozenset[str]
    heard: str
    negative: str | None
    pair: tuple[str, str] | None = None  # Vietnamese: the staff member's (self, person) words


@dataclass(frozen=True)
class Scored:
    item: Item
    result: TurnResult


def load_corpus(path: Path) -> tuple[str, tuple[Item, ...]]:
    """The corpus language and its items; ValueError on an unknown category or flag."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for n, raw in enumerate(data["items"]):
        category = raw["category"]
        flags = frozenset(raw.get("flags") or ())
        if category not in CATEGORIES or not flags <= set(FLAGS):
            raise ValueError(f"{path.name}: item {n} has an unknown category or flag")
        pair = raw.get("pair")
        items.append(Item(str(raw["text"]), category, flags, str(raw.get("heard") or ""),
                          raw.get("negative"),
                          (str(pair[0]), str(pair[1])) if pair else None))
    return str(data["lang"]), tuple(items)


def score(items: Iterable[Item], lang: str) -> list[Scored]:
    return [Scored(i, classify(i.text, lang, heard=i.heard)) for i in items]


def _group(category: str) -> str:
    if category in OPEN:
        return "open"
    if category in CLOSED_OR_LEADING:
        return "closed_or_leading"
    return "other"


def open_vs_closed_accuracy(scored: list[Scored]) -> float:
    """Over items labelled open, closed, forced choice or leading: the share whose prediction
    falls in the same coarse group (a prediction outside both groups counts as wrong)."""
    relevant = [s for s in scored if _group(s.item.category) != "other"]
    right = sum(_group(s.result.category) == _group(s.item.category) for s in relevant)
    return right / len(relevant) if relevant else 0.0


def category_accuracy(scored: list[Scored]) -> float:
    return sum(s.result.category == s.item.category for s in scored) / max(1, len(scored))


def precision_recall(scored: list[Scored], code: str, *, flag: bool = False
                     ) -> dict[str, float | int | None]:
    """Precision and recall for one category (or, with flag=True, one flag)."""
    def expected(s: Scored) -> bool:
        return code in s.item.flags if flag else s.item.category == code

    def predicted(s: Scored) -> bool:
        return code in s.result.flags if flag else s.result.category == code

    tp = sum(expected(s) and predicted(s) for s in scored)
    fp = sum(predicted(s) and not expected(s) for s in scored)
    fn = sum(expected(s) and not predicted(s) for s in scored)
    return {"support": tp + fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None}


PERSON_WORDS = frozenset({"cô", "chú", "anh", "chị", "tôi", "bác", "thầy", "mình", "em", "cháu",
                          "con", "bạn", "ông", "bà"})


def suggestion_pronouns(text: str) -> set[str]:
    """The words for people a Vietnamese suggestion uses ("anh/chị" counts as both)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return {w for w in words if w in PERSON_WORDS}


def pronoun_match(scored: list[Scored]) -> dict[str, float | int | None]:
    """Over turns labelled with the staff member's pronoun pair and given a suggestion that
    speaks to the person: the share whose suggestion uses that pair and no other word."""
    rows = [s for s in scored if s.item.pair and s.result.suggestion
            and suggestion_pronouns(s.result.suggestion)]
    right = sum(suggestion_pronouns(s.result.suggestion or "") <= set(s.item.pair or ())
                for s in rows)
    return {"support": len(rows), "match": round(right / len(rows), 3) if rows else None}


def welfare_left_alone(scored: list[Scored]) -> dict[str, float | int | None]:
    """Over turns labelled welfare: the share given no suggestion and no flag."""
    rows = [s for s in scored if s.item.category == "welfare"]
    right = sum(s.result.suggestion is None and not s.result.flags for s in rows)
    return {"support": len(rows), "left_alone": round(right / len(rows), 3) if rows else None}
