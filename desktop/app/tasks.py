"""Tasks and deadlines across everyone the user may read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from desktop.app.access import AccessPolicy
from desktop.domain import events as ev
from desktop.domain.deadlines import due_state
from desktop.domain.events import uuid7
from desktop.domain.roles import may_complete_lead_tasks
from desktop.domain.tasks import PlannedTask, TaskRule
from desktop.vault import audit
from desktop.vault.errors import NotFound
from desktop.vault.store import Vault


@dataclass(frozen=True)
class TaskItem:
    id: str
    person_id: str
    person_name: str
    title: dict[str, str]
    due: str
    assignee_role: str
    done_by: str | None
    done_at: str | None
    rule_id: str | None = None
    source_record: str | None = None
    created_by: str | None = None

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title.get("en", "")

    def state(self, now: datetime) -> str:
        if self.done_at:
            return "done"
        return due_state(datetime.fromisoformat(self.due), now)


class TaskService:
    def __init__(self, vault: Vault, access: AccessPolicy) -> None:
        self.vault = vault
        self.access = access

    def list(self, include_done: bool = False, person_id: str | None = None,
             limit: int = 1000) -> list[TaskItem]:
        """Open tasks first by due time (overdue at the top); done tasks after, newest first."""
        cond, params = self.access.person_filter("t.person_id")
        sql = (
            "SELECT t.id, t.person_id, p.display_name, t.title, t.due, t.assignee_role, "
            "t.done_by, t.done_at, t.rule_id, t.source_record, t.created_by "
            "FROM tasks t JOIN people p ON p.id = t.person_id "
            f"WHERE {cond}"
        )
        args: list[object] = list(params)
        if not include_done:
            sql += " AND t.done_at IS NULL"
        if person_id:
            sql += " AND t.person_id = ?"
            args.append(person_id)
        sql += " ORDER BY t.done_at IS NOT NULL, t.due, t.id LIMIT ?"
        args.append(limit)
        return [
            TaskItem(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6], r[7], r[8], r[9],
                     r[10])
            for r in self.vault.read(sql, args)
        ]

    def complete(self, task_id: str, note: str = "") -> None:
        """Mark a task done: an event recording who and when."""
        row = self.vault.read_one(
            "SELECT person_id, assignee_role, done_at FROM tasks WHERE id = ?", (task_id,))
        if row is None:
            raise NotFound("task")
        self.access.require_person(row[0])
        if row[2]:
            return  # already done: completing twice changes nothing
        if row[1] == "lead":
            self.access.require(may_complete_lead_tasks,
                                "complete a task for the safeguarding lead")
        with self.vault.transaction():
            self.vault.append(task_id, ev.TASK_DONE, {"note": note})
            self.vault.audit(audit.RECORD_CHANGED, task_id, {"type": "task.done"})


def without_open_needs(vault: Vault, person_id: str, planned: list[PlannedTask],
                       rules: Iterable[TaskRule]) -> list[PlannedTask]:
    """The planned tasks less those a `once_per_person` rule already has open for the person:
    a need of the person (a group member's hand-back tasks, telling a child's relatives) is not
    asked for again by a later concern or disclosure; each record still keeps its own referral
    and telling tasks."""
    once = {r.id for r in rules if r.once_per_person}
    if not once:
        return planned
    open_rules = {r[0] for r in vault.read(
        "SELECT rule_id FROM tasks WHERE person_id = ? AND done_at IS NULL "
        "AND rule_id IS NOT NULL", (person_id,))}
    return [t for t in planned if not (t.rule_id in once and t.rule_id in open_rules)]


def append_planned(vault: Vault, person_id: str, source_record: str,
                   planned: Iterable[PlannedTask], *, once_per_need: bool = False) -> list[str]:
    """Append a `task.created` event for each planned task of a record (in the caller's
    transaction); returns the new task ids in order.

    With `once_per_need`, a task is left out when the person already has an open task from the
    same rule (a concern followed by a checklist asks for the same referral once, not twice).
    """
    open_rules: set[str] = set()
    if once_per_need:
        open_rules = {r[0] for r in vault.read(
            "SELECT rule_id FROM tasks WHERE person_id = ? AND done_at IS NULL "
            "AND rule_id IS NOT NULL", (person_id,))}
    task_ids: list[str] = []
    for task in planned:
        if once_per_need:
            if task.rule_id in open_rules:
                continue
            open_rules.add(task.rule_id)
        task_id = uuid7()
        task_ids.append(task_id)
        vault.append(task_id, ev.TASK_CREATED, {
            "person_id": person_id,
            "source_record": source_record,
            "rule_id": task.rule_id,
            "title": task.title,
            "due": ev.iso(task.due),
            "assignee_role": task.assignee_role,
            "source": task.source,
        })
    return task_ids
