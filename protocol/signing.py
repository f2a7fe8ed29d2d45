"""Signed hub requests: which bytes a device signs and the headers that carry the signature.

Every request after registration carries::

    X-Waymark-Org        organisation id
    X-Waymark-Device     device id
    X-Waymark-Time       Unix time in whole seconds (the hub refuses it outside +-300 s)
    X-Waymark-Nonce      32 hex characters, never reused (the hub refuses a repeat: replay)
    X-Waymark-Signature  base64 Ed25519 signature over `request_message(...)`

Registration requests carry the same headers, signed with the key being registered (proof
of possession).
"""

from __future__ import annotations

import hashlib
import os
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from protocol.codec import EncodingError, b64decode, b64encode

CONTEXT = b"waymark-request-v1"
ORG = "X-Waymark-Org"
DEVICE = "X-Waymark-Device"
TIME = "X-Waymark-Time"
NONCE = "X-Waymark-Nonce"
SIGNATURE = "X-Waymark-Signature"
#: How far a request's time may be from the hub's clock, in seconds.
WINDOW_SECONDS = 300
_NONCE_RE = re.compile(r"\A[0-9a-f]{32}\Z")


def request_message(
    *,
    method: str,
    path: str,
    query: str,
    org_id: str,
    device_id: str,
    timestamp: int,
    nonce: str,
    body: bytes,
) -> bytes:
    """The bytes a device signs: every part that matters, one per line, body by its SHA-256.

    `path` and `query` are as sent on the wire (percent-encoded, query without the `?`).
    """
    parts = [
        CONTEXT.decode(),
        method.upper(),
        path,
        query,
        org_id,
        device_id,
        str(timestamp),
        nonce,
        hashlib.sha256(body).hexdigest(),
    ]
    for part in parts:
        if "\n" in part:
            raise ValueError("request parts cannot contain newlines")
    return "\n".join(parts).encode("utf-8")


def sign_headers(
    private_key: Ed25519PrivateKey,
    *,
    method: str,
    path: str,
    query: str,
    org_id: str,
    device_id: str,
    body: bytes,
    timestamp: int,
    nonce: str | None = None,
) -> dict[str, str]:
    """The five authentication headers for one request."""
    nonce = nonce or os.urandom(16).hex()
    message = request_message(method=method, path=path, query=query, org_id=org_id,
                              device_id=device_id, timestamp=timestamp, nonce=nonce, body=body)
    return {
        ORG: org_id,
        DEVICE: device_id,
        TIME: str(timestamp),
        NONCE: nonce,
        SIGNATURE: b64encode(private_key.sign(message)),
    }


def valid_nonce(nonce: str) -> bool:
    return bool(_NONCE_RE.match(nonce))


def verify_signature(public_key: Ed25519PublicKey, signature_b64: str, message: bytes) -> bool:
    """True when `signature_b64` is a valid signature of `message`; never raises."""
    try:
        signature = b64decode(signature_b64, what="signature")
        public_key.verify(signature, message)
    except (EncodingError, InvalidSignature, ValueError):
        return False
    return True
