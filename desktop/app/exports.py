"""Exports and prints: each one is an audit entry naming what left the vault and for whom."""

from __future__ import annotations

from desktop.vault import audit
from desktop.vault.store import Vault


class ExportService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def record(self, template: str, recipient: str = "", record_id: str | None = None) -> None:
        """Audit one export or print of `template` (e.g. "recovery_sheet") for `recipient`
        (an organisation or role, never a person's narrative)."""
        with self.vault.transaction():
            self.vault.audit(audit.EXPORT, record_id,
                             {"template": template, "recipient": recipient})
