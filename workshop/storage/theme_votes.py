"""Dots on accepted themes (issue 22 item 5; migration in schema.py).

Kept as idea votes are (storage/db.py): once per client id, a withdrawn vote
stays as a row so a replayed send of it is recognised, and the schema refuses
a second standing dot on one theme or one past the budget.
"""

from .connection import now

_COLUMNS = (
    "id",
    "workshop_id",
    "question_id",
    "theme_id",
    "participant_id",
    "voter_role",
    "client_id",
    "created_at",
    "withdrawn_at",
)


def _row(values):
    return dict(zip(_COLUMNS, values, strict=True)) if values else None


def insert(db, *, workshop_id, question_id, theme_id, participant_id, voter_role, client_id):
    return db.conn.execute(
        "INSERT INTO theme_votes (workshop_id, question_id, theme_id, participant_id,"
        " voter_role, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (workshop_id, question_id, theme_id, participant_id, voter_role, client_id, now()),
    ).lastrowid


def by_client_id(db, workshop_id, client_id):
    """The theme vote a client already sent under this id, or None."""
    return _row(
        db.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM theme_votes"
            " WHERE workshop_id = ? AND client_id = ?",
            (workshop_id, client_id),
        ).fetchone()
    )


def withdraw(db, vote_ids):
    """Take votes back (those still standing)."""
    ids = list(vote_ids)
    if ids:
        db.conn.execute(
            f"UPDATE theme_votes SET withdrawn_at = ? WHERE withdrawn_at IS NULL"
            f" AND id IN ({', '.join('?' * len(ids))})",
            [now(), *ids],
        )


def move(db, vote_id, theme_id):
    db.conn.execute("UPDATE theme_votes SET theme_id = ? WHERE id = ?", (theme_id, vote_id))


def standing(db, workshop_id, question_id=None):
    """Every standing theme vote of a workshop (or one question), oldest first."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM theme_votes WHERE workshop_id = ?"
    params = [workshop_id]
    if question_id is not None:
        sql += " AND question_id = ?"
        params.append(question_id)
    rows = db.conn.execute(sql + " AND withdrawn_at IS NULL ORDER BY id", params)
    return [_row(r) for r in rows]


def mine(db, participant_id):
    """A participant's standing theme votes: [{"id", "question_id", "theme_id", "client_id"}]."""
    rows = db.conn.execute(
        "SELECT id, question_id, theme_id, client_id FROM theme_votes"
        " WHERE participant_id = ? AND withdrawn_at IS NULL ORDER BY id",
        (participant_id,),
    )
    return [dict(zip(("id", "question_id", "theme_id", "client_id"), r, strict=True)) for r in rows]


def all_rows(db, workshop_id):
    """Every theme vote of a workshop, standing and withdrawn (the archive)."""
    rows = db.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM theme_votes WHERE workshop_id = ? ORDER BY id",
        (workshop_id,),
    )
    return [_row(r) for r in rows]


def restore(db, rows):
    """Write archived theme votes back (ids already mapped)."""
    db.conn.executemany(
        "INSERT INTO theme_votes (workshop_id, question_id, theme_id, participant_id,"
        " voter_role, client_id, created_at, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r["workshop_id"],
                r["question_id"],
                r["theme_id"],
                r["participant_id"],
                r["voter_role"],
                r["client_id"],
                r["created_at"],
                r["withdrawn_at"],
            )
            for r in rows
        ],
    )


def follow(db, workshop_id, question_id, before, after):
    """After a question's themes changed from `before` to `after` (lists of {"id",
    "ideas"}): the votes on a theme that is gone follow its ideas to the theme now
    holding most of them (a merge); a person who already has a dot there gets
    this one back, as they do when no theme holds its ideas (a new list). A theme
    that keeps its id (a rename, a move, the part of a split keeping its name)
    keeps its votes. Returns {old theme id: new theme id} for the votes that moved.
    """
    kept = {t["id"] for t in after}
    where = {i: t["id"] for t in after for i in t["ideas"]}
    gone = {t["id"]: t["ideas"] for t in before if t["id"] not in kept}
    moved, back = {}, []
    if not gone:
        return moved
    votes = standing(db, workshop_id, question_id)
    holding = {(v["participant_id"], v["theme_id"]) for v in votes}
    for vote in votes:
        if vote["theme_id"] not in gone:
            continue
        counts = {}
        for idea in gone[vote["theme_id"]]:
            if idea in where:
                counts[where[idea]] = counts.get(where[idea], 0) + 1
        # The most of its ideas; of equals, the theme first in the list.
        order = [t["id"] for t in after]
        target = min(counts, key=lambda t: (-counts[t], order.index(t))) if counts else None
        if target is None or (vote["participant_id"], target) in holding:
            back.append(vote["id"])
            continue
        move(db, vote["id"], target)
        holding.add((vote["participant_id"], target))
        moved[vote["theme_id"]] = target
    withdraw(db, back)
    return moved
