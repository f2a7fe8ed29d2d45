"""Body maps (issue 5): recorded as one sealed event of vector marks; bad input writes
nothing; the vault refuses anything but amendments afterwards; staff read only their people."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from vaultkit import LEAD_PASS, STAFF2_PASS, STAFF_PASS, OpenVault, hong

from desktop.app.body_maps import BodyMapService
from desktop.app.services import Services
from desktop.domain import events as ev
from desktop.vault.errors import InvalidInput, NotAllowed, NotFound, SealedRecord

Login = Callable[[str, str], OpenVault]


def service(s: Services) -> BodyMapService:
    return BodyMapService(s.vault, s.access, s.people)


def marks() -> list[dict[str, Any]]:
    return [
        {"n": 1, "view": "front", "x": 0.27, "y": 0.45, "region": "right_forearm",
         "type": "bruise", "size": "3 cm × 2 cm", "colour": "purple-blue",
         # Decomposed Vietnamese, as some keyboards send it: stored as NFC.
         "explanation": unicodedata.normalize("NFD", "Em bị va vào cửa xe buýt.")},
        {"n": 2, "view": "back", "x": 0.42, "y": 0.27, "region": "",
         "type": "scratch", "size": "4 cm", "colour": "red",
         "explanation": "Not known: did not want to talk about it."},
    ]


def events(admin: OpenVault) -> int:
    return int(admin.vault.read_one("SELECT count(*) FROM events")[0])


def test_record_stores_one_sealed_event_and_reads_back(admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    draft_id = s.drafts.save("bodymap", person_id, {"outline": "child", "marks": marks()})
    body_map_id = service(s).record(person_id, "child", marks(), draft_id)

    rows = admin.vault.read("SELECT kind, payload FROM events WHERE record_id = ?",
                            (body_map_id,))
    assert [r[0] for r in rows] == [ev.BODY_MAP_RECORDED]
    got = service(s).get(body_map_id)
    assert got["id"] == body_map_id and got["person_id"] == person_id
    assert got["outline"] == "child" and got["recorded_by"] == "admin"
    assert got["amendments"] == []
    assert [m["n"] for m in got["marks"]] == [1, 2]
    assert got["marks"][0]["explanation"] == unicodedata.normalize(
        "NFC", "Em bị va vào cửa xe buýt.")
    assert got["marks"][0]["region"] == "right_forearm" and got["marks"][1]["region"] == ""
    assert (got["marks"][0]["x"], got["marks"][0]["y"]) == (0.27, 0.45)
    assert s.drafts.list("bodymap") == []  # the draft went in the same transaction
    listed = service(s).for_person(person_id)
    assert [(b["id"], b["outline"], b["marks"]) for b in listed] == [
        (body_map_id, "child", 2)]
    chronology = s.people.chronology(person_id)
    assert any(e.kind == ev.BODY_MAP_RECORDED and e.record_id == body_map_id
               for e in chronology)
    actions = [r[0] for r in admin.vault.read(
        "SELECT action FROM audit WHERE record_id = ? ORDER BY seq", (body_map_id,))]
    assert actions[:2] == ["record.created", "record.viewed"]
    assert s.checks.run().ok


@pytest.mark.parametrize(("outline", "bad", "codes"), [
    ("giant", marks(), {"outline_invalid"}),
    ("adult", [], {"marks_required"}),
    ("adult", [{**marks()[0], "n": 0}], {"mark_number_invalid"}),
    ("adult", [marks()[0], {**marks()[1], "n": 1}], {"mark_number_invalid"}),
    ("adult", [{**marks()[0], "n": True}], {"mark_number_invalid"}),
    ("adult", [{**marks()[0], "view": "side"}], {"mark_view_invalid"}),
    ("adult", [{**marks()[0], "x": 1.2}], {"mark_position_invalid"}),
    ("adult", [{**marks()[0], "y": float("nan")}], {"mark_position_invalid"}),
    ("adult", [{**marks()[0], "y": "0.5"}], {"mark_position_invalid"}),
    ("adult", [{**marks()[0], "region": "tail"}], {"region_unknown"}),
    ("adult", [{**marks()[0], "region": "back_of_head"}], {"region_unknown"}),  # a back region
    ("adult", [{**marks()[0], "colour": 3}], {"mark_invalid"}),
    ("adult", [{**marks()[0], "weight": "1 kg"}], {"mark_invalid"}),
    ("adult", ["not a mark"], {"mark_invalid"}),
    ("adult", [{**marks()[0], "explanation": "x" * 5000}], {"mark_text_too_long"}),
])
def test_bad_input_is_refused_with_codes_and_nothing_written(
        admin: OpenVault, outline: str, bad: list[dict[str, Any]], codes: set[str]) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    before = events(admin)
    with pytest.raises(InvalidInput) as err:
        service(s).record(person_id, outline, bad)
    assert set(err.value.problems) == codes
    assert events(admin) == before
    assert admin.vault.read_one("SELECT count(*) FROM body_maps")[0] == 0


def test_unknown_person_is_refused(admin: OpenVault) -> None:
    with pytest.raises(NotFound):
        service(admin.services).record("no-such-person", "adult", marks())
    assert admin.vault.read_one("SELECT count(*) FROM body_maps")[0] == 0


def test_sealed_only_amendments_in_order(admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    body_map_id = service(s).record(person_id, "adult", marks())
    for kind in (ev.BODY_MAP_RECORDED, ev.NOTE_ADDED, ev.PERSON_UPDATED):
        with pytest.raises(SealedRecord), admin.vault.transaction():
            admin.vault.append(body_map_id, kind, {"person_id": person_id,
                                                   "outline": "adult", "marks": []})
    s.amendments.add(body_map_id, "Size", "Mark 1 is 4 cm × 2 cm, not 3 cm × 2 cm.")
    s.amendments.add(body_map_id, "Explanation", "She later said it was a door at home.")
    got = service(s).get(body_map_id)
    assert [a["reason"] for a in got["amendments"]] == ["Size", "Explanation"]
    assert [m["size"] for m in got["marks"]] == ["3 cm × 2 cm", "4 cm"]  # unchanged
    assert Services(admin.vault).checks.run().ok


def test_staff_without_access_cannot_read_or_record(login: Login) -> None:
    staff = login("staff", STAFF_PASS)
    person_id = staff.services.people.register(hong())
    body_map_id = service(staff.services).record(person_id, "child", marks())
    assert service(staff.services).get(body_map_id)["outline"] == "child"

    other = login("staff2", STAFF2_PASS)
    with pytest.raises(NotAllowed):
        service(other.services).get(body_map_id)
    with pytest.raises(NotAllowed):
        service(other.services).for_person(person_id)
    with pytest.raises(NotAllowed):
        service(other.services).record(person_id, "child", marks())

    lead = login("lead", LEAD_PASS)
    assert [b["id"] for b in service(lead.services).for_person(person_id)] == [body_map_id]
    assert Services(lead.vault).checks.run().ok
