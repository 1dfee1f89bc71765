"""No full garbage collection during a burst of writes (issue 27 item 2).

A full (generation 2) collection walks every object the process holds: at
5,000 phones it takes about 136 ms with every greenlet stopped, and Python
starts one whenever the long-lived objects have grown by a quarter, which
happens under load: one fell in most 5,000-phone vote bursts, freeing
nothing, and was their longest wait (docs/PERFORMANCE.md, "The burst, a
third look"). So while the room is busy (writes faster than the group
commit's BUSY_RATE, `GroupCommit.busy`) Python's generation-2 threshold is
put out of reach; the young generations, which free most cycles, are
collected as before. Once the room has not been busy for CALM_SECONDS the
threshold is given back, and Python starts the held collection at its usual
time. A room busy for LATEST_SECONDS on end has its full collection run
then, if one is due, so garbage in long-lived cycles stays bounded.
"""

import gc
import time

from .live import socketio

# Generation-1 collections before a full one: never reached while held.
OUT_OF_REACH = 1_000_000_000


class BurstCollector:
    """Holds the process's full collections while `busy()` is true."""

    CHECK_SECONDS = 0.1  # the group commit measures its rate over 0.25 s
    # A burst's rate, measured over 0.25 s, dips below BUSY_RATE for a moment now
    # and then (64-572 writes a second in one 5,000-phone burst): it has ended once
    # the room has not been busy for this long.
    CALM_SECONDS = 2.0
    LATEST_SECONDS = 60.0

    def __init__(self, busy):
        self.busy = busy
        self.held = None  # Python's thresholds while held
        self.since = 0.0
        self.busy_at = float("-inf")  # when busy() was last true

    def check(self):
        """Hold or give back full collections as the room is busy or not; True if held."""
        now = time.monotonic()
        if self.busy():
            self.busy_at = now
        busy = now - self.busy_at < self.CALM_SECONDS
        if busy and self.held is None:
            self.held = gc.get_threshold()
            self.since = now
            gc.set_threshold(self.held[0], self.held[1], OUT_OF_REACH)
        elif not busy:
            self.release()
        elif now - self.since >= self.LATEST_SECONDS:
            if gc.get_count()[2] > self.held[2]:  # as many generation-1 runs as Python waits for
                gc.collect(2)
            self.since = time.monotonic()
        return self.held is not None

    def release(self):
        """Give Python its own threshold back."""
        if self.held is not None:
            gc.set_threshold(*self.held)
            self.held = None

    def _run(self):
        while True:
            socketio.sleep(self.CHECK_SECONDS)
            self.check()


def hold_during_bursts(group_commit):
    """While serving: no full collection while `group_commit` is busy, from a background task."""
    collector = BurstCollector(group_commit.busy)
    socketio.start_background_task(collector._run)
    return collector
