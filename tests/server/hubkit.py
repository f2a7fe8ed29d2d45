"""Helpers for hub tests: a hub on a backend, in-process clients, devices and test events."""

from __future__ import annotations

import shutil
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi import FastAPI
from pgcluster import Cluster
from sqlalchemy import Engine, func, select

from desktop.domain.events import CONCERN_RECORDED, PERSON_REGISTERED, Event, new_event, uuid7
from desktop.sync import sealing
from desktop.sync.hubclient import HubClient
from protocol.invitation import sign_invitation
from server import db, store
from server.app import create_app
from server.limits import Limits
from server.schema import envelopes

BASE_URL = "https://hub.test"


class FakeClock:
    """The hub's and the clients' clock: real time plus an offset tests can move."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


def asgi_transport(app: FastAPI) -> httpx.BaseTransport:
    """A synchronous httpx transport that runs the ASGI app in-process (Starlette's)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

        client = TestClient(app, raise_server_exceptions=False)
    transport: httpx.BaseTransport = client._transport  # noqa: SLF001 - Starlette's own bridge
    return transport


@dataclass
class Backend:
    """One database for one test; `snapshot`/`restore` simulate a backup and its restore."""

    name: str
    url: str
    dispose_hook: Callable[[], None]
    snapshot_fn: Callable[[], None]
    restore_fn: Callable[[], None]
    files: Callable[[], list[Path]]  # the database's files on disk ([] if unknown)
    extra: dict[str, Any] = field(default_factory=dict)


def sqlite_backend(tmp: Path) -> Backend:
    path = tmp / "hub.db"
    backup = tmp / "backup"

    def snapshot() -> None:
        backup.mkdir(exist_ok=True)
        for f in tmp.glob("hub.db*"):
            shutil.copy2(f, backup / f.name)

    def restore() -> None:
        for f in tmp.glob("hub.db*"):
            f.unlink()
        for f in backup.glob("hub.db*"):
            shutil.copy2(f, tmp / f.name)

    return Backend("sqlite", f"sqlite:///{path}", lambda: None, snapshot, restore,
                   lambda: sorted(tmp.glob("hub.db*")))


def postgres_backend(cluster: Cluster) -> Backend:
    name = cluster.create_database()
    backup = name + "_bak"

    def snapshot() -> None:
        cluster.create_database(backup, template=name)

    def restore() -> None:
        cluster.drop_database(name)
        cluster.rename_database(backup, name)

    def files() -> list[Path]:
        if cluster.data_dir is None:
            return []
        cluster.checkpoint()
        return [p for p in cluster.data_dir.rglob("*") if p.is_file()]

    def dispose() -> None:
        cluster.drop_database(name)
        cluster.drop_database(backup)

    return Backend("postgresql", cluster.sqlalchemy_url(name), dispose, snapshot, restore, files)


class _CurrentApp(httpx.BaseTransport):
    """Routes to the hub's current app, so clients survive a reopen (same URL, new server)."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.hub.app_transport.handle_request(request)


class Hub:
    """A migrated hub database with its app; clients talk to it in-process."""

    def __init__(self, backend: Backend, limits: Limits | None = None) -> None:
        self.backend = backend
        self.clock = FakeClock()
        self.limits = limits or Limits()
        self.engine: Engine = db.make_engine(backend.url)
        db.migrate(self.engine)
        self.app = create_app(self.engine, limits=self.limits, clock=self.clock)
        self.app_transport = asgi_transport(self.app)
        self.transport: httpx.BaseTransport = _CurrentApp(self)

    def reopen(self) -> None:
        """A new engine and app on the same URL (after the database was swapped)."""
        self.engine.dispose()
        self.engine = db.make_engine(self.backend.url)
        db.migrate(self.engine)
        self.app = create_app(self.engine, limits=self.limits, clock=self.clock)
        self.app_transport = asgi_transport(self.app)

    def client(self, **kwargs: Any) -> HubClient:
        return HubClient(BASE_URL, transport=self.transport, clock=self.clock, **kwargs)

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=BASE_URL, transport=self.transport)

    def stored(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(envelopes)).scalar_one())

    def new_org(self, name: str = "Test org") -> Org:
        org_id, token = store.create_org(self.engine, name, self.clock)
        org_key = X25519PrivateKey.generate()
        lead_key = Ed25519PrivateKey.generate()
        lead = Device(self, org_id, uuid7(), lead_key, "lead")
        lead.client.register_org(token, org_key.public_key(), lead.device_id, lead_key)
        return Org(self, org_id, org_key, lead)

    def close(self) -> None:
        self.engine.dispose()


@dataclass
class Device:
    hub: Hub
    org_id: str
    device_id: str
    key: Ed25519PrivateKey
    role: str
    client: HubClient = field(init=False)

    def __post_init__(self) -> None:
        self.client = self.hub.client()

    def event(self, **payload: Any) -> Event:
        return new_event(record_id=uuid7(), kind=PERSON_REGISTERED, author=uuid7(),
                         device=self.device_id, parent_hash=None,
                         payload=payload or {"name": "Nguyễn Thị Hồng"})

    def seal(self, event: Event, org_public: Any) -> bytes:
        return sealing.seal(event, org_public, self.key, self.org_id, self.device_id)


@dataclass
class Org:
    hub: Hub
    org_id: str
    key: X25519PrivateKey
    lead: Device

    def invite(self, role: str = "field", **kwargs: Any) -> bytes:
        return sign_invitation(org_id=self.org_id, inviter_device_id=self.lead.device_id,
                               inviter_private_key=self.lead.key, role=role, **kwargs)

    def join(self, role: str = "field") -> Device:
        key = Ed25519PrivateKey.generate()
        device = Device(self.hub, self.org_id, uuid7(), key, role)
        device.client.register_device(self.invite(role), device.device_id, key)
        return device

    def envelopes(self, device: Device, n: int) -> tuple[list[Event], list[bytes]]:
        events = [device.event(name=f"Person {i}") for i in range(n)]
        return events, [device.seal(e, self.key.public_key()) for e in events]


def concern(device: Device, narrative: str, name: str) -> Event:
    return new_event(record_id=uuid7(), kind=CONCERN_RECORDED, author=uuid7(),
                     device=device.device_id, parent_hash=None,
                     payload={"narrative": narrative, "person_name": name})
