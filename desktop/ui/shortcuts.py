"""Every keyboard shortcut of the app, in one place.

Two shortcuts on one key in the same window make Qt call the key ambiguous and do nothing (Ctrl+D
was both "Record disclosure" and "Mark done"), so the main window's keys live here and a test
checks they are distinct. The pages' actions count as the main window's: their menus sit in its
menu bar, so Qt weighs them whichever page is showing. Dialog keys are a second scope (a dialog is
its own window). Help → Keyboard shortcuts lists this map, so the list cannot drift from the keys.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence

from desktop.ui.i18n import tr

C = "Shortcuts"

# The main window and its pages (one scope).
MAIN: dict[str, str] = {
    "lock": "Ctrl+L",
    "quick_hide": "F12",
    "change_passphrase": "Ctrl+Shift+P",
    "quit": "Ctrl+Q",
    "shortcuts": "F1",
    "new_person": "Ctrl+N",
    "record_concern": "Ctrl+R",
    "checklist": "Ctrl+K",
    "disclosure": "Ctrl+D",
    "export": "Ctrl+P",
    "body_map": "Ctrl+B",
    "edit_person": "Ctrl+E",
    "add_note": "Ctrl+Shift+N",
    "find_person": "Ctrl+F",
    "open_drafts": "Ctrl+Shift+D",
    "mark_done": "Ctrl+M",
    "receive_group": "Ctrl+G",
    "timeline": "Ctrl+Shift+T",
}

# Inside the editing dialogs (each its own window; one scope for all of them, so a key means
# the same thing in every dialog).
DIALOG: dict[str, str] = {
    "save": "Ctrl+Return",
    "save_standard": "Ctrl+S",
    "switch_speaker": "Ctrl+T",
    "next_section": "Alt+Right",
    "previous_section": "Alt+Left",
}

MAX_SECTIONS = 9


def key(name: str) -> QKeySequence:
    """The key of a main-window or dialog command, by name."""
    return QKeySequence(MAIN.get(name) or DIALOG[name])


def section_key(index: int) -> str:
    """Ctrl+1 for the first entry of the side list, Ctrl+2 for the second, …: the numbers
    follow the list as the user sees it, whichever sections their role has."""
    return f"Ctrl+{index + 1}" if 0 <= index < MAX_SECTIONS else ""


def _descriptions() -> dict[str, Callable[[], str]]:
    return {
        "quick_hide": lambda: tr(C, "Hide the screen at once. Nothing of Waymark stays visible. "
                                    "Press any key or click to get the unlock screen back."),
        "lock": lambda: tr(C, "Lock now. Drafts are saved first."),
        "find_person": lambda: tr(C, "Find a person."),
        "new_person": lambda: tr(C, "New person."),
        "record_concern": lambda: tr(C, "Record a concern about the chosen person."),
        "checklist": lambda: tr(C, "Indicator checklist for the chosen person."),
        "disclosure": lambda: tr(C, "Record a disclosure."),
        "body_map": lambda: tr(C, "Body map."),
        "export": lambda: tr(C, "Print or save a form."),
        "edit_person": lambda: tr(C, "Edit the person's details."),
        "add_note": lambda: tr(C, "Add a note."),
        "open_drafts": lambda: tr(C, "Open your unsaved drafts."),
        "mark_done": lambda: tr(C, "Mark the chosen task done."),
        "receive_group": lambda: tr(C, "Receive a group."),
        "timeline": lambda: tr(C, "Timeline and referral outcomes of the chosen person."),
        "change_passphrase": lambda: tr(C, "Change my passphrase."),
        "shortcuts": lambda: tr(C, "Show this list."),
        "quit": lambda: tr(C, "Quit. Drafts are saved and the vault is closed."),
        "save": lambda: tr(C, "In a dialog: save."),
        "save_standard": lambda: tr(C, "In the person and concern dialogs: save."),
        "switch_speaker": lambda: tr(C, "In the disclosure dialog: switch who is speaking."),
        "next_section": lambda: tr(C, "In a checklist: next section."),
        "previous_section": lambda: tr(C, "In a checklist: previous section."),
    }


def help_rows(section_titles: list[str]) -> list[tuple[str, str]]:
    """(key, what it does) for Help → Keyboard shortcuts, in the interface language."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = [(QKeySequence(section_key(i)).toString(native),
             tr(C, "Go to {section}.").format(section=title))
            for i, title in enumerate(section_titles[:MAX_SECTIONS])]
    for name, text in _descriptions().items():
        rows.append((key(name).toString(native), text()))
    rows.append((tr(C, "Tab / Shift+Tab"), tr(C, "Move between fields and buttons.")))
    return rows
