"""The JSON of every Socket.IO packet sent (web/bodies.dumps)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from harness.clients import join, socket_for, wait_for
from workshop.web import bodies

COMPACT = {"separators": (",", ":")}

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.text() | st.integers(min_value=0, max_value=10**6), inner, max_size=5)
    ),
    max_leaves=30,
)


@given(values)
def test_a_packet_s_json_reads_back_as_json_dumps_s_does(value):
    sent = bodies.dumps(value, **COMPACT)
    assert json.loads(sent) == json.loads(json.dumps(value, **COMPACT))


def test_text_goes_as_utf8_and_what_msgspec_cannot_encode_as_before():
    # msgspec's encoder: the same JSON, text unescaped (json.dumps writes \u00e9).
    assert bodies.dumps({"text": "Café, ü, 🙂"}, **COMPACT) == '{"text":"Café, ü, 🙂"}'
    # A lone surrogate, keys that are neither text nor numbers: json.dumps's output.
    for value in ({"text": "\ud800"}, {True: 1, None: 2}):
        assert bodies.dumps(value, **COMPACT) == json.dumps(value, **COMPACT)
    # Any other formatting asked for: json.dumps's.
    assert bodies.dumps({"a": [1, 2]}, indent=1) == json.dumps({"a": [1, 2]}, indent=1)
    assert bodies.dumps({"a": [1, 2]}) == '{"a": [1, 2]}'


def test_an_acknowledgement_and_a_push_carry_text_as_it_was_written(
    app, client, workshop, open_question
):
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(phone, "snapshot")
    wait_for(board, "snapshot")
    text = "Café visits — “late” 🙂"
    sent = {"question_id": open_question["id"], "text": text, "client_id": "idea-utf8-1"}
    ack = phone.emit("submit_idea", sent, callback=True)
    assert ack["ok"] and ack["idea"]["text"] == text
    pushed = wait_for(board, "event", lambda e: e["type"] == "idea_added")
    assert pushed["data"]["idea"]["text"] == text
