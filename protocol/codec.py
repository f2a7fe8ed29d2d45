"""Small strict encodings shared by envelopes, invitations and signed requests."""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

_B64_RE = re.compile(r"\A[A-Za-z0-9+/]*={0,2}\Z")
_UUID_RE = re.compile(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class EncodingError(ValueError):
    """Text that is not in the one accepted form (base64, UUID, canonical JSON)."""


def canonical_bytes(value: Any) -> bytes:
    """Canonical JSON as bytes: sorted keys, no spaces, ASCII only (non-ASCII escaped).

    Protocol objects are ASCII (ids, base64, numbers), so this is byte-for-byte stable.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: object, *, what: str = "value") -> bytes:
    """Standard base64 with padding, strictly: the decoded bytes must re-encode to `text`."""
    if not isinstance(text, str) or not _B64_RE.match(text) or len(text) % 4:
        raise EncodingError(f"{what} is not base64")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EncodingError(f"{what} is not base64") from exc
    if base64.b64encode(data).decode("ascii") != text:
        raise EncodingError(f"{what} is not canonical base64")
    return data


def is_uuid(text: object) -> bool:
    """True for a lower-case hyphenated UUID (the only form ids take on the wire)."""
    return isinstance(text, str) and bool(_UUID_RE.match(text))


def require_uuid(text: object, *, what: str) -> str:
    if not is_uuid(text):
        raise EncodingError(f"{what} must be a lower-case UUID")
    assert isinstance(text, str)
    return text


def new_id() -> str:
    """A random UUID (version 4) for organisations, devices and invitations."""
    return str(uuid.uuid4())


# Raw 32-byte key encodings (what travels and what is stored).


def ed25519_public_bytes(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def ed25519_public_from(data: bytes) -> Ed25519PublicKey:
    if len(data) != 32:
        raise EncodingError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(data)


def ed25519_private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def x25519_public_bytes(key: X25519PublicKey | X25519PrivateKey) -> bytes:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def x25519_public_from(data: bytes) -> X25519PublicKey:
    if len(data) != 32:
        raise EncodingError("an X25519 public key is 32 bytes")
    return X25519PublicKey.from_public_bytes(data)


def x25519_private_bytes(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
