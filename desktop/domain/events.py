"""Events: the immutable truth every projection is built from."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Every kind the vault accepts. A kind names the record type before the dot.
PERSON_REGISTERED = "person.registered"
PERSON_UPDATED = "person.updated"
PERSON_SHARED = "person.shared"
CONCERN_RECORDED = "concern.recorded"
NOTE_ADDED = "note.added"
TASK_CREATED = "task.created"
TASK_DONE = "task.done"
AMENDMENT_ADDED = "amendment.added"
USER_ADDED = "user.added"
USER_DISABLED = "user.disabled"
USER_ENABLED = "user.enabled"
USER_PROFILE_SET = "user.profile_set"  # full name, job title, organisation, phone, email
USER_KEY = "user.key"  # a user's Ed25519 public key (signatures, issue 13 item 12)
ORG_CONFIGURED = "org.configured"
ASSESSMENT_SUBMITTED = "assessment.submitted"
DISCLOSURE_SEALED = "disclosure.sealed"
BODY_MAP_RECORDED = "bodymap.recorded"
REFERRAL_MADE = "referral.made"
RECORD_RESOLVED = "record.resolved"  # a lead's decision on a fork (two versions of a record)
REFERRAL_OUTCOME = "referral.outcome"  # what the receiving agency did (its own record)
# Group intake at a border hand-back (issue 17): the group received with its members, the
# reception record signed (sealed), and the group (or some of it) handed over to the next body.
GROUP_RECEIVED = "group.received"
GROUP_SIGNED = "group.signed"
GROUP_HANDED_OVER = "group.handed_over"
# A change to a received group (issue 17): its own record naming the group, so a signed
# reception keeps its sealed original and the change says what, who and why (an amendment).
GROUP_AMENDED = "group.amended"

# Once a record has one of these, the vault accepts only amendment.added for it.
SEALING_KINDS = frozenset({ASSESSMENT_SUBMITTED, DISCLOSURE_SEALED, BODY_MAP_RECORDED,
                           REFERRAL_MADE, GROUP_SIGNED})

# What travels to the hub: records about people. Passphrases and local settings stay on the
# device that made them (another vault has its own users); a device's user.* events travel too,
# but a lead keeps them only as that device's roster (see desktop/app/sync_trust.py).
SYNC_KINDS = frozenset({
    PERSON_REGISTERED, PERSON_UPDATED, PERSON_SHARED, CONCERN_RECORDED, NOTE_ADDED,
    TASK_CREATED, TASK_DONE, AMENDMENT_ADDED, ASSESSMENT_SUBMITTED, DISCLOSURE_SEALED,
    BODY_MAP_RECORDED, REFERRAL_MADE, RECORD_RESOLVED,
    REFERRAL_OUTCOME,
    GROUP_RECEIVED, GROUP_SIGNED, GROUP_HANDED_OVER, GROUP_AMENDED,
})

KINDS = frozenset(
    {
        PERSON_REGISTERED,
        PERSON_UPDATED,
        PERSON_SHARED,
        CONCERN_RECORDED,
        NOTE_ADDED,
        TASK_CREATED,
        TASK_DONE,
        AMENDMENT_ADDED,
        USER_ADDED,
        USER_DISABLED,
        USER_ENABLED,
        USER_PROFILE_SET,
        USER_KEY,
        ORG_CONFIGURED,
        ASSESSMENT_SUBMITTED,
        DISCLOSURE_SEALED,
        BODY_MAP_RECORDED,
        REFERRAL_MADE,
        RECORD_RESOLVED,
        REFERRAL_OUTCOME,
        GROUP_RECEIVED,
        GROUP_SIGNED,
        GROUP_HANDED_OVER,
        GROUP_AMENDED,
    }
)


_uuid_lock = threading.Lock()
_last_ms = 0
_last_counter = 0


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 version 7) as text, strictly increasing in this process.

    Within one millisecond the 12-bit `rand_a` field is a counter (RFC 9562 §6.2, method 1),
    so a concern and the tasks it creates sort in the order they were made.
    """
    global _last_ms, _last_counter
    with _uuid_lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            counter = _last_counter + 1
            if counter > 0xFFF:  # 4096 ids in one millisecond: borrow the next one
                ms += 1
                counter = int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:
            counter = int.from_bytes(os.urandom(2), "big") & 0x7FF  # room to count up
        _last_ms, _last_counter = ms, counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with seconds precision; the one time format stored."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: times must carry a zone")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text kept as is (NFC is the caller's job)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Event:
    """One immutable change to one record."""

    id: str
    record_id: str
    kind: str
    author: str
    device: str
    device_time: str
    parent_hash: str | None
    payload: dict[str, Any] = field(default_factory=dict)
    hash: str = ""
    # The author's Ed25519 signature (base64) over the event's signed form; None for an event
    # written before its author had a signing key. Not part of `body()` or the hash.
    signature: str | None = None

    def body(self) -> str:
        return canonical(
            {
                "id": self.id,
                "record_id": self.record_id,
                "kind": self.kind,
                "author": self.author,
                "device": self.device,
                "device_time": self.device_time,
                "parent_hash": self.parent_hash,
                "payload": self.payload,
            }
        )

    def wire_body(self) -> str:
        """The body with the author's signature beside the hashed fields (what travels)."""
        if not self.signature:
            return self.body()
        fields = json.loads(self.body())
        fields["sig"] = self.signature
        return canonical(fields)

    def compute_hash(self) -> str:
        return hashlib.sha256(self.body().encode("utf-8")).hexdigest()

    def sealed(self) -> Event:
        """This event with its hash filled in."""
        return Event(
            id=self.id,
            record_id=self.record_id,
            kind=self.kind,
            author=self.author,
            device=self.device,
            device_time=self.device_time,
            parent_hash=self.parent_hash,
            payload=self.payload,
            hash=self.compute_hash(),
        )

    @property
    def record_type(self) -> str:
        return self.kind.split(".", 1)[0]


def new_event(
    *,
    record_id: str,
    kind: str,
    author: str,
    device: str,
    parent_hash: str | None,
    payload: dict[str, Any],
    at: datetime | None = None,
) -> Event:
    if kind not in KINDS:
        raise ValueError(f"unknown event kind: {kind}")
    return Event(
        id=uuid7(),
        record_id=record_id,
        kind=kind,
        author=author,
        device=device,
        device_time=iso(at or now_utc()),
        parent_hash=parent_hash,
        payload=payload,
    ).sealed()
