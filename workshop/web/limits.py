"""Rate limits: one phone flooding ideas, or a script guessing facilitator keys,
is slowed down while everyone else carries on.

Counts live in this process's memory in sliding windows keyed by participant
id or workshop code, never by IP address, so nothing about a device is
stored. Several server processes each keep their own counts (docs/SECURITY.md
says what that means).
"""

import math
import secrets
import threading
import time
from collections import deque

from flask import current_app, session

from ..room.errors import WorkshopError

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
}
MAX_KEYS = 50_000  # idle windows are dropped beyond this, so memory stays bounded

WHAT = {"idea": "ideas", "vote": "votes", "story": "stories"}


class SlowDown(WorkshopError):
    """Too many requests of one kind: wait, then try again."""

    status = 429
    code = "slow_down"


class Window:
    """At most `limit` events per `seconds` for each key (a sliding window)."""

    def __init__(self, limit, seconds, clock=time.monotonic):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self.hits = {}
        self.lock = threading.Lock()

    def wait(self, key):
        """Seconds until `key` may act again; 0 if it may act now."""
        with self.lock:
            hits = self._trimmed(key, self.clock())
            if len(hits) < self.limit:
                return 0
            return max(hits[0] + self.seconds - self.clock(), 0.001)

    def record(self, key):
        """Count one event for `key`."""
        with self.lock:
            now = self.clock()
            if len(self.hits) >= MAX_KEYS:
                idle = now - self.seconds
                for stale in [k for k, h in self.hits.items() if not h or h[-1] <= idle]:
                    del self.hits[stale]
            self._trimmed(key, now).append(now)

    def _trimmed(self, key, now):
        hits = self.hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.seconds:
            hits.popleft()
        return hits


class Limits:
    """The app's windows, one per kind of action."""

    def __init__(self, overrides=None):
        rates = {**DEFAULTS, **(overrides or {})}
        self.windows = {kind: Window(*rate) for kind, rate in rates.items()}

    def check(self, kind, key, message):
        wait = self.windows[kind].wait(key)
        if wait:
            seconds = math.ceil(wait)
            raise SlowDown(message.format(seconds=seconds, s="" if seconds == 1 else "s"))

    def record(self, kind, key):
        self.windows[kind].record(key)


def current():
    """This app's limits (created by the app factory)."""
    return current_app.extensions["limits"]


def throttled(kind, participant, write):
    """Run a participant's write unless they are sending too fast.

    Only new writes count: a resend of something already stored (same
    client_id) is not held against the phone.
    """
    limits = current()
    limits.check(
        kind,
        participant["id"],
        f"You are sending {WHAT[kind]} very fast. Please wait {{seconds}} second{{s}} "
        "and try again. Nothing was lost.",
    )
    change = write()
    if not change.duplicate:
        limits.record(kind, participant["id"])
    return change


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
