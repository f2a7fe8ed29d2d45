"""Author signatures on events (issue 13, item 12): which bytes a user's key signs.

Every event is signed by its author's own Ed25519 key (one per user, wrapped in that user's key
slot), over the canonical bytes of::

    {"author", "device", "device_time", "id", "kind", "parent_hash", "payload_sha256",
     "record_id"}

after the context ``"waymark-event-v1\\0"``. `payload_sha256` is the SHA-256 of the payload's
canonical UTF-8 JSON (what the vault stores), so the message stays small and ASCII whatever the
payload holds. The signature travels inside the envelope's encrypted plaintext as the event's
`sig` field (base64), beside the eight fields its hash covers; the hash does not cover it.

The vault key alone no longer lets anyone rewrite a record consistently: they would have to sign
as its author. A holder of an author's passphrase (or private key) still can.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from protocol.codec import EncodingError, b64decode, b64encode, canonical_bytes

CONTEXT = b"waymark-event-v1\x00"
SIG_FIELD = "sig"


def event_message(*, event_id: str, record_id: str, kind: str, author: str, device: str,
                  device_time: str, parent_hash: str | None, payload_text: str) -> bytes:
    """The bytes an author signs for one event (`payload_text`: canonical payload JSON)."""
    return CONTEXT + canonical_bytes({
        "id": event_id,
        "record_id": record_id,
        "kind": kind,
        "author": author,
        "device": device,
        "device_time": device_time,
        "parent_hash": parent_hash,
        "payload_sha256": hashlib.sha256(payload_text.encode("utf-8")).hexdigest(),
    })


def sign(private_key: Ed25519PrivateKey, message: bytes) -> str:
    return b64encode(private_key.sign(message))


def verify(public_key: bytes, signature: object, message: bytes) -> bool:
    """True when `signature` (base64) is `public_key`'s signature of `message`; never raises."""
    try:
        raw = b64decode(signature, what="signature")
        if len(raw) != 64 or len(public_key) != 32:
            return False
        Ed25519PublicKey.from_public_bytes(public_key).verify(raw, message)
    except (EncodingError, InvalidSignature, ValueError):
        return False
    return True


def with_signature(fields: dict[str, Any], signature: str | None) -> dict[str, Any]:
    """An event's encoded form with its signature (none for an unsigned legacy event)."""
    return {**fields, SIG_FIELD: signature} if signature else dict(fields)
