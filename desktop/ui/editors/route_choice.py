"""How the person reached the service (Viet Nam, issue 12): handed back at a border gate,
rescued, or came forward themselves. Chosen where a concern or checklist is recorded; the
pathway and the tasks follow it. Hidden where the jurisdiction has no routes (England)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from desktop.ui import theme
from desktop.ui.i18n import tr

# The order offered: the border officer's usual case first.
ROUTE_ORDER = ("border_handback", "rescue", "self_referral")


def route_label(route: str) -> str:
    labels = {
        "border_handback": tr("RouteChoice", "Handed back at a border gate"),
        "rescue": tr("RouteChoice", "Rescued"),
        "self_referral": tr("RouteChoice", "Came forward themselves"),
    }
    return labels.get(route, route)


class RouteChoice(QGroupBox):
    """Three radio buttons; `route()` is None until the jurisdiction's routes are known."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(theme.css("muted"))
        col.addWidget(self.hint)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.routes: tuple[str, ...] = ()
        # The jurisdiction's first route shown as a guess: until the officer picks one, the
        # service decides (a checklist answer "handed back at a border gate" still counts).
        self._guess: str | None = None
        for route in ROUTE_ORDER:
            button = QRadioButton()
            button.setObjectName(f"route_{route}")
            self.buttons[route] = button
            self.group.addButton(button)
            col.addWidget(button)
            button.toggled.connect(self._toggled)
        self.setVisible(False)
        self.retranslate()

    def set_routes(self, routes: tuple[str, ...], default: str | None) -> None:
        """Offer the jurisdiction's routes with `default` chosen (a border post or a group
        reception is a hand-back); nothing shown where there are none."""
        self.routes = routes
        for route, button in self.buttons.items():
            button.setVisible(route in routes)
        chosen = default if default in routes else (routes[0] if routes else None)
        if chosen is not None and self.route() is None:
            self.buttons[chosen].setChecked(True)
            self._guess = chosen if chosen == routes[0] else None
        self.setVisible(bool(routes))

    def set_route(self, route: str | None) -> None:
        if route in self.buttons:
            self.buttons[route].setChecked(True)
            self._guess = None

    def route(self) -> str | None:
        if not self.routes:
            return None
        chosen = next((r for r, b in self.buttons.items() if b.isChecked()), None)
        return None if chosen == self._guess else chosen

    def _toggled(self, checked: bool) -> None:
        if checked:
            self._guess = None
            self.changed.emit()

    def retranslate(self) -> None:
        self.setTitle(tr("RouteChoice", "How did the person come to you?"))
        self.hint.setText(tr("RouteChoice", "The next steps and tasks follow this choice."))
        for route, button in self.buttons.items():
            button.setText(route_label(route))
