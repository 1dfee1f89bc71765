"""Provisional Social Value outcomes: the Analyse ideas carried into the Plan stage."""

from .connection import now

_FIELDS = {"text", "position", "easy_read"}


def insert_outcome(
    db,
    *,
    workshop_id,
    source_idea_id,
    text,
    position,
    carried_why=None,
    chosen_by=None,
    source_theme=None,
    source_question_id=None,
    idea_ids=(),
):
    """Add a provisional Social Value outcome carried into the Plan stage.

    `carried_why` is JSON text: the idea's (or theme's) places when it was
    chosen. An outcome carried from a theme names it (`source_theme`, its
    question) and keeps the theme's ideas of that moment (`idea_ids`).
    """
    row = {
        "workshop_id": workshop_id,
        "source_idea_id": source_idea_id,
        "text": text,
        "position": position,
        "created_at": now(),
        "carried_why": carried_why,
        "chosen_by": chosen_by,
        "source_theme": source_theme,
        "source_question_id": source_question_id,
    }
    outcome_id = db["provisional_outcomes"].insert(row).last_pk
    db["outcome_ideas"].insert_all(
        {"workshop_id": workshop_id, "outcome_id": outcome_id, "idea_id": idea, "position": k}
        for k, idea in enumerate(idea_ids, start=1)
    )
    return outcome_id


def ideas_of_outcomes(db, workshop_id):
    """{outcome id: [idea ids]}: the ideas of the theme each outcome was carried from."""
    result = {}
    for outcome_id, idea_id in db.conn.execute(
        "SELECT outcome_id, idea_id FROM outcome_ideas WHERE workshop_id = ?"
        " ORDER BY outcome_id, position, id",
        [workshop_id],
    ):
        result.setdefault(outcome_id, []).append(idea_id)
    return result


def outcomes_of(db, workshop_id):
    """A workshop's provisional outcomes in order."""
    return list(
        db["provisional_outcomes"].rows_where(
            "workshop_id = ?", [workshop_id], order_by="position, id"
        )
    )


def outcome_by_id(db, outcome_id):
    """One provisional outcome, or None."""
    return next(db["provisional_outcomes"].rows_where("id = ?", [outcome_id]), None)


def update_outcome(db, outcome_id, **fields):
    """Reword or move a provisional outcome."""
    if not fields or set(fields) - _FIELDS:
        raise ValueError(f"provisional_outcomes: cannot set {sorted(set(fields) - _FIELDS)}")
    db["provisional_outcomes"].update(outcome_id, fields)


def delete_outcome(db, outcome_id):
    """Remove a provisional outcome nobody has answered about yet."""
    db["provisional_outcomes"].delete_where("id = ?", [outcome_id])


def answers_about(db, outcome_id):
    """How many ideas answer a plan question about this outcome."""
    return db["ideas"].count_where("outcome_id = ?", [outcome_id])
