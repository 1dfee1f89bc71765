"""End really ends (issue 11): joins, ideas, votes and stories refused with one
plain message, over HTTP and sockets, live on every screen, nothing stored
changed, the export still working; reopening needs a confirmation."""

import json

import requests
import socketio as socketio_client

from harness.clients import join, socket_for, wait_for
from harness.servers import server, workshop_cli
from workshop.room import contributions, maintenance, rules, stories, workshops
from workshop.room.errors import Conflict
from workshop.storage import db as store
from workshop.storage import records

ENDED = "This workshop has ended. Thank you."
EASY = "This meeting has ended. You cannot send more."


def stored(db, workshop):
    """Every row of the workshop, so a refused write can be shown to change nothing."""
    rows = {
        table: sorted(
            tuple(row)
            for row in db.conn.execute(
                f"SELECT * FROM {table} WHERE workshop_id = ?", (workshop["id"],)
            )
        )
        for table in records.tables_with_workshop_rows(db)
    }
    rows["workshops"] = [tuple(records.workshop_row(db, workshop["id"]).values())]
    return rows


def console(app, workshop):
    socket = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(socket, "snapshot")
    return socket


def test_end_from_the_console_refuses_every_attendee_write_over_http_and_socket(
    app, client, db, workshop, open_question
):
    join(client, workshop, "person_receiving_care")
    idea = client.post(
        f"/api/w/{workshop['code']}/ideas",
        json={
            "question_id": open_question["id"],
            "text": "Keep the same carers",
            "client_id": "idea-0001",
        },
    ).get_json()["idea"]
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board, "snapshot")
    facilitator = console(app, workshop)

    ack = facilitator.emit("end_workshop", {}, callback=True)
    assert ack["ok"] and ack["workshop"]["ended"] is True
    # Phones and the board hear it live.
    assert wait_for(phone, "event", lambda e: e["type"] == "workshop_ended")
    assert wait_for(board, "event", lambda e: e["type"] == "workshop_ended")
    before = stored(db, workshop)

    api = f"/api/w/{workshop['code']}"
    newcomer = app.test_client()
    refused = [
        newcomer.post(f"{api}/participants", json={"role": "provider"}),
        client.post(f"{api}/ideas", json={"question_id": open_question["id"], "text": "One more"}),
        client.post(f"{api}/votes", json={"idea_id": idea["id"], "client_id": "vote-0001"}),
        client.post(f"{api}/stories", json={"text": "A story", "may_quote": True}),
    ]
    for response in refused:
        assert response.status_code == 409
        assert response.get_json()["error"] == {
            "code": "workshop_ended",
            "message": ENDED,
            "easy_read": EASY,
        }
    for name, data in (
        ("submit_idea", {"question_id": open_question["id"], "text": "By socket"}),
        ("cast_vote", {"idea_id": idea["id"], "client_id": "vote-0002"}),
        ("submit_story", {"text": "By socket", "may_quote": False}),
    ):
        reply = phone.emit(name, data, callback=True)
        assert reply == {
            "ok": False,
            "error": {"code": "workshop_ended", "message": ENDED, "easy_read": EASY},
        }
    assert stored(db, workshop) == before

    # The export still works, with what was stored before the end.
    facilitator_http = app.test_client()
    facilitator_http.post(f"{api}/facilitator/session", json={"key": workshop["facilitator_key"]})
    markdown = facilitator_http.get(f"{api}/export.md")
    assert markdown.status_code == 200 and "Keep the same carers" in markdown.get_data(as_text=True)
    # A screen connecting afterwards learns it from the snapshot.
    late = socket_for(app, app.test_client(), workshop, "board")
    assert wait_for(late, "snapshot")["workshop"]["ended"] is True


def test_an_idea_already_acknowledged_is_still_acknowledged_when_resent_after_the_end(
    db, workshop, open_question
):
    person = workshops.join(db, workshop, "provider")[0].value
    fields = {"question_id": open_question["id"], "text": "Resent", "client_id": "idea-0002"}
    first = contributions.submit_idea(db, workshop, person, **fields)
    maintenance.end(db, workshop)
    ended = store.workshop_by_id(db, workshop["id"])
    again = contributions.submit_idea(db, ended, person, **fields)
    assert again.duplicate and again.value["id"] == first.value["id"]


def test_reopening_after_the_end_asks_for_a_confirmation(app, db, workshop, open_question):
    facilitator = console(app, workshop)
    assert facilitator.emit("end_workshop", {}, callback=True)["ok"]
    refused = facilitator.emit("reopen_workshop", {}, callback=True)
    assert refused["ok"] is False and refused["error"]["code"] == "confirm_needed"
    assert store.workshop_by_id(db, workshop["id"])["ended_at"] is not None
    # The console cannot open a question while the workshop is ended either.
    second = rules.agenda(db, workshop)[1]
    reply = facilitator.emit("open_question", {"question_id": second["id"]}, callback=True)
    assert reply["error"]["code"] == "workshop_ended"
    reopened = facilitator.emit("reopen_workshop", {"confirm": True}, callback=True)
    assert reopened["ok"] and reopened["workshop"]["ended"] is False
    person = workshops.join(db, store.workshop_by_id(db, workshop["id"]), "provider")[0].value
    assert person["role"] == "provider"


def test_ending_twice_is_a_repeat_not_an_error(db, workshop):
    assert not maintenance.end(db, workshop).duplicate
    assert maintenance.end(db, store.workshop_by_id(db, workshop["id"])).duplicate


def test_a_story_is_refused_after_the_end(db, workshop):
    person = workshops.join(db, workshop, "carer")[0].value
    maintenance.end(db, workshop)
    ended = store.workshop_by_id(db, workshop["id"])
    try:
        stories.submit_story(
            db, ended, person, text="Late", may_quote=True, client_id="story-late1"
        )
    except Conflict as error:
        assert error.message == ENDED
    else:
        raise AssertionError("a story was accepted after the end")


def test_workshop_end_on_the_command_line_tells_a_running_server_live(tmp_path):
    db_path = tmp_path / "end.db"
    made = json.loads(workshop_cli("new", "Supported living, Dover", "--json", db=db_path).stdout)
    with server(db_path) as base:
        port = base.rsplit(":", 1)[1]
        phone = requests.Session()
        assert phone.post(f"{base}/api/w/{made['code']}/participants", json={"role": "provider"}).ok
        board = socketio_client.SimpleClient()
        board.connect(
            base,
            auth={"code": made["code"], "view": "board"},
            transports=["websocket"],
            wait_timeout=10,
        )
        assert board.receive(timeout=5)[0] == "snapshot"
        done = workshop_cli("end", made["code"], "--public-url", base, "--port", port, db=db_path)
        assert "told straight away" in done.stdout
        name, event = board.receive(timeout=5)
        assert name == "event" and event["type"] == "workshop_ended"
        board.disconnect()
        late = requests.post(f"{base}/api/w/{made['code']}/participants", json={"role": "carer"})
        assert late.status_code == 409 and late.json()["error"]["message"] == ENDED
