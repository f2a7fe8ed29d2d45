"""Group intake at a border hand-back (issue 17): the reception record and the entry rows.

Each member of a group becomes a person of their own (screened on their own, seed 003); the
group record keeps what was handed over with them and who they came with.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.domain.events import canonical
from desktop.domain.people import IdentityDocument, Person

# What a member's row can say about their documents.
DOCUMENT_WORDS = {
    "": "unknown", "held": "held", "yes": "held", "có": "held", "co": "held",
    "missing": "missing", "no": "missing", "không": "missing", "khong": "missing",
    "không có": "missing", "mất": "missing", "unknown": "unknown", "chưa rõ": "unknown",
}
SEX_WORDS = {
    "": "unknown", "f": "female", "female": "female", "nữ": "female", "nu": "female",
    "m": "male", "male": "male", "nam": "male", "other": "other", "khác": "other",
    "unknown": "unknown", "chưa rõ": "unknown", "?": "unknown",
}
DISPUTED_WORDS = frozenset({"disputed", "tranh chấp", "nghi vấn", "?", "chưa rõ"})
YES_WORDS = frozenset({"yes", "có", "co", "true", "1", "x", "y"})
# Where each member stands; the group closes when all are handed over.
MEMBER_STATES = ("received", "screened", "handed_over")
CHILD_AGE = 18


def nfc(text: str) -> str:
    """Names arrive in any Unicode normalisation (a list typed on a Mac is NFD): keep NFC, so
    the same name is the same text for search, comparison and print."""
    return unicodedata.normalize("NFC", text).strip()


def _key(text: str) -> str:
    return nfc(text).casefold()


@dataclass(frozen=True)
class Official:
    name: str
    position: str = ""
    unit: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "position": self.position, "unit": self.unit}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Official:
        return Official(str(data.get("name", "")), str(data.get("position", "")),
                        str(data.get("unit", "")))


@dataclass(frozen=True)
class Belonging:
    item: str
    quantity: str = ""
    note: str = ""

    def to_json(self) -> dict[str, str]:
        return {"item": self.item, "quantity": self.quantity, "note": self.note}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Belonging:
        return Belonging(str(data.get("item", "")), str(data.get("quantity", "")),
                         str(data.get("note", "")))


@dataclass(frozen=True)
class Reception:
    """Who handed the group over, where and when, and who received it."""

    received_at: str  # ISO 8601 with zone
    place: str
    handed_over_by: str  # the foreign authority
    foreign_unit: str = ""
    foreign_officers: tuple[Official, ...] = ()
    receiving_unit: str = ""
    receiving_officers: tuple[Official, ...] = ()
    interpreter: str = ""
    witness: str = ""
    documents: tuple[str, ...] = ()
    belongings: tuple[Belonging, ...] = ()
    notes: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "received_at": self.received_at, "place": self.place,
            "handed_over_by": self.handed_over_by, "foreign_unit": self.foreign_unit,
            "foreign_officers": [o.to_json() for o in self.foreign_officers],
            "receiving_unit": self.receiving_unit,
            "receiving_officers": [o.to_json() for o in self.receiving_officers],
            "interpreter": self.interpreter, "witness": self.witness,
            "documents": list(self.documents),
            "belongings": [b.to_json() for b in self.belongings], "notes": self.notes,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Reception:
        return Reception(
            received_at=str(data.get("received_at", "")), place=str(data.get("place", "")),
            handed_over_by=str(data.get("handed_over_by", "")),
            foreign_unit=str(data.get("foreign_unit", "")),
            foreign_officers=tuple(Official.from_json(o)
                                   for o in data.get("foreign_officers", ())),
            receiving_unit=str(data.get("receiving_unit", "")),
            receiving_officers=tuple(Official.from_json(o)
                                     for o in data.get("receiving_officers", ())),
            interpreter=str(data.get("interpreter", "")), witness=str(data.get("witness", "")),
            documents=tuple(str(d) for d in data.get("documents", ())),
            belongings=tuple(Belonging.from_json(b) for b in data.get("belongings", ())),
            notes=str(data.get("notes", "")),
        )


def validate_reception(reception: Reception) -> list[str]:
    problems: list[str] = []
    if not reception.place.strip():
        problems.append("place_required")
    if not reception.handed_over_by.strip():
        problems.append("handed_over_by_required")
    if not reception.received_at:
        problems.append("received_at_required")
    return problems


@dataclass(frozen=True)
class MemberRow:
    """One person as entered in the group table or read from a list."""

    name: str
    sex: str = "unknown"
    birth_year: int | None = None
    estimated_age: int | None = None
    age_disputed: bool = False
    ethnicity: str = ""
    home_town: str = ""
    languages: tuple[str, ...] = ()
    interpreter_needed: bool = False
    accompanies: str = ""  # for a child: the adult they came with (their number or name)
    documents: str = "unknown"  # held | missing | unknown
    documents_note: str = ""
    needs: str = ""  # immediate needs: medical care, food, clothes…
    extra: dict[str, str] = field(default_factory=dict)

    def age(self, today: date) -> int | None:
        if self.birth_year is not None:
            return today.year - self.birth_year
        return self.estimated_age

    def is_child(self, today: date) -> bool:
        """A child, or someone whose age is disputed or not known, is treated as a child."""
        if self.age_disputed:
            return True
        age = self.age(today)
        return age is None or age < CHILD_AGE

    def to_person(self, place: str, today: date) -> Person:
        family, _, given = self.name.partition(" ")  # Vietnamese order: family name first
        age = self.age(today)
        docs = () if self.documents == "unknown" and not self.documents_note else (
            IdentityDocument("id_card", self.documents, self.documents_note),)
        return Person(
            given_names=given, family_name=family, estimated_age=age,
            age_disputed=self.age_disputed, sex=self.sex, languages=self.languages,
            interpreter_needed=self.interpreter_needed, location_kind="border_post",
            location=place, documents=docs, notes=self.needs)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "sex": self.sex, "birth_year": self.birth_year,
            "estimated_age": self.estimated_age, "age_disputed": self.age_disputed,
            "ethnicity": self.ethnicity, "home_town": self.home_town,
            "languages": list(self.languages), "interpreter_needed": self.interpreter_needed,
            "accompanies": self.accompanies, "documents": self.documents,
            "documents_note": self.documents_note, "needs": self.needs,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> MemberRow:
        return MemberRow(
            name=str(data.get("name", "")), sex=str(data.get("sex", "unknown")),
            birth_year=data.get("birth_year"), estimated_age=data.get("estimated_age"),
            age_disputed=bool(data.get("age_disputed", False)),
            ethnicity=str(data.get("ethnicity", "")), home_town=str(data.get("home_town", "")),
            languages=tuple(data.get("languages", ())),
            interpreter_needed=bool(data.get("interpreter_needed", False)),
            accompanies=str(data.get("accompanies", "")),
            documents=str(data.get("documents", "unknown")),
            documents_note=str(data.get("documents_note", "")),
            needs=str(data.get("needs", "")))


class RowProblem(ValueError):
    """A row that cannot be read; `code` is a message code, `column` the column at fault."""

    def __init__(self, code: str, column: str) -> None:
        super().__init__(f"{column}: {code}")
        self.code = code
        self.column = column


def parse_age(text: str, today: date) -> tuple[int | None, int | None, bool]:
    """`2009` a year of birth; `15` or `~15` an estimated age; `?`, `disputed`, `tranh chấp`
    an age in dispute (with an estimate if one is given, as in `~15?`)."""
    raw = nfc(text).casefold()
    disputed = raw in DISPUTED_WORDS or raw.endswith("?")
    digits = re.sub(r"[^0-9]", "", raw)
    if not digits:
        if raw and not disputed:
            raise RowProblem("age_invalid", "birth_year")
        return None, None, disputed
    number = int(digits)
    if 1900 <= number <= today.year:
        return number, None, disputed
    if 0 <= number <= 120:
        return None, number, disputed
    raise RowProblem("age_invalid", "birth_year")


def parse_row(values: dict[str, str], today: date) -> MemberRow:
    """A row of text (from the table or a CSV) as a member; raises RowProblem."""
    get = {k.strip().casefold(): nfc(v or "") for k, v in values.items() if k}.get
    name = re.sub(r"\s+", " ", get("name") or "")
    if not name:
        raise RowProblem("name_required", "name")
    sex = SEX_WORDS.get((get("sex") or "").casefold())
    if sex is None:
        raise RowProblem("sex_invalid", "sex")
    birth_year, estimated, disputed = parse_age(get("birth_year") or "", today)
    if get("age"):
        _, est2, disp2 = parse_age(get("age") or "", today)
        estimated = est2 if est2 is not None else estimated
        disputed = disputed or disp2
    if (get("age_disputed") or "").casefold() in YES_WORDS:
        disputed = True
    docs_text = (get("documents") or "").casefold()
    documents = DOCUMENT_WORDS.get(docs_text, "unknown")
    note = "" if docs_text in DOCUMENT_WORDS else (get("documents") or "")
    languages = tuple(x.strip() for x in re.split(r"[;,/]", get("languages") or "")
                      if x.strip())
    return MemberRow(
        name=name, sex=sex, birth_year=birth_year, estimated_age=estimated,
        age_disputed=disputed, ethnicity=get("ethnicity") or "",
        home_town=get("home_town") or "", languages=languages,
        interpreter_needed=(get("interpreter") or "").casefold() in YES_WORDS,
        accompanies=get("accompanies") or "", documents=documents, documents_note=note,
        needs=get("needs") or "")


def resolve_adults(rows: list[MemberRow]) -> list[int | None]:
    """For each row, the index of the adult it accompanies (by number, 1-based, or by name),
    or None. Raises RowProblem(…, n) naming the row (0-based index in `column`)."""
    by_name = {_key(r.name): i for i, r in enumerate(rows)}
    out: list[int | None] = []
    for i, row in enumerate(rows):
        ref = row.accompanies.strip()
        if not ref:
            out.append(None)
            continue
        target = int(ref) - 1 if ref.isdigit() else by_name.get(_key(ref))
        if target is None or not 0 <= target < len(rows) or target == i:
            raise RowProblem("accompanies_unknown", str(i))
        out.append(target)
    return out


def content_hash(record: dict[str, Any]) -> str:
    """The hash sealed with a signed reception record."""
    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()


def member_state(screened: bool, handed_over: bool) -> str:
    if handed_over:
        return "handed_over"
    return "screened" if screened else "received"
