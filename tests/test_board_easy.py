"""The board in easy read and its voice (issue 25): the facilitator chooses
the question's wording on the board, and asks every board to read it aloud;
through the domain and the sockets (boards and consoles hear it, phones do not)."""

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.room import agenda, board, maintenance
from workshop.room.errors import Conflict, Invalid
from workshop.storage import db as store


def test_the_board_wording_is_a_setting_every_screen_hears(db, workshop):
    assert board.set_wording(db, workshop, "both").events[0]["data"]["board_wording"] == "both"
    workshop = store.workshop_by_id(db, workshop["id"])
    assert workshop["board_wording"] == "both"
    for bad in ("plain", None, 3, ""):
        with pytest.raises(Invalid) as refused:
            board.set_wording(db, workshop, bad)
        assert refused.value.code == "bad_wording"


def test_read_aloud_reads_the_question_the_board_shows_in_its_wording(db, workshop):
    with pytest.raises(Conflict) as refused:
        board.read_aloud(db, workshop)  # nothing on the board yet
    assert refused.value.code == "no_question"
    first = store.questions_of(db, workshop["id"])[0]
    agenda.open_question(db, workshop, question_id=first["id"])
    workshop = store.workshop_by_id(db, workshop["id"])
    change = board.read_aloud(db, workshop)
    assert change.value == {
        "question_id": first["id"],
        "wording": "framework",
        "text": first["text"],
    }
    assert change.events[0]["type"] == "question_read_aloud"
    board.set_wording(db, workshop, "easy")
    workshop = store.workshop_by_id(db, workshop["id"])
    assert board.read_aloud(db, workshop).value["text"] == first["easy_read"]
    # Closed, it stays on the board and can still be read; "waiting" blanks it.
    agenda.close_question(db, workshop, question_id=first["id"])
    workshop = store.workshop_by_id(db, workshop["id"])
    assert board.read_aloud(db, workshop).value["question_id"] == first["id"]
    board.set_waiting(db, workshop, True)
    workshop = store.workshop_by_id(db, workshop["id"])
    with pytest.raises(Conflict):
        board.read_aloud(db, workshop)
    # Ended, the board shows its thank-you: the last question is not read out.
    board.set_waiting(db, workshop, False)
    workshop = store.workshop_by_id(db, workshop["id"])
    assert board.read_aloud(db, workshop).value["question_id"] == first["id"]
    maintenance.end(db, workshop)
    workshop = store.workshop_by_id(db, workshop["id"])
    before = store.events_since(db, workshop["id"], 0, 1000)
    with pytest.raises(Conflict) as refused:
        board.read_aloud(db, workshop)
    assert refused.value.code == "workshop_ended"
    assert store.events_since(db, workshop["id"], 0, 1000) == before  # nothing changed


def test_boards_and_consoles_hear_read_aloud_and_phones_do_not(
    app, client, db, workshop, open_question
):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    screen = socket_for(app, app.test_client(), workshop, "board")
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    for s in (console, screen, phone):
        wait_for(s, "snapshot")
    ack = console.emit("set_board_wording", {"wording": "both"}, callback=True)
    assert ack["settings"]["board_wording"] == "both"
    bad = console.emit("set_board_wording", {"wording": "loud"}, callback=True)
    assert bad["error"]["code"] == "bad_wording"
    ack = console.emit("read_question_aloud", {}, callback=True)
    assert ack["read_aloud"]["text"] == open_question["easy_read"]
    heard = wait_for(screen, "event", lambda e: e["type"] == "question_read_aloud")
    assert heard["data"]["text"] == open_question["easy_read"] and heard["at"]
    wait_for(console, "event", lambda e: e["type"] == "question_read_aloud")
    # An attendee can neither change the board nor make it speak.
    assert phone.emit("read_question_aloud", {}, callback=True)["ok"] is False
    # The phone's next event is the idea after it: the read-aloud never came.
    phone.emit("submit_idea", {"question_id": open_question["id"], "text": "x"}, callback=True)
    seen = []
    wait_for(phone, "event", lambda e: seen.append(e["type"]) or e["type"] == "idea_added")
    assert "question_read_aloud" not in seen
