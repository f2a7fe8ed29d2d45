"""What a referral form is printed from: one plain dict gathered from the vault (issue 5).

The renderer (desktop/printing/forms.py) sees only this dict, never the vault. Values are as
recorded (a record's language may differ from the form's); our own wording (levels, steps,
indicator text, chronology summaries) is given in the form's language. Exporting is audited
and leaves a `referral.made` event in the person's chronology.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from desktop.app.access import AccessPolicy
from desktop.app.people import PeopleService
from desktop.content import jurisdictions
from desktop.domain import events as ev
from desktop.domain.assessments import LEVEL_LABELS
from desktop.domain.events import iso, now_utc, uuid7
from desktop.domain.people import age_on, is_child
from desktop.vault import audit
from desktop.vault.store import Vault


def _localised(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


class ReferralService:
    def __init__(self, vault: Vault, access: AccessPolicy, people: PeopleService) -> None:
        self.vault = vault
        self.access = access
        self.people = people

    def _names(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.vault.read("SELECT username, display_name FROM users")}

    def context(self, person_id: str, lang: str, recipient: str = "",
                now: datetime | None = None) -> dict[str, Any]:
        """Everything recorded about one person, shaped for the form templates."""
        record = self.people.get(person_id)
        person = record.person
        juris = jurisdictions.load(self.vault.meta("jurisdiction") or "england")
        today = (now or now_utc()).astimezone(juris.timezone).date()
        names = self._names()
        me = self.vault.user

        def who(username: str) -> str:
            return names.get(username, username)

        concerns = []
        for row in self.vault.read(
                "SELECT id, data, recorded_by, recorded_at FROM concerns WHERE person_id = ? "
                "ORDER BY occurred_at, id", (person_id,)):
            data = json.loads(row[1])
            concerns.append({"id": row[0], **{k: data.get(k) for k in (
                "seen_or_heard", "occurred_at", "place", "categories", "immediate_risk", "told",
                "told_detail")}, "recorded_by": who(row[2]), "recorded_at": row[3]})

        assessments = []
        for row in self.vault.read(
                "SELECT id, data, submitted_by, submitted_at FROM assessments "
                "WHERE person_id = ? ORDER BY submitted_at, id", (person_id,)):
            data = json.loads(row[1])
            framework = data["framework"]
            texts = {i["id"]: (i, s) for s in framework["sections"] for i in s["indicators"]}
            triggered = []
            for ind_id, answer in data.get("answers", {}).items():
                if answer.get("answer") != "yes" or ind_id not in texts:
                    continue
                indicator, section = texts[ind_id]
                triggered.append({
                    "id": ind_id, "section": _localised(section["title"], lang),
                    "text": _localised(indicator["text"], lang), "answer": "yes",
                    "note": answer.get("note", ""), "source": answer.get("source", ""),
                    "severity": indicator["severity"]})
            outcome = data["outcome"]
            text_of = {i: _localised(texts[i][0]["text"], lang) for i in texts}
            assessments.append({
                "id": row[0], "framework_id": data["framework_id"],
                "framework_version": data["framework_version"],
                "framework_title": _localised(framework["title"], lang),
                "level": outcome["level"],
                "level_label": _localised(LEVEL_LABELS[outcome["level"]], lang),
                "level_reasons": [text_of.get(r, r) for r in outcome.get("level_reasons", [])],
                "submitted_at": row[3], "assessor": who(row[2]), "triggered": triggered,
                "steps": [{"text": _localised(s["text"], lang),
                           "reasons": [text_of.get(r, r) for r in s.get("reasons", [])]}
                          for s in outcome.get("steps", [])],
                "risk_factors": [text_of.get(r, r) for r in outcome.get("risk_factors", [])],
            })

        disclosures = []
        for row in self.vault.read(
                "SELECT id, data, content_hash, sealed_by, sealed_at FROM disclosures "
                "WHERE person_id = ? ORDER BY sealed_at, id", (person_id,)):
            data = json.loads(row[1])
            r = data["record"]
            disclosures.append({
                "id": row[0], "when": r.get("when"), "where": r.get("where", ""),
                "present": r.get("present", []), "how": r.get("how", ""),
                "demeanour": r.get("demeanour", ""), "turns": r.get("turns", []),
                "observed": r.get("observed", ""), "opinion": r.get("opinion", ""),
                "actions": r.get("actions", ""),
                "told": [{**t, "when": t.get("at")} for t in r.get("told", [])],
                "dsl_told_at": r.get("dsl_told_at"), "language": r.get("language", "en"),
                "immediate_risk": bool(r.get("immediate_risk")),
                # The forms number turns from 1, as printed beside each turn.
                "flags_at_sealing": [
                    {**f, "turn": f["turn"] + 1} if isinstance(f.get("turn"), int) else f
                    for f in data.get("flags_at_sealing", [])],
                "sealed_at": row[4], "sealed_by": who(row[3]), "content_hash": row[2],
                "amendments": self._amendments(row[0], who)})

        body_maps = []
        for row in self.vault.read(
                "SELECT id, data, recorded_by, recorded_at FROM body_maps WHERE person_id = ? "
                "ORDER BY recorded_at, id", (person_id,)):
            data = json.loads(row[1])
            body_maps.append({"id": row[0], "outline": data.get("outline", "adult"),
                              "recorded_at": row[3], "recorded_by": who(row[2]),
                              "marks": data.get("marks", []),
                              "amendments": self._amendments(row[0], who)})

        chronology = [{"at": e.at, "kind": e.kind, "summary": e.summary_in(lang),
                       "author": who(e.author)}
                      for e in self.people.chronology(person_id)]
        now_moment = now or now_utc()
        tasks = [{"title": t.title_in(lang), "due": t.due,
                  "status": "done" if t.done_at else "open",
                  "overdue": bool(not t.done_at and datetime.fromisoformat(t.due) < now_moment)}
                 for t in self._tasks(person_id)]
        p = person.to_json()
        # What the records already say, so the referrer does not retype it; the rest is left
        # blank on the form, to fill in by hand.
        danger = any(c.get("immediate_risk") for c in concerns) or any(
            a["level"] == "immediate_danger" for a in assessments) or any(
            d_["immediate_risk"] for d_ in disclosures)
        police = any("police" in (c.get("told") or []) for c in concerns) or any(
            t.get("who") == "police" for d_ in disclosures for t in d_["told"])
        latest = concerns[-1] if concerns else None
        referral = {
            "made_at": iso(now_moment),
            "immediate_risk": True if danger else None,
            "police_informed": True if police else None,
            "what_happened_today": latest.get("seen_or_heard") if latest else None,
            "actions_taken": disclosures[-1]["actions"] if disclosures else None,
        }
        return {
            "referral": referral,
            "org": {"name": self.vault.meta("org_name") or "", "jurisdiction": juris.id,
                    "address": "", "phone": ""},
            "referrer": {"name": me.display_name, "role": me.role.value, "phone": "",
                         "email": ""},
            "recipient": recipient,
            "marking": None,
            "person": {
                "id": person_id, "display_name": person.display_name(),
                "given_names": person.given_names, "family_name": person.family_name,
                "aliases": list(person.aliases),
                "date_of_birth": p.get("date_of_birth"),
                "estimated_age": person.estimated_age,
                "age": age_on(person, today),
                "age_disputed": person.age_disputed, "is_child": is_child(person, today),
                "sex": person.sex, "nationality": person.nationality,
                "languages": list(person.languages),
                "interpreter_needed": person.interpreter_needed,
                "location_kind": person.location_kind, "location": person.location,
                "looked_after": person.location_kind == "placement",
                "school": person.location if person.location_kind == "school" else "",
                "documents": [d.to_json() for d in person.documents],
                "carers": [c.to_json() for c in person.carers], "notes": person.notes},
            "household": {"parents_know": None, "parents_consent": None, "why_not": "",
                          "child_views": ""},
            "concerns": concerns,
            "assessments": assessments,
            "disclosures": disclosures,
            "chronology": chronology,
            "tasks": tasks,
            "body_maps": body_maps,
            "handover": {"from_unit": self.vault.meta("org_name") or "", "to_unit": "",
                         "place": "", "at": None, "officials": [], "belongings": [],
                         "documents": [d.to_json() for d in person.documents]},
        }

    def _amendments(self, record_id: str, who: Any) -> list[dict[str, str]]:
        return [{"at": r[0], "author": who(r[1]), "reason": r[2], "text": r[3]}
                for r in self.vault.read(
                    "SELECT at, author, reason, text FROM amendments WHERE record_id = ? "
                    "ORDER BY event_id", (record_id,))]

    def _tasks(self, person_id: str) -> list[Any]:
        from desktop.app.tasks import TaskService

        return TaskService(self.vault, self.access).list(include_done=True, person_id=person_id)

    def record_export(self, person_id: str, form_id: str, form_title: dict[str, str],
                      recipient: str, export_id: str, lang: str, encrypted: bool,
                      how: str = "saved") -> str:
        """Audit the export (template and recipient) and note the referral in the person's
        chronology; returns the referral's record id."""
        self.access.require_person(person_id)
        referral_id = uuid7()
        with self.vault.transaction():
            self.vault.append(referral_id, ev.REFERRAL_MADE, {
                "person_id": person_id, "form_id": form_id, "form_title": form_title,
                "recipient": recipient, "export_id": export_id, "language": lang,
                "encrypted": encrypted, "how": how, "at": iso(now_utc())})
            self.vault.audit(audit.EXPORT, person_id, {
                "template": form_id, "recipient": recipient, "export_id": export_id,
                "how": how})
        return referral_id
