"""Failed-unlock slow-down, kept in `vault.throttle` beside the header.

The delay lives in its own small file rather than in vault.keys so that a wrong passphrase
leaves vault.keys and vault.db byte-identical (nothing a typo can damage), while a restart still
does not reset the delay. Deleting the file only helps an attacker who already has the files,
and against them Argon2id is the defence.

Each key slot (named by its HMAC id, never by the user name) has its own counter, so typos with
a user name that does not exist do not slow the admin down; a global counter over every slot
adds a ceiling on guesses spread across many names. No delay ever exceeds its cap, whatever the
clock does: a failure time in the future (the clock ran ahead, then was corrected) is moved back
to now, never waited out.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.vault.atomic import write_atomic

FREE_TRIES = 3
MAX_DELAY = 300
# Across all slots: enough free tries for a busy morning of typos by several users, then a
# delay capped lower than a slot's, so strangers can slow the admin a little but never lock
# them out.
GLOBAL_FREE_TRIES = 20
GLOBAL_MAX_DELAY = 60


def delay_after(failures: int, free: int = FREE_TRIES, cap: int = MAX_DELAY) -> int:
    """Seconds to wait after `failures` consecutive wrong passphrases: 0,0,0,1,2,4,…,300."""
    if failures < free:
        return 0
    return int(min(2 ** min(failures - free, 30), cap))


@dataclass
class Counter:
    failures: int = 0
    last_failure: float = 0.0


@dataclass
class ThrottleState:
    slots: dict[str, Counter] = field(default_factory=dict)
    total: Counter = field(default_factory=Counter)
    unreported: int = 0  # failures not yet written to the audit log


def _counter(doc: object) -> Counter:
    if not isinstance(doc, dict):
        raise ValueError("bad counter")
    return Counter(max(0, int(doc["failures"])), float(doc["last_failure"]))


class Throttle:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    def read(self) -> ThrottleState:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            state = ThrottleState(unreported=int(doc.get("unreported", 0)))
            if "slots" not in doc:  # the one-counter file of earlier versions
                state.total = _counter(doc)
                return state
            state.total = _counter(doc["total"])
            state.slots = {str(k): _counter(v) for k, v in dict(doc["slots"]).items()}
            return state
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Missing or unreadable: a damaged throttle file must not lock anyone out.
            return ThrottleState()

    def _remaining(self, counter: Counter, delay: int, now: float) -> int:
        if delay <= 0:
            return 0
        # A failure "in the future" means the clock was ahead then: never wait beyond the cap.
        elapsed = max(0.0, now - min(counter.last_failure, now))
        return max(0, min(delay, int(round(delay - elapsed + 0.499))))

    def wait_remaining(self, slot_id: str = "") -> int:
        state = self.read()
        now = self.clock()
        if self._rebase(state, now):
            self._write(state)
        counter = state.slots.get(slot_id, Counter())
        return max(self._remaining(counter, delay_after(counter.failures), now),
                   self._remaining(state.total, self._global_delay(state), now))

    @staticmethod
    def _global_delay(state: ThrottleState) -> int:
        return delay_after(state.total.failures, GLOBAL_FREE_TRIES, GLOBAL_MAX_DELAY)

    @staticmethod
    def _rebase(state: ThrottleState, now: float) -> bool:
        """Move failure times that lie in the future back to now (the clock was corrected)."""
        moved = False
        for counter in (*state.slots.values(), state.total):
            if counter.last_failure > now:
                counter.last_failure = now
                moved = True
        return moved

    def record_failure(self, slot_id: str = "") -> int:
        """Note one failure against `slot_id` (and the global count); returns the delay now in
        force for that slot."""
        state = self.read()
        now = self.clock()
        self._rebase(state, now)
        counter = state.slots.setdefault(slot_id, Counter())
        counter.failures += 1
        counter.last_failure = now
        state.total.failures += 1
        state.total.last_failure = now
        state.unreported += 1
        self._write(state)
        return max(delay_after(counter.failures), self._global_delay(state))

    def record_success(self, slot_id: str = "") -> int:
        """Reset the slot's counter and the global one; returns how many failures happened
        since the last unlock. Other slots keep their counts (someone may be guessing them)."""
        state = self.read()
        unreported = state.unreported
        if slot_id in state.slots or state.total.failures or state.unreported:
            state.slots.pop(slot_id, None)
            state.total = Counter()
            state.unreported = 0
            self._write(state)
        return unreported

    def _write(self, state: ThrottleState) -> None:
        data = {"slots": {k: {"failures": c.failures, "last_failure": c.last_failure}
                          for k, c in state.slots.items()},
                "total": {"failures": state.total.failures,
                          "last_failure": state.total.last_failure},
                "unreported": state.unreported}
        write_atomic(self.path, json.dumps(data).encode("utf-8"))
