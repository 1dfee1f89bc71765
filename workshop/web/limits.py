"""Rate limits: one phone flooding ideas, a script guessing facilitator keys or
joining a room hundreds of times is slowed down while everyone else carries on.

Moving windows from the `limits` library, keyed by participant id, workshop
code or a random id kept in the browser's signed session, never by IP
address, so nothing about a device is stored. Counts live in this process's
memory, or in the Redis the server already uses as its message queue when
there is one, so several server processes share them; so does the cap on the
sockets one session holds open (SocketCap, SharedSocketCap).

A write is counted when it is attempted, before it is written (so forty ideas
sent at once cannot all slip through one check), except a resend of
something already stored under the same client id.
"""

import bisect
import logging
import math
import secrets
import threading
import time

import redis
from flask import current_app, session
from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from limits.util import WindowStats

from ..room.errors import WorkshopError
from .live import socketio, view_room

log = logging.getLogger(__name__)

# Sockets one session may hold open at once, for each kind of screen (a
# phone, a second tab, a reconnect whose old socket has not timed out yet; a
# facilitator's console and board windows on one laptop).
SOCKETS_PER_SESSION = 6
# Boards or consoles opened with no session cookie at all (a script, a tool)
# share one count per workshop and kind of screen.
SOCKETS_WITHOUT_SESSION = 30

# kind: (most events, per this many seconds). A person writes an idea in tens
# of seconds; a table's scribe a little faster; a phone that sends more is a
# stuck key, a script or a prank.
DEFAULTS = {
    "idea": (12, 60),
    "vote": (40, 60),
    "story": (6, 60),
    # Wrong facilitator keys: a few per browser, a few more per workshop.
    "key_client": (5, 60),
    "key_workshop": (20, 300),
    # Joins per browser, and per workshop: this many a minute on top of the
    # workshop's head count (before_join), so a hall that all scans in one
    # minute gets in, and the door's head count holds anyone past it; a
    # script joining hundreds a second is still slowed.
    "join_client": (5, 60),
    "join_workshop": (120, 60),
}

WHAT = {"idea": "ideas", "vote": "votes", "story": "stories"}


class SlowDown(WorkshopError):
    """Too many requests of one kind: wait, then try again."""

    status = 429
    code = "slow_down"


class Limits:
    """The app's moving windows, one per kind of action, on memory or Redis."""

    def __init__(self, overrides=None, storage_uri=None):
        rates = {**DEFAULTS, **(overrides or {})}
        self.items = {kind: RateLimitItemPerSecond(*rate) for kind, rate in rates.items()}
        if storage_uri:
            # A bounded pool that waits for a free connection: a hall's sockets
            # count their votes at once, and redis-py's default pool (100, then
            # an error) turned a burst through two processes into 300 refusals.
            pool = redis.BlockingConnectionPool.from_url(
                storage_uri, max_connections=64, timeout=10
            )
            self.limiter = MovingWindowRateLimiter(
                storage_from_string(storage_uri, connection_pool=pool)
            )
        else:
            self.limiter = LocalWindows()

    def hit(self, kind, key, message, more=0):
        """Count one attempt for `key`; SlowDown (not counted) if the window is full.

        `more` widens this key's window beyond the kind's rate (a workshop's head count).
        """
        item = self._item(kind, more)
        if not self.limiter.hit(item, kind, *_ids(key)):
            raise self._slow_down(kind, key, message, item)

    def _item(self, kind, more):
        item = self.items[kind]
        return RateLimitItemPerSecond(item.amount + more, item.multiples) if more else item

    def check(self, kind, key, message):
        """SlowDown if `key`'s window is full; count nothing."""
        if not self.limiter.test(self.items[kind], kind, *_ids(key)):
            raise self._slow_down(kind, key, message)

    def record(self, kind, key):
        """Count one event for `key` (even past the limit: it is already done)."""
        self.limiter.hit(self.items[kind], kind, *_ids(key))

    def _slow_down(self, kind, key, message, item=None):
        stats = self.limiter.get_window_stats(item or self.items[kind], kind, *_ids(key))
        seconds = max(1, math.ceil(stats.reset_time - time.time()))
        return SlowDown(message.format(seconds=seconds, s="" if seconds == 1 else "s"))


class LocalWindows:
    """Moving windows in this process's memory, with the limiter's hit/test/stats calls.

    Not limits' own memory storage: while anything is counted it sweeps every
    key it holds each 10 ms, and with a hall of phones (a key per phone) that
    sweep took 17 % of the server's CPU in a vote burst (docs/PERFORMANCE.md).
    Here a key's window is pruned only when that key is used.
    """

    def __init__(self):
        self.windows = {}
        self.lock = threading.Lock()

    def _window(self, item, identifiers, now):
        key = (item.amount, item.get_expiry(), *identifiers)
        window = self.windows.setdefault(key, [])
        del window[: bisect.bisect_right(window, now - item.get_expiry())]
        return window

    def hit(self, item, *identifiers):
        now = time.time()
        with self.lock:
            window = self._window(item, identifiers, now)
            if len(window) >= item.amount:
                return False
            window.append(now)
            return True

    def test(self, item, *identifiers):
        with self.lock:
            return len(self._window(item, identifiers, time.time())) < item.amount

    def get_window_stats(self, item, *identifiers):
        now = time.time()
        with self.lock:
            window = self._window(item, identifiers, now)
            reset = window[0] + item.get_expiry() if window else now
            return WindowStats(reset, max(0, item.amount - len(window)))


def _ids(key):
    return [str(part) for part in (key if isinstance(key, tuple) else (key,))]


def current():
    """This app's limits (created by the app factory)."""
    return current_app.extensions["limits"]


def throttled(kind, participant, write, resend=False):
    """Run a participant's write unless they are sending too fast.

    The attempt is counted before the write; a resend of something already
    stored (`resend`: its client id is in the database) is not held against
    the phone.
    """
    if not resend:
        current().hit(
            kind,
            participant["id"],
            f"You are sending {WHAT[kind]} very fast. Please wait {{seconds}} second{{s}} "
            "and try again. Nothing was lost.",
        )
    return write()


def client():
    """A random id for this browser, kept in its signed session: no IP address."""
    if "client" not in session:
        session["client"] = secrets.token_urlsafe(12)
    return session["client"]


def before_key_attempt(code):
    """Refuse to compare a key after too many wrong ones, from this browser or for this workshop."""
    limits = current()
    message = (
        "Too many wrong facilitator keys. Please wait {seconds} second{s} and try again, "
        "using the console link printed when the workshop was created."
    )
    limits.check("key_client", (code, client()), message)
    limits.check("key_workshop", code, message)


def key_failed(code):
    """Count a wrong facilitator key against this browser and this workshop."""
    limits = current()
    limits.record("key_client", (code, client()))
    limits.record("key_workshop", code)


def before_join(workshop):
    """Count a join against this browser and this workshop; SlowDown when too many.

    A real hall is never slowed: the workshop's window is its head count
    wider, so all of it may scan in the same minute (past the head count the
    door holds people, not this). One script joining hundreds of times is
    slowed, and the console is told (held_back).
    """
    code = workshop["code"]
    message = (
        "A lot of people are joining right now. Please wait {seconds} second{s} and try again."
    )
    limits = current()
    limits.hit("join_client", (code, client()), message)
    try:
        limits.hit("join_workshop", code, message, more=workshop.get("capacity") or 0)
    except SlowDown:
        held_back(workshop, limits.items["join_workshop"].amount)
        raise


# When this process last told a workshop's consoles that joins are held back.
_told = {}
TELL_EVERY = 5  # seconds: a flood of refused joins is one message, not thousands


def held_back(workshop, rate):
    """Tell the workshop's consoles that arrivals are being asked to wait, and why."""
    now = time.monotonic()
    if now - _told.get(workshop["id"], -TELL_EVERY) < TELL_EVERY:
        return
    _told[workshop["id"]] = now
    head = workshop.get("capacity")
    socketio.emit(
        "door_held",
        {"per_minute": rate + (head or 0), "head_count": head},
        to=view_room(workshop["id"], "console"),
    )


class TooManySockets(WorkshopError):
    """One session holding more sockets open than any screen needs."""

    status = 429
    code = "too_many_connections"


def socket_key(workshop, view, participant):
    """Whose sockets a new one counts against: the attendee for a phone, else the
    browser's session for a board or console, else (no session at all) every
    such screen of that kind in the workshop together."""
    if participant:
        return ("phone", participant["id"])
    if session.get("client"):
        return (view, session["client"])
    return (view, NO_SESSION, workshop["id"])


NO_SESSION = "no-session"


def most_for(key, most):
    """The cap for a key: a session's own, or the shared one of screens with no session."""
    return SOCKETS_WITHOUT_SESSION if NO_SESSION in key else most


def _too_many():
    return TooManySockets(
        "This device has too many connections open to this workshop. Close other tabs "
        "or windows of it and try again."
    )


class SocketCap:
    """At most `most` sockets open at once per session key, in this process.

    A phone needs one (two for a moment while it reconnects); a script that
    opens hundreds with one cookie would make every broadcast cost hundreds
    of messages.
    """

    def __init__(self, most):
        self.most = most
        self.open = {}  # key -> set of sids
        self.key_of = {}  # sid -> key
        self.lock = threading.Lock()

    def opened(self, key, sid):
        """Count a socket for `key`, or TooManySockets (and it is not counted)."""
        with self.lock:
            sids = self.open.setdefault(key, set())
            if len(sids) >= most_for(key, self.most):
                if not sids:
                    del self.open[key]
                raise _too_many()
            sids.add(sid)
            self.key_of[sid] = key

    def closed(self, sid):
        """Free a closed socket's place."""
        with self.lock:
            key = self.key_of.pop(sid, None)
            if key is not None:
                self.open[key].discard(sid)
                if not self.open[key]:
                    del self.open[key]


# Remove the expired, then add this socket if there is room: one step in
# Redis, so two processes cannot both take the last place. A member's score
# is the moment it expires unless its process renews it.
CLAIM = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""


class SharedSocketCap:
    """The same cap counted in the Redis of the message queue, across processes.

    Each session key is a sorted set of its open sockets (this process's id
    and the socket's), scored by when the place expires. Each process renews
    its own sockets' places every third of `ttl` while it has any, so a
    process that crashes (and never sends their disconnects) frees its places
    within `ttl` seconds.
    """

    def __init__(self, most, storage_uri, ttl=90, spawn=None, sleep=time.sleep):
        self.most = most
        self.ttl = ttl
        pool = redis.BlockingConnectionPool.from_url(storage_uri, max_connections=16, timeout=10)
        self.redis = redis.Redis(connection_pool=pool)
        self.claim = self.redis.register_script(CLAIM)
        self.process = secrets.token_hex(6)
        self.places = {}  # sid -> (redis key, member)
        self.lock = threading.Lock()
        self.spawn, self.sleep = spawn, sleep
        self.renewing = False

    def opened(self, key, sid):
        """Count a socket for `key` in Redis, or TooManySockets (and it is not counted)."""
        name = "workshop:sockets:" + ":".join(str(part) for part in key)
        member = f"{self.process}:{sid}"
        now = time.time()
        args = [now, now + self.ttl, most_for(key, self.most), member, math.ceil(self.ttl)]
        if not self.claim(keys=[name], args=args):
            raise _too_many()
        with self.lock:
            self.places[sid] = (name, member)
            start = self.spawn is not None and not self.renewing
            self.renewing = self.renewing or start
        if start:  # started lazily, with the first socket, never at import
            self.spawn(self._renew_while_open)

    def closed(self, sid):
        """Free a closed socket's place, for every process."""
        with self.lock:
            place = self.places.pop(sid, None)
        if place:
            self.redis.zrem(*place)

    def renew(self):
        """Push back the expiry of every place this process holds; return how many."""
        with self.lock:
            places = list(self.places.values())
        if places:
            expires = time.time() + self.ttl
            pipe = self.redis.pipeline(transaction=False)
            for name, member in places:
                pipe.zadd(name, {member: expires}, xx=True)
                pipe.expire(name, math.ceil(self.ttl))
            pipe.execute()
        return len(places)

    def _renew_while_open(self):
        while True:
            self.sleep(self.ttl / 3)
            try:
                held = self.renew()
            except redis.RedisError:
                log.exception("could not renew socket places in Redis")
                continue
            with self.lock:
                if not held and not self.places:
                    self.renewing = False
                    return


def socket_cap(most, storage_uri=None, **renewal):
    """The socket cap: in memory, or shared through the message queue's Redis."""
    return SharedSocketCap(most, storage_uri, **renewal) if storage_uri else SocketCap(most)
