"""Disclosure records (issue 4): sealed with a content hash, edits refused, amendments in
order, the coach's flags kept, follow-up tasks created."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from vaultkit import STAFF_PASS, OpenVault, hong

from desktop.domain import events as ev
from desktop.domain.disclosures import Disclosure, Told, Turn, content_hash
from desktop.vault.errors import InvalidInput, SealedRecord

WHEN = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def disclosure(person_id: str, **extra: object) -> Disclosure:
    fields: dict[str, object] = dict(
        person_id=person_id, when=WHEN, where="the kitchen", present=("Sam Staff",),
        how="spontaneous", demeanour="Quiet, looked at the floor",
        turns=(Turn("person", "He takes my phone and says I owe him."),
               Turn("staff", "Tell me more about that."),
               Turn("person", "He says I have to carry bags to pay it back."),
               Turn("staff", "It was your uncle, wasn't it?"),
               Turn("staff", "I won't tell anyone.")),
        observed="A new phone; tired.", opinion="She put herself at risk.",
        actions="Stayed with her; told the DSL.",
        told=(Told("dsl", datetime(2026, 11, 20, 15, 50, tzinfo=UTC), "Lê Lan"),),
        categories=("cce",))
    fields.update(extra)
    return Disclosure(**fields)  # type: ignore[arg-type]


def test_sealing_keeps_hash_flags_and_creates_tasks(
        admin: OpenVault, login: Callable[[str, str], OpenVault]) -> None:
    s = login("staff", STAFF_PASS).services  # staff: the DSL is someone else
    person_id = s.people.register(hong())
    sealed = s.disclosures.seal(disclosure(person_id))
    got = s.disclosures.get(sealed.disclosure_id)
    assert got["content_hash"] == sealed.content_hash == content_hash(got["record"])
    assert got["hash_ok"] and got["sealed_by"] == "staff"
    assert [t["text"] for t in got["record"]["turns"]][0] == (
        "He takes my phone and says I owe him.")
    codes = {(f.get("turn"), f.get("field"), f["code"]) for f in got["flags_at_sealing"]}
    assert (4, None, "secrecy_promise") in codes
    assert (3, None, "leading") in codes
    assert (None, "opinion", "blaming_language") in codes
    assert not any(f.get("turn") == 1 for f in got["flags_at_sealing"])  # "Tell me more"
    tasks = {t.rule_id: t for t in s.tasks.list(include_done=True, person_id=person_id)}
    assert {"tell_dsl", "refer_local_authority", "notify_placing_authority"} <= set(tasks)
    assert tasks["tell_dsl"].done_at is not None  # the DSL was told, as the record says
    assert all(t.source_record == sealed.disclosure_id for t in tasks.values())
    assert s.checks.run().ok


def test_the_vault_refuses_edits_to_a_sealed_disclosure_and_keeps_amendments_in_order(
        admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    sealed = s.disclosures.seal(disclosure(person_id))
    for kind in (ev.DISCLOSURE_SEALED, ev.NOTE_ADDED, ev.PERSON_UPDATED):
        with pytest.raises(SealedRecord), admin.vault.transaction():
            admin.vault.append(sealed.disclosure_id, kind, {"person_id": person_id})
    s.amendments.add(sealed.disclosure_id, "Time", "It was 15:40, not 15:30.")
    s.amendments.add(sealed.disclosure_id, "Name", "The DSL was Lê Lan.")
    got = s.disclosures.get(sealed.disclosure_id)
    assert [a["reason"] for a in got["amendments"]] == ["Time", "Name"]
    assert got["record"]["when"] == ev.iso(WHEN) and got["hash_ok"]


def test_a_record_without_the_persons_words_is_refused_and_nothing_written(
        admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    before = admin.vault.read_one("SELECT count(*) FROM events")[0]
    with pytest.raises(InvalidInput) as err:
        s.disclosures.seal(disclosure(person_id, turns=(Turn("staff", "How are you?"),),
                                      how="somehow"))
    assert set(err.value.problems) == {"person_words_required", "how_invalid"}
    assert admin.vault.read_one("SELECT count(*) FROM events")[0] == before


def test_vietnamese_disclosure_flags_a_secrecy_promise(
        admin: OpenVault, login: Callable[[str, str], OpenVault]) -> None:
    s = login("staff", STAFF_PASS).services
    person_id = s.people.register(hong())
    sealed = s.disclosures.seal(disclosure(
        person_id, language="vi", opinion="", told=(),
        turns=(Turn("person", "Họ giữ hộ chiếu của em."),
               Turn("staff", "Cô hứa sẽ không nói với ai đâu."),
               Turn("staff", "Em kể tiếp cho cô nghe đi."))))
    codes = {(f.get("turn"), f["code"]) for f in sealed.flags}
    assert (1, "secrecy_promise") in codes
    assert not any(f.get("turn") == 2 for f in sealed.flags)
    tasks = s.tasks.list(person_id=person_id)
    assert any(t.rule_id == "tell_dsl" and t.done_at is None for t in tasks)


def test_the_referral_context_carries_the_disclosure_as_sealed(admin: OpenVault) -> None:
    s = admin.services
    person_id = s.people.register(hong())
    sealed = s.disclosures.seal(disclosure(person_id))
    s.amendments.add(sealed.disclosure_id, "Time", "It was 15:40.")
    context = s.referrals.context(person_id, "vi")
    d = context["disclosures"][0]
    assert d["content_hash"] == sealed.content_hash
    assert d["told"][0]["when"] == "2026-11-20T15:50:00+00:00"
    assert d["dsl_told_at"] == "2026-11-20T15:50:00+00:00"
    assert [a["reason"] for a in d["amendments"]] == ["Time"]
    # The forms number turns from 1: the secrecy promise is the fifth turn.
    assert any(f.get("turn") == 5 and f["code"] == "secrecy_promise"
               for f in d["flags_at_sealing"])
