"""The request's database connection and the one way to write."""

from flask import current_app, g, request

from ..room.errors import WorkshopError
from ..room.rules import Change
from ..storage.group_commit import Closed
from .live import publish


class Stopping(WorkshopError):
    """A write sent once the server has begun to stop: refused, nothing written."""

    status = 503
    code = "stopping"


def _run(write, *args, **kwargs):
    try:
        return current_app.extensions["group_commit"].run(write, *args, **kwargs)
    except Closed as error:
        raise Stopping(str(error)) from None


def get_db():
    """The request's database connection, taken from the pool on first use."""
    if "db" not in g:
        g.db = current_app.extensions["db_pool"].acquire()
    return g.db


def base_url():
    """The public base URL: configured, else the address this request came to."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def close_db(exception=None):
    """Hand the request's connection back to the pool, if it took one."""
    db = g.pop("db", None)
    if db is not None:
        current_app.extensions["db_pool"].release(db)


def hand_back_db(db):
    """Hand the request's connection back early, before a wait that reads nothing after.

    A vote waits for its group commit with nothing left to read (its reply is
    read by the writer): holding the connection through that wait kept a
    burst's sixteen busy, and each that came back had missed commits, so its
    next read started by reading its pages again (WAL empties a connection's
    cache when another has committed). Handed back at once, the few in use
    stay warm between commits.
    """
    if g.get("db") is db:
        close_db()


def commit(workshop, write, *args, ahead=False, **kwargs):
    """Run a domain write in the next group commit; return its result once committed.

    Every write, an attendee's or a facilitator's, goes this way. Its events
    are published by the writer right after COMMIT, in commit order. `ahead`
    puts it in front of the votes waiting (storage/group_commit.py).
    """
    pump, chains = current_app.extensions["tally_pump"], current_app.extensions["chains"]

    def after(result):
        # A join returns (change, token), a write with its reply (change, reply)
        # (actions.Action.reply_in_write); every other write returns its Change.
        change = result if isinstance(result, Change) else result[0]
        publish(pump, chains, workshop["id"], change.events, change.retally)

    return _run(write, *args, after=after, ahead=ahead, **kwargs)


def commit_new(write, *args, **kwargs):
    """Run a write that creates a workshop in the next group commit.

    No room exists yet, so there is nothing to publish.
    """
    return _run(write, *args, **kwargs)
