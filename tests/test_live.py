"""Live broadcasting: who is sent what."""

import time

from harness.clients import join, socket_for, wait_for
from workshop.web.live import socketio


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


def test_a_board_s_orders_come_at_most_once_a_second_and_the_last_holds_every_vote(
    app, client, workshop, open_question
):
    """Orders read every vote of a question (issue 26's bench regression): counts go
    out with every push, orders at most once per ORDER_SECONDS, and a trailing push
    brings the orders of the votes that came in between."""
    pump = app.extensions["tally_pump"]
    pump.ORDER_SECONDS = 2.0  # longer than the votes below take on a loaded machine
    board = socket_for(app, app.test_client(), workshop, "board")
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    ideas = [
        phone.emit(
            "submit_idea", {"question_id": open_question["id"], "text": f"Idea {n}"}, callback=True
        )["idea"]["id"]
        for n in range(6)
    ]
    key = str(open_question["id"])
    wait_for(board, "tallies", lambda t: len(t.get("orders", {}).get(key, {}).get("room", [])) == 6)
    socketio.sleep(pump.ORDER_SECONDS)  # the next change's orders are due at once
    board.get_received()
    voted = ideas[3:]
    for idea_id in voted:
        assert phone.emit("cast_vote", {"idea_id": idea_id}, callback=True)["ok"]
        socketio.sleep(pump.interval * 2)  # a push between votes
    expected = voted + ideas[:3]  # one vote each, the oldest first; then the rest
    pushes, deadline = [], time.monotonic() + pump.ORDER_SECONDS + 3
    while time.monotonic() < deadline:
        pushes += [m["args"][0] for m in board.get_received() if m["name"] == "tallies"]
        if pushes and pushes[-1].get("orders", {}).get(key, {}).get("room") == expected:
            break
        socketio.sleep(0.02)
    ordered = [p for p in pushes if "orders" in p]
    # The first vote's orders at once, the rest in one trailing push.
    assert len(ordered) == 2, [sorted(p) for p in pushes]
    assert ordered[-1]["orders"][key]["room"] == expected
    # The trailing push carries the counts of the ideas it orders anew.
    assert all(ordered[-1]["tallies"][str(i)]["total"] == 1 for i in voted[1:])
    # Every vote's count reached the board in a push of its own, orders or none.
    counted = {i for p in pushes for i in voted if p["tallies"].get(str(i), {}).get("total")}
    assert counted == set(voted) and len(pushes) > len(ordered)
    phone.disconnect()
    board.disconnect()


def test_a_facilitator_s_step_brings_the_board_its_orders_at_once(
    app, client, workshop, open_question
):
    """Orders held back after a vote's are not held back for hiding an idea: the board
    stops showing it in the order at once, not when the votes' second is up."""
    pump = app.extensions["tally_pump"]
    pump.ORDER_SECONDS = 30.0  # far longer than the waits below
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    board = socket_for(app, app.test_client(), workshop, "board")
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    first, second = (
        phone.emit(
            "submit_idea", {"question_id": open_question["id"], "text": text}, callback=True
        )["idea"]["id"]
        for text in ("Keep it", "Hide it")
    )
    key = str(open_question["id"])
    assert phone.emit("cast_vote", {"idea_id": second}, callback=True)["ok"]
    wait_for(board, "tallies", lambda t: str(second) in t["tallies"])
    assert console.emit("hide_idea", {"idea_id": second}, callback=True)["ok"]
    # Fails by timeout if the hide's orders wait for ORDER_SECONDS.
    wait_for(board, "tallies", lambda t: t.get("orders", {}).get(key, {}).get("room") == [first])
    phone.disconnect(), console.disconnect(), board.disconnect()
