"""Border work in the app (issues 12 and 17): the route chosen on the concern and checklist
windows, a received group amended and its members added and corrected from the Groups page,
the group forms printed through the export dialog, and a person's group on the People page."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.domain.groups import Reception, parse_row
from desktop.domain.people import Person
from desktop.ui.editors.assessment_dialog import AssessmentDialog
from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.editors.export_dialog import ExportDialog
from desktop.ui.editors.group_amend_dialog import MemberDialog, ReceptionAmendDialog
from desktop.ui.pages.group_page import GroupPage
from desktop.ui.pages.people_page import PeoplePage
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

try:
    from test_group_page import NAMES, env  # noqa: F401
except ImportError:  # pragma: no cover - when tests/ is imported as a package
    from tests.gui.test_group_page import NAMES, env  # noqa: F401

Env = tuple[TaskRunner, AppContext]
SHOTS = os.environ.get("WAYMARK_SHOTS")  # a folder: screenshots to look at, not kept


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]


def _group(runner: TaskRunner, n: int = 4) -> tuple[str, list[str]]:
    rows = [parse_row({"name": name, "sex": "nữ", "birth_year": "2012" if i == 2 else "1999",
                       "ethnicity": "Dao", "accompanies": "1" if i == 2 else ""}, date.today())
            for i, name in enumerate(NAMES[:n])]
    got = runner.call(lambda s: s.intake.receive(Reception(
        received_at=datetime.now(UTC).isoformat(), place="Cửa khẩu Kim Thành",
        handed_over_by="Trạm Biên phòng Hà Khẩu", interpreter="Lò Văn Páo"), rows))
    return got.group_id, list(got.person_ids)


def _page(qtbot, runner: TaskRunner, context: AppContext) -> GroupPage:
    page = GroupPage(runner, context)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: len(page.members) > 0 and runner.pending == 0)
    return page


def test_the_officer_chooses_the_route_on_the_concern_window(qtbot, env: Env) -> None:
    runner, context = env
    person_id = runner.call(lambda s: s.people.register(Person(
        given_names="Thị Mai", family_name="Vàng", date_of_birth=date(1999, 3, 1),
        location_kind="border_post")))
    dialog = ConcernDialog(runner, context, person_id, "Vàng Thị Mai")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.route_choice.isVisible())
    # Received at a border post: a hand-back unless the officer says otherwise.
    assert dialog.route_choice.buttons["border_handback"].isChecked()
    _shot(dialog, "concern-route-en")
    qtbot.keyClicks(dialog.text, "Said she was taken across the border and sold.")
    dialog.category_checks["trafficking"].setChecked(True)
    dialog.route_choice.buttons["rescue"].click()
    with qtbot.waitSignal(dialog.concern_recorded, timeout=10000) as recorded:
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    concern_id = recorded.args[0]
    assert runner.call(lambda s: s.concerns.get(concern_id))["route"] == "rescue"
    rules = {t.rule_id for t in dialog.created_tasks}
    assert "rescue_to_facility" in rules
    assert not {"hand_to_commune", "handback_joint_reception"} & rules


def test_the_checklist_window_offers_the_route_and_the_steps_follow_it(qtbot, env: Env
                                                                       ) -> None:
    runner, context = env
    _group_id, ids = _group(runner)
    dialog = AssessmentDialog(runner, context, ids[0], NAMES[0], False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.pending == 0)
    dialog.start()
    dialog.go(len(dialog.pages))  # straight to the outcome
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    # A member of a group reception: a hand-back.
    assert dialog.route_choice.isVisible()
    assert dialog.route_choice.buttons["border_handback"].isChecked()
    assert dialog.outcome.route == "border_handback"
    dialog.outcome = None
    dialog.route_choice.buttons["self_referral"].click()
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    assert dialog.outcome.route == "self_referral"


def test_a_signed_group_amended_a_late_arrival_added_and_a_name_corrected(
        qtbot, env: Env, monkeypatch) -> None:
    runner, context = env
    group_id, ids = _group(runner)
    runner.call(lambda s: s.intake.sign(group_id))
    page = _page(qtbot, runner, context)
    assert not page.changes_label.isVisible()

    def fill_reception(dialog: QDialog) -> bool:
        assert isinstance(dialog, ReceptionAmendDialog)
        assert "signed original is kept" in dialog.findChildren(type(page.message))[0].text()
        dialog.edits["interpreter"].setText("Lò Văn Pảo")
        dialog.reason.setText("Ghi nhầm tên người phiên dịch")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(GroupPage, "ask", staticmethod(fill_reception))
    page.amend_reception()
    qtbot.waitUntil(lambda: page.changes_label.isVisible())
    assert "Ghi nhầm tên người phiên dịch" in page.changes_label.text()
    assert "Lò Văn Páo → Lò Văn Pảo" in page.changes_label.text()

    def fill_member(dialog: QDialog) -> bool:
        assert isinstance(dialog, MemberDialog)
        dialog.name.setText("Mùa Thị Sênh")
        dialog.age.setText("~16")
        dialog.ethnicity.setText("H'Mông")
        dialog.reason.setText("Đến muộn")
        dialog.accept()
        return True

    monkeypatch.setattr(GroupPage, "ask", staticmethod(fill_member))
    page.add_member()
    qtbot.waitUntil(lambda: len(page.members) == 5)
    late = page.members[-1]
    assert (late.n, late.name, late.child) == (5, "Mùa Thị Sênh", True)
    assert late.open_tasks > 0  # their own follow-up tasks
    assert page.member_table.item(4, 2).text() == "Child"

    def correct(dialog: QDialog) -> bool:
        assert isinstance(dialog, MemberDialog)
        assert dialog.name.text() == NAMES[1]  # filled in as it stands
        dialog.name.setText("Giàng A Dở")
        dialog.age.setText("1994")
        dialog.reason.setText("Sửa theo giấy tờ tùy thân")
        dialog.accept()
        return True

    monkeypatch.setattr(GroupPage, "ask", staticmethod(correct))
    page.select_member(1)
    page.edit_member()
    qtbot.waitUntil(lambda: page.members[1].name == "Giàng A Dở")
    person = runner.call(lambda s: s.people.get(ids[1])).person
    assert person.family_name == "Giàng" and person.given_names == "A Dở"
    qtbot.waitUntil(lambda: "Sửa theo giấy tờ tùy thân" in page.changes_label.text())
    assert len(runner.call(lambda s: s.group_changes.amendments(group_id))) == 3
    _shot(page, "groups-page-en")
    # A reason is always asked for.
    empty = MemberDialog(page)
    qtbot.addWidget(empty)
    empty.name.setText("Ai đó")
    empty.accept()
    assert empty.result() != QDialog.DialogCode.Accepted and empty.error.isVisibleTo(empty)


def test_the_group_forms_print_from_the_page_through_the_export_dialog(
        qtbot, env: Env, tmp_path: Path, monkeypatch) -> None:
    runner, context = env
    group_id, _ids = _group(runner)
    page = _page(qtbot, runner, context)
    dialog = page.print_forms()
    assert isinstance(dialog, ExportDialog) and dialog.group_id == group_id
    forms = [dialog.forms_list.item(i).data(Qt.ItemDataRole.UserRole).id
             for i in range(dialog.forms_list.count())]
    assert forms == sorted(forms) and set(forms) == {"vn-bien-ban-tiep-nhan-nhom",
                                                     "vn-bien-ban-ban-giao-nhom"}
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.preview()
    _shot(dialog, "group-export-en")
    # Saved with a PDF password: the file is encrypted, and the export is audited first.
    dialog.password.setText("mật khẩu nhóm")
    dialog.password_again.setText("mật khẩu nhóm")
    out = tmp_path / "tiep-nhan.pdf"
    monkeypatch.setattr("desktop.ui.editors.export_dialog.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(out), "PDF (*.pdf)"))
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.save()
    assert b"/Encrypt" in out.read_bytes()
    audited = runner.call(lambda s: s.vault.read(
        "SELECT detail FROM audit WHERE record_id = ? AND action = 'export'", (group_id,)))
    details = [json.loads(d[0]) for d in audited]
    assert any(d["encrypted"] and d["how"] == "saved" for d in details), details
    # A preview left nothing in the audit log of its own.
    assert len(details) == 1


def test_the_people_page_shows_the_group_and_leads_to_it(qtbot, env: Env) -> None:
    runner, context = env
    group_id, ids = _group(runner)
    people = PeoplePage(runner, context)
    qtbot.addWidget(people)
    people.resize(1100, 760)
    people.show()
    people.refresh()
    qtbot.waitUntil(lambda: runner.pending == 0)
    people.select_person(ids[3])
    qtbot.waitUntil(lambda: people.record is not None and people.record.id == ids[3])
    text = people.details.text()
    assert "Came in a group" in text and "Cửa khẩu Kim Thành" in text and "no. 4 of 4" in text
    _shot(people, "people-group-en")
    groups = GroupPage(runner, context)
    qtbot.addWidget(groups)
    people.open_group.connect(groups.show_group)
    with qtbot.waitSignal(people.open_group) as opened:
        people.details.linkActivated.emit(f"group:{group_id}")
    assert opened.args == [group_id]
    qtbot.waitUntil(lambda: groups.group_id == group_id and len(groups.members) == 4)
