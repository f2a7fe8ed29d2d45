"""Roles are enforced in the services, not by hiding buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from vaultkit import (
    ADMIN_PASS,
    LEAD_PASS,
    STAFF2_PASS,
    STAFF_PASS,
    OpenVault,
    concern_for,
    hong,
)

from desktop.domain.people import Person
from desktop.domain.roles import Role
from desktop.vault.errors import InvalidInput, NotAllowed, WrongPassphrase
from desktop.vault.store import Vault

Login = Callable[[str, str], OpenVault]


@pytest.fixture
def staff_person(login: Login) -> tuple[str, str]:
    """A person registered by `staff`, with one concern (which creates lead tasks, and a task
    for staff to tell the DSL: the concern records nobody told yet)."""
    staff = login("staff", STAFF_PASS)
    person_id = staff.services.people.register(hong())
    recorded = staff.services.concerns.record(replace(concern_for(person_id), told=()))
    return person_id, recorded.concern_id


def test_staff_cannot_read_another_staff_members_person(
    login: Login, staff_person: tuple[str, str]
) -> None:
    person_id, concern_id = staff_person
    other = login("staff2", STAFF2_PASS)
    s = other.services
    with pytest.raises(NotAllowed):
        s.people.get(person_id)
    with pytest.raises(NotAllowed):
        s.people.chronology(person_id)
    with pytest.raises(NotAllowed):
        s.concerns.get(concern_id)
    with pytest.raises(NotAllowed):
        s.people.update(person_id, Person(given_names="Changed"))
    with pytest.raises(NotAllowed):
        s.people.add_note(person_id, "should not be allowed")
    assert s.search.people("nguyen hong") == []
    assert s.search.people("phone credit") == []
    assert s.people.list() == [] and s.people.count() == 0
    assert s.tasks.list() == []
    assert s.people.summaries([person_id]) == []


def test_sharing_lets_a_colleague_read(login: Login, staff_person: tuple[str, str]) -> None:
    person_id, concern_id = staff_person
    staff = login("staff", STAFF_PASS)
    staff.services.people.share(person_id, "staff2")
    other = login("staff2", STAFF2_PASS)
    assert other.services.people.get(person_id).person.family_name == "Nguyễn"
    assert other.services.search.people("nguyen hong") == [person_id]
    assert other.services.concerns.get(concern_id)["seen_or_heard"]
    assert any(e.kind == "concern.recorded" for e in other.services.people.chronology(person_id))


def test_staff_cannot_share_a_person_they_did_not_register(
    login: Login, staff_person: tuple[str, str]
) -> None:
    person_id, _ = staff_person
    lead = login("lead", LEAD_PASS)
    lead.services.people.share(person_id, "staff2")  # a lead may share
    other = login("staff2", STAFF2_PASS)
    with pytest.raises(NotAllowed):
        other.services.people.share(person_id, "staff2")


def test_lead_reads_everything(login: Login, staff_person: tuple[str, str]) -> None:
    person_id, concern_id = staff_person
    lead = login("lead", LEAD_PASS)
    assert lead.services.people.get(person_id).registered_by == "staff"
    assert lead.services.search.people("Hồng") == [person_id]
    assert lead.services.concerns.get(concern_id)["person_id"] == person_id
    assert {t.person_id for t in lead.services.tasks.list()} == {person_id}


def test_staff_cannot_manage_users_or_policy(login: Login) -> None:
    staff = login("staff", STAFF_PASS)
    with pytest.raises(NotAllowed):
        staff.services.users.add("sneaky", "Sneaky", Role.ADMIN, "sneaky passphrase here")
    with pytest.raises(NotAllowed):
        staff.services.users.disable("staff2")
    with pytest.raises(NotAllowed):
        staff.services.users.reset_passphrase("admin", "taken over passphrase")
    with pytest.raises(NotAllowed):
        staff.services.settings.set_idle_lock_minutes(60)
    lead = login("lead", LEAD_PASS)
    with pytest.raises(NotAllowed):
        lead.services.users.add("sneaky", "Sneaky", Role.STAFF, "sneaky passphrase here")
    assert not lead.vault.keyfile.has_user("sneaky")


def test_staff_cannot_complete_lead_tasks_but_can_complete_their_own(
    login: Login, staff_person: tuple[str, str]
) -> None:
    staff = login("staff", STAFF_PASS)
    tasks = staff.services.tasks.list()
    lead_tasks = [t for t in tasks if t.assignee_role == "lead"]
    staff_tasks = [t for t in tasks if t.assignee_role == "staff"]
    assert lead_tasks and staff_tasks
    with pytest.raises(NotAllowed):
        staff.services.tasks.complete(lead_tasks[0].id)
    staff.services.tasks.complete(staff_tasks[0].id, "told the DSL in person")
    lead = login("lead", LEAD_PASS)
    lead.services.tasks.complete(lead_tasks[0].id, "referred")
    done = {t.id: t for t in lead.services.tasks.list(include_done=True)}
    assert done[staff_tasks[0].id].done_by == "staff"
    assert done[lead_tasks[0].id].done_by == "lead"
    assert done[lead_tasks[0].id].done_at


def test_disabled_user_cannot_unlock_and_reenabled_needs_new_passphrase(
    admin: OpenVault, login: Login
) -> None:
    admin.services.users.disable("staff")
    assert not admin.vault.keyfile.has_user("staff")
    with pytest.raises(WrongPassphrase):
        login("staff", STAFF_PASS)
    a = login("admin", ADMIN_PASS)
    a.services.users.enable("staff", "welcome back long phrase")
    with pytest.raises(WrongPassphrase):
        login("staff", STAFF_PASS)
    assert login("staff", "welcome back long phrase").vault.user.role is Role.STAFF


def test_disabled_user_with_a_stale_slot_still_cannot_unlock(
    admin: OpenVault, login: Login
) -> None:
    # Restoring an old vault.keys brings back the slot; the users table still says no.
    old_keys = (admin.folder / "vault.keys").read_bytes()
    admin.services.users.disable("staff")
    admin.vault.close()
    (admin.folder / "vault.keys").write_bytes(old_keys)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(admin.folder, "staff", STAFF_PASS)


def test_last_admin_cannot_be_disabled(admin: OpenVault, login: Login) -> None:
    s = admin.services
    with pytest.raises(InvalidInput) as err:
        s.users.disable("admin")
    assert err.value.problems == ["cannot_disable_self"]
    s.users.add("admin2", "Second Admin", Role.ADMIN, "second admin passphrase")
    s.users.disable("admin2")  # not the last: allowed
    admins = [u for u in s.users.list() if u.role is Role.ADMIN and u.active]
    assert [u.username for u in admins] == ["admin"]
    other = login("admin", ADMIN_PASS)
    with pytest.raises(InvalidInput):
        other.services.users.disable("admin")


def test_admin_resets_a_users_lost_passphrase(admin: OpenVault, login: Login) -> None:
    admin.services.users.reset_passphrase("staff", "reset by the admin today")
    with pytest.raises(WrongPassphrase):
        login("staff", STAFF_PASS)
    assert login("staff", "reset by the admin today").vault.user.username == "staff"


def test_weak_passphrase_for_a_new_user_is_refused(admin: OpenVault) -> None:
    from desktop.domain.passphrase import PassphraseRejected

    with pytest.raises(PassphraseRejected):
        admin.services.users.add("weak", "Weak", Role.STAFF, "password1234")
    assert not admin.vault.keyfile.has_user("weak")
