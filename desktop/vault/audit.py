"""The hash-chained audit log: each entry carries the hash of the one before."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

from desktop.domain.events import canonical, iso, now_utc

GENESIS = "0" * 64

# Actions written to the log. Details hold ids and counts, never names or narrative.
UNLOCK = "unlock"
UNLOCK_FAILED = "unlock.failed"
LOCK = "lock"
RECORD_CREATED = "record.created"
RECORD_VIEWED = "record.viewed"
RECORD_CHANGED = "record.changed"
EXPORT = "export"
USER_ADDED = "user.added"
USER_DISABLED = "user.disabled"
USER_ENABLED = "user.enabled"
PASSPHRASE_RESET = "user.passphrase_reset"
PASSPHRASE_CHANGED = "user.passphrase_changed"
RECOVERY_USED = "recovery.used"
VAULT_CREATED = "vault.created"
SETTINGS_CHANGED = "settings.changed"


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...


def entry_hash(prev_hash: str, at: str, username: str | None, action: str,
               record_id: str | None, detail: str) -> str:
    body = canonical([prev_hash, at, username, action, record_id, detail])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(conn: Cursor, username: str | None, action: str, record_id: str | None = None,
           detail: dict[str, Any] | None = None) -> None:
    """Add one entry; the caller's transaction makes it atomic with the change it records."""
    row = conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    at = iso(now_utc())
    detail_text = canonical(detail or {})
    digest = entry_hash(prev, at, username, action, record_id, detail_text)
    conn.execute(
        "INSERT INTO audit(at, username, action, record_id, detail, prev_hash, hash) "
        "VALUES (?,?,?,?,?,?,?)",
        (at, username, action, record_id, detail_text, prev, digest),
    )


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_bad_seq: int | None

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify(conn: Cursor) -> ChainReport:
    prev = GENESIS
    count = 0
    for seq, at, username, action, record_id, detail, prev_hash, digest in conn.execute(
        "SELECT seq, at, username, action, record_id, detail, prev_hash, hash "
        "FROM audit ORDER BY seq"
    ):
        count += 1
        if prev_hash != prev or entry_hash(prev, at, username, action, record_id,
                                           detail) != digest:
            return ChainReport(count, seq)
        prev = digest
    return ChainReport(count, None)
