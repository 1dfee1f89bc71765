"""Cold paths on sqlite-utils' Table API: purge, backup, and the archive.

These run a few times an event (ending, purging, exporting, restoring), so
they read the schema as it is rather than a hand-kept list of columns. Also
one lean read kept out of db.py (already past 600 lines): the ids of a
workshop's ideas, for catch-up's zero counts.
"""

import json
import sqlite3

from .connection import now

# Tables an archive carries; tables added by later migrations are carried
# only when they exist.
ARCHIVE_TABLES = (
    "questions",
    "participants",
    "ideas",
    "votes",
    "stories",
    "provisional_outcomes",
    "outcome_ideas",
    # The ranking kind (issue 21): a question's list, and each person's order of it.
    "ranking_options",
    "rankings",
)


def tables_with_workshop_rows(db):
    """Every table that holds rows belonging to a workshop (it has a workshop_id column)."""
    return [table.name for table in db.tables if "workshop_id" in table.columns_dict]


def workshop_row_counts(db, workshop_id):
    """{table: rows belonging to this workshop}, for purge reports and tests."""
    return {
        name: db[name].count_where("workshop_id = ?", [workshop_id])
        for name in tables_with_workshop_rows(db)
    }


def delete_workshop(db, workshop_id):
    """Delete a workshop and everything in it; True if it was there.

    ON DELETE CASCADE covers the tables that point at it; any table added
    later without a cascade is cleared explicitly first.
    """
    if not db["workshops"].count_where("id = ?", [workshop_id]):
        return False
    for name in tables_with_workshop_rows(db):
        db[name].delete_where("workshop_id = ?", [workshop_id])
    db["workshops"].delete_where("id = ?", [workshop_id])
    return True


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


def _archived(db, name):
    if name not in ARCHIVE_TABLES + ("workshops",):
        raise ValueError(f"not an archived table: {name}")
    return db[name]


def table_exists(db, name):
    """True once a migration has created the table."""
    return _archived(db, name).exists()


def rows_of(db, name, workshop_id):
    """Every row of one of a workshop's tables, in id order ([] if the table is absent)."""
    table = _archived(db, name)
    if not table.exists():
        return []
    return [dict(row) for row in table.rows_where("workshop_id = ?", [workshop_id], order_by="id")]


def idea_ids(db, workshop_id, status=None):
    """The ids of a workshop's ideas (only those with `status`, if given), in id order."""
    sql, params = "SELECT id FROM ideas WHERE workshop_id = ?", [workshop_id]
    if status is not None:
        sql, params = sql + " AND status = ?", [*params, status]
    return [row[0] for row in db.conn.execute(sql + " ORDER BY id", params)]


def insert_row(db, name, values):
    """Insert an archived row, keeping only columns this schema has; return its id."""
    table = _archived(db, name)
    known = table.columns_dict
    return table.insert({k: v for k, v in values.items() if k in known}).last_pk


def restore_workshop(db, values):
    """Insert an archived workshop row (with a fresh key); return its id."""
    known = db["workshops"].columns_dict
    row = {k: v for k, v in values.items() if k in known and k != "id"}
    return db["workshops"].insert(row).last_pk


def set_reference(db, name, row_id, column, value):
    """Point a restored row at another restored row (a reference made in a second pass)."""
    table = _archived(db, name)
    if column not in table.columns_dict:
        raise ValueError(f"{name} has no column {column}")
    table.update(row_id, {column: value})


# Facilitation's cold paths (issue 11): a story's moderation, reopening after End.

STORY_MODERATION = {"status", "follow_up"}


def update_story(db, story_id, **fields):
    """Hide, restore or flag a story; its words are never changed."""
    if not fields or set(fields) - STORY_MODERATION:
        raise ValueError(f"cannot update stories columns {sorted(fields)}")
    db["stories"].update(story_id, fields)


BOARD_SETTINGS = {
    "board_seconds",
    "board_paused",
    "board_waiting",
    "spotlight_idea_id",
    "board_page",
    "board_page_at",
    "board_wording",
}


def update_board(db, workshop_id, **fields):
    """Set the board's paging pace, pause, waiting screen or spotlight."""
    if not fields or set(fields) - BOARD_SETTINGS:
        raise ValueError(f"cannot update workshops columns {sorted(fields)}")
    db["workshops"].update(workshop_id, fields)


def reopen_workshop(db, workshop_id):
    """Clear a workshop's end: attendees may join and write again."""
    db["workshops"].update(workshop_id, {"ended_at": None})


# The report's cross-role figures: who dotted what, counted once per person.
_ROOTS = (
    "WITH RECURSIVE roots(id, root) AS ("
    " SELECT id, id FROM ideas WHERE workshop_id = ? AND merged_into IS NULL"
    " UNION ALL SELECT i.id, roots.root FROM ideas i JOIN roots ON i.merged_into = roots.id)"
)


def supporters(db, workshop_id):
    """{idea_id: {role: people}}: distinct people with a standing vote on the idea.

    Merged duplicates count for their root, and someone who dotted both the
    duplicate and the idea it joined counts once.
    """
    sql = (
        _ROOTS + " SELECT roots.root AS idea_id, v.voter_role AS role,"
        " COUNT(DISTINCT v.participant_id) AS n FROM votes v JOIN roots ON roots.id = v.idea_id"
        " WHERE v.withdrawn_at IS NULL GROUP BY roots.root, v.voter_role"
    )
    result = {}
    for row in db.execute(sql, [workshop_id]).fetchall():
        result.setdefault(row[0], {})[row[1]] = row[2]
    return result


def question_support(db, workshop_id, question_id):
    """One question's standing votes, read for ranking (room/ranking.py) from its own
    votes only: ({idea_id: {role: votes}}, {idea_id: {role: people}}, {role: people who
    voted on the question}). The same counts as tallies, supporters and voters give."""
    roots = (
        "WITH RECURSIVE roots(id, root) AS ("
        " SELECT id, id FROM ideas WHERE workshop_id = ? AND question_id = ?"
        " AND merged_into IS NULL"
        " UNION ALL SELECT i.id, roots.root FROM ideas i JOIN roots ON i.merged_into = roots.id)"
    )
    joined = " FROM roots JOIN votes v ON v.idea_id = roots.id AND v.withdrawn_at IS NULL"
    params = [workshop_id, question_id]
    votes, people = {}, {}
    sql = roots + " SELECT roots.root, v.voter_role, COUNT(*), COUNT(DISTINCT v.participant_id)"
    for idea_id, role, n, distinct in db.execute(
        sql + joined + " GROUP BY roots.root, v.voter_role", params
    ).fetchall():
        votes.setdefault(idea_id, {})[role] = n
        people.setdefault(idea_id, {})[role] = distinct
    sql = roots + " SELECT v.voter_role, COUNT(DISTINCT v.participant_id)"
    by_role = dict(db.execute(sql + joined + " GROUP BY v.voter_role", params).fetchall())
    return votes, people, by_role


def question_people(db, workshop_id, question_id):
    """{idea id: {participant id: role}}: who stands behind each of a question's ideas
    (merged duplicates count for their root), for a theme's support, each person
    once (room/ranking.theme_supporters). Ids stay on the server."""
    sql = (
        "WITH RECURSIVE roots(id, root) AS ("
        " SELECT id, id FROM ideas WHERE workshop_id = ? AND question_id = ?"
        " AND merged_into IS NULL"
        " UNION ALL SELECT i.id, roots.root FROM ideas i JOIN roots ON i.merged_into = roots.id)"
        " SELECT roots.root, v.participant_id, v.voter_role FROM roots"
        " JOIN votes v ON v.idea_id = roots.id AND v.withdrawn_at IS NULL ORDER BY v.id"
    )
    result = {}
    for idea_id, person, role in db.execute(sql, [workshop_id, question_id]).fetchall():
        result.setdefault(idea_id, {})[person] = role
    return result


def voters(db, workshop_id):
    """{question_id: {role: people}}: distinct people with a standing vote on the question."""
    sql = (
        "SELECT question_id, voter_role, COUNT(DISTINCT participant_id) FROM votes"
        " WHERE workshop_id = ? AND withdrawn_at IS NULL GROUP BY question_id, voter_role"
    )
    result = {}
    for question_id, role, n in db.execute(sql, [workshop_id]).fetchall():
        result.setdefault(question_id, {})[role] = n
    return result


# Ending, retention and the report's title page


def set_workshop_ended(db, workshop_id):
    """Stamp the workshop as ended now; returns False if it had already ended."""
    cursor = db.conn.execute(
        "UPDATE workshops SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (now(), workshop_id)
    )
    return cursor.rowcount == 1


def expired_workshops(db, cutoff):
    """Workshops ended before `cutoff`, or never ended and untouched since it."""
    return [
        dict(row)
        for row in db.conn.execute(
            "SELECT w.id, w.code, w.title FROM workshops w WHERE"
            " (w.ended_at IS NOT NULL AND w.ended_at < :cutoff) OR (w.ended_at IS NULL AND"
            " COALESCE((SELECT MAX(e.at) FROM events e WHERE e.workshop_id = w.id), w.created_at)"
            " < :cutoff) ORDER BY w.id",
            {"cutoff": cutoff},
        )
    ]


def set_workshop_details(db, workshop_id, *, service, area, redactions):
    """Set what the report's title page says and the workshop's redaction list."""
    db["workshops"].update(
        workshop_id, {"service": service, "area": area, "redactions": json.dumps(list(redactions))}
    )


def workshop_row(db, workshop_id):
    """The workshop's raw row, JSON columns as stored."""
    return next(db["workshops"].rows_where("id = ?", [workshop_id]), None)
