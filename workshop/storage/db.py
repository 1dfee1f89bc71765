"""The hot queries: workshops, questions, participants, ideas, votes and the
event log, one function each (stories, the door's waiting list, provisional
outcomes, records and the set-up's cold paths have their own modules here).

Domain modules call these and never write SQL themselves. Rules the room
depends on (one participant per token, the vote budget, a repeated
submission stored once) are enforced by the schema (storage/schema.py).
"""

import json

from .connection import Pool as Pool
from .connection import connect as connect
from .connection import is_row_id as is_row_id
from .connection import now
from .connection import reading as reading
from .connection import transaction as transaction
from .schema import migrate as migrate


def _one(db, sql, params=()):
    row = db.conn.execute(sql, params).fetchone()
    return dict(row) if row else None


def _all(db, sql, params=()):
    return [dict(row) for row in db.conn.execute(sql, params)]


# Every socket message reads its workshop, and the framework text (a few KB,
# fixed when the workshop is made) was parsed each time: 2-3 % of the server's
# CPU with a full hall. The parsed copy is shared: callers only read it.
_frameworks = {}


def _framework(text):
    parsed = _frameworks.get(text)
    if parsed is None:
        if len(_frameworks) >= 256:
            _frameworks.clear()
        parsed = _frameworks[text] = json.loads(text)
    return parsed


def _workshop(row):
    if row:
        row["framework"] = _framework(row["framework"])
        row["stages"] = json.loads(row["stages"])
        if "redactions" in row:
            row["redactions"] = json.loads(row["redactions"] or "[]")
    return row


# Workshops


def insert_workshop(
    db, *, code, title, facilitator_key, framework, stages, vote_budget, board_seconds=12
):
    """Insert a workshop row and return its id."""
    cursor = db.conn.execute(
        "INSERT INTO workshops (code, title, facilitator_key, framework, stages,"
        " vote_budget, board_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            code,
            title,
            facilitator_key,
            json.dumps(framework),
            json.dumps(stages),
            vote_budget,
            board_seconds,
            now(),
        ),
    )
    return cursor.lastrowid


# Every socket message reads its workshop's row (35 columns and the framework
# text), which changes only when the facilitator changes something: each
# process keeps the rows it has read, by database file and code, and checks
# one is current by its stamp (id, revision, created_at; the revision trigger
# counts every UPDATE, whichever process makes it) in one indexed lookup. Only
# committed rows are kept: a read inside a transaction may see a write that
# is then rolled back, so it always reads the row itself.
_rows = {}
MAX_ROWS = 256


def workshop_by_code(db, code):
    """The workshop with this join code, or None."""
    where = getattr(db, "workshop_file", None)
    if where is None or db.conn.in_transaction:
        return _workshop(_one(db, "SELECT * FROM workshops WHERE code = ?", (code,)))
    stamp = db.conn.execute(
        "SELECT id, revision, created_at FROM workshops WHERE code = ?", (code,)
    ).fetchone()
    if stamp is None:
        return None
    key = (where, code)
    kept = _rows.get(key)
    if kept is None or kept[0] != tuple(stamp):
        row = _workshop(_one(db, "SELECT * FROM workshops WHERE code = ?", (code,)))
        if row is None:
            return None
        if len(_rows) >= MAX_ROWS:
            _rows.clear()
        kept = _rows[key] = ((row["id"], row["revision"], row["created_at"]), row)
    return dict(kept[1])  # a copy: a caller may add keys; the parsed parts are only read


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


def insert_participant(db, *, workshop_id, token, role, origin="room", supporter_role=None):
    """Add an anonymous participant; the token is unique across all workshops."""
    return db.conn.execute(
        "INSERT INTO participants (workshop_id, token, role, joined_at, origin, supporter_role)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (workshop_id, token, role, now(), origin, supporter_role),
    ).lastrowid


def participant_by_token(db, token):
    """The participant holding this token, or None."""
    return _one(db, "SELECT * FROM participants WHERE token = ?", (token,))


def set_participant_role(db, participant_id, role):
    """A participant's role from now on; what they already sent keeps the old one."""
    db.conn.execute("UPDATE participants SET role = ? WHERE id = ?", (role, participant_id))


def role_counts(db, workshop_id):
    """How many participants joined in each role."""
    rows = _all(
        db,
        "SELECT role, COUNT(*) AS n FROM participants WHERE workshop_id = ? GROUP BY role",
        (workshop_id,),
    )
    return {row["role"]: row["n"] for row in rows}


def participant_count(db, workshop_id, origin=None):
    """How many people have joined a workshop (from one origin, `room` or `outreach`, if given)."""
    sql, args = "SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ?", [workshop_id]
    if origin:
        sql, args = sql + " AND origin = ?", [*args, origin]
    return _one(db, sql, tuple(args))["n"]


def joins_since(db, workshop_id, since):
    """How many people joined a workshop at or after a moment (ISO time)."""
    return _one(
        db,
        "SELECT COUNT(*) AS n FROM participants WHERE workshop_id = ? AND joined_at >= ?",
        (workshop_id, since),
    )["n"]


# Ideas


_IDEA_COLUMNS = (
    "id, workshop_id, question_id, participant_id, client_id, author_role, entered_by,"
    " text, priority, outcome_kind, status, created_at,"
    " original_text, merged_into, outcome_id, rating, strategic_outcome, origin, card_number,"
    " care_act_theme, answer_kind, experts_value"
)


def insert_idea(
    db,
    *,
    workshop_id,
    question_id,
    participant_id,
    client_id,
    author_role,
    entered_by,
    text,
    priority,
    outcome_kind,
    status="shown",
    outcome_id=None,
    rating=None,
    origin="room",
    card_number=None,
    experts_value=None,
):
    """Insert an idea; raises sqlite3.IntegrityError on a repeated client_id or card number."""
    return db.conn.execute(
        "INSERT INTO ideas (workshop_id, question_id, participant_id, client_id, author_role,"
        " entered_by, text, priority, outcome_kind, created_at, status, outcome_id, rating,"
        " origin, card_number, experts_value) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            workshop_id,
            question_id,
            participant_id,
            client_id,
            author_role,
            entered_by,
            text,
            priority,
            outcome_kind,
            now(),
            status,
            outcome_id,
            rating,
            origin,
            card_number,
            experts_value,
        ),
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


def withdraw_vote(db, vote_id):
    """Take a vote back; returns True if it was standing."""
    cursor = db.conn.execute(
        "UPDATE votes SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL", (now(), vote_id)
    )
    return cursor.rowcount == 1


def votes_of(db, participant_id, question_id=None):
    """A participant's standing votes, for their phone's own dots, each with
    `counts_for`: the shown idea it counts for (its own, or the one its idea
    was merged into, followed to the end of the chain); with question_id,
    only those on that question.

    Every vote's acknowledgement reads these, so it is one join on the
    (participant, idea) index; only an idea merged into another (rare: a
    facilitator's step) has its chain walked, by `idea_roots_of`. A recursive
    statement walking every idea voted for cost 2-3 times as much a vote.
    """
    sql = (
        "SELECT v.id, v.question_id, v.idea_id, v.client_id, i.merged_into"
        " FROM votes v LEFT JOIN ideas i ON i.id = v.idea_id"
        " WHERE v.participant_id = ? AND v.withdrawn_at IS NULL"
    )
    params = (participant_id,)
    if question_id is not None:
        sql, params = sql + " AND v.question_id = ?", (participant_id, question_id)
    rows = db.conn.execute(sql + " ORDER BY v.id", params).fetchall()
    merged = [row[2] for row in rows if row[4] is not None]
    roots = idea_roots_of(db, merged) if merged else {}
    return [
        {
            "id": vote_id,
            "question_id": question,
            "idea_id": idea_id,
            "client_id": client_id,
            "counts_for": idea_id if up is None else roots.get(idea_id, idea_id),
        }
        for vote_id, question, idea_id, client_id, up in rows
    ]


def idea_roots_of(db, idea_ids):
    """{idea_id: the shown idea it counts for}, walking up from these ideas only."""
    ids = list(idea_ids)
    return dict(
        db.conn.execute(
            "WITH RECURSIVE up(id, cur, parent) AS (SELECT id, id, merged_into FROM ideas"
            f" WHERE id IN ({', '.join('?' * len(ids))})"
            " UNION ALL SELECT up.id, i.id, i.merged_into FROM ideas i JOIN up ON i.id = up.parent)"
            " SELECT id, cur FROM up WHERE parent IS NULL",
            ids,
        ).fetchall()
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
        sql += (
            f" AND roots.root IN (SELECT root FROM roots WHERE id IN ({', '.join('?' * len(ids))}))"
        )
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


# Facilitation: settings, the agenda, moderation, provisional outcomes (issue 6)

_WORKSHOP_SETTINGS = {
    "approve_ideas",
    "results_hidden",
    "extra_time_percent",
    "board_view",
    "board_rank",
    "capacity",
    "door_locked",
    "phone_timer",
    "quiet_on_board",
}
_QUESTION_FIELDS = {
    "text",
    "easy_read",
    "kind",
    "position",
    "timer_seconds",
    "timer_started_at",
    "timer_elapsed_ms",
    "closing_warned_at",
    "vote_on",
}
_IDEA_FIELDS = {
    "text",
    "original_text",
    "status",
    "merged_into",
    "priority",
    "outcome_kind",
    "strategic_outcome",
    "care_act_theme",
    "answer_kind",
    "experts_value",
}


def _update(db, table, allowed, row_id, fields):
    unknown = set(fields) - allowed
    if unknown or not fields:
        raise ValueError(f"cannot update {table} columns {sorted(unknown) or 'none'}")
    names = sorted(fields)
    assignments = ", ".join(f"{name} = ?" for name in names)
    db.conn.execute(
        f"UPDATE {table} SET {assignments} WHERE id = ?",
        [fields[name] for name in names] + [row_id],
    )


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


def has_standing_vote_in_group(db, participant_id, idea_id):
    """True if the participant has a standing vote on the idea or one merged into it.

    One statement on the (participant, idea) unique index: reading every vote
    on the group instead grew with the idea's votes, inside the group commit.
    """
    return (
        db.conn.execute(
            "WITH RECURSIVE grp(id) AS (SELECT ? UNION ALL"
            " SELECT i.id FROM ideas i JOIN grp ON i.merged_into = grp.id)"
            " SELECT 1 FROM votes WHERE participant_id = ? AND withdrawn_at IS NULL"
            " AND idea_id IN (SELECT id FROM grp) LIMIT 1",
            (idea_id, participant_id),
        ).fetchone()
        is not None
    )


def withdraw_votes_on(db, idea_ids):
    """Take back every standing vote on these ideas; return how many."""
    ids = list(idea_ids)
    return db.conn.execute(
        f"UPDATE votes SET withdrawn_at = ? WHERE withdrawn_at IS NULL AND idea_id IN"
        f" ({', '.join('?' * len(ids))})",
        [now(), *ids],
    ).rowcount


def idea_roots(db, workshop_id):
    """{idea_id: the shown idea its votes count for} for every idea of a workshop."""
    return dict(db.conn.execute(_ROOTS + " SELECT id, root FROM roots", (workshop_id,)).fetchall())
