"""Envelopes: one event encrypted for the organisation and signed by the device.

Wire form (version 1) is canonical JSON (sorted keys, no spaces, ASCII), e.g.::

    {"ciphertext":"<base64>","device":"<uuid>","event":"<uuid>","org":"<uuid>",
     "sig":"<base64>","v":1}

- `ciphertext` is base64 of ``wrapped_key (80) || nonce (12) || AES-256-GCM(plaintext)``.
  A fresh 256-bit content key encrypts the plaintext; the content key is wrapped to the
  organisation's X25519 public key with HPKE (RFC 9180, base mode: DHKEM(X25519, HKDF-SHA256),
  HKDF-SHA256, AES-256-GCM; 32-byte encapsulated key + 48-byte sealed key). Both the HPKE `info`
  and the GCM associated data are the routing header, so a ciphertext moved into another envelope
  does not decrypt.
- The plaintext is ``event hash (64 hex) || "\\n" || Event.body()`` (canonical UTF-8 JSON).
  `record_id`, `kind` and everything else about the event exist only inside it.
- `sig` is Ed25519 by the pushing device over ``"waymark-envelope-v1\\0"`` followed by the
  canonical JSON of every other field.

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
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from protocol.codec import EncodingError, b64decode, b64encode, canonical_bytes, is_uuid

VERSION = 1
SIGN_CONTEXT = b"waymark-envelope-v1\x00"
#: The largest envelope the format accepts (the hub may set a lower limit).
MAX_ENVELOPE_BYTES = 4 * 1024 * 1024

_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_WRAPPED_KEY_LEN = 32 + 32 + 16  # encapsulated key, content key, tag
_NONCE_LEN = 12
_TAG_LEN = 16
_FIELDS = frozenset({"ciphertext", "device", "event", "org", "sig", "v"})


class EnvelopeError(ValueError):
    """Base of every envelope failure; the message never contains event content."""


class MalformedEnvelope(EnvelopeError):
    """Not a version-1 envelope in canonical form (bad JSON, fields, ids, base64, sizes)."""


class BadSignature(EnvelopeError):
    """The device signature does not verify: tampered envelope or wrong device key."""


class WrongOrganisation(EnvelopeError):
    """Sealed for another organisation key (or for another org id than expected)."""


class TamperedCiphertext(EnvelopeError):
    """The content does not decrypt although the wrapped key did."""


class EventMismatch(EnvelopeError):
    """The decrypted event is not what the envelope claims (id, hash or canonical form)."""


@dataclass(frozen=True)
class Routing:
    """What the hub may know about an envelope."""

    version: int
    org_id: str
    device_id: str
    event_id: str
    size: int
    sha256: str  # hex digest of the envelope bytes


def seal(
    body: bytes,
    org_public_key: X25519PublicKey,
    device_private_key: Ed25519PrivateKey,
    org_id: str,
    device_id: str,
) -> bytes:
    """Encrypt one event for the organisation and sign it; returns the envelope bytes.

    `body` is the event's canonical body (UTF-8 JSON, sorted keys, no spaces, eight fields).
    Raises `ValueError` for an unusable event or ids.
    """
    try:
        event_id = event_fields(body)["id"]
    except EventMismatch as exc:
        raise ValueError(str(exc)) from None
    for what, value in (("org id", org_id), ("device id", device_id), ("event id", event_id)):
        if not is_uuid(value):
            raise ValueError(f"{what} must be a lower-case UUID")
    digest = hashlib.sha256(body).hexdigest()
    plaintext = digest.encode("ascii") + b"\n" + body
    header = _header(org_id, device_id, event_id)
    content_key = AESGCM.generate_key(bit_length=256)
    wrapped = _SUITE.encrypt(content_key, org_public_key, info=header)
    nonce = os.urandom(_NONCE_LEN)
    sealed = AESGCM(content_key).encrypt(nonce, plaintext, header)
    fields: dict[str, Any] = {
        "ciphertext": b64encode(wrapped + nonce + sealed),
        "device": device_id,
        "event": event_id,
        "org": org_id,
        "v": VERSION,
    }
    fields["sig"] = b64encode(device_private_key.sign(SIGN_CONTEXT + canonical_bytes(fields)))
    data = canonical_bytes(fields)
    if len(data) > MAX_ENVELOPE_BYTES:
        raise ValueError("event too large for one envelope")
    return data


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
    route, fields, signature = _parse(data)
    if expected_org is not None and route.org_id != expected_org:
        raise WrongOrganisation("envelope is for another organisation")
    unsigned = {k: v for k, v in fields.items() if k != "sig"}
    try:
        device_public_key.verify(signature, SIGN_CONTEXT + canonical_bytes(unsigned))
    except InvalidSignature:
        raise BadSignature("envelope signature does not verify") from None
    return route


def open(  # shadows the builtin on purpose: call it as envelope.open(...)
    data: bytes,
    org_private_key: X25519PrivateKey,
    device_public_key: Ed25519PublicKey,
    *,
    expected_org: str | None = None,
) -> bytes:
    """Verify, decrypt and check one envelope; returns the event's canonical body bytes.

    Raises `MalformedEnvelope`, `BadSignature`, `WrongOrganisation` (sealed for another key),
    `TamperedCiphertext` or `EventMismatch`.
    """
    route = verify(data, device_public_key, expected_org=expected_org)
    blob = b64decode(json.loads(data)["ciphertext"])
    wrapped = blob[:_WRAPPED_KEY_LEN]
    nonce = blob[_WRAPPED_KEY_LEN : _WRAPPED_KEY_LEN + _NONCE_LEN]
    sealed = blob[_WRAPPED_KEY_LEN + _NONCE_LEN :]
    header = _header(route.org_id, route.device_id, route.event_id)
    try:
        content_key = _SUITE.decrypt(wrapped, org_private_key, info=header)
    except Exception:  # cryptography raises InvalidTag or a bare error for a foreign key
        raise WrongOrganisation("envelope was not sealed for this organisation key") from None
    try:
        plaintext = AESGCM(content_key).decrypt(nonce, sealed, header)
    except InvalidTag:
        raise TamperedCiphertext("envelope content does not decrypt") from None
    digest, sep, body = plaintext.partition(b"\n")
    if not sep or hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        raise EventMismatch("event hash does not match its body")
    if event_fields(body)["id"] != route.event_id:
        raise EventMismatch("event id differs from the envelope's event id")
    return body


EVENT_FIELDS = frozenset(
    {"id", "record_id", "kind", "author", "device", "device_time", "parent_hash", "payload"}
)


def event_fields(body: bytes) -> dict[str, Any]:
    """The fields of a canonical event body; `EventMismatch` if it is not one."""
    try:
        fields = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EventMismatch("event body is not an event") from None
    if (not isinstance(fields, dict) or set(fields) != EVENT_FIELDS
            or not isinstance(fields["payload"], dict)
            or not all(isinstance(fields[k], str) for k in EVENT_FIELDS - {"payload",
                                                                           "parent_hash"})
            or not isinstance(fields["parent_hash"], str | None)):
        raise EventMismatch("event body is not an event")
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if canonical.encode("utf-8") != body:
        raise EventMismatch("event body is not in canonical form")
    return fields


def _header(org_id: str, device_id: str, event_id: str) -> bytes:
    return SIGN_CONTEXT + canonical_bytes(
        {"device": device_id, "event": event_id, "org": org_id, "v": VERSION}
    )


def _parse(data: bytes) -> tuple[Routing, dict[str, Any], bytes]:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise MalformedEnvelope("envelope must be bytes")
    data = bytes(data)
    if len(data) > MAX_ENVELOPE_BYTES:
        raise MalformedEnvelope("envelope too large")
    try:
        fields = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MalformedEnvelope("envelope is not JSON") from None
    if not isinstance(fields, dict) or set(fields) != _FIELDS:
        raise MalformedEnvelope("envelope fields are not those of version 1")
    if type(fields["v"]) is not int or fields["v"] != VERSION:
        raise MalformedEnvelope("unknown envelope version")
    for name in ("org", "device", "event"):
        if not is_uuid(fields[name]):
            raise MalformedEnvelope(f"envelope {name} id is not a lower-case UUID")
    try:
        blob = b64decode(fields["ciphertext"], what="ciphertext")
        signature = b64decode(fields["sig"], what="signature")
    except EncodingError as exc:
        raise MalformedEnvelope(str(exc)) from None
    if len(blob) < _WRAPPED_KEY_LEN + _NONCE_LEN + _TAG_LEN:
        raise MalformedEnvelope("ciphertext too short")
    if len(signature) != 64:
        raise MalformedEnvelope("signature must be 64 bytes")
    if canonical_bytes(fields) != data:
        raise MalformedEnvelope("envelope is not in canonical form")
    route = Routing(
        version=VERSION,
        org_id=fields["org"],
        device_id=fields["device"],
        event_id=fields["event"],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return route, fields, signature
