"""What a screen needs to draw the room: a snapshot on connect, then catch-up."""

from ..room import (
    board,
    kinds,
    moderation,
    plan,
    quiet_signals,
    shapes,
    theme_feedback,
    theme_votes,
    theming,
)
from ..room.shapes import public_question, public_workshop, tally_view
from ..room.workshops import joins_per_minute, roster
from ..storage import db as store
from ..storage import records, waiting_list

VIEWS = ("phone", "board", "console")
# Votes reach screens as coalesced tallies, not one event per vote.
TALLY_EVENTS = frozenset({"vote_cast", "vote_withdrawn"})
# Dots on themes (issue 22 item 5) reach boards and consoles as their question's
# theme tallies, coalesced the same way (live.TallyPump).
THEME_TALLY_EVENTS = frozenset({"theme_vote_cast", "theme_vote_withdrawn"})
# Events only facilitators' consoles receive, live and on catch-up: an idea
# waiting for approval must not reach a board or a phone, nor the count of
# people waiting at the door.
# "That is not what I meant" is for the facilitator (issue 22), and so is a
# flip chart's photo (issue 25).
CONSOLE_EVENTS = frozenset(
    {"idea_pending", "door_waiting", "idea_not_meant", "photo_added", "transcript_set"}
)
# Phones draw no head count: a join is news for the big screens only (a join
# sent to every phone makes a hall's arrival cost grow with its square).
# A ranking's standing is for the big screens too; a phone holds only its own order.
# The board reading its question aloud is for the big screens too, and so are
# quiet signals' counts (issue 25): the phone that sent one has its reply.
SCREENS_EVENTS = frozenset(
    {
        "participant_joined",
        "participant_role_changed",
        "ranking_changed",
        "question_read_aloud",
        "quiet_signal",
    }
)
CATCH_UP_LIMIT = 500


def audience(event_type):
    """Which views hear of an event, live and on catch-up alike."""
    if event_type in TALLY_EVENTS or event_type in THEME_TALLY_EVENTS:
        return ()  # votes reach screens as tallies
    if event_type in CONSOLE_EVENTS:
        return ("console",)
    if event_type in SCREENS_EVENTS:
        return ("board", "console")
    return VIEWS


# The events that carry an idea's words, and under which keys.
IDEA_CARRIERS = {
    "idea_added": ("idea",),
    "idea_approved": ("idea",),
    "idea_restored": ("idea",),
    "idea_edited": ("idea",),
    "ideas_merged": ("idea",),
    "idea_unmerged": ("idea", "from"),
}


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
        # Accepted themes (shown ideas only): the board's themes view, the
        # console's panel, and the phone's list grouped by them (issue 22).
        themes = theming.accepted(db, workshop)
        joins = joins_per_minute(db, workshop) if view == "console" else None
        waiting = waiting_list.waiting_count(db, workshop["id"]) if view == "console" else None
        away = store.participant_count(db, workshop["id"], "outreach")
    result = {
        "seq": seq,
        "view": view,
        "workshop": public_workshop(workshop),
        "questions": questions,
        "ideas": ideas,
        "tallies": {} if board.counts_hidden(workshop, view) else tallies,
        "orders": _orders(db, workshop, view),
        "participants": sum(r["count"] for r in people),
        # Of them, through outreach: "in the room" on every screen counts them apart.
        "outreach_participants": away,
        "settings": shapes.settings_of(workshop),
        "results_hidden": bool(workshop.get("results_hidden")),
        "outcomes": outcomes,
        "server_time": store.now(),
    }
    result["themes"] = themes
    result["theme_tallies"] = _theme_tallies(db, workshop, view)
    if view == "console":
        result["roster"] = people
        result["joins_per_minute"] = joins
        result["waiting"] = waiting
    if participant:
        result["me"] = _me(db, workshop, participant, mine)
    result.update(_theme_snapshot(db, workshop, view, participant))
    with store.reading(db):
        result.update(kinds.snapshot(db, workshop, view, participant))
    return result


def _theme_snapshot(db, workshop, view, participant):
    """Issue 22: a phone's own ideas (which it said were not what it meant); a
    console's such ideas."""
    with store.reading(db):
        if view == "console":
            return {"not_meant": theme_feedback.said(db, workshop), **_quiet(db, workshop)}
        if view != "phone":
            return _quiet(db, workshop)
        if not participant:
            return {}
        # Issue 25: the quiet signals this phone sent, shown as sent after a reload.
        return {
            "my_ideas": theme_feedback.mine(db, participant),
            "my_quiet": quiet_signals.mine(db, participant),
        }


def _quiet(db, workshop):
    """Issue 25: the quiet signals' anonymous counts for a console and a board (which
    shows them only if the facilitator chose: settings' quiet_on_board)."""
    return {"quiet": quiet_signals.counts(db, workshop)}


def catch_up(db, workshop, since, participant=None, limit=CATCH_UP_LIMIT, view="phone"):
    """Events after `since` for one kind of screen (votes folded into fresh
    tallies); `more` if cut short.

    Only a console gets the console's own events, the log as written, and
    counts while results are hidden; boards and phones get each idea as it is
    now.
    """
    with store.reading(db):
        events = store.events_since(db, workshop["id"], since, limit + 1)
        tallies = tally_view(store.tallies(db, workshop["id"]))
        # Every idea the screen may know, zero included: a screen that merges
        # the map (as it does a push) must not keep a count that fell to none.
        known = records.idea_ids(db, workshop["id"], None if view == "console" else "shown")
        mine = _mine(db, workshop, participant)
        shown = None if view == "console" else _shown_now(db, workshop, events)
    for idea_id in known:
        tallies.setdefault(str(idea_id), {"total": 0, "by_role": {}})
    more = len(events) > limit
    events = events[:limit]
    replay = [e for e in events if view in audience(e["type"])]
    result = {
        "seq": events[-1]["seq"] if events else since,
        "more": more,
        "events": replay if shown is None else _replayed(replay, shown),
        "tallies": {} if board.counts_hidden(workshop, view) else tallies,
        "orders": _orders(db, workshop, view),
        "results_hidden": bool(workshop.get("results_hidden")),
        "server_time": store.now(),
    }
    result["theme_tallies"] = _theme_tallies(db, workshop, view)
    if participant:
        result["me"] = _me(db, workshop, participant, mine)
    return result


def _me(db, workshop, participant, mine):
    """A phone's own: its role, its dots on ideas and its dots on themes."""
    with store.reading(db):
        on_themes = theme_votes.mine(db, participant)
    return {"role": participant["role"], "votes": mine, "theme_votes": on_themes}


def _theme_tallies(db, workshop, view):
    """Dots on themes by question (issue 22 item 5), for the big screens only, and
    for a board not while results are hidden."""
    if view not in RANKING_VIEWS or board.counts_hidden(workshop, view):
        return {}
    with store.reading(db):
        return theme_votes.tallies(db, workshop)


# The screens that show ideas ranked; phones never do, so they are not sent the orders.
RANKING_VIEWS = ("board", "console")


def _orders(db, workshop, view):
    """Each question's orderings (room/ranking.py) for a board or console, {} otherwise
    (and {} for a board while results are hidden: an order says how the votes stand)."""
    if view not in RANKING_VIEWS or board.counts_hidden(workshop, view):
        return {}
    return board.orders(db, workshop)


def _replayed(events, shown):
    return [e for e in (_as_now(e, shown) for e in events) if e is not None]


def _shown_now(db, workshop, events):
    """The current board view of every shown idea the events mention, by id."""
    if not any(e["type"] in IDEA_CARRIERS for e in events):
        return {}
    return {idea["id"]: idea for idea in moderation.ideas_for(db, workshop, "board")}


def _as_now(event, shown):
    """An event replayed to a board or phone with each idea as it is now.

    The log keeps the words an idea had when the event happened; since then
    the facilitator may have hidden it or edited a name out. A replay carries
    the current shown view instead, or no idea at all if it is not shown now
    (an idea's own arrival is then not replayed: the later hide says the rest).
    """
    keys = IDEA_CARRIERS.get(event["type"])
    if not keys:
        return event
    data = dict(event["data"])
    for key in keys:
        current = shown.get((data.get(key) or {}).get("id"))
        if current is None:
            data.pop(key, None)
        else:
            data[key] = current
    if "idea" not in data and event["type"] not in ("ideas_merged", "idea_unmerged"):
        return None
    return {**event, "data": data}


def _mine(db, workshop, participant):
    """A phone's standing votes; `counts_for` is the shown idea each counts for
    (itself, or the idea it was merged into)."""
    if not participant:
        return None
    return store.votes_of(db, participant["id"])


def my_votes(db, workshop, participant, question_id):
    """A participant's standing votes and dots left on one question."""
    on_question = store.votes_of(db, participant["id"], question_id)
    return {"votes": on_question, "votes_left": workshop["vote_budget"] - len(on_question)}
