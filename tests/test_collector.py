"""A full garbage collection during a burst walks only what the burst made
(workshop/web/collector.py).

Real parts: a real GroupCommit kept busy by people joining from several
threads, Python's own collector, and weak references to cycles, which show
whether a full collection reached them.
"""

import gc
import threading
import time
import weakref
from contextlib import contextmanager

import pytest

from workshop.room import workshops
from workshop.storage.group_commit import GroupCommit
from workshop.web.collector import BurstCollector


class Seat:
    """A cycle, as a connected phone's objects are: only a collection frees it."""

    def __init__(self):
        self.me = self


@pytest.fixture
def group(app):
    group = GroupCommit(app.config["DATABASE"])
    yield group
    assert group.close()


@pytest.fixture
def collector(group):
    collector = BurstCollector(group.busy)
    yield collector
    collector.release()
    assert gc.get_freeze_count() == 0


@contextmanager
def joining(group, workshop, threads=8):
    """People join from `threads` threads at once until the block ends: a busy room
    (the group commit's measured rate above BUSY_RATE)."""
    stop = threading.Event()

    def keep_joining():
        while not stop.is_set():
            group.run(workshops.join, workshop, "carer")

    running = [threading.Thread(target=keep_joining, daemon=True) for _ in range(threads)]
    for thread in running:
        thread.start()
    try:
        deadline = time.monotonic() + 10
        while not group.busy():
            assert time.monotonic() < deadline, "the joins never made the room busy"
            time.sleep(0.05)
        yield
    finally:
        stop.set()
        for thread in running:
            thread.join(10)
    assert not any(thread.is_alive() for thread in running)


def quiet(group, collector):
    """Wait until the collector lets go: the rate goes stale once writes stop, and the
    room has been calm for CALM_SECONDS."""
    deadline = time.monotonic() + collector.CALM_SECONDS + 10
    while collector.check():
        assert time.monotonic() < deadline, "still frozen with no write coming"
        time.sleep(0.05)
    assert not group.busy()


def seat():
    """A cycle held in a list (clear it to drop it), and a weak reference to see when
    it is freed."""
    made = Seat()
    return [made], weakref.ref(made)


def test_a_burst_freezes_what_was_there_and_collects_what_it_made(group, workshop, collector):
    held, older = seat()  # made before the burst
    assert not collector.check()  # not busy: nothing frozen
    with joining(group, workshop):
        assert collector.check()
        assert gc.get_freeze_count() > 0
        held.clear()  # dropped during the burst
        newer = seat()[1]  # made and dropped during the burst
        gc.collect()  # a full collection during the burst...
        assert newer() is None  # ...frees what the burst made
        assert older() is not None  # ...and does not walk what was there before it
        assert collector.check()
    quiet(group, collector)
    assert gc.get_freeze_count() == 0
    gc.collect()  # the next full collection sees everything again
    assert older() is None


def test_left_as_python_has_it_a_full_collection_walks_everything(group, workshop):
    """The control: without the collector, the same full collection frees the older cycle."""
    held, older = seat()
    with joining(group, workshop):
        held.clear()
        gc.collect()
        assert older() is None
    assert gc.get_freeze_count() == 0


def test_a_room_busy_too_long_has_everything_collected_then(group, workshop, collector):
    held, older = seat()
    with joining(group, workshop):
        assert collector.check()
        held.clear()
        gc.collect()
        assert older() is not None  # unseen while frozen...
        collector.LATEST_SECONDS = 0.0  # ...until the room has been busy too long
        assert collector.check()
        assert older() is None
        assert gc.get_freeze_count() > 0  # and frozen again for the rest of the burst


def test_a_lull_in_a_burst_does_not_end_it(group, workshop, collector):
    with joining(group, workshop):
        assert collector.check()
    deadline = time.monotonic() + 10
    while group.busy():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert collector.check()  # not busy this moment, but busy a moment ago: still frozen
    quiet(group, collector)
    assert gc.get_freeze_count() == 0
