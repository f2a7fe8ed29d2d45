"""Follow-up tasks from concerns and checklists (issue 12): created once per need, and shaped
by who is asking (a DSL is not given a task to tell herself)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from vaultkit import STAFF_PASS, OpenVault, concern_for, hong, make_vault

from desktop.app.services import Services
from desktop.content.checklists import frameworks
from desktop.domain.assessments import Answer
from desktop.domain.people import Person
from desktop.domain.roles import Role
from desktop.vault.store import Vault

Login = Callable[[str, str], OpenVault]


def _rules(s: Services, person_id: str) -> Counter[str]:
    return Counter(t.rule_id or "" for t in s.tasks.list(person_id=person_id))


def test_a_dsl_recording_a_concern_gets_no_task_to_tell_herself(admin: OpenVault,
                                                                  login: Login) -> None:
    person_id = admin.services.people.register(hong())
    admin.services.concerns.record(concern_for(person_id))  # the admin is a lead
    assert "tell_dsl" not in _rules(admin.services, person_id)
    staff = login("staff", STAFF_PASS)
    other = staff.services.people.register(hong())
    # Staff who have not told the DSL yet are asked to (one who ticked "told the DSL" is not).
    staff.services.concerns.record(replace(concern_for(other), told=()))
    assert _rules(staff.services, other)["tell_dsl"] == 1


def test_a_concern_then_a_checklist_asks_for_each_follow_up_once(admin: OpenVault,
                                                                  login: Login) -> None:
    staff = login("staff", STAFF_PASS)
    s = staff.services
    person_id = s.people.register(hong())  # 15, in a placement
    s.concerns.record(replace(concern_for(person_id), told=()))  # the DSL not told yet
    ce = frameworks.latest("uk-child-exploitation")
    answers = {i: Answer("yes") for i in ("ce.ind.older_associate", "ce.ind.hotel_keys",
                                          "ce.ind.unexplained_money_gifts")}
    s.assessments.submit(person_id, ce, answers, "en")
    rules = _rules(s, person_id)
    assert rules["tell_dsl"] == rules["refer_local_authority"] == 1
    assert rules["notify_placing_authority"] == 1  # Hồng is looked after
    assert rules["nrm_via_local_authority"] == 1 and rules["tell_police"] == 1
    assert all(n == 1 for n in rules.values()), rules


def test_in_viet_nam_a_concern_then_a_checklist_creates_the_verification_task_once(
        tmp_path: Path) -> None:
    folder = tmp_path / "vn"
    vault, _ = make_vault(folder, jurisdiction="vietnam")
    Services(vault).users.add("canbo", "Cán bộ Lò", Role.STAFF, STAFF_PASS)
    vault.close()
    vault = Vault.unlock(folder, "canbo", STAFF_PASS)
    try:
        s = Services(vault)
        person_id = s.people.register(Person(given_names="Thị Mai", family_name="Vàng",
                                             date_of_birth=date(1999, 3, 1),
                                             location_kind="border_post"))
        s.concerns.record(replace(concern_for(person_id, "Nói đã bị đưa sang bên kia biên giới."),
                                  told=()))
        fw = frameworks.latest("vn-victim-identification")
        answers = {i: Answer("yes") for i in ("vn.commodity.exchanged_for_money",
                                              "vn.purpose.forced_labour")}
        s.assessments.submit(person_id, fw, answers, "vi")
        rules = _rules(s, person_id)
        # Received at a border post: a hand-back, not the commune route (seed 003 Điều 6.3).
        assert rules["initial_verification"] == 1 and rules["handback_joint_reception"] == 1
        assert "hand_to_commune" not in rules
        assert rules["report_to_lead"] == 1
        assert all(n == 1 for n in rules.values()), rules
    finally:
        vault.close()
