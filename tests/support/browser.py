"""Real browser fixtures: Playwright driving Debian's chromium against a real
`workshop serve` process. `playwright install` cannot download here, so the
executable is the system one (installed by `make test`)."""

import shutil

import pytest

from tests.support.servers import server, workshop_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, chromium keeps trying to reach Google's hosts on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


# Each test module that imports `chromium` gets its own session fixture, but
# Playwright's sync API allows one driver per process: share one browser
# between them, closed when the last of them ends.
_shared = {"users": 0}


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not _shared["users"]:
        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
    _shared["users"] += 1
    yield _shared["browser"]
    _shared["users"] -= 1
    if not _shared["users"]:
        _shared["browser"].close()
        _shared["playwright"].stop()


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
    import json

    base, db = live_server
    return json.loads(
        workshop_cli("new", "Browser test workshop", "--json", "--public-url", base, db=db).stdout
    )


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
def desktop(chromium):
    """A laptop-sized browser context, for the console and the board."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield page
    context.close()


def no_dialogs(page):
    """Fail the test if any script opens a dialog (the XSS canary)."""
    opened = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened
