"""Disk full during a save: the save fails with a clear message, everything before is intact.

Two ways to fill the disk: a real, tiny tmpfs (needs root and mount rights, as on CI here), and
RLIMIT_FSIZE in a child process (works for any user; the kernel refuses writes past the limit
with EFBIG, as a full disk refuses them with ENOSPC). At least the second always runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from vaultkit import ADMIN_PASS, PYTHON, ROOT, concern_for, hong, make_vault, subprocess_env

from desktop.app.services import Services
from desktop.vault.errors import StorageFailed, StorageFull
from desktop.vault.store import Vault

BIG_TEXT = "Em kể lại chuyện ở xưởng may, người quản lý giữ hộ chiếu. " * 400  # ~24 KB


def _mount(point: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                             str(point)], capture_output=True, text=True)
    return result.returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / f"tiny-{uuid.uuid4().hex[:8]}"
    point.mkdir()
    if not _mount(point, "1536k"):
        pytest.skip("cannot mount a tmpfs here (needs root with mount rights); "
                    "test_disk_full_rlimit covers disk-full instead")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)
        if os.path.ismount(point):
            subprocess.run(["umount", "-l", str(point)], check=False)


def test_disk_full_on_a_real_tiny_filesystem(tiny_disk: Path) -> None:
    folder = tiny_disk / "vault"
    vault, _ = make_vault(folder)
    services = Services(vault)
    person_id = services.people.register(hong())
    saved: list[str] = []
    with pytest.raises((StorageFull, StorageFailed)) as err:
        for _ in range(500):
            saved.append(services.concerns.record(concern_for(person_id, BIG_TEXT)).concern_id)
    assert saved, "the disk filled before the first save: make the tmpfs bigger"
    assert "not saved" in str(err.value) and "Everything saved before is safe" in str(err.value)
    # The session goes on: what was saved is readable, the failed save left nothing behind.
    assert {r[0] for r in vault.read("SELECT id FROM concerns")} == set(saved)
    vault.close()

    # Free some space (grow the filesystem) and reopen.
    subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_disk)], check=True)
    vault = Vault.unlock(folder, "admin", ADMIN_PASS)
    try:
        again = Services(vault)
        report = again.checks.run()
        assert report.ok, report.problems
        assert {r[0] for r in vault.read("SELECT id FROM concerns")} == set(saved)
        again.concerns.record(concern_for(person_id, "Saved once there was space."))
        assert again.checks.run().ok
    finally:
        vault.close()


FILLER = """
import resource, signal, sys
from pathlib import Path
from vaultkit import concern_for
from desktop.app.services import Services
from desktop.vault.store import Vault
from desktop.vault.errors import VaultError

folder, person_id, text = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
vault = Vault.unlock(folder, "admin", sys.stdin.readline().rstrip("\\n"))
services = Services(vault)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death, as ENOSPC would be
biggest = max(p.stat().st_size for p in folder.iterdir())
limit = biggest + 256 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    for _ in range(1000):
        cid = services.concerns.record(concern_for(person_id, text)).concern_id
        print("saved", cid, flush=True)
    print("never-full", flush=True)
except VaultError as exc:
    print("error", exc.code, str(exc), flush=True)
    count = vault.read_one("SELECT count(*) FROM concerns")[0]
    print("still-readable", count, flush=True)
vault.close()
"""


def test_disk_full_rlimit(vault_dir: Path) -> None:
    vault, _ = make_vault(vault_dir)
    person_id = Services(vault).people.register(hong())
    vault.close()
    env = subprocess_env(PYTHONPATH=f"{ROOT}{os.pathsep}{Path(__file__).parent}")
    result = subprocess.run([PYTHON, "-c", FILLER, str(vault_dir), person_id, BIG_TEXT],
                            input=ADMIN_PASS + "\n", capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    saved = [line.split()[1] for line in lines if line.startswith("saved ")]
    errors = [line for line in lines if line.startswith("error ")]
    assert saved and errors, result.stdout[-2000:]
    code = errors[0].split()[1]
    assert code in ("storage_full", "storage_failed")
    assert "not saved" in errors[0] and "Everything saved before is safe" in errors[0]
    assert f"still-readable {len(saved)}" in lines

    vault = Vault.unlock(vault_dir, "admin", ADMIN_PASS)
    try:
        services = Services(vault)
        report = services.checks.run()
        assert report.ok, report.problems
        assert {r[0] for r in vault.read("SELECT id FROM concerns")} == set(saved)
        services.concerns.record(concern_for(person_id, "Saved after the limit was lifted."))
    finally:
        vault.close()
