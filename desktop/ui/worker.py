"""One worker thread for all vault work; results are handed back on the GUI thread.

The vault's one connection lives on this thread (DESIGN.md): the GUI never blocks on disk or
on Argon2, and jobs run strictly one after another, so they never interleave transactions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from desktop.app import Services

T = TypeVar("T")
log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from the worker arrives here queued."""

    delivered = Signal(object, object, object, object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._deliver)

    @Slot(object, object, object, object)
    def _deliver(self, on_done: Done | None, on_error: Failed | None, result: object,
                 error: object) -> None:
        if error is not None:
            if on_error is not None:
                on_error(error)  # type: ignore[arg-type]
            else:
                log.error("vault job failed: %s", type(error).__name__)
        elif on_done is not None:
            on_done(result)


class VaultRunner(QObject):
    """Serialises vault jobs on one thread. `services` is set once a vault is unlocked."""

    busy_changed = Signal(bool)
    job_failed = Signal(object)  # every failure, for a status line; callbacks get it first

    def __init__(self) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        self._relay = _Relay()
        self.services: Services | None = None
        self.pending = 0

    def submit(self, job: Callable[[], T], on_done: Callable[[T], None] | None = None,
               on_error: Failed | None = None) -> Future[T]:
        """Run `job()` on the vault thread; `on_done(result)` or `on_error(exc)` on the GUI
        thread."""
        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)

        def work() -> T:
            try:
                result = job()
            except Exception as exc:  # handed to the GUI thread, never swallowed
                self._relay.delivered.emit(None, self._failed(on_error), None, exc)
                raise
            self._relay.delivered.emit(self._done(on_done), None, result, None)
            return result

        return self._executor.submit(work)

    def run(self, job: Callable[[Services], T], on_done: Callable[[T], None] | None = None,
            on_error: Failed | None = None) -> Future[T]:
        """Run `job(services)` against the unlocked vault."""

        def bound() -> T:
            if self.services is None:
                from desktop.vault.errors import VaultError

                raise VaultError("The vault is locked.")
            return job(self.services)

        return self.submit(bound, on_done, on_error)

    def call(self, job: Callable[[Services], T], timeout: float = 30.0) -> T:
        """Run a job and wait for it: only for flushing work before locking or quitting."""
        return self.run(job).result(timeout)

    def _done(self, on_done: Callable[[Any], None] | None) -> Done:
        def finish(result: Any) -> None:
            self._finish()
            if on_done is not None:
                on_done(result)

        return finish

    def _failed(self, on_error: Failed | None) -> Failed:
        def finish(exc: Exception) -> None:
            self._finish()
            self.job_failed.emit(exc)
            if on_error is not None:
                on_error(exc)

        return finish

    def _finish(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.busy_changed.emit(False)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
