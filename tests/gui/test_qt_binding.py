"""Guard against the PySide6 6.12.0 reference leak that aborted the app.

On Python 3.11, PySide6 6.12.0 drops a reference to `True` on every signal emit and to `None`
on every Python override that returns None to Qt; after a few thousand the interpreter aborts
("bool_dealloc"). pyproject.toml pins below 6.12; this test fails if a leaking build returns.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_signal_emits_do_not_leak_references_to_true_or_none(qtbot: object) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(received.append)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(200):
        emitter.fired.emit(i)
    assert len(received) == 200
    # A leak loses one reference per emit; allow a little noise from the interpreter.
    assert sys.getrefcount(True) >= true_before - 5
    assert sys.getrefcount(None) >= none_before - 5
