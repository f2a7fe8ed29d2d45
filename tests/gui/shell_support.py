"""Constants and helpers shared by the shell's GUI tests (importable: tests/gui is on sys.path)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.app.session import SignedIn
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

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


def unlock_in(runner: TaskRunner, qtbot: Any, folder: Path, user: str,
              passphrase: str) -> SignedIn:
    user_in = runner.submit(lambda: runner.session.unlock(folder, user, passphrase)).result(30)
    qtbot.waitUntil(lambda: runner.pending == 0)
    return user_in


def context_for(user: SignedIn, folder: Path) -> AppContext:
    return AppContext(vault_dir=folder, user=replace(user, jurisdiction="england",
                                                     org_name=ORG, language="en"))


def close_in(runner: TaskRunner, qtbot: Any) -> None:
    """Close the runner's vault on its own thread (the file lock belongs to that thread)."""

    runner.submit(runner.session.close).result(30)
    qtbot.waitUntil(lambda: runner.pending == 0)
