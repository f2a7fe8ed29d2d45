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
    nrm_first_responder: bool = False  # schools and care homes are not
    address: str = ""
    phone: str = ""
    abbreviation: str = ""  # the issuing agency's short name, in a document symbol
    place: str = ""  # the place written before the date on Vietnamese documents
    parent_agency: str = ""  # the superior body, top left of a Vietnamese heading


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
            nrm_first_responder=(self.vault.meta("nrm_first_responder") or "") == "True",
            address=self.vault.meta("org_address") or "",
            phone=self.vault.meta("org_phone") or "",
            abbreviation=self.vault.meta("org_abbreviation") or "",
            place=self.vault.meta("org_place") or "",
            parent_agency=self.vault.meta("org_parent_agency") or "",
        )

    def set_org_details(self, *, nrm_first_responder: bool | None = None,
                        address: str | None = None, phone: str | None = None,
                        abbreviation: str | None = None, place: str | None = None,
                        parent_agency: str | None = None) -> None:
        """What the forms print about the organisation (admin). Only given values change."""
        self.access.require_admin("change the organisation's details")
        change: dict[str, object] = {}
        if nrm_first_responder is not None:
            change["nrm_first_responder"] = bool(nrm_first_responder)
        for key, value in (("org_address", address), ("org_phone", phone),
                           ("org_abbreviation", abbreviation), ("org_place", place),
                           ("org_parent_agency", parent_agency)):
            if value is not None:
                change[key] = value.strip()
        if not change:
            return
        with self.vault.transaction():
            self.vault.append("org", ev.ORG_CONFIGURED, change)
            self.vault.audit(audit.SETTINGS_CHANGED, "org", {"changed": sorted(change)})

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
