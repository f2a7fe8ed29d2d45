"""Indicator checklists answered about a person: submitted (sealed) assessments and their
follow-up tasks (issue 3). Answers in progress are drafts (DraftService, kind "assessment")."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.app import pathway_facts
from desktop.app.access import AccessPolicy
from desktop.app.drafts import discard_mine
from desktop.app.people import PeopleService
from desktop.app.tasks import append_planned
from desktop.content import jurisdictions
from desktop.content.checklists import frameworks
from desktop.content.checklists.frameworks import Framework
from desktop.content.checklists.outcome import Context, Outcome, evaluate
from desktop.domain import events as ev
from desktop.domain import tasks as task_rules
from desktop.domain.assessments import DEFAULT_ANSWER, Answer
from desktop.domain.events import now_utc, uuid7
from desktop.domain.people import is_child
from desktop.domain.roles import reads_everything
from desktop.vault import audit
from desktop.vault.errors import InvalidInput, NotFound
from desktop.vault.store import Vault

DRAFT_KIND = "assessment"
RECORD_LANGUAGES = ("en", "vi")


@dataclass(frozen=True)
class SubmittedAssessment:
    assessment_id: str
    task_ids: tuple[str, ...]
    outcome: Outcome


@dataclass(frozen=True)
class AssessmentSummary:
    id: str
    framework_id: str
    framework_version: int
    title: dict[str, str]
    level: str
    submitted_by: str
    submitted_at: str


def outcome_json(outcome: Outcome, juris: jurisdictions.Jurisdiction) -> dict[str, Any]:
    """The outcome as stored: each step's wording in both languages as it read at submission."""
    return {
        "level": outcome.level,
        "level_reasons": list(outcome.level_reasons),
        "risk_factors": list(outcome.risk_factors),
        "steps": [{"id": s.id, "reasons": list(s.reasons),
                   "text": {lang: juris.step_text(s.id, lang) for lang in ("en", "vi")}}
                  for s in outcome.steps],
    }


class AssessmentService:
    def __init__(self, vault: Vault, access: AccessPolicy, people: PeopleService) -> None:
        self.vault = vault
        self.access = access
        self.people = people

    def jurisdiction(self) -> jurisdictions.Jurisdiction:
        return jurisdictions.load(self.vault.meta("jurisdiction") or "england")

    def person_is_child(self, person_id: str) -> bool:
        person = self.people.get(person_id).person
        today = now_utc().astimezone(self.jurisdiction().timezone).date()
        return is_child(person, today)

    def context(self, person_id: str, route: str | None = None) -> Context:
        """What the record says that the answers cannot: a looked-after child, whether the
        person assessing is the lead (who is not asked to tell herself) or the lead was already
        told on an earlier concern, and the route the officer chose (Viet Nam)."""
        person = self.people.get(person_id).person
        return Context(looked_after=person.location_kind == "placement",
                       reporter_is_lead=reads_everything(self.vault.user.role),
                       lead_told=pathway_facts.lead_already_told(self.vault, person_id),
                       route=route)

    def routes(self) -> tuple[str, ...]:
        """The routes an officer may choose from (empty where the jurisdiction has none)."""
        return self.jurisdiction().assessment.routes

    def default_route(self, person_id: str) -> str | None:
        """The route to offer first: as recorded before, else a hand-back for a person
        received at a border post or with a group; None where there are no routes."""
        person = self.people.get(person_id).person
        return pathway_facts.default_route(self.vault, person_id, person, self.jurisdiction())

    def preview(self, person_id: str, framework: Framework,
                answers: Mapping[str, Answer], route: str | None = None) -> Outcome:
        """The outcome these answers would give, without saving anything."""
        return evaluate(framework, {k: a.answer for k, a in answers.items()},
                        child=self.person_is_child(person_id), jurisdiction=self.jurisdiction().id,
                        context=self.context(person_id, self._route(person_id, route)))

    def _route(self, person_id: str, route: str | None) -> str | None:
        """The route chosen, else what the person's records say; None lets the answers decide
        (answering "handed back at a border gate" is a hand-back), else the first route."""
        routes = self.routes()
        if route is not None and route not in routes:
            raise InvalidInput(["route_invalid"])
        if route is None and routes:
            known = self.default_route(person_id)
            return known if known != routes[0] else None
        return route

    def submit(self, person_id: str, framework: Framework, answers: Mapping[str, Answer],
               record_language: str, draft_id: str | None = None,
               route: str | None = None) -> SubmittedAssessment:
        """Seal the assessment (answers, the framework's wording at this version, the outcome)
        and create its follow-up tasks, in one transaction; the draft goes in the same one."""
        problems = sorted({p for a in answers.values() for p in a.problems()})
        known = {i.id for i in framework.indicators()}
        if set(answers) - known:
            problems.append("indicator_unknown")
        if record_language not in RECORD_LANGUAGES:
            problems.append("language_invalid")
        if problems:
            raise InvalidInput(problems)
        juris = self.jurisdiction()
        child = self.person_is_child(person_id)
        outcome = evaluate(framework, {k: a.answer for k, a in answers.items()}, child=child,
                           jurisdiction=juris.id,
                           context=self.context(person_id, self._route(person_id, route)))
        started = now_utc().astimezone(juris.timezone)
        holidays = juris.holidays_around(started.date())
        assessment_id = uuid7()
        payload = {
            "person_id": person_id,
            "framework_id": framework.id,
            "framework_version": framework.version,
            "framework": frameworks.snapshot(framework),
            "record_language": record_language,
            "jurisdiction": juris.id,
            "child": child,
            "answers": {k: a.to_json() for k, a in sorted(answers.items())
                        if a != Answer()},
            "outcome": outcome_json(outcome, juris),
        }
        if outcome.route is not None:
            # The route the pathway followed, kept in the sealed event (issue 12).
            payload["route"] = outcome.route
        planned = [task_rules.PlannedTask(rule.id, rule.title,
                                          task_rules.due_for(rule, started, holidays),
                                          rule.assignee_role, rule.source)
                   for rule in outcome.tasks]
        with self.vault.transaction():
            self.vault.append(assessment_id, ev.ASSESSMENT_SUBMITTED, payload)
            task_ids = append_planned(self.vault, person_id, assessment_id, planned,
                                      once_per_need=True)
            self.vault.audit(audit.RECORD_CREATED, assessment_id,
                             {"type": "assessment", "tasks": len(task_ids)})
            discard_mine(self.vault, draft_id)
        return SubmittedAssessment(assessment_id, tuple(task_ids), outcome)

    def for_person(self, person_id: str) -> list[AssessmentSummary]:
        self.access.require_person(person_id)
        rows = self.vault.read(
            "SELECT id, framework_id, framework_version, json_extract(data, '$.framework.title'),"
            " level, submitted_by, submitted_at FROM assessments WHERE person_id = ? "
            "ORDER BY submitted_at DESC, id DESC", (person_id,))
        return [AssessmentSummary(r[0], r[1], int(r[2]), json.loads(r[3]), r[4], r[5], r[6])
                for r in rows]

    def get(self, assessment_id: str) -> dict[str, Any]:
        """The sealed assessment as submitted, with who and when, and its amendments."""
        row = self.vault.read_one(
            "SELECT person_id, data, submitted_by, submitted_at FROM assessments WHERE id = ?",
            (assessment_id,))
        if row is None:
            raise NotFound("assessment")
        self.access.require_person(row[0])
        data: dict[str, Any] = json.loads(row[1])
        data.update({"id": assessment_id, "submitted_by": row[2], "submitted_at": row[3]})
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_VIEWED, assessment_id, {"type": "assessment"})
        return data


def answers_from_json(data: Mapping[str, Any]) -> dict[str, Answer]:
    """Answers as kept in a draft or a file: indicator id -> answer (or {answer, note, source})."""
    out = {str(k): Answer.from_json(v) for k, v in data.items()}
    return {k: a for k, a in out.items() if a != Answer(DEFAULT_ANSWER)}
