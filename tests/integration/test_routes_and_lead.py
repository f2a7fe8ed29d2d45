"""Viet Nam routes chosen where the concern or checklist is recorded, tasks that follow the
route, and a lead already told on an earlier concern (issue 12)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from vaultkit import STAFF_PASS, OpenVault, concern_for, hong, make_vault

from desktop.app.services import Services
from desktop.content.checklists import frameworks
from desktop.domain.assessments import Answer
from desktop.domain.people import Person
from desktop.domain.roles import Role
from desktop.vault.errors import InvalidInput
from desktop.vault.store import Vault

Login = Callable[[str, str], OpenVault]
SIGNS = ("vn.commodity.exchanged_for_money", "vn.purpose.forced_labour")


@pytest.fixture
def canbo(tmp_path: Path) -> Iterator[Services]:
    """A Viet Nam vault opened by a border officer (staff)."""
    folder = tmp_path / "vn"
    vault, _ = make_vault(folder, jurisdiction="vietnam")
    Services(vault).users.add("canbo", "Cán bộ Lò", Role.STAFF, STAFF_PASS)
    vault.close()
    vault = Vault.unlock(folder, "canbo", STAFF_PASS)
    yield Services(vault)
    vault.close()


def _rules(s: Services, person_id: str) -> Counter[str]:
    return Counter(t.rule_id or "" for t in s.tasks.list(person_id=person_id))


def _woman(where: str) -> Person:
    return Person(given_names="Thị Mai", family_name="Vàng", date_of_birth=date(1999, 3, 1),
                  location_kind=where)


def _vn_concern(person_id: str, route: str | None = None) -> object:
    return replace(concern_for(person_id, "Nói đã bị đưa sang bên kia biên giới."),
                   categories=("trafficking",), told=(), route=route)


def test_a_hand_back_at_a_border_gate_is_not_sent_to_the_commune(canbo: Services) -> None:
    person_id = canbo.people.register(_woman("border_post"))
    assert canbo.concerns.default_route(person_id) == "border_handback"
    recorded = canbo.concerns.record(_vn_concern(person_id))  # type: ignore[arg-type]
    rules = _rules(canbo, person_id)
    # seed 003 Điều 6.3, 7.1: the Border Guard receives with the police and labour authority.
    assert rules["handback_joint_reception"] == 1 and rules["handback_transfer"] == 1
    assert rules["initial_verification"] == 1
    assert "hand_to_commune" not in rules
    # The route is kept in the event.
    assert canbo.concerns.get(recorded.concern_id)["route"] == "border_handback"


def test_the_officer_chooses_rescue_on_the_concern_and_the_checklist(canbo: Services) -> None:
    person_id = canbo.people.register(_woman("border_post"))
    canbo.concerns.record(_vn_concern(person_id, "rescue"))  # type: ignore[arg-type]
    rules = _rules(canbo, person_id)
    assert rules["rescue_to_facility"] == 1
    assert not {"hand_to_commune", "handback_joint_reception"} & set(rules)
    # The checklist offers the route already chosen, and the pathway follows it.
    assert canbo.assessments.default_route(person_id) == "rescue"
    fw = frameworks.latest("vn-victim-identification")
    answers = {i: Answer("yes") for i in SIGNS}
    done = canbo.assessments.submit(person_id, fw, answers, "vi", route="rescue")
    assert done.outcome.route == "rescue"
    assert done.outcome.step("rescue_to_facility") is not None
    assert canbo.assessments.get(done.assessment_id)["route"] == "rescue"
    assert all(n == 1 for n in _rules(canbo, person_id).values())


def test_a_person_who_came_forward_goes_to_the_commune(canbo: Services) -> None:
    person_id = canbo.people.register(_woman("other"))
    assert canbo.concerns.default_route(person_id) == "self_referral"
    canbo.concerns.record(_vn_concern(person_id))  # type: ignore[arg-type]
    rules = _rules(canbo, person_id)
    assert rules["hand_to_commune"] == 1 and "handback_joint_reception" not in rules
    # An officer can still say this one was handed back.
    other = canbo.people.register(_woman("other"))
    fw = frameworks.latest("vn-victim-identification")
    done = canbo.assessments.submit(other, fw, {i: Answer("yes") for i in SIGNS}, "vi",
                                    route="border_handback")
    assert done.outcome.step("handback_joint_reception") is not None
    assert done.outcome.step("hand_to_commune") is None


def test_an_unknown_route_is_refused(canbo: Services) -> None:
    person_id = canbo.people.register(_woman("other"))
    with pytest.raises(InvalidInput):
        canbo.concerns.record(_vn_concern(person_id, "smuggled"))  # type: ignore[arg-type]


def test_a_lead_told_on_an_earlier_concern_is_not_asked_for_again(admin: OpenVault,
                                                                   login: Login) -> None:
    staff = login("staff", STAFF_PASS)
    s = staff.services
    person_id = s.people.register(hong())
    s.concerns.record(concern_for(person_id))  # told=("dsl",)
    assert "tell_dsl" not in _rules(s, person_id)
    # A later concern where the officer ticked nobody: the DSL already knows.
    s.concerns.record(replace(concern_for(person_id, "Seen in a car with him again."),
                              told=()))
    assert "tell_dsl" not in _rules(s, person_id)
    ce = frameworks.latest("uk-child-exploitation")
    answers = {i: Answer("yes") for i in ("ce.ind.older_associate", "ce.ind.hotel_keys")}
    outcome = s.assessments.preview(person_id, ce, answers)
    assert outcome.step("tell_lead") is None
    s.assessments.submit(person_id, ce, answers, "en")
    assert "tell_dsl" not in _rules(s, person_id)


def test_a_concern_the_lead_recorded_herself_means_she_knows(admin: OpenVault,
                                                             login: Login) -> None:
    person_id = admin.services.people.register(hong())
    admin.services.concerns.record(replace(concern_for(person_id), told=()))
    admin.services.people.share(person_id, "staff")
    staff = login("staff", STAFF_PASS)
    ce = frameworks.latest("uk-child-exploitation")
    answers = {i: Answer("yes") for i in ("ce.ind.older_associate", "ce.ind.hotel_keys")}
    assert staff.services.assessments.preview(person_id, ce, answers).step("tell_lead") is None
    # Someone else, never told: still asked to tell the DSL.
    other = staff.services.people.register(hong())
    assert staff.services.assessments.preview(other, ce, answers).step("tell_lead") is not None
