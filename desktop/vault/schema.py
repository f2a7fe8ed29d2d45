"""Schema migrations, one per `PRAGMA user_version`, each applied in one transaction.

Never edit a migration that has shipped: add the next one. tests/fixtures/vault-v1 is a real
vault written by schema 1; the upgrade tests open it with every later schema.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the event log, projections, drafts, audit chain.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        author TEXT NOT NULL,
        device TEXT NOT NULL,
        device_time TEXT NOT NULL,
        parent_hash TEXT,
        payload TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX events_record ON events(record_id, seq);

    -- Projections: rebuilt from events by `waymark check` and compared.
    CREATE TABLE record_heads (
        record_id TEXT PRIMARY KEY,
        record_type TEXT NOT NULL,
        person_id TEXT,
        head_hash TEXT NOT NULL,
        needs_review INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE users (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        active INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE people (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        data TEXT NOT NULL,
        date_of_birth TEXT,
        estimated_age INTEGER,
        age_disputed INTEGER NOT NULL,
        registered_by TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX people_name ON people(display_name);
    CREATE TABLE person_access (
        person_id TEXT NOT NULL,
        username TEXT NOT NULL,
        PRIMARY KEY (person_id, username)
    ) WITHOUT ROWID;
    CREATE INDEX person_access_user ON person_access(username, person_id);
    CREATE TABLE concerns (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        data TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        immediate_risk INTEGER NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX concerns_person ON concerns(person_id);
    CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        source_record TEXT,
        rule_id TEXT,
        title TEXT NOT NULL,
        due TEXT NOT NULL,
        assignee_role TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        done_by TEXT,
        done_at TEXT,
        done_note TEXT
    );
    CREATE INDEX tasks_open ON tasks(done_at, due);
    CREATE INDEX tasks_person ON tasks(person_id);
    CREATE TABLE chronology (
        event_id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    CREATE INDEX chronology_person ON chronology(person_id, at);
    CREATE VIRTUAL TABLE search USING fts5(
        record_id UNINDEXED, person_id UNINDEXED, body,
        tokenize = 'unicode61 remove_diacritics 2'
    );

    -- Not projections: private working state.
    CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT,
        content TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        username TEXT,
        action TEXT NOT NULL,
        record_id TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    """,
    # 2: where each record sits in the search index. record_id is UNINDEXED in the FTS table,
    # so replacing a person's entry scanned the whole index (120 ms at 10,000 people).
    """
    CREATE TABLE search_rows (
        record_id TEXT PRIMARY KEY,
        search_rowid INTEGER NOT NULL
    );
    INSERT INTO search_rows(record_id, search_rowid) SELECT record_id, rowid FROM search;
    """,
    # 3: sealed records (assessments, disclosures, body maps, referrals) and their amendments.
    # No event of these kinds could be written before schema 3, and no amendment either (there
    # was nothing sealed to amend), so the new projections start empty and match a rebuild.
    """
    CREATE TABLE assessments (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        framework_id TEXT NOT NULL,
        framework_version INTEGER NOT NULL,
        level TEXT NOT NULL,
        data TEXT NOT NULL,
        submitted_by TEXT NOT NULL,
        submitted_at TEXT NOT NULL
    );
    CREATE INDEX assessments_person ON assessments(person_id, submitted_at);
    CREATE TABLE disclosures (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        data TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        sealed_by TEXT NOT NULL,
        sealed_at TEXT NOT NULL
    );
    CREATE INDEX disclosures_person ON disclosures(person_id, sealed_at);
    CREATE TABLE body_maps (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        data TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX body_maps_person ON body_maps(person_id, recorded_at);
    CREATE TABLE referrals (
        id TEXT PRIMARY KEY,
        person_id TEXT NOT NULL,
        data TEXT NOT NULL,
        made_by TEXT NOT NULL,
        made_at TEXT NOT NULL
    );
    CREATE INDEX referrals_person ON referrals(person_id, made_at);
    CREATE TABLE amendments (
        event_id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        reason TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX amendments_record ON amendments(record_id, event_id);
    """,
    # 4: sync state (not projections: this device's own bookkeeping). sync_config holds the
    # hub address, organisation and device ids, this device's keys (inside the encrypted
    # vault), the hub's epoch and the pull cursor. outbox keeps each event's sealed envelope
    # bytes (pushed again byte for byte) until the hub acknowledges it.
    """
    CREATE TABLE sync_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE outbox (
        event_id TEXT PRIMARY KEY,
        envelope BLOB NOT NULL,
        queued_at TEXT NOT NULL,
        acked_seq INTEGER,
        acked_epoch TEXT,
        set_aside TEXT
    );
    CREATE INDEX outbox_waiting ON outbox(acked_seq, queued_at);
    CREATE TABLE sync_devices (
        device_id TEXT PRIMARY KEY,
        public_key BLOB NOT NULL,
        role TEXT NOT NULL,
        status TEXT NOT NULL
    );
    CREATE TABLE sync_received (
        event_id TEXT PRIMARY KEY,
        hub_seq INTEGER,
        source TEXT NOT NULL
    );
    """,
    # 5: what came back from a referral (issue 18). Its own record per outcome, since the
    # referral itself is sealed. No referral.outcome event existed before, so it starts empty.
    """
    CREATE TABLE referral_outcomes (
        id TEXT PRIMARY KEY,
        referral_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        decided_on TEXT,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX referral_outcomes_referral ON referral_outcomes(referral_id, recorded_at);
    -- The lead's overview lists the latest concerns: without this, every concern (with its
    -- text) was read to find them (0.55 s at 10,000 people).
    CREATE INDEX concerns_recorded ON concerns(recorded_at);
    """,
    # 6: search as you type and the People page at 10,000+ people (issue 14).
    # name_search: people's names and aliases only, with prefix indexes for 1-3 letters, so the
    # first keystroke reads a few index pages instead of merging every word that starts with
    # it. name_trigrams: the same text as trigrams, for substrings ("ayde" finds "Kayden")
    # and spelling-tolerant look-ups. Both keep the person's rowid in `people`, so an update
    # replaces its row directly. The text is built as projections.person_names builds it.
    # people_name_nocase serves the People page's sort (the BINARY index cannot).
    """
    CREATE VIRTUAL TABLE name_search USING fts5(
        person_id UNINDEXED, names,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
    );
    CREATE VIRTUAL TABLE name_trigrams USING fts5(
        person_id UNINDEXED, names,
        tokenize = 'trigram remove_diacritics 1'
    );
    INSERT INTO name_search(rowid, person_id, names)
        SELECT rowid, id, json_extract(data, '$.given_names') || ' '
            || json_extract(data, '$.family_name') || ' '
            || coalesce((SELECT group_concat(value, ' ') FROM json_each(data, '$.aliases')), '')
        FROM people;
    INSERT INTO name_trigrams(rowid, person_id, names)
        SELECT rowid, person_id, names FROM name_search;
    CREATE INDEX people_name_nocase ON people(display_name COLLATE NOCASE, id);
    """,
    # 7: trust on import (issue 13). sync_roster: the users each device vouches for (its
    # user.added/disabled/enabled events, which travel sealed by that device); an imported
    # event's author must be on the roster of the device that made it. sync_quarantine: an
    # imported event that failed those checks, kept aside (with its envelope) for a lead,
    # never applied.
    """
    CREATE TABLE sync_roster (
        device_id TEXT NOT NULL,
        username TEXT NOT NULL,
        role TEXT NOT NULL,
        active INTEGER NOT NULL,
        PRIMARY KEY (device_id, username)
    );
    CREATE TABLE sync_quarantine (
        event_id TEXT PRIMARY KEY,
        sealed_by TEXT NOT NULL,
        device TEXT NOT NULL,
        author TEXT NOT NULL,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        source TEXT NOT NULL,
        received_at TEXT NOT NULL,
        envelope BLOB NOT NULL
    );
    """,
    # 8: groups received at a border hand-back (issue 17). No group event could be written
    # before schema 6, so the new projections start empty and match a rebuild.
    """
    CREATE TABLE groups (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        received_at TEXT NOT NULL,
        place TEXT NOT NULL,
        members INTEGER NOT NULL,
        received_by TEXT NOT NULL,
        signed_by TEXT,
        signed_at TEXT,
        content_hash TEXT,
        closed_at TEXT
    );
    CREATE INDEX groups_received ON groups(received_at);
    CREATE TABLE group_members (
        group_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        adult_id TEXT,
        child INTEGER NOT NULL,
        row TEXT NOT NULL,
        handover_id TEXT,
        handed_over_at TEXT,
        PRIMARY KEY (group_id, person_id)
    );
    CREATE INDEX group_members_person ON group_members(person_id);
    CREATE TABLE group_handovers (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        author TEXT NOT NULL
    );
    CREATE INDEX group_handovers_group ON group_handovers(group_id, at);
    """,
    # 9: the lead's overview and the periodic reports at 10,000 people (issue 18). Records
    # needing review were found by reading all of record_heads (21,700 rows in the demo vault,
    # 26-36 ms): a partial index holds only the flagged ones. Open tasks are counted by person
    # and by staff member from an index that holds both, without reading the tasks. The
    # reports find what was released among the audit entries by the action.
    """
    CREATE INDEX record_heads_review ON record_heads(record_id) WHERE needs_review = 1;
    CREATE INDEX tasks_open_who ON tasks(done_at, due, person_id, created_by);
    CREATE INDEX audit_action ON audit(action, seq);
    """,
    # 10: author signatures (issue 13, item 12). events.signature: the author's Ed25519
    # signature (base64) over the event's signed form; NULL for an event written before its
    # author had a key ("unsigned legacy", counted by `waymark check`, not damage).
    # sync_user_keys: the public keys other devices' users announced (their user.key events,
    # kept like the roster), with how many unsigned events each had written before.
    """
    ALTER TABLE events ADD COLUMN signature TEXT;
    CREATE TABLE sync_user_keys (
        device_id TEXT NOT NULL,
        username TEXT NOT NULL,
        public_key TEXT NOT NULL,
        unsigned INTEGER NOT NULL,
        PRIMARY KEY (device_id, username, public_key)
    );
    """,
    # 11: fewer pages written per save (issue 14: each page written is encrypted and
    # authenticated; a concern with two tasks wrote ~48). tasks_open (done_at, due) is a prefix
    # of tasks_open_who (done_at, due, person_id, created_by), which serves every query it
    # served. search_rows was a rowid table plus the index of its record_id, two b-trees
    # written per record indexed: keyed by record_id alone (WITHOUT ROWID, its rows are small),
    # one. Nothing reads its rowids. (record_heads and chronology were tried the same way and
    # left as they are: their wider rows split the new b-tree as often as they saved a write.)
    """
    DROP INDEX tasks_open;

    ALTER TABLE search_rows RENAME TO search_rows_old;
    CREATE TABLE search_rows (
        record_id TEXT PRIMARY KEY,
        search_rowid INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO search_rows(record_id, search_rowid)
        SELECT record_id, search_rowid FROM search_rows_old;
    DROP TABLE search_rows_old;
    """,
    # 12: fewer pages written per save, again (issue 14: a concern with its two tasks still
    # wrote ~41 pages). Six b-trees fewer on that path, none needed:
    # - the chronology's event_id key (its autoindex): the chronology is read a person at a
    #   time, through chronology_person, and each event is applied once;
    # - search_rows: a record's search entry takes the seq of the record's first event as its
    #   rowid (an amendment's, its own event's), found through the events' own indexes;
    # - search_docsize: the record search never ranks, so no column sizes (columnsize = 0);
    #   the rebuilt index is merged into one segment;
    # - audit_action: the reports look up one action, exports, so a partial index of those
    #   entries alone, which no other entry writes to;
    # - person_access_user: the key is (username, person_id), which serves both look-ups
    #   (a user's people, and one user and person);
    # - sqlite_sequence: events and audit drop AUTOINCREMENT. Neither ever deletes a row, so
    #   the next seq is the largest plus one either way, and the counter it kept was one more
    #   page written per save. Both tables are copied whole, once.
    """
    ALTER TABLE chronology RENAME TO chronology_old;
    CREATE TABLE chronology (
        event_id TEXT NOT NULL,
        record_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    INSERT INTO chronology(event_id, record_id, person_id, kind, at, author, summary)
        SELECT event_id, record_id, person_id, kind, at, author, summary FROM chronology_old
        ORDER BY rowid;
    DROP TABLE chronology_old;
    CREATE INDEX chronology_person ON chronology(person_id, at);

    CREATE VIRTUAL TABLE search_new USING fts5(
        record_id UNINDEXED, person_id UNINDEXED, body,
        tokenize = 'unicode61 remove_diacritics 2', columnsize = 0
    );
    INSERT INTO search_new(rowid, record_id, person_id, body)
        SELECT coalesce((SELECT min(e.seq) FROM events e WHERE e.record_id = s.record_id),
                        (SELECT e.seq FROM events e WHERE e.id = s.record_id)),
               record_id, person_id, body
        FROM search s;
    INSERT INTO search_new(search_new) VALUES ('optimize');
    DROP TABLE search;
    ALTER TABLE search_new RENAME TO search;
    DROP TABLE search_rows;

    ALTER TABLE person_access RENAME TO person_access_old;
    CREATE TABLE person_access (
        person_id TEXT NOT NULL,
        username TEXT NOT NULL,
        PRIMARY KEY (username, person_id)
    ) WITHOUT ROWID;
    INSERT INTO person_access(person_id, username)
        SELECT person_id, username FROM person_access_old;
    DROP TABLE person_access_old;

    ALTER TABLE events RENAME TO events_old;
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        author TEXT NOT NULL,
        device TEXT NOT NULL,
        device_time TEXT NOT NULL,
        parent_hash TEXT,
        payload TEXT NOT NULL,
        hash TEXT NOT NULL,
        signature TEXT
    );
    INSERT INTO events(seq, id, record_id, kind, author, device, device_time, parent_hash,
                       payload, hash, signature)
        SELECT seq, id, record_id, kind, author, device, device_time, parent_hash, payload,
               hash, signature FROM events_old ORDER BY seq;
    DROP TABLE events_old;
    CREATE INDEX events_record ON events(record_id, seq);

    ALTER TABLE audit RENAME TO audit_old;
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        username TEXT,
        action TEXT NOT NULL,
        record_id TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    INSERT INTO audit(seq, at, username, action, record_id, detail, prev_hash, hash)
        SELECT seq, at, username, action, record_id, detail, prev_hash, hash FROM audit_old
        ORDER BY seq;
    DROP TABLE audit_old;
    CREATE INDEX audit_exports ON audit(seq) WHERE action = 'export';
    DELETE FROM sqlite_sequence WHERE name IN ('events', 'audit');
    """,
]

LATEST = len(MIGRATIONS)

# Tables rebuilt from the event log (order matters for deletes only).
PROJECTIONS = (
    "record_heads",
    "users",
    "people",
    "person_access",
    "concerns",
    "tasks",
    "chronology",
    "search",
    "name_search",
    "name_trigrams",
    "assessments",
    "disclosures",
    "body_maps",
    "referrals",
    "amendments",
    "referral_outcomes",
    "groups",
    "group_members",
    "group_handovers",
)
