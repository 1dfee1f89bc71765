"""The organiser's page and API: its own key and session, and every write
through the same rules as the console."""

import io
import json
import re
from pathlib import Path

import pytest

from harness.clients import join, socket_for
from workshop.room import setting_up, workshops
from workshop.storage import db as store
from workshop.web.live import socketio


@pytest.fixture
def key(db):
    return setting_up.organiser_key(db)


@pytest.fixture
def organiser(app, key):
    client = app.test_client()
    assert client.post("/api/organiser/session", json={"key": key}).status_code == 200
    return client


def organiser_routes(app, code):
    """Every route of the organiser and printed blueprints, filled in for one workshop."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("organiser", "printed"):
            continue
        if rule.endpoint in ("organiser.page", "organiser.api_session"):
            continue
        path = rule.rule.replace("<code>", code).replace("<action>", "end").replace("<fmt>", "md")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.append((method, path))
    return routes


def create(client, **extra):
    body = {"title": "Day services, East Kent", "service": "Day services", "area": "East Kent"}
    response = client.post("/api/organiser/workshops", json={**body, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_key_is_long_random_and_kept(db, key):
    assert len(key) >= 32  # 24 random bytes, URL-safe: 192 bits
    assert setting_up.organiser_key(db) == key
    assert setting_up.organiser_key_matches(db, key)
    assert not setting_up.organiser_key_matches(db, key[:-1] + ("A" if key[-1] != "A" else "B"))
    assert not setting_up.organiser_key_matches(db, None)


def test_a_wrong_or_missing_key_is_refused_on_every_route(app, client, db, workshop, key):
    routes = organiser_routes(app, workshop["code"])
    assert len(routes) >= 10
    before = store.list_workshops(db)
    for method, path in routes:
        response = client.open(path, method=method, json={"confirm": workshop["code"]})
        assert response.status_code == 403, (method, path)
    assert client.post("/api/organiser/session", json={"key": "wrong"}).status_code == 403
    assert client.post("/api/organiser/session", json={}).status_code == 403
    for method, path in routes:
        assert client.open(path, method=method, json={}).status_code in (403, 429), path
    assert store.list_workshops(db) == before


def test_wrong_keys_are_slowed_down(app, key):
    client = app.test_client()
    codes = [
        client.post("/api/organiser/session", json={"key": f"guess-{n}"}).status_code
        for n in range(7)
    ]
    assert codes[:5] == [403] * 5 and codes[5:] == [429, 429]
    # Even the right key waits once the throttle has tripped.
    assert client.post("/api/organiser/session", json={"key": key}).status_code == 429


def test_attendee_and_console_sessions_cannot_use_organiser_routes(app, db, workshop):
    attendee = join(app.test_client(), workshop, "carer")
    console = app.test_client()
    response = console.post(
        f"/api/w/{workshop['code']}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    assert response.status_code == 200
    for client in (attendee, console):
        for method, path in organiser_routes(app, workshop["code"]):
            assert client.open(path, method=method, json={}).status_code == 403, path
    # Nor does a facilitator key work as the organiser key.
    refused = console.post("/api/organiser/session", json={"key": workshop["facilitator_key"]})
    assert refused.status_code == 403


def test_organiser_actions_are_not_socket_events(app, client, workshop, organiser):
    """The organiser has no socket; its action names (nor a join's, which is HTTP
    only) are not socket events, and a console socket with the organiser's
    session gets no facilitator rights."""
    events = {name for name, _, namespace in socketio.handlers if namespace in (None, "/")}
    organisers = {"set_up", "set_timing", "open_outreach", "close_outreach", "end"}
    assert not events & (organisers | {"create_workshop", "join"})
    socket = socket_for(app, organiser, workshop, "console")
    assert not socket.is_connected()


def test_create_with_everything_new_and_describe_take(organiser, db):
    created = create(
        organiser,
        stages=["analyse", "review"],
        vote_budget=5,
        approve_first=True,
        event_date="2026-03-14",
        starts_at="10:00",
        help_contact="Sam, at the door",
        expected_roles={"provider": 30, "person_receiving_care": 15},
        expected_head_count=60,
    )
    setup = created["setup"]
    assert setup["stages"] == ["analyse", "review"] and setup["vote_budget"] == 5
    assert setup["approve_first"] is True
    assert setup["expected_roles"] == {"provider": 30, "person_receiving_care": 15}
    assert setup["expected_head_count"] == 60
    assert (setup["service"], setup["area"]) == ("Day services", "East Kent")
    row = created["workshop"]
    assert (
        row["console_url"].split("#key=")[1]
        == store.workshop_by_code(db, row["code"])["facilitator_key"]
    )
    listed = organiser.get("/api/organiser/workshops").get_json()["workshops"]
    assert [w["code"] for w in listed] == [row["code"]]
    assert {"title", "service", "area", "date", "people", "state", "join_url", "board_url"} <= set(
        listed[0]
    )
    assert listed[0]["date"] == "2026-03-14" and listed[0]["state"] == "ready"


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"title": "T", "stages": ["nope"]},
        {"title": "T", "stages": "analyse"},
        {"title": "T", "vote_budget": 0},
        {"title": "T", "approve_first": "yes"},
        {"title": "T", "event_date": "14/03/2026"},
        {"title": "T", "starts_at": "ten"},
        {"title": "T", "expected_roles": {"king": 3}},
        {"title": "T", "expected_roles": {"carer": -1}},
        {"title": "T", "expected_roles": [1]},
        {"title": "T", "expected_head_count": "many"},
        {"title": ["T"]},
    ],
)
def test_bad_set_up_is_refused_and_changes_nothing(organiser, db, bad):
    response = organiser.post("/api/organiser/workshops", json=bad)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["message"]
    assert store.list_workshops(db) == []


def test_the_agenda_the_console_rules_apply(organiser, db):
    code = create(organiser)["workshop"]["code"]
    base = f"/api/organiser/workshops/{code}"
    added = organiser.post(
        f"{base}/add_question",
        json={"stage": "analyse", "text": "What would help you get to the day centre?"},
    )
    assert added.status_code == 200
    own = added.get_json()["question"]
    questions = organiser.get(base).get_json()["questions"]
    framework_q = next(q for q in questions if q["framework_key"])
    refused = organiser.post(
        f"{base}/edit_question", json={"question_id": framework_q["id"], "text": "Changed"}
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "framework_question"
    moved = organiser.post(f"{base}/move_question", json={"question_id": own["id"], "offset": -1})
    assert moved.status_code == 200
    timed = organiser.post(
        f"{base}/set_timing", json={"question_id": own["id"], "minutes": 20, "break_after": 15}
    )
    assert timed.get_json()["question"]["minutes"] == 20
    again = organiser.get(base).get_json()["questions"]
    # Added at the end of its stage (after the three Analyse questions), then moved up one.
    assert [q["text"] for q in again].index(own["text"]) == 2
    assert organiser.post(f"{base}/no_such", json={}).status_code == 404
    # Another workshop's question is not this one's.
    other = create(organiser, title="Other")["workshop"]["code"]
    foreign = organiser.post(
        f"/api/organiser/workshops/{other}/set_timing", json={"question_id": own["id"]}
    )
    assert foreign.status_code == 404


def test_end_export_every_format_and_purge_with_a_confirmation(organiser, db):
    code = create(organiser)["workshop"]["code"]
    base = f"/api/organiser/workshops/{code}"
    ended = organiser.post(f"{base}/end", json={})
    assert ended.get_json()["workshop"]["state"] == "ended"
    for fmt in organiser.get(base).get_json()["formats"]:
        response = organiser.get(f"{base}/export.{fmt}")
        assert response.status_code == 200, fmt
        assert "attachment" in response.headers["Content-Disposition"]
    assert organiser.get(f"{base}/export.exe").status_code == 400
    refused = organiser.delete(base, json={"confirm": "WRONG1"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "confirm_needed"
    assert store.workshop_by_code(db, code)
    purged = organiser.delete(base, json={"confirm": code.lower()})
    assert purged.get_json()["purged"] == code
    assert store.workshop_by_code(db, code) is None
    assert organiser.get(base).status_code == 404


def test_printed_pages_render(organiser):
    code = create(organiser, event_date="2026-03-14", starts_at="10:00")["workshop"]["code"]
    for page in ("poster", "table-cards", "agenda", "cards"):
        response = organiser.get(f"/organiser/{code}/print/{page}")
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert "<script>" not in html and 'src="http' not in html  # nothing from the internet
    agenda = organiser.get(f"/organiser/{code}/print/agenda").get_data(as_text=True)
    assert "Saturday 14 March 2026" in agenda and "10:00" in agenda
    cards = organiser.get(f"/organiser/{code}/print/cards?count=3").get_data(as_text=True)
    assert re.findall(r"Card <strong>(\d+)</strong>", cards) == ["101", "102", "103"]
    assert organiser.get(f"/organiser/{code}/print/cards?count=9999").status_code == 400
    assert organiser.get(f"/organiser/{code}/print/cards?first=x").status_code == 400


def test_the_cli_prints_the_organiser_link_and_creates_as_the_page_does(runner, tmp_path):
    from workshop.cli import cli

    link = runner.invoke(cli, ["organiser"]).output.strip()
    assert re.fullmatch(r"http://workshop\.test:5000/organiser#key=[\w-]{32,}", link)
    assert runner.invoke(cli, ["organiser"]).output.strip() == link  # kept, not remade
    result = runner.invoke(
        cli,
        [
            "new",
            "CLI workshop",
            "--json",
            "--approve-first",
            "--date",
            "2026-03-14",
            "--expected",
            "provider=30,carer=10",
            "--head-count",
            "50",
        ],
    )
    assert result.exit_code == 0, result.output
    code = json.loads(result.output)["code"]
    db = store.connect(tmp_path / "cli.db")
    row = store.workshop_by_code(db, code)
    assert row["approve_ideas"] == 1 and row["event_date"] == "2026-03-14"
    assert json.loads(row["expected_roles"]) == {"provider": 30, "carer": 10}
    bad = runner.invoke(cli, ["new", "X", "--expected", "provider=lots"])
    assert bad.exit_code != 0
    added = runner.invoke(
        cli, ["agenda", code, "--add", "Our own question?", "--time", "1", "20", "10"]
    )
    assert (
        added.exit_code == 0
        and "Our own question?" in added.output
        and "20 min, break 10" in added.output
    )


def test_set_up_keeps_the_redaction_list_as_describe_does(organiser, db):
    code = create(organiser)["workshop"]["code"]
    base = f"/api/organiser/workshops/{code}"
    saved = organiser.post(f"{base}/set_up", json={"redactions": ["Mrs Smith", "Oak House"]})
    assert saved.get_json()["setup"]["redactions"] == ["Mrs Smith", "Oak House"]
    assert saved.get_json()["setup"]["service"] == "Day services"  # untouched
    assert organiser.post(f"{base}/set_up", json={"redactions": "Mrs Smith"}).status_code == 400
    events = db.conn.execute("SELECT data FROM events WHERE type = 'workshop_set_up'").fetchall()
    assert all("Smith" not in row[0] for row in events)


ODD = [None, "", "x", "\ud800", 0, -1, 10**30, 1.5, True, [], {}, ["a"], [10**30], {"carer": "x"}]


def test_odd_input_to_every_organiser_write_is_refused_not_a_500(organiser, db):
    from workshop.room.rules import CREATE_FIELDS
    from workshop.web.actions import ACTIONS, ORGANISER

    organiser_actions = {
        name: action
        for name, action in ACTIONS.items()
        if (action.who == ORGANISER or action.organiser) and not action.creates
    }
    code = create(organiser)["workshop"]["code"]
    base = f"/api/organiser/workshops/{code}"
    question_id = organiser.get(base).get_json()["questions"][0]["id"]
    for name, action in organiser_actions.items():
        for field in action.fields:
            for value in ODD:
                body = {"question_id": question_id, field: value}
                response = organiser.post(f"{base}/{name}", json=body)
                assert response.status_code < 500, (name, field, value, response.get_json())
    for field in ("title", *CREATE_FIELDS):
        for value in ODD:
            response = organiser.post("/api/organiser/workshops", json={"title": "T", field: value})
            assert response.status_code < 500, (field, value, response.get_json())
    for value in ODD:
        assert organiser.delete(base, json={"confirm": value}).status_code < 500
    assert organiser.post("/api/organiser/session", json={"key": ["x"]}).status_code == 403


# A council's own framework file, uploaded from the organiser page (issue 16)

COUNCIL = (
    (Path(__file__).resolve().parent.parent / "workshop" / "room" / "frameworks" / "kent.toml")
    .read_text(encoding="utf-8")
    .replace('title = "Together for Social Value', 'title = "Medway Social Value', 1)
)


def upload(client, fields, content, headers=None):
    data = {"workshop": json.dumps(fields)}
    if content is not None:
        data["framework"] = (io.BytesIO(content), "council.toml")
    return client.post(
        "/api/organiser/workshops",
        data=data,
        content_type="multipart/form-data",
        headers={"X-Workshop-Upload": "1"} if headers is None else headers,
    )


def test_create_with_an_uploaded_framework_file(organiser, db):
    fields = {"title": "Day services, Medway", "stages": ["analyse"], "area": "Medway"}
    response = upload(organiser, fields, COUNCIL.encode())
    assert response.status_code == 201, response.get_json()
    detail = response.get_json()
    made = workshops.get(db, detail["workshop"]["code"])
    assert made["framework"]["framework"]["title"].startswith("Medway Social Value")
    assert made["area"] == "Medway"
    assert [q["stage"] for q in detail["questions"]] == ["analyse"] * 3


def test_a_framework_as_toml_text_in_the_json_body(organiser, db):
    created = create(organiser, framework=COUNCIL, stages=["analyse"])
    made = workshops.get(db, created["workshop"]["code"])
    assert made["framework"]["framework"]["title"].startswith("Medway Social Value")


@pytest.mark.parametrize(
    "content, words",
    [
        (b"roles = [", "Cannot read the framework file"),
        (b"\xff\xfe not text", "not UTF-8"),
        (b"", "empty"),
        (b'roles = "provider"\n[framework]\ntitle = "x"\n', "Roles: expected a list"),
        (COUNCIL.replace("expert_by_experience = true", "").encode(), "expert_by_experience"),
        (b"#" * (setting_up.FRAMEWORK_MAX + 1), "too big"),
    ],
)
def test_a_bad_framework_file_is_refused_and_changes_nothing(organiser, db, content, words):
    before = store.list_workshops(db)
    response = upload(organiser, {"title": "Never made"}, content)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_framework"
    assert words in error["message"]
    assert store.list_workshops(db) == before


def test_an_upload_needs_its_header_the_organiser_and_a_sane_size(app, organiser, db):
    before = store.list_workshops(db)
    refused = upload(organiser, {"title": "No header"}, COUNCIL.encode(), headers={})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "upload_header_needed"
    stranger = upload(app.test_client(), {"title": "Not the organiser"}, COUNCIL.encode())
    assert stranger.status_code == 403
    too_much = upload(organiser, {"title": "Too much"}, b"#" * (400 * 1024))
    assert too_much.status_code == 413
    assert too_much.get_json()["error"]["code"] == "http_413"
    bad_part = organiser.post(
        "/api/organiser/workshops",
        data={"workshop": "not json"},
        content_type="multipart/form-data",
        headers={"X-Workshop-Upload": "1"},
    )
    assert bad_part.status_code == 400
    assert store.list_workshops(db) == before
    # Every other route keeps the app's 64 KB limit.
    big = organiser.post("/api/organiser/workshops", json={"title": "x" * (70 * 1024)})
    assert big.status_code in (400, 413)


def test_organiser_actions_take_the_one_tables_field_parser(organiser, db):
    """An id that is not a whole number is the documented bad_id on the organiser's
    actions as on the console's (the one parser, rules.message_fields), and
    changes nothing; the console's actions keep their own replies here."""
    code = create(organiser)["workshop"]["code"]
    base = f"/api/organiser/workshops/{code}"
    before = db.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    for action, body in (
        ("set_timing", {"question_id": "1", "minutes": 5}),
        ("set_timing", {"question_id": True, "minutes": 5}),
        (
            "open_outreach",
            {"opens_on": "2030-01-01", "closes_on": "2030-01-02", "question_ids": ["1"]},
        ),
        ("move_question", {"question_id": 1.0, "offset": 1}),
    ):
        refused = organiser.post(f"{base}/{action}", json=body)
        assert refused.status_code == 400, (action, body)
        assert refused.get_json()["error"]["code"] == "bad_id", (action, body)
    assert db.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    approval = organiser.post(f"{base}/set_approval", json={"on": True})
    assert approval.get_json()["settings"]["approve_ideas"] is True
