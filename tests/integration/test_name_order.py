"""Names in the order people say them (issue 16): given names first in an England vault ("Leah
Grace Thompson", not "Thompson Leah Grace"), the family name first in a Viet Nam vault (họ, tên
đệm, tên: "Nguyễn Thị Hồng") — in the People list, a person's record, tasks and forms alike,
and after a rebuild of the projections from the log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.app.services import Services
from desktop.domain.concerns import Concern
from desktop.domain.people import FAMILY_FIRST, GIVEN_FIRST, Person, full_name, name_order
from desktop.vault import projections
from desktop.vault.store import Vault

PASSPHRASE = "kettle orchard lantern"


def test_the_domain_puts_a_name_together_in_either_order() -> None:
    assert full_name(" Leah Grace ", "Thompson", GIVEN_FIRST) == "Leah Grace Thompson"
    assert full_name("Thị Hồng", "Nguyễn", FAMILY_FIRST) == "Nguyễn Thị Hồng"
    assert full_name("", "Nguyễn", FAMILY_FIRST) == "Nguyễn"
    assert Person(aliases=("Bé Na",)).display_name(GIVEN_FIRST) == "Bé Na"
    assert name_order("england") == GIVEN_FIRST and name_order("vietnam") == FAMILY_FIRST
    assert name_order(None) == GIVEN_FIRST
    # A form printed in Vietnamese writes names the Vietnamese way, whatever the vault.
    assert name_order("england", "vi") == FAMILY_FIRST
    assert name_order("england", "en") == GIVEN_FIRST


@pytest.fixture(params=["england", "vietnam"])
def vault(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    v, _code = Vault.create(tmp_path / "v", org_name="Test", jurisdiction=request.param,
                            language="en", admin_username="lead", admin_display_name="Lead",
                            passphrase=PASSPHRASE)
    try:
        yield Services(v)
    finally:
        v.close()


def _expected(services: Services, given: str, family: str) -> str:
    return {"england": f"{given} {family}", "vietnam": f"{family} {given}"}[
        str(services.vault.meta("jurisdiction"))]


def test_every_screen_reads_the_name_in_the_vaults_order(vault: Services) -> None:
    pid = vault.people.register(Person(given_names="Leah Grace", family_name="Thompson",
                                       estimated_age=15))
    want = _expected(vault, "Leah Grace", "Thompson")
    assert [p.display_name for p in vault.people.list()] == [want]
    assert vault.people.get(pid).display_name == want
    # A concern's tasks carry the name the Tasks page shows.
    vault.concerns.record(Concern(person_id=pid, seen_or_heard="Seen with an older man.",
                                  occurred_at=datetime.now(UTC), categories=("cse",)))
    tasks = vault.tasks.list()
    assert tasks and {t.person_name for t in tasks} == {want}


def test_an_edit_and_a_rebuild_keep_the_order(vault: Services) -> None:
    pid = vault.people.register(Person(given_names="Thị Hồng", family_name="Nguyễn"))
    record = vault.people.get(pid)
    vault.people.update(pid, Person(given_names="Thị Hồng Nhung", family_name="Nguyễn",
                                    estimated_age=record.person.estimated_age))
    want = _expected(vault, "Thị Hồng Nhung", "Nguyễn")
    assert vault.people.get(pid).display_name == want
    with vault.vault.transaction() as conn:
        projections.rebuild(conn)
    assert vault.people.get(pid).display_name == want


def test_a_form_prints_the_name_in_the_vaults_order(vault: Services) -> None:
    pid = vault.people.register(Person(given_names="Leah Grace", family_name="Thompson",
                                       estimated_age=15))
    context = vault.referrals.context(pid, "en")
    assert context["person"]["display_name"] == _expected(vault, "Leah Grace", "Thompson")
    in_vietnamese = vault.referrals.context(pid, "vi")
    assert in_vietnamese["person"]["display_name"] == "Thompson Leah Grace"
