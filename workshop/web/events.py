"""Socket.IO handlers: check who is asking, call the domain, broadcast, acknowledge.

Every message is authorised on its own, not only the connection: a phone's
socket cannot run a facilitator's action however it was opened. A write is
acknowledged only after it has been committed.
"""

from functools import wraps

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, emit, join_room

from ..room import rules, workshops
from ..room.errors import Forbidden, Invalid, WorkshopError, error_dict
from ..storage import db as store
from . import actions, auth, bodies, limits, state
from .context import get_db
from .live import view_room


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
        # Whose socket this is, read before a key check gives a cookieless
        # console a session id of its own; counted last, once allowed (a
        # refused connect gets no disconnect to free its place).
        key = limits.socket_key(workshop, view, participant)
        if view == "console":
            auth.require_facilitator(workshop, key=data.get("key"))
            auth.remember_facilitator(workshop["code"])
        current_app.extensions["sockets"].opened(key, request.sid)
    except WorkshopError as error:
        # message, data: the client's connect_error then carries the error
        # object itself as `data` (docs/API.md), not a stringified dict.
        raise ConnectionRefusedError(error.message, error.to_dict()) from None
    try:
        _welcome(db, workshop, view, participant, data.get("since"))
    except BaseException:
        # A connect that fails past this point gets no disconnect either.
        current_app.extensions["sockets"].closed(request.sid)
        raise


def _welcome(db, workshop, view, participant, since):
    """Keep who this socket is, join its room and send what it missed."""
    # The participant is fixed for the connection: kept with the socket's
    # session, it is not looked up again for each of its messages.
    session["viewer"] = {"code": workshop["code"], "view": view, "participant": participant}
    # Join before reading, so nothing committed in between is missed (the
    # client drops anything it sees twice by its sequence number).
    join_room(view_room(workshop["id"], view))
    if store.is_row_id(since) and since > 0:
        missed = state.catch_up(db, workshop, since, participant, view=view)
        if not missed["more"]:
            emit("caught_up", missed)
            return
    emit("snapshot", state.snapshot(db, workshop, view, participant))


def on_disconnect(reason=None):
    """Free a closed socket's place in its session's count (limits.SocketCap)."""
    current_app.extensions["sockets"].closed(request.sid)


def acknowledged(handler):
    """Run a handler for the connected workshop; its result, or the error, is the ack."""

    @wraps(handler)
    def wrapper(data=None):
        try:
            viewer = session.get("viewer")
            if not viewer:
                raise Forbidden("Connect to a workshop first.", code="not_connected")
            if isinstance(data, dict) and data.get(bodies.UNREADABLE):
                raise Invalid(
                    "The message could not be read (nested too deep, or a number too long).",
                    code="bad_json",
                )
            db = get_db()
            workshop = workshops.get(db, viewer["code"])
            data = data if isinstance(data, dict) else {}
            return {"ok": True, **handler(db, workshop, viewer.get("participant"), data)}
        except WorkshopError as error:
            return {"ok": False, "error": error.to_dict()}
        except Exception:
            current_app.logger.exception("socket handler %s failed", handler.__name__)
            message = "Something went wrong on our side. Please try again."
            return {"ok": False, "error": error_dict("server_error", message)}

    return wrapper


@acknowledged
def on_catch_up(db, workshop, participant, data):
    """Send the events after `since`, folded vote tallies, and whether more remain."""
    since = rules.row_id(data.get("since", 0), "since", code="bad_since")
    return state.catch_up(db, workshop, since, participant, view=session["viewer"]["view"])


def _action(name):
    renews = actions.ACTIONS[name].renews_participant

    def handler(db, workshop, participant, data):
        change, reply = actions.dispatch(db, workshop, name, data, participant=participant)
        if renews:  # the socket's own copy of who it speaks for, kept current
            session["viewer"] = {**session["viewer"], "participant": change.value}
        return reply

    handler.__name__ = f"on_{name}"
    handler.__doc__ = f"Action {name} (docs/API.md), from the one action table."
    return acknowledged(handler)


_registered = set()


def register(socketio):
    """Attach the handlers: connect, catch-up, and one event per action of the table.

    Once per SocketIO object: every app the factory makes (one per test) shares it.
    """
    if id(socketio) in _registered:
        return
    _registered.add(id(socketio))
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    socketio.on_event("catch_up", on_catch_up)
    for name in actions.SOCKET_ACTIONS:
        socketio.on_event(name, _action(name))
