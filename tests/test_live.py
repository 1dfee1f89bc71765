"""Live broadcasting: who is sent what."""

from harness.clients import join, socket_for, wait_for


def test_a_join_reaches_the_big_screens_but_not_the_phones(app, workshop):
    phone = socket_for(app, join(app.test_client(), workshop, "carer"), workshop)
    board = socket_for(app, app.test_client(), workshop, view="board")
    phone.get_received()
    board.get_received()

    join(app.test_client(), workshop, "provider")

    event = wait_for(board, "event", lambda e: e["type"] == "participant_joined")
    assert event["data"] == {"role": "provider"}
    assert [m for m in phone.get_received() if m["name"] == "event"] == []
    phone.disconnect()
    board.disconnect()


def test_ideas_still_reach_every_phone(app, workshop, open_question):
    writer = join(app.test_client(), workshop, "carer")
    reader = socket_for(app, join(app.test_client(), workshop, "provider"), workshop)
    reader.get_received()

    reply = writer.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": open_question["id"], "text": "Paid jobs for us"},
    )
    assert reply.status_code == 201

    event = wait_for(reader, "event", lambda e: e["type"] == "idea_added")
    assert event["data"]["idea"]["text"] == "Paid jobs for us"
    reader.disconnect()
