"""Live updates over Flask-SocketIO: a room per kind of screen of each workshop.

Committed events and vote tallies leave through one outbox per process (the
pump): at once when the room is quiet, coalesced under load. Votes are never
sent one by one: a push carries only the ideas whose counts changed.
"""

import threading
import time

from ..storage import db as store
from .sockets import LeanSocketIO
from .state import TALLY_EVENTS, VIEWS, audience, tally_view

socketio = LeanSocketIO()


def view_room(workshop_id, view):
    """The room of one kind of screen (phones, boards or consoles): each screen joins
    one, and everything live, events and tallies, goes to these."""
    return f"{view}:{workshop_id}"


class TallyPump:
    """Each room's outbox: committed events and changed tallies, sent together.

    Events wait here in commit order; votes only mark their idea. When
    nothing was sent for `interval`, what is committed is sent at once, by
    the writer that committed it; otherwise the background task sends it
    when the interval is up, so under load sends are coalesced to one per
    interval, stretched to LOAD times the CPU the last send took so that
    fanning out never takes more than 1/LOAD of a core (CPU, not wall time:
    on a shared machine the wall time is mostly waiting for a CPU). While the
    room casts more than BUSY_RATE votes a second (a burst), sends are
    at least BUSY_FACTOR intervals apart: each send to every phone costs the
    same whatever it carries, and a burst's tallies need no more than five
    pushes a second (the Node baseline's fixed rate) to be read.
    Whatever is due goes to a room in one write per socket, events first and
    then the tallies read at that moment (wire.Broadcaster.send_batch).
    """

    IDLE_SECONDS = 10  # stop the background task after this long with nothing to send
    LOAD = 5
    BUSY_RATE = 100  # votes a second
    BUSY_FACTOR = 2

    def __init__(self, pool, interval):
        self.pool = pool
        self.interval = interval
        self.pause = interval
        self.last = 0.0
        self.votes = 0  # votes committed since the last send
        self.dirty = {}
        self.outbox = []
        self.lock = threading.Lock()
        self.sending = threading.Lock()
        self.wake = threading.Event()
        self.running = False

    def mark(self, workshop_id, idea_id):
        """Note a changed idea; its tally goes out with the room's next send."""
        with self.lock:
            self.dirty.setdefault(workshop_id, set()).add(idea_id)
            self.votes += 1

    def post(self, workshop_id, event, views):
        """Queue a committed event for some views, behind those committed before it."""
        with self.lock:
            self.outbox.append((workshop_id, event, views))

    def post_all_tallies(self, workshop_id):
        """Queue every count of a workshop (after results are revealed)."""
        with self.lock:
            self.outbox.append((workshop_id, None, VIEWS))

    def send_soon(self):
        """After a commit's events are all queued: send now if nothing went out for
        the interval (from the writer that committed), else when it is up.

        Once per commit, not per event, so a commit's events always leave
        together (a question closed and the next one opened reach a phone in
        one write, never a pause apart).
        """
        with self.lock:
            if not (self.outbox or self.dirty):
                return
            due = time.monotonic() >= self.last + self.pause
            start = not (due or self.running)
            self.running = self.running or start
        if due:
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
            started = time.thread_time()
            with self.lock:
                outbox, self.outbox = self.outbox, []
                dirty, self.dirty = self.dirty, {}
                votes, self.votes = self.votes, 0
            if not (outbox or dirty):
                return 0
            since = time.monotonic() - self.last
            # Each screen is in one view room: per room, the events in commit
            # order, then the counts read now; a room's run is one write.
            rooms = {}
            db = self.pool.acquire()
            try:
                for workshop_id, event, views in outbox:
                    if event is None:
                        message = ("tallies", _all_tallies(db, workshop_id))
                    else:
                        message = ("event", event)
                    for view in views:
                        rooms.setdefault(view_room(workshop_id, view), []).append(message)
                for workshop_id, idea_ids in dirty.items():
                    counts, views = _changed_tallies(db, workshop_id, idea_ids)
                    for view in views:
                        rooms.setdefault(view_room(workshop_id, view), []).append(counts)
            finally:
                self.pool.release(db)
            # The big screens first: a board is a few sockets, the phones thousands.
            order = sorted(rooms, key=lambda to: to.startswith("phone:"))
            socketio.server.manager.send_batch(
                [(name, data, to) for to in order for name, data in rooms[to]]
            )
            self.last = time.monotonic()
            busy = votes > self.BUSY_RATE * since
            floor = self.interval * (self.BUSY_FACTOR if busy else 1)
            self.pause = max(floor, self.LOAD * (time.thread_time() - started))
            return len(rooms)


def _changed_tallies(db, workshop_id, idea_ids):
    with store.reading(db):
        counts = tally_view(store.tallies(db, workshop_id, idea_ids))
        hidden = (store.workshop_by_id(db, workshop_id) or {}).get("results_hidden")
    for idea_id in idea_ids:
        counts.setdefault(str(idea_id), {"total": 0, "by_role": {}})
    # No sequence number: counts are read after events that may not have
    # reached the screen yet, so a seq here would be a claim about events the
    # push cannot keep (docs/API.md). While results are hidden only the
    # consoles hear the counts.
    return ("tallies", {"tallies": counts}), ("console",) if hidden else VIEWS


def _all_tallies(db, workshop_id):
    """On reveal, every screen gets every count at once."""
    with store.reading(db):
        counts = tally_view(store.tallies(db, workshop_id))
    return {"tallies": counts, "full": True}


class Chains:
    """The sequence number of the last event this process sent to each kind of screen.

    Each event goes out with `prev`, the last one the same kind of screen was
    sent before it, so a screen that has not seen `prev` knows it missed
    something and asks for the range (docs/API.md). The writer publishes in
    commit order (and the pump sends in that order), so within a process the
    chain has no holes; across processes (a message queue) it still tells a
    screen when to ask.
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
    """Queue committed events for the screens that hear them; votes mark tallies.

    `retally` names ideas whose counts a moderation step moved without a vote.
    """
    for event in events:
        if event["type"] in TALLY_EVENTS:
            pump.mark(workshop_id, event["data"]["idea_id"])
        for view in VIEWS:
            if view in audience(event["type"]):
                prev = chains.link(workshop_id, view, event["seq"])
                pump.post(workshop_id, {**event, "prev": prev}, (view,))
        if event["type"] == "results_revealed":
            pump.post_all_tallies(workshop_id)
    for idea_id in retally:
        pump.mark(workshop_id, idea_id)
    pump.send_soon()
