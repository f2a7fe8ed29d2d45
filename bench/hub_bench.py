"""Hub benchmark: prints one JSON object to stdout (progress goes to stderr).

    .venv/bin/python bench/hub_bench.py [--events 10000] [--batch 500]
                                        [--backends sqlite,postgresql]

For each backend: a real `waymark-hub serve` (uvicorn) in a subprocess on 127.0.0.1, an
organisation registered through the client, N fictional events sealed by a field device, pushed
in batches over loopback by the typed client, then pulled by the lead and opened. PostgreSQL is a
private throwaway cluster (tests/server/pgcluster.py, fsync on) or WAYMARK_TEST_POSTGRES_URL.
See bench/README.md for what each key means.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402

from desktop.domain.events import CONCERN_RECORDED, new_event, uuid7  # noqa: E402
from desktop.sync import sealing  # noqa: E402
from desktop.sync.hubclient import HubClient  # noqa: E402
from protocol import envelope  # noqa: E402
from protocol.invitation import sign_invitation  # noqa: E402

_spec = importlib.util.spec_from_file_location("pgcluster", ROOT / "tests/server/pgcluster.py")
assert _spec and _spec.loader
pgcluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pgcluster)


def log(message: str) -> None:
    print(f"[hub-bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served(AbstractContextManager["Served"]):
    """`python -m server serve` in a subprocess, up once uvicorn says so."""

    def __init__(self, url: str, workers: int = 1) -> None:
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--db", url, "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning", "--workers", str(workers)],
            stderr=subprocess.PIPE, text=True, env=env)
        lines: queue.Queue[str] = queue.Queue()

        def read() -> None:
            assert self.proc.stderr is not None
            for line in self.proc.stderr:
                lines.put(line)
            lines.put("")

        threading.Thread(target=read, daemon=True).start()
        # warning level hides uvicorn's start line: wait for the port instead
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("hub exited: " + "".join(list(lines.queue))[-500:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("hub did not start")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def create_org(url: str) -> str:
    out = subprocess.run([sys.executable, "-m", "server", "create-org", "--db", url, "--name",
                          "Bench org"], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    if out.returncode:
        raise RuntimeError(f"create-org failed: {out.stderr[-2000:]}")
    return out.stdout.strip().splitlines()[-1]


def run_backend(name: str, url: str, events_n: int, batch: int, workers: int = 1,
                clients: int = 1) -> dict[str, Any]:
    token = create_org(url)
    org_key = X25519PrivateKey.generate()
    lead_key, field_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    lead_id, field_id = uuid7(), uuid7()
    result: dict[str, Any] = {}
    with Served(url, workers) as served:
        lead = HubClient(served.base_url)
        reg = lead.register_org(token, org_key.public_key(), lead_id, lead_key)
        field = HubClient(served.base_url)
        field.register_device(
            sign_invitation(org_id=reg.org_id, inviter_device_id=lead_id,
                            inviter_private_key=lead_key, role="field"),
            field_id, field_key)
        events = [
            new_event(record_id=uuid7(), kind=CONCERN_RECORDED, author=uuid7(), device=field_id,
                      parent_hash=None,
                      payload={"narrative": f"Bench concern {i}: fictional text about a person "
                               "met at the border gate, " + "details " * 20,
                               "person_name": "Nguyễn Văn Bench"})
            for i in range(events_n)
        ]
        log(f"{name}: sealing {events_n} events")
        t0 = time.perf_counter()
        sealed = [data for i in range(0, events_n, batch) for data in sealing.seal_batch(
            events[i:i + batch], org_key.public_key(), field_key, reg.org_id, field_id)]
        seal_s = time.perf_counter() - t0
        log(f"{name}: pushing in batches of {batch}")
        batches = [sealed[i:i + batch] for i in range(0, events_n, batch)]
        pushers = [HubClient(served.base_url, field.identity) for _ in range(clients)]
        failures: list[BaseException] = []

        def push_share(k: int) -> None:
            try:
                for chunk in batches[k::clients]:
                    results = pushers[k].push(chunk)
                    assert all(r.status == "stored" for r in results)
            except BaseException as exc:  # reported below
                failures.append(exc)

        threads = [threading.Thread(target=push_share, args=(k,)) for k in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        push_s = time.perf_counter() - t0
        if failures:
            raise failures[0]
        log(f"{name}: pulling")
        t0 = time.perf_counter()
        pulled: list[bytes] = []
        cursor = 0
        while True:
            page = lead.pull(cursor, 1000)
            if not page.envelopes:
                break
            pulled.extend(p.data for p in page.envelopes)
            cursor = page.next_cursor
        pull_s = time.perf_counter() - t0
        assert sorted(pulled) == sorted(sealed)
        t0 = time.perf_counter()
        keys: dict[bytes, bytes] = {}
        opened = [envelope.open(d, org_key, field_key.public_key(), keys=keys)
                  for d in pulled[:1000]]
        open_s = time.perf_counter() - t0
        assert len(opened) == 1000
        dup_n = min(events_n, 4 * batch)
        t0 = time.perf_counter()
        for start in range(0, dup_n, batch):
            dup = field.push(sealed[start:min(start + batch, dup_n)])
            assert all(r.status == "duplicate" for r in dup)
        dup_s = time.perf_counter() - t0
        lead.close()
        field.close()
    plain = sum(len(e.body().encode()) for e in events) / events_n
    result.update({
        "events": events_n,
        "batch": batch,
        "push_events_per_s": round(events_n / push_s),
        "pull_events_per_s": round(events_n / pull_s),
        "duplicate_push_events_per_s": round(dup_n / dup_s),
        "seal_events_per_s": round(events_n / seal_s),
        "open_events_per_s": round(1000 / open_s),
        "push_s": round(push_s, 3),
        "pull_s": round(pull_s, 3),
        "event_body_bytes_mean": round(plain, 1),
        "envelope_bytes_mean": round(sum(map(len, sealed)) / events_n, 1),
        "server_workers": workers,
        "push_client_threads": clients,
    })
    return result


def run_configs(name: str, url: str, events_n: int, batch: int, db_bytes: Any
                ) -> dict[str, Any]:
    single = run_backend(name, url, events_n, batch)
    log(f"{name}: again with 2 server workers and 2 pushing threads")
    parallel = run_backend(name, url, events_n, batch, workers=2, clients=2)
    total = db_bytes()
    return {
        **single,
        "parallel_2_workers_2_clients": {k: parallel[k] for k in (
            "push_events_per_s", "pull_events_per_s", "push_s", "pull_s")},
        "db_bytes_per_event": round(total / (2 * events_n), 1) if total else None,
    }


def sqlite_case(tmp: Path, events_n: int, batch: int) -> dict[str, Any]:
    path = tmp / "hub.db"
    url = f"sqlite:///{path}"

    def size() -> int:
        import sqlite3

        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path.stat().st_size

    out = run_configs("sqlite", url, events_n, batch, size)
    out["db_note"] = "whole SQLite file after a WAL checkpoint, divided by events"
    return out


def postgres_case(events_n: int, batch: int) -> dict[str, Any]:
    reason = pgcluster.find_reason()
    if reason:
        return {"skipped": reason}
    with pgcluster.cluster(fsync=True) as cluster:
        dbname = cluster.create_database()
        url = cluster.sqlalchemy_url(dbname)
        libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)

        def size() -> int:
            with psycopg.connect(libpq) as conn:
                row = conn.execute("SELECT pg_total_relation_size('envelopes')").fetchone()
            return int(row[0]) if row else 0

        out = run_configs("postgresql", url, events_n, batch, size)
        with psycopg.connect(libpq) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        out["server_version"] = row[0] if row else None
        out["db_note"] = "pg_total_relation_size('envelopes') (table, TOAST, indexes) / events"
        cluster.drop_database(dbname)
        return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    report: dict[str, Any] = {
        "bench": "hub",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, {platform.platform()}, "
                   f"Python {platform.python_version()}",
        "transport": "HTTP/1.1 over loopback to `waymark-hub serve` (uvicorn) in a subprocess",
    }
    tmp = Path(tempfile.mkdtemp(prefix="waymark-hub-bench-"))
    try:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                report["sqlite"] = sqlite_case(tmp, args.events, args.batch)
            elif backend == "postgresql":
                report["postgresql"] = postgres_case(args.events, args.batch)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
