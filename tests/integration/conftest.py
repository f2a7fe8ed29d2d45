"""Vault fixtures for integration tests: real SQLCipher vaults in a temp folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from vaultkit import (
    FIXTURES,
    LEAD_PASS,
    STAFF2_PASS,
    STAFF_PASS,
    OpenVault,
    make_vault,
)

from desktop.app.services import Services
from desktop.domain.roles import Role
from desktop.vault.store import Vault


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def admin(vault_dir: Path) -> Iterator[OpenVault]:
    """A fresh vault, unlocked as its admin, with a lead and two staff users."""
    vault, code = make_vault(vault_dir)
    services = Services(vault)
    services.users.add("lead", "Lê Lan", Role.LEAD, LEAD_PASS)
    services.users.add("staff", "Sam Staff", Role.STAFF, STAFF_PASS)
    services.users.add("staff2", "Sơn Staff", Role.STAFF, STAFF2_PASS)
    yield OpenVault(vault_dir, vault, services, code)
    vault.close()


@pytest.fixture
def login(admin: OpenVault) -> Iterator[Callable[[str, str], OpenVault]]:
    """Switch user: closes whoever is open and unlocks as `username`."""
    opened: list[Vault] = []

    def _login(username: str, passphrase: str) -> OpenVault:
        admin.vault.close()
        for v in opened:
            v.close()
        vault = Vault.unlock(admin.folder, username, passphrase)
        opened.append(vault)
        admin.vault = vault
        return OpenVault(admin.folder, vault, Services(vault), admin.recovery_code)

    yield _login
    for v in opened:
        v.close()


@pytest.fixture
def fixture_v1(tmp_path: Path) -> Path:
    """A copy of the committed schema-1 vault (never open the committed files directly)."""
    target = tmp_path / "vault-v1"
    shutil.copytree(FIXTURES / "vault-v1", target)
    return target
