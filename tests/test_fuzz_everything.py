"""Hypothesis over every route, socket event and console action with the input
classes the issue 15 attack run used: lone surrogates, non-characters, deep
nesting, huge and odd numbers, wrong types. Never a 500 or a `server_error`;
a refusal changes nothing; nothing unwritable is ever stored. Example counts
are bounded so the suite stays quick."""

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.clients import join, socket_for, wait_for
from workshop.room import maintenance, rules, workshops
from workshop.storage import db as store
from workshop.storage import records
from workshop.web.actions import ACTIONS, SOCKET_ACTIONS

FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

odd_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "\ud800",
            "a\udfffb",
            "\ufffe",
            "\uffff",
            "x\ufdd0y",
            "\U0010ffff",
            "\x00\x1b[31m",
            "\u202e",
            "¹²³",
            "٣",
            "1" * 5000,
            "",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=()), max_size=20),
)
odd_numbers = st.one_of(
    st.sampled_from([2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**100, -1, 0, 1]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
scalars = st.one_of(st.none(), odd_text, odd_numbers)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = sorted({field for action in ACTIONS.values() for field in action.fields})
bodies = st.dictionaries(st.sampled_from(FIELDS), values, max_size=5)


def state_of(db, workshop):
    return store.last_seq(db, workshop["id"]), records.workshop_row_counts(db, workshop["id"])


def stored_text_is_writable(db):
    for table, column in (("ideas", "text"), ("stories", "text"), ("questions", "text")):
        for (text,) in db.conn.execute(f"SELECT {column} FROM {table}"):  # noqa: S608
            assert text == rules.writable(text), (table, text)


def still_open(db, workshop):
    """Examples share one workshop: undo an earlier example's End, so each starts in a live room."""
    current = workshops.get(db, workshop["code"])
    if current.get("ended_at"):
        maintenance.reopen(db, current, confirm=True)
    return workshops.get(db, workshop["code"])


def facilitator(app, workshop):
    client = app.test_client()
    response = client.post(
        f"/api/w/{workshop['code']}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    assert response.status_code == 200
    return client


@given(name=st.sampled_from(sorted(SOCKET_ACTIONS)), body=bodies)
@FUZZ
def test_every_action_over_its_socket_event(app, db, workshop, open_question, name, body):
    """Attendee actions from a phone, console actions from a console."""
    workshop = still_open(db, workshop)
    who = ACTIONS[name].who
    if who == "attendee":
        client = join(app.test_client(), workshop, "provider")
        socket = socket_for(app, client, workshop, "phone")
    else:
        socket = socket_for(
            app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
        )
    try:
        wait_for(socket, "snapshot")
        before = state_of(db, workshop)
        ack = socket.emit(name, body, callback=True)
        assert isinstance(ack, dict) and ack.get("ok") in (True, False), ack
        if not ack["ok"]:
            assert ack["error"]["code"] != "server_error", (name, body)
            assert state_of(db, workshop) == before
    finally:
        socket.disconnect()
    stored_text_is_writable(db)


@given(
    name=st.sampled_from(sorted(n for n, a in ACTIONS.items() if a.who == "facilitator")),
    body=bodies,
)
@FUZZ
def test_every_console_action_over_http(app, db, workshop, open_question, name, body):
    workshop = still_open(db, workshop)
    client = facilitator(app, workshop)
    before = state_of(db, workshop)
    response = client.post(f"/api/w/{workshop['code']}/console/{name}", json=body)
    assert response.status_code < 500, (name, body, response.get_data(as_text=True)[:200])
    if response.status_code >= 400:
        assert response.get_json()["error"]["message"]
        assert state_of(db, workshop) == before
    stored_text_is_writable(db)


def _routes(app):
    """Every URL rule of the app, with its methods (static files aside)."""
    return sorted(
        (rule.rule, sorted(rule.methods - {"HEAD", "OPTIONS"}))
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    )


@given(data=st.data())
@FUZZ
def test_every_route_with_odd_path_query_and_body(app, db, workshop, open_question, data):
    """Each rule of the app's own URL map, its variables and query filled with odd text."""
    rule, methods = data.draw(st.sampled_from(_routes(app)))
    method = data.draw(st.sampled_from(methods))
    url = rule
    for part in rule.split("<")[1:]:
        variable = part.split(">")[0]
        name = variable.split(":")[-1]
        if name == "code":
            filled = data.draw(st.sampled_from([workshop["code"], "ZZZZZZ"]) | odd_text)
        else:
            filled = str(data.draw(odd_text | odd_numbers))
        url = url.replace(f"<{variable}>", quote(filled, safe="", errors="surrogatepass") or "x")
    query = data.draw(
        st.dictionaries(
            st.sampled_from(["since", "question_id", "rank", "view"]), odd_text, max_size=2
        )
    )
    body = data.draw(bodies | values)
    as_facilitator = data.draw(st.booleans())
    client = (
        facilitator(app, workshop) if as_facilitator else join(app.test_client(), workshop, "carer")
    )
    before = state_of(db, workshop)
    # Encoded by hand: a lone surrogate goes on the wire as its raw bytes.
    encoded = "&".join(f"{k}={quote(v, safe='', errors='surrogatepass')}" for k, v in query.items())
    response = client.open(f"{url}?{encoded}", method=method, json=body)
    assert response.status_code < 500, (method, url, query, response.get_data(as_text=True)[:200])
    if response.status_code >= 400:
        assert state_of(db, workshop) == before


def test_every_field_of_every_action_has_its_one_parser():
    """A field added to an action without a parser would be a KeyError (a 500)."""
    fields = {field for action in ACTIONS.values() for field in action.fields}
    assert fields <= set(rules.FIELD_KINDS), fields - set(rules.FIELD_KINDS)
