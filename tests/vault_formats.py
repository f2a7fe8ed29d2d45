"""Vault files as earlier versions wrote them (for upgrade and half-made tests)."""

from __future__ import annotations

import os
from pathlib import Path


def as_written_before(folder: Path, key: bytes, page_size: int = 4096,
                      hmac: str = "HMAC_SHA256") -> None:
    """Re-encrypt the (closed) vault.db in `folder` as a version before schema 12 wrote it:
    4 KiB pages and a salt all random (no FORMAT_MARK), same key and contents."""
    import sqlcipher3

    db = folder / "vault.db"
    old = folder / "vault.db.before"
    os.close(os.open(old, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    conn = sqlcipher3.connect(str(db), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_page_size = 2048")
        conn.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        # Its own random salt, as those versions' files had (an attached copy without one
        # takes the main file's).
        conn.execute(f"ATTACH DATABASE ? AS old KEY \"x'{key.hex()}{os.urandom(16).hex()}'\"",
                     (str(old),))
        conn.execute(f"PRAGMA old.cipher_page_size = {page_size}")
        conn.execute(f"PRAGMA old.cipher_hmac_algorithm = {hmac}")
        conn.execute("SELECT sqlcipher_export('old')").fetchone()
        conn.execute(f"PRAGMA old.user_version = {version}")
        conn.execute("DETACH DATABASE old")
    finally:
        conn.close()
    for leftover in (folder / "vault.db-wal", folder / "vault.db-shm"):
        leftover.unlink(missing_ok=True)
    os.replace(old, db)
