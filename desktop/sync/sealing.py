"""Events in and out of envelopes: the desktop's side of `protocol.envelope`.

The protocol moves canonical event bodies (bytes); the app works with `Event` values. This module
turns one into the other and checks the hash on the way in and out.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from desktop.domain.events import Event
from protocol import envelope
from protocol.envelope import EventMismatch


def seal(event: Event, org_public_key: X25519PublicKey, device_private_key: Ed25519PrivateKey,
         org_id: str, device_id: str) -> bytes:
    """Encrypt one event (with its author's signature) for the organisation and sign it
    with the device key."""
    if event.hash and event.hash != hashlib.sha256(event.body().encode("utf-8")).hexdigest():
        raise ValueError("event hash does not match its body")
    return envelope.seal(event.wire_body().encode("utf-8"), org_public_key, device_private_key,
                         org_id, device_id)


def seal_batch(events: list[Event], org_public_key: X25519PublicKey,
               device_private_key: Ed25519PrivateKey, org_id: str, device_id: str) -> list[bytes]:
    """Seal several events at once (one key wrap for the batch); one envelope per event."""
    bodies = []
    for event in events:
        if event.hash and event.hash != hashlib.sha256(event.body().encode("utf-8")).hexdigest():
            raise ValueError("event hash does not match its body")
        bodies.append(event.wire_body().encode("utf-8"))  # with its author's signature
    return envelope.seal_batch(bodies, org_public_key, device_private_key, org_id, device_id,
                               event_ids=[event.id for event in events])


def open_event(data: bytes, org_private_key: X25519PrivateKey,
               device_public_key: Ed25519PublicKey, *, expected_org: str | None = None,
               keys: dict[bytes, bytes] | None = None) -> Event:
    """Verify, decrypt and check one envelope; the event with its hash filled in. `keys`
    caches unwrapped batch keys across calls (see `envelope.open`)."""
    body = envelope.open(data, org_private_key, device_public_key, expected_org=expected_org,
                         keys=keys)
    return event_from_body(body)


def event_from_body(body: bytes) -> Event:
    fields = envelope.event_fields(body)
    event = Event(id=fields["id"], record_id=fields["record_id"], kind=fields["kind"],
                  author=fields["author"], device=fields["device"],
                  device_time=fields["device_time"], parent_hash=fields["parent_hash"],
                  payload=fields["payload"], signature=fields.get("sig"))
    if event.wire_body().encode("utf-8") != body:
        raise EventMismatch("event body is not in canonical form")
    # Whether the signature verifies is the importer's question (it knows the author's keys).
    return replace(event, hash=event.compute_hash())
