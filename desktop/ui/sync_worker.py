"""Sync in the background: its own thread for the network, the vault thread for the vault.

The worker never touches the vault directly: each vault step goes through TaskRunner.call,
queued with the user's own work, so the interface never waits for the network. Failed rounds
back off exponentially (with jitter) up to 15 minutes; "Sync now" wakes it at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from PySide6.QtCore import QObject, Signal, Slot

from desktop.sync import engine, hubclient
from desktop.ui.tasks import TaskRunner
from desktop.vault.errors import VaultError

log = logging.getLogger(__name__)
INTERVAL_S = 300.0  # a quiet round every 5 minutes while connected


@dataclass(frozen=True)
class RoundResult:
    ok: bool
    report: engine.SyncReport | None
    error_code: str  # "" when ok; a code the page turns into words
    retry_in: float


def error_code(exc: BaseException) -> str:
    if isinstance(exc, hubclient.Revoked):
        return "revoked"
    if isinstance(exc, hubclient.Unauthorized) and exc.code == "stale_request":
        return "clock"
    if isinstance(exc, hubclient.HubUnavailable | httpx.HTTPError):
        return "unreachable"
    if isinstance(exc, hubclient.HubError):
        return "refused"
    if isinstance(exc, VaultError):
        return "vault"
    return "failed"


class _Relay(QObject):
    delivered = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: object) -> None:
        callback(value)


class NetRunner(QObject):
    """One thread for network calls that are not a sync round (connect, join)."""

    def __init__(self) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="net")
        self._relay = _Relay()

    def run(self, job: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None]) -> None:
        def work() -> None:
            try:
                result = job()
            except Exception as exc:  # handed to the GUI thread
                self._relay.delivered.emit(on_error, exc)
                return
            self._relay.delivered.emit(on_done, result)

        self._executor.submit(work)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class SyncWorker(QObject):
    """Runs sync rounds on its own thread; signals arrive on the GUI thread."""

    started = Signal()
    progress = Signal(str, int, int)  # stage ("push" / "pull"), done, total
    finished = Signal(object)  # RoundResult

    def __init__(self, runner: TaskRunner, interval: float = INTERVAL_S) -> None:
        super().__init__()
        self.runner = runner
        self.interval = interval
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.running = False

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)
            self._thread.start()

    def sync_now(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _loop(self) -> None:
        delay = 2.0  # first round soon after unlocking
        while not self._stop.is_set():
            self._wake.wait(delay)
            self._wake.clear()
            if self._stop.is_set():
                break
            result = self.run_round()
            delay = result.retry_in if result is not None else self.interval

    def run_round(self) -> RoundResult | None:
        """One round now, on the calling thread (the worker's; tests call it directly)."""
        try:
            cfg = self.runner.call(lambda s: s.sync.config())
        except Exception:  # locked, or closing: try again later
            return None
        if cfg is None:
            return None
        self.running = True
        self.started.emit()
        try:
            with engine.client_for(cfg) as client:
                report = engine.sync_once(
                    lambda job: self.runner.call(job, timeout=120), client,
                    lambda stage, done, total: self.progress.emit(stage, done, total))
        except Exception as exc:  # every failure is a failed round: nothing is lost
            code = error_code(exc)
            log.warning("sync round failed: %s", type(exc).__name__)
            self.failures += 1
            retry = engine.backoff(self.failures)
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
