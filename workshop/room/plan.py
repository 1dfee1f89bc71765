"""Carrying the Analyse stage into the Plan stage.

At the end of Analyse the facilitator picks the ideas the room ranked highest
and carries them forward as provisional Social Value outcomes. The Plan
stage's key questions are then asked about each one: an answer names the
outcome it is about, and on the risk questions gives a rating (low, medium,
high) with its reason as the text.
"""

import json

from ..storage import db as store
from ..storage import outcomes as outcome_rows
from ..storage import records
from . import rules
from .board import ranked
from .errors import Conflict, Invalid, NotFound
from .moderation import ideas_for
from .rules import RATINGS, Change, clean_text
from .shapes import public_outcome

OUTCOME_MAX = 500
SUGGEST_PER_QUESTION = 3
# Only the facilitator's console carries ideas forward (web/actions.py).
CHOSEN_BY = "facilitator"


def outcomes(db, workshop):
    """The workshop's provisional outcomes in order."""
    return [public_outcome(r) for r in outcome_rows.outcomes_of(db, workshop["id"])]


def _outcomes_event(db, workshop):
    return store.append_event(
        db, workshop["id"], "outcomes_changed", {"outcomes": outcomes(db, workshop)}
    )


def candidates(db, workshop):
    """Analyse-stage ideas on the board per question, in the fair cross-role order
    (room/ranking.py), each with its places in all three orderings; the top ones
    with votes are pre-selected."""
    with store.reading(db):
        return _candidates(db, workshop)


def _candidates(db, workshop):
    """candidates' reads and ranking, inside the caller's read or write transaction."""
    questions = [q for q in store.questions_of(db, workshop["id"]) if q["stage"] == "analyse"]
    ideas = ideas_for(db, workshop, "board")
    tallies = store.tallies(db, workshop["id"])
    supporters = records.supporters(db, workshop["id"])
    voters = records.voters(db, workshop["id"])
    carried = {o["source_idea_id"] for o in outcome_rows.outcomes_of(db, workshop["id"])}
    result = []
    for q in questions:
        rows = ranked(
            workshop,
            [i for i in ideas if i["question_id"] == q["id"]],
            tallies,
            "cross_role",
            voters.get(q["id"], {}),
            supporters,
        )
        for row in rows:
            row["carried"] = row["id"] in carried
            row["suggested"] = (
                row["rank"] <= SUGGEST_PER_QUESTION and row["votes"] > 0 and not row["carried"]
            )
        result.append({"question_id": q["id"], "text": q["text"], "ideas": rows})
    return result


def _why(db, workshop):
    """{idea id: JSON of its places (room, cross-role, experts), of how many, suggested or not}."""
    why = {}
    for entry in _candidates(db, workshop):
        total = len(entry["ideas"])
        for row in entry["ideas"]:
            why[row["id"]] = json.dumps(
                {
                    "room": row["room_rank"],
                    "cross_role": row["cross_rank"],
                    "experts": row["expert_rank"],
                    "of": total,
                    "votes": row["votes"],
                    "cross_role_score": row["cross_role"],
                    "suggested": row["suggested"],
                }
            )
    return why


def carry_forward(db, workshop, idea_ids):
    """Make provisional outcomes of these Analyse ideas, in this order (each only once)."""
    if (
        not isinstance(idea_ids, list)
        or not idea_ids
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in idea_ids)
        or len(set(idea_ids)) != len(idea_ids)
    ):
        raise Invalid("Choose at least one idea to carry into the Plan stage.")
    questions = {q["id"]: q for q in store.questions_of(db, workshop["id"])}
    existing = outcome_rows.outcomes_of(db, workshop["id"])
    carried = {o["source_idea_id"] for o in existing}
    why = _why(db, workshop)
    rows = []
    for idea_id in idea_ids:
        row = store.idea_by_id(db, idea_id)
        if not row or row["workshop_id"] != workshop["id"]:
            raise NotFound("There is no such idea in this workshop.")
        if row["status"] != "shown" or questions[row["question_id"]]["stage"] != "analyse":
            raise Conflict("Only Analyse-stage ideas on the board can be carried forward.")
        if row["id"] in carried:
            raise Conflict(f"“{row['text'][:60]}” is already a provisional outcome.")
        rows.append(row)
    with store.transaction(db):
        position = max((o["position"] for o in existing), default=0)
        for row in rows:
            position += 1
            outcome_rows.insert_outcome(
                db,
                workshop_id=workshop["id"],
                source_idea_id=row["id"],
                text=row["text"],
                position=position,
                carried_why=why.get(row["id"]),
                chosen_by=CHOSEN_BY,
            )
        event = _outcomes_event(db, workshop)
    return Change(outcomes(db, workshop), [event])


def edit_outcome(db, workshop, outcome_id, text):
    """Word a carried idea as an outcome."""
    row = rules.outcome(db, workshop, outcome_id)
    text = clean_text(text, OUTCOME_MAX, "outcome")
    with store.transaction(db):
        outcome_rows.update_outcome(db, row["id"], text=text)
        event = _outcomes_event(db, workshop)
    return Change(outcomes(db, workshop), [event])


def remove_outcome(db, workshop, outcome_id):
    """Drop a provisional outcome nobody has answered about yet."""
    row = rules.outcome(db, workshop, outcome_id)
    if outcome_rows.answers_about(db, row["id"]):
        raise Conflict("The room has already answered about this outcome, so it stays.")
    with store.transaction(db):
        outcome_rows.delete_outcome(db, row["id"])
        event = _outcomes_event(db, workshop)
    return Change(outcomes(db, workshop), [event])


def mark_answer(db, workshop, idea_id, answer_kind=None):
    """Mark a Plan answer as a specified requirement or an open question (None clears it).

    The framework asks bidders in both ways; which one an answer becomes is the
    facilitator's call, and the report prints it beside the answer.
    """
    row = store.idea_by_id(db, idea_id) if store.is_row_id(idea_id) else None
    if not row or row["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such answer in this workshop.")
    question = rules.question(db, workshop, row["question_id"])
    if question["stage"] != "plan" or question["kind"] == "risk":
        raise Invalid(
            "Only answers to the Plan stage's requirement and measure questions are marked.",
            code="not_plan_answer",
        )
    answer_kind = rules.tag(workshop, "answer_kinds", answer_kind, "answer_kind")
    if row["answer_kind"] == answer_kind:
        raise Invalid("The answer is already marked that way.", code="unchanged")
    with store.transaction(db):
        store.update_idea(db, row["id"], answer_kind=answer_kind)
        event = store.append_event(
            db,
            workshop["id"],
            "answer_marked",
            {"idea_id": row["id"], "answer_kind": answer_kind},
        )
    return Change(store.idea_by_id(db, row["id"]), [event])


def answers(workshop, ideas, tallies, outcome_rows, question_rows):
    """Plan answers grouped by outcome and question, with the risk ratings counted."""
    plan_questions = [q for q in question_rows if q["stage"] == "plan"]
    result = []
    for outcome in outcome_rows:
        entry = {"outcome": outcome, "questions": []}
        for q in plan_questions:
            rows = ranked(
                workshop,
                [
                    i
                    for i in ideas
                    if i["question_id"] == q["id"] and i["outcome_id"] == outcome["id"]
                ],
                tallies,
            )
            ratings = {r: sum(1 for i in rows if i["rating"] == r) for r in RATINGS}
            entry["questions"].append(
                {"question_id": q["id"], "kind": q["kind"], "answers": rows, "ratings": ratings}
            )
        result.append(entry)
    return result
