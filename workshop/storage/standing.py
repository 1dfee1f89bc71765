"""The reads that keep each question's standing votes up to date (room/standing.py):
the whole of them once, then only what the log says changed since.

Every read is by a key SQLite keeps in order (the log's (workshop, seq), the
votes' rowid, an idea's votes index), so a second's worth of changes costs
that second's rows, not the question's thousands of votes.
"""


def ideas(db, workshop_id):
    """(id, question id, merged into, status) of every idea of a workshop, in id order."""
    return db.conn.execute(
        "SELECT id, question_id, merged_into, status FROM ideas WHERE workshop_id = ? ORDER BY id",
        (workshop_id,),
    ).fetchall()


def ideas_by_id(db, idea_ids):
    """(id, question id, merged into, status) of these ideas."""
    ids = list(idea_ids)
    return db.conn.execute(
        "SELECT id, question_id, merged_into, status FROM ideas"
        f" WHERE id IN ({', '.join('?' * len(ids))})",
        ids,
    ).fetchall()


def votes(db, workshop_id):
    """(id, idea id, participant id, role) of every standing vote of a workshop."""
    return db.conn.execute(
        "SELECT id, idea_id, participant_id, voter_role FROM votes"
        " WHERE workshop_id = ? AND withdrawn_at IS NULL",
        (workshop_id,),
    ).fetchall()


def last_vote_id(db, workshop_id):
    """The highest id of a workshop's votes, withdrawn or standing (0 before any).

    A vote inserted later has a higher id: votes are never deleted one by one,
    so this one stays in the table and SQLite numbers new rows past it.
    """
    row = db.conn.execute(
        "SELECT MAX(id) FROM votes WHERE workshop_id = ?", (workshop_id,)
    ).fetchone()
    return row[0] or 0


def votes_after(db, workshop_id, vote_id):
    """(id, idea id, participant id, role, withdrawn) of the workshop's votes numbered
    past `vote_id`, in id order."""
    return db.conn.execute(
        "SELECT id, idea_id, participant_id, voter_role, withdrawn_at IS NOT NULL FROM votes"
        " WHERE id > ? AND workshop_id = ? ORDER BY id",
        (vote_id, workshop_id),
    ).fetchall()


def standing_ids(db, idea_ids):
    """The ids of the standing votes on these ideas (from the votes index alone)."""
    ids = list(idea_ids)
    return {
        row[0]
        for row in db.conn.execute(
            "SELECT id FROM votes WHERE withdrawn_at IS NULL"
            f" AND idea_id IN ({', '.join('?' * len(ids))})",
            ids,
        )
    }


def log_after(db, workshop_id, seq):
    """(seq, type, the idea id it names or None) of the workshop's events past `seq`.

    A vote's event names its idea as idea_id, a new idea's as idea.id.
    """
    return db.conn.execute(
        "SELECT seq, type, COALESCE(json_extract(data, '$.idea_id'),"
        " json_extract(data, '$.idea.id')) FROM events WHERE workshop_id = ? AND seq > ?"
        " ORDER BY seq",
        (workshop_id, seq),
    ).fetchall()


def last_seq(db, workshop_id):
    """The workshop's latest sequence number (0 before any event)."""
    row = db.conn.execute(
        "SELECT MAX(seq) FROM events WHERE workshop_id = ?", (workshop_id,)
    ).fetchone()
    return row[0] or 0
