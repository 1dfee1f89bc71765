"""The one owner of SQL: connection, schema migrations and every query.

Domain modules call these functions and never write SQL themselves. Rules the
room depends on (one participant per token, the vote budget, a repeated
submission stored once) are enforced here by the schema, not only by code.
"""

import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlite_utils

# FULL: an acknowledged write survives power loss as well as a crash; the
# cost per commit is measured in docs/PERFORMANCE.md.
SYNCHRONOUS = "FULL"
BUSY_TIMEOUT_MS = 10_000

MIGRATIONS = [
    # 1: the walking skeleton
    """
    CREATE TABLE workshops (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        facilitator_key TEXT NOT NULL UNIQUE,
        framework TEXT NOT NULL,
        stages TEXT NOT NULL,
        vote_budget INTEGER NOT NULL DEFAULT 3 CHECK (vote_budget BETWEEN 1 AND 20),
        created_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        framework_key TEXT,
        kind TEXT NOT NULL DEFAULT 'ideas',
        text TEXT NOT NULL,
        easy_read TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'waiting'
            CHECK (status IN ('waiting', 'open', 'closed')),
        opened_at TEXT,
        closed_at TEXT
    );
    CREATE INDEX questions_by_workshop ON questions (workshop_id, position);
    CREATE TABLE participants (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        token TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        joined_at TEXT NOT NULL
    );
    CREATE INDEX participants_by_workshop ON participants (workshop_id);
    CREATE TABLE ideas (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
        client_id TEXT NOT NULL,
        author_role TEXT NOT NULL,
        entered_by TEXT NOT NULL DEFAULT 'self'
            CHECK (entered_by IN ('self', 'supporter', 'scribe')),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
        priority TEXT,
        outcome_kind TEXT,
        status TEXT NOT NULL DEFAULT 'shown',
        created_at TEXT NOT NULL,
        UNIQUE (workshop_id, client_id)
    );
    CREATE INDEX ideas_by_question ON ideas (question_id);
    CREATE TABLE votes (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
        participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        voter_role TEXT NOT NULL,
        client_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        withdrawn_at TEXT,
        UNIQUE (workshop_id, client_id)
    );
    -- A withdrawn vote stays as a row so a replayed send of it is recognised.
    CREATE UNIQUE INDEX votes_one_per_idea ON votes (participant_id, idea_id)
        WHERE withdrawn_at IS NULL;
    CREATE INDEX votes_by_idea ON votes (idea_id) WHERE withdrawn_at IS NULL;
    CREATE TRIGGER votes_within_budget BEFORE INSERT ON votes
    WHEN (SELECT COUNT(*) FROM votes
          WHERE participant_id = NEW.participant_id
            AND question_id = NEW.question_id AND withdrawn_at IS NULL)
         >= (SELECT vote_budget FROM workshops WHERE id = NEW.workshop_id)
    BEGIN
        SELECT RAISE(ABORT, 'vote budget spent');
    END;
    CREATE TABLE events (
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (workshop_id, seq)
    ) WITHOUT ROWID;
    CREATE TRIGGER events_append_only BEFORE UPDATE ON events
    BEGIN
        SELECT RAISE(ABORT, 'the event log is append-only');
    END;
    """,
    # 2: stories (framework principle 13), quoted in reports only with consent
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        question_id INTEGER REFERENCES questions(id) ON DELETE SET NULL,
        participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
        client_id TEXT NOT NULL,
        author_role TEXT NOT NULL,
        entered_by TEXT NOT NULL DEFAULT 'self'
            CHECK (entered_by IN ('self', 'supporter', 'scribe')),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
        may_quote INTEGER NOT NULL CHECK (may_quote IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'shown' CHECK (status IN ('shown', 'hidden')),
        created_at TEXT NOT NULL,
        UNIQUE (workshop_id, client_id)
    );
    CREATE INDEX stories_by_workshop ON stories (workshop_id, id);
    """,
    # facilitation (issue 6): timers, moderation, board settings, provisional outcomes
    """
    CREATE TABLE provisional_outcomes (
        id INTEGER PRIMARY KEY,
        workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        source_idea_id INTEGER REFERENCES ideas(id) ON DELETE SET NULL,
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX provisional_outcomes_by_workshop
        ON provisional_outcomes (workshop_id, position);
    ALTER TABLE workshops ADD COLUMN approve_ideas INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN results_hidden INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN extra_time_percent INTEGER NOT NULL DEFAULT 0
        CHECK (extra_time_percent BETWEEN 0 AND 200);
    ALTER TABLE workshops ADD COLUMN board_view TEXT NOT NULL DEFAULT 'ideas';
    ALTER TABLE workshops ADD COLUMN board_rank TEXT NOT NULL DEFAULT 'room';
    ALTER TABLE questions ADD COLUMN timer_seconds INTEGER;
    ALTER TABLE questions ADD COLUMN timer_started_at TEXT;
    ALTER TABLE questions ADD COLUMN timer_elapsed_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ideas ADD COLUMN original_text TEXT;
    ALTER TABLE ideas ADD COLUMN merged_into INTEGER REFERENCES ideas(id);
    ALTER TABLE ideas ADD COLUMN outcome_id INTEGER REFERENCES provisional_outcomes(id);
    ALTER TABLE ideas ADD COLUMN rating TEXT CHECK (rating IN ('low', 'medium', 'high'));
    CREATE INDEX ideas_by_merged_into ON ideas (merged_into) WHERE merged_into IS NOT NULL;
    """,
    # 4: issue 7: the report's title page (service, area), a redaction list kept
    # with the workshop, and the Strategic Statement outcome an idea serves.
    """
    ALTER TABLE workshops ADD COLUMN service TEXT;
    ALTER TABLE workshops ADD COLUMN area TEXT;
    ALTER TABLE workshops ADD COLUMN redactions TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE ideas ADD COLUMN strategic_outcome TEXT;
    """,
]


def now():
    """UTC timestamp as ISO 8601 text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def connect(path):
    """Open the database with the pragmas every connection needs."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    db = sqlite_utils.Database(conn)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    return db


class Pool:
    """Connections kept open for reuse by a server's requests and socket messages.

    Opening a connection and closing it again cost more than the queries of a
    vote (and closing the last one checkpoints the WAL with an fsync): see
    docs/PERFORMANCE.md. A connection is handed to one user at a time.
    """

    def __init__(self, path, keep=16):
        self.path, self.keep = str(path), keep
        self.idle = []
        self.lock = threading.Lock()

    def acquire(self):
        """An idle connection, or a new one when all are in use."""
        with self.lock:
            if self.idle:
                return self.idle.pop()
        return connect(self.path)

    def release(self, db):
        """Take a connection back; one left inside a transaction is rolled back."""
        if db.conn.in_transaction:
            db.conn.rollback()
        with self.lock:
            if len(self.idle) < self.keep:
                self.idle.append(db)
                return
        db.conn.close()

    def close(self):
        """Close every idle connection."""
        with self.lock:
            idle, self.idle = self.idle, []
        for db in idle:
            db.conn.close()


def migrate(db):
    """Bring the schema up to date; safe to run on every start."""
    db.conn.execute("PRAGMA journal_mode = WAL")
    with transaction(db):
        version = db.conn.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in _statements(script):
                db.conn.execute(statement)
            db.conn.execute(f"PRAGMA user_version = {number}")
    return db


def _statements(script):
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s.strip(" ;\n")]


@contextmanager
def transaction(db):
    """One write transaction, taking the write lock up front.

    BEGIN IMMEDIATE avoids the deadlock a deferred transaction meets when two
    processes read then both try to write; the caller acknowledges only after
    this block has committed. Inside a group commit (workshop/group_commit.py)
    the block is a savepoint of the group's transaction instead.
    """
    if db.conn.in_transaction:
        yield from _savepoint(db)
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def _savepoint(db):
    db.conn.execute("SAVEPOINT write")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK TO write")
        db.conn.execute("RELEASE write")
        raise
    db.conn.execute("RELEASE write")


@contextmanager
def reading(db):
    """A read transaction: every query inside sees one snapshot of the database."""
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        db.conn.execute("COMMIT")


def is_row_id(value):
    """True for a whole number SQLite can hold (a JSON body can carry any size)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def _one(db, sql, params=()):
    row = db.conn.execute(sql, params).fetchone()
    return dict(row) if row else None


def _all(db, sql, params=()):
    return [dict(row) for row in db.conn.execute(sql, params)]


def _workshop(row):
    if row:
        row["framework"] = json.loads(row["framework"])
        row["stages"] = json.loads(row["stages"])
        if "redactions" in row:
            row["redactions"] = json.loads(row["redactions"] or "[]")
    return row


# Workshops


def insert_workshop(db, *, code, title, facilitator_key, framework, stages, vote_budget):
    """Insert a workshop row and return its id."""
    cursor = db.conn.execute(
        "INSERT INTO workshops (code, title, facilitator_key, framework, stages,"
        " vote_budget, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (code, title, facilitator_key, json.dumps(framework), json.dumps(stages),
         vote_budget, now()),
    )
    return cursor.lastrowid


def workshop_by_code(db, code):
    """The workshop with this join code, or None."""
    return _workshop(_one(db, "SELECT * FROM workshops WHERE code = ?", (code,)))


def workshop_by_id(db, workshop_id):
    """The workshop with this id, or None."""
    return _workshop(_one(db, "SELECT * FROM workshops WHERE id = ?", (workshop_id,)))


def list_workshops(db):
    """Every workshop, newest first, with participant and idea counts."""
    return _all(
        db,
        "SELECT w.id, w.code, w.title, w.created_at, w.ended_at,"
        " (SELECT COUNT(*) FROM participants p WHERE p.workshop_id = w.id) AS participants,"
        " (SELECT COUNT(*) FROM ideas i WHERE i.workshop_id = w.id) AS ideas"
        " FROM workshops w ORDER BY w.id DESC",
    )


# Questions


def insert_question(db, *, workshop_id, stage, framework_key, kind, text, easy_read, position):
    """Insert one key question into a workshop's agenda."""
    return db.conn.execute(
        "INSERT INTO questions (workshop_id, stage, framework_key, kind, text, easy_read,"
        " position) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (workshop_id, stage, framework_key, kind, text, easy_read, position),
    ).lastrowid


def questions_of(db, workshop_id):
    """A workshop's questions in agenda order."""
    return _all(
        db, "SELECT * FROM questions WHERE workshop_id = ? ORDER BY position, id", (workshop_id,)
    )


def question_by_id(db, question_id):
    """One question, or None."""
    return _one(db, "SELECT * FROM questions WHERE id = ?", (question_id,))


def set_question_status(db, question_id, status):
    """Move a question to waiting, open or closed, stamping the time."""
    column = {"open": "opened_at", "closed": "closed_at"}.get(status)
    stamp = f", {column} = ?" if column else ""
    params = (status, now(), question_id) if column else (status, question_id)
    db.conn.execute(f"UPDATE questions SET status = ?{stamp} WHERE id = ?", params)


# Participants


def insert_participant(db, *, workshop_id, token, role):
    """Add an anonymous participant; the token is unique across all workshops."""
    return db.conn.execute(
        "INSERT INTO participants (workshop_id, token, role, joined_at) VALUES (?, ?, ?, ?)",
        (workshop_id, token, role, now()),
    ).lastrowid


def participant_by_token(db, token):
    """The participant holding this token, or None."""
    return _one(db, "SELECT * FROM participants WHERE token = ?", (token,))


def role_counts(db, workshop_id):
    """How many participants joined in each role."""
    rows = _all(
        db,
        "SELECT role, COUNT(*) AS n FROM participants WHERE workshop_id = ? GROUP BY role",
        (workshop_id,),
    )
    return {row["role"]: row["n"] for row in rows}


def contributor_count(db, workshop_id):
    """How many participants wrote at least one idea."""
    return db.conn.execute(
        "SELECT COUNT(DISTINCT participant_id) FROM ideas"
        " WHERE workshop_id = ? AND participant_id IS NOT NULL",
        (workshop_id,),
    ).fetchone()[0]


# Ideas


_IDEA_COLUMNS = (
    "id, workshop_id, question_id, participant_id, client_id, author_role, entered_by,"
    " text, priority, outcome_kind, status, created_at,"
    " original_text, merged_into, outcome_id, rating, strategic_outcome"
)


def insert_idea(db, *, workshop_id, question_id, participant_id, client_id, author_role,
                entered_by, text, priority, outcome_kind, status="shown", outcome_id=None,
                rating=None):
    """Insert an idea; raises sqlite3.IntegrityError on a repeated client_id."""
    return db.conn.execute(
        "INSERT INTO ideas (workshop_id, question_id, participant_id, client_id, author_role,"
        " entered_by, text, priority, outcome_kind, created_at, status, outcome_id, rating)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (workshop_id, question_id, participant_id, client_id, author_role, entered_by,
         text, priority, outcome_kind, now(), status, outcome_id, rating),
    ).lastrowid


def idea_by_id(db, idea_id):
    """One idea, or None."""
    return _one(db, f"SELECT {_IDEA_COLUMNS} FROM ideas WHERE id = ?", (idea_id,))


def idea_by_client_id(db, workshop_id, client_id):
    """The idea a client already sent under this id, or None."""
    return _one(
        db,
        f"SELECT {_IDEA_COLUMNS} FROM ideas WHERE workshop_id = ? AND client_id = ?",
        (workshop_id, client_id),
    )


def ideas_of(db, workshop_id, question_id=None):
    """A workshop's shown ideas, oldest first, optionally for one question."""
    sql = f"SELECT {_IDEA_COLUMNS} FROM ideas WHERE workshop_id = ? AND status = 'shown'"
    params = [workshop_id]
    if question_id is not None:
        sql += " AND question_id = ?"
        params.append(question_id)
    return _all(db, sql + " ORDER BY id", params)


# Votes


def insert_vote(db, *, workshop_id, question_id, idea_id, participant_id, voter_role, client_id):
    """Insert a vote; the schema refuses a second vote or one past the budget."""
    return db.conn.execute(
        "INSERT INTO votes (workshop_id, question_id, idea_id, participant_id, voter_role,"
        " client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (workshop_id, question_id, idea_id, participant_id, voter_role, client_id, now()),
    ).lastrowid


def vote_by_client_id(db, workshop_id, client_id):
    """The vote a client already sent under this id, or None."""
    return _one(
        db, "SELECT * FROM votes WHERE workshop_id = ? AND client_id = ?", (workshop_id, client_id)
    )


def active_vote(db, participant_id, idea_id):
    """The participant's standing vote for an idea, or None."""
    return _one(
        db,
        "SELECT * FROM votes WHERE participant_id = ? AND idea_id = ? AND withdrawn_at IS NULL",
        (participant_id, idea_id),
    )


def withdraw_vote(db, vote_id):
    """Take a vote back; returns True if it was standing."""
    cursor = db.conn.execute(
        "UPDATE votes SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL", (now(), vote_id)
    )
    return cursor.rowcount == 1


def votes_of(db, participant_id):
    """A participant's standing votes, for their phone's own dots."""
    return _all(
        db,
        "SELECT id, question_id, idea_id, client_id FROM votes"
        " WHERE participant_id = ? AND withdrawn_at IS NULL ORDER BY id",
        (participant_id,),
    )


# Every idea with the shown idea it counts towards: itself, or the idea it was
# merged into (followed to the end of the chain). Votes stay on their own idea
# so a merge can be undone; tallies go through this.
_ROOTS = (
    "WITH RECURSIVE roots(id, root) AS ("
    " SELECT id, id FROM ideas WHERE workshop_id = ? AND merged_into IS NULL"
    " UNION ALL SELECT i.id, roots.root FROM ideas i JOIN roots ON i.merged_into = roots.id)"
)


def tallies(db, workshop_id, idea_ids=None):
    """Standing votes per shown idea, split by the voter's role: {idea_id: {role: n}}.

    A merged idea's votes count for the idea it was merged into; with idea_ids,
    the tallies of those ideas' roots.
    """
    sql = (
        _ROOTS + " SELECT roots.root AS idea_id, v.voter_role, COUNT(*) AS n FROM votes v"
        " JOIN roots ON roots.id = v.idea_id WHERE v.withdrawn_at IS NULL"
    )
    params = [workshop_id]
    if idea_ids is not None:
        ids = list(idea_ids)
        sql += (f" AND roots.root IN (SELECT root FROM roots WHERE id IN"
                f" ({', '.join('?' * len(ids))}))")
        params += ids
    result = {}
    for row in db.conn.execute(sql + " GROUP BY roots.root, v.voter_role", params):
        result.setdefault(row["idea_id"], {})[row["voter_role"]] = row["n"]
    return result


# The event log


def append_event(db, workshop_id, type_, data):
    """Append to the workshop's log under the next sequence number; return the event."""
    at = now()
    payload = json.dumps(data, separators=(",", ":"))
    seq = db.conn.execute(
        "INSERT INTO events (workshop_id, seq, type, data, at)"
        " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM events WHERE workshop_id = ?"
        " RETURNING seq",
        (workshop_id, type_, payload, at, workshop_id),
    ).fetchone()[0]
    return {"seq": seq, "type": type_, "data": data, "at": at}


def events_since(db, workshop_id, since, limit):
    """Events after `since`, oldest first, at most `limit` of them."""
    rows = _all(
        db,
        "SELECT seq, type, data, at FROM events WHERE workshop_id = ? AND seq > ?"
        " ORDER BY seq LIMIT ?",
        (workshop_id, since, limit),
    )
    for row in rows:
        row["data"] = json.loads(row["data"])
    return rows


def last_seq(db, workshop_id):
    """The workshop's latest sequence number (0 before any event)."""
    return db.conn.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM events WHERE workshop_id = ?", (workshop_id,)
    ).fetchone()[0]


# Stories


_STORY_COLUMNS = (
    "id, workshop_id, question_id, participant_id, client_id, author_role, entered_by,"
    " text, may_quote, status, created_at"
)


def insert_story(db, *, workshop_id, question_id, participant_id, client_id, author_role,
                 entered_by, text, may_quote):
    """Insert a story; raises sqlite3.IntegrityError on a repeated client_id."""
    return db.conn.execute(
        "INSERT INTO stories (workshop_id, question_id, participant_id, client_id, author_role,"
        " entered_by, text, may_quote, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (workshop_id, question_id, participant_id, client_id, author_role, entered_by, text,
         1 if may_quote else 0, now()),
    ).lastrowid


def story_by_id(db, story_id):
    """One story, or None."""
    return _one(db, f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,))


def story_by_client_id(db, workshop_id, client_id):
    """The story a client already sent under this id, or None."""
    return _one(
        db,
        f"SELECT {_STORY_COLUMNS} FROM stories WHERE workshop_id = ? AND client_id = ?",
        (workshop_id, client_id),
    )


def stories_of(db, workshop_id, *, quotable_only=False, include_hidden=False):
    """A workshop's stories, oldest first; the report asks for quotable_only."""
    sql = f"SELECT {_STORY_COLUMNS} FROM stories WHERE workshop_id = ?"
    if not include_hidden:
        sql += " AND status = 'shown'"
    if quotable_only:
        sql += " AND may_quote = 1"
    return _all(db, sql + " ORDER BY id", (workshop_id,))


# Facilitation: settings, the agenda, moderation, provisional outcomes (issue 6)

_WORKSHOP_SETTINGS = {"approve_ideas", "results_hidden", "extra_time_percent", "board_view",
                      "board_rank"}
_QUESTION_FIELDS = {"text", "easy_read", "kind", "position", "timer_seconds",
                    "timer_started_at", "timer_elapsed_ms"}
_IDEA_FIELDS = {"text", "original_text", "status", "merged_into", "priority", "outcome_kind",
                "strategic_outcome"}
_OUTCOME_FIELDS = {"text", "position"}


def _update(db, table, allowed, row_id, fields):
    unknown = set(fields) - allowed
    if unknown or not fields:
        raise ValueError(f"cannot update {table} columns {sorted(unknown) or 'none'}")
    names = sorted(fields)
    assignments = ", ".join(f"{name} = ?" for name in names)
    db.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?",
                    [fields[name] for name in names] + [row_id])


def update_workshop(db, workshop_id, **fields):
    """Change a workshop's facilitation settings."""
    _update(db, "workshops", _WORKSHOP_SETTINGS, workshop_id, fields)


def update_question(db, question_id, **fields):
    """Change a question's wording, position or timer."""
    _update(db, "questions", _QUESTION_FIELDS, question_id, fields)


def update_idea(db, idea_id, **fields):
    """Change an idea's text, status or merge."""
    _update(db, "ideas", _IDEA_FIELDS, idea_id, fields)


def all_ideas_of(db, workshop_id, question_id=None):
    """Every idea of a workshop whatever its status (the console's view), oldest first."""
    sql = f"SELECT {_IDEA_COLUMNS} FROM ideas WHERE workshop_id = ?"
    params = [workshop_id]
    if question_id is not None:
        sql += " AND question_id = ?"
        params.append(question_id)
    return _all(db, sql + " ORDER BY id", params)


def idea_group(db, idea_id):
    """The idea and every idea merged into it, directly or through others."""
    return _all(
        db,
        "WITH RECURSIVE grp(id) AS (SELECT ? UNION ALL"
        " SELECT i.id FROM ideas i JOIN grp ON i.merged_into = grp.id)"
        f" SELECT {_IDEA_COLUMNS} FROM ideas WHERE id IN (SELECT id FROM grp) ORDER BY id",
        (idea_id,),
    )


def standing_votes_on(db, idea_ids):
    """Standing votes on any of these ideas."""
    ids = list(idea_ids)
    return _all(
        db,
        f"SELECT * FROM votes WHERE withdrawn_at IS NULL AND idea_id IN"
        f" ({', '.join('?' * len(ids))}) ORDER BY id",
        ids,
    )


def withdraw_votes_on(db, idea_ids):
    """Take back every standing vote on these ideas; return how many."""
    ids = list(idea_ids)
    return db.conn.execute(
        f"UPDATE votes SET withdrawn_at = ? WHERE withdrawn_at IS NULL AND idea_id IN"
        f" ({', '.join('?' * len(ids))})",
        [now(), *ids],
    ).rowcount


def insert_outcome(db, *, workshop_id, source_idea_id, text, position):
    """Add a provisional Social Value outcome carried into the Plan stage."""
    return db.conn.execute(
        "INSERT INTO provisional_outcomes (workshop_id, source_idea_id, text, position,"
        " created_at) VALUES (?, ?, ?, ?, ?)",
        (workshop_id, source_idea_id, text, position, now()),
    ).lastrowid


def outcomes_of(db, workshop_id):
    """A workshop's provisional outcomes in order."""
    return _all(
        db, "SELECT * FROM provisional_outcomes WHERE workshop_id = ? ORDER BY position, id",
        (workshop_id,),
    )


def outcome_by_id(db, outcome_id):
    """One provisional outcome, or None."""
    return _one(db, "SELECT * FROM provisional_outcomes WHERE id = ?", (outcome_id,))


def update_outcome(db, outcome_id, **fields):
    """Reword or move a provisional outcome."""
    _update(db, "provisional_outcomes", _OUTCOME_FIELDS, outcome_id, fields)


def delete_outcome(db, outcome_id):
    """Remove a provisional outcome nobody has answered about yet."""
    db.conn.execute("DELETE FROM provisional_outcomes WHERE id = ?", (outcome_id,))


def answers_about(db, outcome_id):
    """How many ideas answer a plan question about this outcome."""
    return db.conn.execute(
        "SELECT COUNT(*) FROM ideas WHERE outcome_id = ?", (outcome_id,)
    ).fetchone()[0]


def roots_of(db, idea_ids):
    """{idea_id: the shown idea its votes count for} for the given ideas only.

    Walks up from each idea rather than down from every root: a phone's
    acknowledgement needs the few ideas it voted for, not the whole room's.
    """
    ids = list(idea_ids)
    if not ids:
        return {}
    rows = db.conn.execute(
        "WITH RECURSIVE up(id, cur, parent) AS ("
        f" SELECT id, id, merged_into FROM ideas WHERE id IN ({', '.join('?' * len(ids))})"
        " UNION ALL SELECT up.id, i.id, i.merged_into FROM ideas i JOIN up ON i.id = up.parent)"
        " SELECT id, cur FROM up WHERE parent IS NULL",
        ids,
    ).fetchall()
    return dict(rows)


def idea_roots(db, workshop_id):
    """{idea_id: the shown idea its votes count for} for every idea of a workshop."""
    return dict(db.conn.execute(_ROOTS + " SELECT id, root FROM roots", (workshop_id,)).fetchall())


# Ending, purging and backing up (maintenance.py)


def set_workshop_ended(db, workshop_id):
    """Stamp the workshop as ended now; returns False if it had already ended."""
    cursor = db.conn.execute(
        "UPDATE workshops SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (now(), workshop_id)
    )
    return cursor.rowcount == 1


def expired_workshops(db, cutoff):
    """Workshops ended before `cutoff`, or never ended and untouched since it."""
    return _all(
        db,
        "SELECT w.id, w.code, w.title FROM workshops w WHERE"
        " (w.ended_at IS NOT NULL AND w.ended_at < :cutoff) OR (w.ended_at IS NULL AND"
        " COALESCE((SELECT MAX(e.at) FROM events e WHERE e.workshop_id = w.id), w.created_at)"
        " < :cutoff) ORDER BY w.id",
        {"cutoff": cutoff},
    )


def tables_with_workshop_rows(db):
    """Every table that holds rows belonging to a workshop (it has a workshop_id column)."""
    names = [r[0] for r in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return [n for n in names
            if any(c[1] == "workshop_id" for c in db.conn.execute(f'PRAGMA table_info("{n}")'))]


def workshop_row_counts(db, workshop_id):
    """{table: rows belonging to this workshop}, for purge reports and tests."""
    return {
        table: db.conn.execute(
            f'SELECT COUNT(*) FROM "{table}" WHERE workshop_id = ?', (workshop_id,)
        ).fetchone()[0]
        for table in tables_with_workshop_rows(db)
    }


def delete_workshop(db, workshop_id):
    """Delete a workshop and, by ON DELETE CASCADE, everything in it.

    Tables added later without a cascade are cleared explicitly first.
    """
    for table in tables_with_workshop_rows(db):
        db.conn.execute(f'DELETE FROM "{table}" WHERE workshop_id = ?', (workshop_id,))
    return db.conn.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,)).rowcount == 1


def set_secure_delete(db, on=True):
    """Make deleted content be overwritten with zeros instead of left in free pages."""
    db.conn.execute(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}")


def checkpoint(db):
    """Copy the write-ahead log into the database file and empty it; (busy, log, copied)."""
    return tuple(db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())


def integrity_check(db):
    """SQLite's own check of the whole file: 'ok' or a list of problems."""
    return "\n".join(row[0] for row in db.conn.execute("PRAGMA integrity_check"))


def backup_to(db, target):
    """Copy the live database into `target` with SQLite's online backup API.

    One step (pages=-1) copies every page inside one read transaction: a
    consistent snapshot, while writers carry on (WAL mode).
    """
    destination = sqlite3.connect(str(target))
    try:
        db.conn.backup(destination, pages=-1)
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()


# The report and the archive (issue 7)

# Tables an archive carries, each with its columns that point at other rows.
# Tables added by later migrations are carried only when they exist.
ARCHIVE_TABLES = ("questions", "participants", "ideas", "votes", "stories",
                  "provisional_outcomes")


def set_workshop_details(db, workshop_id, *, service, area, redactions):
    """Set what the report's title page says and the workshop's redaction list."""
    db.conn.execute(
        "UPDATE workshops SET service = ?, area = ?, redactions = ? WHERE id = ?",
        (service, area, json.dumps(list(redactions)), workshop_id),
    )


def table_exists(db, table):
    """True once a migration has created the table."""
    return db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone() is not None


def columns_of(db, table):
    """A table's column names in schema order."""
    if table not in ARCHIVE_TABLES + ("workshops",):
        raise ValueError(f"not an archived table: {table}")
    return [row["name"] for row in db.conn.execute(f"PRAGMA table_info({table})")]


def rows_of(db, table, workshop_id):
    """Every row of one of a workshop's tables, in id order ([] if the table is absent)."""
    if table not in ARCHIVE_TABLES:
        raise ValueError(f"not an archived table: {table}")
    if not table_exists(db, table):
        return []
    return _all(db, f"SELECT * FROM {table} WHERE workshop_id = ? ORDER BY id", (workshop_id,))


def insert_row(db, table, values):
    """Insert an archived row, keeping only columns this schema has; return its id."""
    known = set(columns_of(db, table))
    names = [name for name in values if name in known]
    cursor = db.conn.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [values[name] for name in names],
    )
    return cursor.lastrowid


def restore_workshop(db, values):
    """Insert an archived workshop row (with a fresh key); return its id."""
    known = set(columns_of(db, "workshops"))
    names = [name for name in values if name in known and name != "id"]
    cursor = db.conn.execute(
        f"INSERT INTO workshops ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [values[name] for name in names],
    )
    return cursor.lastrowid


def set_reference(db, table, row_id, column, value):
    """Point a restored row at another restored row (a reference made in a second pass)."""
    if column not in columns_of(db, table):
        raise ValueError(f"{table} has no column {column}")
    db.conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row_id))


def workshop_row(db, workshop_id):
    """The workshop's raw row, JSON columns as stored."""
    return _one(db, "SELECT * FROM workshops WHERE id = ?", (workshop_id,))
