"""The search hint and the empty state promise what search does, and the promise holds."""

from __future__ import annotations

from desktop.ui.editors.person_dialog import PersonDialog
from desktop.ui.pages.people_page import PeoplePage

try:
    from records_fixtures import Records
    from test_people_page import _page
except ImportError:  # pragma: no cover - when tests/ is imported as a package
    from tests.gui.records_fixtures import Records
    from tests.gui.test_people_page import _page


def _search(qtbot, page: PeoplePage, text: str) -> list[str]:
    with qtbot.waitSignal(page.people_loaded, timeout=5000):
        page.search.clear()
        qtbot.keyClicks(page.search, text)
    model = page.people_model
    return [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]


def test_the_hints_promises_hold(qtbot, records: Records) -> None:
    records.add_person(given_names="Kayden", family_name="Walsh", aliases=("KJ",))
    records.add_person(given_names="Leah", family_name="Thompson")
    page = _page(qtbot, records)
    # "The start of any name or alias"
    assert any("Kayden" in n for n in _search(qtbot, page, "wal"))
    assert any("Kayden" in n for n in _search(qtbot, page, "kj"))
    # "three or more letters anywhere in a name": the "ayde"
    assert any("Kayden" in n for n in _search(qtbot, page, "ayde"))
    assert not page.no_match.isVisible()
    assert page.count_label.text() == "1 found"
    # "names spelled nearly the same": the "Kaiden"
    assert any("Kayden" in n for n in _search(qtbot, page, "Kaiden"))


def test_nobody_found_says_what_search_does_and_offers_to_register(qtbot, records: Records
                                                                   ) -> None:
    records.add_person(given_names="Leah", family_name="Thompson")
    page = _page(qtbot, records)
    assert _search(qtbot, page, "zzqx") == []
    assert page.no_match.isVisible()
    text = page.no_match.text.text()
    assert text.startswith("Nobody found for “zzqx”.")
    assert "three or more letters anywhere in a name" in text
    assert "try part of a name" not in text
    assert page.no_match.register_button.text() == "Register a new person"
    assert not page.new_button.isVisible()  # one way to register, not two
    page.no_match.register_button.click()
    assert isinstance(page.editors[-1], PersonDialog)
    # Clearing the search puts the list back and the empty state away.
    with qtbot.waitSignal(page.people_loaded, timeout=5000):
        page.search.clear()
    assert not page.no_match.isVisible() and page.new_button.isVisible()
    assert page.count_label.text() == "1 person"
