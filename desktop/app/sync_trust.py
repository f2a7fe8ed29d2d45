"""Checks an imported event passes before it is applied (issue 13, item 2).

A pulled or bundled event is held to the rules the app enforces when the same change is made
locally, and one that fails is kept aside in `sync_quarantine`, audited, never applied.

Who belongs to which device: each device's users travel with its records. The `user.added`,
`user.disabled` and `user.enabled` events a device writes are sealed and pushed like records, and
a lead keeps them as that device's roster (`sync_roster`), never as users of its own vault (they
hold no key slot here). We chose this over the enrolment records because users are added on a
field device long after it joined, by its own admin, with no lead present; the invitation only
fixes the device's key and role. The roster entry is only taken from the device it names (its
`device` field and the sealing device agree), so one device cannot vouch for another's users;
a stolen device key can still vouch for new users on that device, which is what revocation
(the hub's device list, pulled by every lead) is for.

Every imported event's author signature is verified first (desktop/vault/authors.py): against the
keys the device announced for that user in its `user.key` events (kept in `sync_user_keys`). An
author with no key yet may still send unsigned events (a device from before signatures); once a
key is known, an unsigned event or one whose signature fails is kept aside.

An event's author must be an active user on the roster of the device that made it (`device`),
and the envelope must be sealed by that device, or by a lead device passing it on (bundles,
re-offers after a hub restore). The author's role on that roster then decides, as locally:
lead-only tasks are completed by leads and admins; forks are resolved by leads and admins; a
person is shared by a lead or admin or by whoever registered them, and only with a user known
to the organisation; staff write only about people they may read; a sealed record takes only
`amendment.added`, and an amendment only goes on a sealed record. Usernames are per device on
the roster, but the lead's `person_access` (who may read whom) is keyed by username alone, as
it always was: two devices with a user of the same name share that user's grants there.
"""

from __future__ import annotations

from typing import Any

from desktop.domain import events as ev
from desktop.domain.events import Event, iso, now_utc
from desktop.domain.roles import Role, may_complete_lead_tasks, reads_everything
from desktop.vault import authors
from desktop.vault.store import Vault
from protocol.codec import EncodingError, b64decode, b64encode

ROSTER_KINDS = frozenset({ev.USER_ADDED, ev.USER_DISABLED, ev.USER_ENABLED, ev.USER_KEY})
#: Everything a device pushes: records about people and the users who wrote them.
TRAVEL_KINDS = ev.SYNC_KINDS | ROSTER_KINDS
QUARANTINED = "sync.quarantined"  # audit action
RELEASED = "sync.released"  # audit action: a kept-aside event passed the checks later

# Reason codes stored with a quarantined event (shown to a lead, translated by the UI).
NOT_ON_ROSTER = "author_not_on_device"
RELAYED = "relayed_by_field_device"
ROLE = "role_not_allowed"
SEALED = "record_sealed"
NOT_SEALED = "amendment_on_unsealed_record"
UNKNOWN_USER = "share_to_unknown_user"
ROSTER_FORGED = "roster_for_another_device"
REVOKED = "device_revoked"
NO_ACCESS = "author_cannot_read_person"
BAD_SIGNATURE = "author_signature_invalid"
UNKNOWN_KEY = "author_key_unknown"  # signed, but the author's key has not arrived (yet)
UNSIGNED = "unsigned_by_keyed_author"
#: Reasons that may pass later, when the device's roster or keys arrive.
RETRIED = (NOT_ON_ROSTER, UNKNOWN_KEY)


def author_keys(vault: Vault, own_device: str, device: str, username: str) -> list[bytes]:
    """The public keys a device announced for one of its users (this device's from its log)."""
    if device == own_device:
        return authors.recorded_keys(vault, username)
    out = []
    for (text,) in vault.read("SELECT public_key FROM sync_user_keys WHERE device_id = ? AND "
                              "username = ?", (device, username)):
        try:
            out.append(b64decode(text))
        except EncodingError:
            continue
    return out


def signature_problem(vault: Vault, own_device: str, event: Event) -> str | None:
    """Why the event's author signature is refused, or None. An author with no key yet (a
    device from before signatures) may send unsigned events; once a key is known, every event
    must carry a signature that verifies under it."""
    keys = author_keys(vault, own_device, event.device, event.author)
    if event.kind == ev.USER_KEY:
        # A key for another user only from that device's admin (or its recovery key).
        admin = author_role(vault, own_device, event.device, event.author) is Role.ADMIN
        return None if authors.key_event_ok(event, keys, admin) else BAD_SIGNATURE
    if not event.signature:
        return UNSIGNED if keys else None
    if not keys:
        return UNKNOWN_KEY
    return None if authors.verifies(event, keys) else BAD_SIGNATURE


def _role(text: str) -> Role | None:
    try:
        return Role(text)
    except ValueError:
        return None


def author_role(vault: Vault, own_device: str, device: str, username: str) -> Role | None:
    """The author's role on the device that made the event, or None if not an active user."""
    if device == own_device:
        row = vault.read_one("SELECT role FROM users WHERE username = ? AND active = 1",
                             (username,))
    else:
        row = vault.read_one("SELECT role FROM sync_roster WHERE device_id = ? AND username = ?"
                             " AND active = 1", (device, username))
    return _role(str(row[0])) if row else None


def _known_user(vault: Vault, username: str) -> bool:
    return vault.read_one(
        "SELECT 1 FROM users WHERE username = ? AND active = 1 UNION ALL "
        "SELECT 1 FROM sync_roster WHERE username = ? AND active = 1 LIMIT 1",
        (username, username)) is not None


def check(vault: Vault, own_device: str, sealed_by: str, lead_devices: set[str],
          event: Event) -> str | None:
    """Why this imported event must not be applied (a reason code), or None if it may be."""
    signed = signature_problem(vault, own_device, event)
    if signed is not None:
        return signed
    if event.kind in ROSTER_KINDS:
        return None if event.device == sealed_by else ROSTER_FORGED
    if sealed_by != event.device and sealed_by not in lead_devices:
        return RELAYED
    role = author_role(vault, own_device, event.device, event.author)
    if role is None:
        return NOT_ON_ROSTER
    sealed = vault.is_sealed(event.record_id)
    if event.kind == ev.AMENDMENT_ADDED:
        return None if sealed else NOT_SEALED
    if sealed:
        return SEALED
    if event.kind == ev.TASK_DONE:
        row = vault.read_one("SELECT assignee_role FROM tasks WHERE id = ?", (event.record_id,))
        if row is not None and row[0] == "lead" and not may_complete_lead_tasks(role):
            return ROLE
    elif event.kind == ev.RECORD_RESOLVED:
        if not reads_everything(role):
            return ROLE
    elif event.kind == ev.PERSON_SHARED:
        row = vault.read_one("SELECT registered_by FROM people WHERE id = ?",
                             (event.record_id,))
        if not reads_everything(role) and (row is None or row[0] != event.author):
            return ROLE
        if not _known_user(vault, str(event.payload.get("username", ""))):
            return UNKNOWN_USER
        return None
    if not reads_everything(role) and not _may_read(vault, event):
        return NO_ACCESS
    return None


def _may_read(vault: Vault, event: Event) -> bool:
    """Staff write only about people they may read (registered, recorded about, or shared
    with them), as `AccessPolicy.require_person` enforces locally. A person this vault does
    not hold yet is being registered (or arrives later): nothing to check against."""
    if event.kind == ev.GROUP_AMENDED:
        # A change to a group: as locally, the author must read one of its members.
        members = [r[0] for r in vault.read("SELECT person_id FROM group_members WHERE "
                                            "group_id = ?", (str(event.payload.get(
                                                "group_id", "")),))]
        return not members or any(vault.read_one(
            "SELECT 1 FROM person_access WHERE person_id = ? AND username = ?",
            (m, event.author)) is not None for m in members)
    if event.kind.startswith("person."):
        person = event.record_id
    elif event.kind == ev.TASK_DONE:
        row = vault.read_one("SELECT person_id FROM tasks WHERE id = ?", (event.record_id,))
        person = str(row[0]) if row else ""
    else:
        person = str(event.payload.get("person_id", ""))
    if not person or vault.read_one("SELECT 1 FROM people WHERE id = ?", (person,)) is None:
        return True
    return vault.read_one("SELECT 1 FROM person_access WHERE person_id = ? AND username = ?",
                          (person, event.author)) is not None


def apply_roster(conn: Any, event: Event) -> None:
    """Record a device's user change in its roster (in the caller's transaction)."""
    username = str(event.payload.get("username", ""))
    if event.kind == ev.USER_KEY:
        subject = authors.key_subject(event)
        unsigned = event.payload.get("unsigned")
        count = unsigned.get("count", 0) if isinstance(unsigned, dict) else 0
        if subject is not None:
            conn.execute("INSERT OR IGNORE INTO sync_user_keys(device_id, username, public_key, "
                         "unsigned) VALUES (?,?,?,?)", (event.device, subject[0],
                                                        b64encode(subject[1]),
                                                        count if isinstance(count, int) else 0))
    elif event.kind == ev.USER_ADDED:
        conn.execute("INSERT OR REPLACE INTO sync_roster(device_id, username, role, active) "
                     "VALUES (?,?,?,1)", (event.device, username,
                                          str(event.payload.get("role", "staff"))))
    else:
        conn.execute("UPDATE sync_roster SET active = ? WHERE device_id = ? AND username = ?",
                     (1 if event.kind == ev.USER_ENABLED else 0, event.device, username))


def quarantine(vault: Vault, conn: Any, event: Event, sealed_by: str, reason: str,
               source: str, data: bytes) -> bool:
    """Keep a refused event aside and audit it; False if it was already kept."""
    hit = conn.execute(
        "INSERT OR IGNORE INTO sync_quarantine(event_id, sealed_by, device, author, kind, "
        "record_id, reason, source, received_at, envelope) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (event.id, sealed_by, event.device, event.author, event.kind, event.record_id, reason,
         source, iso(now_utc()), data))
    if not hit.rowcount:
        return False
    # Ids and codes only: the author's name and the payload stay out of the audit detail.
    vault.audit(QUARANTINED, event.record_id, {"event": event.id, "kind": event.kind,
                                               "device": event.device, "reason": reason,
                                               "source": source})
    return True


def quarantined_count(vault: Vault) -> int:
    return int(vault.read_one("SELECT count(*) FROM sync_quarantine")[0])


def quarantined(vault: Vault) -> list[tuple[str, str, str, str]]:
    """(event id, kind, device, reason) of every event kept aside, oldest first."""
    return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in vault.read(
        "SELECT event_id, kind, device, reason FROM sync_quarantine ORDER BY received_at, "
        "rowid")]
