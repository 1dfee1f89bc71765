"""Stories: what attendees tell of their own experience, with whether it may be quoted."""

from .connection import now


def _one(db, sql, params=()):
    row = db.conn.execute(sql, params).fetchone()
    return dict(row) if row else None


def _all(db, sql, params=()):
    return [dict(row) for row in db.conn.execute(sql, params)]


_STORY_COLUMNS = (
    "id, workshop_id, question_id, participant_id, client_id, author_role, entered_by,"
    " text, may_quote, status, follow_up, created_at, origin"
)


def insert_story(
    db,
    *,
    workshop_id,
    question_id,
    participant_id,
    client_id,
    author_role,
    entered_by,
    text,
    may_quote,
    origin="room",
):
    """Insert a story; raises sqlite3.IntegrityError on a repeated client_id."""
    return db.conn.execute(
        "INSERT INTO stories (workshop_id, question_id, participant_id, client_id, author_role,"
        " entered_by, text, may_quote, created_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            workshop_id,
            question_id,
            participant_id,
            client_id,
            author_role,
            entered_by,
            text,
            1 if may_quote else 0,
            now(),
            origin,
        ),
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
    """A workshop's stories, oldest first (hidden or flagged ones only with include_hidden)."""
    sql = f"SELECT {_STORY_COLUMNS} FROM stories WHERE workshop_id = ?"
    if not include_hidden:
        sql += " AND status = 'shown' AND follow_up = 0"
    if quotable_only:
        sql += " AND may_quote = 1"
    return _all(db, sql + " ORDER BY id", (workshop_id,))
