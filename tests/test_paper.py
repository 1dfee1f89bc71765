"""Paper idea cards: typed in from the console with the card's printed number,
never twice, and counted as paper in the report."""

import csv
import io

from harness.clients import socket_for, wait_for
from workshop.report import export
from workshop.storage import db as store


def scribe(client, workshop, question, **extra):
    body = {"question_id": question["id"], "text": "Bus passes", "role": "carer", **extra}
    return client.post(f"/api/w/{workshop['code']}/console/scribe_idea", json=body)


def facilitator(app, workshop):
    client = app.test_client()
    response = client.post(
        f"/api/w/{workshop['code']}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    assert response.status_code == 200
    return client


def test_the_same_card_number_twice_is_refused(app, db, workshop, open_question):
    console = facilitator(app, workshop)
    first = scribe(console, workshop, open_question, card_number=101)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["idea"]["origin"] == "paper"
    again = scribe(console, workshop, open_question, card_number="101", text="Something else")
    assert again.status_code == 409
    error = again.get_json()["error"]
    assert (
        error["code"] == "card_entered" and "Card 101 has already been typed in" in error["message"]
    )
    # Over the console's socket too.
    socket = socket_for(app, console, workshop, "console")
    wait_for(socket, "snapshot")
    ack = socket.emit(
        "scribe_idea",
        {
            "question_id": open_question["id"],
            "text": "Third try",
            "role": "carer",
            "card_number": 101,
        },
        callback=True,
    )
    assert ack["ok"] is False and ack["error"]["code"] == "card_entered"
    ideas = store.ideas_of(db, workshop["id"])
    assert [(i["text"], i["card_number"], i["origin"]) for i in ideas] == [
        ("Bus passes", 101, "paper")
    ]


def test_a_resend_of_the_same_card_is_not_a_second_card(app, db, workshop, open_question):
    console = facilitator(app, workshop)
    body = {"card_number": 7, "client_id": "scribe-card-0007"}
    assert scribe(console, workshop, open_question, **body).status_code == 200
    resend = scribe(console, workshop, open_question, **body)
    assert resend.status_code == 200 and resend.get_json()["duplicate"] is True
    assert len(store.ideas_of(db, workshop["id"])) == 1


def test_bad_card_numbers_are_refused(app, db, workshop, open_question):
    console = facilitator(app, workshop)
    for bad in (0, -1, 100000, "twelve", True, 1.5, [1]):
        response = scribe(console, workshop, open_question, card_number=bad)
        assert response.status_code == 400, bad
        assert response.get_json()["error"]["code"] == "bad_card_number"
    # No card number: typed from the floor, counted with the room.
    floor = scribe(console, workshop, open_question)
    assert floor.get_json()["idea"]["origin"] == "room"


def test_the_report_counts_paper_contributions(app, db, workshop, open_question):
    console = facilitator(app, workshop)
    for n in (101, 102, 103):
        assert (
            scribe(console, workshop, open_question, card_number=n, text=f"Card {n}").status_code
            == 200
        )
    rows = list(
        csv.DictReader(
            io.StringIO(export.render(db, [workshop], "csv").content.decode("utf-8-sig"))
        )
    )
    assert {(r["origin"], r["card_number"]) for r in rows} == {
        ("paper", "101"),
        ("paper", "102"),
        ("paper", "103"),
    }
    md = export.render(db, [workshop], "md").content.decode()
    assert "3 paper cards were typed in on the day; they count with the room." in md
    assert "| Ideas | 3 (3) | 0 | 3 |" in md
