"""Helpers shared by the integration tests (imported as `vaultkit`)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from desktop.app.services import Services
from desktop.domain.concerns import Concern
from desktop.domain.people import Person
from desktop.vault.store import Vault

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ADMIN_PASS = "admin passphrase for tests"
LEAD_PASS = "lead passphrase for tests"
STAFF_PASS = "staff passphrase for tests"
STAFF2_PASS = "second staff passphrase"


@dataclass
class OpenVault:
    folder: Path
    vault: Vault
    services: Services
    recovery_code: str


def make_vault(folder: Path, jurisdiction: str = "england") -> tuple[Vault, str]:
    return Vault.create(folder, org_name="Test Org", jurisdiction=jurisdiction, language="en",
                        admin_username="admin", admin_display_name="Ada Admin",
                        passphrase=ADMIN_PASS)


def hong() -> Person:
    return Person(given_names="Thị Hồng", family_name="Nguyễn", date_of_birth=date(2011, 4, 2),
                  sex="female", nationality="Việt Nam", location_kind="placement",
                  location="Nhà Hoa Mai")


def concern_for(person_id: str, text: str = "Said an older man buys her phone credit.",
                risk: bool = False) -> Concern:
    return Concern(person_id=person_id, seen_or_heard=text,
                   occurred_at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC), place="lounge",
                   categories=("cse",), immediate_risk=risk, told=("dsl",))


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["WAYMARK_KDF_PROFILE"] = "floor"
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


PYTHON = sys.executable
