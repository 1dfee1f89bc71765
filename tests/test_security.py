"""Who may do what, headers, CSRF, limits and errors, in process (issue 3).

Each test names the protection it proves; docs/SECURITY.md maps them to the
issue's items. Real SQLite, Flask's test client and Flask-SocketIO's test
client; no mocks.
"""

import logging
import random
import re
from pathlib import Path

import pytest

from harness.clients import join, open_first, socket_for, wait_for
from workshop.room import workshops
from workshop.storage import db as store
from workshop.storage import records
from workshop.web import actions as action_table
from workshop.web import limits
from workshop.web.app import create_app
from workshop.web.live import socketio

ROOT = Path(__file__).resolve().parents[1]

# What an attendee's phone may do; every other socket event and API route is
# the facilitator's alone and must be refused to a phone.
ATTENDEE_EVENTS = {
    "connect",
    "disconnect",
    "catch_up",
    "submit_idea",
    "submit_outreach_idea",
    "submit_outreach_story",
    "submit_story",
    "cast_vote",
    "withdraw_vote",
    "cast_theme_vote",
    "withdraw_theme_vote",
    "change_role",
    "submit_ranking",
    "quiet_signal",
}
ATTENDEE_ROUTES = {
    ("GET", "/api/w/<code>"),
    ("POST", "/api/w/<code>/participants"),
    ("GET", "/api/w/<code>/snapshot"),
    ("GET", "/api/w/<code>/events"),
    ("POST", "/api/w/<code>/ideas"),
    ("POST", "/api/w/<code>/stories"),
    # A voice story (issue 25; its refusals are tested in test_voice.py).
    ("POST", "/api/w/<code>/voice-stories"),
    # A ranking question's order (issue 21).
    ("POST", "/api/w/<code>/rankings"),
    ("POST", "/api/w/<code>/votes"),
    ("DELETE", "/api/w/<code>/votes/<client_id>"),
    ("POST", "/api/w/<code>/theme-votes"),
    ("DELETE", "/api/w/<code>/theme-votes/<client_id>"),
    # Results are the room's to see once the facilitator reveals them.
    ("GET", "/api/w/<code>/results"),
    # An arrival at the room's door asks whether it has been let in yet.
    ("GET", "/api/w/<code>/waiting"),
    # An idea's author says its theme is not what they meant (its own refusals tested there).
    ("POST", "/api/w/<code>/ideas/<int:idea_id>/not-meant"),
    # Issue 25: "I need more time", "I don't understand" (tests/test_quiet_signals.py).
    ("POST", "/api/w/<code>/quiet-signals"),
    # Takes a key: refused without one (tested with the key throttle below).
    ("POST", "/api/w/<code>/facilitator/session"),
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def footprint(db, workshop):
    """Everything a refused request must leave as it was."""
    rows = records.workshop_row_counts(db, workshop["id"])
    statuses = [q["status"] for q in store.questions_of(db, workshop["id"])]
    return store.last_seq(db, workshop["id"]), rows, statuses


def payload_for(db, workshop, idea_id=None):
    """A plausible body for any action: real ids from this workshop."""
    question = store.questions_of(db, workshop["id"])[0]
    return {
        "question_id": question["id"],
        "idea_id": idea_id or 1,
        "ids": [idea_id or 1],
        "into": idea_id or 1,
        "text": "changed",
        "client_id": "attacker-1234",
        "key": "not-the-key",
        "since": 0,
        "status": "hidden",
        "format": "md",
    }


def fill(rule, workshop, db, idea_id, action="open"):
    """A concrete URL for a route rule, with this workshop's ids in it."""
    question = store.questions_of(db, workshop["id"])[0]
    values = {
        "code": workshop["code"],
        "question_id": question["id"],
        "idea_id": idea_id,
        "client_id": "attacker-1234",
        "fmt": "md",
        "action": action,
    }
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:\w+:)?{name}>", str(values.get(name, idea_id)), path)
    return path


def facilitator_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/w/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, rule.rule) not in ATTENDEE_ROUTES:
                yield method, rule


def facilitator_requests(app, workshop, db, idea_id):
    """(method, rule, url) for every facilitator route, each console action spelled out."""
    actions = sorted(n for n, a in action_table.ACTIONS.items() if a.who == "facilitator")
    for method, rule in facilitator_routes(app):
        url = fill(rule, workshop, db, idea_id)
        if "<action>" in rule.rule:
            for action in actions:
                yield method, rule, fill(rule, workshop, db, idea_id, action=action)
        else:
            yield method, rule, url


@pytest.fixture
def room(app, client, db, workshop, open_question):
    """A workshop with an open question and one idea from another attendee."""
    other = app.test_client()
    join(other, workshop, "provider")
    idea = other.post(
        f"/api/w/{workshop['code']}/ideas",
        json={
            "question_id": open_question["id"],
            "text": "Someone else's idea",
            "client_id": "others-idea-1",
        },
    ).get_json()["idea"]
    return idea


# 1 and 2: roles on every route and every socket message


def test_an_attendee_is_refused_every_facilitator_route_and_it_is_logged(
    app, client, db, workshop, room, caplog
):
    join(client, workshop, "commissioner")
    before = footprint(db, workshop)
    routes = list(facilitator_routes(app))
    assert {r.rule for _, r in routes} >= {
        "/api/w/<code>/roster",
        "/api/w/<code>/export.<fmt>",
        "/api/w/<code>/questions/<int:question_id>/open",
    }
    for method, rule, url in facilitator_requests(app, workshop, db, room["id"]):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            response = client.open(url, method=method, json=payload_for(db, workshop, room["id"]))
        assert response.status_code == 403, (method, rule.rule, response.status_code)
        assert any("refused" in r.getMessage() for r in caplog.records), rule.rule
        assert workshop["facilitator_key"] not in caplog.text
    assert footprint(db, workshop) == before


def test_a_facilitator_of_one_workshop_is_refused_in_another(app, client, db, workshop, room):
    mine = workshops.create(db, "My own workshop")
    assert (
        client.post(
            f"/api/w/{mine['code']}/facilitator/session", json={"key": mine["facilitator_key"]}
        ).status_code
        == 200
    )
    before = footprint(db, workshop)
    for n, (method, rule, url) in enumerate(facilitator_requests(app, workshop, db, room["id"])):
        # Its own key is a wrong key here: after a few, the key throttle answers instead.
        headers = {"Authorization": f"Bearer {mine['facilitator_key']}"} if n % 2 else {}
        response = client.open(
            url, method=method, headers=headers, json=payload_for(db, workshop, room["id"])
        )
        assert response.status_code in (403, 429), (method, rule.rule)
    assert footprint(db, workshop) == before


def test_every_socket_message_is_authorised_for_its_role(app, client, db, workshop, room):
    join(client, workshop, "commissioner")
    phone = socket_for(app, client, workshop, "phone")
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(phone, "snapshot")
    wait_for(board, "snapshot")
    events = {message for message, _, namespace in socketio.handlers if namespace in (None, "/")}
    facilitator_only = events - ATTENDEE_EVENTS
    assert {"open_question", "close_question"} <= facilitator_only
    before = footprint(db, workshop)
    body = payload_for(db, workshop, room["id"])
    for event in sorted(facilitator_only):
        for socket in (phone, board):
            ack = socket.emit(event, body, callback=True)
            assert ack["ok"] is False and ack["error"]["code"] in {"forbidden", "not_joined"}, event
    for event in sorted(ATTENDEE_EVENTS - {"connect", "disconnect", "catch_up"}):
        ack = board.emit(event, body, callback=True)  # a board is not an attendee
        assert ack["ok"] is False and ack["error"]["code"] == "not_joined", event
    # Another attendee's vote cannot be withdrawn by client_id.
    ack = phone.emit("withdraw_vote", {"client_id": "others-idea-1"}, callback=True)
    assert ack["ok"] is False
    assert footprint(db, workshop) == before


def test_a_socket_without_a_connected_session_cannot_act(app, client, db, workshop, room):
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    phone.disconnect()
    stranger = socketio.test_client(
        app, flask_test_client=app.test_client(), auth={"code": workshop["code"], "view": "phone"}
    )
    assert not stranger.is_connected()
    before = footprint(db, workshop)
    # A socket whose connect was refused never gets a session to act with.
    assert (
        socketio.test_client(
            app, auth={"code": workshop["code"], "view": "console", "key": "wrong"}
        ).is_connected()
        is False
    )
    assert footprint(db, workshop) == before


# 3: the facilitator key


def test_facilitator_key_has_at_least_128_bits_from_the_os_random_source():
    keys = set()
    for _ in range(200):
        random.seed(1)  # a key from `random` would repeat after reseeding
        keys.add(workshops.new_secret())
    assert len(keys) == 200
    for key in keys:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", key) and len(key) * 6 >= 128


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def test_wrong_keys_are_slowed_per_browser_then_per_workshop(app, db, workshop):
    roster = f"/api/w/{workshop['code']}/roster"
    right = bearer(workshop["facilitator_key"])
    guesser = app.test_client()
    per_client, window = limits.DEFAULTS["key_client"]
    for n in range(per_client):
        assert guesser.get(roster, headers=bearer(f"guess-{n}")).status_code == 403
    slowed = guesser.get(roster, headers=right)  # even the right key waits now
    assert slowed.status_code == 429
    assert "Too many wrong facilitator keys" in slowed.get_json()["error"]["message"]
    assert app.test_client().get(roster, headers=right).status_code == 200  # another browser
    # Guessers who drop their cookie each time still fill the workshop's window.
    per_workshop, _ = limits.DEFAULTS["key_workshop"]
    for n in range(per_workshop - per_client):
        app.test_client().get(roster, headers=bearer(f"guess-{n}"))
    assert app.test_client().get(roster, headers=right).status_code == 429
    console = socketio.test_client(
        app, auth={"code": workshop["code"], "view": "console", "key": workshop["facilitator_key"]}
    )
    assert not console.is_connected()  # sockets pass the same throttle
    other = workshops.create(db, "Another workshop")
    assert (
        app.test_client()
        .get(f"/api/w/{other['code']}/roster", headers=bearer(other["facilitator_key"]))
        .status_code
        == 200
    )


def test_a_facilitator_already_signed_in_is_not_locked_out_by_guessers(app, client, workshop):
    code = workshop["code"]
    assert (
        client.post(
            f"/api/w/{code}/facilitator/session", json={"key": workshop["facilitator_key"]}
        ).status_code
        == 200
    )
    for n in range(limits.DEFAULTS["key_workshop"][0]):
        app.test_client().get(f"/api/w/{code}/roster", headers=bearer(f"guess-{n}"))
    assert client.get(f"/api/w/{code}/roster").status_code == 200


def test_sliding_window_frees_up_as_time_passes(monkeypatch):
    """The moving window in memory (limits.LocalWindows), with the clock held still."""
    import limits.storage.memory as memory

    now = [1000.0]
    monkeypatch.setattr(memory.time, "time", lambda: now[0])
    windows = limits.Limits({"idea": (3, 60)})
    for _ in range(3):
        windows.hit("idea", "a", "wait {seconds}")
    with pytest.raises(limits.SlowDown, match="wait 60"):
        windows.hit("idea", "a", "wait {seconds}")
    windows.hit("idea", "b", "wait {seconds}")  # another phone carries on
    now[0] += 30
    with pytest.raises(limits.SlowDown, match="wait 30"):
        windows.hit("idea", "a", "wait {seconds}")
    now[0] += 30.5
    windows.hit("idea", "a", "wait {seconds}")


# 5: cookies and CSRF (CSP and nosniff: test_routes.py)


def session_cookie(response):
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def test_session_cookie_is_httponly_and_samesite_and_secure_only_under_https(
    tmp_path, workshop, client
):
    cookie = session_cookie(join_response(client, workshop))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    https = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "test.db"),
            "SECRET_KEY": "test-only-secret",
            "PUBLIC_URL": "https://workshop.example.org",
        }
    )
    cookie = session_cookie(join_response(https.test_client(), workshop))
    assert https.extensions["group_commit"].close()
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def join_response(client, workshop):
    response = client.post(f"/api/w/{workshop['code']}/participants", json={"role": "carer"})
    assert response.status_code == 201
    return response


def test_every_state_changing_form_needs_the_csrf_token(app, client, db, workshop):
    forms = [
        r for r in app.url_map.iter_rules() if not r.rule.startswith("/api/") and r.methods & WRITES
    ]
    assert forms, "the join form at least"
    before = footprint(db, workshop)
    for rule in forms:
        client.get(f"/j/{workshop['code']}")  # a session with a token exists
        path = fill(rule, workshop, db, 1)
        response = client.post(path, data={"role": "carer", "csrf_token": "forged"})
        assert response.status_code == 403, rule.rule
        assert client.post(path, data={"role": "carer"}).status_code == 403, rule.rule
    assert footprint(db, workshop) == before
    for template in (ROOT / "templates").rglob("*.html"):
        for form in re.findall(
            r"<form[^>]*method=\"post\".*?</form>", template.read_text(), re.S | re.I
        ):
            assert "csrf_token()" in form, template.name


# 6: per-participant rate limits (lengths and sizes: test_routes.py, test_security_live.py)


def test_one_phone_flooding_ideas_is_throttled_and_others_are_not(
    app, client, db, workshop, open_question
):
    join(client, workshop, "provider")
    flooder = socket_for(app, client, workshop, "phone")
    wait_for(flooder, "snapshot")
    allowed, _ = limits.DEFAULTS["idea"]
    acks = [
        flooder.emit(
            "submit_idea",
            {
                "question_id": open_question["id"],
                "text": f"Spam {n}",
                "client_id": f"flood-{n:04d}",
            },
            callback=True,
        )
        for n in range(allowed + 3)
    ]
    assert all(a["ok"] for a in acks[:allowed])
    refused = acks[allowed:]
    assert all(a["ok"] is False and a["error"]["code"] == "slow_down" for a in refused)
    assert "You are sending ideas very fast. Please wait" in refused[0]["error"]["message"]
    # A resend of an idea already stored is still answered (not a new write).
    again = flooder.emit(
        "submit_idea",
        {"question_id": open_question["id"], "text": "Spam 0", "client_id": "flood-0000"},
        callback=True,
    )
    assert again["ok"] is False or again["duplicate"] is True
    over_http = client.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": open_question["id"], "text": "More spam"},
    )
    assert over_http.status_code == 429 and over_http.get_json()["error"]["code"] == "slow_down"
    assert records.workshop_row_counts(db, workshop["id"])["ideas"] == allowed
    neighbour = app.test_client()
    join(neighbour, workshop, "person_receiving_care")
    calm = neighbour.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": open_question["id"], "text": "A real idea"},
    )
    assert calm.status_code == 201


def test_votes_are_throttled_per_phone(tmp_path, workshop):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "test.db"),
            "SECRET_KEY": "test-only-secret",
            "RATE_LIMITS": {"vote": (4, 60)},
        }
    )
    db = store.connect(app.config["DATABASE"])
    try:
        question = open_first(db, workshop)
        client = join(app.test_client(), workshop, "provider")
        api = f"/api/w/{workshop['code']}"
        idea = client.post(f"{api}/ideas", json={"question_id": question["id"], "text": "x"})
        idea_id = idea.get_json()["idea"]["id"]
        codes = []
        for n in range(3):  # vote, take back, vote, take back...
            codes.append(
                client.post(
                    f"{api}/votes", json={"idea_id": idea_id, "client_id": f"vote-{n:04d}"}
                ).status_code
            )
            codes.append(client.delete(f"{api}/votes/vote-{n:04d}").status_code)
        assert codes == [201, 200, 201, 200, 429, 429]
        other = join(app.test_client(), workshop, "carer")
        assert other.post(f"{api}/votes", json={"idea_id": idea_id}).status_code == 201
    finally:
        db.conn.close()
        app.extensions["group_commit"].close()


# 7: errors


@pytest.fixture
def fragile_app(tmp_path):
    """A production-mode app (not TESTING) with one route that fails."""
    app = create_app({"DATABASE": str(tmp_path / "test.db"), "SECRET_KEY": "test-only-secret"})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals: /home/council/db password=hunter2")

    @app.get("/api/w/<code>/boom")
    def api_boom(code):
        raise KeyError("internal detail")

    return app


def test_an_unexpected_error_shows_a_generic_page_and_the_server_carries_on(fragile_app, caplog):
    client = fragile_app.test_client()
    with caplog.at_level(logging.ERROR):
        page = client.get("/boom")
        api = client.get("/api/w/X/boom")
    html = page.get_data(as_text=True)
    assert page.status_code == 500 and "Something went wrong on our side" in html
    for leak in ("Traceback", "hunter2", "RuntimeError", "/home/council", "Werkzeug", "debugger"):
        assert leak not in html
    assert api.status_code == 500 and api.get_json()["error"]["code"] == "server_error"
    assert "internal detail" not in api.get_data(as_text=True)
    assert "secret internals" in caplog.text  # the operator still gets the trace
    assert client.get("/").status_code == 200
    assert fragile_app.debug is False


def test_an_unexpected_socket_error_is_a_generic_ack(
    app, client, db, workshop, open_question, monkeypatch
):
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire at /var/lib/secret")

    # A real fault inside the domain (not a mock of the part under test).
    monkeypatch.setattr("workshop.room.contributions.store.insert_idea", broken)
    ack = phone.emit(
        "submit_idea", {"question_id": open_question["id"], "text": "x"}, callback=True
    )
    assert ack == {
        "ok": False,
        "error": {
            "code": "server_error",
            "message": "Something went wrong on our side. Please try again.",
            "easy_read": "Something went wrong. Please try again.",
            "retry": True,  # the phone's outbox keeps the item and sends it again
        },
    }
    monkeypatch.undo()
    assert (
        phone.emit("submit_idea", {"question_id": open_question["id"], "text": "x"}, callback=True)[
            "ok"
        ]
        is True
    )


def test_one_phone_flooding_stories_is_throttled(app, client, db, workshop):
    join(client, workshop, "person_receiving_care")
    allowed, _ = limits.DEFAULTS["story"]
    replies = [
        client.post(
            f"/api/w/{workshop['code']}/stories",
            json={"text": f"My story {n}", "may_quote": True, "client_id": f"story-{n:04d}"},
        )
        for n in range(allowed + 1)
    ]
    assert [r.status_code for r in replies] == [201] * allowed + [429]
    assert "You are sending stories very fast" in replies[-1].get_json()["error"]["message"]
    assert records.workshop_row_counts(db, workshop["id"])["stories"] == allowed
