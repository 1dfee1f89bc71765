"""Quiet signals (issue 25): "I need more time" and "I don't understand",
one row per person, kind and question; only their counts leave this module."""

from .connection import now


def add(db, workshop_id, question_id, participant_id, kind):
    """Note one signal; True if this person had not sent it on this question."""
    return (
        db.conn.execute(
            "INSERT OR IGNORE INTO quiet_signals"
            " (workshop_id, question_id, participant_id, kind, created_at) VALUES (?, ?, ?, ?, ?)",
            (workshop_id, question_id, participant_id, kind, now()),
        ).rowcount
        == 1
    )


def counts(db, workshop_id):
    """{question_id: {kind: people}} for the workshop."""
    found = {}
    for question_id, kind, people in db.conn.execute(
        "SELECT question_id, kind, COUNT(*) FROM quiet_signals WHERE workshop_id = ?"
        " GROUP BY question_id, kind",
        (workshop_id,),
    ):
        found.setdefault(question_id, {})[kind] = people
    return found


def sent_by(db, participant_id):
    """[(question_id, kind)] a person has sent, for their phone after a reload."""
    return db.conn.execute(
        "SELECT question_id, kind FROM quiet_signals WHERE participant_id = ? ORDER BY id",
        (participant_id,),
    ).fetchall()
