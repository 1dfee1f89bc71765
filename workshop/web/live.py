"""Live updates over Flask-SocketIO: one room per workshop.

Ideas and agenda changes go out as soon as they are committed. Votes are
coalesced: a room gets at most one tally push per interval, carrying only
the ideas whose counts changed, instead of one message per vote per phone.
"""

import threading

from flask_socketio import SocketIO

from ..room.state import TALLY_EVENTS, VIEWS, audience, tally_view
from ..storage import db as store

socketio = SocketIO()


def room(workshop_id):
    """The Socket.IO room every screen of a workshop joins."""
    return f"workshop:{workshop_id}"


def console_room(workshop_id):
    """The room only facilitators' consoles join."""
    return f"console:{workshop_id}"


def view_room(workshop_id, view):
    """The room of one kind of screen (phones, boards or consoles): events go here."""
    return f"{view}:{workshop_id}"


class TallyPump:
    """Collects which ideas changed and pushes their tallies a few times a second."""

    IDLE_TICKS = 50  # stop the background task after this many empty ticks

    def __init__(self, pool, interval):
        self.pool = pool
        self.interval = interval
        self.dirty = {}
        self.lock = threading.Lock()
        self.running = False

    def mark(self, workshop_id, idea_id):
        """Note a changed idea; start the pump lazily, never at import."""
        with self.lock:
            self.dirty.setdefault(workshop_id, set()).add(idea_id)
            if self.running:
                return
            self.running = True
        socketio.start_background_task(self._run)

    def _run(self):
        idle = 0
        while idle < self.IDLE_TICKS:
            socketio.sleep(self.interval)
            idle = 0 if self.flush() else idle + 1
        with self.lock:
            self.running = False
            pending = bool(self.dirty)
        if pending:  # a mark raced with shutdown
            self.flush()

    def flush(self):
        """Push one tally message per dirty room; return how many were sent."""
        with self.lock:
            batch, self.dirty = self.dirty, {}
        if not batch:
            return 0
        db = self.pool.acquire()
        try:
            for workshop_id, idea_ids in batch.items():
                with store.reading(db):
                    counts = tally_view(store.tallies(db, workshop_id, idea_ids))
                    hidden = (store.workshop_by_id(db, workshop_id) or {}).get("results_hidden")
                for idea_id in idea_ids:
                    counts.setdefault(str(idea_id), {"total": 0, "by_role": {}})
                # While results are hidden only the consoles hear the counts.
                to = console_room(workshop_id) if hidden else room(workshop_id)
                # No sequence number: counts are read after events that may
                # not have reached the screen yet, so a seq here would be a
                # claim about events the push cannot keep (docs/API.md).
                socketio.emit("tallies", {"tallies": counts}, to=to)
        finally:
            self.pool.release(db)
        return len(batch)


class Chains:
    """The sequence number of the last event this process sent to each kind of screen.

    Each event goes out with `prev`, the last one the same kind of screen was
    sent before it, so a screen that has not seen `prev` knows it missed
    something and asks for the range (docs/API.md). The writer publishes in
    commit order, so within a process the chain has no holes; across
    processes (a message queue) it still tells a screen when to ask.
    """

    def __init__(self):
        self.last = {}
        self.lock = threading.Lock()

    def link(self, workshop_id, view, seq):
        with self.lock:
            prev = self.last.get((workshop_id, view))
            if prev is None or seq > prev:
                self.last[(workshop_id, view)] = seq
        return prev


def publish(pump, chains, workshop_id, events, retally=()):
    """Broadcast committed events to the screens that hear them; votes go through the pump.

    `retally` names ideas whose counts a moderation step moved without a vote.
    """
    for event in events:
        if event["type"] in TALLY_EVENTS:
            pump.mark(workshop_id, event["data"]["idea_id"])
        for view in VIEWS:
            if view in audience(event["type"]):
                prev = chains.link(workshop_id, view, event["seq"])
                socketio.emit("event", {**event, "prev": prev}, to=view_room(workshop_id, view))
        if event["type"] == "results_revealed":
            _push_all_tallies(pump, workshop_id)
    for idea_id in retally:
        pump.mark(workshop_id, idea_id)


def _push_all_tallies(pump, workshop_id):
    """On reveal, every screen gets every count at once."""
    db = pump.pool.acquire()
    try:
        with store.reading(db):
            counts = tally_view(store.tallies(db, workshop_id))
    finally:
        pump.pool.release(db)
    socketio.emit("tallies", {"tallies": counts, "full": True}, to=room(workshop_id))
