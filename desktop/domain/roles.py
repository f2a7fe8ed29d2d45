"""Roles and what each may do. Enforced by the vault services, not by the UI."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"
    LEAD = "lead"
    ADMIN = "admin"


def reads_everything(role: Role) -> bool:
    """Leads (DSL, safeguarding lead, duty officer) read every record.

    An admin is also a lead: in the small organisations Waymark serves the person who manages
    users is usually the safeguarding lead, and the first user must be able to work.
    """
    return role in (Role.LEAD, Role.ADMIN)


def manages_users(role: Role) -> bool:
    return role is Role.ADMIN


def may_complete_lead_tasks(role: Role) -> bool:
    return role in (Role.LEAD, Role.ADMIN)
