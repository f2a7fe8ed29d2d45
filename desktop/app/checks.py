"""`waymark check`: SQLCipher integrity, event hashes, the audit chain, and projections."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.vault import audit, projections
from desktop.vault.errors import KeyFileDamaged, VaultTooNew
from desktop.vault.keyfile import RECOVERY_SLOT, KeyFile
from desktop.vault.store import DbError, Vault, map_db_error


@dataclass
class CheckReport:
    events: int = 0
    audit_entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        state = "OK" if self.ok else f"FAILED ({len(self.problems)} problem(s))"
        return (f"check {state}: {self.events} events, {self.audit_entries} audit entries; "
                "integrity, event hashes, audit chain, projections and key file checked")


class CheckService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def run(self) -> CheckReport:
        report = CheckReport()
        conn = self.vault.conn
        try:
            bad_pages = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if bad_pages:
                report.problems.append(f"cipher integrity: {len(bad_pages)} page(s) fail")
            quick = conn.execute("PRAGMA quick_check").fetchone()[0]
            if quick != "ok":
                report.problems.append("sqlite quick_check failed")
            for row in conn.execute(f"SELECT {projections.EVENT_COLUMNS} FROM events"):
                report.events += 1
                event = projections.event_from_row(row)
                if event.compute_hash() != event.hash:
                    report.problems.append(f"event {event.id}: hash does not match")
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
        return problems

    def _projection_problems(self) -> list[str]:
        conn = self.vault.conn
        before = projections.snapshot(conn)
        conn.execute("SAVEPOINT rebuild_check")
        try:
            projections.rebuild(conn)
            after = projections.snapshot(conn)
        finally:
            conn.execute("ROLLBACK TO rebuild_check")
            conn.execute("RELEASE rebuild_check")
        return [f"projection {t} differs from a rebuild of the event log"
                for t in before if before[t] != after[t]]
