"""One task runner for the whole interface (DESIGN.md; after Anki's `taskman` and its ops).

- The **vault executor** is one thread, the only one that touches the vault's connection: jobs run
  strictly one after another, so transactions never interleave.
- The **network executor** is one thread for the hub: sync rounds, connect, join.
- The **work executor** is one thread for heavy work that needs no vault: rendering, encrypting
  and rasterising PDFs.

Results come back on the interface thread through one relay. After every vault job the runner
asks the application layer which kinds of record changed and, if any did, announces them once
with `changed` (a set of record types such as ``{"person", "task"}``), so every page refreshes
itself whoever made the change: a dialog, another page, or a sync round that pulled records.

The interface never waits on the vault thread: `call()` exists only to flush drafts at lock and
quit, and for threads other than the interface's (a sync round waits for its vault steps).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop.app.session import Session

T = TypeVar("T")
log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class _Relay(QObject):
    """Lives on the interface thread; a signal emitted from an executor arrives here queued."""

    delivered = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: object) -> None:
        callback(value)


class TaskRunner(QObject):
    """The vault, network and work executors and the one relay back to the interface."""

    busy_changed = Signal(bool)
    job_failed = Signal(object)  # every vault failure, for a status line; callbacks get it first
    changed = Signal(object)  # frozenset[str]: record types a vault job or sync round changed

    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        self._vault = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        self._net = ThreadPoolExecutor(max_workers=1, thread_name_prefix="net")
        self._work = ThreadPoolExecutor(max_workers=1, thread_name_prefix="work")
        self._relay = _Relay()
        self.session = session or Session()
        self.pending = 0
        self._seen_seq: int | None = None
        self._closed = False

    # --- the vault executor -----------------------------------------------------------------
    def submit(self, job: Callable[[], T], on_done: Callable[[T], None] | None = None,
               on_error: Failed | None = None) -> Future[T]:
        """Run `job()` on the vault thread; `on_done(result)` or `on_error(exc)` on the
        interface thread, then `changed` if the job changed records. After `shutdown()` (the
        app is quitting) nothing runs: a late callback asking for work gets a future that
        fails with VaultError, and no callback."""
        if self._closed:
            return self._refused()
        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)

        def work() -> T:
            try:
                result = job()
            except Exception as exc:  # handed to the interface thread, never swallowed
                self._relay.delivered.emit(self._failed(on_error), exc)
                raise
            kinds = self._changes()
            self._relay.delivered.emit(self._done(on_done, kinds), result)
            return result

        return self._vault.submit(work)

    def run(self, job: Callable[[Any], T], on_done: Callable[[T], None] | None = None,
            on_error: Failed | None = None) -> Future[T]:
        """Run `job(services)` against the unlocked vault."""
        session = self.session
        return self.submit(lambda: job(session.services), on_done, on_error)

    def call(self, job: Callable[[Any], T], timeout: float = 30.0) -> T:
        """Run a job and wait for it. On the interface thread only to flush drafts at lock and
        quit; background threads (a sync round) use it for their vault steps."""
        return self.run(job).result(timeout)

    @property
    def services(self) -> Any:
        """The unlocked services, or None (for tests and checks; jobs get them as argument)."""
        return self.session.services_or_none()

    def _changes(self) -> frozenset[str]:
        """On the vault thread: record types changed since the last job (nothing if locked)."""
        seq, kinds = self.session.changes_since(self._seen_seq)
        first = self._seen_seq is None
        self._seen_seq = seq
        return frozenset() if first else kinds

    def _done(self, on_done: Callable[[Any], None] | None, kinds: frozenset[str]) -> Done:
        def finish(result: Any) -> None:
            self._finish()
            if on_done is not None:
                on_done(result)
            if kinds:
                self.changed.emit(kinds)

        return finish

    def _failed(self, on_error: Failed | None) -> Failed:
        def finish(exc: Exception) -> None:
            self._finish()
            self.job_failed.emit(exc)
            if on_error is not None:
                on_error(exc)
            else:
                log.error("vault job failed: %s", type(exc).__name__)

        return finish

    def _finish(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.busy_changed.emit(False)

    # --- the network and work executors ------------------------------------------------------
    def run_network(self, job: Callable[[], T], on_done: Callable[[T], None] | None = None,
                    on_error: Failed | None = None) -> Future[T]:
        """Run `job()` on the network thread (hub calls); callbacks on the interface thread."""
        return self._background(self._net, job, on_done, on_error)

    def run_work(self, job: Callable[[], T], on_done: Callable[[T], None] | None = None,
                 on_error: Failed | None = None) -> Future[T]:
        """Run `job()` on the work thread (render, encrypt, rasterise); callbacks on the
        interface thread."""
        return self._background(self._work, job, on_done, on_error)

    def _background(self, executor: ThreadPoolExecutor, job: Callable[[], T],
                    on_done: Callable[[T], None] | None, on_error: Failed | None) -> Future[T]:
        if self._closed:
            return self._refused()
        def work() -> T:
            try:
                result = job()
            except Exception as exc:
                if on_error is not None:
                    self._relay.delivered.emit(on_error, exc)
                else:
                    log.error("background job failed: %s", type(exc).__name__)
                raise
            if on_done is not None:
                self._relay.delivered.emit(on_done, result)
            return result

        return executor.submit(work)

    def announce(self, kinds: frozenset[str]) -> None:
        """Tell every page that records of these types changed (from any thread)."""
        if kinds:
            self._relay.delivered.emit(self.changed.emit, kinds)

    # --- the end ------------------------------------------------------------------------------
    def close_session(self, on_closed: Callable[[object], None] | None = None) -> None:
        """Close the vault on the vault thread (after every queued job)."""
        self._seen_seq = None
        self.submit(self.session.close, on_closed, on_closed)

    @staticmethod
    def _refused() -> Future[Any]:
        from desktop.app.errors import VaultError

        future: Future[Any] = Future()
        future.set_exception(VaultError("Waymark is closing."))
        return future

    def shutdown(self) -> None:
        """Stop every executor; queued vault jobs (saves) finish first."""
        self._closed = True
        self._net.shutdown(wait=False, cancel_futures=True)
        self._work.shutdown(wait=False, cancel_futures=True)
        self._vault.shutdown(wait=True)


class RefreshOnChange(QObject):
    """Refreshes a page when a vault job or a sync round changed records.

    A page on screen refreshes once however many jobs changed things in a row; a page that is
    not on screen is refreshed by the shell when it is shown. `always` refreshes a hidden page
    too (the sync page feeds the status bar).
    """

    def __init__(self, page: QWidget, runner: TaskRunner, refresh: Callable[[], None],
                 always: bool = False) -> None:
        super().__init__(page)
        self._page = page
        self._refresh = refresh
        self._always = always
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)
        runner.changed.connect(self._changed)

    def _changed(self, _kinds: frozenset[str]) -> None:
        self._timer.start()

    def _run(self) -> None:
        if self._always or self._page.isVisible():
            self._refresh()
