"""The People page: by name whatever the case, a page at a time, with each shown person's open
tasks (the query reads the page, not the whole vault: issue 14)."""

from __future__ import annotations

from collections.abc import Callable

from vaultkit import STAFF_PASS, OpenVault, concern_for

from desktop.domain.people import Person


def test_pages_follow_the_name_order_whatever_the_case(admin: OpenVault) -> None:
    s = admin.services
    names = ["bùi an", "Bui Binh", "anh", "Zed", "Ánh", "carla", "Anh"]
    with admin.vault.transaction():
        for name in names:
            s.people.register(Person(given_names="", family_name=name))
    shown = [p.display_name for p in s.people.list(limit=3)]
    shown += [p.display_name for p in s.people.list(limit=3, offset=3)]
    shown += [p.display_name for p in s.people.list(limit=3, offset=6)]
    assert len(shown) == len(names)
    folded = [n.casefold() for n in shown]
    # SQLite's NOCASE folds ASCII letters only; "Ánh" sorts after the ASCII names.
    assert folded[:2] == ["anh", "anh"] and shown.index("Ánh") == 6
    assert folded[2:6] == ["bui binh", "bùi an", "carla", "zed"]


def test_open_tasks_are_counted_for_the_people_shown(admin: OpenVault) -> None:
    s = admin.services
    quiet = s.people.register(Person(given_names="Quiet", family_name="Aaron"))
    busy = s.people.register(Person(given_names="Busy", family_name="Abbot"))
    s.concerns.record(concern_for(busy, risk=True))
    page = {p.id: p for p in s.people.list(limit=2)}
    assert page[quiet].open_tasks == 0
    assert page[busy].open_tasks == len(s.tasks.list(person_id=busy)) > 0


def test_staff_see_only_their_people_in_order(
    admin: OpenVault, login: Callable[[str, str], OpenVault]
) -> None:
    s = admin.services
    ids = {name: s.people.register(Person(given_names="", family_name=name))
           for name in ("delta", "Alpha", "charlie", "Bravo")}
    for name in ("delta", "Alpha", "charlie"):
        s.people.share(ids[name], "staff")
    staff = login("staff", STAFF_PASS)
    assert [p.display_name for p in staff.services.people.list(limit=2)] == ["Alpha", "charlie"]
    assert [p.display_name for p in staff.services.people.list(limit=2, offset=2)] == ["delta"]
