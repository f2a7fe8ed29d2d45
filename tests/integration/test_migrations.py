"""Upgrades from the committed schema-1 vault, and refusing a vault newer than the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from vaultkit import FIXTURES, hong

from desktop.app.services import Services
from desktop.vault import schema
from desktop.vault.errors import VaultTooNew
from desktop.vault.keyfile import KeyFile
from desktop.vault.store import Vault

V1_ADMIN = "fixture admin passphrase v1"
V1_STAFF = "fixture staff passphrase v1"


def _files(folder: Path) -> dict[str, bytes]:
    return {n: (folder / n).read_bytes() for n in ("vault.db", "vault.keys")}


def test_fixture_is_schema_1_and_committed() -> None:
    for name in ("vault.db", "vault.keys", "RECOVERY-CODE.txt"):
        assert (FIXTURES / "vault-v1" / name).is_file(), name


def test_v1_vault_opens_upgrades_and_keeps_every_record(fixture_v1: Path) -> None:
    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    try:
        assert vault.read_one("PRAGMA user_version")[0] == schema.LATEST
        s = Services(vault)
        report = s.checks.run()
        assert report.ok, report.problems
        names = sorted(p.display_name for p in s.people.list())
        # Rebuilt in the England vault's name order (given names first; projection format 3).
        assert names == ["Amelia Fictional", "Thị Hồng Nguyễn", "Văn Đức Trần"]
        assert s.search.people("nguyen hong") and s.search.people("tran duc")
        assert {u.username for u in s.users.list()} == {"admin", "lead", "staff"}
        assert vault.read_one("SELECT count(*) FROM concerns")[0] == 2
        tasks = s.tasks.list(include_done=True)
        assert len(tasks) >= 4 and sum(1 for t in tasks if t.done_at) == 1
        assert s.settings.org().org_name == "Fixture Org (fictional)"
        hong_id = s.search.people("Hồng")[0]
        kinds = [e.kind for e in s.people.chronology(hong_id)]
        assert "concern.recorded" in kinds and "person.registered" in kinds
        # And it takes new writes after the upgrade.
        s.people.register(hong())
        assert s.checks.run().ok
    finally:
        vault.close()


def test_v1_vault_other_users_and_recovery_code_still_work(fixture_v1: Path) -> None:
    Vault.unlock(fixture_v1, "staff", V1_STAFF).close()
    code = (fixture_v1 / "RECOVERY-CODE.txt").read_text().strip()
    Vault.unlock_with_recovery(fixture_v1, code, "lead", "lead came back via recovery").close()


def _bump_user_version(folder: Path, version: int) -> None:
    vault = Vault.unlock(folder, "admin", V1_ADMIN)
    vault.conn.execute(f"PRAGMA user_version = {version}")
    vault.close()


def test_vault_newer_than_the_code_is_refused_and_untouched(fixture_v1: Path) -> None:
    _bump_user_version(fixture_v1, schema.LATEST + 1)
    before = _files(fixture_v1)
    with pytest.raises(VaultTooNew) as err:
        Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    assert f"format {schema.LATEST + 1}" in str(err.value)
    assert "Install the newer Waymark" in str(err.value)
    assert _files(fixture_v1) == before
    names = {p.name for p in fixture_v1.iterdir()}
    assert "vault.db-wal" not in names and "vault.db-shm" not in names


def test_failed_migration_rolls_back_completely(
    fixture_v1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hypothetical next migration that breaks half-way must leave the vault at its old version.
    broken = "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);"
    monkeypatch.setattr("desktop.vault.store.MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr("desktop.vault.store.LATEST", schema.LATEST + 1)
    with pytest.raises(Exception):  # noqa: B017 - any refusal is fine; the state is the point
        Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    monkeypatch.undo()
    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    try:
        assert vault.read_one("PRAGMA user_version")[0] == schema.LATEST
        assert vault.read_one(
            "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")[0] == 0
        assert Services(vault).checks.run().ok
    finally:
        vault.close()


def test_v1_vault_users_get_signing_keys_and_older_events_are_unsigned_legacy(
        fixture_v1: Path) -> None:
    """Signatures (issue 13, item 12) on a vault from before them: each user gets a key at
    their next unlock (the recovery slot when the code is next used), older events are counted
    as unsigned legacy, not damage, and stripping a newer event's signature is still found."""
    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    try:
        keys = KeyFile.load(fixture_v1 / "vault.keys")
        assert keys.version == 3 and keys.sign_public("admin") is not None
        assert keys.sign_public("staff") is None  # until staff unlock
        old = vault.read_one("SELECT count(*) FROM events WHERE signature IS NULL")[0]
        s = Services(vault)
        pid = s.people.register(hong())
        report = s.checks.run()
        assert report.ok, report.problems
        assert report.unsigned_legacy == old and report.signed >= 2  # the key, the person
        assert vault.read_one("SELECT signature FROM events WHERE record_id = ?", (pid,))[0]
    finally:
        vault.close()
    Vault.unlock(fixture_v1, "staff", V1_STAFF).close()
    code = (fixture_v1 / "RECOVERY-CODE.txt").read_text().strip()
    Vault.unlock_with_recovery(fixture_v1, code, "lead", "lead came back via recovery").close()
    keys = KeyFile.load(fixture_v1 / "vault.keys")
    assert keys.sign_public("staff") is not None and keys.slots["recovery"].sign_public
    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    try:
        report = Services(vault).checks.run()
        assert report.ok and report.unsigned_legacy == old, report.problems
        # A signed event passed off as an old unsigned one.
        vault.conn.execute("UPDATE events SET signature = NULL WHERE record_id = ?", (pid,))
        problems = Services(vault).checks.run().problems
        assert any("unsigned event(s) by one author who had a signing key" in p
                   for p in problems), problems
    finally:
        vault.close()
