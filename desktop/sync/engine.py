"""One round of sync: push what waits, pull what is new (lead devices), heal after a restore.

Network work only: every vault step is handed to `call(job)`, which runs `job(services)` on
the vault thread (the UI's TaskRunner.call, or a direct call in the CLI). Nothing here holds
the vault while it waits for the network, and the vault never waits for the network.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.sync import hubclient
from desktop.sync.errors import UnknownDevice
from desktop.sync.hubclient import DeviceIdentity, HubClient

T = TypeVar("T")


class StoreConfig(Protocol):
    """What a round reads of this device's sync configuration (app/sync.py SyncConfig)."""

    @property
    def hub_url(self) -> str: ...
    @property
    def org_id(self) -> str: ...
    @property
    def device_id(self) -> str: ...
    @property
    def device_key(self) -> Ed25519PrivateKey: ...
    @property
    def epoch(self) -> str: ...
    @property
    def cursor(self) -> int: ...
    @property
    def reads(self) -> bool: ...
    @property
    def registered(self) -> bool: ...
    @property
    def invitation(self) -> bytes: ...


class StoreStatus(Protocol):
    @property
    def waiting(self) -> int: ...


class Applied(Protocol):
    @property
    def applied(self) -> int: ...
    @property
    def conflicts(self) -> int: ...
    @property
    def refused(self) -> int: ...
    @property
    def quarantined(self) -> int: ...


class SyncStore(Protocol):
    """The sync bookkeeping a round drives, in the vault (app/sync.py SyncService implements
    it; the engine runs each step on the vault's own thread through `Call`)."""

    def require(self) -> StoreConfig: ...
    def registered(self, epoch: str) -> None: ...
    def held_event_ids(self) -> list[str]: ...
    def epoch_changed(self, epoch: str) -> None: ...
    def queue_new(self, limit: int = 2000) -> int: ...
    def requeue(self, missing: list[str]) -> int: ...
    def status(self) -> StoreStatus: ...
    def pending(self, limit: int = 500) -> list[tuple[str, bytes]]: ...
    def acknowledge(self, acks: list[tuple[str, int]], epoch: str) -> None: ...
    def set_aside(self, event_ids: list[str], reason: str) -> None: ...
    def record_attempt(self, error_code: str | None) -> None: ...
    def apply(self, pulled: list[tuple[int, bytes]], next_cursor: int | None,
              epoch: str | None, source: str = "hub") -> Applied: ...
    def store_devices(self, devices: list[tuple[str, bytes, str, str]]) -> None: ...


class HasSyncStore(Protocol):
    @property
    def sync(self) -> SyncStore: ...


class Call(Protocol):
    """Run `job(services)` on the thread that owns the vault and return its result."""

    def __call__(self, job: Callable[[HasSyncStore], T], /) -> T: ...


Progress = Callable[[str, int, int], None]  # stage, done, total
BATCH = 500


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    refused: int = 0
    quarantined: int = 0  # verified but failed the import checks: kept aside for a lead
    reoffered: int = 0
    epoch_changed: bool = False

    def as_json(self) -> dict[str, int]:
        return {"pushed": self.pushed, "pulled": self.pulled, "conflicts": self.conflicts,
                "quarantined": self.quarantined}


# Tests point every client at an in-process hub (or a fault-injecting wrapper) through this.
TRANSPORT: httpx.BaseTransport | None = None
# Plain http:// to another computer: only when the user asked (`--allow-insecure-http`, or
# WAYMARK_ALLOW_INSECURE_HTTP=1 for the app), and then with a warning.
ALLOW_INSECURE_HTTP = False


def open_client(url: str, identity: DeviceIdentity | None = None) -> HubClient:
    allow = ALLOW_INSECURE_HTTP or os.environ.get("WAYMARK_ALLOW_INSECURE_HTTP") == "1"
    return HubClient(url, identity, transport=TRANSPORT, allow_insecure_http=allow)


def client_for(cfg: Any) -> HubClient:
    return open_client(cfg.hub_url, DeviceIdentity(cfg.org_id, cfg.device_id, cfg.device_key))


def sync_once(call: Call, client: HubClient, progress: Progress | None = None) -> SyncReport:
    """Push every waiting envelope, then (lead devices) pull to the hub's head. Raises
    hubclient.HubError subclasses on failure; whatever was acknowledged stays acknowledged."""
    say = progress or (lambda _stage, _done, _total: None)
    report = SyncReport()
    cfg = call(lambda s: s.sync.require())
    if not cfg.registered:
        # Joined with no connection: register with the invitation now.
        call(lambda s: s.sync.registered(register_or_confirm(client, cfg)))
        cfg = call(lambda s: s.sync.require())
    info = client.epoch()
    if info.epoch != cfg.epoch or (cfg.reads and info.head < cfg.cursor):
        # Restored from a backup (or first contact): offer again everything the hub lacks.
        report.epoch_changed = bool(cfg.epoch)
        held = call(lambda s: s.sync.held_event_ids())
        missing = client.missing(held) if held else []
        call(lambda s: s.sync.epoch_changed(info.epoch))
        call(lambda s: s.sync.queue_new(10**9))
        report.reoffered = call(lambda s: s.sync.requeue(missing))
        cfg = call(lambda s: s.sync.require())
    epoch = info.epoch
    waiting = call(lambda s: s.sync.status().waiting)
    while True:
        batch: list[tuple[str, bytes]] = call(lambda s: s.sync.pending(BATCH))
        if not batch:
            break
        say("push", report.pushed, waiting)
        try:
            results = client.push([data for _id, data in batch])
        except hubclient.Conflict as exc:
            ids = exc.event_ids or [event_id for event_id, _ in batch]
            # The hub holds other bytes under these ids (a lead passed the event on after a
            # bundle, or our earlier seal): it has the event, so it counts as delivered. The
            # 409 names them; `missing` only speaks of our own pushes (no probing).
            held_by_hub = (set(exc.event_ids) if exc.event_ids
                           else set(ids) - set(client.missing(ids)))
            delivered = [(i, 0) for i in held_by_hub]
            call(lambda s, d=delivered: s.sync.acknowledge(d, epoch))  # type: ignore[misc]
            rest = [i for i in ids if i not in held_by_hub]
            if rest:
                call(lambda s, r=rest: s.sync.set_aside(r, "conflict"))  # type: ignore[misc]
            continue
        acks = [(r.event_id, r.seq) for r in results]
        call(lambda s, a=acks: s.sync.acknowledge(a, epoch))  # type: ignore[misc]
        report.pushed += sum(1 for r in results if r.status == "stored")
    if cfg.reads:
        # Revocations travel to every lead this way: the hub's list (with each device's
        # status) is taken on every round, before anything is applied.
        refresh_devices(call, client)
        cursor = cfg.cursor
        head = info.head
        while True:
            page = client.pull(cursor, BATCH)
            if page.epoch != epoch:
                break  # restored while we pulled: the next round starts again
            say("pull", max(page.next_cursor, 0), max(page.head, 1))
            items = [(e.seq, e.data) for e in page.envelopes]
            result = _apply(call, client, items, page.next_cursor, page.epoch)
            report.pulled += result.applied
            report.conflicts += result.conflicts
            report.refused += result.refused
            report.quarantined += result.quarantined
            cursor, head = page.next_cursor, page.head
            if not page.envelopes or cursor >= head:
                break
    call(lambda s: s.sync.record_attempt(None))
    return report


def connect_or_confirm(client: HubClient, token: str, device_id: str,
                       device_key: Ed25519PrivateKey, org_public: bytes) -> hubclient.Registration:
    """Register the organisation and this lead device with the one-time token. If an earlier
    attempt with the same keys reached the hub but its answer was lost, the token is used up:
    a signed call as this device proves the registration happened."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    try:
        return client.register_org(token, X25519PublicKey.from_public_bytes(org_public),
                                   device_id, device_key)
    except hubclient.Refused as exc:
        if exc.code != "bad_token" or "." not in token:
            raise
        org_id = token.split(".", 1)[0]
        client.identity = DeviceIdentity(org_id, device_id, device_key)
        try:
            info = client.epoch()
        except hubclient.HubError:
            raise exc from None
        return hubclient.Registration(org_id, device_id, info.role, info.epoch)


def register_or_confirm(client: HubClient, cfg: Any) -> str:
    """Register this device with its invitation; returns the hub's epoch. If an earlier
    attempt reached the hub but its answer was lost, the invitation is already used: then the
    hub knows this device with this key, which a signed call proves, and that is success."""
    try:
        return client.register_device(cfg.invitation, cfg.device_id, cfg.device_key).epoch
    except hubclient.Conflict as exc:
        if exc.code not in ("invitation_used", "device_exists"):
            raise
        client.identity = DeviceIdentity(cfg.org_id, cfg.device_id, cfg.device_key)
        try:
            return client.epoch().epoch
        except hubclient.HubError:
            raise exc from None


def _apply(call: Call, client: HubClient, items: list[tuple[int, bytes]], cursor: int,
           epoch: str) -> Any:
    for _attempt in range(2):
        try:
            return call(lambda s: s.sync.apply(items, cursor, epoch))
        except UnknownDevice:
            refresh_devices(call, client)
    return call(lambda s: s.sync.apply(items, cursor, epoch))


def refresh_devices(call: Call, client: HubClient) -> None:
    devices = [(d.device_id, d.public_key, d.role, d.status) for d in client.devices()]
    call(lambda s: s.sync.store_devices(devices))


def backoff(failures: int, base: float = 5.0, cap: float = 900.0,
            rng: random.Random | None = None) -> float:
    """Seconds to wait after `failures` failed rounds: exponential, capped, full jitter."""
    if failures <= 0:
        return 0.0
    ceiling = min(cap, base * (2 ** (failures - 1)))
    return (rng or random).uniform(ceiling / 2, ceiling)


def new_device_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()
