"""The lead key: what only leads and admins may use, enforced by cryptography.

A random 256-bit key, granted (sealed to the slot's box key, see keyfile.py) to the slots of
active leads and admins and to the recovery slot, never to a staff slot. Lead-only values in
vault.db (the organisation's private key) are stored encrypted under it, so a staff user's
unlocked session holds the vault key but cannot decrypt them.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.domain.roles import Role, reads_everything
from desktop.vault.errors import NotAllowed, StorageFailed, StorageFull
from desktop.vault.keyfile import RECOVERY_SLOT, KeyFile, Opened, wipe

if TYPE_CHECKING:
    from desktop.vault.store import Vault

# sync_config keys whose values are lead-only: kept as `<key>_sealed` under the lead key.
LEAD_ONLY_SETTINGS = ("org_private_key", "pending_org_private_key")
SEALED_SUFFIX = "_sealed"
NEXT_SUFFIX = "_sealed_next"  # during a rotation: the value sealed under the new key


def _aad(label: str) -> bytes:
    return f"waymark-lead:{label}".encode()


def seal(lead_key: bytearray, label: str, data: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(bytes(lead_key)).encrypt(nonce, data, _aad(label))


def unseal(lead_key: bytearray | None, label: str, blob: bytes) -> bytes:
    if lead_key is None:
        raise NotAllowed("use the organisation key (only a lead or admin can)")
    try:
        return AESGCM(bytes(lead_key)).decrypt(blob[:12], blob[12:], _aad(label))
    except InvalidTag:
        raise NotAllowed("use the organisation key (this user's key does not open it)") from None


def _lead_slots(vault: Vault) -> list[str]:
    rows = vault.read("SELECT username, role FROM users WHERE active = 1")
    return [vault.keyfile.slot_id(r[0]) for r in rows if reads_everything(Role(r[1]))]


def grant_all(vault: Vault, lead_key: bytearray) -> bool:
    """Grant the lead key to every active lead/admin slot (and the recovery slot) that has a
    box key, and take it from every other slot. True when the key file changed."""
    kf = vault.keyfile
    wanted = set(_lead_slots(vault)) | {RECOVERY_SLOT}
    changed = False
    for slot_id, slot in kf.slots.items():
        if slot_id in wanted and slot.grant is None and slot.box_public is not None:
            changed |= kf.grant(slot_id, lead_key)
        elif slot_id not in wanted and slot.grant is not None:
            kf.revoke(slot_id)
            changed = True
    return changed


def settle(vault: Vault, slot_id: str, secret: str, opened: Opened) -> None:
    """After an unlock: give an old slot its box key, make the lead key if this vault predates
    it (a lead or admin unlocking), pass it on to leads who lack it, finish an interrupted
    rotation, and move lead-only settings still stored in the clear under it. Writes vault.keys
    only when something changed; a failed write (full disk) leaves everything as it was and
    the unlock goes ahead."""
    kf = vault.keyfile
    lead = reads_everything(vault.user.role)
    changed = kf.version < 2
    created = False
    if lead and vault.lead_key is None and not any(s.grant for s in kf.slots.values()):
        vault.lead_key = bytearray(secrets.token_bytes(32))  # migrating a version 1 vault
        created = True
    if not opened.has_box:
        kf.wrap(slot_id, secret, vault.key_bytes, kf.slots[slot_id].params,
                vault.lead_key if lead else None)
        changed = True
    if lead and vault.lead_key is not None:
        changed |= grant_all(vault, vault.lead_key)
    elif not lead and kf.has_grant(slot_id):
        kf.revoke(slot_id)  # a staff slot never keeps a grant
        changed = True
    if changed:
        # The key file first: nothing is sealed under a lead key before it is saved.
        try:
            vault.save_keys()
        except (StorageFull, StorageFailed):
            if created:
                wipe(vault.lead_key)
                vault.lead_key = None
            vault.keyfile = KeyFile.load(vault.paths.keys)
            return
    if lead and vault.lead_key is not None:
        _finish_rotation(vault, vault.lead_key)
        _seal_plain_settings(vault, vault.lead_key)


def rotate(vault: Vault) -> None:
    """A lead or admin lost the role or was disabled: a new lead key, lead-only settings
    re-encrypted under it, granted again to those who keep the role. The old key (which the
    departed user may have copied) then opens nothing in this vault.

    Crash-safe in three steps: the values sealed under the new key are committed beside the
    old ones (`…_next`), then vault.keys is saved with the new grants, then the old values are
    replaced. Whichever key file survives a crash, its key opens one of the two copies."""
    old = vault.lead_key
    if old is None:
        return
    new = bytearray(secrets.token_bytes(32))
    with vault.transaction() as conn:
        for key in LEAD_ONLY_SETTINGS:
            row = conn.execute("SELECT value FROM sync_config WHERE key = ?",
                               (key + SEALED_SUFFIX,)).fetchone()
            if row is not None:
                plain = unseal(old, key, bytes.fromhex(row[0]))
                conn.execute("INSERT OR REPLACE INTO sync_config(key, value) VALUES (?,?)",
                             (key + NEXT_SUFFIX, seal(new, key, plain).hex()))
    for slot in vault.keyfile.slots.values():
        slot.grant = None
    grant_all(vault, new)
    try:
        vault.save_keys()
    except BaseException:
        vault.keyfile = KeyFile.load(vault.paths.keys)
        wipe(new)
        raise
    vault.lead_key = new
    wipe(old)
    _finish_rotation(vault, new)


def _finish_rotation(vault: Vault, lead_key: bytearray) -> None:
    """Keep whichever copy of each lead-only value the current lead key opens."""
    names = [k + NEXT_SUFFIX for k in LEAD_ONLY_SETTINGS]
    rows = vault.read(f"SELECT key, value FROM sync_config WHERE key IN "
                      f"({','.join('?' * len(names))})", names)
    if not rows:
        return
    with vault.transaction() as conn:
        for name, value in rows:
            key = name[: -len(NEXT_SUFFIX)]
            if _opens(lead_key, key, value):
                conn.execute("INSERT OR REPLACE INTO sync_config(key, value) VALUES (?,?)",
                             (key + SEALED_SUFFIX, value))
            conn.execute("DELETE FROM sync_config WHERE key = ?", (name,))


def _opens(lead_key: bytearray, label: str, hex_value: str) -> bool:
    try:
        unseal(lead_key, label, bytes.fromhex(hex_value))
    except (NotAllowed, ValueError):
        return False
    return True


def _seal_plain_settings(vault: Vault, lead_key: bytearray) -> None:
    rows = vault.read(f"SELECT key, value FROM sync_config WHERE key IN "
                      f"({','.join('?' * len(LEAD_ONLY_SETTINGS))})", LEAD_ONLY_SETTINGS)
    if not rows:
        return
    with vault.transaction() as conn:
        for key, value in rows:
            conn.execute("INSERT OR REPLACE INTO sync_config(key, value) VALUES (?,?)",
                         (key + SEALED_SUFFIX, seal(lead_key, key, str(value).encode()).hex()))
            conn.execute("DELETE FROM sync_config WHERE key = ?", (key,))


def put_setting(vault: Vault, key: str, value: str) -> None:
    """Store a lead-only setting (in the current transaction), sealed under the lead key."""
    if vault.lead_key is None:
        raise NotAllowed("keep the organisation key (only a lead or admin can)")
    vault.conn.execute("INSERT OR REPLACE INTO sync_config(key, value) VALUES (?,?)",
                       (key + SEALED_SUFFIX, seal(vault.lead_key, key, value.encode()).hex()))
    vault.conn.execute("DELETE FROM sync_config WHERE key IN (?, ?)", (key, key + NEXT_SUFFIX))


def get_setting(vault: Vault, values: dict[str, str], key: str) -> str | None:
    """A lead-only setting from sync_config's rows, or None (no value, or not a lead)."""
    sealed = values.get(key + SEALED_SUFFIX)
    if sealed is not None:
        if vault.lead_key is None:
            return None
        nxt = values.get(key + NEXT_SUFFIX)
        if nxt is not None and _opens(vault.lead_key, key, nxt):  # a rotation cut short
            sealed = nxt
        return unseal(vault.lead_key, key, bytes.fromhex(sealed)).decode()
    plain = values.get(key)
    # Not yet moved under the lead key (no lead has unlocked since the upgrade): still only a
    # lead's session is handed it.
    return plain if plain is not None and reads_everything(vault.user.role) else None
