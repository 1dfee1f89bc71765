"""Live updates over Flask-SocketIO: one room per workshop.

Committed events and vote tallies leave through one outbox per process (the
pump): at once when the room is quiet, coalesced under load. Votes are never
sent one by one: a push carries only the ideas whose counts changed.
"""

import threading
import time

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
SCREENS_ONLY = frozenset({"participant_joined"})


class TallyPump:
    """Each room's outbox: committed events and changed tallies, sent together.

    Events wait here in commit order; votes only mark their idea. When
    nothing was sent for `interval`, what is committed is sent at once, by
    the writer that committed it; otherwise the background task sends it
    when the interval is up, so under load sends are coalesced to one per
    interval, stretched to LOAD times the cost of the last send so that
    fanning out never takes more than 1/LOAD of the time.
    Whatever is due goes to a room in one write per socket, events first and
    then the tallies read at that moment (wire.Broadcaster.send_batch).
    """

    IDLE_SECONDS = 10  # stop the background task after this long with nothing to send
    LOAD = 5

    def __init__(self, pool, interval):
        self.pool = pool
        self.interval = interval
        self.pause = interval
        self.last = 0.0
        self.dirty = {}
        self.outbox = []
        self.lock = threading.Lock()
        self.sending = threading.Lock()
        self.wake = threading.Event()
        self.running = False

    def mark(self, workshop_id, idea_id):
        """Note a changed idea; its tally goes out with the room's next send."""
        self._post(lambda: self.dirty.setdefault(workshop_id, set()).add(idea_id))

    def post(self, workshop_id, event, to):
        """Queue a committed event for a room, behind those committed before it."""
        self._post(lambda: self.outbox.append((workshop_id, event, to)))

    def post_all_tallies(self, workshop_id):
        """Queue every count of a workshop (after results are revealed)."""
        self._post(lambda: self.outbox.append((workshop_id, None, room(workshop_id))))

    def _post(self, add):
        with self.lock:
            add()
            due = time.monotonic() >= self.last + self.pause
            start = not (due or self.running)
            self.running = self.running or start
        if due:  # a quiet room: now, from the writer that committed it
            self.flush()
            return
        self.wake.set()
        if start:  # started lazily, never at import
            socketio.start_background_task(self._run)

    def _run(self):
        while True:
            if not self.wake.wait(self.IDLE_SECONDS):
                with self.lock:
                    if not (self.outbox or self.dirty):
                        self.running = False
                        return
                continue
            wait = self.last + self.pause - time.monotonic()
            if wait > 0:
                socketio.sleep(wait)
            self.wake.clear()
            self.flush()

    def flush(self):
        """Send everything queued; return how many rooms it went to."""
        with self.sending:  # one send at a time, so rooms get messages in commit order
            started = time.monotonic()
            with self.lock:
                outbox, self.outbox = self.outbox, []
                dirty, self.dirty = self.dirty, {}
            if not (outbox or dirty):
                return 0
            messages = []
            db = self.pool.acquire()
            try:
                for workshop_id, event, to in outbox:
                    if event is None:
                        messages.append(("tallies", _all_tallies(db, workshop_id), to))
                    else:
                        messages.append(("event", event, to))
                for workshop_id, idea_ids in dirty.items():
                    messages.append(_changed_tallies(db, workshop_id, idea_ids))
            finally:
                self.pool.release(db)
            socketio.server.manager.send_batch(messages)
            self.last = time.monotonic()
            self.pause = max(self.interval, self.LOAD * (self.last - started))
            return len({to for _, _, to in messages})


def _changed_tallies(db, workshop_id, idea_ids):
    with store.reading(db):
        seq = store.last_seq(db, workshop_id)
        counts = tally_view(store.tallies(db, workshop_id, idea_ids))
        hidden = (store.workshop_by_id(db, workshop_id) or {}).get("results_hidden")
    for idea_id in idea_ids:
        counts.setdefault(str(idea_id), {"total": 0, "by_role": {}})
    # While results are hidden only the consoles hear the counts.
    to = console_room(workshop_id) if hidden else room(workshop_id)
    return "tallies", {"seq": seq, "tallies": counts}, to


def _all_tallies(db, workshop_id):
    """On reveal, every screen gets every count at once."""
    with store.reading(db):
        seq = store.last_seq(db, workshop_id)
        counts = tally_view(store.tallies(db, workshop_id))
    return {"seq": seq, "tallies": counts, "full": True}


def publish(pump, workshop_id, events, retally=()):
    """Queue committed events for their rooms; votes mark tallies, joins go to the big screens.

    Console-only events (a pending idea) go to the consoles' room; `retally`
    names ideas whose counts a moderation step moved without a vote.
    """
    for event in events:
        if event["type"] in TALLY_EVENTS:
            pump.mark(workshop_id, event["data"]["idea_id"])
        elif event["type"] in CONSOLE_EVENTS:
            pump.post(workshop_id, event, console_room(workshop_id))
        elif event["type"] in SCREENS_ONLY:
            pump.post(workshop_id, event, screens_room(workshop_id))
        else:
            pump.post(workshop_id, event, room(workshop_id))
        if event["type"] == "results_revealed":
            pump.post_all_tallies(workshop_id)
    for idea_id in retally:
        pump.mark(workshop_id, idea_id)
