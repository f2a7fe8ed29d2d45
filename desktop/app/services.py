"""Services: the only way the rest of Waymark reads or changes the vault.

Each service checks the current user's role before it reads or writes, so a button hidden in
the UI is a convenience, never the protection.

Each service is built (and its module imported) on first use: the unlock screen and a one-word
command must not pay for checklists, jsonschema, holidays and the sync stack they never touch.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.app.access import AccessPolicy
    from desktop.app.amendments import AmendmentService
    from desktop.app.assessments import AssessmentService
    from desktop.app.body_maps import BodyMapService
    from desktop.app.checks import CheckService
    from desktop.app.concerns import ConcernService
    from desktop.app.disclosures import DisclosureService
    from desktop.app.drafts import DraftService
    from desktop.app.exports import ExportService
    from desktop.app.group_changes import GroupChangeService
    from desktop.app.intake import IntakeService
    from desktop.app.oversight import OversightService
    from desktop.app.people import PeopleService
    from desktop.app.referrals import ReferralService
    from desktop.app.reviews import ReviewService
    from desktop.app.search import SearchService
    from desktop.app.settings import SettingsService
    from desktop.app.sync import SyncService
    from desktop.app.tasks import TaskService
    from desktop.app.timeline import TimelineService
    from desktop.app.users import UserService
    from desktop.vault.store import Vault


class Services:
    """Everything the UI and CLI use, bound to one unlocked vault."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    @cached_property
    def access(self) -> AccessPolicy:
        from desktop.app.access import AccessPolicy

        return AccessPolicy(self.vault)

    @cached_property
    def people(self) -> PeopleService:
        from desktop.app.people import PeopleService

        return PeopleService(self.vault, self.access)

    @cached_property
    def tasks(self) -> TaskService:
        from desktop.app.tasks import TaskService

        return TaskService(self.vault, self.access)

    @cached_property
    def concerns(self) -> ConcernService:
        from desktop.app.concerns import ConcernService

        return ConcernService(self.vault, self.access, self.people)

    @cached_property
    def drafts(self) -> DraftService:
        from desktop.app.drafts import DraftService

        return DraftService(self.vault)

    @cached_property
    def assessments(self) -> AssessmentService:
        from desktop.app.assessments import AssessmentService

        return AssessmentService(self.vault, self.access, self.people)

    @cached_property
    def amendments(self) -> AmendmentService:
        from desktop.app.amendments import AmendmentService

        return AmendmentService(self.vault, self.access)

    @cached_property
    def disclosures(self) -> DisclosureService:
        from desktop.app.disclosures import DisclosureService

        return DisclosureService(self.vault, self.access, self.people)

    @cached_property
    def referrals(self) -> ReferralService:
        from desktop.app.referrals import ReferralService

        return ReferralService(self.vault, self.access, self.people)

    @cached_property
    def sync(self) -> SyncService:
        from desktop.app.sync import SyncService

        return SyncService(self.vault)

    @cached_property
    def body_maps(self) -> BodyMapService:
        from desktop.app.body_maps import BodyMapService

        return BodyMapService(self.vault, self.access, self.people)

    @cached_property
    def reviews(self) -> ReviewService:
        from desktop.app.reviews import ReviewService

        return ReviewService(self.vault)

    @cached_property
    def search(self) -> SearchService:
        from desktop.app.search import SearchService

        return SearchService(self.vault, self.access)

    @cached_property
    def users(self) -> UserService:
        from desktop.app.users import UserService

        return UserService(self.vault)

    @cached_property
    def settings(self) -> SettingsService:
        from desktop.app.settings import SettingsService

        return SettingsService(self.vault)

    @cached_property
    def checks(self) -> CheckService:
        from desktop.app.checks import CheckService

        return CheckService(self.vault)

    @cached_property
    def exports(self) -> ExportService:
        from desktop.app.exports import ExportService

        return ExportService(self.vault, self.referrals, self.intake)

    @cached_property
    def oversight(self) -> OversightService:
        from desktop.app.oversight import OversightService

        return OversightService(self.vault, self.access)

    @cached_property
    def timeline(self) -> TimelineService:
        from desktop.app.timeline import TimelineService

        return TimelineService(self.vault, self.access)

    @cached_property
    def intake(self) -> IntakeService:
        from desktop.app.intake import IntakeService

        return IntakeService(self.vault, self.access, self.people)

    @cached_property
    def group_changes(self) -> GroupChangeService:
        from desktop.app.group_changes import GroupChangeService

        return GroupChangeService(self.intake)


__all__ = ["Services"]
