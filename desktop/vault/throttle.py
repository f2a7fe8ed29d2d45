"""Failed-unlock slow-down, kept in `vault.throttle` beside the header.

The delay lives in its own small file rather than in vault.keys so that a wrong passphrase
leaves vault.keys and vault.db byte-identical (nothing a typo can damage), while a restart still
does not reset the delay. Deleting the file only helps an attacker who already has the files,
and against them Argon2id is the defence.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.vault.atomic import write_atomic

FREE_TRIES = 3
MAX_DELAY = 300


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` consecutive wrong passphrases: 0,0,0,1,2,4,…,300."""
    if failures < FREE_TRIES:
        return 0
    return int(min(2 ** (failures - FREE_TRIES), MAX_DELAY))


@dataclass
class ThrottleState:
    failures: int = 0
    last_failure: float = 0.0
    unreported: int = 0  # failures not yet written to the audit log


class Throttle:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    def read(self) -> ThrottleState:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            return ThrottleState(int(doc["failures"]), float(doc["last_failure"]),
                                 int(doc.get("unreported", 0)))
        except (OSError, ValueError, KeyError, TypeError):
            # Missing or unreadable: a damaged throttle file must not lock anyone out.
            return ThrottleState()

    def wait_remaining(self) -> int:
        state = self.read()
        ready_at = state.last_failure + delay_after(state.failures)
        return max(0, int(round(ready_at - self.clock() + 0.499)))

    def record_failure(self) -> int:
        """Note one failure; returns the delay now in force."""
        state = self.read()
        state.failures += 1
        state.unreported += 1
        state.last_failure = self.clock()
        self._write(state)
        return delay_after(state.failures)

    def record_success(self) -> int:
        """Reset the counter; returns how many failures happened since the last unlock."""
        state = self.read()
        if state.failures or state.unreported:
            self._write(ThrottleState())
        return state.unreported

    def _write(self, state: ThrottleState) -> None:
        data = {"failures": state.failures, "last_failure": state.last_failure,
                "unreported": state.unreported}
        write_atomic(self.path, json.dumps(data).encode("utf-8"))
