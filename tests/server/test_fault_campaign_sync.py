"""Fault campaign, sync side (issue 13): bounded in time and count, each part prints its counts.

1. kill -9 of a real `waymark sync` process at random moments against a real hub served on
   loopback, new records between kills, then a clean sync: nothing lost, nothing doubled.
2. byte flips in envelopes (each must fail to open) and in a bundle (each refused as a whole,
   or its damaged envelope refused; nothing applied twice, nothing altered applied).
3. forged events sealed with a field device's key (all kept aside, none applied) and replays:
   envelopes pushed again, a pulled page applied again, a signed request sent again.

Figures vary with the random draws; the seed is printed so a failure can be replayed.
"""

from __future__ import annotations

import json
import os
import queue
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hubkit import Hub
from sqlalchemy import create_engine, func, select
from test_desktop_sync import PASS, make, org, record, run, sync, vault_args, write  # noqa: F401

from desktop.app import sync_trust as trust
from desktop.app.errors import BundleInvalid
from desktop.app.services import Services
from desktop.domain import events as ev
from desktop.domain.people import Person
from desktop.domain.roles import Role
from desktop.sync import engine, sealing
from desktop.sync.hubclient import DeviceIdentity
from desktop.vault import authors
from protocol import envelope, signing
from protocol.codec import x25519_public_from
from server import store
from server.schema import envelopes as hub_envelopes

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("WAYMARK_CAMPAIGN_SEED", str(random.randrange(2**32))))
KILLS = 10
ENVELOPE_FLIPS = 400
BUNDLE_FLIPS = 120
FORGED = 24
BUDGET_S = 150  # the whole module stays well under this on a busy 2-core machine


SMALL_BATCHES = ("import sys; from desktop.sync import engine; engine.BATCH = 4; "
                 "from desktop.cli.main import main; sys.exit(main(sys.argv[1:]))")


def report(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """Print a campaign's counts past the capture the CLI helpers read."""
    with capsys.disabled():
        print(text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served_hub(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A real hub process on loopback; yields (base URL, database URL)."""
    url = f"sqlite:///{tmp_path / 'served.db'}"
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--db", url, "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            line = lines.get(timeout=60)
            assert line, "hub exited before it was up"
            if "Uvicorn running on" in line:  # printed once the socket listens
                break
        assert httpx.get(base + "/healthz", timeout=10).status_code == 200
        yield base, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _people(folder: Path, n: int, tag: str) -> None:
    def job(s: Services) -> None:
        for i in range(n):
            s.people.register(Person(given_names=f"Thị {tag}{i}", family_name="Nguyễn",
                                     date_of_birth=date(2010, 1, 1 + i % 28)))
    write(folder, job)


def test_kill_9_during_sync_loses_and_doubles_nothing(
        served_hub: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    base, db_url = served_hub
    rng = random.Random(SEED)
    monkeypatch.setattr(engine, "TRANSPORT", None)  # real HTTP to the served hub
    lead, field = tmp_path / "lead", tmp_path / "field"
    make(lead, "Văn phòng")
    make(field, "Đồn")
    hub_engine = create_engine(db_url)
    _org, token = store.create_org(hub_engine, "Org", time.time)
    assert run(capsys, monkeypatch, "org", "connect", *vault_args(lead), "--hub", base,
               "--token-stdin", stdin=f"{PASS}\n{token}\n")[0] == 0
    enrolment = tmp_path / "f.enrol"
    _c, out, _e = run(capsys, monkeypatch, "org", "enrol", *vault_args(lead), "--role",
                      "field", "--out", str(enrolment))
    assert run(capsys, monkeypatch, "org", "join", *vault_args(field), "--enrolment",
               str(enrolment), "--code-stdin",
               stdin=f"{PASS}\n{out.strip().splitlines()[-1]}\n")[0] == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outcomes: Counter[str] = Counter()
    started = time.monotonic()

    def stored() -> int:
        with hub_engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(hub_envelopes))
                       .scalar_one())

    # How long one whole `waymark sync` process takes here: the kills fall inside that span.
    timed = time.monotonic()
    _people(field, 15, "warm-")
    done = subprocess.run([sys.executable, "-c", SMALL_BATCHES, "sync", *vault_args(field)],
                          input=(PASS + "\n").encode(), capture_output=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    span = time.monotonic() - timed
    for round_no in range(KILLS):
        _people(field, 15, f"r{round_no}-")
        who = field if round_no % 3 else lead  # the lead pulls (and pushes its own) too
        held_before = stored()
        # The real CLI, in batches of 4 envelopes so that a round is many requests and the
        # kill can fall between the hub storing a batch and the vault recording its answer.
        proc = subprocess.Popen(
            [sys.executable, "-c", SMALL_BATCHES, "sync", *vault_args(who), "--json"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert proc.stdin is not None
        proc.stdin.write((PASS + "\n").encode())
        proc.stdin.close()
        try:
            proc.wait(timeout=rng.uniform(0.5, 1.1) * span)  # the random moment of the kill
            outcomes["finished before the kill"] += 1
        except subprocess.TimeoutExpired:
            proc.kill()  # SIGKILL: no cleanup of any kind
            proc.wait(timeout=30)
            outcomes["killed after the hub stored some" if stored() > held_before
                     else "killed before anything was stored"] += 1
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    # A clean round for each, twice (the lead pulls what the field pushed last).
    for folder in (field, lead, field, lead):
        sync(capsys, monkeypatch, folder)
    kinds = sorted(trust.TRAVEL_KINDS)
    field_ids = set(write(field, lambda s: [r[0] for r in s.sync.vault.read(
        f"SELECT id FROM events WHERE device = ? AND kind IN ({','.join('?' * len(kinds))})",
        (s.sync.vault.device_id, *kinds))]))
    with hub_engine.connect() as conn:
        hub_ids = [r[0] for r in conn.execute(select(hub_envelopes.c.event_id))]
        total = conn.execute(select(func.count()).select_from(hub_envelopes)).scalar_one()
    doubled = [i for i, n in Counter(hub_ids).items() if n > 1]
    lead_ids = set(write(lead, lambda s: [r[0] for r in s.sync.vault.read(
        "SELECT id FROM events")]))
    roster = set(write(field, lambda s: [r[0] for r in s.sync.vault.read(
        "SELECT id FROM events WHERE kind LIKE 'user.%'")]))
    lost_on_hub = field_ids - set(hub_ids)
    lost_on_lead = field_ids - roster - lead_ids
    report(capsys, f"\nkill -9 during sync (seed {SEED}): {dict(outcomes)}; field events "
           f"{len(field_ids)}, hub envelopes {total}, lost on the hub {len(lost_on_hub)}, "
           f"lost on the lead {len(lost_on_lead)}, doubled {len(doubled)}; one sync process "
           f"{span:.1f} s; {time.monotonic() - started:.0f} s")
    assert not lost_on_hub and not lost_on_lead and not doubled
    assert write(field, lambda s: s.sync.status().waiting) == 0
    assert write(lead, lambda s: s.sync.status().waiting) == 0
    assert write(lead, lambda s: s.checks.run().ok)
    assert write(lead, lambda s: s.sync.status().quarantined) == 0
    assert sum(n for k, n in outcomes.items() if k.startswith("killed")) >= 1
    assert time.monotonic() - started < BUDGET_S
    hub_engine.dispose()


def _flip(data: bytes, rng: random.Random) -> tuple[bytes, int]:
    at = rng.randrange(len(data))
    spoilt = bytearray(data)
    spoilt[at] ^= rng.randrange(1, 256)
    return bytes(spoilt), at


def test_byte_flips_in_envelopes_and_bundles_are_all_refused(
        org: tuple[Path, Path], tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(SEED)
    lead, field = org
    record(field, "Thị Hoa")
    cfg = write(field, lambda s: s.sync.require())
    org_key = X25519PrivateKey.from_private_bytes(write(lead, lambda s: s.sync.require())
                                                  .org_private_key)
    device_key: Ed25519PublicKey = cfg.device_key.public_key()
    sealed = [data for _id, data in write(field, lambda s: s.sync.pending())]
    for data in sealed:  # the untouched envelopes open
        sealing.open_event(data, org_key, device_key, expected_org=cfg.org_id)
    why: Counter[str] = Counter()
    for _ in range(ENVELOPE_FLIPS):
        spoilt, _at = _flip(rng.choice(sealed), rng)
        with pytest.raises(envelope.EnvelopeError) as refused:
            sealing.open_event(spoilt, org_key, device_key, expected_org=cfg.org_id)
        why[type(refused.value).__name__] += 1
    report(capsys, f"\nenvelope byte flips (seed {SEED}): {ENVELOPE_FLIPS}, all refused: "
           f"{dict(why)}")

    bundle = tmp_path / "usb.bundle"
    assert run(capsys, monkeypatch, "sync", "export-bundle", *vault_args(field), "--out",
               str(bundle))[0] == 0
    clean = bundle.read_bytes()
    header_end = clean.index(b"\n")
    header = json.loads(clean[:header_end])
    first = write(lead, lambda s: s.sync.import_bundle(clean))
    assert first.applied >= 3 and first.refused == 0
    before = write(lead, lambda s: s.sync.vault.read_one("SELECT count(*) FROM events")[0])
    outcome: Counter[str] = Counter()

    def trial(s: Services, data: bytes) -> str:
        try:
            result = s.sync.import_bundle(data)
        except BundleInvalid as exc:
            assert str(exc).startswith("This bundle cannot be imported: ")
            return "whole bundle refused"
        assert result.applied == 0 and result.quarantined == 0
        return "damaged envelope refused" if result.refused else "no effect"

    def many(s: Services) -> None:
        for _ in range(BUNDLE_FLIPS):
            spoilt, at = _flip(clean, rng)
            got = trial(s, spoilt)
            if got == "no effect":
                # Only fields the lead does not rely on may be changed without a refusal.
                assert at < header_end, "a flipped envelope byte went unnoticed"
                changed = json.loads(spoilt[:header_end].decode("ascii", "replace"))
                assert {k for k in header if header[k] != changed.get(k)} <= {
                    "created", "invitation"}
            outcome[got] += 1

    write(lead, many)
    after = write(lead, lambda s: s.sync.vault.read_one("SELECT count(*) FROM events")[0])
    report(capsys, f"bundle byte flips (seed {SEED}): {BUNDLE_FLIPS}: {dict(outcome)}; "
           f"events applied {after - before}")
    assert after == before
    assert write(lead, lambda s: s.checks.run().ok)


def test_forged_and_replayed_sync_events_are_refused_or_idempotent(
        org: tuple[Path, Path], hub: Hub, capsys: pytest.CaptureFixture[str],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(SEED)
    lead, field = org
    write(field, lambda s: s.users.add("priya", "Priya", Role.STAFF,
                                       "priya's own passphrase 2026"))
    person = record(field, "Thị Hoa")
    sync(capsys, monkeypatch, field)
    sync(capsys, monkeypatch, lead)
    cfg = write(field, lambda s: s.sync.require())
    lead_task = write(lead, lambda s: s.sync.vault.read_one(
        "SELECT id FROM tasks WHERE person_id = ? AND assignee_role = 'lead' "
        "AND done_at IS NULL", (person,)))[0]
    forgeries = [
        ("unknown author", lambda: (ev.uuid7(), ev.PERSON_REGISTERED, "mallory",
                                    {"given_names": "A", "family_name": "B"})),
        ("share to a stranger", lambda: (person, ev.PERSON_SHARED, "admin",
                                         {"username": f"ghost{rng.randrange(999)}"})),
        ("staff completes a lead task", lambda: (lead_task, ev.TASK_DONE, "priya",
                                                 {"note": ""})),
        ("resolution by staff", lambda: (person, ev.RECORD_RESOLVED, "priya", {})),
        ("user of another device", lambda: (ev.uuid7(), ev.USER_ADDED, "admin",
                                            {"username": "x", "role": "admin"})),
        # Signed, but not by the author's key (issue 13, item 12): the others carry no
        # author signature at all, and are refused for that first where the author has a key.
        ("forged author signature", lambda: (person, ev.NOTE_ADDED, "admin",
                                             {"person_id": person, "text": "not the admin's"})),
    ]
    sent: Counter[str] = Counter()
    envelopes: list[bytes] = []
    for _ in range(FORGED):
        name, make_one = rng.choice(forgeries)
        record_id, kind, author, payload = make_one()
        device = ev.uuid7() if kind == ev.USER_ADDED else cfg.device_id  # roster for another
        event = ev.new_event(record_id=record_id, kind=kind, author=author, device=device,
                             parent_hash=None, payload=payload).sealed()
        if name == "forged author signature":
            event = authors.sign(Ed25519PrivateKey.generate(), event)
        envelopes.append(sealing.seal(event, x25519_public_from(cfg.org_public_key),
                                      cfg.device_key, cfg.org_id, cfg.device_id))
        sent[name] += 1
    client = hub.client(identity=DeviceIdentity(cfg.org_id, cfg.device_id, cfg.device_key))
    assert {r.status for r in client.push(envelopes)} == {"stored"}
    events_before = write(lead, lambda s: s.sync.vault.read_one("SELECT count(*) FROM events")[0])
    first_round = sync(capsys, monkeypatch, lead)
    kept = write(lead, lambda s: s.sync.quarantined())
    # Replays: the same envelopes pushed again, the lead's round again, the page applied again.
    replayed_push = Counter(r.status for r in client.push(envelopes))
    again = sync(capsys, monkeypatch, lead)
    lead_cfg = write(lead, lambda s: s.sync.require())
    page = [(0, data) for data in envelopes]
    reapplied = write(lead, lambda s: s.sync.apply(page, None, None, source="hub"))
    # A signed request sent twice: the second is a replay.
    headers = signing.sign_headers(lead_cfg.device_key, method="GET", path="/v1/epoch", query="",
                                   org_id=lead_cfg.org_id, device_id=lead_cfg.device_id,
                                   body=b"", timestamp=int(hub.clock()))
    http = hub.http()
    first_call = http.get("/v1/epoch", headers=headers).status_code
    replay_call = http.get("/v1/epoch", headers=headers)
    events_after = write(lead, lambda s: s.sync.vault.read_one("SELECT count(*) FROM events")[0])
    report(capsys, f"\nforged events (seed {SEED}): {dict(sent)}; kept aside {len(kept)} "
          f"({dict(Counter(r for *_x, r in kept))}), applied {events_after - events_before}; "
          f"replayed push {dict(replayed_push)}; second round quarantined "
          f"{again['quarantined']}, pulled {again['pulled']}; page applied again: "
          f"{reapplied.duplicates} duplicates; replayed request "
          f"{replay_call.status_code} {replay_call.json()['error']['code']}")
    assert first_round["quarantined"] == FORGED == len(kept) and first_round["pulled"] == 0
    assert events_after == events_before
    assert replayed_push == Counter({"duplicate": FORGED})
    assert again["quarantined"] == again["pulled"] == 0
    assert (reapplied.applied, reapplied.quarantined, reapplied.duplicates) == (0, 0, FORGED)
    assert first_call == 200
    assert (replay_call.status_code, replay_call.json()["error"]["code"]) == (
        401, "replayed_request")
    assert write(lead, lambda s: s.checks.run().ok)

