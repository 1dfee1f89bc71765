"""Live updates over Flask-SocketIO: a room per kind of screen of each workshop.

Committed events and vote tallies leave through one outbox per process (the
pump): at once when the room is quiet, coalesced under load. Votes are never
sent one by one: a push carries only the ideas whose counts changed.
"""

import gc
import threading
import time

from ..room import board, theme_votes
from ..storage import db as store
from .sockets import LeanSocketIO
from .state import RANKING_VIEWS, TALLY_EVENTS, THEME_TALLY_EVENTS, VIEWS, audience, tally_view

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
    on a shared machine the wall time is mostly waiting for a CPU; nor the
    garbage collector's: a full collection that falls in a send is not the
    send's cost, and stretched LOAD times it held every screen back 0.6 s,
    docs/PERFORMANCE.md). While the
    room casts more than BUSY_RATE votes a second (a burst), sends are
    at least BUSY_FACTOR intervals apart: each send to every phone costs the
    same whatever it carries, and a burst's tallies need no more than five
    pushes a second (the Node baseline's fixed rate) to be read.
    Whatever is due goes to a room in one write per socket, events first and
    then the tallies read at that moment (wire.Broadcaster.send_batch).

    The orders boards and consoles display (room/ranking.py) read every
    standing vote of a question, so they are worked out at most once per
    ORDER_SECONDS per workshop: the first change after a quiet spell brings
    them at once, with its counts; changes within the next ORDER_SECONDS send
    their counts as usual and their question's orders once, when it is up
    (a trailing push of counts and orders to boards and consoles only).
    """

    IDLE_SECONDS = 10  # stop the background task after this long with nothing to send
    LOAD = 5
    BUSY_RATE = 100  # votes a second
    BUSY_FACTOR = 2
    ORDER_SECONDS = 1.0

    def __init__(self, pool, interval):
        self.pool = pool
        self.interval = interval
        self.pause = interval
        self.last = 0.0
        self.votes = 0  # votes committed since the last send
        self.dirty = {}
        self.reorder = {}  # {workshop_id: ideas whose question's orders are owed}
        self.ordered = {}  # {workshop_id: when its orders were last worked out}
        self.outbox = []
        self.themes = {}  # {workshop_id: questions whose dots on themes changed}
        self.lock = threading.Lock()
        self.sending = threading.Lock()
        self.wake = threading.Event()
        self.running = False
        if _collecting not in gc.callbacks:
            gc.callbacks.append(_collecting)

    def mark(self, workshop_id, idea_id, vote=True, reorder=False):
        """Note a changed idea; its tally (and its question's orders) go out with the
        room's next send. `vote` False: shown ideas changed, no vote was cast;
        `reorder`: a facilitator's step, whose orders go with the next send even
        within ORDER_SECONDS of the last (a console action reaches the board at once)."""
        with self.lock:
            self.dirty.setdefault(workshop_id, set()).add(idea_id)
            self.votes += vote
            if reorder:
                self.ordered.pop(workshop_id, None)

    def mark_themes(self, workshop_id, question_id, vote=True):
        """Note a question whose theme tallies changed (issue 22 item 5): they go to
        boards and consoles with the room's next send, like idea tallies."""
        with self.lock:
            self.themes.setdefault(workshop_id, set()).add(question_id)
            self.votes += vote

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
            if not self._queued():
                return
            due = time.monotonic() >= self.last + self.pause
        if due:
            self.flush(due=True)  # nothing, if the background task sent first
        # What is left (orders owed later, or all of it) the background task sends
        # when due; a task already waiting works out its wait again.
        with self.lock:
            left = self._queued()
            start = left and not self.running
            self.running = self.running or start
        if left:
            self.wake.set()
        if start:  # started lazily, never at import
            socketio.start_background_task(self._run)

    def _queued(self):
        """Whether anything waits to be sent (under the lock)."""
        return bool(self.outbox or self.dirty or self.reorder or self.themes)

    def _orders_wait(self):
        """Seconds until the first owed orders are due (IDLE_SECONDS if none are owed)."""
        with self.lock:
            if not self.reorder:
                return self.IDLE_SECONDS
            first = min(self.ordered.get(w, float("-inf")) for w in self.reorder)
        return max(0.0, first + self.ORDER_SECONDS - time.monotonic())

    def _run(self):
        while True:
            if not self.wake.wait(self._orders_wait()):
                with self.lock:
                    if not self._queued():
                        self.running = False
                        return
            self._wait_out_the_pause()
            self.wake.clear()
            # A writer may have sent meanwhile (it sends at once when it commits as
            # the pause ends): the pause then counts from that send, so two sends
            # never go out back to back, the second to every phone for the votes
            # of a few milliseconds (docs/PERFORMANCE.md).
            while self.flush(due=True) is None:
                self._wait_out_the_pause()

    def _wait_out_the_pause(self):
        while (wait := self.last + self.pause - time.monotonic()) > 0:
            socketio.sleep(wait)

    def flush(self, orders=False, due=False):
        """Send everything queued; return how many rooms it went to. `orders`: every
        order owed goes now, due or not (a test's end). `due`: only once the pause
        since the last send is up (else send nothing and return None)."""
        with self.sending:  # one send at a time, so rooms get messages in commit order
            if due and time.monotonic() < self.last + self.pause:
                return None
            started = _send_clock()
            now = time.monotonic()
            with self.lock:
                outbox, self.outbox = self.outbox, []
                dirty, self.dirty = self.dirty, {}
                votes, self.votes = self.votes, 0
                themes, self.themes = self.themes, {}
                owed = self._orders_owed(dirty, now, orders)
            if not (outbox or dirty or owed or themes):
                return 0
            since = now - self.last
            # Each screen is in one view room: per room, the events in commit
            # order, then the counts read now; a room's run is one write.
            rooms = {}
            db = self.pool.acquire(wait=False)  # see storage/connection.Pool
            try:
                for workshop_id, event, views in outbox:
                    messages = (
                        _all_tallies(db, workshop_id)
                        if event is None
                        else [(("event", event), views)]
                    )
                    for message, to in messages:
                        for view in to:
                            rooms.setdefault(view_room(workshop_id, view), []).append(message)
                for workshop_id in dirty.keys() | owed.keys():
                    changed = _changed_tallies(
                        db, workshop_id, dirty.get(workshop_id, ()), owed.get(workshop_id)
                    )
                    for counts, views in changed:
                        for view in views:
                            rooms.setdefault(view_room(workshop_id, view), []).append(counts)
                for workshop_id, questions in themes.items():
                    counts, views = _theme_tallies(db, workshop_id, questions)
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
            self.pause = max(floor, self.LOAD * (_send_clock() - started))
            return len(rooms)

    def _orders_owed(self, dirty, now, every=False):
        """{workshop_id: ideas} whose question's orders go out in this send (under the
        lock); the changed ideas of a workshop whose orders went out less than
        ORDER_SECONDS ago wait in `reorder` for the send when they are due."""
        owed = {}
        for workshop_id in dirty.keys() | self.reorder.keys():
            ideas = self.reorder.setdefault(workshop_id, set())
            ideas.update(dirty.get(workshop_id, ()))
            if every or now >= self.ordered.get(workshop_id, float("-inf")) + self.ORDER_SECONDS:
                owed[workshop_id] = self.reorder.pop(workshop_id)
                self.ordered[workshop_id] = now
        return owed


_collected = {}  # {native thread: CPU seconds it spent collecting garbage}
_collection_started = {}


def _collecting(phase, info):
    """gc.callbacks: add each collection's CPU time to its thread's total."""
    thread = threading.get_native_id()  # gevent patches get_ident, not this
    if phase == "start":
        _collection_started[thread] = time.thread_time()
    elif thread in _collection_started:
        spent = time.thread_time() - _collection_started.pop(thread)
        _collected[thread] = _collected.get(thread, 0.0) + spent


def _send_clock():
    """This thread's CPU seconds, less those it spent collecting garbage."""
    return time.thread_time() - _collected.get(threading.get_native_id(), 0.0)


def _changed_tallies(db, workshop_id, idea_ids, ordered=None):
    """[(message, views)]: the changed counts for every screen that may see them, and for
    boards and consoles those counts with, when `ordered` names ideas, the new
    orderings of their questions (room/ranking.py) and their counts too."""
    shown = set(idea_ids) | set(ordered or ())
    with store.reading(db):
        counts = tally_view(store.tallies(db, workshop_id, shown))
        workshop = store.workshop_by_id(db, workshop_id) or {}
    for idea_id in shown:
        counts.setdefault(str(idea_id), {"total": 0, "by_role": {}})
    # No sequence number: counts are read after events that may not have
    # reached the screen yet, so a seq here would be a claim about events the
    # push cannot keep (docs/API.md). While results are hidden only the
    # consoles hear the counts.
    hidden = workshop.get("results_hidden")
    plain = [] if hidden or not idea_ids else [(("tallies", {"tallies": counts}), ("phone",))]
    if not workshop:
        return plain
    ranked = {"tallies": counts}
    if ordered:
        ranked["orders"] = board.orders(db, workshop, ordered)
    return [*plain, (("tallies", ranked), ("console",) if hidden else RANKING_VIEWS)]


def _theme_tallies(db, workshop_id, question_ids):
    """(message, views): the dots on the themes of these questions (each whole, an
    empty one too: a screen replaces a question's counts with it), for boards and
    consoles, or consoles only while results are hidden."""
    with store.reading(db):
        workshop = store.workshop_by_id(db, workshop_id)
        if not workshop:
            return None, ()
        counts = {str(q): {} for q in question_ids}
        for q in question_ids:
            counts.update(theme_votes.tallies(db, workshop, q))
    views = ("console",) if workshop.get("results_hidden") else RANKING_VIEWS
    return ("tallies", {"tallies": {}, "theme_tallies": counts}), views


def _all_tallies(db, workshop_id):
    """On reveal, every screen gets every count at once (boards and consoles every order)."""
    with store.reading(db):
        counts = tally_view(store.tallies(db, workshop_id))
        workshop = store.workshop_by_id(db, workshop_id)
    orders = board.orders(db, workshop) if workshop else {}
    ranked = {"tallies": counts, "full": True, "orders": orders}
    ranked["theme_tallies"] = theme_votes.tallies(db, workshop) if workshop else {}
    return [
        (("tallies", {"tallies": counts, "full": True}), ("phone",)),
        (("tallies", ranked), RANKING_VIEWS),
    ]


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


# Events that add or remove a shown idea, so change its question's orders (room/ranking.py);
# all but a new idea are a facilitator's steps, whose orders are not held back.
REORDER_EVENTS = frozenset(
    {"idea_added", "idea_approved", "idea_restored", "idea_unmerged", "idea_hidden", "ideas_merged"}
)


def publish(pump, chains, workshop_id, events, retally=()):
    """Queue committed events for the screens that hear them; votes mark tallies.

    `retally` names ideas whose counts a moderation step moved without a vote.
    """
    for event in events:
        if event["type"] in TALLY_EVENTS:
            pump.mark(workshop_id, event["data"]["idea_id"])
        elif event["type"] in THEME_TALLY_EVENTS:
            pump.mark_themes(workshop_id, event["data"]["question_id"])
        elif event["type"] == "themes_changed":
            # Dots may have followed a merge or been given back (theme_votes.follow).
            pump.mark_themes(workshop_id, event["data"]["question_id"], False)
        elif event["type"] in REORDER_EVENTS:
            # The shown ideas changed: boards and consoles get the question's new orders.
            data = event["data"]
            idea_id = (data.get("idea") or {}).get("id") or data["idea_id"]
            pump.mark(workshop_id, idea_id, False, event["type"] != "idea_added")
        for view in VIEWS:
            if view in audience(event["type"]):
                prev = chains.link(workshop_id, view, event["seq"])
                pump.post(workshop_id, {**event, "prev": prev}, (view,))
        if event["type"] == "results_revealed":
            pump.post_all_tallies(workshop_id)
    for idea_id in retally:
        pump.mark(workshop_id, idea_id)
    pump.send_soon()
