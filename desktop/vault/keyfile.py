"""vault.keys: the vault key wrapped once per user and once for the recovery code.

Each slot holds the 256-bit vault key encrypted with AES-256-GCM under a key derived from a
passphrase with Argon2id. A wrong passphrase fails the GCM tag check, before vault.db is touched.
Slots are found by an HMAC of the user name, so the file does not list staff names.

Version 2 adds, per slot, an X25519 "box" key pair (the private half wrapped under the same
passphrase key) and, for lead and admin slots and the recovery slot only, a grant: the lead key
sealed to the slot's box. Whatever is lead-only in vault.db (the organisation's private key) is
encrypted under the lead key, so a staff passphrase cannot reach it whatever code runs. Any
holder of the lead key can grant it to a slot without knowing that slot's passphrase.

Version 3 adds, per user slot, the user's Ed25519 signing key (issue 13, item 12): the private
half wrapped under the passphrase key, the public half beside it and bound into the wrapping's
associated data, so editing the public key makes the slot's signing key fail to open. Every
event the user writes is signed with it. A version 2 slot has none; its user gets one at their
next unlock (desktop/vault/authors.py).

The file carries a SHA-256 checksum (accidental damage is reported as damage before any key
derivation, never as a wrong passphrase) and an HMAC keyed from the vault key (a deliberate edit
of any slot, the recovery slot included, is found at unlock and by `waymark check`).
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

from desktop.vault.atomic import write_atomic
from desktop.vault.errors import KeyFileDamaged, VaultTooNew

FORMAT = "waymark-keys"
VERSION = 3
RECOVERY_SLOT = "recovery"

# Bounds on a slot's Argon2id cost. A damaged or edited slot with p=0 or a memory cost of
# terabytes must be refused with a clear message, not crash argon2 or exhaust the machine;
# the floor is DESIGN.md's minimum, so an edited slot cannot weaken the derivation either.
MIN_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_TIME_COST = 64
MAX_PARALLELISM = 64


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    time_cost: int
    parallelism: int

    def to_json(self) -> dict[str, int]:
        return {"m": self.memory_kib, "t": self.time_cost, "p": self.parallelism}

    def problem(self) -> str | None:
        """Why these parameters are refused, or None when they are within bounds."""
        if not 1 <= self.parallelism <= MAX_PARALLELISM:
            return f"a key slot's parallelism {self.parallelism} is outside 1-{MAX_PARALLELISM}"
        if not 1 <= self.time_cost <= MAX_TIME_COST:
            return f"a key slot's time cost {self.time_cost} is outside 1-{MAX_TIME_COST}"
        if not MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB:
            return (f"a key slot's memory cost {self.memory_kib} KiB is outside "
                    f"{MIN_MEMORY_KIB}-{MAX_MEMORY_KIB} KiB")
        return None


# About 0.5 s on the reference laptop (STYLE.md). The floor, 64 MiB, is for tests and benchmarks
# that unlock hundreds of times; it is still DESIGN.md's minimum.
STANDARD_KDF = KdfParams(memory_kib=256 * 1024, time_cost=3, parallelism=4)
FLOOR_KDF = KdfParams(memory_kib=64 * 1024, time_cost=1, parallelism=1)


def default_kdf() -> KdfParams:
    return FLOOR_KDF if os.environ.get("WAYMARK_KDF_PROFILE") == "floor" else STANDARD_KDF


def _b64(data: bytes | bytearray) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def wipe(buf: bytearray | None) -> None:
    """Overwrite key bytes in place (a bytearray, unlike bytes, can be cleared)."""
    if buf is None:
        return
    for i in range(len(buf)):
        buf[i] = 0


# Argon2 and the cryptography package load on the first derivation, not with the module: the
# unlock screen reads this file (a user's slow-down) before anyone has typed a passphrase.


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        secret=unicodedata.normalize("NFC", secret).encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _hkdf(key: bytes | bytearray, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(bytes(key))


def seal_to(public: bytes, data: bytes | bytearray, aad: bytes) -> bytes:
    """Encrypt `data` to an X25519 public key: ephemeral key (32) || nonce (12) || AES-GCM."""
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    eph = X25519PrivateKey.generate()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(public))
    nonce = secrets.token_bytes(12)
    eph_pub = eph.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    body = AESGCM(_hkdf(shared, b"waymark-grant" + eph_pub)).encrypt(nonce, bytes(data), aad)
    return eph_pub + nonce + body


def open_sealed(private: bytes | bytearray, sealed: bytes, aad: bytes) -> bytearray | None:
    if len(sealed) < 32 + 12 + 16:
        return None
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    eph_pub, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    key = X25519PrivateKey.from_private_bytes(bytes(private))
    shared = key.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    try:
        return bytearray(AESGCM(_hkdf(shared, b"waymark-grant" + eph_pub)).decrypt(
            nonce, body, aad))
    except InvalidTag:
        return None


@dataclass
class Slot:
    id: str
    salt: bytes
    params: KdfParams
    nonce: bytes
    wrapped: bytes
    box_public: bytes | None = None
    box_nonce: bytes | None = None
    box_wrapped: bytes | None = None
    grant: bytes | None = None
    sign_public: bytes | None = None
    sign_nonce: bytes | None = None
    sign_wrapped: bytes | None = None

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": self.id,
            "kdf": {"alg": "argon2id", **self.params.to_json(), "salt": _b64(self.salt)},
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }
        if self.box_public and self.box_nonce and self.box_wrapped:
            doc["box"] = {"public": _b64(self.box_public), "nonce": _b64(self.box_nonce),
                          "wrapped": _b64(self.box_wrapped)}
        if self.grant:
            doc["grant"] = _b64(self.grant)
        if self.sign_public and self.sign_nonce and self.sign_wrapped:
            doc["sign"] = {"public": _b64(self.sign_public), "nonce": _b64(self.sign_nonce),
                           "wrapped": _b64(self.sign_wrapped)}
        return doc

    @staticmethod
    def from_json(s: dict[str, Any]) -> Slot:
        kdf = s["kdf"]
        if kdf.get("alg") != "argon2id":
            raise ValueError("unknown key derivation")
        params = KdfParams(int(kdf["m"]), int(kdf["t"]), int(kdf["p"]))
        slot = Slot(str(s["id"]), _unb64(kdf["salt"]), params, _unb64(s["nonce"]),
                    _unb64(s["wrapped"]))
        box = s.get("box")
        if box is not None:
            slot.box_public = _unb64(box["public"])
            slot.box_nonce = _unb64(box["nonce"])
            slot.box_wrapped = _unb64(box["wrapped"])
            if len(slot.box_public) != 32:
                raise ValueError("a key slot's box key has the wrong length")
        if s.get("grant") is not None:
            slot.grant = _unb64(s["grant"])
        sign = s.get("sign")
        if sign is not None:
            slot.sign_public = _unb64(sign["public"])
            slot.sign_nonce = _unb64(sign["nonce"])
            slot.sign_wrapped = _unb64(sign["wrapped"])
            if (len(slot.sign_public) != 32 or len(slot.sign_nonce) != 12
                    or len(slot.sign_wrapped) != 48):
                raise ValueError("a key slot's signing key has the wrong length")
        if len(slot.salt) < 8 or len(slot.nonce) != 12 or len(slot.wrapped) != 48:
            raise ValueError("a key slot has fields of the wrong length")
        return slot


@dataclass
class Opened:
    """What one slot unwraps to. The caller wipes the buffers when it is done with them."""

    vault_key: bytearray
    lead_key: bytearray | None
    has_box: bool
    # The user's Ed25519 private key (raw 32 bytes); None for a slot made before version 3.
    sign_key: bytearray | None = None
    # The slot holds a signing key that did not open: its public half or wrapping was edited.
    sign_damaged: bool = False

    def wipe(self) -> None:
        wipe(self.vault_key)
        wipe(self.lead_key)
        wipe(self.sign_key)


@dataclass
class KeyFile:
    vault_id: str
    name_salt: bytes
    slots: dict[str, Slot] = field(default_factory=dict)
    mac: bytes | None = None
    version: int = VERSION

    # --- naming -------------------------------------------------------------------------
    def slot_id(self, username: str) -> str:
        name = unicodedata.normalize("NFC", username).strip().casefold()
        return hmac.new(self.name_salt, name.encode("utf-8"), hashlib.sha256).hexdigest()

    def _aad(self, slot_id: str, part: str = "") -> bytes:
        return f"{FORMAT}:{self.vault_id}:{slot_id}{part}".encode()

    def _sign_aad(self, slot_id: str, public: bytes) -> bytes:
        return self._aad(slot_id, ":sign:" + _b64(public))

    def sign_public(self, username: str) -> bytes | None:
        """The public half of a user's signing key as the key file records it, or None."""
        slot = self.slots.get(self.slot_id(username))
        return slot.sign_public if slot is not None else None

    # --- wrap / unwrap --------------------------------------------------------------------
    def wrap(self, slot_id: str, secret: str, vault_key: bytes | bytearray, params: KdfParams,
             lead_key: bytes | bytearray | None = None,
             sign_key: bytes | bytearray | None = None) -> None:
        """(Re)make a slot: the vault key and a new box key pair under the secret, and, when
        `lead_key` is given, a grant of it; when `sign_key` (raw Ed25519 private bytes) is
        given, the user's signing key too."""
        from cryptography.hazmat.primitives import serialization as ser
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = derive(secret, salt, params)
        aead = AESGCM(kek)
        wrapped = aead.encrypt(nonce, bytes(vault_key), self._aad(slot_id))
        box = X25519PrivateKey.generate()
        box_private = box.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw,
                                        ser.NoEncryption())
        box_nonce = secrets.token_bytes(12)
        slot = Slot(slot_id, salt, params, nonce, wrapped,
                    box_public=box.public_key().public_bytes(ser.Encoding.Raw,
                                                             ser.PublicFormat.Raw),
                    box_nonce=box_nonce,
                    box_wrapped=aead.encrypt(box_nonce, box_private, self._aad(slot_id, ":box")))
        if sign_key is not None:
            public = Ed25519PrivateKey.from_private_bytes(sign_key).public_key().public_bytes(
                ser.Encoding.Raw, ser.PublicFormat.Raw)
            slot.sign_public = public
            slot.sign_nonce = secrets.token_bytes(12)
            slot.sign_wrapped = aead.encrypt(slot.sign_nonce, bytes(sign_key),
                                             self._sign_aad(slot_id, public))
        self.slots[slot_id] = slot
        if lead_key is not None:
            self.grant(slot_id, lead_key)

    def add_signing(self, slot_id: str, secret: str, sign_key: bytes | bytearray) -> bool:
        """Give an existing slot a signing key (a slot from before version 3), leaving its
        other keys and grant as they are. False when the secret does not open the slot."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives import serialization as ser
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        slot = self.slots.get(slot_id)
        if slot is None:
            return False
        aead = AESGCM(derive(secret, slot.salt, slot.params))
        try:
            aead.decrypt(slot.nonce, slot.wrapped, self._aad(slot_id))
        except InvalidTag:
            return False
        public = Ed25519PrivateKey.from_private_bytes(sign_key).public_key().public_bytes(
            ser.Encoding.Raw, ser.PublicFormat.Raw)
        slot.sign_public = public
        slot.sign_nonce = secrets.token_bytes(12)
        slot.sign_wrapped = aead.encrypt(slot.sign_nonce, bytes(sign_key),
                                         self._sign_aad(slot_id, public))
        return True

    def grant(self, slot_id: str, lead_key: bytes | bytearray) -> bool:
        """Give a slot the lead key (no passphrase needed); False if the slot has no box yet."""
        slot = self.slots.get(slot_id)
        if slot is None or slot.box_public is None:
            return False
        slot.grant = seal_to(slot.box_public, lead_key, self._aad(slot_id, ":lead"))
        return True

    def revoke(self, slot_id: str) -> None:
        slot = self.slots.get(slot_id)
        if slot is not None:
            slot.grant = None

    def has_grant(self, slot_id: str) -> bool:
        slot = self.slots.get(slot_id)
        return slot is not None and slot.grant is not None

    def open(self, slot_id: str, secret: str) -> Opened | None:
        """The slot's keys, or None when the secret is wrong or there is no such slot.

        An unknown slot still costs one key derivation, so timing does not reveal which user
        names exist.
        """
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        slot = self.slots.get(slot_id)
        if slot is None:
            derive(secret, b"\0" * 16, default_kdf())
            return None
        kek = derive(secret, slot.salt, slot.params)
        aead = AESGCM(kek)
        try:
            vault_key = bytearray(aead.decrypt(slot.nonce, slot.wrapped, self._aad(slot_id)))
        except InvalidTag:
            return None
        lead_key = None
        has_box = bool(slot.box_public and slot.box_nonce and slot.box_wrapped)
        if has_box and slot.grant is not None:
            assert slot.box_nonce is not None and slot.box_wrapped is not None
            try:
                box_private = bytearray(aead.decrypt(slot.box_nonce, slot.box_wrapped,
                                                     self._aad(slot_id, ":box")))
            except InvalidTag:
                box_private = None
            if box_private is not None:
                lead_key = open_sealed(box_private, slot.grant, self._aad(slot_id, ":lead"))
                wipe(box_private)
        opened = Opened(vault_key, lead_key, has_box)
        if slot.sign_public and slot.sign_nonce and slot.sign_wrapped:
            try:
                opened.sign_key = bytearray(aead.decrypt(
                    slot.sign_nonce, slot.sign_wrapped, self._sign_aad(slot_id, slot.sign_public)))
            except InvalidTag:
                opened.sign_damaged = True
        return opened

    def unwrap(self, slot_id: str, secret: str) -> bytes | None:
        """The vault key alone (a passphrase check), or None."""
        opened = self.open(slot_id, secret)
        if opened is None:
            return None
        key = bytes(opened.vault_key)
        opened.wipe()
        return key

    def has_user(self, username: str) -> bool:
        return self.slot_id(username) in self.slots

    # --- authentication of the file ---------------------------------------------------------
    def _body(self, version: int | None = None) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": self.version if version is None else version,
            "vault_id": self.vault_id,
            "name_salt": _b64(self.name_salt),
            "slots": [s.to_json() for s in sorted(self.slots.values(), key=lambda s: s.id)],
        }

    @staticmethod
    def _canonical(doc: dict[str, Any]) -> bytes:
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @staticmethod
    def mac_key(vault_key: bytes | bytearray) -> bytes:
        return _hkdf(vault_key, b"waymark-keys-mac")

    def verify_mac(self, vault_key: bytes | bytearray) -> bool:
        """True when the header was last written by a holder of this vault key (a version 1
        file, from before the MAC existed, passes until its next save)."""
        if self.mac is None:
            return self.version < 2
        expected = hmac.new(self.mac_key(vault_key), self._canonical(self._body()),
                            hashlib.sha256).digest()
        return hmac.compare_digest(expected, self.mac)

    # --- serialisation --------------------------------------------------------------------
    def to_bytes(self, vault_key: bytes | bytearray) -> bytes:
        # Saving upgrades the file: an older version's slots are a subset of this one's.
        doc = self._body(VERSION)
        self.mac = hmac.new(self.mac_key(vault_key), self._canonical(doc),
                            hashlib.sha256).digest()
        self.version = VERSION
        doc["mac"] = _b64(self.mac)
        doc["check"] = hashlib.sha256(self._canonical(doc)).hexdigest()
        return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def save(self, path: Path, vault_key: bytes | bytearray) -> None:
        write_atomic(path, self.to_bytes(vault_key))

    @staticmethod
    def new() -> KeyFile:
        return KeyFile(vault_id=secrets.token_hex(16), name_salt=secrets.token_bytes(16))

    @staticmethod
    def load(path: Path) -> KeyFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeyFileDamaged(str(path), "the file is missing") from None
        return KeyFile.parse(raw, str(path))

    @staticmethod
    def parse(raw: bytes, where: str) -> KeyFile:
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("not a Waymark key file")
            version = int(doc["version"])
            if version > VERSION:
                raise VaultTooNew(version, VERSION)
            check = doc.pop("check", None)
            needs_check = check is not None or version >= 2
            if needs_check and not (isinstance(check, str) and hmac.compare_digest(
                    hashlib.sha256(KeyFile._canonical(doc)).hexdigest(), check)):
                raise ValueError("its checksum does not match: bytes were changed")
            kf = KeyFile(vault_id=str(doc["vault_id"]), name_salt=_unb64(doc["name_salt"]),
                         version=version)
            if doc.get("mac") is not None:
                kf.mac = _unb64(doc["mac"])
            for s in doc["slots"]:
                slot = Slot.from_json(s)
                problem = slot.params.problem()
                if problem:
                    raise ValueError(problem)
                kf.slots[slot.id] = slot
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError,
                RecursionError) as exc:
            raise KeyFileDamaged(where, _describe(exc)) from None
        if not kf.slots:
            raise KeyFileDamaged(where, "it holds no key slots")
        return kf


def _describe(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return "it is truncated or not valid JSON"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not text"
    if isinstance(exc, KeyError):
        return "a required field is missing"
    return str(exc) or exc.__class__.__name__
