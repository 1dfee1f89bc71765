"""Full garbage collections kept short during a burst of writes (issue 27 item 2).

A full (generation 2) collection walks every object the process holds: at
5,000 phones it takes 136-263 ms with every greenlet stopped, and Python
starts one whenever the long-lived objects have grown by a quarter, which
happens under load: one fell in most 5,000-phone vote bursts, freeing
nothing, and was their longest wait (docs/PERFORMANCE.md, "The burst, a
third look"). So once the room is busy (writes faster than the group
commit's BUSY_RATE, `GroupCommit.busy`) everything the process holds is
frozen (`gc.freeze()`: moved where no collection looks), and a full
collection during the burst walks only what was made since. Once the room
has not been busy for CALM_SECONDS it is unfrozen, and Python collects it
all at its usual time; a room busy for LATEST_SECONDS on end has a full
collection of everything then, so a cycle dropped during a long burst is not
kept long.
"""

import gc
import time

from .live import socketio


class BurstCollector:
    """Freezes what the process holds while `busy()` is true, or was a moment ago."""

    CHECK_SECONDS = 0.1  # the group commit measures its rate over 0.25 s
    # A burst's rate, measured over 0.25 s, dips below BUSY_RATE for a moment now
    # and then (64-572 writes a second in one 5,000-phone burst): it has ended once
    # the room has not been busy for this long.
    CALM_SECONDS = 2.0
    LATEST_SECONDS = 60.0

    def __init__(self, busy):
        self.busy = busy
        self.frozen = False
        self.since = 0.0
        self.busy_at = float("-inf")  # when busy() was last true

    def check(self):
        """Freeze or unfreeze as the room is busy or not; True if frozen."""
        now = time.monotonic()
        if self.busy():
            self.busy_at = now
        busy = now - self.busy_at < self.CALM_SECONDS
        if busy and not self.frozen:
            gc.freeze()
            self.frozen, self.since = True, now
        elif not busy:
            self.release()
        elif now - self.since >= self.LATEST_SECONDS:
            gc.unfreeze()
            gc.collect(2)
            gc.freeze()
            self.since = time.monotonic()
        return self.frozen

    def release(self):
        """Give every object back to Python's collector."""
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def _run(self):
        while True:
            socketio.sleep(self.CHECK_SECONDS)
            self.check()


def freeze_during_bursts(group_commit):
    """While serving: full collections walk only what a burst made, from a background task."""
    collector = BurstCollector(group_commit.busy)
    socketio.start_background_task(collector._run)
    return collector
