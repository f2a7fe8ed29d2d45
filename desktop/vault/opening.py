"""What is checked and settled when a vault.db is opened: the page HMAC it was written with,
the cheap header and schema check, and the one-off re-encryption of a vault written under the
legacy page HMAC."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import sqlcipher3

from desktop.vault.atomic import fsync_dir
from desktop.vault.errors import DatabaseDamaged
from desktop.vault.keyfile import wipe
from desktop.vault.paths import DB_NAME, FORMAT_MARK, VaultPaths


class Cipher(NamedTuple):
    """SQLCipher settings that are not stored in the file: every open sets them, before the
    first read, as the file was written (README, "Security: memory and integrity")."""

    page_size: int
    hmac: str

    def pragmas(self, schema: str = "") -> tuple[str, ...]:
        prefix = f"{schema}." if schema else ""
        return (f"PRAGMA {prefix}cipher_page_size = {int(self.page_size)}",
                f"PRAGMA {prefix}cipher_hmac_algorithm = {self.hmac}")


_HEX = b"0123456789abcdef"


def raw_key_spec(key: bytearray | bytes, salt: bytes | None = None) -> bytearray:
    """SQLCipher's raw-key form, x'<key hex>' (or x'<key hex><salt hex>' to give a new file its
    salt), built in a buffer the caller wipes: no immutable string of the key is ever made."""
    spec = bytearray(b"x'")
    for part in (key, salt or b""):  # byte by byte: no tuple or other copy of the key
        for byte in part:
            spec.append(_HEX[byte >> 4])
            spec.append(_HEX[byte & 15])
    spec.append(ord("'"))
    return spec


def new_salt() -> bytes:
    """The salt of a file about to be written from its first page: FORMAT_MARK (paths.py), then
    random bytes. The key is a random 256-bit key per vault, and SQLCipher uses the salt only
    to derive the page HMAC key from it, so the salt needs no more randomness than that."""
    return FORMAT_MARK + os.urandom(16 - len(FORMAT_MARK))


# AES-256 with a per-page HMAC, HMAC-SHA256 (on CPUs with SHA extensions half the cost of
# SQLCipher 4's default, HMAC-SHA512), on 2 KiB pages. Every page written costs ~3 us of fixed
# cipher and HMAC set-up plus ~1.9 us per KiB (measured on this machine's CPU), and a save
# writes ~40 pages whatever their size: 2 KiB pages cut the encryption cost of a save by a
# fifth against 4 KiB (1 KiB pages cost more again). Vaults written with OLDER settings still
# open, and are re-encrypted under CURRENT once, at their first unlock by this version
# (convert_legacy).
CURRENT = Cipher(2048, "HMAC_SHA256")
# Settings earlier versions wrote with, newest first.
OLDER = (Cipher(4096, "HMAC_SHA256"), Cipher(4096, "HMAC_SHA512"))
LEGACY = OLDER[-1]
CONVERT_NAME = f".{DB_NAME}.convert"

DbError = sqlcipher3.dbapi2.Error

# Opens vault.db with the given settings (raises DatabaseDamaged if its pages do not verify).
Reopen = Callable[[Cipher], Any]


def open_existing(reopen: Reopen) -> tuple[Any, Cipher]:
    """Open an existing vault.db; with it, the settings it was written with.
    A page read with other settings never verifies (its HMAC is another, and sits elsewhere), so
    trying the current ones first is safe; an old vault pays one refused read of page 1."""
    for cipher in (CURRENT, *OLDER[:-1]):
        try:
            return reopen(cipher), cipher
        except DatabaseDamaged:
            pass
    return reopen(OLDER[-1]), OLDER[-1]


def convert_legacy(conn: Any, paths: VaultPaths, reopen: Reopen, key: bytearray,
                   old: Cipher) -> Any:
    """Re-encrypt a vault written under `old` settings with the CURRENT ones, same key, and
    return the connection to use from then on. A complete copy is made beside vault.db
    (sqlcipher_export), read back whole, flushed to disk, then renamed over it: a crash leaves
    the old file or the new one, whole. If the copy cannot be made (a full disk, say) the vault
    stays as it was and opens under its old settings; the next unlock tries again."""
    tmp = paths.folder / CONVERT_NAME
    leftovers = (tmp, tmp.with_name(tmp.name + "-journal"))
    _remove(*leftovers)  # from an interrupted attempt
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
            return conn  # the log could not be emptied: not now
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        # The same key, and a new salt with the format mark (without a KEY clause the copy
        # would take the old file's salt).
        spec = raw_key_spec(key, new_salt())
        try:
            conn.execute("ATTACH DATABASE ? AS convert KEY ?", (str(tmp), spec))
        finally:
            wipe(spec)
        try:
            for pragma in CURRENT.pragmas("convert"):
                conn.execute(pragma)
            # The copy is used only once whole and flushed (below): no journal of its own.
            conn.execute("PRAGMA convert.journal_mode = OFF").fetchone()
            conn.execute("PRAGMA convert.synchronous = OFF")
            conn.execute("SELECT sqlcipher_export('convert')").fetchone()
            conn.execute(f"PRAGMA convert.user_version = {version}")
            # The copy replaces the vault only if every page of it reads back (decrypts and
            # verifies) and it holds every event and audit entry.
            sound = conn.execute("PRAGMA convert.quick_check").fetchone()[0] == "ok"
            same = conn.execute(
                "SELECT (SELECT count(*) FROM main.events) = (SELECT count(*) FROM convert.events)"
                " AND (SELECT count(*) FROM main.audit) = (SELECT count(*) FROM convert.audit)"
            ).fetchone()[0]
            if not (sound and same):
                raise OSError("the re-encrypted copy does not match the vault")
        finally:
            conn.execute("DETACH DATABASE convert")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except (DbError, OSError):
        _remove(*leftovers)
        return conn
    conn.close()  # the only connection: SQLite checkpoints and removes the (empty) log
    wal = paths.db.with_name(DB_NAME + "-wal")
    try:
        if wal.exists() and wal.stat().st_size:
            raise OSError("the write-ahead log is not empty")  # never drop a write
        _remove(wal, paths.db.with_name(DB_NAME + "-shm"))
        os.replace(tmp, paths.db)
    except OSError:
        _remove(*leftovers)
        return reopen(old)
    with contextlib.suppress(OSError):  # the rename is done; only its durability is at stake
        fsync_dir(paths.folder)
    return reopen(CURRENT)


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def quick_check(conn: Any, db_path: Path) -> None:
    """A cheap header and schema check: the file is as long as its header says, and each
    table's root and newest rows decrypt and authenticate (a few dozen pages, not all)."""
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    wal = db_path.with_name(db_path.name + "-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    if wal_empty and db_path.stat().st_size < pages * page_size:
        raise DatabaseDamaged(str(db_path), "it is shorter than its header says")
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%' "
        "AND sql NOT LIKE '%WITHOUT ROWID%' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:  # names from the schema itself, quoted
        conn.execute(f'SELECT max(rowid) FROM "{table.replace(chr(34), chr(34) * 2)}"'
                     ).fetchone()
