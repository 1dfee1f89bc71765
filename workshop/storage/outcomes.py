"""Provisional Social Value outcomes: the Analyse ideas carried into the Plan stage."""

from .connection import now

_FIELDS = {"text", "position"}


def insert_outcome(
    db, *, workshop_id, source_idea_id, text, position, carried_why=None, chosen_by=None
):
    """Add a provisional Social Value outcome carried into the Plan stage.

    `carried_why` is JSON text: the idea's places when it was chosen.
    """
    row = {
        "workshop_id": workshop_id,
        "source_idea_id": source_idea_id,
        "text": text,
        "position": position,
        "created_at": now(),
        "carried_why": carried_why,
        "chosen_by": chosen_by,
    }
    return db["provisional_outcomes"].insert(row).last_pk


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
