"""Live updates over Flask-SocketIO: one room per workshop.

Ideas and agenda changes go out as soon as they are committed. Votes are
coalesced: a room gets at most one tally push per interval, carrying only
the ideas whose counts changed, instead of one message per vote per phone.
"""

import threading

from flask_socketio import SocketIO

from ..room.state import CONSOLE_EVENTS, TALLY_EVENTS, tally_view
from ..storage import db as store

socketio = SocketIO()


def room(workshop_id):
    """The Socket.IO room every screen of a workshop joins."""
    return f"workshop:{workshop_id}"


def console_room(workshop_id):
    """The room only facilitators' consoles join."""
    return f"console:{workshop_id}"


def screens_room(workshop_id):
    """The room of the big screens (board and consoles), which count the people in."""
    return f"screens:{workshop_id}"


# Phones draw no head count, and a join sent to every phone makes a hall's
# arrival cost grow with the square of its size (500 phones: 125,000 messages).
SCREENS_ONLY = frozenset({"participant_joined", "participant_role_changed"})


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
                    seq = store.last_seq(db, workshop_id)
                    counts = tally_view(store.tallies(db, workshop_id, idea_ids))
                    hidden = (store.workshop_by_id(db, workshop_id) or {}).get("results_hidden")
                for idea_id in idea_ids:
                    counts.setdefault(str(idea_id), {"total": 0, "by_role": {}})
                # While results are hidden only the consoles hear the counts.
                to = console_room(workshop_id) if hidden else room(workshop_id)
                socketio.emit("tallies", {"seq": seq, "tallies": counts}, to=to)
        finally:
            self.pool.release(db)
        return len(batch)


def publish(pump, workshop_id, events, retally=()):
    """Broadcast committed events; votes go through the pump, joins to the big screens.

    Console-only events (a pending idea) go to the consoles' room; `retally`
    names ideas whose counts a moderation step moved without a vote.
    """
    for event in events:
        if event["type"] in TALLY_EVENTS:
            pump.mark(workshop_id, event["data"]["idea_id"])
        elif event["type"] in CONSOLE_EVENTS:
            socketio.emit("event", event, to=console_room(workshop_id))
        elif event["type"] in SCREENS_ONLY:
            socketio.emit("event", event, to=screens_room(workshop_id))
        else:
            socketio.emit("event", event, to=room(workshop_id))
        if event["type"] == "results_revealed":
            _push_all_tallies(pump, workshop_id)
    for idea_id in retally:
        pump.mark(workshop_id, idea_id)


def _push_all_tallies(pump, workshop_id):
    """On reveal, every screen gets every count at once."""
    db = pump.pool.acquire()
    try:
        with store.reading(db):
            seq = store.last_seq(db, workshop_id)
            counts = tally_view(store.tallies(db, workshop_id))
    finally:
        pump.pool.release(db)
    socketio.emit("tallies", {"seq": seq, "tallies": counts, "full": True}, to=room(workshop_id))
