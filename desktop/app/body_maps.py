"""Body maps (issue 5): marks seen on a person's body, kept as vector data in a sealed record.

A body map is one `bodymap.recorded` event: the outline (child or adult) and numbered marks with
a position on the front or back view (0..1 across and down the outline's box), the named region,
and the staff member's words (type, size, colour) beside the person's own explanation. Once
recorded it is sealed: the vault takes only amendments for it. Marks being placed are a draft
(DraftService, kind "bodymap").
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.app.access import AccessPolicy
from desktop.app.drafts import discard_mine
from desktop.app.people import PeopleService
from desktop.domain import events as ev
from desktop.domain.events import uuid7
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotFound
from desktop.vault.store import Vault

DRAFT_KIND = "bodymap"
OUTLINES = ("child", "adult")  # as desktop.printing.body_map.KINDS
VIEWS = ("front", "back")
TEXT_FIELDS = ("type", "size", "colour", "explanation")
MARK_FIELDS = frozenset({"n", "view", "x", "y", "region", *TEXT_FIELDS})
MAX_MARKS = 200
MAX_TEXT = 4000
# Positions are stored to 1/10,000 of the outline's box: finer than any print, and the same
# float always gives the same canonical JSON.
PLACES = 4


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def clean_marks(outline: str, marks: Sequence[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The marks as they will be stored (known keys only, NFC text, rounded positions) and the
    problem codes found, in a stable order."""
    problems: list[str] = []
    if outline not in OUTLINES:
        problems.append("outline_invalid")
    if not marks:
        problems.append("marks_required")
    if len(marks) > MAX_MARKS:
        problems.append("too_many_marks")
    # Imported here: the outline data lives with the printing code, and the vault should not
    # load ReportLab for every command that opens it.
    from desktop.printing.body_map import load_body_map_data

    data = load_body_map_data()
    cleaned: list[dict[str, Any]] = []
    numbers: set[int] = set()
    for mark in marks:
        if not isinstance(mark, Mapping) or set(mark) - MARK_FIELDS:
            problems.append("mark_invalid")
            continue
        n = mark.get("n")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1 or n in numbers:
            problems.append("mark_number_invalid")
        else:
            numbers.add(n)
        view = mark.get("view")
        if view not in VIEWS:
            problems.append("mark_view_invalid")
        x, y = _number(mark.get("x")), _number(mark.get("y"))
        if x is None or y is None or not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            problems.append("mark_position_invalid")
        region = mark.get("region", "")
        if not isinstance(region, str):
            problems.append("mark_invalid")
            region = ""
        elif region and view in VIEWS and outline in OUTLINES and data.region(
                outline, region, str(view)) is None:
            problems.append("region_unknown")
        texts: dict[str, str] = {}
        for key in TEXT_FIELDS:
            value = mark.get(key, "")
            if not isinstance(value, str):
                problems.append("mark_invalid")
                value = ""
            elif len(value) > MAX_TEXT:
                problems.append("mark_text_too_long")
            texts[key] = unicodedata.normalize("NFC", value.strip())
        cleaned.append({"n": n, "view": view,
                        "x": round(x, PLACES) if x is not None else None,
                        "y": round(y, PLACES) if y is not None else None,
                        "region": region, **texts})
    return cleaned, list(dict.fromkeys(problems))


class BodyMapService:
    def __init__(self, vault: Vault, access: AccessPolicy, people: PeopleService) -> None:
        self.vault = vault
        self.access = access
        self.people = people

    def record(self, person_id: str, outline: str, marks: list[dict[str, Any]],
               draft_id: str | None = None) -> str:
        """Record and seal a body map about a person the user may read; returns its id.

        Invalid input raises InvalidInput with problem codes and writes nothing. The event,
        the audit entry and the removal of the draft share one transaction."""
        cleaned, problems = clean_marks(outline, marks)
        if problems:
            raise InvalidInput(problems)
        self.access.require_person(person_id)
        body_map_id = uuid7()
        with self.vault.transaction():
            self.vault.append(body_map_id, ev.BODY_MAP_RECORDED, {
                "person_id": person_id, "outline": outline,
                "marks": sorted(cleaned, key=lambda m: int(m["n"]))})
            self.vault.audit(audit.RECORD_CREATED, body_map_id,
                             {"type": "body_map", "marks": len(cleaned)})
            discard_mine(self.vault, draft_id)
        return body_map_id

    def for_person(self, person_id: str) -> list[dict[str, Any]]:
        """The person's body maps, newest first: id, outline, number of marks, who and when."""
        self.access.require_person(person_id)
        return [{"id": r[0], "outline": r[1], "marks": int(r[2]), "recorded_by": r[3],
                 "recorded_at": r[4]} for r in self.vault.read(
                     "SELECT id, json_extract(data, '$.outline'), "
                     "json_array_length(data, '$.marks'), recorded_by, recorded_at "
                     "FROM body_maps WHERE person_id = ? ORDER BY recorded_at DESC, id DESC",
                     (person_id,))]

    def get(self, body_map_id: str) -> dict[str, Any]:
        """The sealed body map as recorded (person_id, outline, marks), with its id, who
        recorded it and when, and its amendments oldest first. Viewing is audited."""
        row = self.vault.read_one(
            "SELECT person_id, data, recorded_by, recorded_at FROM body_maps WHERE id = ?",
            (body_map_id,))
        if row is None:
            raise NotFound("body map")
        self.access.require_person(row[0])
        data: dict[str, Any] = json.loads(row[1])
        data.update({"id": body_map_id, "recorded_by": row[2], "recorded_at": row[3]})
        data["amendments"] = [
            {"at": r[0], "author": r[1], "reason": r[2], "text": r[3]}
            for r in self.vault.read("SELECT at, author, reason, text FROM amendments "
                                     "WHERE record_id = ? ORDER BY event_id", (body_map_id,))]
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_VIEWED, body_map_id, {"type": "body_map"})
        return data
