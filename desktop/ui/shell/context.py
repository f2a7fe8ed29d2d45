"""What every page needs to know about the signed-in session (no vault access here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.roles import Role


def _no_activity() -> None:
    return None


@dataclass
class AppContext:
    """The unlocked session: who is signed in, to which organisation, in which language.

    Mutable: the settings page changes `language`; the shell replaces the whole context when a
    different user unlocks. `record_activity` resets the idle-lock timer (pages call it for
    activity the input event filter cannot see, e.g. a long save).
    """

    vault_dir: Path
    username: str
    display_name: str
    role: Role
    jurisdiction: str
    org_name: str
    language: str = "en"
    record_activity: Callable[[], None] = field(default=_no_activity)
