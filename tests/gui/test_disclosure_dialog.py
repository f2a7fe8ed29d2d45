"""Recording a disclosure (issue 4): turns by keyboard, the coach flags a leading question as
it is typed, sealing keeps the flags and creates the tasks; drafts come back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui import i18n
from desktop.ui.editors.disclosure_dialog import DisclosureDialog

try:
    from test_accessibility import problems
except ImportError:  # pragma: no cover
    from tests.gui.test_accessibility import problems

from records_fixtures import Records, sample_people


def _dialog(qtbot, env: Records, person_id: str, name: str = "Nguyễn Thị Hồng"
            ) -> DisclosureDialog:
    dialog = DisclosureDialog(env.runner, env.context, person_id, name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    return dialog


def _say(qtbot, dialog: DisclosureDialog, text: str) -> None:
    qtbot.keyClicks(dialog.turn_input, text)
    qtbot.keyClick(dialog.turn_input, Qt.Key.Key_Return)


def test_three_turns_a_flag_on_a_leading_question_sealed_with_its_tasks(
        qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    assert dialog.speaker == "person"  # the person's words come first, as they say them
    _say(qtbot, dialog, "He took my passport and says I owe him money.")
    qtbot.keyClick(dialog.turn_input, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert dialog.speaker == "staff"
    qtbot.keyClicks(dialog.turn_input, "It was your uncle, wasn't it?")
    # The flag appears beside the turn while it is being typed.
    assert "leading" in dialog.live_codes
    assert dialog.live_advice.text().startswith("⚠")
    qtbot.keyClick(dialog.turn_input, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.turn_input, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    _say(qtbot, dialog, "No. A man at the car wash.")
    assert [t.speaker for t in dialog.turns] == ["person", "staff", "person"]
    assert dialog.turn_list.item(0).text().startswith("Person: \u201cHe took my passport")
    assert "\u26a0" in dialog.turn_list.item(1).text()
    dialog.told_checks["dsl"].setChecked(True)

    qtbot.keyClick(dialog.turn_input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.stack.currentIndex() == 1, dialog.error.text()
    assert "The coach's notes" in dialog.review.toPlainText()
    qtbot.keyClick(dialog.seal_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.submission is not None)
    sealed = dialog.submission
    assert sealed is not None and dialog.stack.currentIndex() == 2
    stored = records.call(lambda s: s.disclosures.get(sealed.disclosure_id))
    assert [t["text"] for t in stored["record"]["turns"]] == [
        "He took my passport and says I owe him money.", "It was your uncle, wasn't it?",
        "No. A man at the car wash."]
    assert any(f["turn"] == 1 and f["code"] == "leading" for f in stored["flags_at_sealing"])
    tasks = records.call(lambda s: s.tasks.list(include_done=True, person_id=ids["hong"]))
    # Recorded by the lead: no task to tell herself.
    rules = {t.rule_id for t in tasks}
    assert "refer_local_authority" in rules and "tell_dsl" not in rules
    assert all(t.source_record == sealed.disclosure_id for t in tasks)
    assert "These follow-up tasks were created:" in dialog.done_text.toPlainText()
    assert records.call(lambda s: s.drafts.list("disclosure")) == []


def test_a_disclosure_without_the_persons_words_is_not_sealed(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"], "Amy Clarke")
    dialog.switch_speaker()
    _say(qtbot, dialog, "How are you today?")
    dialog.finish()
    assert dialog.stack.currentIndex() == 0
    assert "person's own words" in dialog.error.text()


def test_the_draft_comes_back_with_the_turns_and_the_words_being_typed(
        qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"], "Amy Clarke")
    _say(qtbot, dialog, "They make me sell stuff after school.")
    dialog.switch_speaker()
    qtbot.keyClicks(dialog.turn_input, "Tell me more about")
    dialog.reject()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    again = _dialog(qtbot, records, ids["amy"], "Amy Clarke")
    qtbot.waitUntil(lambda: len(again.turns) == 1)
    assert again.turns[0].text == "They make me sell stuff after school."
    assert (again.speaker, again.turn_input.toPlainText()) == ("staff", "Tell me more about")


def test_secrecy_promise_in_vietnamese_and_the_cards_in_both_languages(
        qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["duc"], "Trần Văn Đức")
    dialog.language.setCurrentIndex(dialog.language.findData("vi"))
    dialog.switch_speaker()
    dialog.turn_input.setPlainText("Anh hứa sẽ không nói với ai đâu.")
    assert "secrecy_promise" in dialog.live_codes
    # The script card follows the record's language: it is for the person.
    assert dialog.script_language.currentData() == "vi"
    assert "không thể giữ bí mật" in dialog.script.toPlainText()
    assert problems(dialog) == []
    i18n.set_language("vi")
    try:
        qtbot.waitUntil(lambda: dialog.switch_button.text() != "Switch speaker (Ctrl+T)")
    finally:
        i18n.set_language("en")


def test_the_script_card_speaks_to_an_adult_as_an_adult(qtbot, records: Records) -> None:
    """Issue 12: Vietnamese to a child is cô–em; to an adult, tôi–anh/chị."""
    ids = sample_people(records)
    for child, pronoun in ((True, "Cô"), (False, "Tôi")):
        dialog = DisclosureDialog(records.runner, records.context, ids["hong"], "Hồng",
                                  child=child)
        qtbot.addWidget(dialog)
        dialog.script_language.setCurrentIndex(dialog.script_language.findData("vi"))
        text = dialog.script.toPlainText()
        assert f"{pronoun} không thể giữ bí mật" in text, (child, text[:200])
        assert ("anh/chị" in text) is not child
        dialog.abandon()
        dialog.reject()
