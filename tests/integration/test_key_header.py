"""vault.keys: one Argon2id + AES-GCM slot per user and one for the recovery code."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from vaultkit import ADMIN_PASS, STAFF_PASS, OpenVault, hong, make_vault

from desktop.app.services import Services
from desktop.domain.roles import Role
from desktop.vault import atomic, keyfile
from desktop.vault.errors import StorageFailed, VaultTooNew, WrongPassphrase
from desktop.vault.keyfile import FLOOR_KDF, RECOVERY_SLOT, KeyFile
from desktop.vault.store import Vault

Login = Callable[[str, str], OpenVault]


def test_wrong_passphrase_fails_at_gcm_before_vault_db_is_opened(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = make_vault(vault_dir)
    vault.close()
    kf = KeyFile.load(vault_dir / "vault.keys")
    assert kf.unwrap(kf.slot_id("admin"), "not the passphrase at all") is None
    assert kf.unwrap(kf.slot_id("admin"), ADMIN_PASS) is not None

    def no_db(*args: object, **kwargs: object) -> None:
        raise AssertionError("vault.db was opened for a wrong passphrase")

    monkeypatch.setattr("desktop.vault.store._connect", no_db)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, "admin", "not the passphrase at all")


def test_slot_ids_hide_user_names(admin: OpenVault) -> None:
    raw = (admin.folder / "vault.keys").read_bytes()
    doc = json.loads(raw)
    # Random salts, nonces and wrapped keys are base64 or hex; by chance they may
    # spell "Sam" (CI did, once). Every other key and text in the file must not.
    opaque = re.compile(r"[A-Za-z0-9+/=_-]{16,}")
    words: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                words.append(str(key))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and not opaque.fullmatch(node):
            words.append(node)

    walk(doc)
    assert words  # the walk saw the file's plain keys
    for name in ("admin", "lead", "staff", "staff2", "Ada Admin", "Lê Lan", "Sam"):
        assert not any(name.casefold() in word.casefold() for word in words), name
    ids = {s["id"] for s in doc["slots"]}
    assert len(ids) == 5 and RECOVERY_SLOT in ids  # four users + recovery


def test_slot_lookup_ignores_case_and_unicode_form(admin: OpenVault) -> None:
    import unicodedata

    kf = admin.vault.keyfile
    assert kf.slot_id("ADMIN") == kf.slot_id(" admin ")
    assert kf.slot_id("Lê.Đức") == kf.slot_id(unicodedata.normalize("NFD", "lê.đức"))
    assert kf.slot_id("staff") != kf.slot_id("staff2")


def test_changing_a_passphrase_rewrites_one_slot_only(admin: OpenVault, login: Login) -> None:
    before = json.loads((admin.folder / "vault.keys").read_bytes())
    staff = login("staff", STAFF_PASS)
    staff.services.users.change_own(STAFF_PASS, "a brand new staff passphrase")
    after = json.loads((admin.folder / "vault.keys").read_bytes())
    old = {s["id"]: s for s in before["slots"]}
    new = {s["id"]: s for s in after["slots"]}
    assert old.keys() == new.keys()
    changed = [i for i in old if old[i] != new[i]]
    assert changed == [staff.vault.keyfile.slot_id("staff")]
    staff.vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(admin.folder, "staff", STAFF_PASS)
    Vault.unlock(admin.folder, "staff", "a brand new staff passphrase").close()


def test_change_own_needs_the_old_passphrase(admin: OpenVault) -> None:
    before = (admin.folder / "vault.keys").read_bytes()
    with pytest.raises(WrongPassphrase):
        admin.services.users.change_own("wrong old passphrase", "another long passphrase")
    assert (admin.folder / "vault.keys").read_bytes() == before


def test_recovery_code_restores_access_when_every_passphrase_is_lost(vault_dir: Path) -> None:
    vault, code = make_vault(vault_dir)
    person_id = Services(vault).people.register(hong())
    vault.close()
    # Typed sloppily: lower case, spaces instead of dashes.
    sloppy = code.lower().replace("-", " ")
    recovered = Vault.unlock_with_recovery(vault_dir, sloppy, "admin", "found my way back in")
    try:
        assert Services(recovered).people.get(person_id).person.family_name == "Nguyễn"
    finally:
        recovered.close()
    Vault.unlock(vault_dir, "admin", "found my way back in").close()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, "admin", ADMIN_PASS)


def test_wrong_recovery_code_is_refused(vault_dir: Path) -> None:
    vault, _ = make_vault(vault_dir)
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.unlock_with_recovery(
            vault_dir, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "admin", "found my way back in"
        )


def test_header_writes_are_atomic_temp_then_rename(
    admin: OpenVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = admin.folder / "vault.keys"
    before = keys.read_bytes()
    calls: list[tuple[str, str]] = []
    real_replace = os.replace

    def crashing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append((str(src), str(dst)))
        # The new header is complete on disk before it takes the real name.
        assert json.loads(Path(src).read_bytes())["format"] == keyfile.FORMAT
        raise OSError("simulated crash at the rename")

    monkeypatch.setattr(atomic.os, "replace", crashing_replace)
    with pytest.raises(StorageFailed):  # a clear message, not a raw OSError
        admin.services.users.add("newbie", "New Bie", Role.STAFF, "newbie passphrase here")
    assert calls and calls[0][1] == str(keys) and calls[0][0] != str(keys)
    assert keys.read_bytes() == before  # the old header is untouched
    assert not [p for p in admin.folder.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(atomic.os, "replace", real_replace)


def test_newer_keyfile_version_is_refused(vault_dir: Path) -> None:
    vault, _ = make_vault(vault_dir)
    vault.close()
    keys = vault_dir / "vault.keys"
    doc = json.loads(keys.read_bytes())
    doc["version"] = keyfile.VERSION + 1
    keys.write_text(json.dumps(doc))
    raw = keys.read_bytes()
    db = (vault_dir / "vault.db").read_bytes()
    with pytest.raises(VaultTooNew) as err:
        Vault.unlock(vault_dir, "admin", ADMIN_PASS)
    assert "newer Waymark" in str(err.value)
    assert keys.read_bytes() == raw and (vault_dir / "vault.db").read_bytes() == db


def test_kdf_is_argon2id_with_at_least_64_mib(admin: OpenVault) -> None:
    for slot in admin.vault.keyfile.slots.values():
        assert slot.params.memory_kib >= FLOOR_KDF.memory_kib == 64 * 1024
    assert keyfile.STANDARD_KDF.memory_kib >= 64 * 1024
