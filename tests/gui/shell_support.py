"""Constants and helpers shared by the shell's GUI tests (importable: tests/gui is on sys.path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.app import Services
from desktop.ui.shell.context import AppContext
from desktop.ui.worker import VaultRunner
from desktop.vault.store import Vault

ADMIN = "amira"
ADMIN_NAME = "Amira Khan"
ADMIN_PASS = "kettle orchard lantern"
STAFF = "tuan"
STAFF_NAME = "Nguyễn Văn Tuấn"
STAFF_PASS = "river stone window"
ORG = "Harbour House"


@dataclass
class MadeVault:
    folder: Path
    recovery_code: str


def unlock_in(runner: VaultRunner, qtbot: Any, folder: Path, user: str,
              passphrase: str) -> Vault:
    def job() -> Vault:
        vault = Vault.unlock(folder, user, passphrase)
        runner.services = Services(vault)
        return vault

    vault = runner.submit(job).result(30)
    qtbot.waitUntil(lambda: runner.pending == 0)
    return vault


def context_for(vault: Vault, folder: Path) -> AppContext:
    return AppContext(vault_dir=folder, username=vault.user.username,
                      display_name=vault.user.display_name, role=vault.user.role,
                      jurisdiction="england", org_name=ORG, language="en")


def close_in(runner: VaultRunner, qtbot: Any) -> None:
    """Close the runner's vault on its own thread (the file lock belongs to that thread)."""

    def close() -> None:
        services, runner.services = runner.services, None
        if services is not None:
            services.vault.close()

    runner.submit(close).result(30)
    qtbot.waitUntil(lambda: runner.pending == 0)
