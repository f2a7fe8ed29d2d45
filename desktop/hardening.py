"""Process hardening at start: no core dumps, so key bytes in memory never land on disk.

Linux: the process is made non-dumpable (prctl PR_SET_DUMPABLE 0, which also keeps other
processes of the same user from attaching with ptrace) and its core size limit is set to zero.
macOS: the core limit is set to zero (core dumps are off by default there anyway). Windows has
no core dumps; crash reports (Windows Error Reporting) can still capture memory, which the
README's security section explains.
"""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def disable_core_dumps() -> bool:
    """Best effort; True when every step available on this platform succeeded."""
    ok = True
    if sys.platform != "win32":
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (ValueError, OSError):
            ok = False
    if sys.platform.startswith("linux"):
        ok = _prctl(PR_SET_DUMPABLE, 0) == 0 and ok
    return ok


def dumpable() -> int | None:
    """Linux's dumpable flag for this process (1 normally, 0 after `disable_core_dumps`)."""
    if not sys.platform.startswith("linux"):
        return None
    return _prctl(PR_GET_DUMPABLE, 0)


def _prctl(option: int, arg: int) -> int:
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        # The process's own symbols already include libc's prctl; ctypes.util.find_library
        # would cost ~8 ms of every start (it loads subprocess and friends) to find the same.
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0))
    return -1
