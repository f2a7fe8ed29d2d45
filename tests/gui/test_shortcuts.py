"""One shortcut map: no key does two things in one window, and Help lists every key."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from desktop.ui import shortcuts
from desktop.ui.shell.main_window import MainWindow, ShortcutsDialog


def _window(qtbot, runner, context) -> MainWindow:
    w = MainWindow(runner, context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: runner.pending == 0)
    return w


def _portable(seq: QKeySequence) -> str:
    return seq.toString(QKeySequence.SequenceFormat.PortableText)


def test_the_map_has_no_conflicts() -> None:
    main = [_portable(QKeySequence(k)) for k in shortcuts.MAIN.values()]
    sections = [shortcuts.section_key(i) for i in range(shortcuts.MAX_SECTIONS)]
    clash = [k for k, n in Counter(main + sections).items() if n > 1]
    assert clash == []
    dialog = [_portable(QKeySequence(k)) for k in shortcuts.DIALOG.values()]
    assert len(set(dialog)) == len(dialog)


def test_every_key_in_the_main_window_is_bound_once(qtbot, admin_runner,
                                                    admin_context) -> None:
    """Counted on the real window: every action of the window and its pages (the pages'
    menus sit in the menu bar, so Qt weighs them all whichever page shows)."""
    w = _window(qtbot, admin_runner, admin_context)
    keys: Counter[str] = Counter()
    actions = {id(a): a for a in w.findChildren(QAction)}
    for action in actions.values():
        for seq in action.shortcuts():
            keys[_portable(seq)] += 1
    for sc in w.findChildren(QShortcut):
        keys[_portable(sc.key())] += 1
    assert [k for k, n in keys.items() if n > 1] == []
    # Ctrl+D was both "Record disclosure" and "Mark done" and so did nothing.
    assert keys["Ctrl+D"] == 1
    assert w.section("tasks").done_action.shortcut() == QKeySequence("Ctrl+M")


def test_ctrl_d_opens_the_disclosure_command(qtbot, admin_runner, admin_context) -> None:
    w = _window(qtbot, admin_runner, admin_context)
    w.activateWindow()
    fired: list[bool] = []
    people = w.section("people")
    people.disclosure_action.setEnabled(True)
    people.disclosure_action.triggered.disconnect()
    people.disclosure_action.triggered.connect(lambda _=False: fired.append(True))
    w.show_section_key("tasks")  # from another page too: the menu bar carries it
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True]


def test_help_lists_every_shortcut_and_the_sections_in_order(qtbot, admin_runner,
                                                             admin_context,
                                                             monkeypatch) -> None:
    shown: list[ShortcutsDialog] = []

    def fake_ask(cls, parent, titles=None) -> None:
        dialog = cls(parent, titles)
        qtbot.addWidget(dialog)
        shown.append(dialog)

    monkeypatch.setattr(ShortcutsDialog, "ask", classmethod(fake_ask))
    w = _window(qtbot, admin_runner, admin_context)
    assert w.help_menu.actions()[0] is w.shortcuts_action
    w.shortcuts_action.trigger()
    text = shown[0].text.text()
    for k in list(shortcuts.MAIN.values()) + list(shortcuts.DIALOG.values()):
        native = QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
        assert f"<b>{native}</b>" in text, k
    for i in range(w.nav.count()):
        line = f"Ctrl+{i + 1}</b></td><td>Go to {w.nav.item(i).text()}."
        assert line in text
    assert QApplication.instance() is not None


def test_key_names_survive_in_vietnamese(qapp) -> None:
    """The catalogue translator answers "no entry" for Qt's own words; an empty answer once
    counted as a translation and showed Ctrl+S as "S"."""
    from desktop.ui import i18n

    i18n.set_language("vi")
    try:
        native = QKeySequence.SequenceFormat.NativeText
        assert QKeySequence("Ctrl+Shift+D").toString(native) == "Ctrl+Shift+D"
    finally:
        i18n.set_language("en")
