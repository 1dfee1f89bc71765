"""The schema enforces the room's rules itself, not only the code."""

import sqlite3
import threading
import time

import pytest

from harness.clients import open_first
from workshop.room import agenda, contributions, rules, workshops
from workshop.storage import db as store
from workshop.storage import schema
from workshop.web import state


def test_migrations_are_idempotent_and_use_wal(app, db):
    store.migrate(db)
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert schema.migrations.pending(db) == []
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"workshops", "questions", "participants", "ideas", "votes", "events"} <= set(
        db.table_names()
    )


def test_a_database_from_before_sqlite_utils_migrations_is_adopted(tmp_path):
    """A file that counted its migrations in user_version is not migrated twice."""
    old = store.connect(tmp_path / "old.db")
    with store.transaction(old):
        for statement in schema._statements("\n".join(schema.MIGRATIONS)):
            old.conn.execute(statement)
        old.conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS)}")
    store.migrate(old)
    assert schema.migrations.pending(old) == []
    assert len(schema.migrations.applied(old)) == len(schema.MIGRATIONS)
    old.conn.close()


def _participant(db, workshop, role="provider"):
    change, token = workshops.join(db, workshop, role)
    return change.value


def _idea(db, workshop, question, participant, client_id):
    with store.transaction(db):
        return store.insert_idea(
            db,
            workshop_id=workshop["id"],
            question_id=question["id"],
            participant_id=participant["id"],
            client_id=client_id,
            author_role="provider",
            entered_by="self",
            text="An idea",
            priority=None,
            outcome_kind=None,
        )


def test_one_participant_per_token(db, workshop):
    with store.transaction(db):
        store.insert_participant(db, workshop_id=workshop["id"], token="same-token", role="other")
    with pytest.raises(sqlite3.IntegrityError), store.transaction(db):
        store.insert_participant(db, workshop_id=workshop["id"], token="same-token", role="other")


def test_a_repeated_idea_client_id_is_refused_by_the_schema(db, workshop, open_question):
    person = _participant(db, workshop)
    _idea(db, workshop, open_question, person, "client-id-1")
    with pytest.raises(sqlite3.IntegrityError):
        _idea(db, workshop, open_question, person, "client-id-1")
    assert db.conn.execute("SELECT COUNT(*) FROM ideas").fetchone()[0] == 1


def _vote(db, workshop, question, idea_id, person, client_id):
    with store.transaction(db):
        return store.insert_vote(
            db,
            workshop_id=workshop["id"],
            question_id=question["id"],
            idea_id=idea_id,
            participant_id=person["id"],
            voter_role=person["role"],
            client_id=client_id,
        )


def test_the_vote_budget_and_one_vote_per_idea_are_enforced_by_the_schema(
    db, workshop, open_question
):
    person = _participant(db, workshop)
    ideas = [_idea(db, workshop, open_question, person, f"idea-client-{n}") for n in range(5)]
    for n in range(3):
        _vote(db, workshop, open_question, ideas[n], person, f"vote-client-{n}")
    with pytest.raises(sqlite3.IntegrityError, match="budget"):
        _vote(db, workshop, open_question, ideas[3], person, "vote-client-3")
    with store.transaction(db):
        store.withdraw_vote(db, db.conn.execute("SELECT id FROM votes LIMIT 1").fetchone()[0])
    with pytest.raises(sqlite3.IntegrityError):  # the same idea twice
        _vote(db, workshop, open_question, ideas[1], person, "vote-client-4")
    _vote(db, workshop, open_question, ideas[3], person, "vote-client-5")
    standing = db.conn.execute("SELECT COUNT(*) FROM votes WHERE withdrawn_at IS NULL").fetchone()
    assert standing[0] == 3


def test_event_log_is_append_only_and_sequenced_per_workshop(db, workshop):
    other = workshops.create(db, "Another event")
    with store.transaction(db):
        first = store.append_event(db, workshop["id"], "note", {"n": 1})
        second = store.append_event(db, workshop["id"], "note", {"n": 2})
        elsewhere = store.append_event(db, other["id"], "note", {"n": 3})
    assert second["seq"] == first["seq"] + 1
    assert elsewhere["seq"] == 2  # workshop_created was 1
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.transaction(db):
        db.conn.execute("UPDATE events SET type = 'x' WHERE workshop_id = ?", (workshop["id"],))
    assert [e["data"] for e in store.events_since(db, workshop["id"], first["seq"] - 1, 10)] == [
        {"n": 1},
        {"n": 2},
    ]


def test_a_failed_transaction_changes_nothing(db, workshop):
    before = store.last_seq(db, workshop["id"])
    with pytest.raises(RuntimeError), store.transaction(db):
        store.append_event(db, workshop["id"], "note", {})
        raise RuntimeError("boom")
    assert store.last_seq(db, workshop["id"]) == before


def test_the_pool_reuses_connections_and_never_hands_out_an_open_transaction(app, workshop):
    pool = store.Pool(app.config["DATABASE"], keep=1)
    first = pool.acquire()
    first.conn.execute("BEGIN IMMEDIATE")
    first.conn.execute("UPDATE workshops SET title = 'changed' WHERE id = ?", (workshop["id"],))
    pool.release(first)  # left inside a transaction: rolled back, not committed

    again = pool.acquire()
    assert again is first and not again.conn.in_transaction
    assert store.workshop_by_id(again, workshop["id"])["title"] == workshop["title"]
    other = pool.acquire(wait=False)  # the pool is empty: a new connection
    assert other is not again
    pool.release(again)
    pool.release(other)  # beyond `keep`: closed
    with pytest.raises(sqlite3.ProgrammingError):
        other.conn.execute("SELECT 1")
    pool.close()
    with pytest.raises(sqlite3.ProgrammingError):
        again.conn.execute("SELECT 1")


def test_a_full_pool_hands_the_next_caller_the_connection_handed_back_and_opens_none(app, workshop):
    """A server behind on its commits had hundreds of messages each opening and closing
    a connection of its own (a fifth of its CPU): past `keep`, callers wait instead."""
    pool = store.Pool(app.config["DATABASE"], keep=2)
    held = [pool.acquire(), pool.acquire()]
    got, started = [], time.monotonic()
    waiter = threading.Thread(target=lambda: got.append(pool.acquire()))
    waiter.start()
    time.sleep(0.2)
    assert got == []  # waiting, not opening a third
    pool.release(held[0])
    waiter.join(5)
    assert got == [held[0]] and time.monotonic() - started < pool.WAIT_SECONDS
    assert pool.open == 2
    # Nothing handed back within WAIT_SECONDS: a third is opened rather than stay stuck.
    pool.WAIT_SECONDS = 0.3
    third = pool.acquire()
    assert third not in held and pool.open == 3
    for db in (held[1], third, got[0]):
        pool.release(db)
    pool.close()
    assert pool.open == 0


def test_the_servers_pool_keeps_16_connections_open_however_many_callers_wait(app, workshop):
    """Each open connection holds about 220 KB of SQLite's memory, and 2,000 phones
    joining kept 53 open (8 MB, a quarter of the server's fixed memory): callers past
    16 wait for one handed back (docs/PERFORMANCE.md)."""
    pool = app.extensions["db_pool"]
    held = [pool.acquire() for _ in range(16)]
    got = []
    waiters = [threading.Thread(target=lambda: got.append(pool.acquire())) for _ in range(24)]
    for waiter in waiters:
        waiter.start()
    time.sleep(0.2)
    assert got == [] and pool.open == 16  # 24 waiting, none opened
    for db in held:
        pool.release(db)
    while any(waiter.is_alive() for waiter in waiters):  # each hands its own back
        if got:
            pool.release(got.pop())
        time.sleep(0.01)
    for db in got:
        pool.release(db)
    assert pool.open == 16 and len(pool.idle) == 16


def test_a_transaction_inside_another_is_a_savepoint_of_it(db, workshop):
    db.conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(RuntimeError), store.transaction(db):
        store.insert_participant(db, workshop_id=workshop["id"], token="undone", role="carer")
        raise RuntimeError("refused")
    with store.transaction(db):
        store.insert_participant(db, workshop_id=workshop["id"], token="kept", role="carer")
    assert db.conn.in_transaction  # the outer transaction is still open
    db.conn.execute("COMMIT")
    assert store.participant_by_token(db, "kept") and not store.participant_by_token(db, "undone")


def test_savepoints_nest_under_one_name_so_sqlite_compiles_them_once(db, workshop):
    statements = []
    db.conn.set_trace_callback(statements.append)
    db.conn.execute("BEGIN IMMEDIATE")
    for token in ("first", "second"):
        with store.transaction(db):
            with pytest.raises(RuntimeError), store.transaction(db):
                store.insert_participant(
                    db, workshop_id=workshop["id"], token="inner", role="carer"
                )
                raise RuntimeError("refused")
            store.insert_participant(db, workshop_id=workshop["id"], token=token, role="carer")
    db.conn.execute("COMMIT")
    db.conn.set_trace_callback(None)
    # The inner refusal undid the inner write only; the outer ones are kept.
    assert store.participant_by_token(db, "first") and store.participant_by_token(db, "second")
    assert not store.participant_by_token(db, "inner")
    savepoints = [s for s in statements if s.split()[0] in ("SAVEPOINT", "RELEASE", "ROLLBACK")]
    assert savepoints[:5] == [
        "SAVEPOINT write",
        "SAVEPOINT write",
        "ROLLBACK TO write",
        "RELEASE write",
        "RELEASE write",
    ]
    assert savepoints[5:] == savepoints[:5]  # the same statements each time: cached


def test_a_voters_votes_count_for_the_idea_their_idea_was_merged_into_like_idea_roots(db, workshop):
    question = open_first(db, workshop)
    person = workshops.join(db, workshop, "carer")[0].value
    a, b, c, d = (
        contributions.submit_idea(
            db, workshop, person, question_id=question["id"], text=f"Idea {n}"
        ).value["id"]
        for n in "abcd"
    )
    for idea in (a, b, d):
        contributions.cast_vote(db, workshop, person, idea_id=idea)
    with store.transaction(db):  # a merged into b, b into c: a's votes count for c
        db.conn.execute("UPDATE ideas SET merged_into = ? WHERE id = ?", (b, a))
        db.conn.execute("UPDATE ideas SET merged_into = ? WHERE id = ?", (c, b))
    votes = store.votes_of(db, person["id"])
    assert {v["idea_id"]: v["counts_for"] for v in votes} == {a: c, b: c, d: d}
    roots = store.idea_roots(db, workshop["id"])
    assert all(v["counts_for"] == roots[v["idea_id"]] for v in votes)
    assert [v["id"] for v in votes] == sorted(v["id"] for v in votes)
    assert store.votes_of(db, workshops.join(db, workshop, "carer")[0].value["id"]) == []


# votes_of as it was (one recursive statement): the reference the cheaper one must equal.
RECURSIVE_VOTES_OF = (
    "WITH RECURSIVE mine AS (SELECT id, question_id, idea_id, client_id FROM votes"
    " WHERE participant_id = ? AND withdrawn_at IS NULL),"
    " up(id, cur, parent) AS (SELECT id, id, merged_into FROM ideas"
    " WHERE id IN (SELECT idea_id FROM mine)"
    " UNION ALL SELECT up.id, i.id, i.merged_into FROM ideas i JOIN up ON i.id = up.parent)"
    " SELECT m.id, m.question_id, m.idea_id, m.client_id,"
    " COALESCE(up.cur, m.idea_id) AS counts_for"
    " FROM mine m LEFT JOIN up ON up.id = m.idea_id AND up.parent IS NULL ORDER BY m.id"
)


def test_a_voters_votes_on_one_question_are_read_alone_and_follow_every_merge(db, workshop):
    first = open_first(db, workshop)
    second = rules.agenda(db, workshop)[1]
    person = workshops.join(db, workshop, "carer")[0].value
    other = workshops.join(db, workshop, "provider")[0].value

    def ideas(question, count):
        return [
            contributions.submit_idea(
                db, workshop, other, question_id=question["id"], text=f"Idea {n}"
            ).value["id"]
            for n in range(count)
        ]

    a, b, c, d = ideas(first, 4)
    for idea in (a, b):
        contributions.cast_vote(db, workshop, person, idea_id=idea)
    contributions.cast_vote(db, workshop, other, idea_id=a)
    agenda.open_question(db, workshop, second["id"])  # one open at a time
    e, f, g = ideas(second, 3)
    for idea in (e, f):
        contributions.cast_vote(db, workshop, person, idea_id=idea)
    withdrawn = store.votes_of(db, person["id"])[-1]["client_id"]  # f's
    contributions.withdraw_vote(db, workshop, person, client_id=withdrawn)
    with store.transaction(db):  # a into b, b into c (a chain), e into g
        db.conn.execute("UPDATE ideas SET merged_into = ? WHERE id = ?", (b, a))
        db.conn.execute("UPDATE ideas SET merged_into = ? WHERE id = ?", (c, b))
        db.conn.execute("UPDATE ideas SET merged_into = ? WHERE id = ?", (g, e))
    everything = store.votes_of(db, person["id"])
    reference = [dict(row) for row in db.conn.execute(RECURSIVE_VOTES_OF, (person["id"],))]
    assert everything == reference
    assert [(v["idea_id"], v["counts_for"]) for v in everything] == [(a, c), (b, c), (e, g)]
    for question in (first, second):
        assert store.votes_of(db, person["id"], question["id"]) == [
            v for v in everything if v["question_id"] == question["id"]
        ]
    assert state.my_votes(db, workshop, person, second["id"]) == {
        "votes": [everything[2]],
        "votes_left": workshop["vote_budget"] - 1,
    }


def test_every_change_to_a_workshop_counts_up_its_revision(db, workshop):
    def revision():
        return db.conn.execute(
            "SELECT revision FROM workshops WHERE id = ?", (workshop["id"],)
        ).fetchone()[0]

    before = revision()
    with store.transaction(db):
        db.conn.execute("UPDATE workshops SET door_locked = 1 WHERE id = ?", (workshop["id"],))
    with store.transaction(db):
        db.conn.execute(
            "UPDATE workshops SET title = 'New', board_paused = 1 WHERE id = ?", (workshop["id"],)
        )
    assert revision() == before + 2


def test_a_kept_workshop_row_is_never_stale(app, tmp_path, db, workshop):
    """Each process keeps the rows it reads; a change from any connection (another
    process's, the CLI's) shows at once, and a rolled-back one never does."""
    code = workshop["code"]
    reader = store.connect(app.config["DATABASE"])
    assert store.workshop_by_code(reader, code)["door_locked"] == 0
    assert store.workshop_by_code(reader, code)["door_locked"] == 0  # the kept row
    other = sqlite3.connect(app.config["DATABASE"])  # as another process would
    other.execute("UPDATE workshops SET door_locked = 1 WHERE code = ?", (code,))
    other.commit()
    assert store.workshop_by_code(reader, code)["door_locked"] == 1

    # Read inside a transaction that is then rolled back: not kept.
    with pytest.raises(RuntimeError), store.transaction(db):
        db.conn.execute("UPDATE workshops SET door_locked = 0 WHERE code = ?", (code,))
        assert store.workshop_by_code(db, code)["door_locked"] == 0
        raise RuntimeError("refused")
    # The next committed change has the revision the rolled-back one had.
    other.execute("UPDATE workshops SET board_paused = 1 WHERE code = ?", (code,))
    other.commit()
    for connection in (reader, db):
        kept = store.workshop_by_code(connection, code)
        assert (kept["door_locked"], kept["board_paused"]) == (1, 1)

    # A copy each time: what a caller adds is not seen by the next.
    store.workshop_by_code(reader, code)["added"] = True
    assert "added" not in store.workshop_by_code(reader, code)

    # Another database file with a workshop of the same code keeps its own row.
    elsewhere = store.migrate(store.connect(tmp_path / "elsewhere.db"))
    with store.transaction(elsewhere):
        store.insert_workshop(
            elsewhere,
            code=code,
            title="Elsewhere",
            facilitator_key="another-key",
            framework=workshop["framework"],
            stages=workshop["stages"],
            vote_budget=3,
        )
    assert store.workshop_by_code(elsewhere, code)["title"] == "Elsewhere"
    assert store.workshop_by_code(reader, code)["title"] == workshop["title"]
    for conn in (reader.conn, other, elsewhere.conn):
        conn.close()


def test_a_tally_push_counts_votes_from_an_index_alone(db, workshop):
    """The pump reads the changed ideas' counts several times a second in a burst:
    from the covering index, never a table row per vote."""
    question = open_first(db, workshop)
    person = workshops.join(db, workshop, "carer")[0].value
    idea = contributions.submit_idea(
        db, workshop, person, question_id=question["id"], text="A carers' cafe"
    ).value
    contributions.cast_vote(db, workshop, person, idea_id=idea["id"])
    statements = []
    db.conn.set_trace_callback(statements.append)
    assert store.tallies(db, workshop["id"], [idea["id"]]) == {idea["id"]: {"carer": 1}}
    db.conn.set_trace_callback(None)
    (sql,) = [s for s in statements if "COUNT(*)" in s]
    plan = " | ".join(row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "SEARCH v USING COVERING INDEX votes_by_idea_and_role" in plan, plan
