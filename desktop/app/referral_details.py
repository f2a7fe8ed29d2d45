"""What only the referrer knows (issue 11): reasons, the person's views, parents' knowledge and
consent, immediate risk now, what has been done, and for the police where the person is now and
what officers should know. Prefilled from the records, confirmed by the referrer, kept with the
`referral.made` event so a reprint prints the same words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TEXT_KEYS = ("reasons", "views", "why_not", "immediate_risk_now", "actions_done",
             "current_location", "with_whom", "weapons", "vehicles", "risks_to_officers")
YES_NO_KEYS = ("parents_know", "parents_consent")
KEYS = TEXT_KEYS + YES_NO_KEYS
MAX_TEXT = 20_000


def normalise(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Known keys only: text stripped, yes/no as True, False or None (not known). Raises
    ValueError naming the key for a value of the wrong type (the CLI reads these from a file)."""
    out: dict[str, Any] = {}
    for key in TEXT_KEYS:
        value = raw.get(key)
        if value is None:
            out[key] = ""
        elif isinstance(value, str):
            out[key] = value.strip()[:MAX_TEXT]
        else:
            raise ValueError(f"{key}: expected text")
    for key in YES_NO_KEYS:
        value = raw.get(key)
        if value is not None and not isinstance(value, bool):
            raise ValueError(f"{key}: expected true, false or null")
        out[key] = value
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ValueError(f"unknown keys: {', '.join(unknown)}")
    return out


def from_file(path: Path) -> dict[str, Any]:
    """Details from a JSON file holding one object (the CLI's --details). Raises ValueError
    naming the problem, never quoting the file's content (it is personal data)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path} ({type(exc).__name__})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno})") from None
    if not isinstance(raw, dict):
        raise ValueError("the file must hold one JSON object")
    return normalise(raw)


def prefill(concerns: list[dict[str, Any]], assessments: list[dict[str, Any]],
            disclosures: list[dict[str, Any]], done_tasks: list[dict[str, Any]],
            location: str, lang: str) -> dict[str, Any]:
    """A first draft from the records, for the referrer to correct: nothing is invented, and
    what the records cannot say (consent, views when none were recorded) is left blank."""
    reasons: list[str] = []
    latest = concerns[-1] if concerns else None
    if latest and latest.get("seen_or_heard"):
        reasons.append(str(latest["seen_or_heard"]))
    if assessments:
        a = assessments[-1]
        outcome = f"{a['framework_title']}: {a['level_label']}"
        if a.get("level_reasons"):
            outcome += " (" + "; ".join(a["level_reasons"]) + ")"
        reasons.append(outcome)
    views = ""
    if disclosures:
        # The person's own words, as sealed: the nearest the record has to their views.
        said = [t["text"] for t in disclosures[-1].get("turns", []) if t.get("speaker") == "person"]
        views = " ".join(f"“{s}”" for s in said)
    risk = ""
    risky = [c for c in concerns if c.get("immediate_risk")]
    if risky:
        risk = str(risky[-1].get("seen_or_heard") or "")
    elif disclosures and disclosures[-1].get("immediate_risk"):
        risk = {"en": "Immediate risk noted when the disclosure was recorded.",
                "vi": "Có nguy cơ trước mắt được ghi nhận khi ghi lời kể."}[lang]
    actions: list[str] = []
    if disclosures and disclosures[-1].get("actions"):
        actions.append(str(disclosures[-1]["actions"]))
    seen: set[str] = set()
    for t in done_tasks:
        if t["title"] not in seen:
            seen.add(t["title"])
            actions.append(t["title"])
    return normalise({
        "reasons": "\n\n".join(reasons), "views": views, "immediate_risk_now": risk,
        "actions_done": "\n".join(actions), "current_location": location,
        "parents_know": None, "parents_consent": None})
