"""Fixtures: a fresh app and database per test, HTTP and socket clients."""

import pytest
from click.testing import CliRunner

from tests.support.clients import open_first
from workshop.room import workshops
from workshop.storage import db as store
from workshop.web.app import create_app


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "test.db"),
            "SECRET_KEY": "test-only-secret",
            "TALLY_INTERVAL": 0.05,
        }
    )
    yield app
    # Send what is still queued now: the pump's background task outlives the
    # test, and the next test's rooms have the same names (workshop ids restart).
    app.extensions["tally_pump"].flush()
    # No writer thread (and its connection) outlives its test.
    assert app.extensions["group_commit"].close()


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


@pytest.fixture
def open_question(db, workshop):
    return open_first(db, workshop)
