"""The one permission gate: who may read which person's records, and which role may do what.

Every service checks here before it reads or writes; the interface hiding a button is a
convenience, never the protection."""

from __future__ import annotations

from collections.abc import Callable

from desktop.domain.roles import Role, manages_users, reads_everything
from desktop.vault.errors import NotAllowed, NotFound
from desktop.vault.store import Vault


class AccessPolicy:
    """Staff read the people they registered, recorded about, or that were shared with them;
    leads and admins read everyone."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    @property
    def reads_all(self) -> bool:
        return reads_everything(self.vault.user.role)

    def person_filter(self, column: str = "id") -> tuple[str, tuple[str, ...]]:
        """A SQL condition on `column` (a person id) limiting rows to what the user may read."""
        if self.reads_all:
            return "1", ()
        return (
            f"{column} IN (SELECT person_id FROM person_access WHERE username = ?)",
            (self.vault.user.username,),
        )

    def require_person(self, person_id: str) -> None:
        """Raise NotFound / NotAllowed unless the user may read this person."""
        if self.vault.read_one("SELECT 1 FROM people WHERE id = ?", (person_id,)) is None:
            raise NotFound("person")
        if self.reads_all:
            return
        if self.vault.read_one(
            "SELECT 1 FROM person_access WHERE person_id = ? AND username = ?",
            (person_id, self.vault.user.username),
        ) is None:
            raise NotAllowed("read this person's records (ask a lead to share them with you)")

    def require(self, allowed: Callable[[Role], bool], what: str) -> None:
        """Raise NotAllowed(what) unless the signed-in user's role passes `allowed`."""
        if not allowed(self.vault.user.role):
            raise NotAllowed(what)

    def require_lead(self, what: str) -> None:
        """Leads and admins only."""
        self.require(reads_everything, what)

    def require_admin(self, what: str) -> None:
        """Admins only (users, devices, policy)."""
        self.require(manages_users, what)
