"""Autosave of what a user is typing: encrypted drafts in the vault, debounced.

The draft id is made here, before the first save, so saves queued one after another on the
vault thread always update the same draft and never create two.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.app.drafts import Draft
from desktop.domain.events import uuid7
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


class DraftKeeper(QObject):
    """Saves `collect()` as a draft of `kind` about `ref` 300 ms after the last change."""

    saved = Signal()  # a save reached the vault
    failed = Signal(object)  # the exception; the text stays on screen

    def __init__(self, runner: TaskRunner, kind: str, ref: str | None,
                 collect: Callable[[], dict[str, Any]],
                 is_empty: Callable[[dict[str, Any]], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.kind = kind
        self.ref = ref
        self.draft_id: str | None = None
        self._collect = collect
        self._is_empty = is_empty
        self._stored = False  # a draft with draft_id exists in the vault
        self._finished = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)

    def adopt(self, draft: Draft) -> None:
        """Continue an existing draft (restored into the form)."""
        self.draft_id = draft.id
        self._stored = True

    def changed(self) -> None:
        if not self._finished:
            self._timer.start()

    @property
    def stored(self) -> bool:
        """A draft with `draft_id` is (or is queued to be) in the vault."""
        return self._stored

    def resume(self) -> None:
        """Saving the record failed: keep autosaving."""
        self._finished = False
        self.changed()

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    def _job(self) -> Callable[[Any], Any] | None:
        content = self._collect()
        if self._is_empty(content):
            if not self._stored or self.draft_id is None:
                return None
            draft_id = self.draft_id
            self._stored = False
            return lambda s: s.drafts.discard(draft_id)
        if self.draft_id is None:
            self.draft_id = uuid7()
        draft_id, kind, ref = self.draft_id, self.kind, self.ref
        self._stored = True
        return lambda s: s.drafts.save(kind, ref, content, draft_id)

    def save_now(self) -> None:
        """Queue a save at once (on close, or when the timer fires)."""
        self._timer.stop()
        if self._finished:
            return
        job = self._job()
        if job is None:
            return
        try:
            self.runner.run(job, lambda _r: self.saved.emit(), self._on_error)
        except RuntimeError as exc:  # the runner has shut down (the app is quitting)
            self._on_error(exc)

    def flush(self) -> None:
        """Save synchronously: before the app locks or quits."""
        self._timer.stop()
        if self._finished:
            return
        job = self._job()
        if job is None:
            return
        try:
            self.runner.call(job)
        except Exception as exc:  # the lock must go ahead; the text may be lost only here
            log.error("draft flush failed: %s", type(exc).__name__)
            self.failed.emit(exc)

    def finish(self) -> None:
        """The record was saved (its draft removed with it) or the draft discarded."""
        self._timer.stop()
        self._finished = True

    def discard(self) -> None:
        self.finish()
        if self._stored and self.draft_id is not None:
            draft_id = self.draft_id
            self.runner.run(lambda s: s.drafts.discard(draft_id), None, self._on_error)
        self._stored = False

    def _on_error(self, exc: Exception) -> None:
        log.error("draft save failed: %s", type(exc).__name__)
        self.failed.emit(exc)
