"""Every refusal code the server sends is classified once (room/errors.py RETRY):
a passing one carries `"retry": true`, and the phone's outbox keeps the item."""

import re
from pathlib import Path

import pytest

from workshop.room.errors import RETRY, Conflict, error_dict
from workshop.web.context import Stopping
from workshop.web.limits import SlowDown

pytestmark = pytest.mark.timeout(30)

SOURCE = Path(__file__).resolve().parents[1] / "workshop"
# code="x", code = "x" (a class's own), "code": "x" (a dict), code=f"unknown_{label}"
LITERAL = re.compile(r'\bcode\s*=\s*"([a-z_]+)"|"code": "([a-z_]+)"')
LABELS = re.compile(r'rules\.tag\([^)]*"([a-z_]+)"\)|\btag\([^)]*"([a-z_]+)"\)', re.S)


def codes_in_source():
    found = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        found |= {a or b for a, b in LITERAL.findall(text)}
        found |= {f"unknown_{a or b}" for a, b in LABELS.findall(text)}
    return found


def test_every_code_the_server_sends_is_classified():
    found = codes_in_source()
    assert {"stopping", "slow_down", "question_closed", "unknown_priority"} <= found
    assert sorted(found - set(RETRY)) == []


def test_a_passing_refusal_says_retry_and_a_lasting_one_does_not():
    assert Stopping("The server is stopping.").to_dict()["retry"] is True
    assert SlowDown("Wait 3 seconds.").to_dict()["retry"] is True
    assert error_dict("server_error", "Oops")["retry"] is True
    ended = Conflict("This workshop has ended.", code="workshop_ended").to_dict()
    assert ended == {"code": "workshop_ended", "message": "This workshop has ended."}
    assert "retry" not in error_dict("question_closed", "Closed.")


def test_a_socket_write_while_stopping_is_acknowledged_as_passing(
    app, client, db, workshop, open_question
):
    from harness.clients import join, socket_for, wait_for

    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    assert app.extensions["group_commit"].close()
    ack = phone.emit(
        "submit_idea",
        {"question_id": open_question["id"], "text": "Sent while stopping", "client_id": "c" * 12},
        callback=True,
    )
    assert ack["ok"] is False and ack["error"]["code"] == "stopping"
    assert ack["error"]["retry"] is True  # static/js/lib/live.js keeps it in the outbox
    assert db["ideas"].count == 0
