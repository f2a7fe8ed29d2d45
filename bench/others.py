"""Figures for work other issues own, measured as the code stands so that each figure exists:
the referral pack (forms) and the sync push to a loopback hub (sync trust)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests" / "server")]


def pack_10p(runs: int = 9) -> dict[str, Any]:
    """CPU seconds per 10 pages of the referral pack, rendered from forms_bench's ~10-page
    fictional context (in memory)."""
    from forms_bench import CREATED, PdfReader, large_context, render

    context = large_context()

    def once() -> bytes:
        return render("referral-pack", context, "en", export_id="EXP-BENCH", created=CREATED)

    pdf = once()  # fonts and templates load on the first call
    times = []
    for _ in range(runs):
        start = time.process_time()
        once()
        times.append(time.process_time() - start)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {"pack_10p_s": round(statistics.median(times) * 10 / pages, 3), "pack_pages": pages}


def sync_push(people: int) -> dict[str, Any]:
    """End to end, as an admin would run it: `org connect` on a lead vault of `people` demo
    people, then `sync`, against a hub (FastAPI app on SQLite) in this process over Starlette's
    in-process transport. Events per second from connect to every event acknowledged (wall,
    and per CPU second of this process, which runs both the app and the hub; both include
    the two unlocks' Argon2id); envelope bytes against the goal 1.5 x plaintext + 200 bytes."""
    import run as bench
    from hubkit import asgi_transport

    from desktop.cli import main as cli
    from desktop.sync import engine
    from server import db, store
    from server.app import create_app

    cached, _meta = bench.demo_vault(people, fresh=False)
    with tempfile.TemporaryDirectory(prefix="waymark-sync-") as tmp:
        folder = Path(tmp) / "lead"
        shutil.copytree(cached, folder)
        hub_engine = db.make_engine(f"sqlite:///{Path(tmp) / 'hub.db'}")
        db.migrate(hub_engine)
        app = create_app(hub_engine, clock=time.time)
        _org, token = store.create_org(hub_engine, "Bench org (fictional)", time.time)
        engine.TRANSPORT = asgi_transport(app)
        common = ["--vault", str(folder), "--user", bench.ADMIN, "--passphrase-stdin"]

        def waymark(*argv: str, extra: str = "") -> int:
            sys.stdin = io.StringIO(bench.PASSPHRASE + "\n" + extra)
            with contextlib.redirect_stdout(io.StringIO()):
                return cli.main(list(argv))

        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            code = waymark("org", "connect", *common, "--hub", "http://127.0.0.1:9",
                           "--token-stdin", extra=token + "\n")
            if code == 0:
                code = waymark("sync", *common)
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - start_cpu
        finally:
            sys.stdin = sys.__stdin__
            engine.TRANSPORT = None
        if code != 0:
            return {"sync_push_eps": None, "sync_note": f"the CLI exited {code}"}
        from desktop.vault.store import Vault

        unlock_cpu = time.process_time()
        vault = Vault.unlock(folder, bench.ADMIN, bench.PASSPHRASE)
        unlock_cpu = time.process_time() - unlock_cpu
        try:
            rows = vault.read("SELECT e.payload, e.id, e.record_id, e.kind, e.author, e.device, "
                              "e.device_time, e.parent_hash, length(o.envelope), o.acked_seq "
                              "FROM outbox o JOIN events e ON e.id = o.event_id")
        finally:
            vault.close()
        hub_engine.dispose()
    acked = sum(1 for r in rows if r[9] is not None)
    ratios = []
    for r in rows:
        # The plaintext an envelope carries is the event's canonical body.
        from desktop.domain.events import Event

        body = Event(r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[0])).body()
        ratios.append(r[8] / (1.5 * len(body.encode("utf-8")) + 200))
    return {"sync_push_eps": round(acked / elapsed, 1), "sync_events": len(rows),
            "sync_push_cpu_eps": round(acked / cpu, 1), "sync_cpu_s": round(cpu, 2),
            # The connect and the sync each unlock the vault (Argon2id): a fixed cost, shown
            # apart so the figure beyond it can be read.
            "sync_unlock_cpu_s": round(2 * unlock_cpu, 2),
            "sync_push_cpu_eps_beyond_unlock": round(acked / max(cpu - 2 * unlock_cpu, 1e-3), 1),
            "sync_acked": acked, "sync_people": people, "sync_wall_s": round(elapsed, 1),
            "envelope_bytes_ratio": round(statistics.median(ratios), 3) if ratios else None}
