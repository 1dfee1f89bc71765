"""Hypothesis drives the HTTP and socket inputs: random strings, unicode, huge and
empty payloads, wrong types. Never a 500; a rejected request changes nothing
(issue 3, item 12). Example counts are modest so this stays quick."""

import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.clients import join, socket_for, wait_for
from workshop.storage import db as store
from workshop.storage import records
from workshop.web.live import socketio

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.text(min_size=400, max_size=2000)
    | st.just("")
    | st.just("\x00\u202e\ud7ff")
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = [
    "question_id",
    "idea_id",
    "text",
    "client_id",
    "role",
    "priority",
    "outcome_kind",
    "since",
    "key",
    "code",
    "view",
]
bodies = st.dictionaries(st.sampled_from(KEYS), values, max_size=6) | values


def state_of(db, workshop):
    return store.last_seq(db, workshop["id"]), records.workshop_row_counts(db, workshop["id"])


@given(
    body=bodies,
    path=st.sampled_from(
        [
            "/participants",
            "/ideas",
            "/stories",
            "/votes",
            "/facilitator/session",
            "/questions/1/open",
        ]
    ),
)
@FUZZ
def test_json_api_never_fails_and_a_refusal_changes_nothing(
    app, db, workshop, open_question, body, path
):
    client = join(app.test_client(), workshop, "provider")
    before = state_of(db, workshop)
    response = client.post(f"/api/w/{workshop['code']}{path}", json=body)
    assert response.status_code < 500, response.get_data(as_text=True)
    assert response.is_json and response.get_json()
    if response.status_code >= 400:
        assert response.get_json()["error"]["message"]
        assert state_of(db, workshop) == before


@given(
    raw=st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "",
        ]
    ),
    method=st.sampled_from(["POST", "PUT", "DELETE", "PATCH", "GET"]),
    path=st.sampled_from(
        [
            "/api/w/{code}/ideas",
            "/api/w/{code}/votes/{text}",
            "/api/w/{code}/events?since={text}",
            "/j/{code}",
            "/j/{text}",
            "/w/{text}/qr.svg",
            "/board/{text}",
            "/api/w/{text}/snapshot",
        ]
    ),
    text=st.text(max_size=60),
)
@FUZZ
def test_any_bytes_to_any_route_never_fail(
    app, db, workshop, open_question, raw, content_type, method, path, text
):
    client = join(app.test_client(), workshop, "carer")
    before = state_of(db, workshop)
    url = path.format(code=workshop["code"], text=quote(text, safe=""))
    response = client.open(url, method=method, data=raw, content_type=content_type)
    assert response.status_code < 500, (url, response.get_data(as_text=True)[:300])
    if response.status_code >= 400:
        assert state_of(db, workshop) == before


def test_huge_and_empty_bodies_are_refused_plainly(app, db, workshop, open_question):
    client = join(app.test_client(), workshop, "carer")
    before = state_of(db, workshop)
    for raw in (
        b"",
        b"{}",
        b"[]",
        b"null",
        json.dumps({"text": "x" * 60_000}).encode(),
        b"{" * 70_000,
        json.dumps({"question_id": 10**30, "text": "x"}).encode(),
    ):
        response = client.post(
            f"/api/w/{workshop['code']}/ideas", data=raw, content_type="application/json"
        )
        assert 400 <= response.status_code < 500, raw[:40]
        assert response.get_json()["error"]["message"]
    assert state_of(db, workshop) == before


@given(
    event=st.sampled_from(
        [
            "submit_idea",
            "submit_story",
            "cast_vote",
            "withdraw_vote",
            "catch_up",
            "open_question",
            "close_question",
        ]
    ),
    body=bodies,
)
@FUZZ
def test_socket_messages_never_fail_and_a_refusal_changes_nothing(
    app, db, workshop, open_question, event, body
):
    client = join(app.test_client(), workshop, "provider")
    phone = socket_for(app, client, workshop, "phone")
    try:
        wait_for(phone, "snapshot")
        before = state_of(db, workshop)
        ack = phone.emit(event, body, callback=True)
        assert isinstance(ack, dict) and ack.get("ok") in (True, False)
        if ack["ok"] is False:
            assert ack["error"]["code"] != "server_error" and ack["error"]["message"]
            assert state_of(db, workshop) == before
    finally:
        phone.disconnect()


@given(auth=bodies)
@FUZZ
def test_socket_connect_with_any_auth_never_fails(app, db, workshop, auth):
    before = state_of(db, workshop)
    socket = socketio.test_client(app, auth=auth)
    try:
        if socket.is_connected():
            assert socket.get_received()[0]["name"] in ("snapshot", "caught_up")
    finally:
        if socket.is_connected():
            socket.disconnect()
    assert state_of(db, workshop) == before
