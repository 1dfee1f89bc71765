"""Connections: the pragmas every one needs, a pool, and transactions.

A write takes the write lock up front (BEGIN IMMEDIATE) and nests as a
savepoint, so the same domain write is its own transaction alone or a
savepoint inside a group commit (storage/group_commit.py).
"""

import os
import sqlite3
import threading
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlite_utils

# FULL: an acknowledged write survives power loss as well as a crash; the
# cost per commit is measured in docs/PERFORMANCE.md.
SYNCHRONOUS = "FULL"
BUSY_TIMEOUT_MS = 10_000


def now():
    """UTC timestamp as ISO 8601 text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def connect(path):
    """Open the database with the pragmas every connection needs."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    db = sqlite_utils.Database(conn)
    # Which database file a row kept in memory came from (db.workshop_by_code);
    # a database in memory is a new one for every connection: nothing is kept.
    memory = str(path) in ("", ":memory:") or str(path).startswith("file:")
    db.workshop_file = None if memory else os.path.abspath(path)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    return db


class Pool:
    """Connections kept open for reuse by a server's requests and socket messages.

    Opening a connection and closing it again cost more than the queries of a
    vote (and closing the last one checkpoints the WAL with an fsync): see
    docs/PERFORMANCE.md. A connection is handed to one user at a time.

    A socket message holds its connection while it waits for its group
    commit (a vote hands it back first: web/context.hand_back_db), so a burst
    of other writes has dozens in use at once. Once `keep` are open, a
    caller waits (up to WAIT_SECONDS) for one to be handed back rather than
    opening another: a server that had fallen behind had hundreds of messages
    waiting for their commit, each opening and closing a connection of its
    own, a fifth of its CPU, so the further behind it was, the more each
    message cost (docs/PERFORMANCE.md). `wait=False` never waits: the tally
    pump's send runs in the writer's greenlet, which the messages holding
    connections are waiting for.

    16, not 64: each open connection holds about 220 KB (SQLite's lookaside,
    schema copy, statements and pages), and the phones joining opened 53, 8 MB
    that stayed with the server; the waiters get one at the next commit, and
    the 2,000-phone burst cost no more CPU or latency with 16 (PERFORMANCE.md).
    """

    # Then open one anyway: never stuck behind connections not handed back. A server
    # far behind takes seconds per commit: with 1 s, most waits ran out.
    WAIT_SECONDS = 5.0

    def __init__(self, path, keep=16):
        self.path, self.keep = str(path), keep
        self.idle = []
        self.open = 0  # handed out or idle
        self.lock = threading.Lock()
        self.handed_back = threading.Condition(self.lock)

    def acquire(self, wait=True):
        """An idle connection, a new one while fewer than `keep` are open, else (with
        `wait`) the next one handed back."""
        with self.lock:
            if not self.idle and self.open >= self.keep and wait:
                self.handed_back.wait_for(lambda: self.idle, self.WAIT_SECONDS)
            if self.idle:
                return self.idle.pop()
            self.open += 1
        try:
            return connect(self.path)
        except BaseException:
            with self.lock:
                self.open -= 1
            raise

    def release(self, db):
        """Take a connection back; one left inside a transaction is rolled back."""
        if db.conn.in_transaction:
            db.conn.rollback()
        with self.lock:
            if len(self.idle) < self.keep:
                self.idle.append(db)
                self.handed_back.notify()
                return
            self.open -= 1
        db.conn.close()

    def close(self):
        """Close every idle connection."""
        with self.lock:
            idle, self.idle = self.idle, []
            self.open -= len(idle)
        for db in idle:
            db.conn.close()


@contextmanager
def transaction(db):
    """One write: its own BEGIN IMMEDIATE transaction, or a savepoint of the caller's.

    BEGIN IMMEDIATE avoids the deadlock a deferred transaction meets when two
    processes read then both try to write; the caller acknowledges only after
    the outermost block has committed.
    """
    if db.conn.in_transaction:
        # One savepoint name for every write, not sqlite-utils' `atomic()`,
        # which names each afresh (secrets.token_hex): SQLite compiled both of
        # its statements for every write in a group commit, and they pushed
        # the writer's cached statements out. Nested savepoints may share a
        # name: RELEASE and ROLLBACK TO take the innermost.
        db.conn.execute("SAVEPOINT write")
        try:
            yield db
        except BaseException:
            # A RAISE(ROLLBACK) trigger may have ended the whole transaction.
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK TO write")
                db.conn.execute("RELEASE write")
            raise
        db.conn.execute("RELEASE write")
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


@contextmanager
def reading(db):
    """A read transaction: every query inside sees one snapshot of the database."""
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        db.conn.execute("COMMIT")


def is_row_id(value):
    """True for a whole number SQLite can hold (a JSON body can carry any size)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63
