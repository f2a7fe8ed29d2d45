"""One person's timeline (issue 18): what happened to them, when, and how long each step took.

The chronology lists everything recorded; the timeline answers a lead's questions about the
steps: when a concern occurred and when it was written down, when each referral was made and
how long after the first concern, what came back and whether it came back within the
jurisdiction's wait, and each task's deadline, met, missed or still open. No narrative: only
our own wording and the categories, so it can be shown on a shared screen. Anyone who may read
the person may see it; opening it is audited like the chronology.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.app.access import AccessPolicy
from desktop.content import jurisdictions
from desktop.domain.assessments import LEVEL_LABELS
from desktop.domain.deadlines import add_working_days
from desktop.domain.events import iso, now_utc
from desktop.domain.referral_outcomes import OUTCOME_LABELS, RESPONSE_WAITS
from desktop.domain.report_data import CATEGORY_LABELS
from desktop.vault import audit
from desktop.vault.store import Vault

# Step kinds, in the order of the timeline's lanes.
CONCERN, ASSESSMENT, DISCLOSURE, REFERRAL, OUTCOME, TASK = (
    "concern", "assessment", "disclosure", "referral", "outcome", "task")
LANES = (CONCERN, ASSESSMENT, DISCLOSURE, REFERRAL, TASK)  # outcomes share the referral lane

# How a step stands against its deadline.
MET, MISSED, WAITING, OVERDUE = "met", "missed", "waiting", "overdue"
GRACE = timedelta(minutes=1)


@dataclass(frozen=True)
class Step:
    """One step. `start`..`end` is the span the picture draws (end = start for a moment);
    `took` is how long the step took from what `since` names (None when it does not apply);
    `due` and `state` say how it stood against its deadline ("" when it has none)."""

    kind: str
    record_id: str
    start: str  # ISO instant, UTC
    end: str
    what: dict[str, str]  # {lang: our wording}
    since: str = ""  # "occurred", "first_concern", "referral", "set": what `took` counts from
    took: timedelta | None = None
    due: str = ""
    state: str = ""
    referral_id: str = ""  # for a referral or outcome: the referral it belongs to


def _span(a: str, b: str) -> timedelta:
    return datetime.fromisoformat(b) - datetime.fromisoformat(a)


class TimelineService:
    def __init__(self, vault: Vault, access: AccessPolicy) -> None:
        self.vault = vault
        self.access = access

    def steps(self, person_id: str, now: datetime | None = None) -> list[Step]:
        """The person's steps, oldest first."""
        self.access.require_person(person_id)
        now = now or now_utc()
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        wait = RESPONSE_WAITS.get(juris.id, RESPONSE_WAITS["england"])
        holidays = juris.holidays(range(now.year - 3, now.year + 2))
        out: list[Step] = []

        first_concern = ""
        for cid, occurred, recorded, data in self.vault.read(
                "SELECT id, occurred_at, recorded_at, data FROM concerns WHERE person_id = ? "
                "ORDER BY occurred_at, id", (person_id,)):
            first_concern = first_concern or occurred
            cats = json.loads(data).get("categories", [])
            what = {lang: ", ".join(CATEGORY_LABELS.get(c, {}).get(lang, c) for c in cats)
                    or ("Concern" if lang == "en" else "Mối lo ngại") for lang in ("en", "vi")}
            # From when it happened to when it was written down: the delay a lead asks about.
            out.append(Step(CONCERN, cid, occurred, recorded, what,
                            "occurred", max(_span(occurred, recorded), timedelta(0))))
        for aid, level, at in self.vault.read(
                "SELECT id, level, submitted_at FROM assessments WHERE person_id = ? "
                "ORDER BY submitted_at", (person_id,)):
            out.append(Step(ASSESSMENT, aid, at, at,
                            dict(LEVEL_LABELS.get(level, {"en": level, "vi": level})),
                            *self._since_first(first_concern, at)))
        for did, at in self.vault.read(
                "SELECT id, sealed_at FROM disclosures WHERE person_id = ? ORDER BY sealed_at",
                (person_id,)):
            out.append(Step(DISCLOSURE, did, at, at, {"en": "Disclosure", "vi": "Lời kể"},
                            *self._since_first(first_concern, at)))

        for rid, made, data in self.vault.read(
                "SELECT id, made_at, data FROM referrals WHERE person_id = ? ORDER BY made_at",
                (person_id,)):
            title = {k: str(v) for k, v in (json.loads(data).get("form_title") or {}).items()}
            made_local = datetime.fromisoformat(made).astimezone(juris.timezone)
            due = add_working_days(made_local, wait.working_days, holidays)
            outcomes = self.vault.read(
                "SELECT id, outcome, recorded_at FROM referral_outcomes WHERE referral_id = ? "
                "ORDER BY recorded_at, id", (rid,))
            # The referral's bar runs until the first word back, or until now while waiting.
            end = outcomes[0][2] if outcomes else iso(now)
            if outcomes:
                state = MET if datetime.fromisoformat(outcomes[0][2]) <= due else MISSED
            else:
                state = OVERDUE if now >= due else WAITING
            out.append(Step(REFERRAL, rid, made, end,
                            title or {"en": "Referral", "vi": "Chuyển hồ sơ"},
                            *self._since_first(first_concern, made), due=iso(due), state=state,
                            referral_id=rid))
            for n, (oid, outcome, at) in enumerate(outcomes):
                out.append(Step(OUTCOME, oid, at, at, dict(OUTCOME_LABELS.get(
                    outcome, {"en": outcome, "vi": outcome})), "referral", _span(made, at),
                    iso(due) if n == 0 else "",
                    (MET if datetime.fromisoformat(at) <= due else MISSED) if n == 0 else "",
                    referral_id=rid))

        for tid, title, created, due_at, done in self.vault.read(
                "SELECT id, title, created_at, due, done_at FROM tasks WHERE person_id = ? "
                "ORDER BY created_at, id", (person_id,)):
            due_dt = datetime.fromisoformat(due_at)
            if done:
                # Times are kept to the second: a task due at once ("call the police now")
                # and done within the minute was done on time.
                state = MET if datetime.fromisoformat(done) < due_dt + GRACE else MISSED
            else:
                state = OVERDUE if now >= due_dt else WAITING
            out.append(Step(TASK, tid, created, done or iso(now), json.loads(title), "set",
                            _span(created, done) if done else None, due_at, state))

        out.sort(key=lambda s: (s.start, LANES.index(s.kind) if s.kind in LANES else 3))
        with self.vault.transaction():
            self.vault.audit(audit.RECORD_VIEWED, person_id, {"type": "timeline"})
        return out

    @staticmethod
    def _since_first(first_concern: str, at: str) -> tuple[str, timedelta | None]:
        if not first_concern or at < first_concern:
            return "", None
        return "first_concern", _span(first_concern, at)
