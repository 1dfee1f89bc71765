"""Group commit: the room's writes share one transaction and one fsync.

With `PRAGMA synchronous = FULL` every commit waits for the disk, and under
gevent a waiting commit holds up every connection of the process. So a
server's hot writes (joins, ideas, votes) go through one writer: it runs
whatever writes are waiting, each inside its own savepoint (a refused write
changes nothing and does not spoil the others), commits them together, and
only then hands each caller its result, so nothing is acknowledged before it
is on disk. Under gevent, BEGIN and COMMIT run in a native thread, so the
room keeps being served while the disk (or another process holding the write
lock) is waited for, and the next group gathers meanwhile.

Writes a hall sends by the hundred (votes) queue in the ordinary lane; a
write marked `ahead` (a story, a facilitator's action) joins the next group
in front of them and is answered first, and a group holds at most
`MAX_GROUP` writes, so an action during a vote burst waits for one group
at most, never for the whole queue.

`close()` stops the writer as datasette's write thread is stopped: a
sentinel goes in behind every write already queued, so each of them is
committed (and answered) first; later writes are refused with `Closed`,
and `close()` returns once the writer has closed its connection and ended.

Each group costs the same whatever it holds (BEGIN and COMMIT handed to the
native thread and back, an fsync), and a burst's votes arrived a few
milliseconds apart, each alone in its group. So while writes arrive faster
than `BUSY_RATE` a second, the writer waits up to `GATHER` seconds for more
before it begins a group (PostgreSQL's `commit_delay` does the same); a
write marked ahead, or a full group, ends the wait at once. Steady traffic
never waits. docs/PERFORMANCE.md has the figures.
"""

import logging
import threading
import time

from . import db as store

log = logging.getLogger(__name__)


def _native_thread():
    """A way to run a blocking call off gevent's hub, and its pool (to stop), or
    (None, None) when not under gevent.

    One native thread of its own: there is one writer, and a thread per
    waiting call would only add memory (each gets its own malloc arena).
    """
    try:
        from gevent import monkey
        from gevent.threadpool import ThreadPool
    except ImportError:  # pragma: no cover  (gevent is a dependency)
        return None, None
    if not monkey.is_module_patched("threading"):
        return None, None
    pool = ThreadPool(1)
    return (lambda call, *args: pool.apply(call, args)), pool


class Closed(RuntimeError):
    """A write sent after `close()`: the server is stopping, and nothing of it is written."""


# The sentinel: always the last thing queued, since nothing is queued after it.
_STOP = object()


class _Job:
    __slots__ = ("write", "args", "kwargs", "after", "result", "error", "done")

    def __init__(self, write, args, kwargs, after):
        self.write, self.args, self.kwargs, self.after = write, args, kwargs, after
        self.result = self.error = None
        self.done = threading.Event()


class GroupCommit:
    """One writer connection; `run` returns once the write has been committed."""

    # Large enough that a burst of 300 votes a second shares a few fsyncs a
    # second; small enough that one group's work stays a few tens of ms.
    MAX_GROUP = 64
    BUSY_RATE = 100  # writes a second
    GATHER = 0.008  # seconds
    RATE_WINDOW = 0.25  # seconds the arrival rate is measured over

    def __init__(self, path):
        self.path = str(path)
        self.pending, self.ahead = [], []
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.hurry = threading.Event()  # ends a gathering wait: a write ahead, a full group
        self.writer = None
        self.closed = False
        self.batches = self.writes = 0
        self.rate, self.window = 0.0, (time.monotonic(), 0)

    def run(self, write, *args, after=None, ahead=False, **kwargs):
        """Call write(db, *args, **kwargs) in the next group; return its result after COMMIT.

        `after(result)` runs once the group has committed, by the writer, in
        commit order: what it publishes reaches every screen in sequence.
        `ahead`: run before the ordinary writes waiting (see above).
        """
        job = _Job(write, args, kwargs, after)
        with self.lock:
            if self.closed:
                raise Closed("The server is stopping; nothing was written. Try again shortly.")
            (self.ahead if ahead else self.pending).append(job)
            if ahead or len(self.pending) >= self.MAX_GROUP:
                self.hurry.set()
            if self.writer is None:  # started lazily, never at import
                self.writer = threading.Thread(target=self._loop, name="group-commit", daemon=True)
                self.writer.start()
        self.wake.set()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result

    def close(self, timeout=10):
        """Commit every write queued so far, then end the writer and close its connection.

        Returns True once the writer has ended (or never started); later
        `run` calls raise `Closed`. Calling it again does nothing more.
        """
        with self.lock:
            if not self.closed:
                self.closed = True
                self.pending.append(_STOP)
                self.hurry.set()
            writer = self.writer
        self.wake.set()
        if writer is None:
            return True
        writer.join(timeout)
        return not writer.is_alive()

    def _loop(self):
        db = store.connect(self.path)
        offload, pool = _native_thread()
        try:
            stopping = False
            while not stopping:
                self.wake.wait()
                self._gather()
                with self.lock:
                    batch = self.ahead[: self.MAX_GROUP]
                    del self.ahead[: len(batch)]
                    room = self.MAX_GROUP - len(batch)
                    batch += self.pending[:room]
                    del self.pending[:room]
                    if not (self.ahead or self.pending):
                        self.wake.clear()
                if batch and batch[-1] is _STOP:
                    batch.pop()
                    stopping = True
                if batch:
                    self._commit(db, batch, offload)
                    self._measure(len(batch))
        finally:
            db.conn.close()
            if pool is not None:
                pool.kill()

    def _gather(self):
        """While busy, give more writes a moment to join the group (see above)."""
        with self.lock:
            self.hurry.clear()
            wait = (
                self.busy()
                and not (self.ahead or self.closed)
                and len(self.pending) < self.MAX_GROUP
            )
        if wait:
            self.hurry.wait(self.GATHER)

    def busy(self):
        """Writes are arriving faster than BUSY_RATE a second (a burst), measured lately."""
        started, _ = self.window
        return self.rate > self.BUSY_RATE and time.monotonic() - started < 2 * self.RATE_WINDOW

    def _measure(self, count):
        """The writes' arrival rate, over the last RATE_WINDOW or more."""
        started, writes = self.window
        writes += count
        elapsed = time.monotonic() - started
        if elapsed >= self.RATE_WINDOW:
            self.rate, self.window = writes / elapsed, (time.monotonic(), 0)
        else:
            self.window = (started, writes)

    def _commit(self, db, batch, offload):
        # The two statements that wait (for another process's write lock, for
        # the disk) run where waiting blocks no one.
        wait = offload or (lambda call, *args: call(*args))
        try:
            wait(db.conn.execute, "BEGIN IMMEDIATE")
            for job in batch:
                db.conn.execute("SAVEPOINT job")
                try:
                    job.result = job.write(db, *job.args, **job.kwargs)
                except Exception as error:  # refused: undo this write only
                    db.conn.execute("ROLLBACK TO job")
                    job.error = error
                db.conn.execute("RELEASE job")
            wait(db.conn.execute, "COMMIT")
            self.batches += 1
            self.writes += len(batch)
            self._after(batch)
        except Exception as error:  # the commit failed: nothing in it is acknowledged
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            for job in batch:
                job.result, job.error = None, job.error or error
        finally:
            for job in batch:
                job.done.set()

    @staticmethod
    def _after(batch):
        for job in batch:
            if job.after is not None and job.error is None:
                try:
                    job.after(job.result)
                except Exception:  # a failed broadcast must not undo an acknowledged write
                    log.exception("after-commit step failed")
