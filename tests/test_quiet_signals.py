"""Issue 25: quiet signals, "I need more time" and "I don't understand":
once per person, kind and question; anonymous counts; in the report."""

import pytest

from harness.clients import join
from workshop.room import agenda, quiet_signals, workshops
from workshop.room.errors import Conflict, Invalid
from workshop.storage import db as store
from workshop.web import state


def person(db, workshop, role="carer"):
    return workshops.join(db, workshop, role)[0].value


def test_a_signal_counts_once_per_person_and_question(db, workshop, open_question):
    first, second = person(db, workshop), person(db, workshop, "provider")
    q = open_question["id"]
    change = quiet_signals.send(db, workshop, first, question_id=q, kind="more_time")
    assert change.value == {
        "question_id": q,
        "kind": "more_time",
        "more_time": 1,
        "not_understood": 0,
    }
    assert [e["type"] for e in change.events] == ["quiet_signal"]
    again = quiet_signals.send(db, workshop, first, question_id=q, kind="more_time")
    assert again.duplicate and again.events == []
    quiet_signals.send(db, workshop, second, question_id=q, kind="more_time")
    quiet_signals.send(db, workshop, second, question_id=q, kind="not_understood")
    assert quiet_signals.counts(db, workshop) == {str(q): {"more_time": 2, "not_understood": 1}}
    assert quiet_signals.mine(db, second) == {str(q): ["more_time", "not_understood"]}
    # Counts only: nothing says who sent which.
    snap = state.snapshot(db, workshop, "console")
    assert snap["quiet"] == {str(q): {"more_time": 2, "not_understood": 1}}
    assert state.audience("quiet_signal") == ("board", "console")


def test_a_new_question_starts_from_nothing_and_a_closed_one_takes_none(
    db, workshop, open_question
):
    someone = person(db, workshop)
    quiet_signals.send(db, workshop, someone, question_id=open_question["id"], kind="more_time")
    questions = store.questions_of(db, workshop["id"])
    agenda.open_question(db, workshop, question_id=questions[1]["id"])
    change = quiet_signals.send(
        db, workshop, someone, question_id=questions[1]["id"], kind="more_time"
    )
    assert change.value["more_time"] == 1  # reset per question
    with pytest.raises(Conflict):
        quiet_signals.send(db, workshop, someone, question_id=open_question["id"], kind="more_time")
    with pytest.raises(Invalid):
        quiet_signals.send(db, workshop, someone, question_id=questions[1]["id"], kind="shout")


def test_the_report_method_counts_them(db, workshop, open_question):
    assert quiet_signals.method_line(db, workshop) is None
    quiet_signals.send(
        db, workshop, person(db, workshop), question_id=open_question["id"], kind="not_understood"
    )
    line = quiet_signals.method_line(db, workshop)
    assert "“I don't understand” 1 times" in line and "on 1 question." in line


def test_over_http_and_the_board_setting(client, workshop, open_question):
    join(client, workshop, "carer")
    code = workshop["code"]
    reply = client.post(
        f"/api/w/{code}/quiet-signals",
        json={"question_id": open_question["id"], "kind": "not_understood"},
    )
    assert reply.status_code in (200, 201), reply.get_data(as_text=True)
    assert reply.get_json()["quiet"]["not_understood"] == 1


def test_the_report_method_section_carries_the_line(db, workshop, open_question):
    from workshop.report.gather import build

    quiet_signals.send(
        db, workshop, person(db, workshop), question_id=open_question["id"], kind="more_time"
    )
    method = build(db, [workshop])["wording"]["method"]
    assert any("“I need more time” 1 times" in line for line in method), method
