"""The outcome rules of issue 3, on the shipped frameworks: level, steps, and their reasons."""

from __future__ import annotations

import pytest

from desktop.content.checklists.frameworks import Framework, load_all
from desktop.content.checklists.outcome import evaluate
from desktop.content.jurisdictions import load as jurisdiction


def fw(framework_id: str) -> Framework:
    return {f.id: f for f in load_all().values()}[framework_id]


def first_with(framework: Framework, *, signal: str | None = None,
               severity: str | None = None, only_signal: bool = False) -> str:
    for i in framework.indicators():
        if signal and signal not in i.signals:
            continue
        if only_signal and {"act", "means", "purpose"} & set(i.signals) != {signal}:
            continue
        if severity and i.severity != severity:
            continue
        return i.id
    raise LookupError((framework.id, signal, severity))


def test_nothing_answered_yes_means_no_indicators_and_no_steps() -> None:
    out = evaluate(fw("uk-child-exploitation"), {}, child=True, jurisdiction="england")
    assert (out.level, out.steps, out.level_reasons) == ("no_indicators", (), ())


def test_an_immediate_danger_sign_means_police_now_with_the_reason() -> None:
    ce = fw("uk-child-exploitation")
    weapons = first_with(ce, severity="immediate_danger")
    out = evaluate(ce, {weapons: "yes"}, child=True, jurisdiction="england")
    assert out.level == "immediate_danger"
    assert [s.id for s in out.steps][:2] == ["call_police", "tell_lead_now"]
    assert out.step("call_police").reasons == (weapons,)  # type: ignore[union-attr]
    assert "999" in jurisdiction("england").step_text("call_police", "en")
    assert "113" in jurisdiction("vietnam").step_text("call_police", "vi")


def test_a_child_with_one_trafficking_sign_is_a_strong_concern_needing_no_means() -> None:
    ct = fw("uk-child-trafficking")
    sign = first_with(ct, signal="trafficking", severity="concern")
    out = evaluate(ct, {sign: "yes"}, child=True, jurisdiction="england")
    assert out.level == "strong_concern" and out.level_reasons == (sign,)
    assert [s.id for s in out.steps] == ["tell_lead", "refer_social_care", "nrm_child",
                                         "tell_police"]
    assert "does not need to consent" in jurisdiction("england").step_text("nrm_child", "en")


def test_an_adult_with_a_sign_is_asked_for_consent_or_duty_to_notify_applies() -> None:
    adult = fw("adult-trafficking-screening")
    purpose = first_with(adult, signal="purpose", severity="concern", only_signal=True)
    out = evaluate(adult, {purpose: "yes"}, child=False, jurisdiction="england")
    assert out.level == "concern"
    assert [s.id for s in out.steps] == ["tell_lead", "nrm_explain_consent", "duty_to_notify"]


def test_an_adult_with_act_means_and_purpose_is_a_strong_concern() -> None:
    adult = fw("adult-trafficking-screening")
    means = first_with(adult, signal="means", severity="concern", only_signal=True)
    purpose = first_with(adult, signal="purpose", severity="concern", only_signal=True)
    act = first_with(adult, signal="act", severity="concern")  # act signs also show a means
    two = evaluate(adult, {means: "yes", purpose: "yes"}, child=False, jurisdiction="england")
    assert two.level == "concern"  # no act seen: the definition is not complete
    ids = [act, means, purpose]
    out = evaluate(adult, dict.fromkeys(ids, "yes"), child=False, jurisdiction="england")
    assert out.level == "strong_concern" and sorted(out.level_reasons) == sorted(ids)


def test_viet_nam_hands_the_person_to_the_commune_and_verifies_within_3_days() -> None:
    vn = fw("vn-victim-identification")
    sign = first_with(vn, signal="trafficking", severity="concern")
    out = evaluate(vn, {sign: "yes"}, child=True, jurisdiction="vietnam")
    assert [s.id for s in out.steps] == ["hand_to_commune", "initial_verification",
                                         "support_rights", "protection_measures",
                                         "notify_relatives", "report_to_lead"]
    assert out.route == "self_referral"
    assert all(s.reasons == (sign,) for s in out.steps)
    assert "03 ngày" in jurisdiction("vietnam").step_text("initial_verification", "vi")


def test_risk_factors_alone_are_listed_but_are_not_a_concern() -> None:
    ce = fw("uk-child-exploitation")
    rf = first_with(ce, severity="information")
    out = evaluate(ce, {rf: "yes"}, child=True, jurisdiction="england")
    assert out.level == "no_indicators" and out.risk_factors == (rf,)


def test_three_concerns_make_a_strong_concern_and_not_known_counts_for_nothing() -> None:
    ce = fw("uk-child-exploitation")
    concerns = [i.id for i in ce.indicators() if i.severity == "concern"
                and "trafficking" not in i.signals][:4]
    two = evaluate(ce, {concerns[0]: "yes", concerns[1]: "yes", concerns[2]: "not_known"},
                   child=True, jurisdiction="england")
    assert two.level == "concern"
    three = evaluate(ce, dict.fromkeys(concerns[:3], "yes"), child=True, jurisdiction="england")
    assert three.level == "strong_concern" and set(three.level_reasons) == set(concerns[:3])


def test_answers_must_belong_to_the_framework_and_be_known_values() -> None:
    ce = fw("uk-child-exploitation")
    with pytest.raises(ValueError, match="not in"):
        evaluate(ce, {"no.such.indicator": "yes"}, child=True, jurisdiction="england")
    with pytest.raises(ValueError, match="unknown answers"):
        evaluate(ce, {ce.indicators()[0].id: "maybe"}, child=True, jurisdiction="england")


@pytest.mark.parametrize("jurisdiction_id, steps", [
    ("england", ["call_police", "tell_lead_now", "tell_lead", "refer_social_care", "nrm_child",
                 "nrm_explain_consent", "duty_to_notify"]),
    ("vietnam", ["call_police", "tell_lead_now", "report_to_lead", "hand_to_commune",
                 "initial_verification", "support_rights"]),
])
def test_every_step_has_words_in_both_languages_and_a_source(
        jurisdiction_id: str, steps: list[str]) -> None:
    j = jurisdiction(jurisdiction_id)
    for step in steps:
        assert j.step_text(step, "en") and j.step_text(step, "vi"), step
        assert j.outcome_steps[step].get("source"), step


def test_the_strong_concern_threshold_is_the_jurisdictions_data(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    import desktop.content.jurisdictions as jmod

    ce = fw("uk-child-exploitation")
    signs = [i.id for i in ce.indicators() if i.severity == "concern"
             and i.applies_to in ("child", "both") and "trafficking" not in i.signals][:2]
    two = {s: "yes" for s in signs}
    assert evaluate(ce, two, child=True, jurisdiction="england").level == "concern"
    england = jmod.load("england")
    lowered = replace(england, assessment=replace(england.assessment, strong_concern_count=2))
    monkeypatch.setattr(jmod, "load", lambda jid: lowered)
    assert evaluate(ce, two, child=True, jurisdiction="england").level == "strong_concern"


@pytest.mark.parametrize("jid", ["england", "vietnam"])
def test_every_pathway_step_and_task_has_both_languages(jid: str) -> None:
    juris = jurisdiction(jid)
    assert juris.assessment.pathways
    for pathway in juris.assessment.pathways:
        assert pathway.source
        for step in pathway.steps:
            assert juris.step_text(step, "en") and juris.outcome_steps[step]["vi"]
        for task in pathway.tasks:
            assert task.title["en"].strip() and task.title["vi"].strip()
