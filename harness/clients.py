"""Helpers shared by the tests: join over HTTP, a socket client, waiting for a message."""

import time

from workshop.room import agenda, rules
from workshop.web.live import socketio


def open_first(db, workshop):
    """Open the first key question and return it."""
    question = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, question["id"])
    return question


def join(client, workshop, role):
    """Join through the JSON API; the client's cookie jar keeps the session."""
    response = client.post(f"/api/w/{workshop['code']}/participants", json={"role": role})
    assert response.status_code == 201, response.get_json()
    return client


def socket_for(app, client, workshop, view="phone", **auth):
    """A Socket.IO test client sharing the HTTP client's cookies."""
    return socketio.test_client(
        app, flask_test_client=client, auth={"code": workshop["code"], "view": view, **auth}
    )


def wait_for(socket, name, predicate=lambda args: True, timeout=3.0):
    """Collect received messages until one named `name` satisfies predicate."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        for message in socket.get_received():
            seen.append(message)
            if message["name"] == name and predicate(message["args"][0]):
                return message["args"][0]
        socketio.sleep(0.02)
    raise AssertionError(f"no {name!r} within {timeout}s; saw {[m['name'] for m in seen]}")
