"""Author signatures (issue 13, item 12): every event signed by its author's own key.

Each user has an Ed25519 key pair; the private half lives wrapped in the user's slot in
vault.keys (keyfile.py, version 3), the public half is announced in the event log by a
`user.key` event, which travels to lead devices with the device's roster. An event appended
while a user is unlocked carries that user's signature over `protocol.authorship`'s signed form.

So holding the vault key (which opens vault.db) is no longer enough to rewrite a record
consistently: the new version would need a signature by its author. `waymark check` verifies
every signature, and import verifies what arrives from other devices.

Who may announce a key: a user their own first key (signed by itself); after that, only a
signature by one of the subject's keys, by an admin, or by the vault's recovery key (its own
Ed25519 key in the recovery slot, announced as RECOVERY_AUTHOR) adds one: the recovery code gives
a user who lost their passphrase (and with it their key) a new key. A key in the log for a user
whose slot holds none, or a slot key the log does not announce, is reported by `check`.

Events written before their author had a key are "unsigned legacy". Each `user.key` event
commits to how many such events its subject had written on this device and a digest of their
ids, so stripping the signature from a later event is found as well.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.domain import events as ev
from desktop.domain.events import Event
from desktop.vault.errors import KeyFileDamaged, StorageFailed, StorageFull
from desktop.vault.keyfile import RECOVERY_SLOT, KeyFile, Opened, wipe
from protocol import authorship
from protocol.codec import EncodingError, b64decode, b64encode

if TYPE_CHECKING:
    from desktop.vault.store import Vault


#: The author of the recovery key's announcements; not a valid username (USERNAME_RE).
RECOVERY_AUTHOR = "#recovery"


def new_private() -> bytearray:
    """A new signing key as raw private bytes, in a buffer the caller wipes."""
    key = Ed25519PrivateKey.generate()
    return bytearray(key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw,
                                       ser.NoEncryption()))


def public_of(private: bytes | bytearray) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        ser.Encoding.Raw, ser.PublicFormat.Raw)


def message(event: Event) -> bytes:
    return authorship.event_message(
        event_id=event.id, record_id=event.record_id, kind=event.kind, author=event.author,
        device=event.device, device_time=event.device_time, parent_hash=event.parent_hash,
        payload_text=ev.canonical(event.payload))


def sign(signer: Ed25519PrivateKey, event: Event) -> Event:
    return replace(event, signature=authorship.sign(signer, message(event)))


def verifies(event: Event, keys: Iterable[bytes]) -> bool:
    if not event.signature:
        return False
    signed = message(event)
    return any(authorship.verify(k, event.signature, signed) for k in keys)


def key_subject(event: Event) -> tuple[str, bytes] | None:
    """(username, public key) a `user.key` event announces, or None if it is malformed."""
    try:
        public = b64decode(event.payload.get("public_key"), what="public key")
    except EncodingError:
        return None
    username = event.payload.get("username")
    if not isinstance(username, str) or len(public) != 32:
        return None
    return username, public


def key_event_ok(event: Event, author_keys: list[bytes], author_is_admin: bool) -> bool:
    """Whether a `user.key` event may add its key (see the module's rules)."""
    subject = key_subject(event)
    if subject is None:
        return False
    username, public = subject
    if event.author != username and not (author_is_admin or event.author == RECOVERY_AUTHOR):
        return False
    signers = author_keys or ([public] if event.author == username else [])
    return verifies(event, signers)


def unsigned_digest(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode("ascii")).hexdigest()


def _unsigned_ids(vault: Vault, username: str) -> list[str]:
    return [str(r[0]) for r in vault.read(
        "SELECT id FROM events WHERE author = ? AND device = ? AND signature IS NULL",
        (username, vault.device_id))]


def key_record(username: str) -> str:
    """The record every announcement of `username`'s key is an event of."""
    return f"key:{username}"


def first_key(username: str, public: bytes) -> dict[str, Any]:
    """The announcement of a key for a user who has written nothing yet."""
    return {"username": username, "public_key": b64encode(public),
            "unsigned": {"count": 0, "sha256": unsigned_digest([])}}


def first_keys(device: str, admin: str, admin_key: bytearray,
               recovery_key: bytearray) -> list[Event]:
    """A new vault's announcements of its admin's and its recovery slot's keys, each signed
    by the key it announces."""
    out = []
    for author, key in ((admin, admin_key), (RECOVERY_AUTHOR, recovery_key)):
        event = ev.new_event(record_id=key_record(author), kind=ev.USER_KEY, author=author,
                             device=device, parent_hash=None,
                             payload=first_key(author, public_of(key)))
        out.append(sign(Ed25519PrivateKey.from_private_bytes(key), event))
    return out


def key_payload(vault: Vault, username: str, public: bytes) -> dict[str, Any]:
    ids = _unsigned_ids(vault, username)
    return {"username": username, "public_key": b64encode(public),
            "unsigned": {"count": len(ids), "sha256": unsigned_digest(ids)}}


def recorded_keys(vault: Vault, username: str) -> list[bytes]:
    """The public keys this device's log announces for `username`."""
    out = []
    # Through events_record (every user.key event is on the user's key_record): a scan by kind
    # read the whole log at each unlock (+40 ms at 10,000 people).
    for (text,) in vault.read(
            "SELECT payload FROM events WHERE record_id = ? AND kind = ? AND device = ?",
            (key_record(username), ev.USER_KEY, vault.device_id)):
        payload = json.loads(text)
        if payload.get("username") == username:
            try:
                out.append(b64decode(payload.get("public_key"), what="public key"))
            except EncodingError:
                continue
    return out


def record(vault: Vault, username: str, public: bytes,
           recovery: Ed25519PrivateKey | None = None) -> None:
    """Announce `username`'s public key in the log (in its own transaction, signed by the
    session's user, or by the recovery key when given), unless the log already has it."""
    if public in recorded_keys(vault, username):
        return
    with vault.transaction():
        vault.append(key_record(username), ev.USER_KEY, key_payload(vault, username, public),
                     author=RECOVERY_AUTHOR if recovery else None, signer=recovery)


def settle(vault: Vault, slot_id: str, secret: str, opened: Opened) -> None:
    """After an unlock: a user whose slot has no signing key yet (a vault from before
    signatures) gets one now, and the log learns its public half. A full disk leaves the
    session unsigned (its events count as unsigned legacy) rather than failing the unlock."""
    kf = vault.keyfile
    if opened.sign_damaged:
        raise KeyFileDamaged(str(vault.paths.keys),
                             "a user's signing key in it was changed outside Waymark")
    if opened.sign_key is None:
        key = new_private()
        kf.add_signing(slot_id, secret, key)
        try:
            vault.save_keys()
        except (StorageFull, StorageFailed):
            wipe(key)
            vault.keyfile = KeyFile.load(vault.paths.keys)
            return
        opened.sign_key = key
    vault.set_signer(opened.sign_key)
    try:
        record(vault, vault.user.username, public_of(opened.sign_key))
    except (StorageFull, StorageFailed):
        pass  # recorded at the next unlock; until then `check` names the missing key


def recover(vault: Vault, code: str, username: str, new_passphrase: str, has_box: bool,
            recovery_key: bytearray | None) -> None:
    """The recovery code gave `username` a new passphrase: their old signing key was wrapped
    under the lost one, so they get a new key, announced in the log and signed by the
    recovery slot's key (which a slot from before signatures gets now)."""
    kf = vault.keyfile
    params = kf.slots[RECOVERY_SLOT].params
    sign_key = new_private()
    try:
        kf.wrap(kf.slot_id(username), new_passphrase, vault.key_bytes, params, vault.lead_key,
                sign_key)
        if not has_box:  # an old recovery slot: give it a box (and a grant)
            recovery_key = recovery_key or new_private()
            kf.wrap(RECOVERY_SLOT, code, vault.key_bytes, params, vault.lead_key, recovery_key)
        elif recovery_key is None:  # from before signatures: its grant stays as it is
            recovery_key = new_private()
            kf.add_signing(RECOVERY_SLOT, code, recovery_key)
        vault.save_keys()
    except BaseException:
        wipe(sign_key)
        wipe(recovery_key)
        raise
    vault.set_signer(sign_key)
    recovery = Ed25519PrivateKey.from_private_bytes(recovery_key)
    wipe(recovery_key)
    record(vault, RECOVERY_AUTHOR, recovery.public_key().public_bytes(
        ser.Encoding.Raw, ser.PublicFormat.Raw), recovery)
    record(vault, vault.user.username, public_of(sign_key), recovery)


@dataclass
class SignatureReport:
    verified: int = 0
    legacy: int = 0  # written before the author had a key: counted, not damage
    problems: list[str] = field(default_factory=list)


def verify_log(vault: Vault) -> SignatureReport:
    """Every event's signature against its author's keys (this device's from its log, other
    devices' from what they announced). Problems name event ids and kinds, never people."""
    from desktop.vault import projections

    report = SignatureReport()
    own = vault.device_id
    keys: dict[tuple[str, str], list[bytes]] = {}
    committed: dict[tuple[str, str], tuple[int, str]] = {}
    for device, username, public, unsigned in vault.read(
            "SELECT device_id, username, public_key, unsigned FROM sync_user_keys"):
        try:
            keys.setdefault((device, username), []).append(b64decode(public))
        except EncodingError:
            report.problems.append("signatures: a stored key of another device is malformed")
            continue
        old = committed.get((device, username), (0, ""))
        committed[(device, username)] = (max(old[0], int(unsigned)), "")
    admins = {str(r[0]) for r in vault.read("SELECT username FROM users WHERE role = 'admin'")}
    rows = vault.read(f"SELECT {projections.EVENT_COLUMNS} FROM events ORDER BY seq")
    log = [projections.event_from_row(r) for r in rows]
    # Keys first, in log order: a key is taken when signed by a key its author already has
    # (or, for the first key of a user who signs their own announcement, by itself).
    for event in log:
        if event.kind != ev.USER_KEY or event.device != own:
            continue
        subject = key_subject(event)
        if subject is None:
            report.problems.append(f"event {event.id} ({event.kind}): malformed key")
            continue
        username, public = subject
        if not key_event_ok(event, keys.get((own, event.author), []),
                            event.author in admins):
            report.problems.append(
                f"event {event.id} ({event.kind}): signature does not verify")
            continue
        report.verified += 1
        keys.setdefault((own, username), []).append(public)
        unsigned = event.payload.get("unsigned") or {}
        committed[(own, username)] = (int(unsigned.get("count", 0)),
                                      str(unsigned.get("sha256", "")))
    unsigned_ids: dict[tuple[str, str], list[str]] = {}
    for event in log:
        if event.kind == ev.USER_KEY and event.device == own:
            continue
        who = (event.device, event.author)
        if not event.signature:
            unsigned_ids.setdefault(who, []).append(event.id)
            continue
        known = keys.get(who)
        if not known:
            report.problems.append(
                f"event {event.id} ({event.kind}): signed, but its author's key is unknown")
        elif not verifies(event, known):
            report.problems.append(
                f"event {event.id} ({event.kind}): author signature does not verify")
        else:
            report.verified += 1
    for who, ids in unsigned_ids.items():
        if who not in keys:
            report.legacy += len(ids)
            continue
        count, digest = committed.get(who, (0, ""))
        local = who[0] == own
        if (local and unsigned_digest(ids) == digest) or (not local and len(ids) <= count):
            report.legacy += len(ids)
        else:
            report.problems.append(
                f"signatures: {len(ids)} unsigned event(s) by one author who had a signing key "
                f"(only {count} were written before the key)")
    return report


def key_file_problems(vault: Vault, kf: KeyFile) -> list[str]:
    """Every active user's (and the recovery slot's) signing key in vault.keys is one the log
    announces for them, and the log announces no key for a slot that holds none (a key put
    in the log by someone else, to sign in that user's name)."""
    problems = []
    slots = [(str(r[0]), kf.slot_id(str(r[0]))) for r in vault.read(
        "SELECT username FROM users WHERE active = 1")]
    slots.append((RECOVERY_AUTHOR, RECOVERY_SLOT))
    for username, slot_id in slots:
        slot = kf.slots.get(slot_id)
        public = slot.sign_public if slot is not None else None
        logged = recorded_keys(vault, username)
        if public is not None and public not in logged:
            problems.append("key file: a user's signing key is not announced in the event log")
        elif public is None and logged and slot is not None:
            problems.append("signatures: the event log announces a signing key for a user "
                            "whose key slot holds none")
    return problems
