"""Recording a concern, and the follow-up tasks its jurisdiction requires."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from desktop.app import pathway_facts
from desktop.app.access import AccessPolicy
from desktop.app.drafts import discard_mine
from desktop.app.people import PeopleService
from desktop.app.tasks import append_planned, without_open_needs
from desktop.content import jurisdictions
from desktop.domain import concerns as concern_rules
from desktop.domain import events as ev
from desktop.domain import tasks as task_rules
from desktop.domain.concerns import Concern
from desktop.domain.events import now_utc, uuid7
from desktop.domain.people import is_child
from desktop.domain.roles import reads_everything
from desktop.vault import audit
from desktop.vault.errors import InvalidInput
from desktop.vault.store import Vault


@dataclass(frozen=True)
class RecordedConcern:
    concern_id: str
    task_ids: tuple[str, ...]


class ConcernService:
    def __init__(self, vault: Vault, access: AccessPolicy, people: PeopleService) -> None:
        self.vault = vault
        self.access = access
        self.people = people

    def jurisdiction(self) -> jurisdictions.Jurisdiction:
        return jurisdictions.load(self.vault.meta("jurisdiction") or "england")

    def default_route(self, person_id: str) -> str | None:
        """The route to offer for this person (None where the jurisdiction has none)."""
        person = self.people.get(person_id).person
        return pathway_facts.default_route(self.vault, person_id, person, self.jurisdiction())

    def record(self, concern: Concern, draft_id: str | None = None) -> RecordedConcern:
        """Save a concern and create its follow-up tasks in one transaction; the draft it came
        from is removed in the same transaction, so it is saved exactly once."""
        problems = concern_rules.validate(concern)
        if problems:
            raise InvalidInput(problems)
        person = self.people.get(concern.person_id).person
        juris = self.jurisdiction()
        routes = juris.assessment.routes
        if concern.route is not None and concern.route not in routes:
            raise InvalidInput(["route_invalid"])
        if concern.route is None and routes:
            # The route is kept in the event: what the tasks followed can be read back later.
            concern = replace(concern, route=pathway_facts.default_route(
                self.vault, concern.person_id, person, juris))
        started = now_utc().astimezone(juris.timezone)
        facts = task_rules.ConcernFacts(
            immediate_risk=concern.immediate_risk,
            looked_after=person.location_kind == "placement",
            child=is_child(person, started.date()),
            categories=concern.categories,
            reporter_is_lead=reads_everything(self.vault.user.role),
            # Told now, or already told on an earlier concern (or the lead recorded one).
            lead_told="dsl" in concern.told
            or pathway_facts.lead_already_told(self.vault, concern.person_id),
            route=concern.route,
        )
        planned = task_rules.plan(juris.task_rules, facts, started,
                                  juris.holidays_around(started.date()))
        planned = without_open_needs(self.vault, concern.person_id, planned, juris.task_rules)
        concern_id = uuid7()
        with self.vault.transaction():
            self.vault.append(concern_id, ev.CONCERN_RECORDED, concern.to_json())
            task_ids = append_planned(self.vault, concern.person_id, concern_id, planned)
            self.vault.audit(audit.RECORD_CREATED, concern_id,
                             {"type": "concern", "tasks": len(task_ids)})
            discard_mine(self.vault, draft_id)
        return RecordedConcern(concern_id, tuple(task_ids))

    def get(self, concern_id: str) -> dict[str, object]:
        row = self.vault.read_one(
            "SELECT person_id, data, recorded_by, recorded_at FROM concerns WHERE id = ?",
            (concern_id,))
        if row is None:
            from desktop.vault.errors import NotFound

            raise NotFound("concern")
        self.access.require_person(row[0])
        data = json.loads(row[1])
        data.update({"recorded_by": row[2], "recorded_at": row[3]})
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_VIEWED, concern_id, {"type": "concern"})
        return dict(data)
