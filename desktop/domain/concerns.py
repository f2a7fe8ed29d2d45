"""A concern: what a member of staff saw or heard that worries them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

CATEGORIES = (
    "cse",
    "cce",
    "trafficking",
    "county_lines",
    "serious_violence",
    "missing",
    "online_harm",
    "forced_labour",
    "other",
)
# "dsl" is the organisation's own safeguarding lead whatever it is called where it works (the
# DSL in an English school, the duty officer at a Vietnamese border post); "commune" is the
# commune People's Committee (Viet Nam). Each jurisdiction offers its own subset, in its order
# (resources/jurisdictions/*.yaml).
TOLD_OPTIONS = ("dsl", "police", "social_care", "parent_carer", "placing_authority", "commune",
                "other")
# How the person reached the service, where the jurisdiction tells them apart (Viet Nam):
# handed back at a border gate, rescued, or came forward themselves (seed 003 Điều 6.3, 7.1,
# 7.3; Luật 53/2024 Điều 27).
ROUTES = ("border_handback", "rescue", "self_referral")


@dataclass(frozen=True)
class Concern:
    person_id: str
    seen_or_heard: str
    occurred_at: datetime
    place: str = ""
    categories: tuple[str, ...] = ()
    immediate_risk: bool = False
    told: tuple[str, ...] = ()
    told_detail: str = ""
    route: str | None = None  # one of ROUTES, where the jurisdiction has routes

    def to_json(self) -> dict[str, Any]:
        from desktop.domain.events import iso

        data: dict[str, Any] = {
            "person_id": self.person_id,
            "seen_or_heard": unicodedata.normalize("NFC", self.seen_or_heard),
            "occurred_at": iso(self.occurred_at),
            "place": unicodedata.normalize("NFC", self.place),
            "categories": list(self.categories),
            "immediate_risk": self.immediate_risk,
            "told": list(self.told),
            "told_detail": unicodedata.normalize("NFC", self.told_detail),
        }
        if self.route is not None:
            data["route"] = self.route
        return data


def validate(concern: Concern) -> list[str]:
    problems: list[str] = []
    if not concern.seen_or_heard.strip():
        problems.append("seen_or_heard_required")
    if not concern.categories:
        problems.append("category_required")
    for cat in concern.categories:
        if cat not in CATEGORIES:
            problems.append("category_invalid")
    for who in concern.told:
        if who not in TOLD_OPTIONS:
            problems.append("told_invalid")
    if concern.route is not None and concern.route not in ROUTES:
        problems.append("route_invalid")
    if concern.occurred_at.tzinfo is None:
        problems.append("occurred_at_naive")
    return problems
