"""Apply events to the projection tables. `rebuild` replays the whole log; `check` compares."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from desktop.domain import events as ev
from desktop.domain.events import Event
from desktop.domain.people import Person, name_order
from desktop.domain.profiles import PROFILE_FIELDS
from desktop.domain.referral_outcomes import OUTCOME_LABELS
from desktop.vault.audit import Cursor
from desktop.vault.schema import PROJECTIONS

SUMMARY_LEN = 160


def _text(summary: str) -> str:
    return json.dumps({"text": summary[:SUMMARY_LEN]}, ensure_ascii=False)


def _localised(title: dict[str, str]) -> str:
    return json.dumps(title, ensure_ascii=False, sort_keys=True)


def _chronology(conn: Cursor, event: Event, person_id: str, summary: str) -> None:
    conn.execute(
        "INSERT INTO chronology(event_id, record_id, person_id, kind, at, author, summary) "
        "VALUES (?,?,?,?,?,?,?)",
        (event.id, event.record_id, person_id, event.kind, event.device_time, event.author,
         summary),
    )


def _grant(conn: Cursor, person_id: str, username: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO person_access(person_id, username) VALUES (?,?)",
        (person_id, username),
    )


def _index(conn: Cursor, key: str, person_id: str, body: str) -> None:
    """Put a record's text in the search index, replacing what it had there. `key` is the
    record's id (an amendment's event id for an amendment). The entry's rowid is the seq of
    the record's first event (the amendment's own): it never changes, no two records share it,
    a rebuild gives the same, and the events' indexes find it, so no mapping is written."""
    seq = conn.execute("SELECT min(seq) FROM events WHERE record_id = ?", (key,)).fetchone()[0]
    if seq is None:
        row = conn.execute("SELECT seq FROM events WHERE id = ?", (key,)).fetchone()
        seq = row[0] if row else None
    if seq is not None:
        conn.execute("DELETE FROM search WHERE rowid = ?", (seq,))
    conn.execute("INSERT INTO search(rowid, record_id, person_id, body) VALUES (?,?,?,?)",
                 (seq, key, person_id, body))


def person_names(p: Person) -> str:
    """What name look-ups match: names and aliases (migration 6 builds the same text)."""
    return f"{p.given_names} {p.family_name} {' '.join(p.aliases)}"


def _index_names(conn: Cursor, person_id: str, p: Person) -> None:
    """Put a person's names in the name indexes, replacing what they had (same rowid as in
    `people`, so no scan of the unindexed person_id column)."""
    rowid = conn.execute("SELECT rowid FROM people WHERE id = ?", (person_id,)).fetchone()[0]
    names = person_names(p)
    for table in ("name_search", "name_trigrams"):
        conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
        conn.execute(f"INSERT INTO {table}(rowid, person_id, names) VALUES (?,?,?)",
                     (rowid, person_id, names))


def _person_search_body(p: Person) -> str:
    return " ".join([p.given_names, p.family_name, *p.aliases, p.nationality, p.location,
                     p.notes])


def _head(conn: Cursor, event: Event, person_id: str | None) -> None:
    row = conn.execute("SELECT head_hash FROM record_heads WHERE record_id = ?",
                       (event.record_id,)).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO record_heads(record_id, record_type, person_id, head_hash, needs_review)"
            " VALUES (?,?,?,?,0)",
            (event.record_id, event.record_type, person_id, event.hash),
        )
        return
    # An event whose parent is not the current head was written without seeing it (two
    # devices offline): both are kept and the record is flagged for a lead to review.
    forked = 1 if event.parent_hash != row[0] else 0
    conn.execute(
        "UPDATE record_heads SET head_hash = ?, needs_review = MAX(needs_review, ?) "
        "WHERE record_id = ?",
        (event.hash, forked, event.record_id),
    )


def _summary(code: str, **params: Any) -> str:
    """What the chronology says about an event of ours: a code and its values, never words
    (content/chronology.py words it in the reader's language)."""
    return json.dumps({"code": code, **params}, ensure_ascii=False, sort_keys=True)


def _name_order(conn: Cursor) -> str:
    """The vault's name order, from its jurisdiction (kept in meta from creation on)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'jurisdiction'").fetchone()
    return name_order(row[0] if row else None)


def _person_row(conn: Cursor, person: Person) -> tuple[Any, ...]:
    return (person.display_name(_name_order(conn)), ev.canonical(person.to_json()),
            person.date_of_birth.isoformat() if person.date_of_birth else None,
            person.estimated_age, int(person.age_disputed))


def _update_person(conn: Cursor, person_id: str, person: Person, at: str) -> None:
    conn.execute(
        "UPDATE people SET display_name=?, data=?, date_of_birth=?, estimated_age=?, "
        "age_disputed=?, updated_at=? WHERE id=?", (*_person_row(conn, person), at, person_id))
    _index(conn, person_id, person_id, _person_search_body(person))
    _index_names(conn, person_id, person)


def _person_registered(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person = Person.from_json(p)
    at = event.device_time
    conn.execute(
        "INSERT INTO people(id, display_name, data, date_of_birth, estimated_age, "
        "age_disputed, registered_by, registered_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
        (event.record_id, *_person_row(conn, person), event.author, at, at))
    _index(conn, event.record_id, event.record_id, _person_search_body(person))
    _index_names(conn, event.record_id, person)
    _grant(conn, event.record_id, event.author)
    _chronology(conn, event, event.record_id, _summary("registered"))
    _head(conn, event, event.record_id)


def _person_updated(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    _update_person(conn, event.record_id, Person.from_json(p), event.device_time)
    _grant(conn, event.record_id, event.author)
    _chronology(conn, event, event.record_id, _summary("details_updated"))
    _head(conn, event, event.record_id)


def _person_shared(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    _grant(conn, event.record_id, str(p["username"]))
    _chronology(conn, event, event.record_id, _summary("shared"))
    _head(conn, event, event.record_id)


def _concern_recorded(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    conn.execute(
        "INSERT INTO concerns(id, person_id, data, occurred_at, immediate_risk, recorded_by, "
        "recorded_at) VALUES (?,?,?,?,?,?,?)",
        (event.record_id, person_id, ev.canonical(p), p["occurred_at"],
         int(bool(p.get("immediate_risk"))), event.author, event.device_time))
    _grant(conn, person_id, event.author)
    _index(conn, event.record_id, person_id, f"{p.get('seen_or_heard', '')} "
           f"{p.get('place', '')} {p.get('told_detail', '')}")
    _chronology(conn, event, person_id, _text(str(p.get("seen_or_heard", ""))))
    _head(conn, event, person_id)


def _note_added(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    _grant(conn, person_id, event.author)
    _index(conn, event.record_id, person_id, str(p.get("text", "")))
    _chronology(conn, event, person_id, _text(str(p.get("text", ""))))
    _head(conn, event, person_id)


def _task_created(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    # A task's title is content (the jurisdiction's wording, in every language it has), kept
    # as the task was made.
    conn.execute(
        "INSERT INTO tasks(id, person_id, source_record, rule_id, title, due, assignee_role,"
        " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        (event.record_id, person_id, p.get("source_record"), p.get("rule_id"),
         _localised(p["title"]), p["due"], p.get("assignee_role", "lead"), event.author,
         event.device_time))
    _chronology(conn, event, person_id, _summary("task_created", title=p["title"]))
    _head(conn, event, person_id)


def _task_done(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    row = conn.execute("SELECT person_id, title FROM tasks WHERE id = ?",
                       (event.record_id,)).fetchone()
    if row is None:
        raise ValueError("task.done for an unknown task")
    conn.execute("UPDATE tasks SET done_by=?, done_at=?, done_note=? WHERE id=?",
                 (event.author, event.device_time, str(p.get("note", "")), event.record_id))
    _chronology(conn, event, row[0], _summary("task_done", title=json.loads(row[1])))
    _head(conn, event, row[0])


def _user_added(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    conn.execute("INSERT INTO users(username, display_name, role, active, created_at) "
                 "VALUES (?,?,?,1,?)",
                 (p["username"], p.get("display_name", p["username"]), p["role"],
                  event.device_time))
    _head(conn, event, None)


def _user_active(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    conn.execute("UPDATE users SET active=? WHERE username=?",
                 (1 if event.kind == ev.USER_ENABLED else 0, p["username"]))
    _head(conn, event, None)


def _user_profile_set(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    # Kept beside the other per-user settings in meta: no schema change, and the latest event
    # wins on a rebuild as it did when it was written.
    profile = {k: str(p.get(k, "")) for k in PROFILE_FIELDS}
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)",
                 (f"profile.{p['username']}", json.dumps(profile, ensure_ascii=False)))
    _head(conn, event, None)


def _user_key(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    # The key itself is read from the log by whoever verifies (desktop/vault/authors.py).
    _head(conn, event, None)


def _org_configured(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    for key in ("org_name", "jurisdiction", "language", "idle_lock_minutes",
                "nrm_first_responder", "org_address", "org_phone", "org_abbreviation",
                "org_place", "org_parent_agency"):
        if key in p:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)",
                         (key, str(p[key])))
    _head(conn, event, None)


def _amendment_added(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    conn.execute(
        "INSERT INTO amendments(event_id, record_id, person_id, at, author, reason, text) "
        "VALUES (?,?,?,?,?,?,?)",
        (event.id, event.record_id, person_id, event.device_time, event.author,
         str(p.get("reason", "")), str(p.get("text", ""))))
    _index(conn, event.id, person_id, f"{p.get('reason', '')} {p.get('text', '')}")
    _chronology(conn, event, person_id, _text(str(p.get("reason", ""))))
    _head(conn, event, person_id)


def _record_resolved(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    if p.get("kept_kind") in (ev.PERSON_REGISTERED, ev.PERSON_UPDATED):
        _update_person(conn, event.record_id, Person.from_json(p["kept_payload"]),
                       event.device_time)
    _chronology(conn, event, person_id, _summary("versions_resolved"))
    conn.execute("UPDATE record_heads SET head_hash = ?, needs_review = 0 WHERE record_id = ?",
                 (event.hash, event.record_id))


def _assessment_submitted(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    outcome = p["outcome"]
    conn.execute(
        "INSERT INTO assessments(id, person_id, framework_id, framework_version, level, data,"
        " submitted_by, submitted_at) VALUES (?,?,?,?,?,?,?,?)",
        (event.record_id, person_id, p["framework_id"], int(p["framework_version"]),
         outcome["level"], ev.canonical(p), event.author, event.device_time))
    _grant(conn, person_id, event.author)
    notes = " ".join(str(a.get("note", "")) for a in p.get("answers", {}).values()
                     if isinstance(a, dict))
    _index(conn, event.record_id, person_id, notes)
    _chronology(conn, event, person_id, _summary(
        "assessment", framework=p["framework"]["title"], level=outcome["level"]))
    _head(conn, event, person_id)


def _disclosure_sealed(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    conn.execute(
        "INSERT INTO disclosures(id, person_id, data, content_hash, sealed_by, sealed_at) "
        "VALUES (?,?,?,?,?,?)",
        (event.record_id, person_id, ev.canonical(p), str(p["content_hash"]), event.author,
         event.device_time))
    _grant(conn, person_id, event.author)
    record = p.get("record", {})
    words = " ".join(str(t.get("text", "")) for t in record.get("turns", []))
    _index(conn, event.record_id, person_id, " ".join(
        [words, *(str(record.get(k, "")) for k in ("observed", "opinion", "actions"))]))
    _chronology(conn, event, person_id, _summary("disclosure_sealed"))
    _head(conn, event, person_id)


def _body_map_recorded(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    conn.execute("INSERT INTO body_maps(id, person_id, data, recorded_by, recorded_at) "
                 "VALUES (?,?,?,?,?)",
                 (event.record_id, person_id, ev.canonical(p), event.author, event.device_time))
    _grant(conn, person_id, event.author)
    _chronology(conn, event, person_id, _summary("body_map", marks=len(p.get("marks", []))))
    _head(conn, event, person_id)


def _referral_made(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    person_id = str(p["person_id"])
    conn.execute("INSERT INTO referrals(id, person_id, data, made_by, made_at) "
                 "VALUES (?,?,?,?,?)",
                 (event.record_id, person_id, ev.canonical(p), event.author, event.device_time))
    _grant(conn, person_id, event.author)
    _chronology(conn, event, person_id, _summary(
        "referral", form=p.get("form_title") or {"en": str(p.get("form_id", ""))}))
    _head(conn, event, person_id)


def _referral_outcome(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    """What came back from a referral: its own record beside the sealed referral."""
    person_id = str(p["person_id"])
    conn.execute(
        "INSERT INTO referral_outcomes(id, referral_id, person_id, outcome, decided_on, "
        "recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?)",
        (event.record_id, str(p["referral_id"]), person_id, str(p["outcome"]),
         p.get("decided_on"), event.author, event.device_time))
    _chronology(conn, event, person_id, _summary(
        "referral_outcome", title=OUTCOME_LABELS.get(str(p["outcome"]),
                                                     {"en": str(p["outcome"])})))
    _head(conn, event, person_id)


Handler = Callable[[Cursor, Event, dict[str, Any]], None]

# One handler per kind; tests check every kind in events.KINDS has one.
def _group_received(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    """A group received at a border hand-back (issue 17). Each member is a person of their
    own, registered by their own event; the group keeps who came together and what came with
    them."""
    reception = p["reception"]
    members = p.get("members", [])
    conn.execute(
        "INSERT INTO groups(id, data, received_at, place, members, received_by) "
        "VALUES (?,?,?,?,?,?)",
        (event.record_id, ev.canonical(p), str(reception.get("received_at") or
                                                event.device_time),
         str(reception.get("place", "")), len(members), event.author))
    for m in members:
        conn.execute(
            "INSERT INTO group_members(group_id, person_id, n, adult_id, child, row) "
            "VALUES (?,?,?,?,?,?)",
            (event.record_id, str(m["person_id"]), int(m["n"]), m.get("adult_id"),
             int(bool(m.get("child"))), ev.canonical(m.get("row", {}))))
    _head(conn, event, None)


def _group_signed(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    conn.execute("UPDATE groups SET signed_by = ?, signed_at = ?, content_hash = ? "
                 "WHERE id = ?", (event.author, event.device_time, str(p["content_hash"]),
                                  event.record_id))
    _head(conn, event, None)


def _group_handed_over(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    """Its own record, so a signed group can still be handed over, in parts."""
    group_id = str(p["group_id"])
    at = event.device_time
    conn.execute("INSERT INTO group_handovers(id, group_id, data, at, author) "
                 "VALUES (?,?,?,?,?)",
                 (event.record_id, group_id, ev.canonical(p), at, event.author))
    for person_id in p.get("person_ids", []):
        conn.execute("UPDATE group_members SET handover_id = ?, handed_over_at = ? "
                     "WHERE group_id = ? AND person_id = ? AND handover_id IS NULL",
                     (event.record_id, at, group_id, str(person_id)))
    # The group closes when every member is handed over.
    conn.execute("UPDATE groups SET closed_at = ? WHERE id = ? AND closed_at IS NULL AND "
                 "NOT EXISTS (SELECT 1 FROM group_members WHERE group_id = ? AND "
                 "handover_id IS NULL)", (at, group_id, group_id))
    _head(conn, event, None)


def _group_amended(conn: Cursor, event: Event, p: dict[str, Any]) -> None:
    """A change to a received group (its own record): the group's current view takes the new
    reception details and members, and lists the change (when, who, why, what). The signed
    original stays in the log and its sealed hash is not touched."""
    group_id = str(p["group_id"])
    row = conn.execute("SELECT data FROM groups WHERE id = ?", (group_id,)).fetchone()
    if row is None:
        _head(conn, event, None)
        return  # the group has not arrived on this device yet; a rebuild puts it in order
    data = json.loads(row[0])
    reception = dict(data.get("reception", {}))
    for key, change in (p.get("reception") or {}).items():
        reception[key] = change.get("to")
    data["reception"] = reception
    members = list(data.get("members", []))
    for m in p.get("members_added", []):
        members.append(m)
        conn.execute(
            "INSERT OR IGNORE INTO group_members(group_id, person_id, n, adult_id, child, row) "
            "VALUES (?,?,?,?,?,?)",
            (group_id, str(m["person_id"]), int(m["n"]), m.get("adult_id"),
             int(bool(m.get("child"))), ev.canonical(m.get("row", {}))))
    for m in p.get("members_changed", []):
        for member in members:
            if member.get("person_id") == m["person_id"]:
                member["row"] = m["to"]
                member["child"] = bool(m.get("child", member.get("child")))
        conn.execute("UPDATE group_members SET row = ?, child = ? WHERE group_id = ? AND "
                     "person_id = ?", (ev.canonical(m["to"]), int(bool(m.get("child"))),
                                       group_id, str(m["person_id"])))
    data["members"] = members
    data.setdefault("amendments", []).append({
        "id": event.record_id, "at": event.device_time, "author": event.author,
        "reason": p.get("reason", ""), "reception": p.get("reception") or {},
        "members_added": [m["person_id"] for m in p.get("members_added", [])],
        "members_changed": [m["person_id"] for m in p.get("members_changed", [])]})
    conn.execute("UPDATE groups SET data = ?, place = ?, members = ?, closed_at = NULL "
                 "WHERE id = ?", (ev.canonical(data), str(reception.get("place", "")),
                                  len(members), group_id))
    # A late arrival reopens a closed group until they too are handed over.
    conn.execute("UPDATE groups SET closed_at = (SELECT max(handed_over_at) FROM group_members"
                 " WHERE group_id = ?) WHERE id = ? AND NOT EXISTS (SELECT 1 FROM "
                 "group_members WHERE group_id = ? AND handover_id IS NULL)",
                 (group_id, group_id, group_id))
    _head(conn, event, None)


HANDLERS: dict[str, Handler] = {
    ev.PERSON_REGISTERED: _person_registered,
    ev.PERSON_UPDATED: _person_updated,
    ev.PERSON_SHARED: _person_shared,
    ev.CONCERN_RECORDED: _concern_recorded,
    ev.NOTE_ADDED: _note_added,
    ev.TASK_CREATED: _task_created,
    ev.TASK_DONE: _task_done,
    ev.USER_ADDED: _user_added,
    ev.USER_DISABLED: _user_active,
    ev.USER_ENABLED: _user_active,
    ev.USER_PROFILE_SET: _user_profile_set,
    ev.USER_KEY: _user_key,
    ev.ORG_CONFIGURED: _org_configured,
    ev.AMENDMENT_ADDED: _amendment_added,
    ev.RECORD_RESOLVED: _record_resolved,
    ev.ASSESSMENT_SUBMITTED: _assessment_submitted,
    ev.DISCLOSURE_SEALED: _disclosure_sealed,
    ev.BODY_MAP_RECORDED: _body_map_recorded,
    ev.REFERRAL_MADE: _referral_made,
    ev.REFERRAL_OUTCOME: _referral_outcome,
    ev.GROUP_RECEIVED: _group_received,
    ev.GROUP_SIGNED: _group_signed,
    ev.GROUP_HANDED_OVER: _group_handed_over,
    ev.GROUP_AMENDED: _group_amended,
}


def apply(conn: Cursor, event: Event) -> None:
    """Update every projection for one event (inside the caller's transaction)."""
    handler = HANDLERS.get(event.kind)
    if handler is None:
        raise ValueError(f"no projection for {event.kind}")
    handler(conn, event, event.payload)


def event_from_row(row: Iterable[Any]) -> Event:
    """An event from a row of EVENT_COLUMNS (the signature last; rows without it are
    unsigned)."""
    id_, record_id, kind, author, device, device_time, parent_hash, payload, digest, *rest = row
    return Event(id_, record_id, kind, author, device, device_time, parent_hash,
                 json.loads(payload), digest, rest[0] if rest else None)


EVENT_COLUMNS = ("id, record_id, kind, author, device, device_time, parent_hash, payload, hash, "
                 "signature")


def snapshot(conn: Cursor) -> dict[str, list[tuple[Any, ...]]]:
    """Every projection's rows, sorted, for comparison."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in PROJECTIONS:
        sql = {
            # The rowid as well: it is what finds an entry again (see _index).
            "search": "SELECT rowid, record_id, person_id, body FROM search",
        }.get(table, f"SELECT * FROM {table}")  # noqa: S608
        out[table] = sorted((tuple(r) for r in conn.execute(sql)), key=repr)
    return out


# Bumped when what a projection stores changes (2: chronology summaries are codes, not words;
# 3: people.display_name in the vault's name order, no longer family name first everywhere).
# A vault whose projections are older is rebuilt from its log when it is opened.
FORMAT = 3


def upgrade(conn: Any) -> None:
    """Rebuild the projections once if they were written in an older format (on open, before
    anything else is written; its own transaction)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'projection_format'").fetchone()
    if row is not None and int(row[0]) >= FORMAT:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if row is not None or conn.execute("SELECT 1 FROM events LIMIT 1").fetchone():
            rebuild(conn)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('projection_format', ?)",
                     (str(FORMAT),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def rebuild(conn: Cursor) -> None:
    """Empty every projection and replay the log (inside the caller's transaction)."""
    for table in PROJECTIONS:
        conn.execute(f"DELETE FROM {table}")  # noqa: S608
    for row in conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY seq").fetchall():
        apply(conn, event_from_row(row))
