"""GUI fixtures: a real temp vault, a runner with services on its one thread, an app context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from records_fixtures import records, vn_records  # noqa: F401 - fixtures for every GUI test
from shell_support import (  # noqa: E402
    ADMIN,
    ADMIN_NAME,
    ADMIN_PASS,
    ORG,
    STAFF,
    STAFF_NAME,
    STAFF_PASS,
    MadeVault,
    context_for,
    unlock_in,
)

from desktop.app.services import Services
from desktop.domain.roles import Role
from desktop.ui import i18n
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner
from desktop.vault.store import Vault


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After each test body: let queued vault jobs finish and their callbacks run while the
    test's widgets still exist (pytest-qt closes them before fixtures are torn down)."""
    yield
    args = getattr(item, "funcargs", {})
    qtbot = args.get("qtbot")
    runners = {id(v): v for v in args.values() if isinstance(v, TaskRunner)}
    if qtbot is not None:
        for r in runners.values():
            qtbot.waitUntil(lambda r=r: r.pending == 0, timeout=20000)


@pytest.fixture
def made_vault(tmp_path: Path) -> MadeVault:
    """A closed vault with an admin and a staff user."""
    folder = tmp_path / "vault"
    vault, code = Vault.create(folder, org_name=ORG, jurisdiction="england", language="en",
                               admin_username=ADMIN, admin_display_name=ADMIN_NAME,
                               passphrase=ADMIN_PASS)
    try:
        Services(vault).users.add(STAFF, STAFF_NAME, Role.STAFF, STAFF_PASS)
    finally:
        vault.close()
    return MadeVault(folder, code)


@pytest.fixture
def runner(qtbot: object) -> Iterator[TaskRunner]:
    """A vault runner; at teardown its vault is closed and its thread joined."""
    r = TaskRunner()
    yield r

    r.close_session()
    r.shutdown()


@pytest.fixture
def admin_runner(runner: TaskRunner, qtbot: object, made_vault: MadeVault) -> TaskRunner:
    unlock_in(runner, qtbot, made_vault.folder, ADMIN, ADMIN_PASS)
    return runner


@pytest.fixture
def admin_context(admin_runner: TaskRunner, made_vault: MadeVault) -> AppContext:
    return context_for(admin_runner.session.signed_in(), made_vault.folder)


@pytest.fixture
def staff_runner(runner: TaskRunner, qtbot: object, made_vault: MadeVault) -> TaskRunner:
    unlock_in(runner, qtbot, made_vault.folder, STAFF, STAFF_PASS)
    return runner


@pytest.fixture
def staff_context(staff_runner: TaskRunner, made_vault: MadeVault) -> AppContext:
    return context_for(staff_runner.session.signed_in(), made_vault.folder)


@pytest.fixture(autouse=True)
def english(qapp: object) -> Iterator[None]:
    """Every test starts and ends in English."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")
