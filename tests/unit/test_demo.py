"""`waymark demo`: fictional people true to the vault's jurisdiction (England: children in care
and at school; Viet Nam: citizens received at a border post), intact Vietnamese names, a vault
that checks."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app.services import Services
from desktop.demo import demo_users, fill_demo
from desktop.domain.people import FAMILY_FIRST, full_name
from desktop.domain.roles import Role
from desktop.vault.store import Vault

PASSPHRASE = "lantern orchard quietly 42"
VIETNAMESE_NAMES = ("Nguyễn Thị Hồng", "Trần Văn Đức", "Lê Thị Thu Hà", "Giàng A Páo",
                    "Sùng Thị Mỷ")
# The children with Vietnamese names an England vault holds (in care, at school).
VIETNAMESE_IN_ENGLAND = ("Vũ Văn Minh", "Trần Thị Mai")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "vault"
    summary = fill_demo(folder, "admin", PASSPHRASE, 30, "england")
    assert "30 fictional people added" in summary
    assert "same passphrase as admin" in summary
    return folder


@pytest.fixture(scope="module")
def vn_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-vn") / "vault"
    fill_demo(folder, "admin", PASSPHRASE, 40, "vietnam")
    return folder


@pytest.fixture()
def vn_admin(vn_dir: Path) -> Iterator[Services]:
    vault = Vault.unlock(vn_dir, "admin", PASSPHRASE)
    try:
        yield Services(vault)
    finally:
        vault.close()


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


def test_england_people_in_care_and_at_school_with_concerns(admin: Services) -> None:
    people = _people(admin)
    assert len(people) == 30
    kinds = {str(data["location_kind"]) for _, data in people}
    assert kinds == {"placement", "school"}  # no one received at a Vietnamese border post
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


def test_vietnamese_names_in_an_england_vault_print_as_england_records_names(
        admin: Services) -> None:
    # Spelled as in Viet Nam (họ tên đệm tên) from the stored parts; an England vault shows
    # them given names first, as it does every name.
    names = {full_name(str(d["given_names"]), str(d["family_name"]), FAMILY_FIRST)
             for _, d in _people(admin)}
    for name in VIETNAMESE_IN_ENGLAND:
        assert name in names
        assert unicodedata.is_normalized("NFC", name)
    found = admin.search.people("vu van minh")
    assert found and admin.people.get(found[0]).display_name == "Văn Minh Vũ"
    # One order wherever the vault shows or prints in English: list, page, tasks, forms; a
    # page in Vietnamese writes it family name first (domain.people.name_order).
    assert {p.display_name for p in admin.people.summaries(found)} == {"Văn Minh Vũ"}
    assert {t.person_name for t in admin.tasks.list(person_id=found[0])} == {"Văn Minh Vũ"}
    assert admin.referrals.context(found[0], "en")["person"]["display_name"] == "Văn Minh Vũ"
    assert admin.referrals.context(found[0], "vi")["person"]["display_name"] == "Vũ Văn Minh"
    minh = admin.people.get(found[0]).person
    assert minh.age_disputed and minh.interpreter_needed and minh.location_kind == "placement"
    # bench/stall_probe.py prints the fullest referral pack: the age-disputed child with a
    # sealed disclosure, found by this query.
    assert admin.vault.read(
        "SELECT d.person_id FROM disclosures d JOIN people p ON p.id = d.person_id "
        "ORDER BY p.age_disputed DESC, p.estimated_age LIMIT 1")[0][0] == found[0]
    # The checklist of a child trafficked to England, not the Vietnamese one.
    frameworks = {r[0] for r in admin.vault.read(
        "SELECT json_extract(data, '$.framework_id') FROM assessments")}
    assert "uk-child-trafficking" in frameworks
    assert not any(f.startswith("vn-") for f in frameworks)


def test_viet_nam_vault_holds_only_people_received_at_the_border(vn_admin: Services) -> None:
    people = _people(vn_admin)
    assert len(people) == 40
    assert {str(d["location_kind"]) for _, d in people} == {"border_post"}
    names = [name for name, _ in people]
    for name in VIETNAMESE_NAMES:  # family name first, as said in Viet Nam
        assert name in names
        assert unicodedata.is_normalized("NFC", name)
    for english in ("Kayla", "Brennan", "Okafor", "Amira", "Chloe", "Walsh", "Vũ Văn Minh"):
        assert not any(english in n for n in names)
    texts = [r[0] for r in vn_admin.vault.read("SELECT data FROM concerns")]
    assert any("người môi giới giữ" in t for t in texts)
    frameworks = {r[0] for r in vn_admin.vault.read(
        "SELECT json_extract(data, '$.framework_id') FROM assessments")}
    assert frameworks == {"vn-victim-identification"}
    found = vn_admin.search.people("nguyen thi hong")
    assert found and vn_admin.people.get(found[0]).display_name == "Nguyễn Thị Hồng"
    # The group handed back at the gate, with its reception record: the eight of the core set.
    groups = vn_admin.intake.groups()
    assert len(groups) == 1 and groups[0].members == 8
    members = {m.name for m in vn_admin.intake.members(groups[0].id)}
    assert set(VIETNAMESE_NAMES) <= members
    reception = vn_admin.intake.get(groups[0].id)
    assert "hư cấu" in json.dumps(reception, ensure_ascii=False)


def test_viet_nam_vault_has_no_english_records_or_staff(vn_admin: Services) -> None:
    # What staff wrote (people, concerns, notes, tasks done, disclosures), the users and the
    # organisation: no English sentence from an England vault. (Task titles and checklist
    # signs are stored in both languages, so those two events are not read here.)
    english = ("Fictional", "fictional", "demo note", "Referral made", "Done (", "the ",
               "Strategy discussion", "safeguarding")
    payloads = [r[0] for r in vn_admin.vault.read(
        "SELECT payload FROM events WHERE kind NOT IN ('task.created', 'assessment.submitted')")]
    assert len(payloads) > 100
    leaks = {w for text in payloads for w in english if w in text}
    assert leaks == set()
    users = {u.username: u.display_name for u in vn_admin.users.list()}
    assert set(users) == {"admin", *(u.username for u in demo_users("vietnam"))}
    assert "demo.care" not in users and "demo.teacher" not in users
    assert all("hư cấu" in name for name in users.values())
    assert "hư cấu" in (vn_admin.vault.meta("org_name") or "")
    # The lead did their part: some tasks done, none of them an England task.
    done = vn_admin.vault.read_one("SELECT count(*) FROM tasks WHERE done_at IS NOT NULL")[0]
    assert done > 0


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
    assert "demo.border" not in roles  # England's staff only
    for user in demo_users("england"):
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
