"""The files of a vault folder. Kept apart from the store so the first screen can ask whether
a vault exists without loading SQLCipher, Argon2 and the cryptography package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_NAME = "vault.db"
KEYS_NAME = "vault.keys"
THROTTLE_NAME = "vault.throttle"
LOCK_NAME = "vault.lock"
# A new vault (schema 10, four events, one audit entry) is 388 KiB, WAL included; a vault that has
# been used for a while is larger. Size alone cannot prove a vault empty (a few records fit in
# its free pages), which is why a replaced half-made vault is moved aside, never deleted.
# tests/integration/test_trust_keys.py checks a new vault stays under this as the schema grows.
HALF_MADE_MAX_BYTES = 480 * 1024
# The first bytes of a vault.db written on 2 KiB pages (schema 12 on): SQLCipher keeps its
# salt in the clear at the start of the file, and these vaults begin theirs with this mark
# (the other 8 bytes random). Such a vault was made by a set-up that is atomic, so it is never
# a half-made one, whatever its size (2 KiB pages made a used vault smaller than the limit).
FORMAT_MARK = b"Waymark2"


@dataclass(frozen=True)
class VaultPaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def keys(self) -> Path:
        return self.folder / KEYS_NAME

    @property
    def throttle(self) -> Path:
        return self.folder / THROTTLE_NAME

    @property
    def lock(self) -> Path:
        return self.folder / LOCK_NAME

    def exists(self) -> bool:
        return self.keys.exists() or self.db.exists()

    def half_made(self) -> bool:
        """vault.db with no vault.keys and no more in it than a set-up writes: an interrupted
        set-up by an earlier version (now `create` is atomic). Its key was never saved, and it
        holds no records, so replacing it loses nothing."""
        if self.keys.exists() or not self.db.exists():
            return False
        if any(p.name.startswith(f".{KEYS_NAME}.") for p in self.folder.iterdir()):
            return False  # a header write was under way: not ours to judge
        with self.db.open("rb") as db:
            if db.read(len(FORMAT_MARK)) == FORMAT_MARK:
                return False
        size = sum(p.stat().st_size for p in (self.db, self.folder / (DB_NAME + "-wal"))
                   if p.exists())
        return size <= HALF_MADE_MAX_BYTES


__all__ = ["DB_NAME", "FORMAT_MARK", "HALF_MADE_MAX_BYTES", "KEYS_NAME", "LOCK_NAME",
           "THROTTLE_NAME", "VaultPaths"]
