"""`waymark demo`: fictional people of every kind, intact Vietnamese names, a vault that checks."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app.services import Services
from desktop.demo import DEMO_USERS, fill_demo
from desktop.domain.people import FAMILY_FIRST, full_name
from desktop.domain.roles import Role
from desktop.vault.store import Vault

PASSPHRASE = "lantern orchard quietly 42"
VIETNAMESE_NAMES = ("Nguyễn Thị Hồng", "Trần Văn Đức", "Lê Thị Thu Hà", "Giàng A Páo",
                    "Sùng Thị Mỷ")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "vault"
    summary = fill_demo(folder, "admin", PASSPHRASE, 30, "england")
    assert "30 fictional people added" in summary
    assert "same passphrase as admin" in summary
    return folder


@pytest.fixture()
def admin(demo_dir: Path) -> Iterator[Services]:
    vault = Vault.unlock(demo_dir, "admin", PASSPHRASE)
    try:
        yield Services(vault)
    finally:
        vault.close()


def _people(s: Services) -> list[tuple[str, dict[str, object]]]:
    rows = s.vault.read("SELECT display_name, data FROM people ORDER BY display_name")
    return [(r[0], json.loads(r[1])) for r in rows]


def test_people_of_every_kind_with_concerns(admin: Services) -> None:
    people = _people(admin)
    assert len(people) == 30
    kinds = {str(data["location_kind"]) for _, data in people}
    assert {"placement", "school", "border_post"} <= kinds
    per_person = dict(admin.vault.read(
        "SELECT p.display_name, count(c.id) FROM people p JOIN concerns c ON c.person_id = p.id "
        "GROUP BY p.id"))
    assert per_person["Kayla Brennan"] >= 3
    assert per_person["Jordan Okafor"] >= 3
    assert per_person["Amira Haddad"] >= 2
    assert admin.vault.read_one("SELECT count(*) FROM tasks WHERE done_at IS NOT NULL")[0] > 0
    assert admin.vault.read_one("SELECT count(*) FROM person_access a JOIN people p "
                                "ON p.id = a.person_id WHERE a.username = 'demo.teacher' "
                                "AND p.registered_by <> 'demo.teacher'")[0] == 2


def test_vietnamese_names_and_text_intact(admin: Services) -> None:
    # Spelled as in Viet Nam (họ tên đệm tên) from the stored parts; an England vault shows
    # them given names first, as it does every name.
    names = {full_name(str(d["given_names"]), str(d["family_name"]), FAMILY_FIRST)
             for _, d in _people(admin)}
    for name in VIETNAMESE_NAMES:
        assert name in names
        assert unicodedata.is_normalized("NFC", name)
    texts = [r[0] for r in admin.vault.read("SELECT data FROM concerns")]
    assert any("người môi giới giữ" in t for t in texts)
    found = admin.search.people("nguyen thi hong")
    assert found and admin.people.get(found[0]).display_name == "Thị Hồng Nguyễn"


def test_every_person_is_marked_fictional(admin: Services) -> None:
    for _, data in _people(admin):
        notes = str(data["notes"])
        assert "Fictional" in notes or "hư cấu" in notes


def test_demo_users_of_each_role_share_the_passphrase(demo_dir: Path) -> None:
    vault = Vault.unlock(demo_dir, "demo.lead", PASSPHRASE)
    try:
        roles = {u.username: u.role for u in Services(vault).users.list()}
    finally:
        vault.close()
    for user in DEMO_USERS:
        assert roles[user.username] is user.role
    assert {Role.STAFF, Role.LEAD, Role.ADMIN} <= set(roles.values())
    vault = Vault.unlock(demo_dir, "demo.teacher", PASSPHRASE)
    try:
        visible = {p.display_name for p in Services(vault).people.list()}
    finally:
        vault.close()
    assert {"Amira Haddad", "Kayla Brennan", "Mia Kowalska"} <= visible  # England: given first
    assert "Jordan Okafor" not in visible


def test_check_passes(admin: Services) -> None:
    report = admin.checks.run()
    assert report.ok, report.problems


def test_deterministic_and_fills_again(tmp_path: Path) -> None:
    folder = tmp_path / "again"
    fill_demo(folder, "admin", PASSPHRASE, 12, "vietnam")
    first = _snapshot(folder)
    summary = fill_demo(folder, "admin", PASSPHRASE, 5, "vietnam")
    assert "5 fictional people added (17 in the vault)" in summary
    vault = Vault.unlock(folder, "admin", PASSPHRASE)
    try:
        assert Services(vault).checks.run().ok
    finally:
        vault.close()
    other = tmp_path / "other"
    fill_demo(other, "admin", PASSPHRASE, 12, "vietnam")
    assert _snapshot(other) == first


def _snapshot(folder: Path) -> tuple[list[str], list[str]]:
    vault = Vault.unlock(folder, "admin", PASSPHRASE)
    try:
        names = sorted(r[0] for r in vault.read("SELECT display_name FROM people"))
        texts = sorted(json.loads(r[0])["seen_or_heard"]
                       for r in vault.read("SELECT data FROM concerns"))
    finally:
        vault.close()
    return names, texts
