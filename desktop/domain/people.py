"""People: who Waymark keeps records about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

SEXES = ("female", "male", "other", "unknown")
LOCATION_KINDS = ("placement", "school", "border_post", "place_found", "home", "other")
DOCUMENT_STATES = ("held", "missing", "held_by_other", "unknown")
# Child protection / child in need status (England); "" when none is known.
CP_STATUSES = ("", "none", "child_in_need", "child_protection_plan", "looked_after", "not_known")

# What referral forms ask and the first screen does not: all optional free text, kept in the
# person's (encrypted) record. Order = the order of the "More details" tab.
DETAIL_FIELDS = (
    "address", "id_document_type", "id_document_number", "ethnicity", "home_town", "gp",
    "health_notes", "social_worker", "placing_authority", "parental_responsibility",
    "household_children", "other_professionals", "cp_status", "upn", "nhs_number",
)


@dataclass(frozen=True)
class Carer:
    name: str
    relationship: str = ""
    may_be_involved: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "relationship": self.relationship,
                "may_be_involved": self.may_be_involved}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Carer:
        return Carer(str(data.get("name", "")), str(data.get("relationship", "")),
                     bool(data.get("may_be_involved", False)))


@dataclass(frozen=True)
class IdentityDocument:
    kind: str
    state: str = "unknown"
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "state": self.state, "note": self.note}

    @staticmethod
    def from_json(data: dict[str, Any]) -> IdentityDocument:
        return IdentityDocument(str(data.get("kind", "")), str(data.get("state", "unknown")),
                                str(data.get("note", "")))


# How a full name is said and printed. England: given names then family name ("Leah Grace
# Thompson"). Viet Nam: họ, tên đệm, tên — the family name first ("Nguyễn Thị Hồng", stored as
# family "Nguyễn", given "Thị Hồng"). A vault follows its jurisdiction's order everywhere: the
# People list, headings, dialogs, tasks, forms.
GIVEN_FIRST = "given_family"
FAMILY_FIRST = "family_given"
NAME_ORDERS = (GIVEN_FIRST, FAMILY_FIRST)
_NAME_ORDER_BY_JURISDICTION = {"england": GIVEN_FIRST, "vietnam": FAMILY_FIRST}


def name_order(jurisdiction: str | None, language: str | None = None) -> str:
    """The name order of a jurisdiction (given names first where it is not known). A page in
    Vietnamese (a form printed in Vietnamese from an England vault) writes names the Vietnamese
    way: family name first."""
    order = _NAME_ORDER_BY_JURISDICTION.get(jurisdiction or "", GIVEN_FIRST)
    return FAMILY_FIRST if language == "vi" else order


def full_name(given_names: str, family_name: str, order: str = GIVEN_FIRST) -> str:
    """The one place a full name is put together from its parts."""
    given, family = given_names.strip(), family_name.strip()
    parts = (family, given) if order == FAMILY_FIRST else (given, family)
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Person:
    """Everything recorded about a person. Only `given_names` or `family_name` is required."""

    given_names: str = ""
    family_name: str = ""
    aliases: tuple[str, ...] = ()
    date_of_birth: date | None = None
    estimated_age: int | None = None
    age_disputed: bool = False
    sex: str = "unknown"
    nationality: str = ""
    languages: tuple[str, ...] = ()
    interpreter_needed: bool = False
    location_kind: str = "other"
    location: str = ""
    # Where the person was found or received, for reports by area: a Vietnamese province's
    # code, or an English local authority's name (domain/provinces.py).
    province: str = ""
    documents: tuple[IdentityDocument, ...] = ()
    carers: tuple[Carer, ...] = ()
    notes: str = ""
    address: str = ""
    id_document_type: str = ""
    id_document_number: str = ""
    ethnicity: str = ""  # dân tộc
    home_town: str = ""  # quê quán
    gp: str = ""
    health_notes: str = ""
    social_worker: str = ""  # name and contact
    placing_authority: str = ""  # name and contact
    parental_responsibility: str = ""
    household_children: str = ""  # siblings and other children in the household
    other_professionals: str = ""  # youth justice, health, ...
    cp_status: str = ""  # one of CP_STATUSES
    upn: str = ""  # unique pupil number
    nhs_number: str = ""

    def display_name(self, order: str) -> str:
        """The full name in `order` (see `name_order`), else the first alias. The vault stores
        it in its jurisdiction's order (people.display_name), so screens read it from there."""
        name = full_name(self.given_names, self.family_name, order)
        return name or (self.aliases[0] if self.aliases else "")

    def with_details(self, details: dict[str, str]) -> Person:
        """A copy with some of the DETAIL_FIELDS set (unknown keys are ignored)."""
        return Person.from_json({**self.to_json(), **{
            k: v for k, v in details.items() if k in DETAIL_FIELDS}})

    def to_json(self) -> dict[str, Any]:
        return {
            "given_names": self.given_names,
            "family_name": self.family_name,
            "aliases": list(self.aliases),
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            "estimated_age": self.estimated_age,
            "age_disputed": self.age_disputed,
            "sex": self.sex,
            "nationality": self.nationality,
            "languages": list(self.languages),
            "interpreter_needed": self.interpreter_needed,
            "location_kind": self.location_kind,
            "location": self.location,
            **({"province": self.province} if self.province else {}),
            "documents": [d.to_json() for d in self.documents],
            "carers": [c.to_json() for c in self.carers],
            "notes": self.notes,
            **{k: getattr(self, k) for k in DETAIL_FIELDS if getattr(self, k)},
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Person:
        dob = data.get("date_of_birth")
        return Person(
            given_names=str(data.get("given_names", "")),
            family_name=str(data.get("family_name", "")),
            aliases=tuple(data.get("aliases", ())),
            date_of_birth=date.fromisoformat(dob) if dob else None,
            estimated_age=data.get("estimated_age"),
            age_disputed=bool(data.get("age_disputed", False)),
            sex=str(data.get("sex", "unknown")),
            nationality=str(data.get("nationality", "")),
            languages=tuple(data.get("languages", ())),
            interpreter_needed=bool(data.get("interpreter_needed", False)),
            location_kind=str(data.get("location_kind", "other")),
            location=str(data.get("location", "")),
            province=str(data.get("province") or ""),
            documents=tuple(IdentityDocument.from_json(d) for d in data.get("documents", ())),
            carers=tuple(Carer.from_json(c) for c in data.get("carers", ())),
            notes=str(data.get("notes", "")),
            **{k: str(data.get(k) or "") for k in DETAIL_FIELDS},
        )


def validate(person: Person) -> list[str]:
    """Problems that stop a person being saved, as message codes."""
    problems: list[str] = []
    if not (person.given_names.strip() or person.family_name.strip() or person.aliases):
        problems.append("name_required")
    if person.sex not in SEXES:
        problems.append("sex_invalid")
    if person.location_kind not in LOCATION_KINDS:
        problems.append("location_kind_invalid")
    if person.cp_status not in CP_STATUSES:
        problems.append("cp_status_invalid")
    if person.estimated_age is not None and not 0 <= person.estimated_age <= 120:
        problems.append("estimated_age_invalid")
    if person.date_of_birth and person.date_of_birth > date.today():
        problems.append("date_of_birth_future")
    return problems


def age_on(person: Person, today: date) -> int | None:
    if person.date_of_birth:
        dob = person.date_of_birth
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return person.estimated_age


ADULT_AGE = 18


def is_child_age(age: int | None, disputed: bool = False) -> bool:
    """The one age rule: under 18, or age disputed or unknown, is a child (a person whose age
    is disputed is treated as a child until it is resolved)."""
    return disputed or age is None or age < ADULT_AGE


def is_child(person: Person, today: date) -> bool:
    return is_child_age(age_on(person, today), person.age_disputed)
