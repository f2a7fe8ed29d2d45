"""Services: the only way the rest of Waymark reads or changes the vault.

Each service checks the current user's role before it reads or writes, so a button hidden in
the UI is a convenience, never the protection.
"""

from __future__ import annotations

from desktop.vault.services.access import AccessPolicy
from desktop.vault.services.amendments import AmendmentService
from desktop.vault.services.assessments import AssessmentService
from desktop.vault.services.body_maps import BodyMapService
from desktop.vault.services.checks import CheckService
from desktop.vault.services.concerns import ConcernService
from desktop.vault.services.disclosures import DisclosureService
from desktop.vault.services.drafts import DraftService
from desktop.vault.services.exports import ExportService
from desktop.vault.services.people import PeopleService
from desktop.vault.services.referrals import ReferralService
from desktop.vault.services.reviews import ReviewService
from desktop.vault.services.search import SearchService
from desktop.vault.services.settings import SettingsService
from desktop.vault.services.sync import SyncService
from desktop.vault.services.tasks import TaskService
from desktop.vault.services.users import UserService
from desktop.vault.store import Vault


class Services:
    """Everything the UI and CLI use, bound to one unlocked vault."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.access = AccessPolicy(vault)
        self.people = PeopleService(vault, self.access)
        self.tasks = TaskService(vault, self.access)
        self.concerns = ConcernService(vault, self.access, self.people)
        self.drafts = DraftService(vault)
        self.assessments = AssessmentService(vault, self.access, self.people)
        self.amendments = AmendmentService(vault, self.access)
        self.disclosures = DisclosureService(vault, self.access, self.people)
        self.referrals = ReferralService(vault, self.access, self.people)
        self.sync = SyncService(vault)
        self.body_maps = BodyMapService(vault, self.access, self.people)
        self.reviews = ReviewService(vault)
        self.search = SearchService(vault, self.access)
        self.users = UserService(vault)
        self.settings = SettingsService(vault)
        self.checks = CheckService(vault)
        self.exports = ExportService(vault)


__all__ = ["Services"]
