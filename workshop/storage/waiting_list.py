"""The waiting list at the door: arrivals the facilitator has not let in yet."""

from .connection import now
from .db import insert_participant


def _one(db, sql, params=()):
    row = db.conn.execute(sql, params).fetchone()
    return dict(row) if row else None


def _all(db, sql, params=()):
    return [dict(row) for row in db.conn.execute(sql, params)]


def insert_waiting(db, *, workshop_id, token, role, origin="room", supporter_role=None):
    """Put an arrival on a workshop's waiting list; return its id."""
    return db.conn.execute(
        "INSERT INTO waiting (workshop_id, token, role, origin, supporter_role, arrived_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (workshop_id, token, role, origin, supporter_role, now()),
    ).lastrowid


def waiting_by_token(db, token):
    """The waiting arrival holding this token, or None."""
    return _one(db, "SELECT * FROM waiting WHERE token = ?", (token,))


def waiting_count(db, workshop_id, before=None):
    """How many wait at a workshop's door (only those who arrived before id `before`)."""
    sql, params = "SELECT COUNT(*) AS n FROM waiting WHERE workshop_id = ?", [workshop_id]
    if before is not None:
        sql, params = sql + " AND id < ?", params + [before]
    return _one(db, sql, params)["n"]


def admit_waiting(db, workshop_id, most):
    """Let in up to `most` of those waiting, first come first in; return them as participants.

    Each keeps their token, so the phone that waited is the participant now.
    """
    rows = _all(
        db, "SELECT * FROM waiting WHERE workshop_id = ? ORDER BY id LIMIT ?", (workshop_id, most)
    )
    admitted = []
    for row in rows:
        participant_id = insert_participant(
            db,
            workshop_id=workshop_id,
            token=row["token"],
            role=row["role"],
            origin=row["origin"],
            supporter_role=row["supporter_role"],
        )
        db.conn.execute("DELETE FROM waiting WHERE id = ?", (row["id"],))
        admitted.append({"id": participant_id, "role": row["role"], "origin": row["origin"]})
    return admitted
