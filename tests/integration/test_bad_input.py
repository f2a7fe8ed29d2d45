"""Bad input, nothing lost: wrong passphrases, damaged files and a second instance."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from vaultkit import ADMIN_PASS, PYTHON, hong, make_vault, subprocess_env

from desktop.app.services import Services
from desktop.vault.errors import (
    DatabaseDamaged,
    KeyFileDamaged,
    StorageFull,
    Throttled,
    VaultInUse,
    WrongPassphrase,
)
from desktop.vault.store import Vault


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if p.name in ("vault.db", "vault.keys")}


@pytest.fixture
def closed_vault(vault_dir: Path) -> Path:
    vault, _ = make_vault(vault_dir)
    Services(vault).people.register(hong())
    vault.close()
    return vault_dir


def test_wrong_passphrase_changes_nothing_and_creates_no_wal(closed_vault: Path) -> None:
    before = _snapshot(closed_vault)
    with pytest.raises(WrongPassphrase) as err:
        Vault.unlock(closed_vault, "admin", "this is not the passphrase")
    assert "passphrase is not right" in str(err.value)
    assert _snapshot(closed_vault) == before
    names = {p.name for p in closed_vault.iterdir()}
    assert "vault.db-wal" not in names and "vault.db-shm" not in names


def test_unknown_user_gets_the_same_answer_as_a_wrong_passphrase(closed_vault: Path) -> None:
    with pytest.raises(WrongPassphrase) as err:
        Vault.unlock(closed_vault, "nobody", ADMIN_PASS)
    assert "user name or passphrase" in str(err.value)


def test_failed_unlocks_slow_down_and_survive_a_restart(closed_vault: Path) -> None:
    now = [1_000_000.0]

    def clock() -> float:
        return now[0]

    delays = []
    for _ in range(5):
        try:
            Vault.unlock(closed_vault, "admin", "wrong wrong wrong", clock=clock)
        except WrongPassphrase as exc:
            delays.append(exc.delay_seconds)
        except Throttled:
            raise AssertionError("throttled before the delay was due") from None
        now[0] += 60
    assert delays == [0, 0, 1, 2, 4]
    now[0] -= 60  # straight after the fifth failure
    # A new "process" reading the same folder still sees the delay (it is on disk).
    with pytest.raises(Throttled) as err:
        Vault.unlock(closed_vault, "admin", ADMIN_PASS, clock=clock)
    assert err.value.wait_seconds == 4 and "Wait 4 s" in str(err.value)
    now[0] += 4
    Vault.unlock(closed_vault, "admin", ADMIN_PASS, clock=clock).close()
    # Success resets the counter.
    with pytest.raises(WrongPassphrase) as again:
        Vault.unlock(closed_vault, "admin", "wrong wrong wrong", clock=clock)
    assert again.value.delay_seconds == 0


@pytest.mark.parametrize("damage", ["truncate_100", "truncate_page", "truncate_half",
                                    "drop_last_page", "zeros", "empty"])
def test_damaged_vault_db_is_named_and_left_untouched(closed_vault: Path, damage: str) -> None:
    db = closed_vault / "vault.db"
    data = bytearray(db.read_bytes())
    size = len(data)
    if damage == "truncate_100":
        data = data[:100]
    elif damage == "truncate_page":
        data = data[:4096]
    elif damage == "truncate_half":
        data = data[: size // 2]
    elif damage == "drop_last_page":
        data = data[: size - 4096]
    elif damage == "flip_byte_middle":
        data[size // 2] ^= 0xFF
    elif damage == "flip_byte_end":
        data[size - 50] ^= 0xFF
    elif damage == "zeros":
        data = bytearray(size)
    else:
        data = bytearray()
    db.write_bytes(bytes(data))
    keys = (closed_vault / "vault.keys").read_bytes()
    with pytest.raises(DatabaseDamaged) as err:
        Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    message = str(err.value)
    assert str(db) in message and "Restore vault.db from your backup" in message
    assert db.read_bytes() == bytes(data)
    assert (closed_vault / "vault.keys").read_bytes() == keys


@pytest.mark.parametrize("where", ["middle", "end"])
def test_a_damaged_page_unlock_does_not_read_is_found_by_the_full_check(
        closed_vault: Path, where: str) -> None:
    """Unlock checks the header and each table's newest rows, not every page (that took
    +0.5 s at 10k people); the full check (`waymark check`, the app's idle check) reads every
    page and names the damage."""
    from desktop.app.services import Services

    db = closed_vault / "vault.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2 if where == "middle" else len(data) - 50] ^= 0xFF
    db.write_bytes(bytes(data))
    try:
        vault = Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    except DatabaseDamaged:
        return  # the page was one unlock reads: refused at once, which is just as good
    try:
        problems = Services(vault).checks.integrity()
        assert problems and "integrity" in problems[0]
        assert not Services(vault).checks.run().ok
    finally:
        vault.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "no_slots", "not_json",
                                    "missing"])
def test_damaged_vault_keys_is_named_and_left_untouched(closed_vault: Path, damage: str) -> None:
    keys = closed_vault / "vault.keys"
    raw = keys.read_bytes()
    new = {
        "truncate": raw[: len(raw) // 2],
        "garbage": bytes(range(256)),
        "empty": b"",
        "no_slots": b'{"format": "waymark-keys", "version": 1, "vault_id": "x", '
                    b'"name_salt": "AAAA", "slots": []}',
        "not_json": b"hello\n",
        "missing": None,
    }[damage]
    if new is None:
        keys.unlink()
    else:
        keys.write_bytes(new)
    db = (closed_vault / "vault.db").read_bytes()
    with pytest.raises(KeyFileDamaged) as err:
        Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    assert str(keys) in str(err.value) and "Restore vault.keys from your backup" in str(err.value)
    if new is None:
        assert not keys.exists()
    else:
        assert keys.read_bytes() == new
    assert (closed_vault / "vault.db").read_bytes() == db


def test_keys_of_another_vault_are_refused(closed_vault: Path, tmp_path: Path) -> None:
    other, _ = make_vault(tmp_path / "other")
    other.close()
    (closed_vault / "vault.keys").write_bytes((tmp_path / "other" / "vault.keys").read_bytes())
    before = _snapshot(closed_vault)
    with pytest.raises(DatabaseDamaged) as err:
        Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    assert "does not belong" in str(err.value)
    assert _snapshot(closed_vault) == before


def test_second_open_in_the_same_process_is_refused(closed_vault: Path) -> None:
    first = Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    try:
        with pytest.raises(VaultInUse) as err:
            Vault.unlock(closed_vault, "admin", ADMIN_PASS)
        assert "open in another Waymark window or command" in str(err.value)
        # The first is unharmed and still works.
        Services(first).people.register(hong())
    finally:
        first.close()
    again = Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    try:
        report = Services(again).checks.run()
        assert report.ok, report.problems
        assert Services(again).people.count() == 2
    finally:
        again.close()


HOLDER = """
import sys
from pathlib import Path
from desktop.vault.store import Vault
from desktop.app.services import Services
from desktop.domain.people import Person
vault = Vault.unlock(Path(sys.argv[1]), "admin", sys.stdin.readline().rstrip("\\n"))
print("ready", flush=True)
sys.stdin.readline()  # wait until the parent says go on
Services(vault).people.register(Person(given_names="After", family_name="Contention"))
vault.close()
print("closed", flush=True)
"""


def test_second_instance_in_another_process_is_refused(closed_vault: Path) -> None:
    holder = subprocess.Popen([PYTHON, "-c", HOLDER, str(closed_vault)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=subprocess_env())
    assert holder.stdin is not None and holder.stdout is not None
    try:
        holder.stdin.write(ADMIN_PASS + "\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(VaultInUse):
            Vault.unlock(closed_vault, "admin", ADMIN_PASS)
        cli = subprocess.run(
            [PYTHON, "-m", "desktop", "check", "--vault", str(closed_vault), "--user", "admin",
             "--passphrase-stdin"], input=ADMIN_PASS + "\n", capture_output=True, text=True,
            env=subprocess_env(), timeout=120)
        assert cli.returncode == 2
        assert "open in another Waymark window or command" in cli.stderr
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        assert holder.wait(timeout=60) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    vault = Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    try:
        services = Services(vault)
        assert services.checks.run().ok
        assert sorted(p.display_name for p in services.people.list()) == [
            "After Contention", "Thị Hồng Nguyễn"]  # England: given names first
    finally:
        vault.close()


def test_unlock_that_cannot_write_its_audit_entry_fails_cleanly(
    closed_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # E.g. a full disk at the moment of unlocking: a clear error, and the vault is not left
    # half-open (holding its lock) so the next try works.
    from desktop.vault import store

    def full(*args: object, **kwargs: object) -> None:
        raise StorageFull()

    monkeypatch.setattr(store.audit, "append", full)
    with pytest.raises(StorageFull):
        Vault.unlock(closed_vault, "admin", ADMIN_PASS)
    monkeypatch.undo()
    Vault.unlock(closed_vault, "admin", ADMIN_PASS).close()


def test_a_failed_set_up_leaves_nothing_that_blocks_the_next_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.vault import store

    def full(*args: object, **kwargs: object) -> None:
        raise store.sqlcipher3.dbapi2.OperationalError("database or disk is full")

    folder = tmp_path / "v"
    monkeypatch.setattr(store.audit, "append", full)
    with pytest.raises(StorageFull):
        make_vault(folder)
    monkeypatch.undo()
    assert not (folder / "vault.db").exists() and not (folder / "vault.keys").exists()
    vault, _code = make_vault(folder)
    vault.close()
    Vault.unlock(folder, "admin", ADMIN_PASS).close()
