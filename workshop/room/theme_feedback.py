"""Themes as the attendees see them (issue 22 item 5, issue 24 item 2).

Phones get a question's accepted themes as every screen does (labels and the
ids of shown ideas: theming.accepted), and a person can say of their own idea "that is not what I
meant" of the theme it was put in: once per idea (only its author may), seen
by the facilitator. The approval queue groups waiting ideas by suggested
theme (`waiting_groups`) so the facilitator can approve a theme at a time.
"""

from ..storage import db as store
from ..storage import not_meant
from ..storage import themes as theme_rows
from . import themes
from .errors import Conflict, Forbidden, NotFound
from .rules import Change, question


def mine(db, participant):
    """A phone's own shown ideas, and those it said were not what it meant."""
    rows = not_meant.own_ideas(db, participant["id"])
    return {"ideas": [r[0] for r in rows], "not_meant": [r[0] for r in rows if r[1]]}


def said(db, workshop):
    """[{"idea_id", "question_id"}] the console lists as "not what I meant"."""
    return [{"idea_id": i, "question_id": q} for i, q in not_meant.said(db, workshop["id"])]


def _theme_of(db, workshop, idea):
    for theme in theme_rows.themes_of(db, workshop["id"], idea["question_id"]):
        if idea["id"] in theme["ideas"]:
            return theme
    return None


def not_what_i_meant(db, workshop, participant, *, idea_id):
    """The author of an idea says the theme it went into is not what they meant.

    Once per idea: a second tap (or a resend) changes nothing and is a duplicate.
    """
    found = store.idea_by_id(db, idea_id) if store.is_row_id(idea_id) else None
    if not found or found["workshop_id"] != workshop["id"] or found["status"] != "shown":
        raise NotFound("There is no such idea in this workshop.")
    if found["participant_id"] != participant["id"]:
        raise Forbidden("You can only say this about your own ideas.")
    theme = _theme_of(db, workshop, found)
    if theme is None:
        raise Conflict("Your idea is not in a theme yet.")
    result = {"idea_id": found["id"], "question_id": found["question_id"], "theme": theme["label"]}
    with store.transaction(db):
        if not not_meant.mark(db, found["id"]):
            return Change(result, duplicate=True)
        event = store.append_event(db, workshop["id"], "idea_not_meant", result)
    return Change(result, [event])


def waiting_groups(db, workshop, question_id):
    """The question's ideas waiting for approval, grouped by suggested theme:
    {"question_id", "groups": [{"label", "ideas": [ids]}], "message"}."""
    q = question(db, workshop, question_id)
    waiting = [
        {**i, "status": "shown"}
        for i in store.all_ideas_of(db, workshop["id"], q["id"])
        if i["status"] == "pending" and not i.get("merged_into")
    ]
    if not waiting:
        raise NotFound("No ideas are waiting on this question.")
    found = themes.suggest(waiting, workshop["framework"], (), q["text"])
    return {"question_id": q["id"], **found}
