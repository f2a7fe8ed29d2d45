"""What a person's records already say that a pathway must take into account (issue 12):
how they reached the service (the route, in Viet Nam) and whether the lead has been told."""

from __future__ import annotations

from desktop.content import jurisdictions
from desktop.domain.people import Person
from desktop.vault.store import Vault

# Roles whose own record means the lead knows (the DSL / lead recording it).
LEAD_ROLES = ("lead", "admin")


def lead_already_told(vault: Vault, person_id: str) -> bool:
    """True when an earlier concern on this person recorded that the DSL / lead was told, or a
    lead recorded one herself: she is not asked to be told again (issue 12)."""
    marks = ",".join("?" * len(LEAD_ROLES))
    row = vault.read_one(
        "SELECT 1 FROM concerns c WHERE c.person_id = ? AND ("
        " EXISTS (SELECT 1 FROM json_each(c.data, '$.told') WHERE value = 'dsl')"
        f" OR c.recorded_by IN (SELECT username FROM users WHERE role IN ({marks}))"
        f" OR c.recorded_by IN (SELECT username FROM sync_roster WHERE role IN ({marks})))"
        " LIMIT 1", (person_id, *LEAD_ROLES, *LEAD_ROLES))
    return row is not None


def recorded_route(vault: Vault, person_id: str) -> str | None:
    """The route chosen on the person's latest concern or checklist that names one."""
    row = vault.read_one(
        "SELECT route FROM ("
        " SELECT json_extract(data, '$.route') AS route, recorded_at AS at, id FROM concerns"
        "  WHERE person_id = ?"
        " UNION ALL"
        " SELECT json_extract(data, '$.route'), submitted_at, id FROM assessments"
        "  WHERE person_id = ?)"
        " WHERE route IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1", (person_id, person_id))
    return str(row[0]) if row else None


def default_route(vault: Vault, person_id: str, person: Person,
                  juris: jurisdictions.Jurisdiction) -> str | None:
    """The route to offer first: the one already recorded for the person; else a hand-back for
    a person received at a border post or with a group (seed 003 Điều 6.3, 7.1); else the
    jurisdiction's default. None where the jurisdiction has no routes (England)."""
    routes = juris.assessment.routes
    if not routes:
        return None
    chosen = recorded_route(vault, person_id)
    if chosen in routes:
        return chosen
    in_group = vault.read_one("SELECT 1 FROM group_members WHERE person_id = ?",
                              (person_id,)) is not None
    if (in_group or person.location_kind == "border_post") and "border_handback" in routes:
        return "border_handback"
    return routes[0]

