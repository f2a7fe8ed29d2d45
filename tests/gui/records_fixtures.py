"""Fixtures for the people, concern and tasks tests: a real temp vault behind a TaskRunner.

Import the fixtures you use into a test module (`from records_fixtures import records`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from PySide6.QtWidgets import QApplication

from desktop.app.session import SignedIn
from desktop.domain.disclosures import Disclosure, Told, Turn
from desktop.domain.people import Person
from desktop.ui import i18n
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

PASSPHRASE = "correct horse battery"


@dataclass
class Records:
    """A temp vault, unlocked as `lead`, behind a runner."""

    folder: Path
    runner: TaskRunner
    context: AppContext

    def call(self, job):  # type: ignore[no-untyped-def]
        return self.runner.call(job)

    def add_person(self, **fields: object) -> str:
        person = Person(**fields)  # type: ignore[arg-type]
        return str(self.runner.call(lambda s: s.people.register(person)))

    def reopen(self, username: str = "lead") -> None:
        """Close the vault and unlock it again, as after a crash or an auto-lock."""
        session = self.runner.session
        self.runner.submit(session.close).result(30)
        self.runner.submit(lambda: session.unlock(self.folder, username, PASSPHRASE)).result(30)


@pytest.fixture
def records(tmp_path: Path, qapp: object) -> Iterator[Records]:
    yield from _records(tmp_path, "england")


@pytest.fixture
def vn_records(tmp_path: Path, qapp: object) -> Iterator[Records]:
    """The same, for an organisation in Viet Nam."""
    yield from _records(tmp_path, "vietnam")


def _records(tmp_path: Path, jurisdiction: str) -> Iterator[Records]:
    folder = tmp_path / "v"
    runner = TaskRunner()

    def create() -> SignedIn:
        # On the vault thread, as the app does: the vault's file lock belongs to that thread.
        return runner.session.create(folder, org_name="Test", jurisdiction=jurisdiction,
                                     language="en", admin_username="lead",
                                     admin_display_name="Lead", passphrase=PASSPHRASE)[0]

    context = AppContext(vault_dir=folder, user=runner.submit(create).result(60))
    env = Records(folder, runner, context)
    yield env
    # As the app does on lock: editors flush and close first, then the vault closes.
    for widget in QApplication.topLevelWidgets():
        widget.close()
    deadline = time.monotonic() + 10
    while runner.pending and time.monotonic() < deadline:
        QApplication.processEvents()
    services = runner.services
    if services is not None:
        runner.submit(runner.session.close).result(30)
        assert services.vault.closed
    runner.shutdown()
    if i18n.current_language() != "en":
        i18n.set_language("en")


def sample_people(env: Records) -> dict[str, str]:
    """Three people with Vietnamese and English names; returns name -> id."""
    return {
        "hong": env.add_person(given_names="Thị Hồng", family_name="Nguyễn",
                               date_of_birth=date(2011, 4, 2), location_kind="placement",
                               location="Oak House"),
        "duc": env.add_person(given_names="Văn Đức", family_name="Trần", estimated_age=16,
                              age_disputed=True, location_kind="border_post"),
        "amy": env.add_person(given_names="Amy", family_name="Clarke", estimated_age=14,
                              location_kind="school"),
    }


PASSPORT_WORDS = "He keeps my passport in his car."


def seal_sample_disclosure(env: Records, person_id: str) -> None:
    """A sealed disclosure in the person's own words, the DSL told twenty minutes later: what a
    referral is prefilled and printed from."""
    env.call(lambda s: s.disclosures.seal(Disclosure(
        person_id=person_id, when=datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
        turns=(Turn("person", PASSPORT_WORDS),),
        told=(Told("dsl", datetime(2026, 11, 20, 15, 20, tzinfo=UTC)),))))
