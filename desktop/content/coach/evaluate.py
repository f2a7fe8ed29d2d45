"""Score the coach against a labelled corpus (tests/fixtures/coach/*.yaml): used by the tests
and by bench/coach_bench.py, so both report the same figures."""

from __future__ import annotations

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
        items.append(Item(str(raw["text"]), category, flags, str(raw.get("heard") or ""),
                          raw.get("negative")))
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
