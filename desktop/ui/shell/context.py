"""What every page needs to know about the signed-in session (no vault access here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.app.session import SignedIn
from desktop.domain.roles import Role


def _no_activity() -> None:
    return None


@dataclass
class AppContext:
    """The vault folder and who is signed in (`user`, a frozen `SignedIn` from the session).

    A page reads `context.username`, `context.role`, …; when a different user unlocks, or the
    settings change the organisation or the language, the shell replaces `user` as a whole with
    `update()`. `record_activity` resets the idle-lock timer (pages call it for activity the
    input event filter cannot see, e.g. a long save).
    """

    vault_dir: Path
    user: SignedIn
    record_activity: Callable[[], None] = field(default=_no_activity)

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def display_name(self) -> str:
        return self.user.display_name

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def jurisdiction(self) -> str:
        return self.user.jurisdiction

    @property
    def org_name(self) -> str:
        return self.user.org_name

    @property
    def language(self) -> str:
        return self.user.language

    def update(self, **changes: str) -> None:
        """Replace the signed-in value with these fields changed (org_name, language, …)."""
        self.user = replace(self.user, **changes)  # type: ignore[arg-type]
