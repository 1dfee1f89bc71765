"""The room's door (issue 15, item 6): a join rate, an expected head count
beyond which joins wait for the facilitator, a lock, and joins per minute."""

import contextlib
import json

import pytest

from harness.clients import join as join_as
from harness.clients import open_first, socket_for, wait_for
from harness.servers import workshop_cli
from workshop.room import workshops
from workshop.storage import db as store
from workshop.storage import waiting_list
from workshop.web import limits, state
from workshop.web.app import create_app


def join(client, workshop, role="provider"):
    return client.post(f"/api/w/{workshop['code']}/participants", json={"role": role})


def facilitate(client, workshop):
    response = client.post(
        f"/api/w/{workshop['code']}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    assert response.status_code == 200


def console(app, client, workshop, action, **body):
    return client.post(f"/api/w/{workshop['code']}/console/{action}", json=body)


def test_one_browser_joining_again_and_again_is_slowed(app, db, workshop):
    script = app.test_client()
    codes = [join(script, workshop).status_code for _ in range(8)]
    assert codes[:5] == [201] * 5 and set(codes[5:]) == {429}
    assert store.participant_count(db, workshop["id"]) == 5


def test_a_script_dropping_its_cookie_is_slowed_by_the_workshop_join_rate(tmp_path, db):
    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "door.db"), "SECRET_KEY": "t", "JOIN_RATE": 10}
    )
    connection = store.connect(app.config["DATABASE"])
    workshop = workshops.create(connection, "Door")
    codes = [join(app.test_client(), workshop).status_code for _ in range(14)]
    assert codes.count(201) == 10 and codes.count(429) == 4
    reply = join(app.test_client(), workshop).get_json()
    assert reply["error"]["code"] == "slow_down" and "wait" in reply["error"]["message"]
    assert store.participant_count(connection, workshop["id"]) == 10


def test_beyond_the_head_count_joins_wait_and_the_console_lets_them_in(app, client, db, workshop):
    facilitate(client, workshop)
    reply = console(app, client, workshop, "set_capacity", capacity=2).get_json()
    assert reply["settings"]["capacity"] == 2
    phones = [app.test_client() for _ in range(5)]
    answers = [join(phone, workshop) for phone in phones]
    assert [a.status_code for a in answers] == [201, 201, 202, 202, 202]
    assert [a.get_json()["waiting"] for a in answers] == [False, False, True, True, True]
    assert [a.get_json().get("ahead") for a in answers[2:]] == [0, 1, 2]
    assert store.participant_count(db, workshop["id"]) == 2
    assert waiting_list.waiting_count(db, workshop["id"]) == 3
    waiting = phones[2].get(f"/api/w/{workshop['code']}/waiting").get_json()
    assert waiting == {"waiting": True, "ahead": 0, "ended": False}
    # Let in one: the first to arrive, who keeps their cookie.
    reply = console(app, client, workshop, "let_in", count=1).get_json()
    assert reply["door"]["waiting"] == 2 and reply["door"]["participants"] == 3
    assert phones[2].get(f"/api/w/{workshop['code']}/waiting").get_json() == {"waiting": False}
    assert phones[3].get(f"/api/w/{workshop['code']}/waiting").get_json()["ahead"] == 0
    # Raising the head count lets in, first come first in, up to it.
    console(app, client, workshop, "set_capacity", capacity=4)
    assert store.participant_count(db, workshop["id"]) == 4
    assert waiting_list.waiting_count(db, workshop["id"]) == 1
    # Let everyone in: past the head count, the facilitator's choice.
    reply = console(app, client, workshop, "let_in").get_json()
    assert reply["door"] == {**reply["door"], "waiting": 0, "participants": 5}
    assert all(
        p.get(f"/api/w/{workshop['code']}/waiting").get_json() == {"waiting": False} for p in phones
    )
    # A newcomer still meets the head count.
    assert join(app.test_client(), workshop).status_code == 202


def test_those_let_in_are_joined_in_their_role_and_heard_live(app, client, db, workshop):
    facilitate(client, workshop)
    console(app, client, workshop, "set_capacity", capacity=1)
    assert join(app.test_client(), workshop, "provider").status_code == 201
    late = app.test_client()
    assert join(late, workshop, "carer").status_code == 202
    screen = socket_for(app, client, workshop, "console")
    assert wait_for(screen, "snapshot")["waiting"] == 1
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board, "snapshot")
    console(app, client, workshop, "let_in", count=1)
    # (the arrival's own door_waiting, 1, may still be on its way)
    wait_for(screen, "event", lambda e: e["type"] == "door_waiting" and e["data"]["waiting"] == 0)
    wait_for(
        board,
        "event",
        lambda e: e == {**e, "type": "participant_joined", "data": {"role": "carer"}},
    )
    assert not [m for m in board.get_received() if m["args"][0].get("type") == "door_waiting"]
    me = late.get(f"/api/w/{workshop['code']}/snapshot").get_json()["me"]
    assert me["role"] == "carer"


def test_let_in_takes_a_count_of_one_or_more(app, client, workshop):
    facilitate(client, workshop)
    for count in (0, -1, True, 1.5, "3", 10**6):
        reply = console(app, client, workshop, "let_in", count=count)
        assert reply.status_code == 400, count
    assert console(app, client, workshop, "let_in", count=5).get_json()["door"]["waiting"] == 0
    phone = app.test_client()
    join_as(phone, workshop, "carer")
    assert console(app, phone, workshop, "let_in").status_code == 403


def test_a_locked_door_keeps_arrivals_waiting_until_it_is_opened(app, client, db, workshop):
    facilitate(client, workshop)
    reply = console(app, client, workshop, "lock_door", on=True).get_json()
    assert reply["settings"]["door_locked"] is True
    arrivals = [app.test_client() for _ in range(2)]
    answers = [join(phone, workshop) for phone in arrivals]
    assert [a.status_code for a in answers] == [202, 202]
    assert store.participant_count(db, workshop["id"]) == 0
    console(app, client, workshop, "lock_door", on=False)  # opening lets them in
    assert store.participant_count(db, workshop["id"]) == 2
    assert waiting_list.waiting_count(db, workshop["id"]) == 0
    assert join(app.test_client(), workshop).status_code == 201
    assert console(app, client, workshop, "lock_door", on="yes").status_code == 400


def test_a_waiting_phone_cannot_vote_send_ideas_or_stories(app, client, db, workshop):
    facilitate(client, workshop)
    question = open_first(db, workshop)
    author = app.test_client()
    join_as(author, workshop, "provider")
    sent = author.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": question["id"], "text": "More respite", "client_id": "author-idea-1"},
    ).get_json()
    assert "idea" in sent, sent
    idea = sent["idea"]
    console(app, client, workshop, "lock_door", on=True)
    waiting = app.test_client()
    assert join(waiting, workshop, "carer").status_code == 202
    before = store.last_seq(db, workshop["id"]), store.tallies(db, workshop["id"])
    api = f"/api/w/{workshop['code']}"
    refusals = [
        waiting.post(f"{api}/votes", json={"idea_id": idea["id"], "client_id": "waiting-vote-1"}),
        waiting.post(
            f"{api}/ideas",
            json={
                "question_id": question["id"],
                "text": "Let me in",
                "client_id": "waiting-idea-1",
            },
        ),
        waiting.post(
            f"{api}/stories",
            json={"text": "My story", "may_quote": True, "client_id": "waiting-story-1"},
        ),
        waiting.delete(f"{api}/votes/waiting-vote-1"),
        waiting.get(f"{api}/snapshot"),
    ]
    for refused in refusals:
        assert refused.status_code == 403
        error = refused.get_json()["error"]
        assert error["code"] == "waiting" and "let you in" in error["message"]
    socket = socket_for(app, waiting, workshop, "phone")
    assert not socket.is_connected()  # its connect_error carries code "waiting"
    assert (store.last_seq(db, workshop["id"]), store.tallies(db, workshop["id"])) == before
    assert store.participant_count(db, workshop["id"]) == 1


def test_the_phone_page_shows_the_waiting_page_then_the_workshop(app, client, workshop):
    facilitate(client, workshop)
    console(app, client, workshop, "lock_door", on=True)
    phone = app.test_client()
    form = phone.get(f"/j/{workshop['code']}").get_data(as_text=True)
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    joined = phone.post(f"/j/{workshop['code']}", data={"role": "carer", "csrf_token": token})
    assert joined.status_code == 302 and joined.headers["Location"].endswith(
        f"/w/{workshop['code']}"
    )
    page = phone.get(f"/w/{workshop['code']}").get_data(as_text=True)
    assert "The facilitator will let you in soon." in page and "waiting.js" in page
    # The join and outreach pages send a waiting phone back to its waiting page.
    for page in (f"/j/{workshop['code']}", f"/o/{workshop['code']}"):
        sent = phone.get(page)
        assert sent.status_code == 302 and sent.headers["Location"].endswith(
            f"/w/{workshop['code']}"
        )
    console(app, client, workshop, "let_in")
    page = phone.get(f"/w/{workshop['code']}").get_data(as_text=True)
    assert "phone.js" in page and "waiting.js" not in page


def test_a_waiting_person_is_not_counted_in_the_report(app, client, db, workshop):
    facilitate(client, workshop)
    console(app, client, workshop, "set_capacity", capacity=1)
    assert join(app.test_client(), workshop, "provider").status_code == 201
    assert join(app.test_client(), workshop, "person_receiving_care").status_code == 202
    report = client.get(f"/api/w/{workshop['code']}/export.md").get_data(as_text=True)
    assert "1 person took part" in report
    archive = client.get(f"/api/w/{workshop['code']}/export.json").get_json()
    assert len(archive["workshops"][0]["participants"]) == 1
    console(app, client, workshop, "let_in")
    report = client.get(f"/api/w/{workshop['code']}/export.md").get_data(as_text=True)
    assert "2 people took part" in report


def test_the_console_sees_joins_per_minute_and_the_door(app, client, workshop):
    for _ in range(3):
        assert join(app.test_client(), workshop).status_code == 201
    facilitate(client, workshop)
    screen = socket_for(app, client, workshop, "console")
    snapshot = wait_for(screen, "snapshot")
    assert snapshot["joins_per_minute"] == 3
    assert snapshot["settings"]["door_locked"] is False and snapshot["settings"]["capacity"] is None
    board = socket_for(app, app.test_client(), workshop, "board")
    assert "joins_per_minute" not in wait_for(board, "snapshot")


def test_workshop_new_takes_an_expected_head_count(tmp_path):
    db = tmp_path / "cli.db"
    made = json.loads(workshop_cli("new", "Sized", "--capacity", "40", "--json", db=db).stdout)
    connection = store.connect(db)
    assert store.workshop_by_code(connection, made["code"])["capacity"] == 40
    bad = workshop_cli("new", "Sized", "--capacity", "0", db=db, check=False)
    assert bad.returncode != 0


@pytest.mark.parametrize("capacity", [-1, True, 1.5, 10**6, "40"])
def test_a_wrong_head_count_is_refused(app, client, workshop, capacity):
    facilitate(client, workshop)
    assert console(app, client, workshop, "set_capacity", capacity=capacity).status_code == 400


def test_one_attendee_session_cannot_hold_many_sockets_open(app, workshop):
    phone = app.test_client()
    join_as(phone, workshop, "carer")
    sockets = [socket_for(app, phone, workshop, "phone") for _ in range(limits.SOCKETS_PER_SESSION)]
    assert all(s.is_connected() for s in sockets)
    extra = socket_for(app, phone, workshop, "phone")
    assert not extra.is_connected()
    sockets[0].disconnect()  # closing one frees its place
    again = socket_for(app, phone, workshop, "phone")
    assert again.is_connected()
    other = app.test_client()
    join_as(other, workshop, "provider")
    assert socket_for(app, other, workshop, "phone").is_connected()  # others unaffected


def test_one_board_session_cannot_hold_many_sockets_open(app, workshop):
    screen = app.test_client()
    assert screen.get(f"/board/{workshop['code']}").status_code == 200  # the page gives a session
    boards = [socket_for(app, screen, workshop, "board") for _ in range(limits.SOCKETS_PER_SESSION)]
    assert all(b.is_connected() for b in boards)
    assert not socket_for(app, screen, workshop, "board").is_connected()
    boards[0].disconnect()  # a dropped socket frees its place
    assert socket_for(app, screen, workshop, "board").is_connected()
    other = app.test_client()
    other.get(f"/board/{workshop['code']}")
    assert socket_for(app, other, workshop, "board").is_connected()  # another screen is its own


def test_one_console_session_cannot_hold_many_sockets_open(app, client, workshop):
    client.get(f"/console/{workshop['code']}")
    facilitate(client, workshop)
    consoles = [socket_for(app, client, workshop, "console") for _ in range(6)]
    assert all(c.is_connected() for c in consoles)
    assert not socket_for(app, client, workshop, "console").is_connected()
    consoles[-1].disconnect()
    assert socket_for(app, client, workshop, "console").is_connected()
    # A refused key is not counted: it never held a place.
    stranger = app.test_client()
    stranger.get(f"/console/{workshop['code']}")
    assert not socket_for(app, stranger, workshop, "console", key="wrong").is_connected()
    assert socket_for(app, stranger, workshop, "console", key=workshop["facilitator_key"])


def test_screens_with_no_session_share_one_cap_per_workshop(app, workshop, db):
    boards = [
        socket_for(app, app.test_client(), workshop, "board")
        for _ in range(limits.SOCKETS_WITHOUT_SESSION)
    ]
    assert all(b.is_connected() for b in boards)
    assert not socket_for(app, app.test_client(), workshop, "board").is_connected()
    other = workshops.create(db, "Another room")
    assert socket_for(app, app.test_client(), other, "board").is_connected()
    boards[0].disconnect()
    assert socket_for(app, app.test_client(), workshop, "board").is_connected()


def test_consoles_opened_with_the_key_and_no_cookie_share_one_cap(app, workshop):
    """A key check gives a cookieless socket a fresh session id; the cap reads
    whose socket it is before that, so a script holding the key cannot open
    consoles without end."""
    key = workshop["facilitator_key"]
    consoles = [
        socket_for(app, app.test_client(), workshop, "console", key=key)
        for _ in range(limits.SOCKETS_WITHOUT_SESSION)
    ]
    assert all(c.is_connected() for c in consoles)
    assert not socket_for(app, app.test_client(), workshop, "console", key=key).is_connected()


def test_a_connect_that_fails_after_counting_frees_its_place(app, workshop, monkeypatch):
    """python-socketio sends no disconnect for a connect whose handler raised,
    so the place taken must be given back there, or a session runs out."""
    screen = app.test_client()
    screen.get(f"/board/{workshop['code']}")

    def broken_snapshot(*args, **kwargs):
        raise RuntimeError("the snapshot failed")

    monkeypatch.setattr(state, "snapshot", broken_snapshot)
    for _ in range(limits.SOCKETS_PER_SESSION + 1):
        with contextlib.suppress(Exception):
            socket_for(app, screen, workshop, "board")
    monkeypatch.undo()
    boards = [socket_for(app, screen, workshop, "board") for _ in range(limits.SOCKETS_PER_SESSION)]
    assert all(b.is_connected() for b in boards)
