"""No full garbage collection while the room is busy (workshop/web/collector.py).

Real parts: a real GroupCommit kept busy by people joining from several
threads, Python's own collector, and `gc.callbacks` to see which generation
each collection was.
"""

import gc
import threading
import time
from contextlib import contextmanager

import pytest

from workshop.room import workshops
from workshop.storage.group_commit import GroupCommit
from workshop.web.collector import OUT_OF_REACH, BurstCollector


@pytest.fixture
def full_collections():
    """How many full (generation 2) collections have started since the test began."""
    seen = []

    def note(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.collect()
    gc.callbacks.append(note)
    yield lambda: seen.count(2)
    gc.callbacks.remove(note)


@pytest.fixture
def group(app):
    group = GroupCommit(app.config["DATABASE"])
    yield group
    assert group.close()


@contextmanager
def joining(group, workshop, threads=8):
    """People join from `threads` threads at once, until the block ends: a busy room
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


def storm(collector=None):
    """Cyclic objects made in bulk, half kept (so they reach the oldest generation, as a
    hall's sockets do) and half garbage, the collector asked after each few thousand.
    Survivors half as many as the process held, so that Python, left alone, starts a
    full collection (it waits for a quarter more)."""
    kept = []
    survivors = max(len(gc.get_objects()) // 2, 100_000)
    while len(kept) < survivors:
        for _ in range(2_000):
            cycle = []
            cycle.append(cycle)
            kept.append(cycle)
            garbage = []
            garbage.append(garbage)
        if collector is not None:
            collector.check()
    return kept


def garbage_until_full_collection(full_collections, limit=1_000_000):
    """Make cyclic garbage until Python starts a full collection; True if it did."""
    for _ in range(limit):
        garbage = []
        garbage.append(garbage)
        if full_collections():
            return True
    return False


def test_left_alone_python_collects_in_full_during_a_busy_storm(group, workshop, full_collections):
    """The control: the storm is enough for Python to start a full collection itself."""
    with joining(group, workshop):
        kept = storm()
        assert group.busy()
    assert full_collections() >= 1
    del kept


def test_no_full_collection_while_busy_then_python_collects_once_not(
    group, workshop, full_collections
):
    collector = BurstCollector(group.busy)
    thresholds = gc.get_threshold()
    try:
        with joining(group, workshop):
            assert collector.check()  # held
            kept = storm(collector)
            assert group.busy() and collector.check()
            assert full_collections() == 0
            assert gc.get_count()[2] > thresholds[2]  # one is due, and held back
        deadline = time.monotonic() + 5
        while collector.check():  # the rate goes stale once the joins stop
            assert time.monotonic() < deadline, "still held with no write coming"
            time.sleep(0.05)
        assert gc.get_threshold() == thresholds
        assert garbage_until_full_collection(full_collections)
        del kept
    finally:
        collector.release()


def test_a_room_busy_too_long_has_its_full_collection_then(group, workshop, full_collections):
    collector = BurstCollector(group.busy)
    collector.LATEST_SECONDS = 0.0  # too long as soon as one is due
    thresholds = gc.get_threshold()
    try:
        with joining(group, workshop):
            kept = storm(collector)
            assert collector.check()  # still held: the collector ran it, not Python
            assert gc.get_threshold()[2] == OUT_OF_REACH
        assert full_collections() >= 1
        del kept
    finally:
        collector.release()
    assert gc.get_threshold() == thresholds
