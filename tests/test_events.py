"""Socket.IO handlers through Flask-SocketIO's test client."""

import threading
import time

from harness.clients import join, socket_for, wait_for
from workshop.storage import db as store


def snapshot_of(socket):
    return wait_for(socket, "snapshot")


def test_phone_needs_to_have_joined(app, client, workshop):
    socket = socket_for(app, client, workshop, "phone")
    assert not socket.is_connected()


def test_unknown_code_or_view_is_refused(app, client, workshop):
    assert not socket_for(app, client, {"code": "NOPE99"}, "board").is_connected()
    assert not socket_for(app, client, workshop, "projector").is_connected()


def test_console_needs_the_key(app, client, workshop):
    assert not socket_for(app, client, workshop, "console").is_connected()
    assert not socket_for(app, client, workshop, "console", key="guess").is_connected()
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    assert console.is_connected()
    assert [r["count"] for r in snapshot_of(console)["roster"]] == [0] * 6


def test_idea_is_acknowledged_after_commit_and_reaches_the_board(
    app, client, db, workshop, open_question
):
    board = socket_for(app, app.test_client(), workshop, "board")
    assert snapshot_of(board)["ideas"] == []
    join(client, workshop, "person_receiving_care")
    phone = socket_for(app, client, workshop, "phone")
    assert snapshot_of(phone)["me"]["role"] == "person_receiving_care"
    ack = phone.emit(
        "submit_idea",
        {"question_id": open_question["id"], "text": "<b>Jobs</b>", "client_id": "phone-idea-1"},
        callback=True,
    )
    assert ack["ok"] and ack["idea"]["text"] == "<b>Jobs</b>"
    assert store.idea_by_id(db, ack["idea"]["id"])  # committed before the ack
    event = wait_for(board, "event", lambda e: e["type"] == "idea_added")
    assert event["data"]["idea"]["expert_by_experience"] is True
    assert event["seq"] == store.last_seq(db, workshop["id"])


def test_votes_reach_the_board_as_coalesced_tallies(app, client, workshop, open_question):
    board = socket_for(app, app.test_client(), workshop, "board")
    snapshot_of(board)
    join(client, workshop, "provider")
    phone = socket_for(app, client, workshop, "phone")
    snapshot_of(phone)
    ideas = [
        phone.emit(
            "submit_idea", {"question_id": open_question["id"], "text": f"Idea {n}"}, callback=True
        )["idea"]
        for n in range(3)
    ]
    acks = [phone.emit("cast_vote", {"idea_id": idea["id"]}, callback=True) for idea in ideas]
    assert [a["votes_left"] for a in acks] == [2, 1, 0]
    over = phone.emit("cast_vote", {"idea_id": ideas[0]["id"]}, callback=True)
    assert over == {
        "ok": False,
        "error": {
            "code": "already_voted",
            "message": "You have already voted for this idea.",
            "easy_read": "You voted for this already.",
        },
    }
    tallies = {}
    while len(tallies) < 3:
        tallies.update(wait_for(board, "tallies")["tallies"])
    assert all(t == {"total": 1, "by_role": {"provider": 1}} for t in tallies.values())
    back = phone.emit("withdraw_vote", {"client_id": acks[0]["vote"]["client_id"]}, callback=True)
    assert back["ok"] and back["votes_left"] == 1
    update = wait_for(board, "tallies", lambda t: str(ideas[0]["id"]) in t["tallies"])
    assert update["tallies"][str(ideas[0]["id"])]["total"] == 0


def test_bad_socket_input_gets_an_error_ack_and_changes_nothing(
    app, client, db, workshop, open_question
):
    join(client, workshop, "provider")
    phone = socket_for(app, client, workshop, "phone")
    before = store.last_seq(db, workshop["id"])
    for payload in (
        None,
        "text",
        [],
        {"question_id": open_question["id"]},
        {"question_id": open_question["id"], "text": "x" * 501},
        {"question_id": open_question["id"], "text": "ok", "client_id": "no spaces!"},
    ):
        ack = phone.emit("submit_idea", payload, callback=True)
        assert ack["ok"] is False and ack["error"]["message"], payload
    assert phone.emit("cast_vote", {"idea_id": "1"}, callback=True)["ok"] is False
    assert phone.emit("catch_up", {"since": -1}, callback=True)["ok"] is False
    assert store.last_seq(db, workshop["id"]) == before


def test_an_attendee_socket_cannot_run_facilitator_actions(app, client, db, workshop):
    join(client, workshop, "commissioner")
    phone = socket_for(app, client, workshop, "phone")
    question = store.questions_of(db, workshop["id"])[0]
    ack = phone.emit("open_question", {"question_id": question["id"]}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    board = socket_for(app, app.test_client(), workshop, "board")
    assert (
        board.emit("open_question", {"question_id": question["id"]}, callback=True)["ok"] is False
    )
    assert (
        board.emit("submit_idea", {"question_id": question["id"], "text": "x"}, callback=True)["ok"]
        is False
    )
    assert store.question_by_id(db, question["id"])["status"] == "waiting"


def test_console_opens_and_closes_questions_live(app, client, db, workshop):
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    board = socket_for(app, app.test_client(), workshop, "board")
    questions = snapshot_of(console)["questions"]
    ack = console.emit("open_question", {"question_id": questions[0]["id"]}, callback=True)
    assert ack["ok"] and ack["question"]["status"] == "open"
    assert wait_for(board, "event", lambda e: e["type"] == "question_opened")["data"] == {
        "question_id": questions[0]["id"]
    }
    again = console.emit("close_question", {"question_id": questions[1]["id"]}, callback=True)
    assert again["ok"] is False and again["error"]["code"] == "conflict"


def test_reconnecting_phone_catches_up_from_its_last_sequence(
    app, client, db, workshop, open_question
):
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    seen = snapshot_of(phone)["seq"]
    phone.disconnect()
    writer_client = app.test_client()
    join(writer_client, workshop, "provider")
    writer = socket_for(app, writer_client, workshop, "phone")
    idea = writer.emit(
        "submit_idea", {"question_id": open_question["id"], "text": "While away"}, callback=True
    )["idea"]
    writer.emit("cast_vote", {"idea_id": idea["id"]}, callback=True)
    back = socket_for(app, client, workshop, "phone", since=seen)
    missed = wait_for(back, "caught_up")
    # A join is news for the big screens only, on catch-up as live.
    assert [e["type"] for e in missed["events"]] == ["idea_added"]
    assert missed["tallies"][str(idea["id"])]["total"] == 1
    assert missed["seq"] == store.last_seq(db, workshop["id"])
    explicit = back.emit("catch_up", {"since": seen}, callback=True)
    assert explicit["events"] == missed["events"]


def test_a_vote_s_reply_is_read_by_the_writer_not_from_a_pooled_connection(
    app, client, db, workshop, open_question, monkeypatch
):
    """In a burst every commit empties a pooled connection's page cache: the vote's
    standing votes are read in its own write, where the pages are warm."""
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    snapshot_of(phone)
    sent = {"question_id": open_question["id"], "text": "Evening visits", "client_id": "idea-1-x"}
    idea = phone.emit("submit_idea", sent, callback=True)["idea"]["id"]
    pool = app.extensions["db_pool"]
    pooled = []
    acquire = pool.acquire

    def traced(*args, **kwargs):  # the real pool; every statement its connection runs is noted
        connection = acquire(*args, **kwargs)
        connection.conn.set_trace_callback(pooled.append)
        return connection

    monkeypatch.setattr(pool, "acquire", traced)
    ack = phone.emit("cast_vote", {"idea_id": idea, "client_id": "vote-client-1"}, callback=True)
    assert ack["ok"] and not ack["duplicate"]
    voter = store.vote_by_client_id(db, workshop["id"], "vote-client-1")["participant_id"]
    assert ack["votes"] == store.votes_of(db, voter, open_question["id"])
    assert [v["idea_id"] for v in ack["votes"]] == [idea]
    assert ack["votes_left"] == workshop["vote_budget"] - 1
    # On the pooled connection: the workshop's stamp and the resend check, no more.
    assert [s.split(" FROM ")[1].split()[0] for s in pooled] == ["workshops", "votes"]
    again = phone.emit("cast_vote", {"idea_id": idea, "client_id": "vote-client-1"}, callback=True)
    assert again["duplicate"] and again["votes"] == ack["votes"]  # a resend: the same reply


def test_a_vote_hands_its_pooled_connection_back_before_it_waits_for_its_commit(
    app, client, db, workshop, open_question
):
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    snapshot_of(phone)
    sent = {"question_id": open_question["id"], "text": "Evening visits", "client_id": "idea-2-x"}
    idea = phone.emit("submit_idea", sent, callback=True)["idea"]["id"]
    pool = app.extensions["db_pool"]
    db.conn.execute("BEGIN IMMEDIATE")  # the group commit's BEGIN waits for this
    acks = []
    vote = {"idea_id": idea, "client_id": "vote-client-2"}
    voter = threading.Thread(
        target=lambda: acks.append(phone.emit("cast_vote", vote, callback=True))
    )
    voter.start()
    try:
        group_commit = app.extensions["group_commit"]
        deadline = time.monotonic() + 5
        while group_commit.writer is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)  # the writer is in its BEGIN, the vote waits for it
        assert not acks
        assert pool.open == len(pool.idle)  # every pooled connection is idle meanwhile
    finally:
        db.conn.execute("COMMIT")
        voter.join(10)
    assert acks[0]["ok"] and [v["idea_id"] for v in acks[0]["votes"]] == [idea]
