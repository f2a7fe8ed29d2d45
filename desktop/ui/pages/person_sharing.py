"""Sharing a person with a colleague from the People page: pick the colleague, then share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from desktop.app.people import PersonRecord
from desktop.ui.editors.record_dialogs import ShareDialog
from desktop.ui.i18n import tr
from desktop.ui.tasks import TaskRunner


def share_person(parent: QWidget, runner: TaskRunner, record: PersonRecord, me: str,
                 message: QLabel, on_shared: Callable[[], None],
                 on_error: Callable[[Exception], None]) -> None:
    """Read the active colleagues on the vault thread, ask which one, then share."""

    def ask(colleagues: list[tuple[str, str]]) -> None:
        if not colleagues:
            message.setText(tr("PeoplePage", "There is no other colleague to share with."))
            message.show()
            return
        username = ShareDialog.ask(parent, record.display_name, colleagues)
        if not username:
            return
        runner.run(lambda s: s.people.share(record.id, username), lambda _r: on_shared(),
                   on_error)

    def colleagues(s: Any) -> list[tuple[str, str]]:
        return [(u.username, u.display_name) for u in s.users.list()
                if u.active and u.username != me]

    runner.run(colleagues, ask, on_error)
