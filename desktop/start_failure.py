"""Why the app could not start: one line on stderr, one line in a start log, never silence.

A frozen app on a site laptop is often started from a desktop icon, where stderr goes nowhere,
so every start failure is also appended to `waymark-start.log` in the platform's log folder
(platformdirs `user_log_dir("Waymark")`, or `WAYMARK_LOG_DIR`). The log line holds only the time,
Waymark's version, the platform and the error's class and message, with the home folder written
as `~`: no vault contents, no user names. Imports no Qt (the GUI shows the same text on screen
through `desktop.ui.shell.start_failure_dialog` when Qt works).
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path

from platformdirs import user_log_dir

from desktop import __version__

LOG_NAME = "waymark-start.log"
EXIT_CODE = 2
LINUX_PACKAGES = "libgl1 libegl1 libfontconfig1 libxkbcommon0"

NO_DISPLAY = (
    "waymark: no display found, and the Waymark app needs one. Run it on a desktop, or use "
    "the headless commands (waymark --help)."
)


def qt_missing_message(error: BaseException) -> str:
    hint = (f" On Linux, install the system packages {LINUX_PACKAGES} (see the README)."
            if sys.platform.startswith("linux") else " Reinstall Waymark from a complete copy.")
    return (f"waymark: the Qt libraries could not be loaded, so the app cannot open its window "
            f"({type(error).__name__}: {redact(str(error))}).{hint}")


def unwritable_message(folder: Path, error: BaseException) -> str:
    return (f"waymark: cannot write to the data folder {redact(str(folder))} "
            f"({type(error).__name__}: {redact(_strerror(error))}). Choose a folder you can "
            "write to with --vault, or ask your administrator.")


def unexpected_message(error: BaseException) -> str:
    return (f"waymark: the app could not start ({type(error).__name__}: "
            f"{redact(str(error))}).")


def _strerror(error: BaseException) -> str:
    # OSError's str() repeats the path; its strerror alone is enough beside the folder named.
    return getattr(error, "strerror", None) or str(error)


def redact(text: str) -> str:
    """The home folder as `~`: it usually carries the user's name."""
    home = str(Path.home())
    return text.replace(home, "~") if home and home != os.sep else text


def log_dir() -> Path:
    env = os.environ.get("WAYMARK_LOG_DIR")
    return Path(env) if env else Path(user_log_dir("Waymark", appauthor=False))


def log_line(kind: str, error: BaseException | None) -> str:
    import platform  # only when something failed (as datetime: the app's start needs neither)
    from datetime import UTC, datetime

    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    build = "frozen" if getattr(sys, "frozen", False) else "source"

    where = f"{sys.platform} {platform.machine() or '?'} {build}"
    what = kind if error is None else f"{kind}: {type(error).__name__}: {redact(str(error))}"
    return f"{at} waymark {__version__} {where} {what}".replace("\n", " ")


def write_log(kind: str, error: BaseException | None) -> Path | None:
    """Append one line to the start log; returns its path, or None when that failed too."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        with path.open("a", encoding="utf-8") as f:
            f.write(log_line(kind, error) + "\n")
        return path
    except OSError:
        return None  # a read-only home: stderr (and the screen) still have the message


def report(message: str, kind: str, error: BaseException | None = None) -> int:
    """Say why the start failed on stderr (when there is one) and in the start log; returns
    the exit code for a failed start."""
    if sys.stderr is not None:  # a windowed Windows build has no stderr
        print(message, file=sys.stderr, flush=True)
    write_log(kind, error)
    return EXIT_CODE


def check_writable(folder: Path) -> OSError | None:
    """None when a file can be written in `folder`, or, if it does not exist yet, in the
    nearest folder above it (where set-up will make it). Leaves nothing behind: showing the
    set-up wizard creates nothing."""
    target = folder
    while not target.exists() and target.parent != target:
        target = target.parent
    if not target.is_dir():
        return NotADirectoryError(errno.ENOTDIR, "Not a folder", str(target))
    try:
        fd, probe = tempfile.mkstemp(prefix=".waymark-write-probe-", dir=target)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return exc
    return None
