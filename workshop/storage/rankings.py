"""The ranking kind's rows: a question's short list, and each person's order of it."""

import json

from .connection import now


def insert_options(db, *, workshop_id, question_id, options):
    """Store a ranking question's list, in the order it was given."""
    db["ranking_options"].insert_all(
        {
            "workshop_id": workshop_id,
            "question_id": question_id,
            "position": n,
            "text": o["text"],
            "easy_read": o.get("easy_read"),
            "outcome_id": o.get("outcome_id"),
        }
        for n, o in enumerate(options, start=1)
    )


def options_of(db, workshop_id):
    """{question id: [options in list order]} for every ranking question of a workshop.

    An item made from a provisional outcome says the outcome's words now (and its
    easy-read wording, or none): rewording the outcome rewords the item everywhere,
    and the orders already given stay on the same item. The stored copy is only
    for an outcome since gone (an archive restored without it)."""
    result = {}
    for row in db.conn.execute(
        "SELECT r.id, r.question_id, COALESCE(o.text, r.text),"
        " CASE WHEN o.id IS NULL THEN r.easy_read ELSE o.easy_read END, r.outcome_id"
        " FROM ranking_options r LEFT JOIN provisional_outcomes o ON o.id = r.outcome_id"
        " WHERE r.workshop_id = ? ORDER BY r.question_id, r.position, r.id",
        [workshop_id],
    ):
        option = {"id": row[0], "text": row[2], "easy_read": row[3], "outcome_id": row[4]}
        result.setdefault(row[1], []).append(option)
    return result


def lists_with_outcome(db, outcome_id):
    """The ids of the ranking questions whose list holds this provisional outcome."""
    return [
        row[0]
        for row in db.conn.execute(
            "SELECT DISTINCT question_id FROM ranking_options WHERE outcome_id = ?"
            " ORDER BY question_id",
            [outcome_id],
        )
    ]


def save_ranking(db, *, workshop_id, question_id, participant_id, role, option_ids):
    """Keep a person's latest order of a question's list (most important first)."""
    db.conn.execute(
        "INSERT INTO rankings (workshop_id, question_id, participant_id, role, option_ids,"
        " ranked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_id, participant_id)"
        " DO UPDATE SET role = excluded.role, option_ids = excluded.option_ids,"
        " ranked_at = excluded.ranked_at",
        [workshop_id, question_id, participant_id, role, json.dumps(option_ids), now()],
    )


def rankings_of(db, workshop_id, question_id=None):
    """Every order given in a workshop (or on one question): {question_id, participant_id,
    role, option_ids}, oldest first."""
    sql = "SELECT question_id, participant_id, role, option_ids FROM rankings WHERE workshop_id = ?"
    params = [workshop_id]
    if question_id is not None:
        sql += " AND question_id = ?"
        params.append(question_id)
    return [
        {"question_id": q, "participant_id": p, "role": r, "option_ids": json.loads(o)}
        for q, p, r, o in db.conn.execute(sql + " ORDER BY id", params)
    ]
