"""`waymark check`: SQLCipher integrity, event hashes, author signatures, the audit chain, and
projections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.vault import audit, authors, projections
from desktop.vault.audit import Cursor
from desktop.vault.errors import KeyFileDamaged, VaultTooNew
from desktop.vault.keyfile import RECOVERY_SLOT, KeyFile
from desktop.vault.schema import PROJECTIONS
from desktop.vault.store import DbError, Vault, map_db_error


@dataclass
class CheckReport:
    events: int = 0
    audit_entries: int = 0
    signed: int = 0  # events whose author signature verifies
    unsigned_legacy: int = 0  # written before their author had a signing key: not damage
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        state = "OK" if self.ok else f"FAILED ({len(self.problems)} problem(s))"
        return (f"check {state}: {self.events} events ({self.signed} signed by their author, "
                f"{self.unsigned_legacy} unsigned legacy), {self.audit_entries} audit entries; "
                "integrity, event hashes, signatures, audit chain, projections and key file "
                "checked")


class CheckService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def run(self) -> CheckReport:
        report = CheckReport()
        conn = self.vault.conn
        try:
            report.problems.extend(self.integrity())
            for row in conn.execute(f"SELECT {projections.EVENT_COLUMNS} FROM events"):
                report.events += 1
                event = projections.event_from_row(row)
                if event.compute_hash() != event.hash:
                    report.problems.append(f"event {event.id}: hash does not match")
            signatures = authors.verify_log(self.vault)
            report.signed = signatures.verified
            report.unsigned_legacy = signatures.legacy
            report.problems.extend(signatures.problems)
            chain = audit.verify(conn)
            report.audit_entries = chain.entries
            if not chain.ok:
                report.problems.append(f"audit chain broken at entry {chain.first_bad_seq}")
            report.problems.extend(self._projection_problems())
            report.problems.extend(self._key_file_problems())
        except DbError as exc:
            report.problems.append(str(map_db_error(exc, self.vault.paths.db)))
        return report

    def _key_file_problems(self) -> list[str]:
        """vault.keys as it is on disk now: intact, written by a holder of this vault key
        (the MAC covers every slot, the recovery slot included: its fields are parsed and
        length-checked at load), with a recovery slot. The recovery code is not asked for."""
        try:
            on_disk = KeyFile.load(self.vault.paths.keys)
        except (KeyFileDamaged, VaultTooNew) as exc:
            return [f"key file: {exc}"]
        problems = []
        if not on_disk.verify_mac(self.vault.key_bytes):
            problems.append("key file: its contents were changed outside Waymark")
        if RECOVERY_SLOT not in on_disk.slots:
            problems.append("key file: the recovery slot is missing")
        problems.extend(authors.key_file_problems(self.vault, on_disk))
        return problems

    def integrity(self) -> list[str]:
        """Every page decrypts and authenticates, and SQLite's structure is sound: the full
        check unlock leaves out (it reads the whole file, +0.5 s at 10k people). The app runs
        this when idle (through its vault runner, off the interface thread) and shows any
        problem; an empty list means the file is sound."""
        problems: list[str] = []
        try:
            bad_pages = self.vault.conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if bad_pages:
                problems.append(f"cipher integrity: {len(bad_pages)} page(s) fail")
            quick = self.vault.conn.execute("PRAGMA quick_check").fetchone()[0]
            if quick != "ok":
                problems.append("sqlite quick_check failed")
        except DbError as exc:
            problems.append(str(map_db_error(exc, self.vault.paths.db)))
        return problems

    def _projection_problems(self) -> list[str]:
        """Rebuild the projections from the event log and compare. The rebuild goes into
        in-memory TEMP copies of the projection tables (unqualified names resolve to TEMP
        first), so nothing is written to the vault file: rebuilding in place under a savepoint
        spilled and wiped pages on disk and took most of `waymark check`'s time."""
        conn = self.vault.conn
        before = projections.snapshot(conn)
        created: list[str] = []
        try:
            for ddl, name in _temp_projection_ddl(conn):
                conn.execute(ddl)
                if name:
                    created.append(name)
            conn.execute("SAVEPOINT rebuild_check")
            try:
                projections.rebuild(conn)
                after = projections.snapshot(conn)
            finally:
                conn.execute("ROLLBACK TO rebuild_check")
                conn.execute("RELEASE rebuild_check")
        finally:
            for name in reversed(created):
                conn.execute(f'DROP TABLE IF EXISTS temp."{name}"')
        return [f"projection {t} differs from a rebuild of the event log"
                for t in before if before[t] != after[t]]


_CREATE = re.compile(r"^CREATE\s+(VIRTUAL\s+TABLE|TABLE|UNIQUE\s+INDEX|INDEX)\s+", re.I)


def _temp_projection_ddl(conn: Cursor) -> list[tuple[str, str | None]]:
    """The schema's own CREATE statements for the projection tables and their indexes, moved
    to TEMP: (statement, table name to drop afterwards, or None for an index)."""
    marks = ",".join("?" * len(PROJECTIONS))
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY type = 'index', rowid", PROJECTIONS).fetchall()
    out: list[tuple[str, str | None]] = []
    for kind, name, _table, sql in rows:
        if kind == "table" and name not in PROJECTIONS:
            continue
        match = _CREATE.match(sql)
        if match is None:  # pragma: no cover - every projection DDL starts with CREATE
            raise ValueError(f"unexpected schema statement for {name}")
        words = match.group(1).upper().split()
        rest = sql[match.end():].lstrip()
        if words == ["TABLE"]:
            out.append((f"CREATE TEMP TABLE {rest}", name))
        else:
            out.append((f"CREATE {' '.join(words)} temp.{rest}", name if kind == "table" else None))
    return out
