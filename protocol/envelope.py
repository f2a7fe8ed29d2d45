"""Envelopes: one event encrypted for the organisation and signed by the device.

Wire form (version 2) is binary, fixed layout (all lengths in bytes)::

    magic "WME" (3) | version 0x02 (1) | org (16) | device (16) | event (16)
    | wrapped key (80) | nonce (12) | AES-256-GCM(plaintext) + tag (n + 16) | sig (64)

- The three ids are the raw 16 bytes of lower-case UUIDs (`Routing` gives them back as text).
- A batch of events sealed together shares one 256-bit content key, wrapped ONCE for the
  organisation's X25519 public key with HPKE (RFC 9180, base mode: DHKEM(X25519, HKDF-SHA256),
  HKDF-SHA256, AES-256-GCM; 32-byte encapsulated key + 48-byte sealed key) and copied into
  every envelope of the batch, so each envelope still opens on its own. The HPKE `info` binds
  the key to the organisation and the device; each event's GCM associated data is its whole
  routing header plus the wrapped key, so a ciphertext moved into another envelope (another
  event id, device or organisation) does not decrypt. Nonces are random (96 bits) per event.
- The plaintext is the event's canonical body (UTF-8 JSON), nothing else: `record_id`, `kind`
  and everything else about the event exist only inside it. GCM authenticates it; readers
  check that the body's id is the envelope's event id. Beside the event's eight hashed fields
  the body carries `sig`, its author's Ed25519 signature, when the author signed it
  (protocol/authorship.py; the event hash does not cover it).
- `sig` is Ed25519 by the pushing device over ``"waymark-envelope-v2\\0"`` followed by every
  byte before the signature.

Version 1 (canonical JSON with base64 inside, one key wrap per event) is refused with a clear
message: no hub holding version-1 envelopes was ever deployed.

`device` is the device that sealed and pushes the envelope, not necessarily the event's author
(a lead may re-seal another device's event when re-offering after a hub restore).

Envelopes are randomised: sealing the same event twice gives different bytes, and the hub refuses
the second with 409 (same event id, different bytes). Keep the sealed bytes (the outbox) and push
those again on retry; never re-seal an event the hub may already hold.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from protocol.codec import is_uuid

VERSION = 2
MAGIC = b"WME"
SIGN_CONTEXT = b"waymark-envelope-v2\x00"
_KEY_CONTEXT = b"waymark-envelope-v2-key\x00"
#: The largest envelope the format accepts (the hub may set a lower limit).
MAX_ENVELOPE_BYTES = 4 * 1024 * 1024

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_PREFIX = MAGIC + bytes([VERSION])
_HEADER_LEN = len(_PREFIX) + 3 * 16  # magic, version, org, device, event
_WRAPPED_KEY_LEN = 32 + 32 + 16  # encapsulated key, content key, tag
_NONCE_LEN = 12
_TAG_LEN = 16
_SIG_LEN = 64
_CONTENT_AT = _HEADER_LEN + _WRAPPED_KEY_LEN + _NONCE_LEN
#: The smallest possible envelope (an empty plaintext): header, key, nonce, tag, signature.
MIN_ENVELOPE_BYTES = _CONTENT_AT + _TAG_LEN + _SIG_LEN


class EnvelopeError(ValueError):
    """Base of every envelope failure; the message never contains event content."""


class MalformedEnvelope(EnvelopeError):
    """Not a version-2 envelope (magic, version, ids, sizes)."""


class BadSignature(EnvelopeError):
    """The device signature does not verify: tampered envelope or wrong device key."""


class WrongOrganisation(EnvelopeError):
    """Sealed for another organisation key (or for another org id than expected)."""


class TamperedCiphertext(EnvelopeError):
    """The content does not decrypt although the wrapped key did."""


class EventMismatch(EnvelopeError):
    """The decrypted event is not what the envelope claims (id or canonical form)."""


@dataclass(frozen=True)
class Routing:
    """What the hub may know about an envelope."""

    version: int
    org_id: str
    device_id: str
    event_id: str
    size: int
    sha256: str  # hex digest of the envelope bytes


def _id_bytes(text: str, what: str) -> bytes:
    if not is_uuid(text):
        raise ValueError(f"{what} must be a lower-case UUID")
    return bytes.fromhex(text.replace("-", ""))


def seal(
    body: bytes,
    org_public_key: X25519PublicKey,
    device_private_key: Ed25519PrivateKey,
    org_id: str,
    device_id: str,
) -> bytes:
    """Encrypt one event for the organisation and sign it; returns the envelope bytes.

    `body` is the event's canonical body (UTF-8 JSON, sorted keys, no spaces).
    Raises `ValueError` for an unusable event or ids.
    """
    return seal_batch([body], org_public_key, device_private_key, org_id, device_id)[0]


def seal_batch(
    bodies: Sequence[bytes],
    org_public_key: X25519PublicKey,
    device_private_key: Ed25519PrivateKey,
    org_id: str,
    device_id: str,
    *,
    event_ids: Sequence[str] | None = None,
) -> list[bytes]:
    """Seal several events of this device at once: one key wrap for the batch, one AES-GCM
    encryption and one signature per event. Each envelope opens on its own.

    `event_ids`, when the caller made each body from an event it holds, saves parsing every
    body again for its id; without it each body is checked to be a canonical event."""
    if not bodies:
        return []
    if event_ids is not None and len(event_ids) != len(bodies):
        raise ValueError("one event id per body")
    org_raw, device_raw = _id_bytes(org_id, "org id"), _id_bytes(device_id, "device id")
    content_key = AESGCM.generate_key(bit_length=256)
    wrapped = _SUITE.encrypt(content_key, org_public_key,
                             info=_KEY_CONTEXT + _PREFIX + org_raw + device_raw)
    aead = AESGCM(content_key)
    sealed: list[bytes] = []
    for index, body in enumerate(bodies):
        try:
            event_id = event_fields(body)["id"] if event_ids is None else event_ids[index]
        except EventMismatch as exc:
            raise ValueError(str(exc)) from None
        header = _PREFIX + org_raw + device_raw + _id_bytes(event_id, "event id")
        nonce = os.urandom(_NONCE_LEN)
        unsigned = header + wrapped + nonce + aead.encrypt(nonce, body, header + wrapped)
        data = unsigned + device_private_key.sign(SIGN_CONTEXT + unsigned)
        if len(data) > MAX_ENVELOPE_BYTES:
            raise ValueError("event too large for one envelope")
        sealed.append(data)
    return sealed


def routing(data: bytes) -> Routing:
    """Parse and check the form of an envelope WITHOUT verifying its signature.

    Use it to find which device key to verify with; never trust the result on its own.
    """
    return _parse(data)[0]


def verify(
    data: bytes, device_public_key: Ed25519PublicKey, *, expected_org: str | None = None
) -> Routing:
    """Check form and device signature (no decryption); the hub calls this on every push.

    Raises `MalformedEnvelope`, `BadSignature` or `WrongOrganisation` (if `expected_org` is
    given and differs).
    """
    route, data = _parse(data)
    if expected_org is not None and route.org_id != expected_org:
        raise WrongOrganisation("envelope is for another organisation")
    try:
        device_public_key.verify(data[-_SIG_LEN:], SIGN_CONTEXT + data[:-_SIG_LEN])
    except InvalidSignature:
        raise BadSignature("envelope signature does not verify") from None
    return route


def open(  # shadows the builtin on purpose: call it as envelope.open(...)
    data: bytes,
    org_private_key: X25519PrivateKey,
    device_public_key: Ed25519PublicKey,
    *,
    expected_org: str | None = None,
    keys: dict[bytes, bytes] | None = None,
) -> bytes:
    """Verify, decrypt and check one envelope; returns the event's canonical body bytes.

    `keys`, if given, caches unwrapped content keys by wrapped key (pass the same dict for
    every envelope of a page: a batch's key is then unwrapped once). Only keys unwrapped here,
    after a verified signature, go into it.

    Raises `MalformedEnvelope`, `BadSignature`, `WrongOrganisation` (sealed for another key),
    `TamperedCiphertext` or `EventMismatch`.
    """
    route = verify(data, device_public_key, expected_org=expected_org)
    data = bytes(data)
    header = data[:_HEADER_LEN]
    wrapped = data[_HEADER_LEN : _HEADER_LEN + _WRAPPED_KEY_LEN]
    nonce = data[_HEADER_LEN + _WRAPPED_KEY_LEN : _CONTENT_AT]
    sealed = data[_CONTENT_AT:-_SIG_LEN]
    content_key = keys.get(wrapped) if keys is not None else None
    if content_key is None:
        try:
            content_key = _SUITE.decrypt(wrapped, org_private_key,
                                         info=_KEY_CONTEXT + header[:_HEADER_LEN - 16])
        except Exception:  # cryptography raises InvalidTag or a bare error for a foreign key
            raise WrongOrganisation("envelope was not sealed for this organisation key"
                                    ) from None
        if keys is not None:
            keys[wrapped] = content_key
    try:
        body = AESGCM(content_key).decrypt(nonce, sealed, header + wrapped)
    except InvalidTag:
        raise TamperedCiphertext("envelope content does not decrypt") from None
    if event_fields(body)["id"] != route.event_id:
        raise EventMismatch("event id differs from the envelope's event id")
    return body


EVENT_FIELDS = frozenset(
    {"id", "record_id", "kind", "author", "device", "device_time", "parent_hash", "payload"}
)
#: The author's signature (base64). Absent only for an event whose author had no key yet.
SIGNED_EVENT_FIELDS = EVENT_FIELDS | {"sig"}


def event_fields(body: bytes) -> dict[str, Any]:
    """The fields of a canonical event body; `EventMismatch` if it is not one."""
    try:
        fields = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EventMismatch("event body is not an event") from None
    if (not isinstance(fields, dict) or set(fields) not in (EVENT_FIELDS, SIGNED_EVENT_FIELDS)
            or not isinstance(fields["payload"], dict)
            or not all(isinstance(fields[k], str) for k in set(fields) - {"payload",
                                                                          "parent_hash"})
            or not isinstance(fields["parent_hash"], str | None)):
        raise EventMismatch("event body is not an event")
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if canonical.encode("utf-8") != body:
        raise EventMismatch("event body is not in canonical form")
    return fields


def _uuid_text(raw: bytes) -> str:
    h = raw.hex()  # the canonical lower-case hyphenated form, as uuid.UUID would print it
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _parse(data: bytes) -> tuple[Routing, bytes]:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise MalformedEnvelope("envelope must be bytes")
    data = bytes(data)
    if len(data) > MAX_ENVELOPE_BYTES:
        raise MalformedEnvelope("envelope too large")
    if data[:1] == b"{":
        raise MalformedEnvelope("a version-1 (JSON) envelope: this version of Waymark reads "
                                "and accepts envelope version 2 only")
    if data[:3] != MAGIC:
        raise MalformedEnvelope("not a Waymark envelope")
    if data[3:4] != bytes([VERSION]):
        raise MalformedEnvelope("unknown envelope version")
    if len(data) < MIN_ENVELOPE_BYTES:
        raise MalformedEnvelope("envelope too short")
    org, device, event = (_uuid_text(data[at : at + 16]) for at in (4, 20, 36))
    route = Routing(version=VERSION, org_id=org, device_id=device, event_id=event,
                    size=len(data), sha256=hashlib.sha256(data).hexdigest())
    return route, data
