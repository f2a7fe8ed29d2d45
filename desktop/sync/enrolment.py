"""Enrolment files: how a new device joins an organisation, on a USB stick or by e-mail.

The file holds the lead-signed invitation, the hub address, the organisation's public key and,
for a lead device, the organisation's private key. It is encrypted (AES-256-GCM) under a key
derived with Argon2id from a one-time code that the lead reads out or writes down separately:
the file alone reveals nothing.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from protocol.codec import b64decode, b64encode

MAGIC = "waymark-enrolment"
VERSION = 1
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over a phone line
_GROUPS, _GROUP_LEN = 5, 4  # 20 characters, 100 bits
# A one-time code has 100 bits of entropy; Argon2id still makes guessing costly.
_KDF = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2, "hash_len": 32}


class EnrolmentError(ValueError):
    """The file is not an enrolment file, is damaged, or the code is wrong."""


@dataclass(frozen=True)
class Enrolment:
    hub_url: str
    org_id: str
    org_name: str
    role: str
    org_public_key: bytes
    org_private_key: bytes | None
    invitation: bytes


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_GROUPS * _GROUP_LEN))
    return "-".join(raw[i:i + _GROUP_LEN] for i in range(0, len(raw), _GROUP_LEN))


def normalise_code(code: str) -> str:
    raw = "".join(c for c in code.upper() if c.isalnum())
    return "-".join(raw[i:i + _GROUP_LEN] for i in range(0, len(raw), _GROUP_LEN))


def _key(code: str, salt: bytes) -> bytes:
    return hash_secret_raw(normalise_code(code).encode("ascii"), salt, type=Type.ID, **_KDF)


def write(enrolment: Enrolment, code: str) -> bytes:
    body: dict[str, Any] = {
        "hub_url": enrolment.hub_url, "org_id": enrolment.org_id,
        "org_name": enrolment.org_name, "role": enrolment.role,
        "org_public_key": b64encode(enrolment.org_public_key),
        "invitation": enrolment.invitation.decode("ascii"),
    }
    if enrolment.org_private_key is not None:
        body["org_private_key"] = b64encode(enrolment.org_private_key)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {"type": MAGIC, "v": VERSION, "salt": b64encode(salt), "nonce": b64encode(nonce)}
    aad = json.dumps(header, sort_keys=True).encode("ascii")
    sealed = AESGCM(_key(code, salt)).encrypt(
        nonce, json.dumps(body, sort_keys=True).encode("utf-8"), aad)
    return json.dumps({**header, "data": b64encode(sealed)}, sort_keys=True).encode("ascii")


def read(data: bytes, code: str) -> Enrolment:
    try:
        outer = json.loads(data.decode("ascii"))
        if not isinstance(outer, dict) or outer.get("type") != MAGIC:
            raise EnrolmentError("this is not a Waymark enrolment file")
        if outer.get("v") != VERSION:
            raise EnrolmentError("this enrolment file needs a newer version of Waymark")
        header = {k: outer[k] for k in ("type", "v", "salt", "nonce")}
        salt = b64decode(outer["salt"], what="salt")
        nonce = b64decode(outer["nonce"], what="nonce")
        sealed = b64decode(outer["data"], what="data")
    except EnrolmentError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise EnrolmentError("the enrolment file is damaged") from None
    aad = json.dumps(header, sort_keys=True).encode("ascii")
    try:
        body = json.loads(AESGCM(_key(code, salt)).decrypt(nonce, sealed, aad))
    except InvalidTag:
        raise EnrolmentError("the code does not open this enrolment file (check it, or "
                             "ask for a new file)") from None
    private = body.get("org_private_key")
    return Enrolment(
        hub_url=str(body["hub_url"]), org_id=str(body["org_id"]),
        org_name=str(body.get("org_name", "")), role=str(body["role"]),
        org_public_key=b64decode(body["org_public_key"], what="org key"),
        org_private_key=b64decode(private, what="org key") if private else None,
        invitation=str(body["invitation"]).encode("ascii"))
