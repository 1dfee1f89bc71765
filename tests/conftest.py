"""Fixtures: a fresh app and database per test, HTTP and socket clients, and
real browsers (Playwright driving Debian's chromium) against a real
`workshop serve` process."""

import json

import pytest
from click.testing import CliRunner

from harness import big_room, themed
from harness.attendee import Room, record_announcements
from harness.browser import PHONE, launch
from harness.clients import open_first
from harness.servers import server, workshop_cli
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
    app.extensions["tally_pump"].flush(orders=True)
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


@pytest.fixture
def room_ideas(db, workshop, open_question):
    """The theme tests' eight ideas (harness/themed.py) on the open question:
    (question, idea ids)."""
    return open_question, themed.write_ideas(db, workshop, open_question)


@pytest.fixture
def accepted_themes(db, workshop, room_ideas):
    """A question with three accepted themes, jobs, travel and breaks:
    (question, idea ids, theme ids)."""
    question, ids = room_ideas
    return question, ids, themed.accept(db, workshop, question, ids)


# Browsers


@pytest.fixture(scope="session")
def chromium():
    """One browser for the whole run: Playwright's sync API allows one driver per process."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright.chromium)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def full_room(tmp_path_factory):
    """A real server with a room of the framework's own size (harness/big_room.py):
    90 phones and 150 ideas on the open question, one for each test module."""
    with big_room.served(tmp_path_factory.mktemp("full-room") / "room.db") as built:
        yield built


@pytest.fixture
def live_server(tmp_path):
    """A real server on loopback with a fresh database; yields (base_url, db_path)."""
    db = tmp_path / "browser.db"
    workshop_cli("list", db=db)  # creates and migrates the database
    with server(db) as base:
        yield base, db


@pytest.fixture
def new_workshop(live_server):
    """Create a workshop through the CLI; returns its links (code, join_url, ...)."""
    base, db = live_server
    return json.loads(
        workshop_cli("new", "Browser test workshop", "--json", "--public-url", base, db=db).stdout
    )


@pytest.fixture
def room(live_server, new_workshop):
    """The live server's new workshop, driven as its console and phones drive it
    (harness.attendee.Room)."""
    return Room(*live_server, new_workshop)


@pytest.fixture
def phone(chromium):
    """A fresh phone-sized browser context (its own cookies and storage)."""
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def make_phone(chromium, request):
    """Make phone pages on demand, each in its own context (cookies and storage), in
    either wording; all closed after the test. A module sets its phones' options once
    with `pytest.mark.phone(...)`; a call's own keywords win:

    - viewport: the screen size (360x740 unless given);
    - bypass_csp: let the test inject axe-core (the page itself still sends its CSP);
    - announcements: record what the live region says (harness.attendee.announced);
    - throttle: slow the CPU this many times, as a cheap phone is.
    """
    marker = request.node.get_closest_marker("phone")
    defaults = marker.kwargs if marker else {}
    contexts = []

    def make(easy=False, **options):
        options = {**defaults, **options}
        unknown = set(options) - {"viewport", "bypass_csp", "announcements", "throttle"}
        if unknown:
            raise TypeError(f"make_phone has no option {', '.join(sorted(unknown))}")
        context = chromium.new_context(
            viewport=options.get("viewport", PHONE),
            is_mobile=True,
            has_touch=True,
            bypass_csp=options.get("bypass_csp", False),
        )
        context.add_init_script(
            f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')"
        )
        contexts.append(context)
        page = context.new_page()
        if options.get("announcements"):
            record_announcements(page)
        if options.get("throttle"):
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": options["throttle"]})
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(chromium):
    """A laptop-sized browser context, for the console and the board."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield page
    context.close()
