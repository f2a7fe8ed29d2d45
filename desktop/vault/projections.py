"""Apply events to the projection tables. `rebuild` replays the whole log; `check` compares."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from desktop.domain import events as ev
from desktop.domain.assessments import LEVEL_LABELS
from desktop.domain.events import Event
from desktop.domain.people import Person
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


def _index(conn: Cursor, record_id: str, person_id: str, body: str) -> None:
    """Put a record's text in the search index, replacing what it had there."""
    row = conn.execute("SELECT search_rowid FROM search_rows WHERE record_id = ?",
                       (record_id,)).fetchone()
    if row is not None:
        conn.execute("DELETE FROM search WHERE rowid = ?", (row[0],))
    cursor = conn.execute("INSERT INTO search(record_id, person_id, body) VALUES (?,?,?)",
                          (record_id, person_id, body))
    conn.execute("INSERT OR REPLACE INTO search_rows(record_id, search_rowid) VALUES (?,?)",
                 (record_id, cursor.lastrowid))


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


def apply(conn: Cursor, event: Event) -> None:
    """Update every projection for one event (inside the caller's transaction)."""
    p: dict[str, Any] = event.payload
    kind = event.kind
    at = event.device_time
    if kind in (ev.PERSON_REGISTERED, ev.PERSON_UPDATED):
        person = Person.from_json(p)
        row = (person.display_name(), ev.canonical(person.to_json()),
               person.date_of_birth.isoformat() if person.date_of_birth else None,
               person.estimated_age, int(person.age_disputed))
        if kind == ev.PERSON_REGISTERED:
            conn.execute(
                "INSERT INTO people(id, display_name, data, date_of_birth, estimated_age, "
                "age_disputed, registered_by, registered_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (event.record_id, *row, event.author, at, at),
            )
            summary = _localised({"en": "Registered", "vi": "Đăng ký hồ sơ"})
        else:
            conn.execute(
                "UPDATE people SET display_name=?, data=?, date_of_birth=?, estimated_age=?, "
                "age_disputed=?, updated_at=? WHERE id=?",
                (*row, at, event.record_id),
            )
            summary = _localised({"en": "Details updated", "vi": "Cập nhật thông tin"})
        _grant(conn, event.record_id, event.author)
        _index(conn, event.record_id, event.record_id, _person_search_body(person))
        _chronology(conn, event, event.record_id, summary)
        _head(conn, event, event.record_id)
    elif kind == ev.PERSON_SHARED:
        _grant(conn, event.record_id, str(p["username"]))
        _chronology(conn, event, event.record_id, _localised(
            {"en": "Shared with a colleague", "vi": "Chia sẻ với đồng nghiệp"}))
        _head(conn, event, event.record_id)
    elif kind == ev.CONCERN_RECORDED:
        person_id = str(p["person_id"])
        conn.execute(
            "INSERT INTO concerns(id, person_id, data, occurred_at, immediate_risk, "
            "recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?)",
            (event.record_id, person_id, ev.canonical(p), p["occurred_at"],
             int(bool(p.get("immediate_risk"))), event.author, at),
        )
        _grant(conn, person_id, event.author)
        _index(conn, event.record_id, person_id, f"{p.get('seen_or_heard', '')} "
               f"{p.get('place', '')} {p.get('told_detail', '')}")
        _chronology(conn, event, person_id, _text(str(p.get("seen_or_heard", ""))))
        _head(conn, event, person_id)
    elif kind == ev.NOTE_ADDED:
        person_id = str(p["person_id"])
        _grant(conn, person_id, event.author)
        _index(conn, event.record_id, person_id, str(p.get("text", "")))
        _chronology(conn, event, person_id, _text(str(p.get("text", ""))))
        _head(conn, event, person_id)
    elif kind == ev.TASK_CREATED:
        person_id = str(p["person_id"])
        conn.execute(
            "INSERT INTO tasks(id, person_id, source_record, rule_id, title, due, assignee_role,"
            " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (event.record_id, person_id, p.get("source_record"), p.get("rule_id"),
             _localised(p["title"]), p["due"], p.get("assignee_role", "lead"), event.author, at),
        )
        _chronology(conn, event, person_id, _localised(p["title"]))
        _head(conn, event, person_id)
    elif kind == ev.TASK_DONE:
        row = conn.execute("SELECT person_id, title FROM tasks WHERE id = ?",
                           (event.record_id,)).fetchone()
        if row is None:
            raise ValueError("task.done for an unknown task")
        conn.execute(
            "UPDATE tasks SET done_by=?, done_at=?, done_note=? WHERE id=?",
            (event.author, at, str(p.get("note", "")), event.record_id),
        )
        title = json.loads(row[1])
        done = {"en": "Done: " + title.get("en", ""), "vi": "Đã xong: " + title.get("vi", "")}
        _chronology(conn, event, row[0], _localised(done))
        _head(conn, event, row[0])
    elif kind == ev.USER_ADDED:
        conn.execute(
            "INSERT INTO users(username, display_name, role, active, created_at) "
            "VALUES (?,?,?,1,?)",
            (p["username"], p.get("display_name", p["username"]), p["role"], at),
        )
        _head(conn, event, None)
    elif kind in (ev.USER_DISABLED, ev.USER_ENABLED):
        conn.execute("UPDATE users SET active=? WHERE username=?",
                     (1 if kind == ev.USER_ENABLED else 0, p["username"]))
        _head(conn, event, None)
    elif kind == ev.ORG_CONFIGURED:
        for key in ("org_name", "jurisdiction", "language", "idle_lock_minutes"):
            if key in p:
                conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)",
                             (key, str(p[key])))
        _head(conn, event, None)
    elif kind == ev.AMENDMENT_ADDED:
        person_id = str(p["person_id"])
        conn.execute(
            "INSERT INTO amendments(event_id, record_id, person_id, at, author, reason, text) "
            "VALUES (?,?,?,?,?,?,?)",
            (event.id, event.record_id, person_id, at, event.author, str(p.get("reason", "")),
             str(p.get("text", ""))),
        )
        _index(conn, event.id, person_id, f"{p.get('reason', '')} {p.get('text', '')}")
        _chronology(conn, event, person_id, _text(str(p.get("reason", ""))))
        _head(conn, event, person_id)
    elif kind == ev.RECORD_RESOLVED:
        person_id = str(p["person_id"])
        if p.get("kept_kind") in (ev.PERSON_REGISTERED, ev.PERSON_UPDATED):
            person = Person.from_json(p["kept_payload"])
            conn.execute(
                "UPDATE people SET display_name=?, data=?, date_of_birth=?, estimated_age=?, "
                "age_disputed=?, updated_at=? WHERE id=?",
                (person.display_name(), ev.canonical(person.to_json()),
                 person.date_of_birth.isoformat() if person.date_of_birth else None,
                 person.estimated_age, int(person.age_disputed), at, event.record_id))
            _index(conn, event.record_id, event.record_id, _person_search_body(person))
        _chronology(conn, event, person_id, _localised(
            {"en": "Two versions reviewed by a lead", "vi": "Lãnh đạo đã xem xét hai phiên bản"}))
        conn.execute("UPDATE record_heads SET head_hash = ?, needs_review = 0 "
                     "WHERE record_id = ?", (event.hash, event.record_id))
    elif kind == ev.ASSESSMENT_SUBMITTED:
        person_id = str(p["person_id"])
        outcome = p["outcome"]
        conn.execute(
            "INSERT INTO assessments(id, person_id, framework_id, framework_version, level, data,"
            " submitted_by, submitted_at) VALUES (?,?,?,?,?,?,?,?)",
            (event.record_id, person_id, p["framework_id"], int(p["framework_version"]),
             outcome["level"], ev.canonical(p), event.author, at),
        )
        _grant(conn, person_id, event.author)
        notes = " ".join(str(a.get("note", "")) for a in p.get("answers", {}).values()
                         if isinstance(a, dict))
        _index(conn, event.record_id, person_id, notes)
        title = p["framework"]["title"]
        label = LEVEL_LABELS.get(outcome["level"], {})
        _chronology(conn, event, person_id, _localised(
            {lang: f"{title.get(lang) or title.get('en', '')}: {label.get(lang, '')}"
             for lang in ("en", "vi")}))
        _head(conn, event, person_id)
    elif kind == ev.DISCLOSURE_SEALED:
        person_id = str(p["person_id"])
        conn.execute(
            "INSERT INTO disclosures(id, person_id, data, content_hash, sealed_by, sealed_at) "
            "VALUES (?,?,?,?,?,?)",
            (event.record_id, person_id, ev.canonical(p), str(p["content_hash"]), event.author,
             at),
        )
        _grant(conn, person_id, event.author)
        record = p.get("record", {})
        words = " ".join(str(t.get("text", "")) for t in record.get("turns", []))
        _index(conn, event.record_id, person_id, " ".join(
            [words, *(str(record.get(k, "")) for k in ("observed", "opinion", "actions"))]))
        _chronology(conn, event, person_id, _localised(
            {"en": "Disclosure recorded and sealed", "vi": "Đã ghi và niêm phong lời kể"}))
        _head(conn, event, person_id)
    elif kind == ev.BODY_MAP_RECORDED:
        person_id = str(p["person_id"])
        conn.execute(
            "INSERT INTO body_maps(id, person_id, data, recorded_by, recorded_at) "
            "VALUES (?,?,?,?,?)",
            (event.record_id, person_id, ev.canonical(p), event.author, at),
        )
        _grant(conn, person_id, event.author)
        marks = len(p.get("marks", []))
        _chronology(conn, event, person_id, _localised(
            {"en": f"Body map recorded ({marks} marks)",
             "vi": f"Đã ghi sơ đồ cơ thể ({marks} dấu)"}))
        _head(conn, event, person_id)
    elif kind == ev.REFERRAL_MADE:
        person_id = str(p["person_id"])
        conn.execute(
            "INSERT INTO referrals(id, person_id, data, made_by, made_at) VALUES (?,?,?,?,?)",
            (event.record_id, person_id, ev.canonical(p), event.author, at),
        )
        _grant(conn, person_id, event.author)
        title = p.get("form_title", {})
        _chronology(conn, event, person_id, _localised(
            {"en": f"Referral made: {title.get('en', p.get('form_id', ''))}",
             "vi": f"Đã chuyển hồ sơ: {title.get('vi') or title.get('en', '')}"}))
        _head(conn, event, person_id)
    else:  # pragma: no cover - KINDS and this function are kept in step by a test
        raise ValueError(f"no projection for {kind}")


def event_from_row(row: Iterable[Any]) -> Event:
    id_, record_id, kind, author, device, device_time, parent_hash, payload, digest = row
    return Event(id_, record_id, kind, author, device, device_time, parent_hash,
                 json.loads(payload), digest)


EVENT_COLUMNS = "id, record_id, kind, author, device, device_time, parent_hash, payload, hash"


def snapshot(conn: Cursor) -> dict[str, list[tuple[Any, ...]]]:
    """Every projection's rows, sorted, for comparison."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in PROJECTIONS:
        sql = {
            "search": "SELECT record_id, person_id, body FROM search",
            # Compare what each mapping points at, not the rowid numbers themselves.
            "search_rows": "SELECT r.record_id, s.record_id FROM search_rows r "
                           "LEFT JOIN search s ON s.rowid = r.search_rowid",
        }.get(table, f"SELECT * FROM {table}")  # noqa: S608
        out[table] = sorted((tuple(r) for r in conn.execute(sql)), key=repr)
    return out


def rebuild(conn: Cursor) -> None:
    """Empty every projection and replay the log (inside the caller's transaction)."""
    for table in PROJECTIONS:
        conn.execute(f"DELETE FROM {table}")  # noqa: S608
    for row in conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY seq").fetchall():
        apply(conn, event_from_row(row))
