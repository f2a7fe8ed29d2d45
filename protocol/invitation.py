"""Invitations: a lead device lets another device join, without talking to the hub.

The lead signs an invitation (organisation, invitation id, role, expiry, its own device id) with
its Ed25519 device key. The enrolment file the desktop writes carries it (encrypted with a
one-time code). The joining device generates its own key pair and registers with the hub,
presenting the invitation; the request is signed with the new key (proof of possession). The hub
checks that the inviter is an active lead device of that organisation, that the invitation has
not expired and that its id was never used.

Wire form: canonical JSON (sorted keys, no spaces, ASCII)::

    {"expires":"2026-01-31T12:00:00+00:00","invitation":"<uuid>","inviter":"<device uuid>",
     "org":"<uuid>","role":"field","sig":"<base64>","type":"waymark-invitation","v":1}

`sig` is Ed25519 over ``"waymark-invitation-v1\\0"`` + canonical JSON of the other fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from protocol.codec import EncodingError, b64decode, b64encode, canonical_bytes, is_uuid, new_id

VERSION = 1
TYPE = "waymark-invitation"
SIGN_CONTEXT = b"waymark-invitation-v1\x00"
ROLES = frozenset({"field", "lead"})
MAX_INVITATION_BYTES = 2048
_FIELDS = frozenset({"expires", "invitation", "inviter", "org", "role", "sig", "type", "v"})


class InvitationError(ValueError):
    """Not a usable invitation; the subclass says why."""


class MalformedInvitation(InvitationError):
    pass


class InvitationSignatureInvalid(InvitationError):
    pass


class InvitationExpired(InvitationError):
    pass


@dataclass(frozen=True)
class Invitation:
    org_id: str
    invitation_id: str
    inviter_device_id: str
    role: str  # "field" or "lead"
    expires: datetime
    data: bytes  # the signed wire form, exactly


def sign_invitation(
    *,
    org_id: str,
    inviter_device_id: str,
    inviter_private_key: Ed25519PrivateKey,
    role: str,
    valid_for: timedelta = timedelta(days=7),
    invitation_id: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """Make a signed invitation (bytes) for one device to join `org_id` with `role`."""
    if role not in ROLES:
        raise ValueError("role must be 'field' or 'lead'")
    invitation_id = invitation_id or new_id()
    for what, value in (("org id", org_id), ("inviter", inviter_device_id),
                        ("invitation id", invitation_id)):
        if not is_uuid(value):
            raise ValueError(f"{what} must be a lower-case UUID")
    expires = (now or datetime.now(UTC)) + valid_for
    fields: dict[str, Any] = {
        "expires": expires.astimezone(UTC).isoformat(timespec="seconds"),
        "invitation": invitation_id,
        "inviter": inviter_device_id,
        "org": org_id,
        "role": role,
        "type": TYPE,
        "v": VERSION,
    }
    fields["sig"] = b64encode(inviter_private_key.sign(SIGN_CONTEXT + canonical_bytes(fields)))
    return canonical_bytes(fields)


def parse_invitation(data: bytes) -> Invitation:
    """Check the form only (no signature, no expiry): to find the inviter's key."""
    return _parse(data)[0]


def verify_invitation(
    data: bytes, inviter_public_key: Ed25519PublicKey, *, now: datetime | None = None
) -> Invitation:
    """Check form, the inviter's signature and expiry; returns the invitation."""
    invitation, fields, signature = _parse(data)
    unsigned = {k: v for k, v in fields.items() if k != "sig"}
    try:
        inviter_public_key.verify(signature, SIGN_CONTEXT + canonical_bytes(unsigned))
    except InvalidSignature:
        raise InvitationSignatureInvalid("invitation signature does not verify") from None
    if (now or datetime.now(UTC)) >= invitation.expires:
        raise InvitationExpired("invitation has expired")
    return invitation


def _parse(data: bytes) -> tuple[Invitation, dict[str, Any], bytes]:
    if not isinstance(data, bytes) or len(data) > MAX_INVITATION_BYTES:
        raise MalformedInvitation("invitation must be bytes of reasonable size")
    try:
        fields = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MalformedInvitation("invitation is not JSON") from None
    if not isinstance(fields, dict) or set(fields) != _FIELDS:
        raise MalformedInvitation("invitation fields are not those of version 1")
    if fields["type"] != TYPE or type(fields["v"]) is not int or fields["v"] != VERSION:
        raise MalformedInvitation("not a version-1 invitation")
    for name in ("org", "invitation", "inviter"):
        if not is_uuid(fields[name]):
            raise MalformedInvitation(f"invitation {name} is not a lower-case UUID")
    if fields["role"] not in ROLES:
        raise MalformedInvitation("invitation role must be 'field' or 'lead'")
    try:
        expires = datetime.fromisoformat(fields["expires"])
        signature = b64decode(fields["sig"], what="invitation signature")
    except (TypeError, ValueError, EncodingError):
        raise MalformedInvitation("invitation expiry or signature is malformed") from None
    if expires.tzinfo is None or len(signature) != 64:
        raise MalformedInvitation("invitation expiry or signature is malformed")
    if canonical_bytes(fields) != data:
        raise MalformedInvitation("invitation is not in canonical form")
    invitation = Invitation(
        org_id=fields["org"],
        invitation_id=fields["invitation"],
        inviter_device_id=fields["inviter"],
        role=fields["role"],
        expires=expires,
        data=data,
    )
    return invitation, fields, signature
