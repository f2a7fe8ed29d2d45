"""Sync under network faults (issue 6, Reliability): nothing is lost, nothing is doubled.

A Hypothesis state machine drives real Waymark vaults (a lead, two field devices and sometimes a
second lead), enrolled in-process exactly as `waymark org connect/enrol/join` do, against one
in-process hub (SQLite), through `faults.FaultyTransport`: requests are dropped, duplicated,
held back and delivered late or out of order, replayed, cut short, or delivered with the answer
lost. Devices record people and concerns (which create tasks), go offline and online, and sync
with `engine.sync_once`; a failed round is allowed, a lost or doubled event is not. After
healing (faults off, everyone online, sync until nothing moves):

1. every synced event written on any device is on the hub exactly once;
2. every lead holds exactly the union of all devices' synced events, and its projections equal
   a rebuild (`checks.run().ok`);
3. every envelope on the hub verifies with its device's key and opens with the org key;
4. no device has anything waiting;

and throughout: the hub never answers 5xx, never accepts a cut or replayed request, and every
acknowledgement a device recorded names an envelope the hub holds under that sequence number.

Speed: vaults are copied from templates made once (Argon2 runs once per template: the copies'
key slots derive the same keys, which are memoised); enrolment files use a cheap Argon2 here
(their own tests cover the real cost); the hub and the vault copies skip fsync (power loss
is the crash tests' subject). WAYMARK_SYNC_EXAMPLES sets the number of examples (200).
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from faults import FAULTS, FaultyTransport
from hubkit import BASE_URL, Hub, Org, sqlite_backend
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import event, select

from desktop.app.services import Services
from desktop.app.sync import org_keys
from desktop.app.sync_trust import ROSTER_KINDS
from desktop.domain import events as ev
from desktop.domain.concerns import Concern
from desktop.domain.people import Person
from desktop.sync import engine, hubclient, sealing
from desktop.sync import enrolment as enrol
from desktop.sync.engine import SyncReport, new_device_key, open_client
from desktop.vault import keyfile
from desktop.vault.store import DB_NAME, KEYS_NAME, Vault
from protocol import envelope
from protocol.codec import ed25519_public_bytes
from server import store
from server.schema import devices as hub_devices
from server.schema import envelopes as hub_envelopes

PASS = "sync faults passphrase"
EXAMPLES = int(os.environ.get("WAYMARK_SYNC_EXAMPLES", "200"))
STEPS = 12
HEAL_ROUNDS = 4
RETRIES = 3  # attempts per sync step (the worker retries with backoff)
BATCHES = (2, 5, engine.BATCH)  # envelopes per push and per pull page
#: The devices of one example; "lead2" joins in some examples only.
ROLES = {"lead": "lead", "field1": "field", "field2": "field", "lead2": "lead"}
FIELDS = ("field1", "field2")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương")
GIVEN = ("Thị Hoa", "Văn Minh", "Thị Lan", "Đức Anh", "Ngọc Ánh", "Thị Hồng", "Quốc Bảo",
         "Thùy Dương", "Thị Mai", "Văn Hùng", "Khánh Linh", "Thị Cúc")
SEEN = ("Được đưa qua biên giới vào ban đêm.", "Em nói có người giữ giấy tờ của em.",
        "Không đi học từ tháng trước; có người lạ đón ở cổng.",
        "Vết bầm trên tay, em không muốn nói về nó.")
CATEGORIES = ("trafficking", "cse", "cce", "missing", "serious_violence")
T = TypeVar("T")


# --- the world: templates, one hub, the faulty transport ----------------------------------------


@dataclass
class World:
    hub: Hub
    transport: FaultyTransport
    templates: Path
    examples: Path
    counter: Iterator[int] = field(default_factory=itertools.count)

    def folder(self) -> Path:
        return self.examples / f"ex{next(self.counter)}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with pytest.MonkeyPatch.context() as mp:
        # Copies of a template share its key slots (same salts): derive each key once.
        mp.setattr(keyfile, "derive", functools.lru_cache(maxsize=32)(keyfile.derive))
        mp.setattr(enrol, "_KDF", {"time_cost": 1, "memory_cost": 8, "parallelism": 1,
                                   "hash_len": 32})
        templates = tmp_path_factory.mktemp("templates")
        for name in ROLES:
            vault, _code = Vault.create(templates / name, org_name=f"Trạm {name}",
                                        jurisdiction="vietnam", language="vi",
                                        admin_username="admin", admin_display_name="Quản trị",
                                        passphrase=PASS)
            vault.close()
        hub = Hub(sqlite_backend(tmp_path_factory.mktemp("hub")))
        _without_fsync(hub)
        transport = FaultyTransport(hub.transport)
        mp.setattr(engine, "TRANSPORT", transport)
        mp.setattr(engine, "BATCH", engine.BATCH)  # each example picks its own (restored here)
        try:
            yield World(hub, transport, templates, tmp_path_factory.mktemp("examples"))
        finally:
            hub.close()


def _without_fsync(hub: Hub) -> None:
    """Power-loss durability is not what this test is about (the crash tests cover it): skip
    the hub's fsyncs, which would otherwise take most of the run."""

    @event.listens_for(hub.engine, "connect")
    def _no_fsync(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    hub.engine.dispose()


# --- devices, enrolled the way the CLI does it ---------------------------------------------------


@dataclass
class Device:
    name: str
    vault: Vault
    services: Services
    online: bool = True

    @property
    def role(self) -> str:
        return ROLES[self.name]

    def sync(self) -> SyncReport:
        """One round, as `waymark sync` runs it (a failure is recorded and raised)."""
        cfg = self.services.sync.require()
        try:
            with engine.client_for(cfg) as client:
                return engine.sync_once(lambda job: job(self.services), client)
        except hubclient.HubError as exc:
            self.services.sync.record_attempt(exc.code or type(exc).__name__)
            raise

    def synced_events(self) -> dict[str, str]:
        """Event id -> hash of every event of a synced kind this vault holds."""
        kinds = sorted(ev.SYNC_KINDS)
        return dict(self.vault.read(
            f"SELECT id, hash FROM events WHERE kind IN ({','.join('?' * len(kinds))})", kinds))

    def written(self) -> set[str]:
        """Ids of synced events written on this device."""
        kinds = sorted(ev.SYNC_KINDS)
        return {r[0] for r in self.vault.read(
            f"SELECT id FROM events WHERE device = ? AND kind IN ({','.join('?' * len(kinds))})",
            (self.vault.device_id, *kinds))}

    def roster(self) -> list[str]:
        """Ids of this device's user events, oldest first (they travel so leads know who
        wrote what, and with which keys)."""
        kinds = sorted(ROSTER_KINDS)
        return [r[0] for r in self.vault.read(
            f"SELECT id FROM events WHERE device = ? AND kind IN ({','.join('?' * len(kinds))})"
            " ORDER BY seq", (self.vault.device_id, *kinds))]

    def close(self) -> None:
        self.vault.close()


def open_copy(world: World, name: str, folder: Path) -> Device:
    target = folder / name
    target.mkdir(parents=True)
    for file in (DB_NAME, KEYS_NAME):
        shutil.copy2(world.templates / name / file, target / file)
    vault = Vault.unlock(target, "admin", PASS)
    vault.conn.execute("PRAGMA synchronous = OFF")  # as for the hub: no fsync in this test
    return Device(name, vault, Services(vault))


def connect_lead(world: World, lead: Device) -> str:
    """`waymark org connect`: a new organisation on the hub, this vault its first lead."""
    org_id, token = store.create_org(world.hub.engine, "Tỉnh Lào Cai", world.hub.clock)
    _key, private, public = org_keys()
    device_key = new_device_key()
    with open_client(BASE_URL) as client:
        reg = client.register_org(token, X25519PublicKey.from_public_bytes(public),
                                  lead.vault.device_id, device_key)
    lead.services.sync.connect(hub_url=BASE_URL, org_name=lead.vault.meta("org_name") or "",
                               org_id=reg.org_id, role=reg.role, epoch=reg.epoch,
                               device_key=device_key, org_public_key=public,
                               org_private_key=private)
    assert reg.org_id == org_id
    return org_id


def join(world: World, lead: Device, device: Device, *, offline: bool = False) -> None:
    """`waymark org enrol` on the lead, then `waymark org join` on the device (with no
    connection when `offline`: the device's first sync registers it)."""
    data, code = lead.services.sync.invite(device.role)
    e = enrol.read(data, code)
    if e.org_private_key is not None:
        X25519PrivateKey.from_private_bytes(e.org_private_key)
    device_key = new_device_key()
    registered, epoch = True, ""
    world.transport.down = offline
    try:
        with open_client(e.hub_url) as client:
            epoch = client.register_device(e.invitation, device.vault.device_id,
                                           device_key).epoch
    except hubclient.HubUnavailable:
        registered = False
    finally:
        world.transport.down = False
    assert registered != offline
    device.services.sync.connect(hub_url=e.hub_url, org_name=e.org_name, org_id=e.org_id,
                                 role=e.role, epoch=epoch, device_key=device_key,
                                 org_public_key=e.org_public_key,
                                 org_private_key=e.org_private_key, registered=registered,
                                 invitation_text=e.invitation)


def register_person(device: Device, given: str, family: str, born: date) -> str:
    return device.services.people.register(Person(given_names=given, family_name=family,
                                                  date_of_birth=born, nationality="VN",
                                                  languages=("vi",)))


def hub_rows(world: World, org_id: str) -> list[Any]:
    with world.hub.engine.connect() as conn:
        return list(conn.execute(
            select(hub_envelopes.c.seq, hub_envelopes.c.event_id, hub_envelopes.c.device_id,
                   hub_envelopes.c.body).where(hub_envelopes.c.org_id == org_id)))


def hub_keys(world: World, org_id: str) -> dict[str, bytes]:
    with world.hub.engine.connect() as conn:
        return {r.device_id: bytes(r.public_key) for r in conn.execute(
            select(hub_devices.c.device_id, hub_devices.c.public_key)
            .where(hub_devices.c.org_id == org_id))}


# --- the state machine ---------------------------------------------------------------------------


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Mark the machine broken while a step runs, so teardown does not heal a failed run."""

    @functools.wraps(method)
    def run(self: SyncUnderFaults, **kwargs: Any) -> T:
        self.broken = True
        result = method(self, **kwargs)
        self.broken = False
        return result

    return run


class SyncUnderFaults(RuleBasedStateMachine):
    world: ClassVar[World]

    def __init__(self) -> None:
        super().__init__()
        self.devices: dict[str, Device] = {}
        self.org_id = ""
        self.folder: Path | None = None
        self.faults = False
        self.broken = False
        self.rounds = Counter[str]()

    # set-up --------------------------------------------------------------------------------
    @initialize(second_lead=st.booleans(),
                offline=st.frozensets(st.sampled_from(["field1", "field2", "lead2"])),
                faults=st.sampled_from([True, False]), batch=st.sampled_from(BATCHES))
    @_guarded
    def enrol(self, second_lead: bool, offline: frozenset[str], faults: bool,
              batch: int) -> None:
        w = self.world
        w.transport.reset()
        engine.BATCH = batch  # small batches: several pushes and pull pages per round
        self.folder = w.folder()
        names = ["lead", *FIELDS] + (["lead2"] if second_lead else [])
        for name in names:
            self.devices[name] = open_copy(w, name, self.folder)
        lead = self.devices["lead"]
        self.org_id = connect_lead(w, lead)
        for name in names[1:]:
            join(w, lead, self.devices[name], offline=name in offline)
        self.faults = faults

    # rules ---------------------------------------------------------------------------------
    def _pick(self, data: st.DataObject, names: list[str] | None = None) -> Device:
        return self.devices[data.draw(st.sampled_from(sorted(names or self.devices)),
                                      label="device")]

    @rule(data=st.data(), given=st.sampled_from(GIVEN), family=st.sampled_from(FAMILY),
          born=st.dates(date(1990, 1, 1), date(2024, 12, 31)), count=st.integers(1, 3))
    @_guarded
    def register(self, data: st.DataObject, given: str, family: str, born: date,
                 count: int) -> None:
        device = self._pick(data)
        for _ in range(count):
            register_person(device, given, family, born)

    @rule(given=st.sampled_from(GIVEN), family=st.sampled_from(FAMILY))
    @_guarded
    def everyone_registers(self, given: str, family: str) -> None:
        for device in self.devices.values():
            register_person(device, given, family, date(2008, 7, 15))

    @rule(data=st.data(), seen=st.sampled_from(SEEN), category=st.sampled_from(CATEGORIES),
          risk=st.booleans())
    @_guarded
    def record_concern(self, data: st.DataObject, seen: str, category: str, risk: bool) -> None:
        """A concern (with its tasks) about someone the device holds (a lead: anyone it pulled)."""
        device = self._pick(data)
        people = [p.id for p in device.services.people.list(limit=50)]
        person = (data.draw(st.sampled_from(people), label="person") if people else
                  register_person(device, "Thị Hoa", "Nguyễn", date(2010, 3, 1)))
        device.services.concerns.record(Concern(
            person_id=person, seen_or_heard=seen,
            occurred_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC), place="Lào Cai",
            categories=(category,), immediate_risk=risk, told=("police",)))

    @rule(data=st.data())
    @_guarded
    def toggle_online(self, data: st.DataObject) -> None:
        device = self._pick(data)
        device.online = not device.online

    @rule(on=st.booleans())
    @_guarded
    def set_faults(self, on: bool) -> None:
        self.faults = on

    @rule(data=st.data())
    @_guarded
    def sync(self, data: st.DataObject) -> None:
        self._round(self._pick(data), data)

    def _round(self, device: Device, data: st.DataObject) -> None:
        """Sync like the background worker: a failed round is retried (here without the
        backoff's wait) a few times; giving up with everything still waiting is allowed."""
        t = self.world.transport
        t.draw, t.armed, t.down = data.draw, self.faults, not device.online
        try:
            for _attempt in range(RETRIES):
                try:
                    device.sync()
                    self.rounds["ok"] += 1
                    return
                except (hubclient.HubError, httpx.HTTPError):
                    self.rounds["failed"] += 1  # nothing may be lost: the next round takes over
                if not device.online:
                    return
        finally:
            t.draw, t.armed, t.down = None, False, False

    @rule(data=st.data())
    @_guarded
    def sync_everyone(self, data: st.DataObject) -> None:
        """Every device in turn (fields first): one device's held push may land amid another's."""
        for name in sorted(self.devices, key=lambda n: (ROLES[n] == "lead", n)):
            self._round(self.devices[name], data)

    @precondition(lambda self: bool(self.world.transport.held))
    @rule(data=st.data())
    @_guarded
    def late_delivery(self, data: st.DataObject) -> None:
        """A push held back in the network arrives now, between rounds."""
        t = self.world.transport
        t.release_held(data.draw(st.integers(0, len(t.held) - 1), label="held"))

    # invariants ----------------------------------------------------------------------------
    @invariant()
    @_guarded
    def hub_answers_sanely(self) -> None:
        assert not self.world.transport.violations

    @invariant()
    @_guarded
    def acknowledged_means_on_the_hub(self) -> None:
        if not self.org_id:
            return
        on_hub = {r.event_id: r.seq for r in hub_rows(self.world, self.org_id)}
        for device in self.devices.values():
            for event_id, seq in device.vault.read(
                    "SELECT event_id, acked_seq FROM outbox WHERE acked_seq IS NOT NULL"):
                assert event_id in on_hub, f"{device.name} holds an ack the hub lacks"
                assert seq == on_hub[event_id], f"{device.name}: ack {seq}, hub {on_hub[event_id]}"

    # healing and the final checks ------------------------------------------------------------
    def teardown(self) -> None:
        try:
            if self.org_id and not self.broken:
                self.heal()
                self.check_everything()
        finally:
            for device in self.devices.values():
                device.close()
            self.world.transport.reset()
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)

    def heal(self) -> None:
        t = self.world.transport
        t.release_all()  # whatever the network still held arrives late
        for device in self.devices.values():
            device.online = True
        order = [d for d in self.devices.values() if d.role == "field"] + \
                [d for d in self.devices.values() if d.role == "lead"]
        moved = -1
        for _round in range(HEAL_ROUNDS):
            moved = 0
            for device in order:
                report = device.sync()
                moved += report.pushed + report.pulled + report.refused
            if moved == 0:
                break
        assert moved == 0, f"still moving after {HEAL_ROUNDS} rounds of healing"
        assert not t.violations

    def check_everything(self) -> None:
        rows = hub_rows(self.world, self.org_id)
        union: dict[str, str] = {}
        writer: dict[str, str] = {}
        rosters: set[str] = set()
        for device in self.devices.values():
            rosters |= set(device.roster())
            union.update(device.synced_events())
            for event_id in device.written():
                writer[event_id] = device.vault.device_id
        assert set(writer) == set(union), "an event on a device was written nowhere"
        # (1) on the hub exactly once
        counts = Counter(r.event_id for r in rows)
        doubled = {i: n for i, n in counts.items() if n != 1}
        assert not doubled, f"events on the hub more than once: {doubled}"
        assert rosters <= set(counts), "a device's users never reached the hub"
        for roster_event in rosters:
            del counts[roster_event]
        assert set(counts) == set(union), (
            f"missing on the hub: {sorted(set(union) - set(counts))}; "
            f"unknown to the devices: {sorted(set(counts) - set(union))}")
        assert sorted(r.seq for r in rows) == list(range(1, len(rows) + 1))
        # (2) every lead holds exactly the union, and its projections equal a rebuild
        for device in self.devices.values():
            if device.role == "lead":
                assert device.synced_events() == union, f"{device.name} differs from the union"
                report = device.services.checks.run()
                assert report.ok, f"{device.name}: {report.problems}"
        # (3) every envelope verifies with its device's key and opens with the org key
        keys = hub_keys(self.world, self.org_id)
        cfg = self.devices["lead"].services.sync.require()
        assert cfg.org_private_key is not None
        org_key = X25519PrivateKey.from_private_bytes(cfg.org_private_key)
        for row in rows:
            data = bytes(row.body)
            device_key = Ed25519PublicKey.from_public_bytes(keys[row.device_id])
            route = envelope.verify(data, device_key, expected_org=self.org_id)
            event = sealing.open_event(data, org_key, device_key, expected_org=self.org_id)
            assert route.event_id == event.id == row.event_id
            if event.id in rosters:
                assert event.kind in ROSTER_KINDS and event.device == route.device_id
                continue
            assert event.hash == union[event.id]
            assert row.device_id == event.device == writer[event.id]  # sealed by its writer
        # (4) nothing waits, nothing was set aside
        for device in self.devices.values():
            assert device.services.sync.status().waiting == 0, device.name
            assert device.vault.read_one(
                "SELECT count(*) FROM outbox WHERE set_aside IS NOT NULL")[0] == 0


def test_sync_loses_and_doubles_nothing_under_network_faults(world: World) -> None:
    SyncUnderFaults.world = world
    run_state_machine_as_test(SyncUnderFaults, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]))
    used = world.transport.applied
    print(f"examples run: {next(world.counter)}; faults injected: {dict(used)}")
    if EXAMPLES >= 100:
        assert set(used) == set(FAULTS), f"faults never injected: {set(FAULTS) - set(used)}"


# --- focused tests -------------------------------------------------------------------------------


def _tamper(data: bytes, part: str, key: Ed25519PrivateKey | None = None) -> bytes:
    """Flip one bit of the ciphertext or the signature, keeping the envelope well formed;
    "resigned": flip a ciphertext bit and sign again with the device's own key (so only the
    decryption can notice)."""
    raw = bytearray(data)
    # The signature is the last 64 bytes; the ciphertext ends just before it.
    raw[-32 if part == "signature" else -80] ^= 0x01
    if part == "resigned":
        assert key is not None
        unsigned = bytes(raw[:-64])
        return unsigned + key.sign(envelope.SIGN_CONTEXT + unsigned)
    return bytes(raw)


@pytest.mark.parametrize("part", ["ciphertext", "signature"])
def test_a_tampered_envelope_pushed_to_the_hub_is_refused_and_not_stored(
        org: Org, hub: Hub, part: str) -> None:
    field_device = org.join("field")
    events, sealed = org.envelopes(field_device, 2)
    bad = _tamper(sealed[0], part)
    before = hub.stored()
    for batch in ([bad], [sealed[1], bad]):  # alone, and after a good one (atomic batch)
        with pytest.raises(hubclient.HubError) as refused:
            field_device.client.push(batch)
        assert refused.value.status is not None and 400 <= refused.value.status < 500
        assert refused.value.code == "bad_envelope_signature"
        assert hub.stored() == before
        assert sorted(field_device.client.missing([e.id for e in events])) == sorted(
            e.id for e in events)
    # The untouched envelopes still go through, and the tampered copy stays refused after.
    assert [r.status for r in field_device.client.push(sealed)] == ["stored", "stored"]
    with pytest.raises(hubclient.HubError) as refused:
        field_device.client.push([bad])
    assert refused.value.status is not None and 400 <= refused.value.status < 500


@pytest.mark.parametrize("part", ["ciphertext", "signature", "resigned"])
def test_a_tampered_envelope_in_a_pulled_page_is_refused_and_the_good_one_applied(
        world: World, tmp_path: Path, part: str) -> None:
    world.transport.reset()
    lead = open_copy(world, "lead", tmp_path)
    field_device = open_copy(world, "field1", tmp_path)
    try:
        connect_lead(world, lead)
        join(world, lead, field_device)
        spoilt = register_person(field_device, "Thị Lan", "Trần", date(2011, 6, 2))
        kept = register_person(field_device, "Văn Minh", "Lê", date(2009, 1, 9))
        outbox = dict(field_device.services.sync.pending())
        ids = {e: i for i, e in field_device.vault.read(
            "SELECT id, record_id FROM events WHERE record_id IN (?, ?)", (spoilt, kept))}
        fcfg = field_device.services.sync.require()
        lead.services.sync.store_devices(
            [(fcfg.device_id, ed25519_public_bytes(fcfg.device_key), "field", "active")])
        epoch = lead.services.sync.require().epoch
        # Who may write on that device, and their keys.
        users = [outbox[i] for i in field_device.roster()]
        n = len(users)
        page = [*enumerate(users, 1), (n + 1, _tamper(outbox[ids[spoilt]], part,
                                                      fcfg.device_key)),
                (n + 2, outbox[ids[kept]])]
        result = lead.services.sync.apply(page, n + 2, epoch)
        assert (result.applied, result.refused, result.duplicates) == (n + 1, 1, 0)
        held = lead.synced_events()
        assert ids[kept] in held and ids[spoilt] not in held
        assert [p.id for p in lead.services.people.list()] == [kept]
        assert lead.services.sync.require().cursor == n + 2
        assert lead.services.checks.run().ok
    finally:
        lead.close()
        field_device.close()


def test_a_registration_whose_answer_was_lost_is_not_stuck_forever(
        world: World, tmp_path: Path) -> None:
    world.transport.reset()
    lead = open_copy(world, "lead", tmp_path)
    field_device = open_copy(world, "field1", tmp_path)
    try:
        connect_lead(world, lead)
        join(world, lead, field_device, offline=True)  # no connection at the border post
        register_person(field_device, "Thị Mai", "Phạm", date(2012, 2, 2))
        t = world.transport
        t.draw, t.armed = (lambda strategy: "kill"), True
        t.register_faults = ("ok", "kill")
        with pytest.raises(hubclient.HubUnavailable):
            field_device.sync()  # the hub registered it; the answer never came back
        t.reset()
        # The connection is back: the record and the device's user (with the keys of its
        # admin and recovery slot) must go through.
        assert field_device.sync().pushed == 4
        assert field_device.services.sync.status().waiting == 0
    finally:
        world.transport.reset()
        lead.close()
        field_device.close()
