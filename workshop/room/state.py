"""What a screen needs to draw the room: a snapshot on connect, then catch-up."""

from ..storage import db as store
from . import board, moderation, plan, shapes
from .shapes import public_question, public_workshop, tally_view
from .workshops import roster

VIEWS = ("phone", "board", "console")
# Votes reach screens as coalesced tallies, not one event per vote.
TALLY_EVENTS = frozenset({"vote_cast", "vote_withdrawn"})
# Events only facilitators' consoles receive, live and on catch-up: an idea
# waiting for approval must not reach a board or a phone.
CONSOLE_EVENTS = frozenset({"idea_pending"})
CATCH_UP_LIMIT = 500


def snapshot(db, workshop, view, participant=None):
    """Everything a screen draws, read at one instant, with the log position.

    Boards and phones see only shown ideas and, while results are hidden, no
    counts; consoles see every idea with its status.
    """
    with store.reading(db):
        seq = store.last_seq(db, workshop["id"])
        questions = [public_question(q) for q in store.questions_of(db, workshop["id"])]
        ideas = moderation.ideas_for(db, workshop, view)
        tallies = tally_view(store.tallies(db, workshop["id"]))
        people = roster(db, workshop)
        mine = _mine(db, workshop, participant)
        outcomes = plan.outcomes(db, workshop)
    result = {
        "seq": seq,
        "view": view,
        "workshop": public_workshop(workshop),
        "questions": questions,
        "ideas": ideas,
        "tallies": {} if board.counts_hidden(workshop, view) else tallies,
        "participants": sum(r["count"] for r in people),
        "settings": shapes.settings_of(workshop),
        "results_hidden": bool(workshop.get("results_hidden")),
        "outcomes": outcomes,
        "server_time": store.now(),
    }
    if view == "console":
        result["roster"] = people
    if participant:
        result["me"] = {"role": participant["role"], "votes": mine}
    return result


def catch_up(db, workshop, since, participant=None, limit=CATCH_UP_LIMIT, view=None):
    """Events after `since` (votes folded into fresh tallies); `more` if cut short.

    Only a console (view="console") gets the console's own events and counts
    while results are hidden.
    """
    with store.reading(db):
        events = store.events_since(db, workshop["id"], since, limit + 1)
        tallies = tally_view(store.tallies(db, workshop["id"]))
        mine = _mine(db, workshop, participant)
    more = len(events) > limit
    events = events[:limit]
    hidden = TALLY_EVENTS if view == "console" else TALLY_EVENTS | CONSOLE_EVENTS
    result = {
        "seq": events[-1]["seq"] if events else since,
        "more": more,
        "events": [e for e in events if e["type"] not in hidden],
        "tallies": {} if board.counts_hidden(workshop, view) else tallies,
        "results_hidden": bool(workshop.get("results_hidden")),
        "server_time": store.now(),
    }
    if participant:
        result["me"] = {"role": participant["role"], "votes": mine}
    return result


def _mine(db, workshop, participant):
    """A phone's standing votes; `counts_for` is the shown idea each counts for
    (itself, or the idea it was merged into)."""
    if not participant:
        return None
    votes = store.votes_of(db, participant["id"])
    roots = store.roots_of(db, {vote["idea_id"] for vote in votes})
    for vote in votes:
        vote["counts_for"] = roots.get(vote["idea_id"], vote["idea_id"])
    return votes


def my_votes(db, workshop, participant, question_id):
    """A participant's standing votes and dots left on one question."""
    on_question = [v for v in _mine(db, workshop, participant) if v["question_id"] == question_id]
    return {"votes": on_question, "votes_left": workshop["vote_budget"] - len(on_question)}
