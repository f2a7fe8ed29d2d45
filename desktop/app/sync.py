"""This device's side of sync (issue 6), on the vault thread: keys, outbox, cursor, applying.

Network work happens elsewhere (desktop/sync/engine.py) and never holds the vault: it asks
this service for what to push, pushes, then hands back the hub's answers. Acknowledgements
and the pull cursor are written in the same transaction as the events they concern, so a
kill at any point resumes cleanly: an event is either applied with its cursor or not at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.app import sync_trust as trust
from desktop.app.access import AccessPolicy
from desktop.app.errors import AlreadyConnected, BundleInvalid, NotConnected
from desktop.domain import events as ev
from desktop.domain.events import iso, now_utc
from desktop.sync import enrolment as enrol
from desktop.sync import sealing
from desktop.sync.errors import UnknownDevice
from desktop.vault import audit, lead, projections
from desktop.vault.errors import NotAllowed
from desktop.vault.store import Vault
from protocol import envelope, invitation
from protocol.codec import (
    b64decode,
    b64encode,
    ed25519_private_bytes,
    ed25519_public_bytes,
    ed25519_public_from,
    x25519_private_bytes,
    x25519_public_bytes,
    x25519_public_from,
)

BUNDLE_TYPE = "waymark-bundle"
#: 2: one base64 line per binary envelope (envelope version 2). Version 1 (JSON envelopes)
#: is not read: no hub or bundle of that version was ever in use.
BUNDLE_VERSION = 2


def _envelope_line(line: bytes) -> bytes:
    """One bundle line's envelope; damaged base64 gives bytes that refuse to open."""
    try:
        return b64decode(line.rstrip(b"\r").decode("ascii"), what="envelope")
    except (UnicodeDecodeError, ValueError):
        return b""


@dataclass(frozen=True)
class SyncConfig:
    hub_url: str
    org_id: str
    org_name: str
    role: str  # "lead" or "field"
    device_id: str
    device_key: Ed25519PrivateKey
    org_public_key: bytes
    org_private_key: bytes | None
    epoch: str
    cursor: int
    registered: bool = True
    invitation: bytes = b""

    @property
    def reads(self) -> bool:
        return self.role == "lead" and self.org_private_key is not None


@dataclass
class ApplyResult:
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0  # records that became "needs review" (a fork)
    refused: int = 0  # failed verification or decryption: never applied
    quarantined: int = 0  # verified but failed the import checks: kept aside, never applied
    roster: int = 0  # of `applied`: users of other devices (user.added/disabled/enabled)
    conflict_records: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SyncStatus:
    connected: bool
    role: str
    waiting: int
    last_success: str | None
    last_error: str | None
    needs_review: int
    quarantined: int = 0  # imported events kept aside by the checks (shown to a lead)


class SyncService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.access = AccessPolicy(vault)

    # --- configuration -------------------------------------------------------------------
    def _get(self, key: str) -> str | None:
        row = self.vault.read_one("SELECT value FROM sync_config WHERE key = ?", (key,))
        return str(row[0]) if row else None

    def _set(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            self.vault.conn.execute(
                "INSERT OR REPLACE INTO sync_config(key, value) VALUES (?,?)", (key, value))

    def config(self) -> SyncConfig | None:
        values = dict(self.vault.read("SELECT key, value FROM sync_config"))
        if "org_id" not in values:
            return None
        # Sealed under the lead key: None in a staff user's session, whatever the device.
        private = lead.get_setting(self.vault, values, "org_private_key")
        return SyncConfig(
            hub_url=values.get("hub_url", ""), org_id=values["org_id"],
            org_name=values.get("org_name", ""), role=values.get("role", "field"),
            device_id=self.vault.device_id,
            device_key=Ed25519PrivateKey.from_private_bytes(
                b64decode(values["device_key"], what="device key")),
            org_public_key=b64decode(values["org_public_key"], what="org key"),
            org_private_key=b64decode(private, what="org key") if private else None,
            epoch=values.get("epoch", ""), cursor=int(values.get("cursor", "0")),
            registered=values.get("registered", "1") == "1",
            invitation=values.get("invitation", "").encode("ascii"))

    def require(self) -> SyncConfig:
        cfg = self.config()
        if cfg is None:
            raise NotConnected()
        return cfg

    def _require_manager(self) -> None:
        self.access.require_lead("connect this vault or enrol devices (a lead or admin can)")

    def connect(self, *, hub_url: str, org_name: str, org_id: str, role: str, epoch: str,
                device_key: Ed25519PrivateKey, org_public_key: bytes,
                org_private_key: bytes | None, registered: bool = True,
                invitation_text: bytes = b"") -> None:
        """Store this device's membership of an organisation: after the hub accepted it, or
        (`registered=False`, joining with no connection) until the first sync registers it."""
        self._require_manager()
        if self.config() is not None:
            raise AlreadyConnected()
        with self.vault.transaction():
            self._set({"hub_url": hub_url, "org_name": org_name, "org_id": org_id,
                       "role": role, "epoch": epoch, "cursor": "0",
                       "registered": "1" if registered else "0",
                       "invitation": invitation_text.decode("ascii"),
                       "device_key": b64encode(ed25519_private_bytes(device_key)),
                       "org_public_key": b64encode(org_public_key)})
            if org_private_key is not None:
                lead.put_setting(self.vault, "org_private_key", b64encode(org_private_key))
            self.vault.conn.execute("DELETE FROM sync_config WHERE key IN "
                                    "('pending_device_key', 'pending_org_private_key', "
                                    "'pending_org_private_key_sealed')")
            self.vault.audit(audit.SETTINGS_CHANGED, None,
                             {"sync": "connected", "role": role, "org": org_id})

    def pending_keys(self) -> tuple[Ed25519PrivateKey, bytes, bytes]:
        """The keys for connecting this vault as the organisation's first lead device, kept
        (encrypted, in the vault) before the hub is asked, so that a lost answer can be
        confirmed with the same keys instead of leaving a used token and no keys."""
        self._require_manager()
        device = self._get("pending_device_key")
        private = lead.get_setting(self.vault, dict(self.vault.read(
            "SELECT key, value FROM sync_config")), "pending_org_private_key")
        if device and private:
            org_key = X25519PrivateKey.from_private_bytes(b64decode(private, what="org key"))
            return (Ed25519PrivateKey.from_private_bytes(b64decode(device, what="device key")),
                    b64decode(private, what="org key"), x25519_public_bytes(org_key))
        device_key = Ed25519PrivateKey.generate()
        org_key = X25519PrivateKey.generate()
        with self.vault.transaction():
            self._set({"pending_device_key": b64encode(ed25519_private_bytes(device_key))})
            lead.put_setting(self.vault, "pending_org_private_key",
                             b64encode(x25519_private_bytes(org_key)))
        return device_key, x25519_private_bytes(org_key), x25519_public_bytes(org_key)

    def invite(self, role: str, valid_days: int = 7) -> tuple[bytes, str]:
        """An encrypted enrolment file for one new device, and its one-time code."""
        self._require_manager()
        cfg = self.require()
        if not cfg.reads:
            raise NotAllowed("enrol devices (only a lead device holds the organisation key)")
        signed = invitation.sign_invitation(
            org_id=cfg.org_id, inviter_device_id=cfg.device_id,
            inviter_private_key=cfg.device_key, role=role,
            valid_for=timedelta(days=valid_days))
        code = enrol.new_code()
        data = enrol.write(enrol.Enrolment(
            hub_url=cfg.hub_url, org_id=cfg.org_id, org_name=cfg.org_name, role=role,
            org_public_key=cfg.org_public_key,
            org_private_key=cfg.org_private_key if role == "lead" else None,
            invitation=signed), code)
        with self.vault.transaction():
            self.vault.audit(audit.EXPORT, None, {"template": "enrolment", "role": role,
                                                  "invitation": invitation.parse_invitation(
                                                      signed).invitation_id})
        return data, code

    # --- pushing ---------------------------------------------------------------------------
    def _seal(self, cfg: SyncConfig, event: ev.Event) -> bytes:
        return sealing.seal(event, x25519_public_from(cfg.org_public_key), cfg.device_key,
                             cfg.org_id, cfg.device_id)

    def queue_new(self, limit: int = 2000) -> int:
        """Seal events written on this device that are not in the outbox yet, in one batch
        (one key wrap for all of them). Only events after the last one queued are looked at
        (`queued_seq`, kept with the kinds it was counted for): a round does not scan the
        whole log once per batch."""
        cfg = self.require()
        kinds = sorted(trust.TRAVEL_KINDS)
        stamp = hashlib.sha256(",".join(kinds).encode()).hexdigest()[:16]
        mark, _, seen_kinds = (self._get("queued_seq") or "0:").partition(":")
        after = int(mark) if seen_kinds == stamp else 0
        rows = self.vault.read(
            f"SELECT e.seq, {projections.EVENT_COLUMNS} FROM events e WHERE e.seq > ? "
            f"AND e.device = ? AND e.kind IN ({','.join('?' * len(kinds))}) "
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = e.id) "
            "ORDER BY e.seq LIMIT ?", (after, cfg.device_id, *kinds, limit))
        if not rows:
            return 0
        now = iso(now_utc())
        events = [projections.event_from_row(row[1:]) for row in rows]
        sealed = sealing.seal_batch(events, x25519_public_from(cfg.org_public_key),
                                    cfg.device_key, cfg.org_id, cfg.device_id)
        with self.vault.transaction() as conn:
            conn.executemany("INSERT INTO outbox(event_id, envelope, queued_at) VALUES (?,?,?)",
                             [(e.id, data, now) for e, data in zip(events, sealed, strict=True)])
            self._set({"queued_seq": f"{rows[-1][0]}:{stamp}"})
        return len(rows)

    def pending(self, limit: int = 500) -> list[tuple[str, bytes]]:
        """Envelopes waiting for the hub, oldest first (sealing new events first)."""
        self.queue_new(max(limit, 2000))
        return [(r[0], bytes(r[1])) for r in self.vault.read(
            "SELECT event_id, envelope FROM outbox WHERE acked_seq IS NULL AND set_aside IS NULL"
            " ORDER BY queued_at, rowid LIMIT ?", (limit,))]

    def acknowledge(self, acks: list[tuple[str, int]], epoch: str) -> None:
        with self.vault.transaction() as conn:
            conn.executemany("UPDATE outbox SET acked_seq = ?, acked_epoch = ? "
                             "WHERE event_id = ?",
                             [(seq, epoch, event_id) for event_id, seq in acks])

    def set_aside(self, event_ids: list[str], reason: str) -> None:
        with self.vault.transaction() as conn:
            for event_id in event_ids:
                conn.execute("UPDATE outbox SET set_aside = ? WHERE event_id = ?",
                             (reason, event_id))

    def held_event_ids(self) -> list[str]:
        kinds = sorted(trust.TRAVEL_KINDS)
        return [r[0] for r in self.vault.read(
            f"SELECT id FROM events WHERE kind IN ({','.join('?' * len(kinds))}) ORDER BY seq",
            kinds)]

    def epoch_changed(self, epoch: str) -> None:
        """The hub was restored from a backup: read everything again from the start."""
        with self.vault.transaction():
            self._set({"epoch": epoch, "cursor": "0"})
            self.vault.audit(audit.SETTINGS_CHANGED, None, {"sync": "hub epoch changed"})

    def requeue(self, missing: list[str]) -> int:
        """Offer again what the hub lacks: the stored bytes of our own envelopes, and fresh
        envelopes (sealed by this device) for events received from other devices."""
        cfg = self.require()
        now = iso(now_utc())
        with self.vault.transaction() as conn:
            for event_id in missing:
                hit = conn.execute("UPDATE outbox SET acked_seq = NULL, acked_epoch = NULL, "
                                   "set_aside = NULL WHERE event_id = ?", (event_id,))
                if hit.rowcount:
                    continue
                row = conn.execute(f"SELECT {projections.EVENT_COLUMNS} FROM events "
                                   "WHERE id = ?", (event_id,)).fetchone()
                if row is not None:
                    conn.execute("INSERT INTO outbox(event_id, envelope, queued_at) "
                                 "VALUES (?,?,?)",
                                 (event_id, self._seal(cfg, projections.event_from_row(row)),
                                  now))
        return len(missing)

    # --- pulling ---------------------------------------------------------------------------
    def store_devices(self, devices: list[tuple[str, bytes, str, str]]) -> None:
        with self.vault.transaction() as conn:
            for device_id, key, role, status in devices:
                conn.execute("INSERT OR REPLACE INTO sync_devices(device_id, public_key, role, "
                             "status) VALUES (?,?,?,?)", (device_id, key, role, status))

    def _device_keys(self) -> dict[str, bytes]:
        return {r[0]: bytes(r[1]) for r in self.vault.read(
            "SELECT device_id, public_key FROM sync_devices")}

    def _devices_with(self, *, role: str | None = None, status: str) -> set[str]:
        sql = "SELECT device_id FROM sync_devices WHERE status = ?"
        args: tuple[str, ...] = (status,)
        if role is not None:
            sql += " AND role = ?"
            args += (role,)
        return {str(r[0]) for r in self.vault.read(sql, args)}

    def devices(self) -> list[tuple[str, str, str]]:
        """(device id, role, status) of the organisation's devices as this vault last heard
        from the hub (leads refresh it every sync), this device first."""
        cfg = self.require()
        rows = [(str(r[0]), str(r[1]), str(r[2])) for r in self.vault.read(
            "SELECT device_id, role, status FROM sync_devices WHERE device_id != ? "
            "ORDER BY device_id", (cfg.device_id,))]
        return [(cfg.device_id, cfg.role, "active"), *rows]

    def quarantined(self) -> list[tuple[str, str, str, str]]:
        """Imported events kept aside by the checks (leads only): id, kind, device, reason."""
        self._require_manager()
        return trust.quarantined(self.vault)

    def apply(self, pulled: list[tuple[int, bytes]], next_cursor: int | None,
              epoch: str | None, source: str = "hub") -> ApplyResult:
        """Verify, decrypt and apply envelopes (idempotent by event id), and move the cursor,
        in one transaction. Raises UnknownDevice (nothing written) when a key is missing."""
        cfg = self.require()
        if not cfg.reads:
            raise NotAllowed("read the organisation's records (a lead device can)")
        keys = self._device_keys()
        keys[cfg.device_id] = ed25519_public_bytes(cfg.device_key)
        routes: list[envelope.Routing | None] = []
        for _seq, data in pulled:
            try:
                routes.append(envelope.routing(data))
            except envelope.EnvelopeError:
                routes.append(None)
        for route in routes:
            if route is not None and route.device_id not in keys:
                raise UnknownDevice(route.device_id)
        org_key = X25519PrivateKey.from_private_bytes(cfg.org_private_key or b"")
        leads = self._devices_with(role="lead", status="active") | {cfg.device_id}
        revoked = self._devices_with(status="revoked")
        result = ApplyResult()
        unwrapped: dict[bytes, bytes] = {}  # one key unwrap per sealed batch, not per event
        mine = self._sealed_here([r.event_id for r in routes
                                  if r is not None and r.device_id == cfg.device_id])
        with self.vault.transaction() as conn:
            for (seq, data), route in zip(pulled, routes, strict=True):
                if route is None:
                    result.refused += 1
                    continue
                if mine.get(route.event_id) == data:
                    # Our own envelope coming back, byte for byte what we sealed: its event
                    # is in our log already, so there is nothing to open or record.
                    result.duplicates += 1
                    continue
                try:
                    event = sealing.open_event(data, org_key, ed25519_public_from(
                        keys[route.device_id]), expected_org=cfg.org_id, keys=unwrapped)
                except (envelope.EnvelopeError, KeyError, ValueError):
                    result.refused += 1
                    continue
                if event.kind not in trust.TRAVEL_KINDS:
                    result.refused += 1
                    continue
                if self._held(event.id):
                    conn.execute("INSERT OR IGNORE INTO sync_received(event_id, hub_seq, source)"
                                 " VALUES (?,?,?)", (event.id, seq or None, source))
                    result.duplicates += 1
                    continue
                # The hub refuses a revoked device, so what it serves was pushed before the
                # revocation; a bundle carries no such proof.
                reason = (trust.REVOKED if source != "hub" and route.device_id in revoked
                          else trust.check(self.vault, cfg.device_id, route.device_id, leads,
                                           event))
                if reason is not None:
                    if trust.quarantine(self.vault, conn, event, route.device_id, reason,
                                        source, data):
                        result.quarantined += 1
                    else:
                        result.duplicates += 1
                    continue
                self._apply_checked(conn, cfg, event, seq, source, result)
            if result.roster:
                self._release(conn, cfg, org_key, keys, leads, result)
            if next_cursor is not None:
                self._set({"cursor": str(next_cursor)})
            if epoch:
                self._set({"epoch": epoch})
        return result

    def _apply_checked(self, conn: Any, cfg: SyncConfig, event: ev.Event, seq: int,
                       source: str, result: ApplyResult) -> None:
        """Apply one event that passed the checks (in the caller's transaction)."""
        if event.kind in trust.ROSTER_KINDS:
            trust.apply_roster(conn, event)
            self._received(conn, event, seq, source, cfg)
            result.applied += 1
            result.roster += 1
            return
        head = self.vault.head(event.record_id)
        conn.execute("SAVEPOINT apply_one")
        try:
            fresh = self.vault.import_event(event)
        except Exception:  # a projection refused it: keep the log consistent
            conn.execute("ROLLBACK TO apply_one")
            conn.execute("RELEASE apply_one")
            result.refused += 1
            return
        conn.execute("RELEASE apply_one")
        if not fresh:
            conn.execute("INSERT OR IGNORE INTO sync_received(event_id, hub_seq, "
                         "source) VALUES (?,?,?)", (event.id, seq or None, source))
            result.duplicates += 1
            return
        self._received(conn, event, seq, source, cfg)
        result.applied += 1
        if head is not None and event.parent_hash != head:
            result.conflicts += 1
            result.conflict_records.append(event.record_id)

    def _release(self, conn: Any, cfg: SyncConfig, org_key: X25519PrivateKey,
                 keys: dict[str, bytes], leads: set[str], result: ApplyResult) -> None:
        """Try again events kept aside only because their author was on no roster yet: a
        device running an older version pushes records before its users. Each is checked
        in full again; what passes now is applied and leaves the quarantine (audited)."""
        rows = conn.execute(
            "SELECT event_id, sealed_by, envelope, source FROM sync_quarantine WHERE reason IN "
            "(?, ?) ORDER BY received_at, rowid", trust.RETRIED).fetchall()
        for event_id, sealed_by, data, source in rows:
            if sealed_by not in keys:
                continue
            event = sealing.open_event(bytes(data), org_key, ed25519_public_from(
                keys[sealed_by]), expected_org=cfg.org_id)
            if trust.check(self.vault, cfg.device_id, sealed_by, leads, event) is not None:
                continue
            conn.execute("DELETE FROM sync_quarantine WHERE event_id = ?", (event_id,))
            self.vault.audit(trust.RELEASED, event.record_id, {"event": event_id})
            self._apply_checked(conn, cfg, event, 0, str(source), result)

    def _sealed_here(self, ids: list[str]) -> dict[str, bytes]:
        """{event id: envelope} of the outbox for these ids (pulled envelopes naming this
        device): what came back is then compared byte for byte with what we sealed."""
        found: dict[str, bytes] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for event_id, data in self.vault.read(
                    f"SELECT event_id, envelope FROM outbox WHERE event_id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                found[str(event_id)] = bytes(data)
        return found

    def _held(self, event_id: str) -> bool:
        return self.vault.read_one(
            "SELECT 1 FROM events WHERE id = ? UNION ALL SELECT 1 FROM sync_received "
            "WHERE event_id = ? LIMIT 1", (event_id, event_id)) is not None

    def _received(self, conn: Any, event: ev.Event, seq: int, source: str,
                  cfg: SyncConfig) -> None:
        conn.execute("INSERT OR IGNORE INTO sync_received(event_id, hub_seq, source) "
                     "VALUES (?,?,?)", (event.id, seq or None, source))
        if event.device != cfg.device_id and source != "hub":
            # Came by bundle: this lead passes it on to the hub under its own seal.
            conn.execute("INSERT OR IGNORE INTO outbox(event_id, envelope, queued_at) "
                         "VALUES (?,?,?)", (event.id, self._seal(cfg, event), iso(now_utc())))

    # --- status ----------------------------------------------------------------------------
    def record_attempt(self, error_code: str | None) -> None:
        with self.vault.transaction():
            if error_code is None:
                self._set({"last_success": iso(now_utc())})
                self.vault.conn.execute("DELETE FROM sync_config WHERE key = 'last_error'")
            else:
                self._set({"last_error": error_code, "last_failure": iso(now_utc())})

    def status(self) -> SyncStatus:
        cfg = self.config()
        waiting = 0
        if cfg is not None:
            kinds = sorted(trust.TRAVEL_KINDS)
            waiting = self.vault.read_one(
                "SELECT (SELECT count(*) FROM outbox WHERE acked_seq IS NULL AND set_aside IS "
                "NULL) + (SELECT count(*) FROM events e WHERE e.device = ? AND e.kind IN "
                f"({','.join('?' * len(kinds))}) AND NOT EXISTS "
                "(SELECT 1 FROM outbox o WHERE o.event_id = e.id))",
                (cfg.device_id, *kinds))[0]
        review = self.vault.read_one("SELECT count(*) FROM record_heads WHERE needs_review = 1")
        return SyncStatus(connected=cfg is not None, role=cfg.role if cfg else "",
                          waiting=int(waiting), last_success=self._get("last_success"),
                          last_error=self._get("last_error"), needs_review=int(review[0]),
                          quarantined=trust.quarantined_count(self.vault))

    # --- bundles ---------------------------------------------------------------------------
    def export_bundle(self) -> bytes:
        """Every envelope this device sealed, with what a lead needs to trust them."""
        cfg = self.require()
        self.queue_new(10**9)
        rows = self.vault.read("SELECT envelope FROM outbox ORDER BY queued_at, rowid")
        header = {"type": BUNDLE_TYPE, "v": BUNDLE_VERSION, "org": cfg.org_id,
                  "device": cfg.device_id,
                  "device_public_key": b64encode(ed25519_public_bytes(cfg.device_key)),
                  "invitation": self._get("invitation") or "", "created": iso(now_utc())}
        lines = [json.dumps(header, sort_keys=True)]
        lines += [b64encode(bytes(r[0])) for r in rows]
        with self.vault.transaction():
            self.vault.audit(audit.EXPORT, None, {"template": "sync_bundle",
                                                  "envelopes": len(rows)})
        return ("\n".join(lines) + "\n").encode("ascii")

    def import_bundle(self, data: bytes) -> ApplyResult:
        """Apply a bundle from a device of this organisation (same checks as a pull)."""
        cfg = self.require()
        lines = data.split(b"\n")
        try:
            header = json.loads(lines[0].decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise BundleInvalid("it is not a Waymark bundle file") from None
        if not isinstance(header, dict) or header.get("type") != BUNDLE_TYPE:
            raise BundleInvalid("it is not a Waymark bundle file")
        if header.get("v") != BUNDLE_VERSION:
            raise BundleInvalid("it is in a format this version of Waymark does not read")
        for number, line in enumerate(lines[1:], start=2):
            if not line.isascii():
                # A bundle is plain ASCII: one foreign byte means the file was damaged.
                raise BundleInvalid(f"line {number} holds a byte that is not ASCII (the file "
                                    "was damaged in transit: export it again)")
        if header.get("org") != cfg.org_id:
            raise BundleInvalid("it comes from another organisation")
        device = str(header.get("device", ""))
        try:
            key = b64decode(header.get("device_public_key"), what="device key")
        except ValueError:
            raise BundleInvalid("its device key is damaged") from None
        known = self._device_keys()
        if device in self._devices_with(status="revoked"):
            raise BundleInvalid("it comes from a device that has been revoked; its records "
                                "were not imported")
        if any(k == key and d != device for d, k in known.items()) or (
                device != cfg.device_id and key == ed25519_public_bytes(cfg.device_key)):
            raise BundleInvalid("its device key belongs to another device (the file is "
                                "damaged, or its header was changed)")
        if device in known and known[device] != key:
            raise BundleInvalid("its device key differs from the one the hub holds")
        if device not in known and device != cfg.device_id:
            self._trust_by_invitation(cfg, device, key, str(header.get("invitation", "")))
        envelopes = [(0, _envelope_line(line)) for line in lines[1:] if line.strip()]
        try:
            result = self.apply(envelopes, None, None, source="bundle")
        except UnknownDevice:
            raise BundleInvalid("an envelope in it was sealed by a device this vault does not "
                                "know (the file is damaged, or was put together by hand)"
                                ) from None
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_CREATED, None, {
                "type": "sync_bundle", "applied": result.applied,
                "duplicates": result.duplicates, "refused": result.refused,
                "quarantined": result.quarantined})
        return result

    def _trust_by_invitation(self, cfg: SyncConfig, device: str, key: bytes,
                             text: str) -> None:
        """A device that never reached the hub: trust its key if a lead of ours invited it."""
        if not text:
            raise BundleInvalid("it comes from a device this vault does not know")
        try:
            parsed = invitation.parse_invitation(text.encode("ascii"))
            leads = dict(self._device_keys())
            leads[cfg.device_id] = ed25519_public_bytes(cfg.device_key)
            inviter = leads.get(parsed.inviter_device_id)
            if inviter is None or parsed.org_id != cfg.org_id:
                raise BundleInvalid("its invitation was not made by a lead of this "
                                    "organisation")
            invitation.verify_invitation(text.encode("ascii"), ed25519_public_from(inviter),
                                         now=parsed.expires - timedelta(seconds=1))
        except invitation.InvitationError:
            raise BundleInvalid("its invitation does not verify") from None
        self.store_devices([(device, key, parsed.role, "bundle")])

    def registered(self, epoch: str) -> None:
        with self.vault.transaction():
            self._set({"registered": "1", "epoch": epoch})


def org_keys() -> tuple[X25519PrivateKey, bytes, bytes]:
    """A new organisation key pair: (private key, private bytes, public bytes)."""
    key = X25519PrivateKey.generate()
    return key, x25519_private_bytes(key), x25519_public_bytes(key)


__all__ = ["ApplyResult", "BundleInvalid", "NotConnected", "SyncConfig", "SyncService",
           "SyncStatus", "UnknownDevice", "org_keys"]
