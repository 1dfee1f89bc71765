"""Fixtures: a fresh app and database per test, HTTP and socket clients."""

import time

import pytest
from click.testing import CliRunner

from workshop import db as store
from workshop import workshops
from workshop.app import create_app
from workshop.live import socketio


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE": str(tmp_path / "test.db"),
        "SECRET_KEY": "test-only-secret",
        "TALLY_INTERVAL": 0.05,
    })
    yield app
    # Send what is still queued now: the pump's background task outlives the
    # test, and the next test's rooms have the same names (workshop ids restart).
    app.extensions["tally_pump"].flush()


@pytest.fixture
def db(app):
    connection = store.connect(app.config["DATABASE"])
    yield connection
    connection.conn.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("WORKSHOP_PUBLIC_URL", "http://workshop.test:5000")
    return CliRunner()


@pytest.fixture
def workshop(db):
    return workshops.create(db, "Home care re-commissioning, West Kent")


def open_first(db, workshop):
    """Open the first key question and return it."""
    question = workshops.agenda(db, workshop)[0]
    workshops.open_question(db, workshop, question["id"])
    return question


@pytest.fixture
def open_question(db, workshop):
    return open_first(db, workshop)


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
