"""A user's profile: what the forms print as the referrer (never the login name or role)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

PROFILE_FIELDS = ("full_name", "job_title", "organisation", "phone", "email")


@dataclass(frozen=True)
class Profile:
    full_name: str = ""
    job_title: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""

    def to_json(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Profile:
        return Profile(**{k: str(data.get(k) or "").strip() for k in PROFILE_FIELDS})


def validate(profile: Profile) -> list[str]:
    """Problems that stop a profile being saved, as message codes."""
    problems: list[str] = []
    if profile.email and ("@" not in profile.email or " " in profile.email.strip()):
        problems.append("email_invalid")
    if any(len(getattr(profile, k)) > 200 for k in PROFILE_FIELDS):
        problems.append("too_long")
    return problems
