"""Issue 13 item 2: an imported event is checked like a local one before it is applied.

A field device's key is enough to seal anything; these tests seal forged events with it, push
them to the real hub, and check that the lead keeps them aside (quarantine, audit, count),
never applies them, and that `waymark check` stays clean. Each case has a control: the same
event made legitimately is applied.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hubkit import Hub
from test_desktop_sync import PASS, org, record, run, sync, vault_args, write  # noqa: F401

from desktop.app import sync_trust as trust
from desktop.app.services import Services
from desktop.domain import events as ev
from desktop.domain.disclosures import Disclosure, Told, Turn
from desktop.domain.roles import Role
from desktop.sync import sealing
from desktop.sync.hubclient import DeviceIdentity
from desktop.vault import authors
from desktop.vault.errors import WrongPassphrase
from desktop.vault.store import Vault
from protocol.codec import x25519_public_from

STAFF_PASS = "priya's own passphrase 2026"
PASSES = {"admin": PASS}


def author_key(field: Path, username: str) -> Ed25519PrivateKey | None:
    """The signing key of a user of the field device (None if there is no such user): what
    that user, or a thief of their passphrase, holds."""
    try:
        vault = Vault.unlock(field, username, PASSES.get(username, STAFF_PASS))
    except WrongPassphrase:
        return None
    try:
        assert vault._sign_key is not None  # read here only to play that user
        return Ed25519PrivateKey.from_private_bytes(bytes(vault._sign_key))
    finally:
        vault.close()


def forge(hub: Hub, field: Path, *, record_id: str, kind: str, author: str,
          payload: dict[str, Any], parent: str | None = None,
          signer: Ed25519PrivateKey | None | str = "author") -> ev.Event:
    """Seal an event with the field device's own keys and push it, as a thief of the device
    key could (the app would never write it). Signed by the author's own key when they exist
    on the field device (these tests are about what an author may do), unless `signer` says
    otherwise (None: unsigned)."""
    cfg = write(field, lambda s: s.sync.require())
    event = ev.new_event(record_id=record_id, kind=kind, author=author, device=cfg.device_id,
                         parent_hash=parent, payload=payload).sealed()
    key = author_key(field, author) if signer == "author" else signer
    if isinstance(key, Ed25519PrivateKey):
        event = authors.sign(key, event)
    data = sealing.seal(event, x25519_public_from(cfg.org_public_key), cfg.device_key,
                        cfg.org_id, cfg.device_id)
    client = hub.client(identity=DeviceIdentity(cfg.org_id, cfg.device_id, cfg.device_key))
    assert [r.status for r in client.push([data])] == ["stored"]
    return event


def lead_sync(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
              lead: Path) -> dict[str, int]:
    return sync(capsys, monkeypatch, lead)


def held(lead: Path, event_id: str) -> bool:
    return bool(write(lead, lambda s: s.sync.vault.read_one(
        "SELECT 1 FROM events WHERE id = ?", (event_id,))))


def kept_aside(lead: Path) -> dict[str, str]:
    return {i: reason for i, _kind, _dev, reason in write(lead, lambda s: s.sync.quarantined())}


def audited(lead: Path) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in write(lead, lambda s: s.sync.vault.read(
        "SELECT detail FROM audit WHERE action = ?", (trust.QUARANTINED,)))]


def assert_refused(lead: Path, event: ev.Event, reason: str, report: dict[str, int]) -> None:
    assert report["quarantined"] == 1 and report["pulled"] == 0
    assert not held(lead, event.id)
    assert kept_aside(lead)[event.id] == reason
    assert any(a["event"] == event.id and a["reason"] == reason for a in audited(lead))
    assert write(lead, lambda s: s.checks.run().ok)


@pytest.fixture
def synced(org: tuple[Path, Path], capsys: pytest.CaptureFixture[str],  # noqa: F811
           monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, str]:
    """Lead and field vaults with one person (and their tasks) recorded on the field device
    by its admin and a staff user "priya" added there, everything synced to the lead."""
    lead, field = org
    write(field, lambda s: s.users.add("priya", "Priya", Role.STAFF, STAFF_PASS))
    person = record(field, "Thị Hoa")
    sync(capsys, monkeypatch, field)
    assert lead_sync(capsys, monkeypatch, lead)["quarantined"] == 0
    return lead, field, person


def test_an_author_who_is_not_a_user_of_the_sealing_device_is_kept_aside(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field, _person = synced
    payload = {"given_names": "Giả", "family_name": "Mạo", "date_of_birth": "2010-01-01"}
    forged = forge(hub, field, record_id=ev.uuid7(), kind=ev.PERSON_REGISTERED,
                   author="mallory", payload=payload)
    assert_refused(lead, forged, trust.NOT_ON_ROSTER, lead_sync(capsys, monkeypatch, lead))
    # Replayed: still kept aside once, never applied.
    assert lead_sync(capsys, monkeypatch, lead)["quarantined"] == 0
    assert len(kept_aside(lead)) == 1 and not held(lead, forged.id)
    # Control: the same event by a user of that device goes through.
    good = forge(hub, field, record_id=ev.uuid7(), kind=ev.PERSON_REGISTERED, author="priya",
                 payload=payload)
    assert lead_sync(capsys, monkeypatch, lead)["pulled"] == 1 and held(lead, good.id)


def test_a_share_with_a_user_nobody_knows_is_kept_aside(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field, person = synced
    head = write(lead, lambda s: s.sync.vault.head(person))
    forged = forge(hub, field, record_id=person, kind=ev.PERSON_SHARED, author="admin",
                   payload={"username": "ghost"}, parent=head)
    assert_refused(lead, forged, trust.UNKNOWN_USER, lead_sync(capsys, monkeypatch, lead))
    good = forge(hub, field, record_id=person, kind=ev.PERSON_SHARED, author="admin",
                 payload={"username": "priya"}, parent=head)
    assert lead_sync(capsys, monkeypatch, lead)["pulled"] == 1 and held(lead, good.id)


def test_a_lead_only_task_marked_done_by_staff_is_kept_aside(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field, person = synced
    task, head = write(lead, lambda s: s.sync.vault.read_one(
        "SELECT t.id, h.head_hash FROM tasks t JOIN record_heads h ON h.record_id = t.id "
        "WHERE t.person_id = ? AND t.assignee_role = 'lead' AND t.done_at IS NULL", (person,)))
    forged = forge(hub, field, record_id=task, kind=ev.TASK_DONE, author="priya",
                   payload={"note": ""}, parent=head)
    assert_refused(lead, forged, trust.ROLE, lead_sync(capsys, monkeypatch, lead))
    assert write(lead, lambda s: s.sync.vault.read_one(
        "SELECT done_at FROM tasks WHERE id = ?", (task,)))[0] is None
    good = forge(hub, field, record_id=task, kind=ev.TASK_DONE, author="admin",
                 payload={"note": ""}, parent=head)
    assert lead_sync(capsys, monkeypatch, lead)["pulled"] == 1 and held(lead, good.id)


def _seal_disclosure(s: Services, person: str) -> str:
    when = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    return s.disclosures.seal(Disclosure(
        person_id=person, when=when, where="the kitchen", present=("Staff",),
        how="spontaneous", demeanour="Quiet", turns=(Turn("person", "He takes my phone."),),
        observed="Tired.", opinion="", actions="Told the DSL.",
        told=(Told("dsl", when, "Lê Lan"),), categories=("cce",))).disclosure_id


def test_a_new_event_on_a_sealed_record_is_kept_aside_and_an_amendment_is_applied(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field, person = synced
    sealed = write(field, lambda s: _seal_disclosure(s, person))
    sync(capsys, monkeypatch, field)
    assert lead_sync(capsys, monkeypatch, lead)["quarantined"] == 0
    head = write(lead, lambda s: s.sync.vault.head(sealed))
    assert head is not None
    forged = forge(hub, field, record_id=sealed, kind=ev.NOTE_ADDED, author="admin",
                   payload={"person_id": person, "text": "rewritten"}, parent=head)
    assert_refused(lead, forged, trust.SEALED, lead_sync(capsys, monkeypatch, lead))
    good = forge(hub, field, record_id=sealed, kind=ev.AMENDMENT_ADDED, author="admin",
                 payload={"person_id": person, "reason": "Time", "text": "It was 15:40."},
                 parent=head)
    assert lead_sync(capsys, monkeypatch, lead)["pulled"] == 1 and held(lead, good.id)
    assert write(lead, lambda s: s.checks.run().ok)


def test_the_lead_sees_a_line_about_events_kept_aside(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field, _person = synced
    assert write(lead, lambda s: s.sync.status().quarantined) == 0
    forge(hub, field, record_id=ev.uuid7(), kind=ev.PERSON_REGISTERED, author="mallory",
          payload={"given_names": "A", "family_name": "B", "date_of_birth": "2010-01-01"})
    code, out, _err = run(capsys, monkeypatch, "sync", *vault_args(lead))
    assert code == 0 and "kept aside 1" in out
    assert write(lead, lambda s: s.sync.status().quarantined) == 1


def test_an_event_kept_aside_for_want_of_its_author_is_applied_once_the_author_arrives(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A record reaches the hub before the user who wrote it (and their key): an older
    # version pushed records first; here it is pushed straight to the hub.
    lead, field, _person = synced
    write(field, lambda s: s.users.add("minh", "Minh", Role.STAFF, STAFF_PASS))
    early = forge(hub, field, record_id=ev.uuid7(), kind=ev.PERSON_REGISTERED, author="minh",
                  payload={"given_names": "Văn", "family_name": "Lê",
                           "date_of_birth": "2011-02-03"})
    assert lead_sync(capsys, monkeypatch, lead)["quarantined"] == 1
    assert set(kept_aside(lead).values()) == {trust.UNKNOWN_KEY}
    sync(capsys, monkeypatch, field)
    # The user's key and the user, then the record.
    assert lead_sync(capsys, monkeypatch, lead)["pulled"] == 3
    assert held(lead, early.id) and kept_aside(lead) == {}
    assert write(lead, lambda s: s.checks.run().ok)


def test_staff_writing_about_a_person_they_may_not_read_is_kept_aside(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    lead, field, person = synced  # registered by the field device's admin, not shared
    forged = forge(hub, field, record_id=ev.uuid7(), kind=ev.NOTE_ADDED, author="priya",
                   payload={"person_id": person, "text": "seen at the market"})
    assert_refused(lead, forged, trust.NO_ACCESS, lead_sync(capsys, monkeypatch, lead))
    # Once the admin shares the person with her (on the field device), her note goes through.
    write(field, lambda s: s.people.share(person, "priya"))
    sync(capsys, monkeypatch, field)
    good = forge(hub, field, record_id=ev.uuid7(), kind=ev.NOTE_ADDED, author="priya",
                 payload={"person_id": person, "text": "seen at the market"})
    assert lead_sync(capsys, monkeypatch, lead)["pulled"] == 2 and held(lead, good.id)


def test_staff_changing_a_group_none_of_whose_members_they_may_read_is_kept_aside(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from desktop.domain.groups import Reception, parse_row

    lead, field, _person = synced
    rows = [parse_row({"name": n, "sex": "nữ", "birth_year": "1998", "ethnicity": "Dao"},
                      date(2026, 12, 4)) for n in ("Vàng Thị Mỷ", "Lý Thị Mẩy")]
    got = write(field, lambda s: s.intake.receive(Reception(
        received_at=datetime(2026, 12, 3, 22, 40, tzinfo=UTC).isoformat(),
        place="Cửa khẩu Lào Cai", handed_over_by="Hà Khẩu"), rows))
    sync(capsys, monkeypatch, field)
    assert lead_sync(capsys, monkeypatch, lead)["quarantined"] == 0
    change = {"group_id": got.group_id, "reason": "x", "members_added": [],
              "members_changed": [], "reception": {"place": {"from": "Cửa khẩu Lào Cai",
                                                             "to": "Nơi khác"}}}
    forged = forge(hub, field, record_id=ev.uuid7(), kind=ev.GROUP_AMENDED, author="priya",
                   payload=change)
    assert_refused(lead, forged, trust.NO_ACCESS, lead_sync(capsys, monkeypatch, lead))
    # Shared one member with her: her change goes through.
    write(field, lambda s: s.people.share(got.person_ids[0], "priya"))
    sync(capsys, monkeypatch, field)
    good = forge(hub, field, record_id=ev.uuid7(), kind=ev.GROUP_AMENDED, author="priya",
                 payload=change)
    assert lead_sync(capsys, monkeypatch, lead)["quarantined"] == 0
    assert held(lead, good.id)
    assert write(lead, lambda s: s.intake.get(got.group_id))["reception"]["place"] == "Nơi khác"


# --- author signatures (issue 13, item 12) -------------------------------------------------


def test_a_legitimate_round_trip_carries_and_verifies_each_author_signature(
        synced: tuple[Path, Path, str]) -> None:
    lead, field, person = synced
    # The field device's records arrive on the lead signed, and still verify there.
    rows = write(lead, lambda s: s.sync.vault.read(
        "SELECT kind, signature FROM events WHERE record_id = ?", (person,)))
    assert rows and all(signature for _kind, signature in rows)
    report = write(lead, lambda s: s.checks.run())
    assert report.ok, report.problems
    assert report.signed >= write(lead, lambda s: s.sync.vault.read_one(
        "SELECT count(*) FROM events")[0]) and report.unsigned_legacy == 0


def test_an_event_with_a_forged_author_signature_is_kept_aside(
        synced: tuple[Path, Path, str], hub: Hub, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The device key and a valid author, but not the author's key: signed by another key.
    lead, field, person = synced
    head = write(lead, lambda s: s.sync.vault.head(person))
    payload = {"person_id": person, "text": "a note nobody wrote"}
    forged = forge(hub, field, record_id=person, kind=ev.NOTE_ADDED, author="admin",
                   payload=payload, parent=head, signer=Ed25519PrivateKey.generate())
    assert_refused(lead, forged, trust.BAD_SIGNATURE, lead_sync(capsys, monkeypatch, lead))
    # Another user's real key does not sign for the admin either.
    stolen = forge(hub, field, record_id=person, kind=ev.NOTE_ADDED, author="admin",
                   payload=payload, parent=head, signer=author_key(field, "priya"))
    assert_refused(lead, stolen, trust.BAD_SIGNATURE, lead_sync(capsys, monkeypatch, lead))
    # Without any signature, from an author whose key the lead knows.
    bare = forge(hub, field, record_id=person, kind=ev.NOTE_ADDED, author="admin",
                 payload=payload, parent=head, signer=None)
    assert_refused(lead, bare, trust.UNSIGNED, lead_sync(capsys, monkeypatch, lead))
    # A staff user cannot announce a key of her own making for the admin (only the user
    # themselves, with a key they already have, or the device's admin can).
    mine = Ed25519PrivateKey.generate()
    announce = forge(hub, field, record_id="key:admin", kind=ev.USER_KEY, author="priya",
                     payload=authors.first_key("admin", authors.public_of(
                         bytearray(mine.private_bytes_raw()))), signer=author_key(field, "priya"))
    assert_refused(lead, announce, trust.BAD_SIGNATURE, lead_sync(capsys, monkeypatch, lead))
    after = forge(hub, field, record_id=person, kind=ev.NOTE_ADDED, author="admin",
                  payload=payload, parent=head, signer=mine)
    assert_refused(lead, after, trust.BAD_SIGNATURE, lead_sync(capsys, monkeypatch, lead))
    # Control: signed by the admin's own key, it is applied.
    good = forge(hub, field, record_id=person, kind=ev.NOTE_ADDED, author="admin",
                 payload=payload, parent=head)
    assert lead_sync(capsys, monkeypatch, lead)["pulled"] == 1 and held(lead, good.id)
