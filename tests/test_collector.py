"""Full garbage collections wait for a quiet room (workshop/web/collector.py)."""

import gc
import time

import pytest

from workshop.room import workshops
from workshop.storage.group_commit import GroupCommit
from workshop.web.collector import QuietCollector


@pytest.fixture
def full_collections():
    """The generation of every collection that starts while the test runs, 2 = full."""
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


def storm(group, workshop, collector=None):
    """A busy room: cyclic objects made in bulk, half of them kept (so they reach
    the oldest generation, as a hall's sockets do) and half garbage, a write
    committed between each few thousand, and the collector asked after each.
    Survivors half as many as the process held, so that Python, left alone,
    starts a full collection (it waits for a quarter more)."""
    kept = []
    survivors = max(len(gc.get_objects()) // 2, 100_000)
    while len(kept) < survivors:
        for _ in range(2_000):
            cycle = []
            cycle.append(cycle)
            kept.append(cycle)
            garbage = []
            garbage.append(garbage)
        group.run(workshops.join, workshop, "carer")
        if collector is not None:
            collector.check()
    return kept


def test_left_alone_python_collects_in_full_during_the_storm(group, workshop, full_collections):
    """The control: the storm is enough for Python to start a full collection itself."""
    storm(group, workshop)
    assert full_collections() >= 1


def test_no_full_collection_while_writes_come_then_one_when_quiet(
    group, workshop, full_collections
):
    collector = QuietCollector(lambda: group.writes)
    collector.QUIET_SECONDS = 1.0
    collector.hold()
    try:
        kept = storm(group, workshop, collector)
        assert full_collections() == 0
        assert gc.get_count()[2] > collector.due_after  # one is due, and held back
        assert not collector.check()  # the last write was a moment ago
        time.sleep(collector.QUIET_SECONDS)
        assert collector.check()
        assert full_collections() == 1
        assert not collector.check()  # no longer due
        assert full_collections() == 1
        del kept
    finally:
        collector.release()
    assert gc.get_threshold()[2] == collector.due_after


def test_an_overdue_full_collection_runs_whatever_the_load(group, workshop, full_collections):
    collector = QuietCollector(lambda: group.writes)
    collector.QUIET_SECONDS = 60.0
    collector.LATEST_SECONDS = 0.0  # overdue as soon as it is due
    collector.hold()
    try:
        storm(group, workshop, collector)
    finally:
        collector.release()
    assert full_collections() >= 1
    assert time.monotonic() - collector.written < collector.QUIET_SECONDS
