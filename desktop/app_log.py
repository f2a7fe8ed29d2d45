"""The application log: what went wrong and when, for whoever supports the laptop, and nothing
about anyone in the records.

One rotating file, `waymark.log` in the platform's log folder (platformdirs
`user_log_dir("Waymark")`, or `WAYMARK_LOG_DIR`; the start log lives beside it), at most
`MAX_BYTES` with `BACKUPS` older copies. Waymark's own log calls pass only error class names and
counts; as a second line of defence every record goes through `Scrub`, which keeps an
exception's class and the place it was raised (file, line, function) but never its message, and
writes the home folder as `~`. Uncaught exceptions come here the same way. Imports no Qt.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from desktop import __version__

LOG_NAME = "waymark.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None
_previous_hook = sys.excepthook


def log_dir() -> Path:
    env = os.environ.get("WAYMARK_LOG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_log_dir

    return Path(user_log_dir("Waymark", appauthor=False))


def log_path() -> Path:
    return log_dir() / LOG_NAME


def _redact(text: str) -> str:
    home = str(Path.home())
    return text.replace(home, "~") if home and home != os.sep else text


def where_raised(exc_type: type[BaseException] | None, tb: TracebackType | None) -> str:
    """The exception's class and its frames as file:line in function: no message, no values."""
    frames = [f"{Path(f.filename).name}:{f.lineno} in {f.name}"
              for f in traceback.extract_tb(tb)] if tb is not None else []
    name = exc_type.__name__ if exc_type is not None else "Exception"
    return name + ("" if not frames else " at " + " <- ".join(reversed(frames[-6:])))


class Scrub(logging.Filter):
    """Keeps the log free of personal data whatever a caller passes: an exception becomes its
    class and where it was raised; the home folder becomes `~`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            exc_type, _exc, tb = record.exc_info
            record.msg = f"{record.getMessage()} [{where_raised(exc_type, tb)}]"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        record.stack_info = None
        record.msg = _redact(record.getMessage())
        record.args = None
        return True


class RotatingFile(logging.FileHandler):
    """One file of at most `max_bytes`, with `backups` older copies (waymark.log.1 the newest):
    the rotation of `logging.handlers.RotatingFileHandler`, kept here because that module
    imports socket, pickle and queue for its other handlers, ~6 ms of the app's start."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._would_overflow(record):
                self._rotate()
        except Exception:  # logging must never raise into the app
            self.handleError(record)
            return
        super().emit(record)

    def _would_overflow(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        size = len((self.format(record) + self.terminator).encode("utf-8"))
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() > 0 and self.stream.tell() + size > self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # FileHandler opens it again on the next record
        base = self.baseFilename
        for i in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{i}"):
                os.replace(f"{base}.{i}", f"{base}.{i + 1}")
        if self.backups > 0:
            os.replace(base, f"{base}.1")
        else:
            os.remove(base)


def log_uncaught(exc_type: type[BaseException], tb: TracebackType | None) -> None:
    """An exception nothing caught (Qt slots included): its class and where, never its text."""
    logging.getLogger("desktop").error("uncaught %s", where_raised(exc_type, tb))


def setup(level: int = logging.INFO) -> Path | None:
    """Send Waymark's log records to the rotating file; returns its path, or None when the
    folder cannot be written (the app still runs). Safe to call twice."""
    global _handler, _previous_hook
    if _handler is not None:
        return log_path()
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFile(folder / LOG_NAME, MAX_BYTES, BACKUPS)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Scrub())
    root = logging.getLogger("desktop")
    root.addHandler(handler)
    root.setLevel(level)
    _handler = handler
    previous_hook = _previous_hook = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        log_uncaught(exc_type, tb)
        previous_hook(exc_type, exc, tb)

    sys.excepthook = hook
    root.info("Waymark %s started (%s %s, %s)", __version__, sys.platform, _machine() or "?",
              "frozen" if getattr(sys, "frozen", False) else "source")
    return log_path()


def _machine() -> str:
    """What platform.machine() says, without importing `platform` where os.uname has it."""
    if hasattr(os, "uname"):
        return os.uname().machine
    import platform

    return platform.machine()


def teardown() -> None:
    """Detach the file (tests; the app keeps it to the end)."""
    global _handler
    if _handler is not None:
        logging.getLogger("desktop").removeHandler(_handler)
        _handler.close()
        _handler = None
        sys.excepthook = _previous_hook


__all__ = ["LOG_NAME", "RotatingFile", "Scrub", "log_dir", "log_path", "log_uncaught", "setup",
           "teardown", "where_raised"]
