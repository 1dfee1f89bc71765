"""The room's door (issue 15, item 6): a join rate, an expected head count
beyond which joins wait for the facilitator, a lock, and joins per minute."""

import json

import pytest

from tests.support.clients import join as join_as
from tests.support.clients import socket_for, wait_for
from tests.support.servers import workshop_cli
from workshop.room import workshops
from workshop.storage import db as store
from workshop.web import limits
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


def test_beyond_the_head_count_joins_wait_for_the_facilitator(app, client, db, workshop):
    facilitate(client, workshop)
    assert (
        console(app, client, workshop, "set_capacity", capacity=2).get_json()["settings"][
            "capacity"
        ]
        == 2
    )
    assert [join(app.test_client(), workshop).status_code for _ in range(3)] == [201, 201, 409]
    late = join(app.test_client(), workshop).get_json()["error"]
    assert late["code"] == "room_full" and "facilitator" in late["message"]
    assert store.participant_count(db, workshop["id"]) == 2
    console(app, client, workshop, "set_capacity", capacity=3)  # the facilitator lets one in
    assert join(app.test_client(), workshop).status_code == 201


def test_a_locked_door_lets_no_one_in_until_it_is_opened(app, client, db, workshop):
    facilitate(client, workshop)
    reply = console(app, client, workshop, "lock_door", on=True).get_json()
    assert reply["settings"]["door_locked"] is True
    refused = join(app.test_client(), workshop)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "door_closed"
    console(app, client, workshop, "lock_door", on=False)
    assert join(app.test_client(), workshop).status_code == 201
    assert console(app, client, workshop, "lock_door", on="yes").status_code == 400


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
