"""Queries for before and after the day: the organiser's key, a workshop's
set-up, outreach windows and paper cards.

Cold paths (an organiser saves a form a few times an event), kept apart
from db.py's hot ones.
"""

import json

from .connection import now


def _one(db, sql, params=()):
    row = db.conn.execute(sql, params).fetchone()
    return dict(row) if row else None


def _update(db, table, row_id, fields):
    # Plain SQL, not the Table API's update: that commits, and these run
    # inside the group commit's transaction. Column names come from the
    # callers' fixed lists, never from a request.
    if not fields:
        return
    names = sorted(fields)
    db.conn.execute(
        f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
        [fields[n] for n in names] + [row_id],
    )


def organiser_key(db):
    """The server's organiser key, or None before the first one is made."""
    row = _one(db, "SELECT key FROM organiser WHERE id = 1")
    return row["key"] if row else None


def insert_organiser_key(db, key):
    """Keep the first organiser key made; a second process's attempt is ignored."""
    db.conn.execute(
        "INSERT OR IGNORE INTO organiser (id, key, created_at) VALUES (1, ?, ?)", (key, now())
    )


def replace_organiser_key(db, key):
    """Set the organiser key, keeping the saved join address."""
    db.conn.execute(
        "INSERT INTO organiser (id, key, created_at) VALUES (1, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET key = excluded.key",
        (key, now()),
    )


def public_url(db):
    """The join address saved for printed materials, or None."""
    row = _one(db, "SELECT public_url FROM organiser WHERE id = 1")
    return row["public_url"] if row else None


def set_public_url(db, url):
    """Save the join address (the organiser row is made with the server's first key)."""
    db.conn.execute("UPDATE organiser SET public_url = ? WHERE id = 1", (url,))


def set_setup(db, workshop_id, **fields):
    """Set the organiser's fields of a workshop (date, start, help, expected, Wi-Fi, easy read)."""
    allowed = {
        "event_date",
        "starts_at",
        "help_contact",
        "expected_roles",
        "expected_head_count",
        "wifi_name",
        "wifi_password",
        "easy_read_first",
    }
    fields = {k: v for k, v in fields.items() if k in allowed}
    if "expected_roles" in fields:
        fields["expected_roles"] = json.dumps(fields["expected_roles"])
    _update(db, "workshops", workshop_id, fields)


def set_outreach_window(db, workshop_id, opens_at, closes_at):
    """Open (or, with None, close) a workshop's outreach window."""
    _update(
        db,
        "workshops",
        workshop_id,
        {"outreach_opens_at": opens_at, "outreach_closes_at": closes_at},
    )


def set_outreach_questions(db, workshop_id, question_ids):
    """Mark exactly these questions as open for outreach."""
    db.conn.execute("UPDATE questions SET outreach = 0 WHERE workshop_id = ?", (workshop_id,))
    for question_id in question_ids:
        db.conn.execute(
            "UPDATE questions SET outreach = 1 WHERE id = ? AND workshop_id = ?",
            (question_id, workshop_id),
        )


def set_question_timing(db, question_id, minutes, break_after):
    """A question's planned minutes and the break after it, for the printed agenda."""
    _update(db, "questions", question_id, {"minutes": minutes, "break_after": break_after})


def idea_by_card(db, workshop_id, card_number):
    """The idea typed in from this paper card, or None."""
    return _one(
        db,
        "SELECT id, question_id FROM ideas WHERE workshop_id = ? AND card_number = ?",
        (workshop_id, card_number),
    )


def workshops_overview(db):
    """Every workshop for the organiser's list, newest first, with people and ideas counted."""
    rows = db.conn.execute(
        "SELECT w.id, w.code, w.title, w.service, w.area, w.event_date, w.starts_at,"
        " w.created_at, w.ended_at, w.outreach_opens_at, w.outreach_closes_at,"
        " w.facilitator_key,"
        " (SELECT COUNT(*) FROM participants p WHERE p.workshop_id = w.id) AS people,"
        " (SELECT COUNT(*) FROM participants p WHERE p.workshop_id = w.id"
        "   AND p.origin = 'outreach') AS outreach_people,"
        " (SELECT COUNT(*) FROM ideas i WHERE i.workshop_id = w.id) AS ideas,"
        " (SELECT COUNT(*) FROM questions q WHERE q.workshop_id = w.id"
        "   AND q.status = 'open') AS open_questions"
        " FROM workshops w ORDER BY w.id DESC"
    )
    return [dict(row) for row in rows]


def origin_counts(db, workshop_id):
    """{(origin, role): participants} for the report's who-took-part by origin."""
    rows = db.conn.execute(
        "SELECT origin, role, COUNT(*) AS n FROM participants WHERE workshop_id = ?"
        " GROUP BY origin, role",
        (workshop_id,),
    )
    return {(row["origin"], row["role"]): row["n"] for row in rows}


def paper_roles(db, workshop_id):
    """{role: paper cards} entered for this workshop."""
    rows = db.conn.execute(
        "SELECT author_role, COUNT(*) AS n FROM ideas WHERE workshop_id = ? AND origin = 'paper'"
        " GROUP BY author_role",
        (workshop_id,),
    )
    return {row["author_role"]: row["n"] for row in rows}
