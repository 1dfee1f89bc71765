"""Carrying the Analyse stage into the Plan stage.

At the end of Analyse the facilitator picks the accepted themes (or single
ideas) the room ranked highest across the roles and carries them forward as
provisional Social Value outcomes, each then worded as an outcome with its
easy-read wording. An outcome carried from a theme keeps the theme's name,
its question and the ideas it held. The Plan
stage's key questions are then asked about each one: an answer names the
outcome it is about, and on the risk questions gives a rating (low, medium,
high) with its reason as the text.
"""

import json

from ..storage import db as store
from ..storage import outcomes as outcome_rows
from ..storage import rankings as ranking_rows
from ..storage import records
from ..storage import themes as theme_rows
from . import framework as fw
from . import kinds, ranking, rules, theme_votes
from .board import ranked
from .errors import Conflict, Invalid, NotFound
from .moderation import ideas_for
from .rules import Change, clean_text
from .shapes import public_outcome

OUTCOME_MAX = 500
SUGGEST_PER_QUESTION = 3
# After End nobody answers about an outcome: the outcomes stay as the room last
# saw them (what the report prints beside its answers) until the workshop reopens.
ENDED = (
    "The workshop has ended: the provisional outcomes stay as the room answered about "
    "them. Reopen the workshop in Room and report to change them."
)
# Only the facilitator's console carries ideas forward (web/actions.py).
CHOSEN_BY = "facilitator"


def outcomes(db, workshop):
    """The workshop's provisional outcomes in order; one carried from a theme lists
    the theme's ideas when it was carried ("ideas")."""
    ideas = outcome_rows.ideas_of_outcomes(db, workshop["id"])
    return [
        {**public_outcome(r), "ideas": ideas.get(r["id"], [])}
        for r in outcome_rows.outcomes_of(db, workshop["id"])
    ]


def _before_end(db, workshop):
    """Refuse a change to the outcomes once the workshop has ended. Read in the write:
    a console's request sent just before End still finds it ended."""
    if store.workshop_by_id(db, workshop["id"]).get("ended_at"):
        raise Conflict(ENDED, code="workshop_ended")


def _outcomes_event(db, workshop):
    return store.append_event(
        db, workshop["id"], "outcomes_changed", {"outcomes": outcomes(db, workshop)}
    )


def candidates(db, workshop):
    """Analyse-stage ideas on the board per question, in the fair cross-role order
    (room/ranking.py), each with its places in all three orderings; the top ones
    with votes are pre-selected, on a question without accepted themes."""
    with store.reading(db):
        return _candidates(db, workshop)


def _candidates(db, workshop):
    """candidates' reads and ranking, inside the caller's read or write transaction."""
    questions = [
        q
        for q in store.questions_of(db, workshop["id"])
        if q["stage"] == "analyse" and kinds.of(q).TAKES_IDEAS
    ]
    ideas = ideas_for(db, workshop, "board")
    tallies = store.tallies(db, workshop["id"])
    supporters = records.supporters(db, workshop["id"])
    voters = records.voters(db, workshop["id"])
    existing = outcome_rows.outcomes_of(db, workshop["id"])
    held = outcome_rows.ideas_of_outcomes(db, workshop["id"])  # read once, not once a question
    for o in existing:
        o["ideas"] = held.get(o["id"], [])
    carried = {o["source_idea_id"] for o in existing}
    result = []
    for q in questions:
        shown = [i for i in ideas if i["question_id"] == q["id"]]
        rows = ranked(workshop, shown, tallies, "cross_role", voters.get(q["id"], {}), supporters)
        themes = _theme_candidates(db, workshop, q, shown, voters.get(q["id"], {}), existing)
        for row in rows:
            row["carried"] = row["id"] in carried
            # A question with accepted themes is carried by its themes: no single idea of it
            # is suggested (the console ticks none, the report must not say "suggested").
            row["suggested"] = (
                not themes
                and row["rank"] <= SUGGEST_PER_QUESTION
                and row["votes"] > 0
                and not row["carried"]
            )
        result.append(
            {
                "question_id": q["id"],
                "text": q["text"],
                "vote_on": q.get("vote_on") or "ideas",
                "ideas": rows,
                "themes": themes,
            }
        )
    return result


def _theme_candidates(db, workshop, question, shown, voters, existing):
    """A question's accepted themes (shown ideas only) in the fair cross-role order
    of themes (ranking.rank_themes), each with its places and how many ideas.

    Where the room put its dots on the themes themselves (questions.vote_on),
    a theme is ranked by those dots, over the people who voted on the themes;
    otherwise by who dotted its ideas."""
    shown_ids = {i["id"] for i in shown}
    themes = []
    for row in theme_rows.themes_of(db, workshop["id"], question["id"]):
        members = [i for i in row["ideas"] if i in shown_ids]
        if members:
            themes.append({"id": row["id"], "label": row["label"], "ideas": members})
    if not themes:
        return []
    framework = workshop["framework"]
    on_themes = question.get("vote_on") == "themes"
    if on_themes:
        people = theme_votes.people(db, workshop, question["id"])
        voters = theme_votes.voters(db, workshop, question["id"], people)
    else:
        people = records.question_people(db, workshop["id"], question["id"])
    orders = ranking.rank_themes(
        themes,
        people,
        voters,
        fw.expert_roles(framework),
        fw.catch_all_roles(framework),
        on_themes=on_themes,
    )
    carried = _carried_themes(question, existing)
    rows = orders["cross_role"]
    for row in rows:
        row["divides"] = row["divides"] is not None
        row["cross_role"] = round(row["cross_role"], 4)
        row["room_rank"] = row["rank"]
        row["rank"] = row["cross_rank"]
        row["carried"] = (
            row["label"] in carried["labels"] or frozenset(row["ideas"]) in carried["ideas"]
        )
        row["suggested"] = (
            row["rank"] <= SUGGEST_PER_QUESTION and row["votes"] > 0 and not row["carried"]
        )
    return rows


def _carried_themes(question, existing):
    """The names and idea sets of a question's themes already carried (`existing`:
    the outcomes, each with its "ideas"): a theme renamed after it was carried still
    holds the same ideas, and is not carried twice."""
    mine = [o for o in existing if o.get("source_question_id") == question["id"]]
    return {
        "labels": {o["source_theme"] for o in mine},
        "ideas": {frozenset(o["ideas"]) for o in mine},
    }


def _places(row, total):
    return {
        "room": row["room_rank"],
        "cross_role": row["cross_rank"],
        "experts": row["expert_rank"],
        "of": total,
        "votes": row["votes"],
        "cross_role_score": row["cross_role"],
        "suggested": row["suggested"],
    }


def _why(db, workshop):
    """{idea id: JSON of its places (room, cross-role, experts), of how many, suggested or not}."""
    why = {}
    for entry in _candidates(db, workshop):
        total = len(entry["ideas"])
        for row in entry["ideas"]:
            why[row["id"]] = json.dumps(_places(row, total))
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
    _before_end(db, workshop)
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


def carry_themes(db, workshop, theme_ids):
    """Make provisional outcomes of these accepted themes, in this order (each only once).

    Each outcome starts worded as the theme's name, for the facilitator to
    word as an outcome (edit_outcome); it records the theme's places among
    its question's themes (why: "votes" there counts people, each once per
    theme), the theme's name and question, and the shown ideas it holds now.
    """
    if (
        not isinstance(theme_ids, list)
        or not theme_ids
        or not all(store.is_row_id(i) for i in theme_ids)
        or len(set(theme_ids)) != len(theme_ids)
    ):
        raise Invalid("Choose at least one theme to carry into the Plan stage.", code="bad_themes")
    _before_end(db, workshop)
    by_id = {}
    for entry in _candidates(db, workshop):
        for row in entry["themes"]:
            by_id[row["id"]] = (entry["question_id"], row, len(entry["themes"]))
    chosen = []
    for theme_id in theme_ids:
        found = theme_rows.theme_by_id(db, theme_id)
        if not found or found["workshop_id"] != workshop["id"]:
            raise NotFound("There is no such theme in this workshop.")
        if theme_id not in by_id:
            raise Conflict(
                "Only themes of an Analyse question with ideas on the board are carried."
            )
        if by_id[theme_id][1]["carried"]:
            raise Conflict(f"“{found['label']}” is already a provisional outcome.")
        chosen.append(by_id[theme_id])
    with store.transaction(db):
        position = max(
            (o["position"] for o in outcome_rows.outcomes_of(db, workshop["id"])), default=0
        )
        for question_id, row, total in chosen:
            position += 1
            why = {**_places(row, total), "ideas": row["ideas_count"], "theme": row["label"]}
            outcome_rows.insert_outcome(
                db,
                workshop_id=workshop["id"],
                source_idea_id=None,
                text=row["label"],
                position=position,
                carried_why=json.dumps(why),
                chosen_by=CHOSEN_BY,
                source_theme=row["label"],
                source_question_id=question_id,
                idea_ids=row["ideas"],
            )
        event = _outcomes_event(db, workshop)
    return Change(outcomes(db, workshop), [event])


def edit_outcome(db, workshop, outcome_id, text, easy_read=None):
    """Word a carried idea or theme as an outcome, and (if sent) its easy-read wording:
    phones in easy read show that. An empty easy_read clears it."""
    row = rules.outcome(db, workshop, outcome_id)
    _before_end(db, workshop)
    fields = {"text": clean_text(text, OUTCOME_MAX, "outcome")}
    if easy_read is not None:
        easy = easy_read.strip()
        fields["easy_read"] = clean_text(easy, OUTCOME_MAX, "easy-read wording") if easy else None
    with store.transaction(db):
        outcome_rows.update_outcome(db, row["id"], **fields)
        event = _outcomes_event(db, workshop)
    return Change(outcomes(db, workshop), [event])


def remove_outcome(db, workshop, outcome_id):
    """Drop a provisional outcome nobody has answered about yet; the rest close up
    (no "Outcome 1, Outcome 3")."""
    row = rules.outcome(db, workshop, outcome_id)
    _before_end(db, workshop)
    if outcome_rows.answers_about(db, row["id"]):
        raise Conflict("The room has already answered about this outcome, so it stays.")
    # A ranking question's list is made from the outcomes when it is added: the
    # room puts this one in order there, and the report prints that order.
    listed = ranking_rows.lists_with_outcome(db, row["id"])
    if listed:
        asked = store.question_by_id(db, listed[0])["text"]
        raise Conflict(
            f"This outcome is on the list of the ranking question “{asked[:80]}”, so it stays."
        )
    with store.transaction(db):
        outcome_rows.delete_outcome(db, row["id"])
        _number(db, [o["id"] for o in outcome_rows.outcomes_of(db, workshop["id"])])
        event = _outcomes_event(db, workshop)
    return Change(outcomes(db, workshop), [event])


def move_outcome(db, workshop, outcome_id, position):
    """Put a provisional outcome at `position` (1 is first): the order phones list
    them in, the board's lanes and the report follow."""
    row = rules.outcome(db, workshop, outcome_id)
    _before_end(db, workshop)
    order = [o["id"] for o in outcome_rows.outcomes_of(db, workshop["id"])]
    if not store.is_row_id(position) or not 1 <= position <= len(order):
        raise Invalid(
            f"Choose a place from 1 to {len(order)} for the outcome.", code="bad_position"
        )
    if order.index(row["id"]) + 1 == position:
        raise Invalid("The outcome is already in that place.", code="unchanged")
    order.remove(row["id"])
    order.insert(position - 1, row["id"])
    with store.transaction(db):
        _number(db, order)
        event = _outcomes_event(db, workshop)
    return Change(outcomes(db, workshop), [event])


def _number(db, order):
    """Number the outcomes 1, 2, 3... in `order` (ids)."""
    for place, outcome_id in enumerate(order, start=1):
        outcome_rows.update_outcome(db, outcome_id, position=place)


def mark_answer(db, workshop, idea_id, answer_kind=None):
    """Mark a Plan answer as a specified requirement or an open question (None clears it).

    The framework asks bidders in both ways; which one an answer becomes is the
    facilitator's call, and the report prints it beside the answer.
    """
    row = store.idea_by_id(db, idea_id) if store.is_row_id(idea_id) else None
    if not row or row["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such answer in this workshop.")
    question = rules.question(db, workshop, row["question_id"])
    if question["stage"] != "plan" or not kinds.of(question).MARKS_ANSWERS:
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
    """Plan answers grouped by outcome and question, with what their kind counts
    (a risk question's ratings)."""
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
            ratings = kinds.of(q).tally(rows)
            entry["questions"].append(
                {"question_id": q["id"], "kind": q["kind"], "answers": rows, "ratings": ratings}
            )
        result.append(entry)
    return result
