"""Body maps (issue 5): a click places a numbered mark named by its region; without a mouse a
mark is added by region and described; saving seals one event whose marks match; drafts come
back; the recorded map prints through the body-map form."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt

from desktop.domain import events as ev
from desktop.printing.body_map import load_body_map_data
from desktop.printing.forms import render
from desktop.ui import i18n
from desktop.ui.editors.body_map_dialog import BodyMapDialog, body_map_loader

try:
    from test_accessibility import problems
except ImportError:  # pragma: no cover
    from tests.gui.test_accessibility import problems

from records_fixtures import Records, sample_people


def _dialog(qtbot, env: Records, person_id: str, name: str = "Nguyễn Thị Hồng",
            child: bool = True) -> BodyMapDialog:
    dialog = BodyMapDialog(env.runner, env.context, person_id, name, child)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    return dialog


def _stored_marks(env: Records, body_map_id: str) -> tuple[dict, list[dict]]:
    row = env.call(lambda s: s.vault.read_one(
        "SELECT kind, payload FROM events WHERE record_id = ?", (body_map_id,)))
    assert row[0] == ev.BODY_MAP_RECORDED
    payload = json.loads(row[1])
    return payload, payload["marks"]


def _click(qtbot, dialog: BodyMapDialog, view: str, x: float, y: float) -> None:
    pos = dialog.map.position(view, x, y)
    qtbot.mouseClick(dialog.map, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(pos.x()), round(pos.y())))


def _choose(qtbot, combo, value: str) -> None:
    """Arrow down a combo box until `value` is chosen, as a keyboard user does."""
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == value


def test_a_click_on_the_front_view_adds_mark_one_named_by_its_region(
        qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    assert dialog.outline_kind() == "child"
    chest = load_body_map_data().region("child", "chest", "front")
    assert chest is not None
    _click(qtbot, dialog, "front", *chest.point)
    marks = dialog.map.marks()
    assert len(marks) == 1 and marks[0]["n"] == 1 and marks[0]["view"] == "front"
    assert marks[0]["region"] == "chest"
    assert dialog.map.selected() == 1
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "Chest"
    assert "Mark 1: Front, Chest" in dialog.map.accessibleDescription()
    assert dialog.detail_box.isEnabled() and dialog.detail_box.title() == "Mark 1"
    # A click on a mark chooses it rather than adding another.
    _click(qtbot, dialog, "front", *chest.point)
    assert len(dialog.map.marks()) == 1
    # Clicking on the back view adds mark 2 there.
    _click(qtbot, dialog, "back", 0.5, 0.6)
    assert [(m["n"], m["view"]) for m in dialog.map.marks()] == [(1, "front"), (2, "back")]


def test_keyboard_only_add_by_region_describe_move_and_save(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"], "Amy Clarke", child=True)
    # The outline follows `child`, and can be changed from the keyboard.
    qtbot.keyClick(dialog.outline, Qt.Key.Key_Down)
    assert dialog.outline_kind() == "adult"
    qtbot.keyClick(dialog.outline, Qt.Key.Key_Up)
    assert dialog.outline_kind() == "child"

    # View: Back (Down from Front); region: arrow down to "Left upper back"; Add mark.
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    assert dialog.view.currentData() == "back"
    _choose(qtbot, dialog.region, "left_upper_back")
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Space)
    assert [(m["n"], m["view"], m["region"]) for m in dialog.map.marks()] == [
        (1, "back", "left_upper_back")]
    assert dialog.type.hasFocus() or dialog.focusWidget() is dialog.type

    # Describe it: type (Down from "Not chosen yet" is Bruise), size, colour, explanation.
    qtbot.keyClick(dialog.type, Qt.Key.Key_Down)
    assert dialog.type.currentData() == "bruise"
    qtbot.keyClicks(dialog.size_edit, "3 cm x 2 cm")
    qtbot.keyClicks(dialog.colour_edit, "purple-blue")
    qtbot.keyClicks(dialog.explanation, "I fell off my bike.")

    # A second mark on the front, moved with the arrow keys, then a third removed by Delete.
    qtbot.keyClick(dialog.view, Qt.Key.Key_Up)
    _choose(qtbot, dialog.region, "right_knee")
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Space)
    before = dialog.map.mark(2)
    assert before is not None and before["region"] == "right_knee"
    qtbot.keyClick(dialog.map, Qt.Key.Key_Up)
    after = dialog.map.mark(2)
    assert after is not None and after["y"] < before["y"] and after["x"] == before["x"]
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Space)
    assert dialog.map.selected() == 3
    qtbot.keyClick(dialog.map, Qt.Key.Key_Delete)
    assert [m["n"] for m in dialog.map.marks()] == [1, 2]
    qtbot.keyClick(dialog.map, Qt.Key.Key_PageUp)
    assert dialog.map.selected() == 1
    assert dialog.explanation.toPlainText() == "I fell off my bike."

    with qtbot.waitSignal(dialog.recorded, timeout=20000) as signal:
        qtbot.keyClick(dialog.map, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    body_map_id = signal.args[0]
    assert dialog.recorded_id == body_map_id and dialog.done_label.isVisible()
    assert not dialog.save_button.isVisible() and dialog.close_button.text() == "Close"
    payload, stored = _stored_marks(records, body_map_id)
    assert payload["person_id"] == ids["amy"] and payload["outline"] == "child"
    assert stored == dialog.map.marks()
    assert stored[0] == {"n": 1, "view": "back", "x": stored[0]["x"], "y": stored[0]["y"],
                         "region": "left_upper_back", "type": "bruise",
                         "size": "3 cm x 2 cm", "colour": "purple-blue",
                         "explanation": "I fell off my bike."}
    assert records.call(lambda s: s.drafts.list("bodymap")) == []
    # The read-only view (for the chronology) lists the marks with the person's words.
    shown = records.call(body_map_loader(body_map_id))
    assert "Left upper back" in shown and "“I fell off my bike.”" in shown
    # Sealed: the map no longer takes marks.
    _click(qtbot, dialog, "front", 0.5, 0.5)
    assert len(dialog.map.marks()) == 2


def test_a_second_mark_in_the_same_region_does_not_hide_the_first(
        qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["duc"], "Trần Văn Đức", child=False)
    _choose(qtbot, dialog.region, "chest")
    dialog.add_by_region()
    dialog.add_by_region()
    first, second = dialog.map.marks()
    assert (first["region"], second["region"]) == ("chest", "chest")
    assert second["y"] > first["y"]


def test_an_empty_map_is_not_saved(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["duc"], "Trần Văn Đức", child=False)
    dialog.save()
    assert dialog.error.isVisible() and dialog.recorded_id is None
    assert records.call(lambda s: s.vault.read_one("SELECT count(*) FROM body_maps"))[0] == 0


def test_the_draft_comes_back_after_closing(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    dialog.outline.setCurrentIndex(dialog.outline.findData("adult"))
    _click(qtbot, dialog, "front", 0.5, 0.3)
    dialog.explanation.setPlainText("Em bị ngã ở sân trường.")
    dialog.reject()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    drafts = records.call(lambda s: s.drafts.list("bodymap", ids["hong"]))
    assert len(drafts) == 1

    again = _dialog(qtbot, records, ids["hong"])
    qtbot.waitUntil(lambda: len(again.map.marks()) == 1)
    assert again.outline_kind() == "adult"
    assert again.map.marks()[0]["explanation"] == "Em bị ngã ở sân trường."
    assert again.explanation.toPlainText() == "Em bị ngã ở sân trường."
    assert "is back" in again.status.text()
    # Saving the restored map removes its draft.
    with qtbot.waitSignal(again.recorded, timeout=20000):
        again.save()
    assert records.call(lambda s: s.drafts.list("bodymap")) == []


def test_accessible_and_retranslated_to_vietnamese(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["duc"], "Trần Văn Đức", child=False)
    _click(qtbot, dialog, "front", 0.27, 0.45)
    assert problems(dialog) == []
    assert dialog.map.accessibleName() and dialog.map.focusPolicy() != Qt.FocusPolicy.NoFocus
    i18n.set_language("vi")
    try:
        qtbot.waitUntil(lambda: dialog.add_button.text() == "Thêm dấu vết")
        assert dialog.save_button.text() == "Lưu và niêm phong"
        assert dialog.table.item(0, 1).text() == "Mặt trước"
        assert dialog.region.currentText() and dialog.region.currentText() != "Head"
        assert dialog.map.accessibleDescription().startswith("Dấu vết 1: Mặt trước")
        dialog.explanation.setPlainText("Anh bị bỏng khi nấu ăn.")
        assert dialog.map.mark(1)["explanation"] == "Anh bị bỏng khi nấu ăn."
        assert problems(dialog) == []
    finally:
        i18n.set_language("en")
    qtbot.waitUntil(lambda: dialog.add_button.text() == "Add mark")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_recorded_map_prints_through_the_body_map_form(
        qtbot, records: Records, tmp_path: Path) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    for view, x, y, words in (("front", 0.27, 0.45, "I banged it on the bus door."),
                              ("back", 0.42, 0.27, "Em không muốn nói về vết này.")):
        _click(qtbot, dialog, view, x, y)
        dialog.explanation.setPlainText(words)
        dialog.type.setCurrentIndex(dialog.type.findData("bruise"))
    with qtbot.waitSignal(dialog.recorded, timeout=20000) as signal:
        dialog.save()
    body_map_id = signal.args[0]
    stored = records.call(lambda s: s.vault.read_one(
        "SELECT data, recorded_by, recorded_at FROM body_maps WHERE id = ?", (body_map_id,)))
    payload = json.loads(stored[0])
    context = {"person": {"display_name": "Nguyễn Thị Hồng"},
               "body_maps": [{**payload, "id": body_map_id, "recorded_by": stored[1],
                              "recorded_at": stored[2]}]}
    pdf = render("body-map", context, "en", export_id="EXP-TEST",
                 created=datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    path = tmp_path / "body-map.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "I banged it on the bus door." in flat
    assert "Em không muốn nói về vết này." in flat
    assert "Right forearm" in flat
