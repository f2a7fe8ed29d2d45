"""What a referral form is printed from: one plain dict gathered from the vault (issue 5).

The renderer (desktop/printing/forms.py) sees only this dict, never the vault. Values are as
recorded (a record's language may differ from the form's); our own wording (levels, steps,
indicator text, chronology summaries) is given in the form's language. Exporting is audited
and leaves a `referral.made` event in the person's chronology.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from desktop.app import referral_details
from desktop.app import referral_words as words
from desktop.app.access import AccessPolicy
from desktop.app.people import PeopleService
from desktop.app.referral_details import nrm_interview
from desktop.app.settings import SettingsService
from desktop.app.users import UserService
from desktop.content import jurisdictions
from desktop.domain import events as ev
from desktop.domain.assessments import LEVEL_LABELS
from desktop.domain.events import iso, now_utc, uuid7
from desktop.domain.people import DETAIL_FIELDS, age_on, is_child, name_order
from desktop.vault import audit
from desktop.vault.projections import SUMMARY_LEN
from desktop.vault.store import Vault

STATUS_WORDS = {"open": {"en": "To do", "vi": "Chưa làm"},
                "done": {"en": "Done", "vi": "Đã xong"},
                "overdue": {"en": "Overdue", "vi": "Quá hạn"}}
CP_WORDS = {"none": {"en": "None", "vi": "Không"},
            "child_in_need": {"en": "Child in need", "vi": "Trẻ cần hỗ trợ"},
            "child_protection_plan": {"en": "Child protection plan",
                                      "vi": "Có kế hoạch bảo vệ trẻ"},
            "looked_after": {"en": "Looked after", "vi": "Được chăm sóc thay thế"},
            "not_known": {"en": "Not known", "vi": "Chưa rõ"}}
# Tasks whose point is that the lead knows: done once the lead prints and signs the referral.
LEAD_TOLD_RULES = frozenset({"tell_dsl", "tell_lead", "notify_lead"})
# Where a person was received says how: handed back at a border post, or found.
RECEPTION_KINDS = {"border_post": "handed_back", "place_found": "found"}
DISPUTED_AGE = {"en": "Age not established", "vi": "Tuổi chưa xác định rõ"}


def _whole_words(text: str, limit: int = 600) -> str:
    """A summary ends at a word, never inside one."""
    cut = len(text) == SUMMARY_LEN  # the chronology keeps the first SUMMARY_LEN characters
    text = " ".join(text.split())
    if cut and " " in text:
        return text.rsplit(" ", 1)[0] + " …"
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _localised(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


# Forms whose reader triages on the immediate-risk answer first (a MASH referral, or a pack
# that carries one): they are not printed with it unanswered (CLI and referral step alike).
RISK_FORMS = ("england-mash-referral", "referral-pack")


def asks_immediate_risk(form_id: str, pack: Mapping[str, Any]) -> bool:
    """Whether `form_id`, for a person whose pack is `pack` (context()["pack"]), must carry
    a yes or no to "is there immediate risk now?"."""
    return form_id == "england-mash-referral" or (
        form_id == "referral-pack" and bool(pack.get("mash")))


def _other_actions(written: str, tasks: list[dict[str, Any]]) -> str:
    """The referrer's "what has been done" without the lines that repeat an action listed
    in the actions table (the prefill starts from the done tasks' titles)."""
    listed = {" ".join(str(t["title"]).split()).casefold() for t in tasks}
    return "\n".join(line for line in written.splitlines()
                     if " ".join(line.split()).casefold() not in listed).strip()


class ReferralService:
    def __init__(self, vault: Vault, access: AccessPolicy, people: PeopleService) -> None:
        self.vault = vault
        self.access = access
        self.people = people

    def _names(self) -> dict[str, str]:
        """Who wrote what, as forms print it: the profile's full name where there is one."""
        names = {r[0]: r[1] for r in self.vault.read("SELECT username, display_name FROM users")}
        for key, raw in self.vault.read("SELECT key, value FROM meta WHERE key LIKE 'profile.%'"):
            full = str(json.loads(raw).get("full_name") or "")
            if full:
                names[key.removeprefix("profile.")] = full
        return names

    def prefill(self, person_id: str, lang: str) -> dict[str, Any]:
        """The referral details as the records suggest them, for the referrer to confirm."""
        return dict(self.context(person_id, lang)["details"])

    def asks_immediate_risk(self, person_id: str, form_id: str, lang: str) -> bool:
        """See asks_immediate_risk(): read from the records only for the forms that may ask."""
        if form_id not in RISK_FORMS:
            return False
        return asks_immediate_risk(form_id, self.context(person_id, lang)["pack"])

    def details_of(self, referral_id: str) -> dict[str, Any] | None:
        """The details confirmed for an earlier referral (to reprint it as it was sent)."""
        row = self.vault.read_one(
            "SELECT payload FROM events WHERE record_id = ? AND kind = ? ORDER BY seq LIMIT 1",
            (referral_id, ev.REFERRAL_MADE))
        if row is None:
            return None
        self.access.require_person(str(json.loads(row[0]).get("person_id", "")))
        details = json.loads(row[0]).get("details")
        if not isinstance(details, dict):
            return None
        kept = referral_details.normalise(details)
        if "immediate_risk" not in details:
            # Confirmed before the yes/no was asked: reprinted as it was printed (context()).
            del kept["immediate_risk"]
        return kept

    def context(self, person_id: str, lang: str, recipient: str = "",
                now: datetime | None = None,
                details: dict[str, Any] | None = None) -> dict[str, Any]:
        """Everything recorded about one person, shaped for the form templates, in the
        jurisdiction's local time. `details` are what the referrer confirmed (see
        referral_details); without them the prefill from the records is printed."""
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

        full_text = {c["id"]: str(c.get("seen_or_heard") or "") for c in concerns}
        chronology = [{"at": e.at, "kind": words.chronology_kind(e.kind, lang),
                       "summary": _whole_words(full_text.get(e.record_id)
                                               or e.summary_in(lang)),
                       "author": who(e.author)}
                      for e in self.people.chronology(person_id)
                      if e.kind not in words.LEFT_OUT_OF_CHRONOLOGY]
        now_moment = now or now_utc()
        tasks = self._actions(person_id, lang, who, now_moment)
        p = person.to_json()
        documents = [{"kind": words.of(words.DOCUMENT_KINDS, d.kind, lang),
                      "state": words.of(words.DOCUMENT_STATES, d.state, lang), "note": d.note}
                     for d in person.documents]
        # What can be handed over is what is held: a missing passport is not a document.
        handed_documents = [words.of(words.DOCUMENT_KINDS, d.kind, lang)
                            + (f" ({d.note})" if d.note else "")
                            for d in person.documents if d.state == "held"]
        # What the records already say, so the referrer does not retype it; the rest is left
        # blank on the form, to fill in by hand.
        danger = any(c.get("immediate_risk") for c in concerns) or any(
            a["level"] == "immediate_danger" for a in assessments) or any(
            d_["immediate_risk"] for d_ in disclosures)
        police = any("police" in (c.get("told") or []) for c in concerns) or any(
            t.get("who") == "police" for d_ in disclosures for t in d_["told"])
        latest = concerns[-1] if concerns else None
        if details is None:
            details = referral_details.prefill(
                concerns, assessments, disclosures,
                [t for t in tasks if t["status"] == "done"], person.location, lang)
        else:
            # A referral confirmed before the yes/no was asked is reprinted as it was printed
            # then: ticked "Yes" from the records, else left for the reader to see unanswered.
            asked = "immediate_risk" in details
            details = referral_details.normalise(details)
            if not asked:
                details["immediate_risk"] = (
                    True if danger or details["immediate_risk_now"] else None)
        categories = {c for con in concerns for c in (con.get("categories") or [])}
        referral = {
            "made_at": iso(now_moment),
            "kind": "safeguarding" if (danger or assessments or disclosures) else None,
            # The referrer's answer; None prints "Not answered", never an empty pair of boxes.
            "immediate_risk": details["immediate_risk"],
            "immediate_risk_detail": details["immediate_risk_now"],
            "police_informed": True if police else None,
            "reasons": details["reasons"],
            "impact": details["impact"], "strengths": details["strengths"],
            "what_happened_today": latest.get("seen_or_heard") if latest else None,
            "actions_taken": details["actions_done"],
            # Beside the actions table (who, when): the lines that are not already a row of it,
            # so each action is listed once.
            "other_actions": _other_actions(details["actions_done"], tasks),
            "current_location": details["current_location"],
            "with_whom": details["with_whom"], "weapons": details["weapons"],
            "vehicles": details["vehicles"], "risks_to_officers": details["risks_to_officers"],
        }
        org = SettingsService(self.vault).org()
        profile = UserService(self.vault).profile(me.username)
        officer = {"name": profile.full_name or me.display_name,
                   "position": profile.job_title, "unit": profile.organisation or org.org_name}
        registered = self.vault.read_one(
            "SELECT registered_at FROM people WHERE id = ?", (person_id,))
        # Ticked from what staff recorded; the interviewer ticks the rest by hand.
        exploitation = sorted({"criminal" for c in categories if c in ("cce", "county_lines")}
                              | {"county_lines" for c in categories if c == "county_lines"}
                              | {"sexual" for c in categories if c == "cse"})
        trafficking = bool(categories & {"trafficking", "cse", "cce", "county_lines",
                                         "forced_labour"}) or any(
            a["triggered"] for a in assessments)
        child = is_child(person, today)
        england = juris.id == "england"
        context = {
            # Which forms the referral pack carries (issue 11), in the order they print.
            "pack": {"mash": england and child, "nrm_child": england and child and trafficking,
                     "nrm_adult": england and not child and trafficking,
                     "vietnam": juris.id == "vietnam", "summary": england and not child},
            "details": details,
            "referral": referral,
            "org": {"name": org.org_name, "jurisdiction": juris.id, "address": org.address,
                    "phone": org.phone, "abbreviation": org.abbreviation,
                    "place": org.place, "parent_agency": org.parent_agency,
                    "nrm_first_responder": org.nrm_first_responder},
            # The profile, never the login name or the role code; an unset profile prints the
            # name an admin gave the user (a person's name) and leaves the title blank.
            "referrer": {"name": officer["name"], "role": profile.job_title,
                         "organisation": officer["unit"], "phone": profile.phone,
                         "email": profile.email},
            "nrm": {"exploitation_types": exploitation,
                    "county_lines": "county_lines" in categories,
                    "criminal_exploitation": bool(categories & {"cce", "county_lines"}),
                    "consent": None,
                    **nrm_interview(disclosures, person.interpreter_needed,
                                    [words.language(x, lang) for x in person.languages])},
            "recipient": recipient,
            "marking": None,
            "person": {
                "id": person_id, "display_name": person.display_name(name_order(juris.id, lang)),
                "given_names": person.given_names, "family_name": person.family_name,
                "aliases": list(person.aliases),
                "date_of_birth": p.get("date_of_birth"),
                "estimated_age": person.estimated_age,
                "age": age_on(person, today),
                "age_disputed": person.age_disputed, "is_child": is_child(person, today),
                "sex": person.sex,
                "nationality": words.common(person.nationality, lang),
                "languages": [words.language(x, lang) for x in person.languages],
                "interpreter_needed": person.interpreter_needed,
                "location_kind": person.location_kind, "location": person.location,
                "looked_after": person.location_kind == "placement",
                "school": person.location if person.location_kind == "school" else "",
                "location_label": words.of(words.LOCATION_KINDS, person.location_kind, lang),
                "documents": documents,
                "carers": [c.to_json() for c in person.carers], "notes": person.notes,
                **{k: getattr(person, k) for k in DETAIL_FIELDS},
                "ethnicity": words.common(person.ethnicity, lang),
                "home_address": person.address,
                "id_document": " ".join(x for x in (person.id_document_type,
                                                    person.id_document_number) if x),
                "cp_status": words.of(CP_WORDS, person.cp_status, lang),
                "disputed_age_note": (DISPUTED_AGE[lang] if person.age_disputed else ""),
                "description": "", "current_location": details["current_location"]},
            "household": {"parents_know": details["parents_know"],
                          "parents_consent": details["parents_consent"],
                          "why_not": details["why_not"], "child_views": details["views"]},
            "concerns": concerns,
            "assessments": assessments,
            "disclosures": disclosures,
            "chronology": chronology,
            "tasks": tasks,
            "body_maps": body_maps,
            "handover": {"from_unit": org.org_name, "to_unit": recipient,
                         "place": org.place or person.location, "at": iso(now_moment),
                         "officials": [officer], "counterpart_officials": [],
                         "belongings": [], "documents": handed_documents},
            "reception": {"kind": RECEPTION_KINDS.get(person.location_kind),
                          "from_unit": "", "place": person.location or org.place,
                          "at": registered[0] if registered else None,
                          "officials": [officer], "belongings": [],
                          **self._interpreter(person_id, person.interpreter_needed,
                                              person.languages, juris.id, lang),
                          "documents": handed_documents, "health": "",
                          "person_statement": details["views"]},
            # Whether the official writes the declaration down is known when it is made:
            # a child's always is (the note prints then), an adult's is ticked by hand.
            "declaration": {"at": iso(now_moment),
                            "official": officer["name"] if child else "",
                            "written_by_official": True if child else None},
            "document_symbol": org.abbreviation,
            "timezone": juris.timezone.key,
        }
        localised: dict[str, Any] = words.localise_times(context, juris.timezone)
        return localised

    def _interpreter(self, person_id: str, needed: bool, languages: tuple[str, ...],
                     jurisdiction: str, lang: str) -> dict[str, str]:
        """The reception's interpreter line: the language to interpret (what the person speaks
        other than the official language, if they speak one) and the interpreter's name from
        the reception record of their group, if one holds it. Never a disclosure's
        interpreter: that was another conversation, perhaps another day."""
        if not needed:
            return {"interpreter": "", "interpreter_language": ""}
        official = {"vietnam": "Vietnamese", "england": "English"}.get(jurisdiction)
        others = [x for x in languages if words.language(x, "en") != official]
        spoken = ", ".join(words.language(x, lang) for x in (others or languages))
        row = self.vault.read_one(
            "SELECT g.data FROM groups g JOIN group_members m ON m.group_id = g.id "
            "WHERE m.person_id = ? ORDER BY g.received_at DESC LIMIT 1", (person_id,))
        name = ""
        if row is not None:
            name = str((json.loads(row[0]).get("reception") or {}).get("interpreter") or "")
        return {"interpreter": name.strip(), "interpreter_language": spoken}

    def _amendments(self, record_id: str, who: Any) -> list[dict[str, str]]:
        return [{"at": r[0], "author": who(r[1]), "reason": r[2], "text": r[3]}
                for r in self.vault.read(
                    "SELECT at, author, reason, text FROM amendments WHERE record_id = ? "
                    "ORDER BY event_id", (record_id,))]

    def _actions(self, person_id: str, lang: str, who: Any,
                 now_moment: datetime) -> list[dict[str, Any]]:
        """Each action once (rules raise the same task for every concern), with who did it
        and when. A task for the lead is never "overdue" on a form: every form that lists
        actions (the MASH referral, the pack) is signed by the lead, and signing it is doing
        it, whoever pressed Print."""
        merged: dict[str, dict[str, Any]] = {}
        for t in self._tasks(person_id):
            title = t.title_in(lang)
            entry = merged.setdefault(title, {"title": title, "due": t.due, "status": "open",
                                              "done_by": "", "done_at": None,
                                              "overdue": False, "role": t.assignee_role,
                                              "rule": t.rule_id or ""})
            if t.done_at and (entry["done_at"] is None or t.done_at < entry["done_at"]):
                entry.update(status="done", done_by=who(t.done_by or ""), done_at=t.done_at)
            entry["due"] = min(entry["due"], t.due)
        out = []
        for entry in merged.values():
            late = entry["status"] == "open" and datetime.fromisoformat(entry["due"]) < now_moment
            for_the_lead = entry["role"] == "lead" or entry["rule"] in LEAD_TOLD_RULES
            entry["overdue"] = late and not for_the_lead
            entry["status_label"] = STATUS_WORDS["overdue" if entry["overdue"]
                                                 else entry["status"]][lang]
            out.append(entry)
        return out

    def _tasks(self, person_id: str) -> list[Any]:
        from desktop.app.tasks import TaskService

        return TaskService(self.vault, self.access).list(include_done=True, person_id=person_id)

    def record_export(self, person_id: str, form_id: str, form_title: dict[str, str],
                      recipient: str, export_id: str, lang: str, encrypted: bool,
                      how: str = "saved", details: dict[str, Any] | None = None) -> str:
        """Audit the export (template and recipient) and note the referral in the person's
        chronology, with the details the referrer confirmed (so a reprint is identical);
        returns the referral's record id."""
        self.access.require_person(person_id)
        if details is None:
            # Printed from the prefill: keep that, so a reprint prints the same words.
            details = self.prefill(person_id, lang)
        referral_id = uuid7()
        with self.vault.transaction():
            self.vault.append(referral_id, ev.REFERRAL_MADE, {
                "person_id": person_id, "form_id": form_id, "form_title": form_title,
                "recipient": recipient, "export_id": export_id, "language": lang,
                "encrypted": encrypted, "how": how, "at": iso(now_utc()),
                "details": referral_details.normalise(details)})
            self.vault.audit(audit.EXPORT, person_id, {
                "template": form_id, "recipient": recipient, "export_id": export_id,
                "how": how})
        return referral_id
