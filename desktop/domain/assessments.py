"""Answers to an indicator checklist, and the words for an outcome's level (issue 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ANSWERS = ("yes", "no", "not_known", "not_asked")
DEFAULT_ANSWER = "not_known"
SOURCES = ("observed", "said_by_person", "said_by_other", "records")
LEVELS = ("no_indicators", "concern", "strong_concern", "immediate_danger")

# Stored with each chronology entry, so they read the same in either interface language.
LEVEL_LABELS: dict[str, dict[str, str]] = {
    "no_indicators": {"en": "No indicators", "vi": "Không có dấu hiệu"},
    "concern": {"en": "Concern", "vi": "Có dấu hiệu đáng lo ngại"},
    "strong_concern": {"en": "Strong concern", "vi": "Dấu hiệu rất đáng lo ngại"},
    "immediate_danger": {"en": "Immediate danger", "vi": "Nguy hiểm trước mắt"},
}


@dataclass(frozen=True)
class Answer:
    """One indicator's answer, with an optional note and where the information came from."""

    answer: str = DEFAULT_ANSWER
    note: str = ""
    source: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"answer": self.answer}
        if self.note:
            out["note"] = self.note
        if self.source:
            out["source"] = self.source
        return out

    @staticmethod
    def from_json(data: Any) -> Answer:
        if isinstance(data, str):  # a bare answer, as in `checklists evaluate` files
            return Answer(data)
        return Answer(str(data.get("answer", DEFAULT_ANSWER)), str(data.get("note", "")),
                      str(data.get("source", "")))

    def problems(self) -> list[str]:
        problems = []
        if self.answer not in ANSWERS:
            problems.append("answer_invalid")
        if self.source and self.source not in SOURCES:
            problems.append("source_invalid")
        return problems
