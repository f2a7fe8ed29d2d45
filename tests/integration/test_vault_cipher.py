"""The page format (issue 14, the cost of saving): new vaults are written on 2 KiB pages
authenticated with HMAC-SHA256, their salt starting with the format mark; a vault written
before (4 KiB pages, HMAC-SHA256 or SQLCipher 4's default HMAC-SHA512) still opens and is
re-encrypted once, whole or not at all, keeping every record."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from vault_formats import as_written_before
from vaultkit import ADMIN_PASS, concern_for, hong, make_vault

from desktop.app.services import Services
from desktop.vault import opening
from desktop.vault.errors import WrongPassphrase
from desktop.vault.paths import FORMAT_MARK
from desktop.vault.store import Vault

V1_ADMIN = "fixture admin passphrase v1"


def _opens_with(folder: Path, key: bytes, cipher: opening.Cipher) -> bool:
    """Whether vault.db's pages verify under `cipher` (a raw open, as a tool would do it)."""
    conn = sqlcipher3.connect(str(folder / "vault.db"), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for pragma in cipher.pragmas():
            conn.execute(pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.dbapi2.DatabaseError:
        return False
    finally:
        conn.close()


def _key_of(folder: Path, username: str, passphrase: str) -> bytes:
    vault = Vault.unlock(folder, username, passphrase)
    key = bytes(vault.key_bytes)
    vault.close()
    return key


def _contents(s: Services) -> dict[str, Any]:
    return {
        "people": sorted(p.display_name for p in s.people.list()),
        "events": s.vault.read_one("SELECT count(*), max(seq) FROM events"),
        "concerns": s.vault.read_one("SELECT count(*) FROM concerns")[0],
        "audit": s.vault.read_one("SELECT count(*) FROM audit")[0],
        "version": s.vault.read_one("PRAGMA user_version")[0],
    }


def _same_but_audit(after: dict[str, Any], before: dict[str, Any]) -> bool:
    """The same records (an unlock adds its own audit entries)."""
    return ({k: v for k, v in after.items() if k != "audit"}
            == {k: v for k, v in before.items() if k != "audit"})


def test_a_new_vault_uses_2k_pages_with_hmac_sha256_and_the_format_mark(vault_dir: Path) -> None:
    vault, _ = make_vault(vault_dir)
    key = bytes(vault.key_bytes)
    assert int(vault.read_one("PRAGMA page_size")[0]) == 2048
    assert vault.read_one("PRAGMA cipher_hmac_algorithm")[0] == "HMAC_SHA256"
    vault.close()
    assert opening.Cipher(2048, "HMAC_SHA256") == opening.CURRENT
    assert _opens_with(vault_dir, key, opening.CURRENT)
    for other in opening.OLDER:
        assert not _opens_with(vault_dir, key, other)
    head = (vault_dir / "vault.db").read_bytes()[:16]
    assert head[:len(FORMAT_MARK)] == FORMAT_MARK
    # The rest of the salt is random: a second vault's differs.
    other_dir = vault_dir.parent / "second"
    make_vault(other_dir)[0].close()
    assert (other_dir / "vault.db").read_bytes()[len(FORMAT_MARK):16] != head[len(FORMAT_MARK):]


def test_a_vault_on_4k_pages_is_converted_once_and_keeps_every_record(vault_dir: Path) -> None:
    vault, _ = make_vault(vault_dir)
    key = bytes(vault.key_bytes)
    s = Services(vault)
    pid = s.people.register(hong())
    s.concerns.record(concern_for(pid))
    before = _contents(s)
    vault.close()
    as_written_before(vault_dir, key)  # as the previous version wrote it
    assert _opens_with(vault_dir, key, opening.OLDER[0])
    assert (vault_dir / "vault.db").read_bytes()[:len(FORMAT_MARK)] != FORMAT_MARK

    vault = Vault.unlock(vault_dir, "admin", ADMIN_PASS)
    s = Services(vault)
    try:
        assert _same_but_audit(_contents(s), before)
        assert int(vault.read_one("PRAGMA page_size")[0]) == 2048
        assert s.checks.run().ok
    finally:
        vault.close()
    assert _opens_with(vault_dir, key, opening.CURRENT)
    assert not _opens_with(vault_dir, key, opening.OLDER[0])
    assert (vault_dir / "vault.db").read_bytes()[:len(FORMAT_MARK)] == FORMAT_MARK
    assert not (vault_dir / opening.CONVERT_NAME).exists()


def test_a_legacy_vault_is_converted_once_and_keeps_every_record(fixture_v1: Path) -> None:
    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    key = bytes(vault.key_bytes)
    s = Services(vault)
    assert s.checks.run().ok  # converted at this unlock: the whole file verifies
    before = _contents(s)
    vault.close()
    assert _opens_with(fixture_v1, key, opening.CURRENT)
    assert not _opens_with(fixture_v1, key, opening.LEGACY)
    assert not (fixture_v1 / opening.CONVERT_NAME).exists()
    assert (fixture_v1 / "vault.db").read_bytes()[:len(FORMAT_MARK)] == FORMAT_MARK

    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    s = Services(vault)
    try:
        after = _contents(s)
        # The second unlock adds its own audit entries, nothing else changed.
        assert _same_but_audit(after, before)
        assert after["audit"] > before["audit"]
        pid = s.search.people("nguyen hong")[0]
        s.concerns.record(concern_for(pid))
        assert s.checks.run().ok
        # Migration 11: tasks_open gone, tasks_open_who serves its queries. Migration 12 (its
        # projections checked above against a rebuild of the log): the b-trees a save no
        # longer writes are gone, and nothing left over from the copies.
        names = {r[0] for r in vault.read("SELECT name FROM sqlite_master")}
        gone = {"tasks_open", "search_rows", "search_rows_old", "search_docsize",
                "audit_action", "person_access_user", "sqlite_autoindex_chronology_1",
                "sqlite_sequence", "events_old", "audit_old", "chronology_old",
                "person_access_old", "search_new"}
        assert not names & gone
        assert vault.read_one("SELECT count(*) FROM search")[0] > 0
        plan = " ".join(str(r) for r in vault.read(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM tasks WHERE done_at IS NULL AND due <= ?",
            ("2026-12-01",)))
        assert "tasks_open_who" in plan
    finally:
        vault.close()


def test_a_wrong_passphrase_leaves_a_legacy_vault_untouched(fixture_v1: Path) -> None:
    before = (fixture_v1 / "vault.db").read_bytes()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(fixture_v1, "admin", "not the fixture passphrase")
    assert (fixture_v1 / "vault.db").read_bytes() == before


def test_a_conversion_that_cannot_finish_leaves_the_vault_as_it_was(
    fixture_v1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(opening.os, "fsync", disk_full)
    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    key = bytes(vault.key_bytes)
    s = Services(vault)
    try:
        s.people.register(hong())  # still a working vault, under the legacy HMAC
        assert s.checks.run().ok
    finally:
        vault.close()
    monkeypatch.undo()
    assert _opens_with(fixture_v1, key, opening.LEGACY)
    assert not (fixture_v1 / opening.CONVERT_NAME).exists()

    # The next unlock converts it, keeping what was saved meanwhile.
    vault = Vault.unlock(fixture_v1, "admin", V1_ADMIN)
    try:
        assert len(Services(vault).search.people("nguyen hong")) == 2
    finally:
        vault.close()
    assert _opens_with(fixture_v1, key, opening.CURRENT)


def test_a_copy_left_by_an_interrupted_conversion_is_replaced(fixture_v1: Path) -> None:
    (fixture_v1 / opening.CONVERT_NAME).write_bytes(b"half a copy")
    key = _key_of(fixture_v1, "admin", V1_ADMIN)
    assert _opens_with(fixture_v1, key, opening.CURRENT)
    assert not (fixture_v1 / opening.CONVERT_NAME).exists()
    names = {p.name for p in fixture_v1.iterdir()}
    assert "vault.db-wal" not in names


def test_a_converted_copy_is_owner_only(fixture_v1: Path) -> None:
    _key_of(fixture_v1, "admin", V1_ADMIN)
    assert (fixture_v1 / "vault.db").stat().st_mode & 0o077 == 0


def test_saves_in_a_new_vault_still_verify_page_by_page(vault_dir: Path) -> None:
    vault, _ = make_vault(vault_dir)
    s = Services(vault)
    try:
        pid = s.people.register(hong())
        for i in range(20):
            s.concerns.record(concern_for(pid, f"Fictional concern {i}."))
        assert vault.read("PRAGMA cipher_integrity_check") == []
    finally:
        vault.close()
    assert _key_of(vault_dir, "admin", ADMIN_PASS)
