"""Group commit: many writers, one transaction and one fsync, nothing answered before COMMIT."""

import json
import sqlite3
import threading
import time

import pytest
import requests

from harness.clients import join, open_first
from harness.servers import server, workshop_cli
from workshop.room import contributions, rules, workshops
from workshop.room.errors import Conflict
from workshop.storage import db as store
from workshop.storage.group_commit import Closed, GroupCommit


@pytest.fixture
def room(db, workshop):
    question = open_first(db, workshop)
    people = [workshops.join(db, workshop, "carer")[0].value for _ in range(30)]
    idea = contributions.submit_idea(
        db, workshop, people[0], question_id=question["id"], text="A carers' cafe"
    ).value
    return workshop, people, idea


@pytest.fixture
def new_group(app):
    """GroupCommit writers for a test, each closed (its thread joined) after it."""
    made = []

    def make():
        made.append(GroupCommit(app.config["DATABASE"]))
        return made[-1]

    yield make
    for group in made:
        assert group.close()


def vote_all(group, workshop, people, idea, client_ids):
    """Each person votes from their own thread, all at once; return results or errors."""
    results = [None] * len(people)
    start = threading.Barrier(len(people))

    def vote(index):
        start.wait()
        try:
            results[index] = group.run(
                contributions.cast_vote,
                workshop,
                people[index],
                idea_id=idea["id"],
                client_id=client_ids[index],
            )
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def hold_writer(group):
    """Keep `group`'s writer busy, in a thread, until every write after is queued:
    (the thread, the event that lets it go)."""
    busy, release = threading.Event(), threading.Event()

    def hold(db_):
        busy.set()
        release.wait(5)

    holder = threading.Thread(target=group.run, args=(hold,))
    holder.start()
    assert busy.wait(5)
    return holder, release


def test_writes_that_wait_together_share_one_commit_and_are_all_stored(app, db, room, new_group):
    workshop, people, idea = room
    group = new_group()
    holder, release = hold_writer(group)
    ids = [f"vote-{i:04d}" for i in range(len(people))]
    voters = threading.Thread(
        target=lambda: results.extend(vote_all(group, workshop, people, idea, ids))
    )
    results = []
    voters.start()
    while len(group.pending) < len(people):
        threading.Event().wait(0.01)
    release.set()
    holder.join()
    voters.join()

    assert all(isinstance(r, rules.Change) and not r.duplicate for r in results), results
    assert (group.batches, group.writes) == (2, 1 + len(people))  # 30 votes, one commit
    assert store.tallies(db, workshop["id"])[idea["id"]] == {"carer": len(people)}
    assert all(store.vote_by_client_id(db, workshop["id"], i) for i in ids)


def test_a_refused_write_does_not_spoil_the_others_in_its_group(app, db, room, new_group):
    workshop, people, idea = room
    group = new_group()
    # Everyone sends the same client_id: one vote is stored, the rest are refused.
    results = vote_all(group, workshop, people, idea, ["same-client-id"] * len(people))

    stored = [r for r in results if isinstance(r, rules.Change) and not r.duplicate]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(stored) == 1 and len(refused) == len(people) - 1
    assert store.tallies(db, workshop["id"])[idea["id"]] == {"carer": 1}


def test_when_the_commit_fails_no_write_of_the_group_is_answered_as_stored(
    app, db, room, new_group
):
    workshop, people, idea = room
    group = new_group()
    started, release = threading.Event(), threading.Event()

    def slow_vote(db_, *args, **kwargs):
        started.set()
        release.wait(5)  # hold the group open until the other writes have queued
        return contributions.cast_vote(db_, *args, **kwargs)

    def broken(db_):
        # A foreign key checked only at COMMIT: the whole group's commit fails.
        db_.conn.execute("PRAGMA defer_foreign_keys = ON")
        store.insert_vote(
            db_,
            workshop_id=workshop["id"],
            question_id=idea["question_id"],
            idea_id=999_999,
            participant_id=people[1]["id"],
            voter_role="carer",
            client_id="dangling-vote",
        )

    outcomes = {}

    def send(name, write, *args, **kwargs):
        try:
            outcomes[name] = group.run(write, *args, **kwargs)
        except Exception as error:
            outcomes[name] = error

    first = threading.Thread(
        target=send,
        args=("first", slow_vote, workshop, people[0]),
        kwargs={"idea_id": idea["id"], "client_id": "first-vote"},
    )
    first.start()
    started.wait(5)
    others = [
        threading.Thread(
            target=send,
            args=("second", contributions.cast_vote, workshop, people[2]),
            kwargs={"idea_id": idea["id"], "client_id": "second-vote"},
        ),
        threading.Thread(target=send, args=("broken", broken)),
    ]
    for thread in others:
        thread.start()
    while len(group.pending) < 2:
        threading.Event().wait(0.01)
    release.set()
    for thread in [first, *others]:
        thread.join()

    # The first vote committed alone; the next group failed as a whole.
    assert isinstance(outcomes["first"], rules.Change)
    assert isinstance(outcomes["second"], Exception) and isinstance(outcomes["broken"], Exception)
    assert store.vote_by_client_id(db, workshop["id"], "first-vote")
    assert store.vote_by_client_id(db, workshop["id"], "second-vote") is None
    assert store.vote_by_client_id(db, workshop["id"], "dangling-vote") is None
    # And the writer carries on afterwards.
    again = group.run(
        contributions.cast_vote, workshop, people[2], idea_id=idea["id"], client_id="second-vote"
    )
    assert not again.duplicate


def _counted(app):
    group = app.extensions["group_commit"]
    return group.batches, group.writes


def test_every_write_goes_through_group_commit(app, client, db, workshop):
    """A join, a story, a console action and opening a question each take one group commit."""
    key = workshop["facilitator_key"]
    code = workshop["code"]
    facilitator = app.test_client()
    assert (
        facilitator.post(f"/api/w/{code}/facilitator/session", json={"key": key}).status_code == 200
    )
    question = rules.agenda(db, workshop)[0]

    steps = [
        ("join", lambda: client.post(f"/api/w/{code}/participants", json={"role": "carer"})),
        (
            "open a question",
            lambda: facilitator.post(
                f"/api/w/{code}/questions/{question['id']}/open",
                headers={"Origin": "http://localhost"},
            ),
        ),
        (
            "a story",
            lambda: client.post(
                f"/api/w/{code}/stories",
                json={"text": "My buddy is how I get out of the house.", "may_quote": True},
            ),
        ),
        (
            "a console action",
            lambda: facilitator.post(
                f"/api/w/{code}/console/set_timer",
                json={"question_id": question["id"], "seconds": 300},
            ),
        ),
        (
            "an idea",
            lambda: client.post(
                f"/api/w/{code}/ideas",
                json={"question_id": question["id"], "text": "A carers' cafe"},
            ),
        ),
    ]
    for name, step in steps:
        before = _counted(app)
        response = step()
        assert response.status_code in (200, 201, 302), (name, response.get_json())
        batches, writes = _counted(app)
        assert (batches - before[0], writes - before[1]) == (1, 1), name


def test_close_commits_every_write_queued_then_ends_the_writer_and_refuses_more(app, db, room):
    """Issue 21 and issue 26, item 5: the writer stops at a sentinel queued behind
    every write already waiting, which are all committed and answered first."""
    workshop, people, idea = room
    group = GroupCommit(app.config["DATABASE"])
    holder, release = hold_writer(group)
    _busy(group, gather=30)  # a burst's gathering wait must not hold up the stop
    ids = [f"before-close-{i}" for i in range(len(people))]
    results = []
    voters = threading.Thread(
        target=lambda: results.extend(vote_all(group, workshop, people, idea, ids))
    )
    voters.start()
    while len(group.pending) < len(people):
        time.sleep(0.01)
    writer = group.writer
    closed = []
    closing = threading.Thread(target=lambda: closed.append(group.close(timeout=10)))
    closing.start()
    while not group.closed:
        time.sleep(0.01)
    with pytest.raises(Closed):
        group.run(contributions.cast_vote, workshop, people[0], idea_id=idea["id"])
    release.set()
    for thread in (holder, voters, closing):
        thread.join(10)
    assert closed == [True] and not writer.is_alive()
    assert len(results) == len(people)
    assert all(isinstance(r, rules.Change) and not r.duplicate for r in results), results
    assert all(store.vote_by_client_id(db, workshop["id"], i) for i in ids)
    assert store.tallies(db, workshop["id"])[idea["id"]] == {"carer": len(people)}
    assert group.close()  # again: nothing more to do


def test_the_app_fixture_leaves_no_writer_thread_running(app, db, room):
    """The fixture closes the app's writer; a closed writer has no thread left."""
    workshop, people, idea = room
    group = app.extensions["group_commit"]
    group.run(
        contributions.cast_vote, workshop, people[0], idea_id=idea["id"], client_id="fixture-vote"
    )
    writer = group.writer
    assert writer.is_alive()
    assert group.close() and not writer.is_alive()


def test_a_write_after_close_is_refused_with_503_and_nothing_is_written(app, client, db):
    """While the server stops, an HTTP write gets one clear refusal, not a 500."""
    workshop = workshops.create(db, "Stopping")
    question = open_first(db, workshop)
    join(client, workshop, "carer")
    assert app.extensions["group_commit"].close()
    reply = client.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": question["id"], "text": "Sent while stopping"},
    )
    assert reply.status_code == 503, reply.get_json()
    assert reply.get_json()["error"]["code"] == "stopping"
    assert reply.get_json()["error"]["retry"] is True  # a phone keeps it to send again
    assert db["ideas"].count == 0


def _busy(group, gather):
    """As in a vote burst: writes have been arriving faster than BUSY_RATE."""
    group.GATHER = gather
    group.rate, group.window = 10 * group.BUSY_RATE, (time.monotonic(), 0)


def test_in_a_burst_writes_a_moment_apart_share_a_group(app, db, room, new_group):
    workshop, people, idea = room
    group = new_group()
    _busy(group, gather=0.5)
    ids = [f"burst-vote-{i}" for i in range(5)]
    results = [None] * len(ids)

    def vote(i):
        results[i] = group.run(
            contributions.cast_vote, workshop, people[i], idea_id=idea["id"], client_id=ids[i]
        )

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(len(ids))]
    for thread in threads:  # one after another, as a burst's votes arrive
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    assert all(isinstance(r, rules.Change) for r in results)
    assert (group.batches, group.writes) == (1, len(ids))
    assert store.tallies(db, workshop["id"])[idea["id"]] == {"carer": len(ids)}


def test_a_write_ahead_ends_the_gathering_wait_and_steady_writes_never_wait(
    app, db, room, new_group
):
    workshop, people, idea = room
    group = new_group()
    _busy(group, gather=30)  # far longer than any test would wait
    started = time.monotonic()
    voter = threading.Thread(
        target=group.run,
        args=(contributions.cast_vote, workshop, people[0]),
        kwargs={"idea_id": idea["id"], "client_id": "waits-for-a-group"},
    )
    voter.start()
    time.sleep(0.05)
    group.run(lambda db_: None, ahead=True)  # a console action
    voter.join(10)
    assert not voter.is_alive() and time.monotonic() - started < 10
    assert (group.batches, group.writes) == (1, 2)

    quiet = new_group()
    quiet.GATHER = 30
    started = time.monotonic()
    quiet.run(
        contributions.cast_vote, workshop, people[1], idea_id=idea["id"], client_id="quiet-vote"
    )
    assert time.monotonic() - started < 10  # not 30: a quiet room's write never waits


def test_a_write_waits_for_another_process_holding_the_write_lock_and_nothing_else_does(
    tmp_path,
):
    """A real server (gevent): BEGIN IMMEDIATE runs in place while the write lock is
    free; when another process holds it, the write waits for it in the native
    thread, and the server answers everyone else meanwhile."""
    db = tmp_path / "locked.db"
    links = json.loads(workshop_cli("new", "Write lock", "--json", db=db).stdout)
    key = links["console_url"].split("#key=", 1)[1]
    with server(db) as base:
        api = f"{base}/api/w/{links['code']}"
        question_id = requests.get(api, timeout=10).json()["questions"][0]["id"]
        opened = requests.post(
            f"{api}/questions/{question_id}/open",
            headers={"Authorization": f"Bearer {key}"},
            timeout=10,
        )
        assert opened.status_code == 200, opened.text
        phone = requests.Session()
        assert phone.post(f"{api}/participants", json={"role": "carer"}, timeout=10).ok
        other = sqlite3.connect(db, isolation_level=None)  # another process's writer
        other.execute("BEGIN IMMEDIATE")
        replies = []
        sender = threading.Thread(
            target=lambda: replies.append(
                phone.post(
                    f"{api}/ideas",
                    json={"question_id": question_id, "text": "Written once the lock is free"},
                    timeout=30,
                )
            )
        )
        try:
            sender.start()
            time.sleep(0.3)
            assert not replies  # waiting for the lock
            # The hub is not blocked: the server answers while the write waits.
            assert requests.get(api, timeout=5).status_code == 200
            assert not replies
        finally:
            other.execute("COMMIT")
            other.close()
        sender.join(30)
        assert replies and replies[0].status_code == 201, replies
        stored = sqlite3.connect(db).execute("SELECT text FROM ideas").fetchall()
        assert stored == [("Written once the lock is free",)]


def test_writes_a_full_group_left_behind_go_in_the_next_and_each_gets_its_own_answer(
    app, db, room, new_group
):
    """More writes waiting than MAX_GROUP: the first MAX_GROUP share a commit, the
    rest go in the next ones, and every write is answered with its own result."""
    workshop, people, idea = room
    group = new_group()
    group.MAX_GROUP = 4
    holder, release = hold_writer(group)
    voters, ids = people[:10], [f"full-group-{i}" for i in range(10)]
    results = []
    sender = threading.Thread(
        target=lambda: results.extend(vote_all(group, workshop, voters, idea, ids))
    )
    sender.start()
    while len(group.pending) < len(voters):
        threading.Event().wait(0.01)
    release.set()
    holder.join(10)
    sender.join(10)

    assert [r.value["client_id"] for r in results] == ids, results
    assert (group.batches, group.writes) == (4, 11)  # the hold, then 4 + 4 + 2
    assert store.tallies(db, workshop["id"])[idea["id"]] == {"carer": len(voters)}
