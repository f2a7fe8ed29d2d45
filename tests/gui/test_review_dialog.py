"""A fork after sync (issue 6): a lead sees both versions side by side on the Sync page and
keeps one; the decision is one more event and the record is no longer flagged."""

from __future__ import annotations

from pathlib import Path

from desktop.domain import events as ev
from desktop.domain.people import Person
from desktop.ui.editors.review_dialog import ReviewDialog
from desktop.ui.pages.sync_page import SyncPage

try:
    from test_accessibility import problems
except ImportError:  # pragma: no cover
    from tests.gui.test_accessibility import problems

from records_fixtures import Records


def _fork(env: Records) -> str:
    person_id = env.add_person(given_names="Thị Hồng", family_name="Nguyễn")

    def job(s):  # type: ignore[no-untyped-def]
        from desktop.vault.store import _insert_event

        parent = s.vault.head(person_id)
        with s.vault.transaction():
            for name, device in (("Thị Hồng Nhung", "dev-a"), ("Thị Hồng Nga", "dev-b")):
                _insert_event(s.vault.conn, ev.new_event(
                    record_id=person_id, kind=ev.PERSON_UPDATED, author="lead", device=device,
                    parent_hash=parent,
                    payload=Person(given_names=name, family_name="Nguyễn").to_json()))

    env.call(job)
    return person_id


def test_a_lead_compares_two_versions_and_keeps_one(qtbot, records: Records,
                                                    tmp_path: Path) -> None:
    person_id = _fork(records)
    page = SyncPage(records.runner, records.context)
    page.worker.stop()
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.review_list.count() == 1)
    assert not page.review_box.isHidden()
    with qtbot.waitSignal(page.review_opened) as opened:
        page.open_review()
    dialog = opened.args[0]
    assert isinstance(dialog, ReviewDialog)
    assert problems(dialog) == []
    names = [v.payload["given_names"] for v in dialog.versions]
    assert sorted(names) == ["Thị Hồng Nga", "Thị Hồng Nhung"]
    keep = names.index("Thị Hồng Nga")
    dialog.note.setText("Checked with her passport")
    dialog.keep_buttons[keep].click()
    qtbot.waitUntil(lambda: page.review_list.count() == 0)
    person = records.call(lambda s: s.people.get(person_id))
    assert person.person.given_names == "Thị Hồng Nga" and not person.needs_review
    resolved = records.call(lambda s: s.vault.read(
        "SELECT payload FROM events WHERE kind = 'record.resolved'"))
    assert len(resolved) == 1 and "Checked with her passport" in resolved[0][0]
    assert records.call(lambda s: s.checks.run().ok)
