"""Who may read which person's records."""

from __future__ import annotations

from desktop.domain.roles import reads_everything
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
