"""Opening, creating and closing a vault; the one connection and its transactions."""

from __future__ import annotations

import base64
import contextlib
import errno
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from filelock import FileLock, Timeout

from desktop.domain import events as ev
from desktop.domain.events import Event, new_event
from desktop.domain.roles import Role, reads_everything
from desktop.vault import audit, authors, lead, opening, projections
from desktop.vault.atomic import move_into_place, remove_stale_builds
from desktop.vault.errors import (
    DatabaseDamaged,
    KeyFileDamaged,
    SealedRecord,
    StorageFailed,
    StorageFull,
    Throttled,
    VaultExists,
    VaultHalfMade,
    VaultInUse,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from desktop.vault.keyfile import RECOVERY_SLOT, KdfParams, KeyFile, Opened, default_kdf, wipe
from desktop.vault.opening import CURRENT, Cipher

# The file names are re-exported: callers have long imported them from here.
from desktop.vault.paths import (  # noqa: F401
    DB_NAME,
    HALF_MADE_MAX_BYTES,
    KEYS_NAME,
    LOCK_NAME,
    THROTTLE_NAME,
    VaultPaths,
)
from desktop.vault.schema import LATEST, MIGRATIONS
from desktop.vault.throttle import Throttle

DbError = sqlcipher3.dbapi2.Error


def new_recovery_code() -> str:
    """160 random bits as 8 groups of 4 base32 letters, e.g. `K7QH-…`; easy to read aloud."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def map_db_error(exc: Exception, db_path: Path) -> Exception:
    """Turn a driver error into a clear vault error (no SQL or data in the message)."""
    text = str(exc).lower()
    if "full" in text:
        return StorageFull()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseDamaged(str(db_path), "its pages cannot be read")
    if "disk i/o" in text or "readonly" in text or "read-only" in text:
        return StorageFailed("the disk refused the write")
    if "locked" in text or "busy" in text:
        return VaultInUse(str(db_path.parent))
    return StorageFailed(exc.__class__.__name__)


def _connect(path: Path, key: bytearray, create: bool, cipher: Cipher = CURRENT) -> Any:
    # Imported here: urllib.request pulls in http.client and email (~20 ms of start-up).
    from urllib.request import pathname2url

    mode = "rwc" if create else "rw"
    if create and not path.exists():
        # Owner-only from the first byte (SQLite would follow the umask, often 0644); the
        # WAL and shared-memory files take the database file's mode.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    uri = f"file:{pathname2url(str(path))}?mode={mode}"
    conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    # The raw-key form x'..' built in a buffer we wipe: no immutable hex string of the key
    # (PRAGMA key would need one) is ever made. A new file gets its salt with it.
    spec = opening.raw_key_spec(key, opening.new_salt() if create else None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(spec)
        for pragma in cipher.pragmas():
            conn.execute(pragma)
        # OFF (SQLCipher's default since 4.5): wiping and locking every allocation made search
        # 6x and saves 3x slower, for little against a memory dump of the unlocked app, whose
        # decrypted records also live in Python objects it cannot wipe. README, "Security".
        conn.execute("PRAGMA cipher_memory_security = OFF")
        # A wrong key still answers ok to PRAGMA key: read something at once.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        for pragma in ("synchronous = FULL", "temp_store = MEMORY", "secure_delete = ON",
                       "foreign_keys = ON"):
            conn.execute(f"PRAGMA {pragma}")
    except DbError as exc:
        conn.close()
        raise DatabaseDamaged(str(path), "it cannot be decrypted or read") from exc
    finally:
        wipe(spec)
    return conn


def _migrate(conn: Any, db_path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:
        raise VaultTooNew(version, LATEST)
    for target in range(version + 1, LATEST + 1):
        try:
            conn.executescript(
                "BEGIN IMMEDIATE;\n" + MIGRATIONS[target - 1]
                + f"\nPRAGMA user_version = {target};\nCOMMIT;"
            )
        except DbError as exc:
            with contextlib.suppress(DbError):
                conn.execute("ROLLBACK")
            raise map_db_error(exc, db_path) from exc


@dataclass(frozen=True)
class CurrentUser:
    username: str
    display_name: str
    role: Role


class Vault:
    """An unlocked vault. Not thread-safe: the UI uses it from one worker thread only."""

    def __init__(self, paths: VaultPaths, conn: Any, keyfile: KeyFile, key: bytearray,
                 lock: FileLock, user: CurrentUser, lead_key: bytearray | None = None,
                 sign_key: bytearray | None = None) -> None:
        self.paths = paths
        self.conn = conn
        self.keyfile = keyfile
        self._key = key  # wiped at close
        # Only a lead's or admin's slot unwraps it; None in a staff session. Wiped at close.
        self.lead_key = lead_key
        # The user's signing key (raw bytes, wiped at close) and the key object that signs
        # every event this session appends; None until a key exists (authors.settle).
        self._sign_key: bytearray | None = None
        self._signer: Ed25519PrivateKey | None = None
        if sign_key is not None:
            self.set_signer(sign_key)
        self._lock = lock
        self.user = user
        self.device_id = self.meta("device_id") or ""
        self.moved_aside: Path | None = None  # set by create when it replaced a half-made one
        self.closed = False
        self._in_tx = False
        self._thread = threading.get_ident()

    # --- opening ------------------------------------------------------------------------
    @staticmethod
    def create(folder: Path, *, org_name: str, jurisdiction: str, language: str,
               admin_username: str, admin_display_name: str, passphrase: str,
               kdf: KdfParams | None = None) -> tuple[Vault, str]:
        """Make a new vault with one admin; returns it unlocked and the recovery code.

        Built whole in a temporary folder beside `folder`, then renamed into place, so an
        interrupted set-up leaves either nothing or a complete vault."""
        paths = VaultPaths(folder)
        replacing = paths.half_made()
        if paths.exists() and not replacing:
            raise VaultExists(str(folder))
        folder.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_builds(folder)
        build = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=folder.parent))
        params = kdf or default_kdf()
        key = bytearray(secrets.token_bytes(32))
        lead_key = bytearray(secrets.token_bytes(32))
        sign_key, recovery_key = authors.new_private(), authors.new_private()
        signer = Ed25519PrivateKey.from_private_bytes(sign_key)
        keyfile = KeyFile.new()
        keyfile.wrap(keyfile.slot_id(admin_username), passphrase, key, params, lead_key,
                     sign_key)
        code = new_recovery_code()
        keyfile.wrap(RECOVERY_SLOT, normalise_recovery_code(code), key, params, lead_key,
                     recovery_key)
        built = VaultPaths(build)
        try:
            conn = _connect(built.db, key, create=True)
            try:
                _migrate(conn, built.db)
                projections.upgrade(conn)
                conn.execute("BEGIN IMMEDIATE")
                for k, v in (("vault_id", keyfile.vault_id), ("device_id", ev.uuid7())):
                    conn.execute("INSERT INTO meta(key, value) VALUES (?,?)", (k, v))
                device_id = conn.execute(
                    "SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
                # The keys first: every later event (here and on a lead) is checked
                # against them.
                for event in authors.first_keys(device_id, admin_username, sign_key,
                                                recovery_key):
                    _insert_event(conn, event)
                for kind, record, payload in (
                    (ev.ORG_CONFIGURED, "org", {
                        "org_name": org_name, "jurisdiction": jurisdiction,
                        "language": language, "idle_lock_minutes": 5}),
                    (ev.USER_ADDED, f"user:{admin_username}", {
                        "username": admin_username, "display_name": admin_display_name,
                        "role": Role.ADMIN.value}),
                ):
                    event = new_event(record_id=record, kind=kind, author=admin_username,
                                      device=device_id, parent_hash=None, payload=payload)
                    _insert_event(conn, authors.sign(signer, event))
                audit.append(conn, admin_username, audit.VAULT_CREATED)
                conn.execute("COMMIT")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
            keyfile.save(built.keys, key)
            aside = move_into_place(build, folder, replacing, DB_NAME, KEYS_NAME,
                                    (DB_NAME + "-wal", DB_NAME + "-shm", THROTTLE_NAME))
        except BaseException as exc:
            # Nothing half-made may block the next try (e.g. after a full disk).
            shutil.rmtree(build, ignore_errors=True)
            wipe(key)
            wipe(lead_key)
            wipe(sign_key)
            wipe(recovery_key)
            if isinstance(exc, DbError):
                raise map_db_error(exc, built.db) from exc
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                raise StorageFull() from exc
            raise
        wipe(recovery_key)
        lock = _acquire(paths)
        try:
            conn = _connect(paths.db, key, create=False)
        except BaseException:
            lock.release()
            raise
        user = CurrentUser(admin_username, admin_display_name, Role.ADMIN)
        vault = Vault(paths, conn, keyfile, key, lock, user, lead_key, sign_key)
        vault.moved_aside = aside
        return vault, code

    @staticmethod
    def unlock(folder: Path, username: str, passphrase: str,
               clock: Callable[[], float] | None = None) -> Vault:
        """Open the vault as `username`. Wrong passphrase: nothing in the vault is written."""
        paths = VaultPaths(folder)
        keyfile, slot_id, opened, throttle = _unwrap(paths, username, passphrase, clock,
                                                     recovery=False)
        vault = Vault._open(paths, keyfile, opened, username)
        try:
            failures = throttle.record_success(slot_id)
            with vault.transaction():
                if failures:
                    audit.append(vault.conn, None, audit.UNLOCK_FAILED,
                                 detail={"count": failures})
                audit.append(vault.conn, vault.user.username, audit.UNLOCK)
            lead.settle(vault, slot_id, passphrase, opened)
            authors.settle(vault, slot_id, passphrase, opened)
        except BaseException:
            # E.g. a full disk refusing the audit entry: release the file lock, stay closed.
            vault.close(audit_lock=False)
            raise
        return vault

    @staticmethod
    def unlock_with_recovery(folder: Path, code: str, username: str, new_passphrase: str,
                             clock: Callable[[], float] | None = None) -> Vault:
        """Every passphrase lost: the recovery code opens the vault and sets a new passphrase
        for `username` (an active user)."""
        paths = VaultPaths(folder)
        keyfile, slot_id, opened, throttle = _unwrap(paths, username, code, clock,
                                                     recovery=True)
        # The recovery slot's signing key signs only the new key's announcement below.
        recovery_key, opened.sign_key = opened.sign_key, None
        if opened.sign_damaged:
            opened.wipe()
            wipe(recovery_key)
            raise KeyFileDamaged(str(paths.keys), "its recovery signing key was changed")
        vault = Vault._open(paths, keyfile, opened, username)
        throttle.record_success(slot_id)
        try:
            keep_lead = reads_everything(vault.user.role)
            if not keep_lead and vault.lead_key is not None:
                wipe(vault.lead_key)  # the recovery slot's grant is not this user's to hold
                vault.lead_key = None
            authors.recover(vault, normalise_recovery_code(code), username, new_passphrase,
                            opened.has_box, recovery_key)
            with vault.transaction():
                audit.append(vault.conn, username, audit.RECOVERY_USED)
                audit.append(vault.conn, username, audit.UNLOCK)
        except BaseException:
            vault.close(audit_lock=False)
            raise
        return vault

    @staticmethod
    def _open(paths: VaultPaths, keyfile: KeyFile, opened: Opened, username: str) -> Vault:
        try:
            return Vault._open_db(paths, keyfile, opened, username)
        except BaseException:
            opened.wipe()
            raise

    @staticmethod
    def _open_db(paths: VaultPaths, keyfile: KeyFile, opened: Opened, username: str) -> Vault:
        key = opened.vault_key
        if not paths.db.exists():
            raise VaultMissing(str(paths.db))
        if paths.db.stat().st_size == 0:
            # SQLite would take an empty file for a new database and write into it.
            raise DatabaseDamaged(str(paths.db), "it is empty")
        lock = _acquire(paths)
        try:
            def reopen(cipher: Cipher) -> Any:
                return _connect(paths.db, key, create=False, cipher=cipher)

            conn, written = opening.open_existing(reopen)
            try:
                # Before anything is written (the unlock audit entry). The full
                # cipher_integrity_check reads every page (+0.5 s at 10k people): it runs in
                # `waymark check` and in the app's idle check (desktop.app.checks).
                opening.quick_check(conn, paths.db)
                _migrate(conn, paths.db)
                row = conn.execute("SELECT value FROM meta WHERE key='vault_id'").fetchone()
                if row is None or row[0] != keyfile.vault_id:
                    raise DatabaseDamaged(str(paths.db), "it belongs to another vault.keys")
                projections.upgrade(conn)
                urow = conn.execute(
                    "SELECT username, display_name, role, active FROM users "
                    "WHERE username = ? COLLATE NOCASE", (username.strip(),)).fetchone()
            except DbError as exc:
                conn.close()
                raise map_db_error(exc, paths.db) from exc
            except BaseException:
                conn.close()
                raise
            if urow is None or not urow[3]:
                conn.close()
                # The slot opened but the user is gone or disabled: same answer as a wrong
                # passphrase, so a disabled account learns nothing.
                raise WrongPassphrase(0)
            if written != opening.CURRENT:
                conn = opening.convert_legacy(conn, paths, reopen, key, written)
        except BaseException:
            lock.release()
            raise
        user = CurrentUser(urow[0], urow[1], Role(urow[2]))
        lead_key = opened.lead_key if reads_everything(user.role) else None
        if lead_key is None:
            wipe(opened.lead_key)
        return Vault(paths, conn, keyfile, key, lock, user, lead_key, opened.sign_key)

    # --- closing ------------------------------------------------------------------------
    def close(self, audit_lock: bool = True) -> None:
        if self.closed:
            return
        try:
            if audit_lock:
                with contextlib.suppress(Exception), self.transaction():
                    audit.append(self.conn, self.user.username, audit.LOCK)
            with contextlib.suppress(DbError):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
        finally:
            wipe(self._key)
            wipe(self.lead_key)
            wipe(self._sign_key)
            self._sign_key = None
            self._signer = None  # OpenSSL clears the private key when the object is freed
            self.lead_key = None
            self.closed = True
            self._lock.release()

    # --- key slots ----------------------------------------------------------------------
    @property
    def key_bytes(self) -> bytearray:
        return self._key

    def save_keys(self) -> None:
        try:
            self.keyfile.save(self.paths.keys, self._key)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise StorageFull() from exc
            raise StorageFailed("the key file could not be written") from exc

    def set_signer(self, sign_key: bytearray) -> None:
        """Sign every event this session appends with `sign_key` (kept, and wiped at close)."""
        if self._sign_key is not None and self._sign_key is not sign_key:
            wipe(self._sign_key)
        self._sign_key = sign_key
        self._signer = Ed25519PrivateKey.from_private_bytes(sign_key)

    def wrap_slot(self, username: str, passphrase: str, role: Role | None = None) -> None:
        """Give `username` a slot (new, or replacing theirs) and save the header atomically.
        A lead's or admin's slot also gets the lead key (this session must hold it). The
        signed-in user keeps their signing key; anyone else's old one (if any) is wrapped under
        a passphrase nobody here knows, so they get a new key, announced in the log."""
        if role is None:
            row = self.read_one("SELECT role FROM users WHERE username = ? COLLATE NOCASE",
                                (username.strip(),))
            role = Role(row[0]) if row else Role.STAFF
        grant = self.lead_key if reads_everything(role) else None
        own = username.strip().casefold() == self.user.username.casefold()
        sign_key = self._sign_key if own and self._sign_key is not None else authors.new_private()
        try:
            self.keyfile.wrap(self.keyfile.slot_id(username), passphrase, self._key,
                              default_kdf(), grant, sign_key)
            self.save_keys()
            if sign_key is not self._sign_key:
                authors.record(self, username, authors.public_of(sign_key))
        finally:
            if sign_key is not self._sign_key:
                wipe(sign_key)

    def drop_slot(self, username: str) -> None:
        self.keyfile.slots.pop(self.keyfile.slot_id(username), None)
        self.save_keys()

    # --- transactions and events -----------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """BEGIN IMMEDIATE … COMMIT; disk errors become StorageFull / StorageFailed."""
        if self._in_tx:
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except DbError as exc:
            raise map_db_error(exc, self.paths.db) from exc
        self._in_tx = True
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except DbError as exc:
            with contextlib.suppress(DbError):
                self.conn.execute("ROLLBACK")
            raise map_db_error(exc, self.paths.db) from exc
        except BaseException:
            with contextlib.suppress(DbError):
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self._in_tx = False

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return list(self.conn.execute(sql, params).fetchall())
        except DbError as exc:
            raise map_db_error(exc, self.paths.db) from exc

    def read_one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.read(sql, params)
        return rows[0] if rows else None

    def head(self, record_id: str) -> str | None:
        row = self.read_one("SELECT head_hash FROM record_heads WHERE record_id = ?",
                            (record_id,))
        return row[0] if row else None

    def append(self, record_id: str, kind: str, payload: dict[str, Any], *,
               author: str | None = None, signer: Ed25519PrivateKey | None = None) -> Event:
        """Append one event by the current user (in the current transaction) and project it;
        signed with their key (`author` and `signer`: the recovery key's announcements).

        A sealed record (a submitted assessment, a sealed disclosure, ...) takes amendments
        only: anything else is refused here, whatever the caller is."""
        if kind not in (ev.AMENDMENT_ADDED, ev.RECORD_RESOLVED) and self.is_sealed(record_id):
            raise SealedRecord()
        event = new_event(record_id=record_id, kind=kind, author=author or self.user.username,
                          device=self.device_id, parent_hash=self.head(record_id),
                          payload=payload)
        signer = signer or self._signer
        if signer is not None:
            event = authors.sign(signer, event)
        _insert_event(self.conn, event)
        return event

    def import_event(self, event: Event) -> bool:
        """Add an event made on another device (sync), in the current transaction, and project
        it. Idempotent: False when the vault already holds that event id. The event's own hash
        is checked; its parent is kept as written (a different parent is a fork, flagged)."""
        if event.kind not in ev.SYNC_KINDS:
            raise ValueError(f"{event.kind} events do not travel between devices")
        if event.compute_hash() != event.hash:
            raise ValueError("event hash does not match its body")
        if self.conn.execute("SELECT 1 FROM events WHERE id = ?", (event.id,)).fetchone():
            return False
        _insert_event(self.conn, event)
        return True

    def is_sealed(self, record_id: str) -> bool:
        kinds = sorted(ev.SEALING_KINDS)
        row = self.conn.execute(
            f"SELECT 1 FROM events WHERE record_id = ? AND kind IN ({','.join('?' * len(kinds))})"
            " LIMIT 1", (record_id, *kinds)).fetchone()
        return row is not None

    def audit(self, action: str, record_id: str | None = None,
              detail: dict[str, Any] | None = None) -> None:
        audit.append(self.conn, self.user.username, action, record_id, detail)

    def meta(self, key: str) -> str | None:
        row = self.read_one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None


def _insert_event(conn: Any, event: Event) -> None:
    conn.execute(
        f"INSERT INTO events({projections.EVENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (event.id, event.record_id, event.kind, event.author, event.device, event.device_time,
         event.parent_hash, ev.canonical(event.payload), event.hash, event.signature),
    )
    projections.apply(conn, event)


def _load_keys(paths: VaultPaths) -> KeyFile:
    if not paths.keys.exists():
        if paths.half_made():
            raise VaultHalfMade(str(paths.keys))
        if paths.db.exists():
            raise KeyFileDamaged(str(paths.keys), "the file is missing")
        raise VaultMissing(str(paths.folder))
    return KeyFile.load(paths.keys)


def _unwrap(paths: VaultPaths, username: str, secret: str,
            clock: Callable[[], float] | None, *, recovery: bool
            ) -> tuple[KeyFile, str, Opened, Throttle]:
    """The keys from the user's slot (or the recovery slot), honouring the failed-unlock
    delay; a wrong secret is counted and nothing else is written."""
    keyfile = _load_keys(paths)
    throttle = Throttle(paths.throttle, clock) if clock else Throttle(paths.throttle)
    slot_id = RECOVERY_SLOT if recovery else keyfile.slot_id(username)
    wait = throttle.wait_remaining(slot_id)
    if wait > 0:
        raise Throttled(wait)
    opened = keyfile.open(slot_id, normalise_recovery_code(secret) if recovery else secret)
    if opened is None:
        raise WrongPassphrase(throttle.record_failure(slot_id))
    if not keyfile.verify_mac(opened.vault_key):
        opened.wipe()
        raise KeyFileDamaged(str(paths.keys), "its contents were changed outside Waymark")
    return keyfile, slot_id, opened, throttle


def unlock_wait(folder: Path, username: str) -> int:
    """Seconds before `username` may try to unlock (for the unlock screen at start)."""
    paths = VaultPaths(folder)
    slot_id = ""
    try:
        slot_id = KeyFile.load(paths.keys).slot_id(username) if username else ""
    except (KeyFileDamaged, VaultTooNew):
        pass
    return Throttle(paths.throttle).wait_remaining(slot_id)


def _acquire(paths: VaultPaths) -> FileLock:
    lock = FileLock(str(paths.lock), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise VaultInUse(str(paths.folder)) from None
    return lock
