"""vault.keys: the vault key wrapped once per user and once for the recovery code.

Each slot holds the 256-bit vault key encrypted with AES-256-GCM under a key derived from a
passphrase with Argon2id. A wrong passphrase fails the GCM tag check, before vault.db is touched.
Slots are found by an HMAC of the user name, so the file does not list staff names.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.vault.atomic import write_atomic
from desktop.vault.errors import KeyFileDamaged, VaultTooNew

FORMAT = "waymark-keys"
VERSION = 1
RECOVERY_SLOT = "recovery"


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    time_cost: int
    parallelism: int

    def to_json(self) -> dict[str, int]:
        return {"m": self.memory_kib, "t": self.time_cost, "p": self.parallelism}


# About 0.5 s on the reference laptop (STYLE.md). The floor, 64 MiB, is for tests and benchmarks
# that unlock hundreds of times; it is still DESIGN.md's minimum.
STANDARD_KDF = KdfParams(memory_kib=256 * 1024, time_cost=3, parallelism=4)
FLOOR_KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)


def default_kdf() -> KdfParams:
    return FLOOR_KDF if os.environ.get("WAYMARK_KDF_PROFILE") == "floor" else STANDARD_KDF


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=unicodedata.normalize("NFC", secret).encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


@dataclass
class Slot:
    id: str
    salt: bytes
    params: KdfParams
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kdf": {"alg": "argon2id", **self.params.to_json(), "salt": _b64(self.salt)},
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }


@dataclass
class KeyFile:
    vault_id: str
    name_salt: bytes
    slots: dict[str, Slot] = field(default_factory=dict)

    # --- naming -------------------------------------------------------------------------
    def slot_id(self, username: str) -> str:
        name = unicodedata.normalize("NFC", username).strip().casefold()
        return hmac.new(self.name_salt, name.encode("utf-8"), hashlib.sha256).hexdigest()

    def _aad(self, slot_id: str) -> bytes:
        return f"{FORMAT}:{self.vault_id}:{slot_id}".encode()

    # --- wrap / unwrap --------------------------------------------------------------------
    def wrap(self, slot_id: str, secret: str, vault_key: bytes, params: KdfParams) -> None:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = derive(secret, salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, vault_key, self._aad(slot_id))
        self.slots[slot_id] = Slot(slot_id, salt, params, nonce, wrapped)

    def unwrap(self, slot_id: str, secret: str) -> bytes | None:
        """The vault key, or None when the secret is wrong or there is no such slot.

        An unknown slot still costs one key derivation, so timing does not reveal which user
        names exist.
        """
        slot = self.slots.get(slot_id)
        if slot is None:
            derive(secret, b"\0" * 16, default_kdf())
            return None
        kek = derive(secret, slot.salt, slot.params)
        try:
            return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, self._aad(slot_id))
        except InvalidTag:
            return None

    def has_user(self, username: str) -> bool:
        return self.slot_id(username) in self.slots

    # --- serialisation --------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "name_salt": _b64(self.name_salt),
            "slots": [s.to_json() for s in self.slots.values()],
        }
        return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def save(self, path: Path) -> None:
        write_atomic(path, self.to_bytes())

    @staticmethod
    def new() -> KeyFile:
        return KeyFile(vault_id=secrets.token_hex(16), name_salt=secrets.token_bytes(16))

    @staticmethod
    def load(path: Path) -> KeyFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeyFileDamaged(str(path), "the file is missing") from None
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("not a Waymark key file")
            version = int(doc["version"])
            if version > VERSION:
                raise VaultTooNew(version, VERSION)
            kf = KeyFile(vault_id=str(doc["vault_id"]), name_salt=_unb64(doc["name_salt"]))
            for s in doc["slots"]:
                kdf = s["kdf"]
                if kdf.get("alg") != "argon2id":
                    raise ValueError("unknown key derivation")
                params = KdfParams(int(kdf["m"]), int(kdf["t"]), int(kdf["p"]))
                slot = Slot(str(s["id"]), _unb64(kdf["salt"]), params, _unb64(s["nonce"]),
                            _unb64(s["wrapped"]))
                kf.slots[slot.id] = slot
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise KeyFileDamaged(str(path), _describe(exc)) from None
        if not kf.slots:
            raise KeyFileDamaged(str(path), "it holds no key slots")
        return kf


def _describe(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return "it is truncated or not valid JSON"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not text"
    if isinstance(exc, KeyError):
        return "a required field is missing"
    return str(exc) or exc.__class__.__name__
