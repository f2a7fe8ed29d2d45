"""Submitted assessments (issue 3): sealed, stored against the framework version, with the
outcome and the follow-up tasks their jurisdiction's pathways ask for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from vaultkit import LEAD_PASS, STAFF_PASS, OpenVault, hong

from desktop.app.services import Services
from desktop.content.checklists import frameworks
from desktop.domain import events as ev
from desktop.domain.assessments import Answer
from desktop.domain.people import Person
from desktop.vault.errors import InvalidInput, SealedRecord

Login = object


def first(framework: frameworks.Framework, *, signal: str | None = None,
          severity: str | None = None) -> str:
    return next(i.id for i in framework.indicators()
                if (signal is None or signal in i.signals)
                and (severity is None or i.severity == severity))


def test_submitting_seals_the_answers_and_creates_the_pathway_tasks(admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    ct = frameworks.latest("uk-child-trafficking")
    sign = first(ct, signal="trafficking", severity="concern")
    answers = {sign: Answer("yes", "Moved between three addresses in a week", "said_by_person")}
    result = s.assessments.submit(person_id, ct, answers, "en")

    assert result.outcome.level == "strong_concern"
    stored = s.assessments.get(result.assessment_id)
    assert (stored["framework_id"], stored["framework_version"]) == (ct.id, ct.version)
    assert stored["answers"] == {sign: {"answer": "yes", "source": "said_by_person",
                                        "note": "Moved between three addresses in a week"}}
    assert stored["outcome"]["level_reasons"] == [sign]
    # The admin is a lead: she is not told to tell the DSL, nor given a task to tell herself.
    # Hồng lives in a placement: her placing authority is told.
    assert [st["id"] for st in stored["outcome"]["steps"]] == [
        "refer_social_care", "notify_placing_authority", "nrm_child", "tell_police"]
    titles = sorted(t.title["en"] for t in s.tasks.list(person_id=person_id))
    assert titles == sorted([
        "Refer to the local authority's children's social care (MASH) within one working day",
        "Inform the child's placing authority within one working day",
        "Ask the local authority to make a National Referral Mechanism (NRM) referral",
        "Tell the police about the exploitation (101; 999 if anyone is in danger)"])
    assert len(result.task_ids) == 4
    assert s.checks.run().ok


def test_a_sealed_assessment_takes_amendments_only(admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    ce = frameworks.latest("uk-child-exploitation")
    result = s.assessments.submit(person_id, ce, {}, "vi")
    vault = admin.vault
    with pytest.raises(SealedRecord), vault.transaction():
        vault.append(result.assessment_id, ev.ASSESSMENT_SUBMITTED,
                     {"person_id": person_id})
    with pytest.raises(SealedRecord), vault.transaction():
        vault.append(result.assessment_id, ev.NOTE_ADDED, {"person_id": person_id, "text": "x"})
    first_id = s.amendments.add(result.assessment_id, "Wrong date", "Seen on Monday, not Tuesday")
    second_id = s.amendments.add(result.assessment_id, "Spelling", "Name is Hồng")
    amendments = s.amendments.for_record(result.assessment_id)
    assert [a.event_id for a in amendments] == [first_id, second_id]
    assert [a.reason for a in amendments] == ["Wrong date", "Spelling"]
    with pytest.raises(InvalidInput) as err:
        s.amendments.add(result.assessment_id, " ", "x")
    assert err.value.problems == ["reason_required"]
    assert s.assessments.get(result.assessment_id)["answers"] == {}
    assert s.checks.run().ok


def test_an_old_assessment_keeps_its_versions_wording(admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    v1 = frameworks.latest("uk-child-exploitation")
    sign = v1.indicators()[0]
    result = s.assessments.submit(person_id, v1, {sign.id: Answer("yes")}, "en")
    # Version 2 ships with new wording for the same indicator.
    section = v1.sections[0]
    reworded = replace(sign, text={"en": "Reworded in v2", "vi": "Đã sửa ở bản 2"})
    v2 = replace(v1, version=v1.version + 1, sections=(
        replace(section, indicators=(reworded, *section.indicators[1:])), *v1.sections[1:]))
    s.assessments.submit(person_id, v2, {sign.id: Answer("yes")}, "en")
    old = frameworks.from_snapshot(s.assessments.get(result.assessment_id)["framework"])
    assert old.version == v1.version
    assert old.indicator(sign.id).text == sign.text
    summaries = s.assessments.for_person(person_id)
    assert sorted(a.framework_version for a in summaries) == [v1.version, v1.version + 1]


def test_an_adult_with_trafficking_signs_gets_consent_or_duty_to_notify(admin: OpenVault) -> None:
    s = admin.services
    adult = Person(given_names="Minh", family_name="Trần", date_of_birth=date(1990, 1, 1))
    person_id = s.people.register(adult)
    fw = frameworks.latest("adult-trafficking-screening")
    purpose = first(fw, signal="purpose", severity="concern")
    result = s.assessments.submit(person_id, fw, {purpose: Answer("yes")}, "en")
    assert [st.id for st in result.outcome.steps] == [
        "nrm_explain_consent", "duty_to_notify"]  # the admin is the lead
    assert [t.rule_id for t in s.tasks.list(person_id=person_id)
            if t.rule_id != "tell_dsl"] == ["nrm_consent_or_duty_to_notify"]


def test_viet_nam_hands_the_person_to_the_commune_and_verifies_within_3_days(
        tmp_path: object) -> None:
    from pathlib import Path

    from vaultkit import make_vault

    vault, _ = make_vault(Path(str(tmp_path)) / "vn", jurisdiction="vietnam")
    try:
        s = Services(vault)
        person_id = s.people.register(Person(given_names="Thị Hoa", family_name="Lò",
                                             estimated_age=17, age_disputed=True))
        fw = frameworks.latest("vn-victim-identification")
        sign = first(fw, signal="trafficking")
        result = s.assessments.submit(person_id, fw, {sign: Answer("yes")}, "vi")
        steps = [st.id for st in result.outcome.steps]
        assert steps[:3] == ["hand_to_commune", "initial_verification", "support_rights"]
        tasks = {t.rule_id: t for t in s.tasks.list(person_id=person_id)}
        assert set(tasks) >= {"hand_to_commune", "initial_verification"}
        made = s.assessments.get(result.assessment_id)
        assert made["child"] is True  # age disputed counts as a child
        assert "Ủy ban nhân dân cấp xã" in made["outcome"]["steps"][0]["text"]["vi"]
    finally:
        vault.close()


def test_bad_answers_are_refused_and_nothing_is_written(admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    ce = frameworks.latest("uk-child-exploitation")
    before = admin.vault.read_one("SELECT count(*) FROM events")[0]
    with pytest.raises(InvalidInput) as err:
        s.assessments.submit(person_id, ce, {"no-such-sign": Answer("yes"),
                                             ce.indicators()[0].id: Answer("maybe")}, "en")
    assert set(err.value.problems) == {"indicator_unknown", "answer_invalid"}
    assert admin.vault.read_one("SELECT count(*) FROM events")[0] == before


def test_staff_cannot_read_an_assessment_of_someone_not_shared(login: object) -> None:
    from desktop.vault.errors import NotAllowed

    lead = login("lead", LEAD_PASS)  # type: ignore[operator]
    person_id = lead.services.people.register(hong())
    ce = frameworks.latest("uk-child-exploitation")
    made = lead.services.assessments.submit(person_id, ce, {}, "en")
    staff = login("staff", STAFF_PASS)  # type: ignore[operator]
    with pytest.raises(NotAllowed):
        staff.services.assessments.get(made.assessment_id)
