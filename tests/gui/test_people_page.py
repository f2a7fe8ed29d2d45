"""The people page: search as you type, details, chronology and its filter."""

from __future__ import annotations

from datetime import UTC, datetime

from records_fixtures import Records, sample_people

from PySide6.QtCore import Qt

from desktop.domain.concerns import Concern
from desktop.ui import i18n
from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.editors.person_dialog import PersonDialog
from desktop.ui.editors.record_dialogs import NoteDialog
from desktop.ui.models.chronology_model import KIND, WHAT, WHO
from desktop.ui.models.people_model import AGE, NAME, TASKS
from desktop.ui.pages.people_page import PeoplePage


def _page(qtbot, env: Records) -> PeoplePage:
    # Earlier changes announced by the runner are delivered before the page exists.
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    page = PeoplePage(env.runner, env.context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    with qtbot.waitSignal(page.people_loaded):
        page.refresh()
    return page


def _cell(model, row: int, col: int) -> str:
    return str(model.data(model.index(row, col)))


def _select(qtbot, page: PeoplePage, person_id: str) -> None:
    with qtbot.waitSignal(page.person_loaded):
        page.select_person(person_id)


def test_typing_a_name_without_diacritics_finds_the_person(qtbot, records: Records) -> None:
    sample_people(records)
    page = _page(qtbot, records)
    assert page.people_model.rowCount() == 3
    with qtbot.waitSignal(page.people_loaded, timeout=3000):
        qtbot.keyClicks(page.search, "nguyen hong")
    assert page.people_model.rowCount() == 1
    assert _cell(page.people_model, 0, NAME) == "Thị Hồng Nguyễn"  # England: given first
    with qtbot.waitSignal(page.people_loaded, timeout=3000):
        page.search.clear()
    assert page.people_model.rowCount() == 3


def test_vietnamese_search_text_set_directly_finds_the_person(qtbot, records: Records) -> None:
    sample_people(records)
    page = _page(qtbot, records)
    with qtbot.waitSignal(page.people_loaded, timeout=3000):
        page.search.setText("Trần Đức")
    assert [_cell(page.people_model, r, NAME) for r in range(page.people_model.rowCount())] \
        == ["Văn Đức Trần"]


def test_list_shows_estimated_and_disputed_age_and_overdue_tasks(qtbot, records: Records) -> None:
    ids = sample_people(records)
    records.call(lambda s: s.concerns.record(Concern(
        ids["duc"], "Said he was 16 but looked younger", datetime.now(UTC),
        categories=("trafficking",), immediate_risk=True)))
    page = _page(qtbot, records)
    row = page.people_model.row_of(ids["duc"])
    assert _cell(page.people_model, row, AGE) == "~16 (estimated), age disputed"
    assert "overdue" in _cell(page.people_model, row, TASKS)
    brush = page.people_model.data(page.people_model.index(row, TASKS),
                                   Qt.ItemDataRole.BackgroundRole)
    assert brush is not None


def test_chronology_lists_entries_in_order_with_author_and_filters(qtbot, records: Records
                                                                   ) -> None:
    ids = sample_people(records)
    hong = ids["hong"]
    records.call(lambda s: s.people.add_note(hong, "Em nói đã bị giữ hộ chiếu."))
    records.call(lambda s: s.concerns.record(Concern(
        hong, "Came back late in a stranger's car", datetime.now(UTC), categories=("cse",))))
    page = _page(qtbot, records)
    _select(qtbot, page, hong)
    model = page.chronology_model
    kinds = [_cell(model, r, KIND) for r in range(model.rowCount())]
    # Newest first: the concern's tasks, the concern, the note, the registration.
    assert kinds[-1] == "Registered"
    assert kinds.index("Concern") < kinds.index("Note")
    assert {_cell(model, r, WHO) for r in range(model.rowCount())} == {"Lead"}
    note_row = kinds.index("Note")
    assert _cell(model, note_row, WHAT) == "Em nói đã bị giữ hộ chiếu."

    page.order.setCurrentIndex(1)  # oldest first
    assert _cell(model, 0, KIND) == "Registered"

    with qtbot.waitSignal(page.person_loaded):
        page.filter.setCurrentIndex(page.filter.findData("concerns"))
    assert model.rowCount() == 1
    assert _cell(model, 0, WHAT) == "Came back late in a stranger's car"
    with qtbot.waitSignal(page.person_loaded):
        page.filter.setCurrentIndex(page.filter.findData("tasks"))
    assert model.rowCount() >= 2
    assert {_cell(model, r, KIND) for r in range(model.rowCount())} == {"Task"}


def test_details_show_disputed_age_as_a_child(qtbot, records: Records) -> None:
    ids = sample_people(records)
    page = _page(qtbot, records)
    _select(qtbot, page, ids["duc"])
    assert page.name_heading.text() == "Văn Đức Trần"
    assert "treated as a child" in page.details.text()


def test_new_person_dialog_registers_a_person_with_vietnamese_names(qtbot, records: Records
                                                                   ) -> None:
    page = _page(qtbot, records)
    page.new_person_action.trigger()
    dialog = page.editors[-1]
    assert isinstance(dialog, PersonDialog)
    dialog.family.setText("Lê")
    dialog.given.setText("Thị Mai Anh")
    dialog.aliases.setText("Mai, Bé Na")
    dialog.est_radio.setChecked(True)
    dialog.estimated.setValue(17)
    dialog.disputed.setChecked(True)
    dialog.languages.setText("Tiếng Việt, English")
    dialog.interpreter.setChecked(True)
    dialog.add_carer.click()
    dialog.carer_rows[0].name.setText("Phạm Văn Hải")
    dialog.carer_rows[0].involved.setChecked(True)
    dialog.add_doc.click()
    dialog.doc_rows[0].kind.setText("Hộ chiếu")
    dialog.doc_rows[0].state.setCurrentIndex(dialog.doc_rows[0].state.findData("missing"))
    with qtbot.waitSignal(dialog.person_saved) as saved, \
            qtbot.waitSignal(page.person_loaded, timeout=5000):
        dialog.save_button.click()
    person_id = saved.args[0]
    record = records.call(lambda s: s.people.get(person_id))
    assert record.display_name == "Thị Mai Anh Lê"  # the England vault's order
    assert record.person.aliases == ("Mai", "Bé Na")
    assert record.person.carers[0].may_be_involved
    assert record.person.documents[0].state == "missing"
    assert page.name_heading.text() == "Thị Mai Anh Lê"
    assert "Phạm Văn Hải" in page.details.text()
    assert records.call(lambda s: s.drafts.list("person")) == []


def test_person_dialog_explains_a_missing_name_in_plain_words(qtbot, records: Records) -> None:
    page = _page(qtbot, records)
    page.new_person()
    dialog = page.editors[-1]
    assert isinstance(dialog, PersonDialog)
    dialog.save_button.click()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Write at least one name or alias."


def test_add_note_appears_in_chronology(qtbot, records: Records, monkeypatch) -> None:
    ids = sample_people(records)
    page = _page(qtbot, records)
    _select(qtbot, page, ids["amy"])
    monkeypatch.setattr(NoteDialog, "ask",
                        classmethod(lambda cls, parent, name, **kw: "Phoned mum"))
    with qtbot.waitSignal(page.person_loaded, timeout=5000):
        page.note_action.trigger()
    texts = [_cell(page.chronology_model, r, WHAT)
             for r in range(page.chronology_model.rowCount())]
    assert texts[0] == "Phoned mum"


def test_ctrl_r_opens_concern_dialog_and_flush_saves_the_draft(qtbot, records: Records) -> None:
    ids = sample_people(records)
    page = _page(qtbot, records)
    _select(qtbot, page, ids["hong"])
    page.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = next(e for e in page.editors if isinstance(e, ConcernDialog))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    dialog.text.setPlainText("Em kể có người lạ đón ở cổng trường")
    page.flush_drafts()  # what the lock hook does, before the 300 ms autosave fires
    drafts = records.call(lambda s: s.drafts.list("concern", ids["hong"]))
    assert drafts[0].content["seen_or_heard"] == "Em kể có người lạ đón ở cổng trường"
    page.close_editors()
    assert page.editors == []


def test_switching_language_retranslates_the_page(qtbot, records: Records) -> None:
    ids = sample_people(records)
    page = _page(qtbot, records)
    _select(qtbot, page, ids["duc"])
    assert page.concern_button.text() == "Record concern"
    i18n.set_language("vi")  # LanguageChange events are posted, so wait for them
    qtbot.waitUntil(lambda: page.concern_button.text() == "Ghi nhận mối lo ngại")
    assert page.filter_label.text() == "Hiển thị"
    assert page.people_model.headerData(NAME, Qt.Orientation.Horizontal) == "Họ và tên"
    assert "tranh chấp" in _cell(page.people_model, page.people_model.row_of(ids["duc"]), AGE)
    i18n.set_language("en")
    qtbot.waitUntil(lambda: page.concern_button.text() == "Record concern")


def test_person_draft_survives_closing_and_is_restored(qtbot, records: Records) -> None:
    page = _page(qtbot, records)
    page.new_person()
    dialog = page.editors[-1]
    assert isinstance(dialog, PersonDialog)
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    with qtbot.waitSignal(dialog.keeper.saved, timeout=3000):
        dialog.family.setText("Đặng")
        dialog.estimated.setValue(12)  # choosing an age selects "Estimated age"
    dialog.close_button.click()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    assert page.editors == []
    page.new_person()
    again = page.editors[-1]
    assert isinstance(again, PersonDialog)
    qtbot.waitUntil(lambda: again.family.text() == "Đặng")
    assert again.est_radio.isChecked() and again.estimated.value() == 12
    assert again.banner.isVisible()


def test_share_with_a_colleague(qtbot, records: Records, monkeypatch) -> None:
    from desktop.domain.roles import Role
    from desktop.ui.editors.record_dialogs import ShareDialog

    ids = sample_people(records)
    records.call(lambda s: s.users.add("binh", "Lê Văn Bình", Role.STAFF,
                                       "một câu mật khẩu đủ dài"))
    page = _page(qtbot, records)
    _select(qtbot, page, ids["hong"])
    assert page.share_button.isEnabled()
    offered: list[list[tuple[str, str]]] = []

    def fake_ask(cls, parent, name: str, colleagues: list[tuple[str, str]]) -> str:
        offered.append(colleagues)
        return "binh"

    monkeypatch.setattr(ShareDialog, "ask", classmethod(fake_ask))
    with qtbot.waitSignal(page.person_loaded, timeout=5000):
        page.share_action.trigger()
    assert offered == [[("binh", "Lê Văn Bình")]]
    assert page.chronology_model.data(page.chronology_model.index(0, KIND)) == "Shared"


def test_a_long_list_says_it_is_cut_and_search_finds_the_rest(qtbot, records: Records,
                                                              monkeypatch) -> None:
    from desktop.ui.pages import people_page

    sample_people(records)
    monkeypatch.setattr(people_page, "LIST_LIMIT", 2)
    page = _page(qtbot, records)
    assert page.people_model.rowCount() == 2
    assert page.count_label.text() == "The first 2 of 3 people. Type a name to find anyone else."
    with qtbot.waitSignal(page.people_loaded, timeout=3000):
        page.search.setText("tran duc")
    assert page.count_label.text() == "1 found"


def test_a_note_being_typed_when_the_app_locks_is_kept_and_offered_again(
        qtbot, records: Records, monkeypatch) -> None:
    ids = sample_people(records)
    page = _page(qtbot, records)
    _select(qtbot, page, ids["amy"])
    offered: list[str] = []

    def typing_then_lock(cls, parent, name, initial="", opened=None):  # type: ignore[no-untyped-def]
        dialog = cls(parent, name)
        qtbot.addWidget(dialog)
        dialog.text.setPlainText("Amy said her uncle takes her phone — she seemed scared")
        opened(dialog)
        page.flush_drafts()  # what the main window does before it locks
        opened(None)
        return None  # the lock hid the dialog: nothing added

    monkeypatch.setattr(NoteDialog, "ask", classmethod(typing_then_lock))
    page.add_note()
    qtbot.waitUntil(lambda: records.runner.pending == 0)  # the draft look-up, then the dialog

    def offered_again(cls, parent, name, initial="", opened=None):  # type: ignore[no-untyped-def]
        offered.append(initial)
        return initial

    monkeypatch.setattr(NoteDialog, "ask", classmethod(offered_again))
    with qtbot.waitSignal(page.person_loaded, timeout=5000):
        page.add_note()
    assert offered == ["Amy said her uncle takes her phone — she seemed scared"]
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    # Added once; the kept draft is gone.
    assert records.runner.call(lambda s: s.drafts.list("note", ids["amy"])) == []


def test_a_newer_search_skips_the_older_ones_still_waiting(qtbot, records: Records,
                                                            monkeypatch) -> None:
    """Issue 14: keystrokes never queue up searches behind each other on the vault thread."""
    sample_people(records)
    page = _page(qtbot, records)
    ran: list[str] = []
    import threading

    gate = threading.Event()
    original = type(records.runner.services.search).people

    def counted(self, text, limit=50):  # type: ignore[no-untyped-def]
        ran.append(text)
        return original(self, text, limit)

    monkeypatch.setattr(type(records.runner.services.search), "people", counted)
    records.runner.submit(lambda: gate.wait(10))  # the vault thread is busy meanwhile
    for text in ("n", "ng", "ngu", "nguy", "nguyen"):
        page.search.setText(text)
        page.load_people()
    with qtbot.waitSignal(page.people_loaded, timeout=5000):
        gate.set()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    assert ran == ["nguyen"]
    assert page.people_model.rowCount() == 1
