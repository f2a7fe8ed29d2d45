"""What a save writes and what an unlock reads (issue 14: every page written is encrypted and
authenticated, every page read is decrypted and verified). The statements the code really runs
are traced and their query plans read: a look-up that scans a whole table is a regression."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from vaultkit import ADMIN_PASS, OpenVault, concern_for, hong

from desktop.app.reports import ReportService
from desktop.app.services import Services
from desktop.domain.people import Person
from desktop.vault import authors
from desktop.vault.store import Vault


def _plans(vault: Vault, action: Callable[[], Any]) -> dict[str, str]:
    """Each SELECT `action` runs, with its query plan as one string."""
    statements: list[str] = []
    vault.conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        vault.conn.set_trace_callback(None)
    return {sql: " | ".join(str(row[-1]) for row in vault.conn.execute(
        f"EXPLAIN QUERY PLAN {sql}")) for sql in statements if sql.lstrip().startswith("SELECT")}


def test_unlock_finds_the_users_key_without_reading_the_event_log(admin: OpenVault) -> None:
    vault = admin.vault
    plans = _plans(vault, lambda: authors.recorded_keys(vault, vault.user.username))
    (plan,) = [p for sql, p in plans.items() if "FROM events" in sql]
    assert "events_record" in plan and "SCAN" not in plan
    assert authors.recorded_keys(vault, vault.user.username)  # and still finds it


def test_the_released_reports_come_from_the_exports_index(admin: OpenVault) -> None:
    plans = _plans(admin.vault, lambda: ReportService(admin.vault).released())
    (plan,) = [p for sql, p in plans.items() if "FROM audit" in sql]
    assert plan.endswith("USING INDEX audit_exports")  # that index holds the exports only


def test_a_persons_chronology_reads_their_entries_only(admin: OpenVault) -> None:
    s = admin.services
    pid = s.people.register(hong())
    s.concerns.record(concern_for(pid))
    plans = _plans(admin.vault, lambda: s.people.chronology(pid))
    (plan,) = [p for sql, p in plans.items() if "FROM chronology" in sql]
    assert "chronology_person" in plan and "SCAN chronology" not in plan


def test_a_records_search_entry_is_replaced_not_added_to(admin: OpenVault) -> None:
    s, vault = admin.services, admin.vault
    pid = s.people.register(hong())
    first_seq = vault.read_one("SELECT min(seq) FROM events WHERE record_id = ?", (pid,))[0]
    for place in ("Hai Phong", "Lạng Sơn", "Móng Cái"):
        p = s.people.get(pid).person
        s.people.update(pid, Person.from_json({**p.to_json(), "location": place}))
    rows = vault.read("SELECT rowid, body FROM search WHERE record_id = ?", (pid,))
    assert len(rows) == 1 and rows[0][0] == first_seq and "Móng Cái" in rows[0][1]
    assert s.search.people("mong cai") == [pid]  # diacritics folded, the old places gone
    assert s.search.people("hai phong") == []
    assert s.checks.run().ok  # a rebuild of the log gives the same entries, rowids included


def test_the_vault_reopens_with_its_search_after_these_saves(vault_dir: Path,
                                                           admin: OpenVault) -> None:
    s = admin.services
    pid = s.people.register(hong())
    s.concerns.record(concern_for(pid, "Works nights at a nail bar in the town centre."))
    admin.vault.close()
    vault = Vault.unlock(vault_dir, "admin", ADMIN_PASS)
    try:
        assert pid in Services(vault).search.people("nail bar")
    finally:
        vault.close()
