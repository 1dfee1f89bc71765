"""'That is not what I meant': when a person said the theme their idea was put
in is not what they meant (issue 22; a column of ideas, so the JSON archive
and `workshop import` carry it with the idea)."""

from .connection import now


def mark(db, idea_id):
    """Note it once; True if this is the first time."""
    return (
        db.conn.execute(
            "UPDATE ideas SET not_meant_at = ? WHERE id = ? AND not_meant_at IS NULL",
            (now(), idea_id),
        ).rowcount
        == 1
    )


def own_ideas(db, participant_id):
    """[(idea id, said it)] for a participant's shown ideas, oldest first."""
    return db.conn.execute(
        "SELECT id, not_meant_at IS NOT NULL FROM ideas"
        " WHERE participant_id = ? AND status = 'shown' ORDER BY id",
        (participant_id,),
    ).fetchall()


def said(db, workshop_id):
    """[(idea id, question id)] of the workshop's shown ideas whose authors said it."""
    return db.conn.execute(
        "SELECT id, question_id FROM ideas WHERE workshop_id = ? AND status = 'shown'"
        " AND not_meant_at IS NOT NULL ORDER BY id",
        (workshop_id,),
    ).fetchall()
