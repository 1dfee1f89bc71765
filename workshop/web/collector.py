"""Full garbage collections kept for quiet moments (issue 27 item 2).

A full (generation 2) collection walks every object the process holds: at
5,000 phones it takes about 136 ms, with every greenlet stopped. Python
starts one on its own once enough objects have survived the younger
collections, which is to say under load, and one fell in every 5,000-phone
vote burst, the longest wait of its acknowledgements (docs/PERFORMANCE.md,
"The burst, a third look"). So while serving, Python never starts a full
collection itself: its generation-2 threshold is put out of reach, and the
young generations, which free most cycles, are collected as before. A
background task runs the full collection instead, once one is due (as many
younger collections have run since the last one as Python's own threshold
asks for) and the room is quiet (no write committed for QUIET_SECONDS), or,
whatever the load, LATEST_SECONDS after the last, so garbage in long-lived
cycles stays bounded. Python's other condition (a quarter more long-lived
objects than at the last full collection) cannot be read from Python, so a
quiet room may collect more often than Python would, never more often than
its threshold.
"""

import gc
import time

from .live import socketio

# Generation 1 collections before a full one: never reached while serving.
OUT_OF_REACH = 1_000_000_000


class QuietCollector:
    """Starts the process's full collections when no write came for a while."""

    QUIET_SECONDS = 2.0
    LATEST_SECONDS = 300.0
    CHECK_SECONDS = 0.5

    def __init__(self, writes):
        """`writes()`: how many writes have been committed so far (GroupCommit.writes)."""
        self.writes = writes
        self.seen = writes()
        self.written = self.last = time.monotonic()
        self.due_after = gc.get_threshold()[2]
        self.held = None

    def hold(self):
        """Take full collections out of Python's hands (release() gives them back)."""
        if self.held is None:
            self.held = gc.get_threshold()
            self.due_after = self.held[2]
            gc.set_threshold(self.held[0], self.held[1], OUT_OF_REACH)

    def release(self):
        if self.held is not None:
            gc.set_threshold(*self.held)
            self.held = None

    def check(self):
        """Run a full collection if one is due and now is the moment; True if it ran."""
        now = time.monotonic()
        writes = self.writes()
        if writes != self.seen:
            self.seen, self.written = writes, now
        due = gc.get_count()[2] > self.due_after
        quiet = now - self.written >= self.QUIET_SECONDS
        overdue = now - self.last >= self.LATEST_SECONDS
        if not (due and (quiet or overdue)):
            return False
        gc.collect(2)
        self.last = time.monotonic()
        return True

    def _run(self):
        while True:
            socketio.sleep(self.CHECK_SECONDS)
            self.check()


def keep_for_quiet(group_commit):
    """While serving: full collections only when `group_commit` has had no write for a
    while (or when overdue), from a background task of the server's."""
    collector = QuietCollector(lambda: group_commit.writes)
    collector.hold()
    socketio.start_background_task(collector._run)
    return collector
