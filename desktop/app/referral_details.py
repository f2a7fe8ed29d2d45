"""What only the referrer knows (issue 11): reasons, the person's views, the impact on them and
their strengths, parents' knowledge and consent, immediate risk now (yes or no, and what it is),
what has been done, and for the police where the person is now and
what officers should know. Prefilled from the records, confirmed by the referrer, kept with the
`referral.made` event so a reprint prints the same words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TEXT_KEYS = ("reasons", "views", "impact", "strengths", "why_not", "immediate_risk_now",
             "actions_done", "current_location", "with_whom", "weapons", "vehicles",
             "risks_to_officers")
# `immediate_risk`: the referrer's answer to "is there immediate risk now?" (None: not answered).
YES_NO_KEYS = ("parents_know", "parents_consent", "immediate_risk")
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
    details = normalise(raw)
    if "immediate_risk" not in raw:
        # Not answered in the file: left for the records to answer (referrals.context).
        del details["immediate_risk"]
    return details


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
    elif any(a.get("level") == "immediate_danger" for a in assessments):
        risk = {"en": "An assessment found the person in immediate danger.",
                "vi": "Kết quả đánh giá: người này đang gặp nguy hiểm trước mắt."}[lang]
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
        # Impact and strengths are the referrer's judgement: the records do not hold them.
        "impact": "", "strengths": "",
        # Yes when the records say so; never "No" from a silence (the referrer answers that).
        "immediate_risk": True if risk else None,
        "parents_know": None, "parents_consent": None})


# How a record names an interpreter among those present ("Interpreter (Vietnamese)", "phiên
# dịch viên Lê Văn A").
_INTERPRETER_WORDS = ("interpret", "phiên dịch")


def nrm_interview(disclosures: list[dict[str, Any]], interpreter_needed: bool,
                  languages: list[str]) -> dict[str, Any]:
    """The NRM sheet's interview details from the records that hold them: the latest sealed
    disclosure is the conversation (when, where, who was present, an interpreter among them);
    the person's record says whether an interpreter is needed and in which language. What the
    records do not hold stays blank for the interviewer (a concern is something seen, not an
    interview, so its time and place are not printed as the interview's)."""
    out: dict[str, Any] = {"interview_at": None, "interview_place": "", "present": [],
                           "interpreter_used": None, "interpreter": ""}
    if disclosures:
        latest = disclosures[-1]
        present = [str(p) for p in latest.get("present") or [] if str(p).strip()]
        named = [p for p in present if any(w in p.casefold() for w in _INTERPRETER_WORDS)]
        out.update(interview_at=latest.get("when"), interview_place=latest.get("where") or "",
                   present=present)
        if named:
            out.update(interpreter_used=True, interpreter="; ".join(named))
        elif present:
            # The record lists who was there and no interpreter was among them.
            out["interpreter_used"] = False
    if not out["interpreter"] and interpreter_needed and languages:
        out["interpreter"] = ", ".join(languages)
    return out
