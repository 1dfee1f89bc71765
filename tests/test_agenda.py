"""The agenda: stage order, reordering, the workshop's own questions, timers
and extra time; through the domain, sockets and HTTP."""

from datetime import datetime, timedelta

import pytest

from harness.clients import socket_for, wait_for
from workshop.room import agenda, rules, setting_up, workshops
from workshop.room.errors import Conflict, Invalid, NotFound
from workshop.storage import db as store
from workshop.web import state


def stages(db, workshop):
    return [q["stage"] for q in rules.agenda(db, workshop)]


def test_agenda_runs_in_stage_order_and_reorders_within_a_stage(db, workshop):
    assert stages(db, workshop) == ["analyse"] * 3 + ["plan"] * 4
    ids = [q["id"] for q in rules.agenda(db, workshop)]
    change = agenda.reorder(db, workshop, [ids[2], ids[0], ids[1]] + ids[3:])
    assert [q["id"] for q in change.value] == [ids[2], ids[0], ids[1]] + ids[3:]
    assert [q["position"] for q in change.value] == list(range(1, 8))
    assert change.events[0]["type"] == "agenda_changed"
    with pytest.raises(Invalid, match="within their stage"):
        agenda.reorder(db, workshop, [ids[3]] + ids[:3] + ids[4:])
    for bad in ([], ids[:-1], ids + [ids[0]], [str(i) for i in ids], "1,2", None):
        with pytest.raises(Invalid):
            agenda.reorder(db, workshop, bad)
    first = rules.agenda(db, workshop)[0]["id"]
    with pytest.raises(Conflict, match="edge"):
        agenda.move(db, workshop, first, -1)
    agenda.move(db, workshop, first, 1)
    assert rules.agenda(db, workshop)[1]["id"] == first
    last_analyse = rules.agenda(db, workshop)[2]["id"]
    with pytest.raises(Conflict):  # the next one is in the Plan stage
        agenda.move(db, workshop, last_analyse, 1)


def test_own_questions_join_their_stage_and_only_they_can_be_edited(db, workshop):
    framework_question = rules.agenda(db, workshop)[0]
    added = agenda.add_question(
        db, workshop, stage="analyse", text="What would make you come back next time?"
    ).value
    assert added["framework_key"] is None and added["easy_read"] == added["text"]
    assert [q["id"] for q in rules.agenda(db, workshop)][3] == added["id"]
    assert stages(db, workshop) == ["analyse"] * 4 + ["plan"] * 4
    edited = agenda.edit_question(
        db,
        workshop,
        added["id"],
        text="What would bring you back?",
        easy_read="Would you come again?",
    ).value
    assert (edited["text"], edited["easy_read"]) == (
        "What would bring you back?",
        "Would you come again?",
    )
    with pytest.raises(Conflict, match="word for word"):
        agenda.edit_question(db, workshop, framework_question["id"], text="Changed")
    for bad in (
        {"stage": "review", "text": "Not in scope"},
        {"stage": "analyse", "text": " "},
        {"stage": "analyse", "text": "ok", "kind": "poll"},
        {"stage": "analyse", "text": "x" * 501},
    ):
        with pytest.raises(Invalid):
            agenda.add_question(db, workshop, **bad)
    risk = agenda.add_question(
        db, workshop, stage="plan", text="Any risk to volunteers?", kind="risk"
    ).value
    assert risk["kind"] == "risk"


def at(base, seconds):
    return (datetime.fromisoformat(base) + timedelta(seconds=seconds)).isoformat(
        timespec="milliseconds"
    )


def test_timer_pauses_adds_time_and_stretches_with_extra_time(db, workshop):
    question = rules.agenda(db, workshop)[0]
    with pytest.raises(Conflict, match="no timer"):
        agenda.start_timer(db, workshop, question["id"])
    agenda.set_timer(db, workshop, question["id"], 300)
    row = store.question_by_id(db, question["id"])
    assert rules.remaining_ms(row, 0) == 300_000
    agenda.open_question(db, workshop, question["id"])  # a set timer starts with its question
    row = store.question_by_id(db, question["id"])
    assert row["timer_started_at"]
    assert rules.remaining_ms(row, 0, at(row["timer_started_at"], 60)) == 240_000
    with pytest.raises(Conflict, match="already running"):
        agenda.start_timer(db, workshop, question["id"])
    paused = agenda.pause_timer(db, workshop, question["id"]).value
    assert paused["timer_started_at"] is None and paused["timer_elapsed_ms"] >= 0
    with pytest.raises(Conflict, match="not running"):
        agenda.pause_timer(db, workshop, question["id"])
    agenda.add_time(db, workshop, question["id"], 60)
    row = store.question_by_id(db, question["id"])
    assert row["timer_seconds"] == 360
    assert rules.remaining_ms(row, 0) == 360_000 - row["timer_elapsed_ms"]
    agenda.set_extra_time(db, workshop, 50)
    assert rules.remaining_ms(row, 50) == 540_000 - row["timer_elapsed_ms"]
    snapshot = state.snapshot(db, workshops.get(db, workshop["code"]), "board")
    assert snapshot["settings"]["extra_time_percent"] == 50
    assert snapshot["questions"][0]["timer"] == {
        "seconds": 360,
        "started_at": None,
        "elapsed_ms": row["timer_elapsed_ms"],
        "running": False,
    }
    for bad in (-1, 201, "10", 1.5, True):
        with pytest.raises(Invalid):
            agenda.set_extra_time(db, workshop, bad)
    for bad in (0, -5, "60", 3601):
        with pytest.raises(Invalid):
            agenda.add_time(db, workshop, question["id"], bad)
    agenda.close_question(db, workshop, question["id"])
    agenda.set_timer(db, workshop, question["id"], 0)
    assert store.question_by_id(db, question["id"])["timer_seconds"] is None


def test_time_added_after_time_is_up_counts_from_now(db, workshop):
    """+1 min on a timer that ran over by more than a minute gave the room no
    time: the timer was lengthened and still said "Time is up"."""
    question = rules.agenda(db, workshop)[0]
    agenda.set_extra_time(db, workshop, 0)
    workshop = workshops.get(db, workshop["code"])
    agenda.set_timer(db, workshop, question["id"], 120)
    long_ago = at(store.now(), -600)  # started ten minutes ago: eight over
    with store.transaction(db):
        store.update_question(db, question["id"], timer_started_at=long_ago)
    row = store.question_by_id(db, question["id"])
    assert rules.remaining_ms(row, 0) < -400_000
    agenda.add_time(db, workshop, question["id"], 60)
    row = store.question_by_id(db, question["id"])
    assert row["timer_started_at"] and row["timer_started_at"] != long_ago  # still running
    assert 55_000 < rules.remaining_ms(row, 0) <= 60_000
    # Paused after running over: the minute waits for Start.
    with store.transaction(db):
        store.update_question(db, question["id"], timer_started_at=None, timer_elapsed_ms=500_000)
    agenda.add_time(db, workshop, question["id"], 60)
    row = store.question_by_id(db, question["id"])
    assert row["timer_started_at"] is None and rules.remaining_ms(row, 0) == 60_000
    # With extra time set for the room, the added minute gets it too.
    agenda.set_extra_time(db, workshop, 50)
    workshop = workshops.get(db, workshop["code"])
    with store.transaction(db):
        store.update_question(db, question["id"], timer_elapsed_ms=200_000)
    agenda.add_time(db, workshop, question["id"], 60)
    row = store.question_by_id(db, question["id"])
    assert rules.remaining_ms(row, 50) == 90_000
    # Time not yet up: lengthened as before, the time run kept.
    agenda.add_time(db, workshop, question["id"], 60)
    row = store.question_by_id(db, question["id"])
    assert row["timer_seconds"] == 120 and rules.remaining_ms(row, 50) == 180_000


def test_closing_a_question_stops_its_timer_where_it_is(db, workshop):
    question = rules.agenda(db, workshop)[0]
    agenda.set_timer(db, workshop, question["id"], 120)
    agenda.open_question(db, workshop, question["id"])
    change = agenda.close_question(db, workshop, question["id"])
    assert [e["type"] for e in change.events] == ["question_closed", "timer_changed"]
    assert store.question_by_id(db, question["id"])["timer_started_at"] is None
    with pytest.raises(Conflict):
        agenda.close_question(db, workshop, question["id"])


def test_timer_state_is_the_same_on_two_consoles_and_the_board(app, db, workshop):
    key = workshop["facilitator_key"]
    first = socket_for(app, app.test_client(), workshop, "console", key=key)
    second = socket_for(app, app.test_client(), workshop, "console", key=key)
    board = socket_for(app, app.test_client(), workshop, "board")
    for socket in (first, second, board):
        wait_for(socket, "snapshot")
    question = rules.agenda(db, workshop)[0]
    ack = first.emit("set_timer", {"question_id": question["id"], "seconds": 600}, callback=True)
    assert ack["ok"] and ack["question"]["timer"]["seconds"] == 600
    ack = first.emit("start_timer", {"question_id": question["id"]}, callback=True)
    started = ack["question"]["timer"]["started_at"]
    for socket in (second, board):
        event = wait_for(
            socket,
            "event",
            lambda e: e["type"] == "timer_changed" and e["data"]["timer"]["running"],
        )
        assert event["data"]["timer"]["started_at"] == started
    again = second.emit("start_timer", {"question_id": question["id"]}, callback=True)
    assert again["ok"] is False and again["error"]["code"] == "timer_running"
    reconnected = socket_for(app, app.test_client(), workshop, "board")
    assert wait_for(reconnected, "snapshot")["questions"][0]["timer"]["started_at"] == started


def test_agenda_over_http_and_errors(client, db, workshop):
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    base = f"/api/w/{workshop['code']}/console"
    added = client.post(
        f"{base}/add_question",
        headers=key,
        json={"stage": "plan", "text": "Who else should we ask?"},
    )
    assert added.status_code == 200
    question_id = added.get_json()["question"]["id"]
    assert (
        client.post(
            f"{base}/move_question", headers=key, json={"question_id": question_id, "offset": -1}
        ).status_code
        == 200
    )
    questions = client.get(f"/api/w/{workshop['code']}").get_json()["questions"]
    assert [q["id"] for q in questions].index(question_id) == 6
    refused = client.post(f"{base}/move_question", json={"question_id": question_id, "offset": 1})
    assert refused.status_code == 403
    closed = client.post(f"/api/w/{workshop['code']}/questions/{question_id}/close", headers=key)
    assert closed.status_code == 409
    missing = client.post(
        f"{base}/set_timer", headers=key, json={"question_id": 999_999, "seconds": 60}
    )
    assert missing.status_code == 404
    with pytest.raises(NotFound):
        agenda.set_timer(db, workshops.create(db, "Other"), question_id, 60)


def test_planned_minutes_start_the_questions_timer(db, workshop):
    first, second = rules.agenda(db, workshop)[:2]
    setting_up.set_timing(db, workshop, first["id"], minutes=20)
    change = agenda.open_question(db, workshop, first["id"])
    timers = [e for e in change.events if e["type"] == "timer_changed"]
    assert timers and timers[0]["data"]["timer"]["seconds"] == 20 * 60
    assert timers[0]["data"]["timer"]["running"]
    # A timer the facilitator set wins over the plan; no plan, no timer.
    setting_up.set_timing(db, workshop, second["id"], minutes=15)
    agenda.set_timer(db, workshop, second["id"], 300)
    change = agenda.open_question(db, workshop, second["id"])
    started = [e["data"] for e in change.events if e["type"] == "timer_changed"]
    assert [t["timer"]["seconds"] for t in started if t["question_id"] == second["id"]] == [300]
    third = rules.agenda(db, workshop)[2]
    change = agenda.open_question(db, workshop, third["id"])
    started = [e["data"] for e in change.events if e["type"] == "timer_changed"]
    assert not [t for t in started if t["question_id"] == third["id"]]
