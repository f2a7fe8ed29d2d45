"""Golden scenarios (issue 12): every case in scenarios.yaml, in English and Vietnamese.

Each runs through the same report `waymark checklists evaluate` prints, so what is tested is
what a practitioner sees: the level, the steps in order (each with its source), the tasks,
and the wording in both languages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop.cli.checklists import outcome_report, parse_age
from desktop.content.checklists import frameworks
from desktop.content.checklists.outcome import Context
from desktop.domain.assessments import Answer

SCENARIOS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "scenarios.yaml").read_text(encoding="utf-8"))["scenarios"]


def test_the_suite_is_large_and_each_scenario_is_unique_and_explained() -> None:
    assert len(SCENARIOS) >= 30
    ids = [s["id"] for s in SCENARIOS]
    assert len(set(ids)) == len(ids)
    assert all(s["why"].strip() for s in SCENARIOS)
    assert {s["jurisdiction"] for s in SCENARIOS} == {"england", "vietnam"}


def _report(s: dict[str, Any], lang: str) -> dict[str, Any]:
    framework = frameworks.latest(s["framework"])
    child, age = parse_age(str(s["age"]))
    ctx = dict(s.get("context") or {})
    context = Context(looked_after=bool(ctx.get("looked_after")),
                      crime_suspected=bool(ctx.get("crime_suspected")),
                      reporter_is_lead=ctx.get("role") == "lead",
                      lead_told=bool(ctx.get("lead_told")), route=ctx.get("route"))
    answers = {i: Answer("yes") for i in s["answers"]}
    return outcome_report(framework, answers, child=child, age=age,
                          jurisdiction=s["jurisdiction"], lang=lang, context=context)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any], lang: str) -> None:
    expect = scenario["expect"]
    report = _report(scenario, lang)
    assert report["level"] == expect["level"]
    assert [st["id"] for st in report["steps"]] == expect["steps"]
    assert [t["id"] for t in report["tasks"]] == expect["tasks"]
    if "route" in expect:
        assert report["route"] == expect["route"]
    if "risk_factors" in expect:
        assert sorted(r["id"] for r in report["risk_factors"]) == sorted(expect["risk_factors"])
    # Every step says why (the answers behind it) and where the rule comes from.
    for step in report["steps"]:
        assert step["text"].strip() and step["source"].strip(), step["id"]
        assert {r["id"] for r in step["reasons"]} <= set(scenario["answers"]), step["id"]
        assert step["reasons"], step["id"]
    for task in report["tasks"]:
        assert task["title"].strip()
    text = " ".join(st["text"] for st in report["steps"])
    for phrase in (expect.get("phrases") or {}).get(lang, []):
        assert phrase in text, phrase
    for phrase in (expect.get("absent") or {}).get(lang, []):
        assert phrase not in text, phrase


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_the_vietnamese_report_is_in_vietnamese(scenario: dict[str, Any]) -> None:
    en, vi = _report(scenario, "en"), _report(scenario, "vi")
    assert [st["id"] for st in vi["steps"]] == [st["id"] for st in en["steps"]]
    for a, b in zip(en["steps"], vi["steps"], strict=True):
        assert a["text"] != b["text"], a["id"]
    for a, b in zip(en["tasks"], vi["tasks"], strict=True):
        assert a["title"] != b["title"], a["id"]
    assert vi["level_label"] != en["level_label"] or en["level"] == "no_indicators"
