"""Organisation settings (admin) and personal preferences (everyone)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.app.access import AccessPolicy
from desktop.domain import events as ev
from desktop.vault import audit
from desktop.vault.errors import InvalidInput
from desktop.vault.store import Vault

LANGUAGES = ("en", "vi")
IDLE_LOCK_RANGE = (1, 60)


@dataclass(frozen=True)
class OrgSettings:
    org_name: str
    jurisdiction: str
    language: str
    idle_lock_minutes: int


class SettingsService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.access = AccessPolicy(vault)

    def org(self) -> OrgSettings:
        return OrgSettings(
            org_name=self.vault.meta("org_name") or "",
            jurisdiction=self.vault.meta("jurisdiction") or "england",
            language=self.vault.meta("language") or "en",
            idle_lock_minutes=int(self.vault.meta("idle_lock_minutes") or 5),
        )

    def set_idle_lock_minutes(self, minutes: int) -> None:
        """Policy: how long the app may sit idle before it locks itself."""
        self.access.require_admin("change the organisation's policy")
        low, high = IDLE_LOCK_RANGE
        if not low <= minutes <= high:
            raise InvalidInput(["idle_lock_minutes_out_of_range"])
        with self.vault.transaction():
            self.vault.append("org", ev.ORG_CONFIGURED, {"idle_lock_minutes": minutes})
            self.vault.audit(audit.SETTINGS_CHANGED, "org", {"idle_lock_minutes": minutes})

    def user_language(self) -> str:
        return self.vault.meta(f"language.{self.vault.user.username}") or self.org().language

    def set_user_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise InvalidInput(["language_invalid"])
        with self.vault.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)",
                         (f"language.{self.vault.user.username}", language))
