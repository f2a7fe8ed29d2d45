"""A disclosure: what a child or adult told a member of staff, recorded as seed 004 §11 asks.

The conversation is kept as turns in order, each the staff member's words or the person's
words, verbatim. What was observed, what the staff member thinks (opinion) and what was done
are separate fields, so the person's own words are never mixed with anyone's interpretation.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.domain.concerns import CATEGORIES, TOLD_OPTIONS

SPEAKERS = ("staff", "person")
HOW = ("spontaneous", "in_answer", "during_activity")
LANGUAGES = ("en", "vi")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str


@dataclass(frozen=True)
class Told:
    who: str
    at: datetime
    name: str = ""


@dataclass(frozen=True)
class Disclosure:
    person_id: str
    when: datetime
    language: str = "en"
    where: str = ""
    present: tuple[str, ...] = ()
    how: str = "spontaneous"
    demeanour: str = ""
    turns: tuple[Turn, ...] = ()
    observed: str = ""
    opinion: str = ""
    actions: str = ""
    told: tuple[Told, ...] = ()
    immediate_risk: bool = False
    categories: tuple[str, ...] = field(default=())

    @property
    def dsl_told_at(self) -> datetime | None:
        times = [t.at for t in self.told if t.who == "dsl"]
        return min(times) if times else None

    def record_json(self) -> dict[str, Any]:
        """The sealed content (the person is stored beside it, in the event)."""
        from desktop.domain.events import iso

        dsl = self.dsl_told_at
        return {
            "language": self.language,
            "when": iso(self.when),
            "where": _nfc(self.where),
            "present": [_nfc(p) for p in self.present],
            "how": self.how,
            "demeanour": _nfc(self.demeanour),
            "turns": [{"speaker": t.speaker, "text": _nfc(t.text)} for t in self.turns],
            "observed": _nfc(self.observed),
            "opinion": _nfc(self.opinion),
            "actions": _nfc(self.actions),
            "told": [{"who": t.who, "at": iso(t.at), "name": _nfc(t.name)} for t in self.told],
            "dsl_told_at": iso(dsl) if dsl else None,
            "immediate_risk": self.immediate_risk,
            "categories": list(self.categories),
        }

    @staticmethod
    def from_record_json(person_id: str, data: dict[str, Any]) -> Disclosure:
        from desktop.domain.events import parse_iso

        return Disclosure(
            person_id=person_id,
            when=parse_iso(str(data["when"])),
            language=str(data.get("language", "en")),
            where=str(data.get("where", "")),
            present=tuple(str(p) for p in data.get("present", ())),
            how=str(data.get("how", "spontaneous")),
            demeanour=str(data.get("demeanour", "")),
            turns=tuple(Turn(str(t["speaker"]), str(t["text"])) for t in data.get("turns", ())),
            observed=str(data.get("observed", "")),
            opinion=str(data.get("opinion", "")),
            actions=str(data.get("actions", "")),
            told=tuple(Told(str(t["who"]), parse_iso(str(t["at"])), str(t.get("name", "")))
                       for t in data.get("told", ())),
            immediate_risk=bool(data.get("immediate_risk", False)),
            categories=tuple(str(c) for c in data.get("categories", ())),
        )


def content_hash(record: dict[str, Any]) -> str:
    """SHA-256 of the sealed content's canonical JSON: printed with the record, so a copy can
    be checked against the vault."""
    from desktop.domain.events import canonical

    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()


def validate(d: Disclosure) -> list[str]:
    problems: list[str] = []
    if d.language not in LANGUAGES:
        problems.append("language_invalid")
    if d.when.tzinfo is None:
        problems.append("occurred_at_naive")
    if d.how not in HOW:
        problems.append("how_invalid")
    turns = [t for t in d.turns if t.text.strip()]
    if not any(t.speaker == "person" for t in turns):
        problems.append("person_words_required")
    if any(t.speaker not in SPEAKERS for t in d.turns):
        problems.append("speaker_invalid")
    for t in d.told:
        if t.who not in TOLD_OPTIONS:
            problems.append("told_invalid")
        if t.at.tzinfo is None:
            problems.append("occurred_at_naive")
    for c in d.categories:
        if c not in CATEGORIES:
            problems.append("category_invalid")
    return list(dict.fromkeys(problems))
