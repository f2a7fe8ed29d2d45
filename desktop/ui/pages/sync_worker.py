"""Sync in the background: the runner's network executor for the hub, its vault executor for
the vault.

A round never touches the vault directly: each vault step goes through TaskRunner.call from the
network thread, queued with the user's own work, so the interface never waits for the network;
records the round applies are announced by the runner like any other change. Failed rounds
back off exponentially (with jitter) up to 15 minutes; "Sync now" wakes it at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.app import sync_rounds
from desktop.app.sync_rounds import SyncReport, backoff
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
INTERVAL_S = 300.0  # a quiet round every 5 minutes while connected


@dataclass(frozen=True)
class RoundResult:
    ok: bool
    report: SyncReport | None
    error_code: str  # "" when ok; a code the page turns into words
    retry_in: float


class SyncWorker(QObject):
    """Schedules sync rounds on the runner's network executor; signals arrive on the
    interface thread. A timer on the interface thread decides when the next round starts,
    so there is no thread of its own to join."""

    started = Signal()
    progress = Signal(str, int, int)  # stage ("push" / "pull"), done, total
    finished = Signal(object)  # RoundResult

    def __init__(self, runner: TaskRunner, interval: float = INTERVAL_S) -> None:
        super().__init__()
        self.runner = runner
        self.interval = interval
        self.failures = 0
        self.running = False
        self._started = False
        self._stopped = False  # for good: a stopped worker (locked, closing) never restarts
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start_round)

    def start(self) -> None:
        if not self._started and not self._stopped:
            self._started = True
            self._timer.start(2000)  # the first round soon after unlocking

    def sync_now(self) -> None:
        if self._started and not self._stopped and not self._in_flight:
            self._timer.start(0)

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def _start_round(self) -> None:
        if self._stopped or self._in_flight:
            return
        self._in_flight = True  # (after the runner shut down, nothing runs: the app is closing)
        self.runner.run_network(self.run_round, self._round_over,
                                lambda _exc: self._round_over(None))

    def _round_over(self, result: RoundResult | None) -> None:
        self._in_flight = False
        if not self._stopped:
            delay = result.retry_in if result is not None else self.interval
            self._timer.start(int(delay * 1000))

    def run_round(self) -> RoundResult | None:
        """One round now, on the calling thread (the network thread; tests call it directly)."""
        try:
            connected = self.runner.call(lambda s: s.sync.config()) is not None
        except Exception:  # locked, or closing: try again later
            return None
        if not connected:
            return None
        self.running = True
        self.started.emit()
        try:
            report = sync_rounds.run_round(
                lambda job: self.runner.call(job, timeout=120),
                lambda stage, done, total: self.progress.emit(stage, done, total))
        except Exception as exc:  # every failure is a failed round: nothing is lost
            code = sync_rounds.failure_code(exc)
            log.warning("sync round failed: %s", type(exc).__name__)
            self.failures += 1
            retry = backoff(self.failures)
            try:
                self.runner.call(lambda s: s.sync.record_attempt(code))
            except Exception:  # noqa: S110 - the vault may be locking; the round is retried
                pass
            result = RoundResult(False, None, code, retry)
        else:
            self.failures = 0
            result = RoundResult(True, report, "", self.interval)
        finally:
            self.running = False
        self.finished.emit(result)
        return result
