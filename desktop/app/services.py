"""Services: the only way the rest of Waymark reads or changes the vault.

Each service checks the current user's role before it reads or writes, so a button hidden in
the UI is a convenience, never the protection.
"""

from __future__ import annotations

from desktop.app.access import AccessPolicy
from desktop.app.amendments import AmendmentService
from desktop.app.assessments import AssessmentService
from desktop.app.body_maps import BodyMapService
from desktop.app.checks import CheckService
from desktop.app.concerns import ConcernService
from desktop.app.disclosures import DisclosureService
from desktop.app.drafts import DraftService
from desktop.app.exports import ExportService
from desktop.app.intake import IntakeService
from desktop.app.oversight import OversightService
from desktop.app.people import PeopleService
from desktop.app.referrals import ReferralService
from desktop.app.reviews import ReviewService
from desktop.app.search import SearchService
from desktop.app.settings import SettingsService
from desktop.app.sync import SyncService
from desktop.app.tasks import TaskService
from desktop.app.users import UserService
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
        self.exports = ExportService(vault, self.referrals)
        self.oversight = OversightService(vault, self.access)
        self.intake = IntakeService(vault, self.access, self.people)


__all__ = ["Services"]
