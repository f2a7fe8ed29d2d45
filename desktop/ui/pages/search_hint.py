"""What the People list says under a search, and what it offers when nobody matches.

The words promise only what desktop/app/search.py does: the start of any name or alias, three
or more letters anywhere in a name ("ayde" finds Kayden), words in records, and near spellings
("Kaiden" finds Kayden) when nothing else matched. A test holds the promise to the search.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import i18n
from desktop.ui.i18n import tr, trn

C = "PeoplePage"


def count_text(query: str, n: int, total: int) -> str:
    """The line under the list: how many found or shown."""
    if query:
        return trn(C, "%n found", n) if n else ""
    if total > n:
        return tr(C, "The first {n} of {total} people. Type a name to find anyone "
                     "else.").format(n=n, total=total)
    return trn(C, "%n people", n)


class NoMatch(QWidget):
    """Shown in place of an empty list when a search finds nobody."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = ""
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.register_button = QPushButton()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 4, 0, 4)
        col.addWidget(self.text)
        col.addWidget(self.register_button)
        self.hide()

    def show_for(self, query: str, found: int) -> None:
        self.query = query
        self.setVisible(bool(query) and not found)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setText(tr(C, "Nobody found for “{query}”. Search looks for the start of "
                                "any name or alias, three or more letters anywhere in a name, "
                                "words written in records, and names spelled nearly the same. "
                                "Check the spelling, or register the person if they are "
                                "new.").format(query=self.query))
        self.text.setAccessibleName(self.text.text())
        self.register_button.setText(tr(C, "Register a new person"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
