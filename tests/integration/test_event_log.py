"""Event log, projections and the audit chain, as `waymark check` sees them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from vaultkit import ADMIN_PASS, LEAD_PASS, STAFF_PASS, OpenVault, concern_for, hong

from desktop.app.services import Services
from desktop.domain import events as ev
from desktop.domain.people import Person
from desktop.domain.roles import Role
from desktop.vault import audit, authors
from desktop.vault.store import Vault

Login = Callable[[str, str], OpenVault]


def realistic_mix(login: Login) -> dict[str, str]:
    """People, concerns, notes, shares, tasks done, user admin, by several users."""
    staff = login("staff", STAFF_PASS)
    p1 = staff.services.people.register(hong())
    p2 = staff.services.people.register(Person(given_names="Văn Đức", family_name="Trần",
                                               estimated_age=16, age_disputed=True,
                                               location_kind="border_post"))
    c1 = staff.services.concerns.record(concern_for(p1, risk=True)).concern_id
    staff.services.concerns.record(concern_for(p2, "No documents; an agent keeps them."))
    staff.services.people.add_note(p1, "Rang school about attendance.")
    staff.services.people.share(p1, "staff2")
    staff.services.people.update(p1, Person(given_names="Thị Hồng", family_name="Nguyễn",
                                            aliases=("Bông",), location_kind="placement"))
    staff.services.drafts.save("concern", p1, {"seen_or_heard": "half typed"})
    lead = login("lead", LEAD_PASS)
    for task in lead.services.tasks.list()[:3]:
        lead.services.tasks.complete(task.id, "done")
    lead.services.people.chronology(p1)
    admin = login("admin", ADMIN_PASS)
    admin.services.users.add("temp", "Temporary", Role.STAFF, "temporary staff phrase")
    admin.services.users.disable("temp")
    admin.services.settings.set_idle_lock_minutes(10)
    return {"p1": p1, "p2": p2, "c1": c1}


def test_check_passes_after_a_realistic_mix(login: Login) -> None:
    realistic_mix(login)
    admin = login("admin", ADMIN_PASS)
    report = admin.services.checks.run()
    assert report.ok, report.problems
    assert report.events > 15 and report.audit_entries > 20
    assert "check OK" in report.summary()


def test_tampered_event_payload_is_detected(login: Login) -> None:
    ids = realistic_mix(login)
    admin = login("admin", ADMIN_PASS)
    conn = admin.vault.conn
    row = conn.execute("SELECT id, payload FROM events WHERE record_id = ?",
                       (ids["c1"],)).fetchone()
    payload = json.loads(row[1])
    payload["seen_or_heard"] = "Nothing happened."
    conn.execute("UPDATE events SET payload = ? WHERE id = ?", (ev.canonical(payload), row[0]))
    report = admin.services.checks.run()
    assert not report.ok
    assert f"event {row[0]}: hash does not match" in report.problems
    assert "FAILED" in report.summary()


def test_tampered_audit_row_is_detected(login: Login) -> None:
    realistic_mix(login)
    admin = login("admin", ADMIN_PASS)
    conn = admin.vault.conn
    seq = conn.execute("SELECT seq FROM audit WHERE action = ? LIMIT 1",
                       (audit.RECORD_VIEWED,)).fetchone()[0]
    conn.execute("UPDATE audit SET username = 'someone_else' WHERE seq = ?", (seq,))
    report = admin.services.checks.run()
    assert report.problems == [f"audit chain broken at entry {seq}"]


def test_deleted_audit_row_is_detected(login: Login) -> None:
    realistic_mix(login)
    admin = login("admin", ADMIN_PASS)
    conn = admin.vault.conn
    seq = conn.execute("SELECT seq FROM audit WHERE action = ? LIMIT 1",
                       (audit.UNLOCK,)).fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq = ?", (seq,))
    assert not admin.services.checks.run().ok


def test_tampered_projection_row_is_detected(login: Login) -> None:
    ids = realistic_mix(login)
    admin = login("admin", ADMIN_PASS)
    admin.vault.conn.execute("UPDATE people SET display_name = 'Someone Else' WHERE id = ?",
                             (ids["p1"],))
    report = admin.services.checks.run()
    assert report.problems == ["projection people differs from a rebuild of the event log"]
    # The check leaves the tampered row as it found it (it reports, it does not repair).
    assert admin.vault.read_one("SELECT display_name FROM people WHERE id = ?",
                                (ids["p1"],))[0] == "Someone Else"


def test_deleted_task_done_projection_is_detected(login: Login) -> None:
    realistic_mix(login)
    admin = login("admin", ADMIN_PASS)
    admin.vault.conn.execute("UPDATE tasks SET done_at = NULL, done_by = NULL")
    assert "projection tasks differs from a rebuild of the event log" in \
        admin.services.checks.run().problems


def _actions(vault: Vault) -> list[tuple[str | None, str, str | None]]:
    return [(r[0], r[1], r[2]) for r in
            vault.read("SELECT username, action, record_id FROM audit ORDER BY seq")]


def test_audit_entries_for_unlock_failures_lock_records_and_users(
    admin: OpenVault, login: Login
) -> None:
    admin.vault.close()
    for _ in range(2):
        with pytest.raises(Exception, match="passphrase is not right"):
            Vault.unlock(admin.folder, "staff", "wrong passphrase here")
    staff = login("staff", STAFF_PASS)
    entries = _actions(staff.vault)
    # The failures are written at the next successful unlock, with their count.
    failed = staff.vault.read("SELECT detail FROM audit WHERE action = ?",
                              (audit.UNLOCK_FAILED,))
    assert [json.loads(r[0]) for r in failed] == [{"count": 2}]
    assert entries[-2][1] == audit.UNLOCK_FAILED and entries[-1] == ("staff", audit.UNLOCK, None)
    s = staff.services
    pid = s.people.register(hong())
    s.people.get(pid)
    s.people.update(pid, Person(given_names="Thị Hồng", family_name="Nguyễn"))
    s.people.chronology(pid)
    cid = s.concerns.record(concern_for(pid)).concern_id
    s.concerns.get(cid)
    staff.vault.close()
    a = login("admin", ADMIN_PASS)
    a.services.users.add("temp", "Temp", Role.STAFF, "temporary staff phrase")
    a.services.users.reset_passphrase("temp", "another temporary phrase")
    a.services.users.disable("temp")
    a.services.users.enable("temp", "temporary phrase again")
    log = _actions(a.vault)
    expected = [
        ("staff", audit.RECORD_CREATED, pid), ("staff", audit.RECORD_CHANGED, pid),
        ("staff", audit.RECORD_VIEWED, pid), ("staff", audit.RECORD_CREATED, cid),
        ("staff", audit.RECORD_VIEWED, cid), ("staff", audit.LOCK, None),
        ("admin", audit.UNLOCK, None),
        ("admin", audit.USER_ADDED, "user:temp"),
        ("admin", audit.PASSPHRASE_RESET, "user:temp"),
        ("admin", audit.USER_DISABLED, "user:temp"),
        ("admin", audit.USER_ENABLED, "user:temp"),
    ]
    it = iter(log)
    missing = [e for e in expected if e not in it]  # in this order, gaps allowed
    assert missing == []
    assert audit.verify(a.vault.conn).ok
    # Audit details hold ids and counts, never names or narrative.
    text = " ".join(r[0] for r in a.vault.read("SELECT detail FROM audit"))
    assert "Nguyễn" not in text and "phone credit" not in text


def test_lock_is_audited_on_close(admin: OpenVault) -> None:
    admin.vault.close()
    again = Vault.unlock(admin.folder, "admin", ADMIN_PASS)
    try:
        log = _actions(again)
        assert log[-2] == ("admin", audit.LOCK, None)
        assert log[-1] == ("admin", audit.UNLOCK, None)
    finally:
        again.close()


# --- every kind has a projection -----------------------------------------------------------

def _samples(person_id: str, task_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """One plausible (record id, payload) per event kind."""
    when = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    return {
        ev.ORG_CONFIGURED: ("org", {"idle_lock_minutes": 7}),
        ev.USER_ADDED: ("user:kind", {"username": "kind", "display_name": "K",
                                      "role": "staff"}),
        ev.USER_DISABLED: ("user:kind", {"username": "kind"}),
        ev.USER_ENABLED: ("user:kind", {"username": "kind"}),
        ev.USER_PROFILE_SET: ("user:kind", {"username": "kind", "full_name": "Kim Ng",
                                            "job_title": "Teacher"}),
        ev.USER_KEY: ("key:kind", authors.first_key("kind", authors.public_of(
            authors.new_private()))),
        ev.PERSON_REGISTERED: (person_id, hong().to_json()),
        ev.PERSON_UPDATED: (person_id, Person(given_names="Hồng").to_json()),
        ev.PERSON_SHARED: (person_id, {"username": "staff"}),
        ev.CONCERN_RECORDED: (ev.uuid7(), concern_for(person_id).to_json()),
        ev.NOTE_ADDED: (ev.uuid7(), {"person_id": person_id, "text": "ghi chú"}),
        ev.TASK_CREATED: (task_id, {"person_id": person_id, "title": {"en": "T", "vi": "T"},
                                    "due": ev.iso(when), "assignee_role": "lead"}),
        ev.TASK_DONE: (task_id, {"note": "ok"}),
        ev.AMENDMENT_ADDED: (ev.uuid7(), {"person_id": person_id, "reason": "typo"}),
        ev.ASSESSMENT_SUBMITTED: (ev.uuid7(), {
            "person_id": person_id, "framework_id": "x", "framework_version": 1,
            "framework": {"title": {"en": "X", "vi": "X"}}, "answers": {},
            "outcome": {"level": "concern"}}),
        ev.DISCLOSURE_SEALED: (ev.uuid7(), {
            "person_id": person_id, "content_hash": "0" * 64,
            "record": {"turns": [{"speaker": "person", "text": "Anh ấy giữ hộ chiếu."}]}}),
        ev.BODY_MAP_RECORDED: (ev.uuid7(), {"person_id": person_id, "outline": "child",
                                            "marks": []}),
        ev.REFERRAL_MADE: (ev.uuid7(), {"person_id": person_id, "form_id": "f",
                                        "form_title": {"en": "F", "vi": "F"}}),
        ev.RECORD_RESOLVED: (person_id, {"person_id": person_id, "kept_event": "e",
                                         "kept_kind": ev.PERSON_UPDATED,
                                         "kept_payload": Person(given_names="Hoa").to_json(),
                                         "note": ""}),
        ev.REFERRAL_OUTCOME: (ev.uuid7(), {"person_id": person_id, "referral_id": "r",
                                           "outcome": "accepted", "decided_on": None}),
        ev.GROUP_RECEIVED: ("group-1", {
            "reception": {"place": "Cửa khẩu", "received_at": ev.iso(when)},
            "members": [{"person_id": person_id, "n": 1, "child": True, "row": {}}]}),
        ev.GROUP_SIGNED: ("group-1", {"content_hash": "0" * 64}),
        ev.GROUP_HANDED_OVER: ("handover-1", {"group_id": "group-1",
                                              "person_ids": [person_id], "to_unit": "UBND"}),
        ev.GROUP_AMENDED: ("amend-1", {"group_id": "group-1", "reason": "Sai tên",
                                       "reception": {"place": {"from": "Cửa khẩu",
                                                               "to": "Cửa khẩu Lào Cai"}},
                                       "members_added": [], "members_changed": []}),
    }


def test_every_event_kind_has_a_projection(admin: OpenVault) -> None:
    person_id, task_id = ev.uuid7(), ev.uuid7()
    samples = _samples(person_id, task_id)
    assert set(samples) == ev.KINDS, "add a sample for the new kind (and a projection branch)"
    vault = admin.vault
    order = [ev.ORG_CONFIGURED, ev.USER_ADDED, ev.USER_DISABLED, ev.USER_ENABLED,
             ev.USER_PROFILE_SET, ev.USER_KEY,
             ev.PERSON_REGISTERED, ev.PERSON_UPDATED, ev.PERSON_SHARED, ev.CONCERN_RECORDED,
             ev.NOTE_ADDED, ev.TASK_CREATED, ev.TASK_DONE, ev.AMENDMENT_ADDED,
             ev.ASSESSMENT_SUBMITTED, ev.DISCLOSURE_SEALED, ev.BODY_MAP_RECORDED,
             ev.REFERRAL_MADE, ev.RECORD_RESOLVED, ev.REFERRAL_OUTCOME, ev.GROUP_RECEIVED,
             ev.GROUP_SIGNED, ev.GROUP_HANDED_OVER, ev.GROUP_AMENDED]
    assert set(order) == ev.KINDS
    with vault.transaction():
        for kind in order:
            record_id, payload = samples[kind]
            vault.append(record_id, kind, payload)  # raises "no projection" if a branch is missing
    for kind in order:
        record_id, _ = samples[kind]
        assert vault.head(record_id), kind
    assert vault.read_one("SELECT count(*) FROM chronology WHERE person_id = ?",
                          (person_id,))[0] >= 7
    assert Services(vault).checks.run().ok


def test_unknown_kind_is_refused_before_it_reaches_the_log(admin: OpenVault) -> None:
    before = admin.vault.read_one("SELECT count(*) FROM events")[0]
    with pytest.raises(ValueError), admin.vault.transaction():
        admin.vault.append("x", "person.deleted", {})
    assert admin.vault.read_one("SELECT count(*) FROM events")[0] == before


def test_fork_is_flagged_for_review_and_both_events_are_kept(admin: OpenVault) -> None:
    vault = admin.vault
    pid = Services(vault).people.register(hong())
    parent = vault.head(pid)
    # Two devices offline: both write an update whose parent is the same head.
    with vault.transaction():
        for name in ("Hồng A", "Hồng B"):
            e = ev.new_event(record_id=pid, kind=ev.PERSON_UPDATED, author="admin",
                             device="other-device", parent_hash=parent,
                             payload=Person(given_names=name).to_json())
            from desktop.vault.store import _insert_event

            _insert_event(vault.conn, e)
    assert Services(vault).people.get(pid).needs_review
    assert vault.read_one("SELECT count(*) FROM events WHERE record_id = ?", (pid,))[0] == 3
    assert Services(vault).checks.run().ok

    # A lead sees both versions side by side and keeps one: one more event, nothing lost.
    reviews = Services(vault).reviews
    assert [r.record_id for r in reviews.pending()] == [pid]
    versions = reviews.versions(pid)
    assert sorted(v.payload["given_names"] for v in versions) == ["Hồng A", "Hồng B"]
    kept = next(v for v in versions if v.payload["given_names"] == "Hồng A")
    reviews.resolve(pid, kept.event_id, "Checked with the key worker")
    person = Services(vault).people.get(pid)
    assert not person.needs_review and person.person.given_names == "Hồng A"
    assert reviews.pending() == []
    assert vault.read_one("SELECT count(*) FROM events WHERE record_id = ?", (pid,))[0] == 4
    assert Services(vault).checks.run().ok


def test_the_check_rebuilds_beside_the_vault_and_finds_a_stale_name_index(login: Login) -> None:
    ids = realistic_mix(login)
    admin = login("admin", ADMIN_PASS)
    conn = admin.vault.conn
    assert admin.services.checks.run().ok
    # The rebuild went into TEMP copies, dropped again; the vault's own tables answer as before.
    assert conn.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
    name = admin.services.people.get(ids["p1"]).person.family_name
    assert ids["p1"] in admin.services.search.people(name)
    conn.execute("UPDATE name_search SET names = 'Someone Else' WHERE person_id = ?",
                 (ids["p1"],))
    assert admin.services.checks.run().problems == [
        "projection name_search differs from a rebuild of the event log"]
