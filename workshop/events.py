"""Socket.IO handlers: check who is asking, call the domain, broadcast, acknowledge.

Every message is authorised on its own, not only the connection: a phone's
socket cannot run a facilitator's action however it was opened. A write is
acknowledged only after it has been committed.
"""

from functools import wraps

from flask import current_app, session
from flask_socketio import ConnectionRefusedError, emit, join_room

from . import auth, contributions, facilitation, limits, state, stories, workshops
from . import db as store
from .app import commit, get_db
from .errors import Forbidden, Invalid, WorkshopError
from .live import console_room, publish, room, screens_room, socketio


@socketio.on("connect")
def on_connect(data=None):
    """Join a workshop's room as a phone, board or console; send a snapshot."""
    data = data if isinstance(data, dict) else {}
    db = get_db()
    try:
        workshop = workshops.get(db, data.get("code"))
        view = data.get("view")
        if view not in state.VIEWS:
            raise Invalid("view must be phone, board or console.", code="bad_view")
        participant = auth.current_participant(db, workshop) if view == "phone" else None
        if view == "console":
            auth.require_facilitator(workshop, key=data.get("key"))
            auth.remember_facilitator(workshop["code"])
    except WorkshopError as error:
        raise ConnectionRefusedError(error.to_dict()) from None
    session["viewer"] = {"code": workshop["code"], "view": view}
    # Join before reading, so nothing committed in between is missed (the
    # client drops anything it sees twice by its sequence number).
    join_room(room(workshop["id"]))
    if view != "phone":
        join_room(screens_room(workshop["id"]))
    if view == "console":
        join_room(console_room(workshop["id"]))
    since = data.get("since")
    if store.is_row_id(since) and since > 0:
        missed = state.catch_up(db, workshop, since, participant, view=view)
        if not missed["more"]:
            emit("caught_up", missed)
            return
    emit("snapshot", state.snapshot(db, workshop, view, participant))


def acknowledged(handler):
    """Run a handler for the connected workshop; its result, or the error, is the ack."""

    @wraps(handler)
    def wrapper(data=None):
        try:
            viewer = session.get("viewer")
            if not viewer:
                raise Forbidden("Connect to a workshop first.", code="not_connected")
            db = get_db()
            workshop = workshops.get(db, viewer["code"])
            return {"ok": True, **handler(db, workshop, data if isinstance(data, dict) else {})}
        except WorkshopError as error:
            return {"ok": False, "error": error.to_dict()}
        except Exception:
            current_app.logger.exception("socket handler %s failed", handler.__name__)
            return {"ok": False, "error": {
                "code": "server_error",
                "message": "Something went wrong on our side. Please try again.",
            }}

    return wrapper


def _broadcast(workshop, change):
    publish(current_app.extensions["tally_pump"], workshop["id"], change.events, change.retally)


def _participant(db, workshop):
    return auth.current_participant(db, workshop)


@socketio.on("catch_up")
@acknowledged
def on_catch_up(db, workshop, data):
    """Send the events after `since`, folded vote tallies, and whether more remain."""
    since = data.get("since", 0)
    if not store.is_row_id(since):
        raise Invalid("since must be a whole number.", code="bad_since")
    view = session["viewer"]["view"]
    participant = _participant(db, workshop) if view == "phone" else None
    return state.catch_up(db, workshop, since, participant, view=view)


@socketio.on("submit_idea")
@acknowledged
def on_submit_idea(db, workshop, data):
    """Add an idea to the open question, once per client_id."""
    participant = _participant(db, workshop)
    fields = {name: data.get(name) for name in contributions.IDEA_FIELDS}
    change = limits.throttled("idea", participant, lambda: commit(
        contributions.submit_idea, workshop, participant, **fields))
    _broadcast(workshop, change)
    return {"idea": change.value, "duplicate": change.duplicate,
            "awaiting_approval": change.value["status"] == "pending"}


@socketio.on("submit_story")
@acknowledged
def on_submit_story(db, workshop, data):
    """Keep a story with its quoting choice, once per client_id."""
    participant = _participant(db, workshop)
    fields = {name: data.get(name) for name in stories.STORY_FIELDS}
    change = limits.throttled("story", participant, lambda: stories.submit_story(
        db, workshop, participant, **fields))
    _broadcast(workshop, change)
    return {"story": change.value, "duplicate": change.duplicate}


@socketio.on("cast_vote")
@acknowledged
def on_cast_vote(db, workshop, data):
    """Put a dot on an idea, once per client_id."""
    participant = _participant(db, workshop)
    change = limits.throttled("vote", participant, lambda: commit(
        contributions.cast_vote, workshop, participant,
        idea_id=data.get("idea_id"), client_id=data.get("client_id")))
    _broadcast(workshop, change)
    mine = state.my_votes(db, workshop, participant, change.value["question_id"])
    return {"vote": change.value, "duplicate": change.duplicate, **mine}


@socketio.on("withdraw_vote")
@acknowledged
def on_withdraw_vote(db, workshop, data):
    """Take back the vote cast under client_id."""
    participant = _participant(db, workshop)
    change = limits.throttled("vote", participant, lambda: commit(
        contributions.withdraw_vote, workshop, participant, client_id=data.get("client_id")))
    _broadcast(workshop, change)
    mine = state.my_votes(db, workshop, participant, change.value["question_id"])
    return {"vote": change.value, "duplicate": change.duplicate, **mine}


@socketio.on("open_question")
@acknowledged
def on_open_question(db, workshop, data):
    """Open a question (facilitator only), closing the one that was open."""
    auth.require_facilitator(workshop)
    change = workshops.open_question(db, workshop, data.get("question_id"))
    _broadcast(workshop, change)
    return {"question": state.public_question(change.value)}


@socketio.on("close_question")
@acknowledged
def on_close_question(db, workshop, data):
    """Close the open question (facilitator only)."""
    auth.require_facilitator(workshop)
    change = workshops.close_question(db, workshop, data.get("question_id"))
    _broadcast(workshop, change)
    return {"question": state.public_question(change.value)}


# Console actions (issue 6): every one in facilitation.ACTIONS, facilitator only.


def _console_action(name):
    def handler(db, workshop, data):
        auth.require_facilitator(workshop)
        change, reply = facilitation.run(db, workshop, name, data)
        _broadcast(workshop, change)
        return reply

    handler.__name__ = f"on_{name}"
    handler.__doc__ = f"Console action {name} (see docs/API.md)."
    return handler


for _name in facilitation.ACTIONS:
    socketio.on_event(_name, acknowledged(_console_action(_name)))
