"""kill -9 during saves, many times: the vault reopens, check passes, nothing acknowledged is lost.

A child process unlocks the vault and records concerns in a loop, printing each concern's id
only after its transaction committed. The parent reads those lines and SIGKILLs the child at
varied points (during unlock, first save, deep in the loop), then reopens the vault.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from vaultkit import ADMIN_PASS, PYTHON, ROOT, concern_for, hong, make_vault, subprocess_env

from desktop.app.services import Services
from desktop.vault.store import Vault

SAVER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from desktop.domain.concerns import Concern
from desktop.app.services import Services
from desktop.vault.store import Vault

folder, person_id = Path(sys.argv[1]), sys.argv[2]
passphrase = sys.stdin.readline().rstrip("\\n")
print("unlocking", flush=True)
vault = Vault.unlock(folder, "admin", passphrase)
services = Services(vault)
print("ready", flush=True)
n = 0
while True:
    n += 1
    text = f"Concern {n}: seen with an older man near the station. " + "x" * (n % 7) * 300
    draft = services.drafts.save("concern", person_id, {"seen_or_heard": text})
    recorded = services.concerns.record(Concern(
        person_id=person_id, seen_or_heard=text, occurred_at=datetime.now(UTC),
        categories=("cse",), told=("dsl",)), draft_id=draft)
    print("saved", recorded.concern_id, flush=True)
"""

ROUNDS = 24


@pytest.mark.slow
def test_kill_9_during_saves_loses_nothing_acknowledged(vault_dir: Path) -> None:
    vault, _ = make_vault(vault_dir)
    person_id = Services(vault).people.register(hong())
    tasks_per_concern = len(Services(vault).concerns.record(concern_for(person_id)).task_ids)
    vault.close()

    rng = random.Random(20261122)
    acknowledged: list[str] = []
    started = time.monotonic()
    for round_no in range(ROUNDS):
        # Where to kill: at "unlocking", at "ready" (first save under way), or after k saves.
        stop_after = rng.choice(["unlocking", "ready", 1, 2, 3, 5, 8, 13])
        child = subprocess.Popen([PYTHON, "-c", SAVER, str(vault_dir), person_id],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=subprocess_env(),
                                 cwd=ROOT)
        assert child.stdin and child.stdout and child.stderr
        child.stdin.write(ADMIN_PASS + "\n")
        child.stdin.flush()
        saves = 0
        try:
            for line in child.stdout:
                word, *rest = line.split()
                if word == "saved":
                    acknowledged.append(rest[0])
                    saves += 1
                if word == stop_after or saves == stop_after:
                    break
            else:
                pytest.fail(f"round {round_no}: child ended early: {child.stderr.read()}")
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
        # Anything printed before the kill landed was acknowledged too.
        for line in child.stdout.read().splitlines():
            if line.startswith("saved "):
                acknowledged.append(line.split()[1])
        assert child.returncode == -signal.SIGKILL

    elapsed = time.monotonic() - started
    assert len(acknowledged) >= ROUNDS  # the schedule really interrupted saves in a loop
    vault = Vault.unlock(vault_dir, "admin", ADMIN_PASS)
    try:
        services = Services(vault)
        report = services.checks.run()
        assert report.ok, report.problems
        stored = {r[0] for r in vault.read("SELECT id FROM concerns")}
        missing = [cid for cid in acknowledged if cid not in stored]
        assert missing == [], f"acknowledged but lost: {missing}"
        # Each concern and its tasks were one transaction: never a concern without its tasks.
        for cid, count in vault.read(
            "SELECT c.id, (SELECT count(*) FROM tasks t WHERE t.source_record = c.id) "
            "FROM concerns c"
        ):
            assert count == tasks_per_concern, cid
        # A draft is removed in the same transaction as its concern: at most the one draft
        # being typed when a round was killed is left behind.
        assert len(services.drafts.list()) <= ROUNDS
    finally:
        vault.close()
    print(f"crash test: {ROUNDS} kills, {len(acknowledged)} acknowledged saves, {elapsed:.1f} s")
