"""Disclosure wording coach: accuracy on the labelled corpus and time per turn.

Prints one JSON object to stdout (progress to stderr). Every figure comes from this run.

    .venv/bin/python bench/coach_bench.py             # 20 timing rounds over the corpus
    .venv/bin/python bench/coach_bench.py --rounds 5

Accuracy is measured on tests/fixtures/coach/{en,vi}.yaml (the corpus the rules were tuned
on, so it flatters them) and, separately, on holdout_{en,vi}.yaml (turns written after tuning
and never used for it: the more honest estimate).

    .venv/bin/python bench/coach_bench.py --practice   # only the practice figures, per language

The practice figures (issue 12) read the corpus files themselves and call only `classify`, so
the same script measures an older coach on today's corpus: run it on both and compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.content.coach import CATEGORIES, FLAGS, classify  # noqa: E402
from desktop.content.coach.evaluate import (  # noqa: E402
    Scored,
    category_accuracy,
    load_corpus,
    open_vs_closed_accuracy,
    precision_recall,
    score,
)
from desktop.content.coach.rules import rules  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "coach"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def accuracy(rows: list[Scored], *, per_code: bool) -> dict[str, Any]:
    secrecy = precision_recall(rows, "secrecy_promise", flag=True)
    negatives = [s for s in rows if s.item.negative == "secrecy"]
    out: dict[str, Any] = {
        "items": len(rows),
        "open_vs_closed_or_leading_accuracy": round(open_vs_closed_accuracy(rows), 3),
        "category_accuracy": round(category_accuracy(rows), 3),
        "exact_match_category_and_flags": round(sum(
            s.result.category == s.item.category and set(s.result.flags) == s.item.flags
            for s in rows) / max(1, len(rows)), 3),
        "secrecy_recall": secrecy["recall"],
        "secrecy_promises": secrecy["support"],
        "secrecy_false_flags": sum("secrecy_promise" in s.result.flags
                                   and "secrecy_promise" not in s.item.flags for s in rows),
        "secrecy_good_practice_negatives": len(negatives),
        "secrecy_good_practice_false_flags": sum("secrecy_promise" in s.result.flags
                                                 for s in negatives),
        "misclassified": [
            {"text": s.item.text, "expected": s.item.category, "got": s.result.category}
            for s in rows if s.result.category != s.item.category],
    }
    if per_code:
        out["categories"] = {c: precision_recall(rows, c) for c in CATEGORIES}
        out["flags"] = {f: precision_recall(rows, f, flag=True) for f in FLAGS}
    return out


PERSON_WORDS = {"cô", "chú", "anh", "chị", "tôi", "bác", "thầy", "mình", "em", "cháu", "con",
                "bạn", "ông", "bà"}


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 3) if total else None


def practice(lang: str, path: Path) -> dict[str, Any]:
    """What a practitioner cares about, per language: open told from closed or leading,
    leading turns caught, secrecy promises caught and false alarms, welfare check-ins left
    alone, blaming or minimising wording caught, Vietnamese suggestions in the staff member's
    own pronoun pair (turns labelled with `pair`)."""
    import re

    import yaml

    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    rows = [(i, classify(str(i["text"]), lang, heard=str(i.get("heard") or ""))) for i in items]

    def group(category: str) -> str:
        return ("open" if category == "open" else "closed_or_leading"
                if category in ("closed", "forced_choice", "leading") else "other")

    coarse = [(i, r) for i, r in rows if group(i["category"]) != "other"]
    leading = [(i, r) for i, r in rows if i["category"] == "leading"]
    secret = [(i, r) for i, r in rows if "secrecy_promise" in (i.get("flags") or ())]
    blame = [(i, r) for i, r in rows if "blaming_language" in (i.get("flags") or ())]
    welfare = [(i, r) for i, r in rows if i["category"] == "welfare"]
    out: dict[str, Any] = {
        "turns": len(rows),
        "open_vs_closed_accuracy": _ratio(sum(group(r.category) == group(i["category"])
                                              for i, r in coarse), len(coarse)),
        "leading_recall": _ratio(sum(r.category == "leading" for _, r in leading),
                                 len(leading)),
        "leading_support": len(leading),
        "secrecy_recall": _ratio(sum("secrecy_promise" in r.flags for _, r in secret),
                                 len(secret)),
        "secrecy_support": len(secret),
        "secrecy_false_alarms": sum("secrecy_promise" in r.flags
                                    and "secrecy_promise" not in (i.get("flags") or ())
                                    for i, r in rows),
        "welfare_left_alone": _ratio(sum(r.suggestion is None and not r.flags
                                         for _, r in welfare), len(welfare)),
        "welfare_support": len(welfare),
        "blaming_minimising_recall": _ratio(sum("blaming_language" in r.flags
                                                for _, r in blame), len(blame)),
        "blaming_minimising_support": len(blame),
    }
    if lang == "vi":
        def words(text: str) -> set[str]:
            return {w for w in re.findall(r"[^\W\d_]+", text.lower()) if w in PERSON_WORDS}

        paired = [(i, r) for i, r in rows if i.get("pair") and r.suggestion
                  and words(r.suggestion)]
        out["pronoun_match"] = _ratio(sum(words(r.suggestion or "") <= set(i["pair"])
                                          for i, r in paired), len(paired))
        out["pronoun_support"] = len(paired)
    return out


def timing(lang: str, texts: list[tuple[str, str]], rounds: int) -> dict[str, Any]:
    samples = []
    for _ in range(rounds):
        for text, heard in texts:
            start = time.perf_counter()
            classify(text, lang, heard=heard)
            samples.append(time.perf_counter() - start)
    return {"per_turn_ms_p50": round(statistics.median(samples) * 1000, 3),
            "per_turn_ms_p95": round(percentile(samples, 95) * 1000, 3),
            "per_turn_ms_max": round(max(samples) * 1000, 3),
            "per_turn_runs": len(samples)}


def run(rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "bench": "coach",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}",
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timing_rounds": rounds,
    }
    for lang in ("en", "vi"):
        log(f"{lang}: loading rules")
        rules.cache_clear()
        start = time.perf_counter()
        rules(lang)
        out[f"{lang}_rules_load_ms"] = round((time.perf_counter() - start) * 1000, 1)
        _, items = load_corpus(FIXTURES / f"{lang}.yaml")
        log(f"{lang}: scoring {len(items)} corpus turns")
        out[f"{lang}_practice"] = practice(lang, FIXTURES / f"{lang}.yaml")
        out[f"{lang}_corpus"] = accuracy(score(items, lang), per_code=True)
        holdout = FIXTURES / f"holdout_{lang}.yaml"
        if holdout.exists():
            _, held = load_corpus(holdout)
            out[f"{lang}_holdout"] = accuracy(score(held, lang), per_code=False)
        else:
            out[f"{lang}_holdout"] = None
        log(f"{lang}: timing")
        out[f"{lang}_timing"] = timing(lang, [(i.text, i.heard) for i in items], rounds)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over the corpus")
    parser.add_argument("--practice", action="store_true",
                        help="only the practice figures per language (runs on older coaches)")
    args = parser.parse_args()
    if args.practice:
        print(json.dumps({lang: practice(lang, FIXTURES / f"{lang}.yaml")
                          for lang in ("en", "vi")}, ensure_ascii=False, indent=2))
        return
    print(json.dumps(run(max(1, args.rounds)), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
