"""The board's themes view on the server (issue 22): accepted themes in the
board's snapshot and live, and the facilitator stepping into one theme."""

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.room import board, contributions, theming, workshops
from workshop.room.errors import Invalid, NotFound
from workshop.web import state

TEXTS = ["Paid jobs for people who get care", "Work for people who receive care", "A job"]


@pytest.fixture
def ideas(db, workshop, open_question):
    author = workshops.join(db, workshop, "provider")[0].value
    return [
        contributions.submit_idea(
            db, workshop, author, question_id=open_question["id"], text=t
        ).value["id"]
        for t in TEXTS
    ]


def test_boards_and_phones_get_themes_in_their_snapshot_and_live(
    app, client, db, workshop, open_question, ideas
):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    board_socket = socket_for(app, app.test_client(), workshop, "board")
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    assert wait_for(board_socket, "snapshot")["themes"] == []
    assert wait_for(phone, "snapshot")["themes"] == []  # phones group their list by them
    wait_for(console, "snapshot")
    label = "<img src=x onerror=alert(1)>Work"
    ack = console.emit(
        "accept_themes",
        {"question_id": open_question["id"], "groups": [{"label": label, "ideas": ideas}]},
        callback=True,
    )
    assert ack["ok"], ack
    heard = wait_for(board_socket, "event", lambda e: e["type"] == "themes_changed")
    assert heard["data"]["groups"][0]["label"] == label
    snap = state.snapshot(db, workshops.get(db, workshop["code"]), "board")
    assert snap["themes"] == [
        {"question_id": open_question["id"], "groups": ack["themes"]["groups"]}
    ]
    replay = state.catch_up(db, workshop, 0, view="board")["events"]
    assert any(e["type"] == "themes_changed" for e in replay)
    assert any(e["type"] == "themes_changed" for e in state.catch_up(db, workshop, 0)["events"])


def test_facilitator_steps_into_a_theme_and_out(app, db, workshop, open_question, ideas):
    theme = theming.accept_themes(
        db, workshop, open_question["id"], [{"label": "Work", "ideas": ideas}]
    ).value["groups"][0]
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    board_socket = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board_socket, "snapshot")
    ack = console.emit("set_board_view", {"view": "themes", "theme_id": theme["id"]}, callback=True)
    assert (ack["settings"]["board_view"], ack["settings"]["board_theme_id"]) == (
        "themes",
        theme["id"],
    )
    event = wait_for(board_socket, "event", lambda e: e["type"] == "board_view")
    assert event["data"] == {"view": "themes", "rank": "room", "theme_id": theme["id"]}
    # A change of ranking alone stays in the theme; a later board is told it.
    console.emit("set_board_view", {"rank": "experts"}, callback=True)
    later = socket_for(app, app.test_client(), workshop, "board")
    settings = wait_for(later, "snapshot")["settings"]
    assert (settings["board_view"], settings["board_theme_id"]) == ("themes", theme["id"])
    out = console.emit("set_board_view", {"view": "themes"}, callback=True)["settings"]
    assert (out["board_view"], out["board_theme_id"]) == ("themes", None)


def test_stepping_into_a_theme_that_is_not_there_changes_nothing(
    app, db, workshop, open_question, ideas
):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    for bad, code in (
        ({"view": "themes", "theme_id": 999}, "not_found"),
        ({"view": "themes", "theme_id": "1; drop"}, "bad_id"),
        ({"view": "ideas", "theme_id": 1}, "bad_view"),
    ):
        ack = console.emit("set_board_view", bad, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == code, (bad, ack)
    assert workshops.get(db, workshop["code"])["board_view"] == "ideas"
    with pytest.raises(NotFound):
        board.set_view(db, workshop, "themes", theme_id=999)
    with pytest.raises(Invalid):
        board.set_view(db, workshop, "results", theme_id=1)
