"""Approve all past the server's 1,000 ids a message (rules.LIST_MAX), in
Debian's chromium at 1366x768: 1,010 ideas waiting from 90 phones. It was
refused whole ("idea_ids must be a list of whole numbers."), approving
nothing; now it goes in parts of 1,000, each answered before the next, and
one message says what happened: how many were approved (and passed over,
approved or hidden meanwhile on another console), or, when the network
goes between parts, how many were and how many were not, and why.

The console's socket runs through a route (Playwright's route_web_socket)
that counts what the page sends and can hold what the server sends back or
drop what the page sends from a given call on: "meanwhile" and "mid-way"
made certain, not raced."""

import re
import time

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.browser import SocketWire

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
MANY = 1010
PHONE_WINDOW = 61  # seconds: each phone sends at most 12 ideas a minute (web/limits.py)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """1,010 ideas from 90 phones, waiting for approval."""
    db = tmp_path_factory.mktemp("approve-many") / "room.db"
    with big_room.served(
        db, "Day services, Kent", approval=True, ideas=MANY, votes_each=0
    ) as built:
        built.sent_at = time.monotonic()
        yield built


def pending(room):
    return [r["id"] for r in room.rows("SELECT id FROM ideas WHERE status = 'pending'")]


def console(chromium, room):
    context = chromium.new_context(viewport=LAPTOP)
    page = context.new_page()
    wire = SocketWire()
    page.route_web_socket(re.compile(r"/socket\.io/"), wire)
    page.goto(room.links["console_url"])
    expect(page.locator("#connection")).to_have_text("Live")
    page.get_by_role("tab", name=re.compile("^Approval queue")).click()
    return context, page, wire


def approve_all(page, wire, count):
    """Press Approve all, and Yes when it asks first (some need a look: the long ones)."""
    before = wire.sent.count("approve_ideas")
    page.get_by_role("button", name=f"Approve all ({count})").click()
    yes = page.get_by_role("button", name=f"Yes, approve all {count}")
    for _ in range(100):
        if yes.is_visible():
            yes.click()
        if wire.sent.count("approve_ideas") > before:
            return
        page.wait_for_timeout(50)  # lets Playwright run the route's handlers
    raise AssertionError(f"approve_ideas not sent: {wire.sent}")


def test_approve_all_past_1000_goes_in_parts_and_says_what_happened(chromium, room):
    waiting = pending(room)
    assert len(waiting) == MANY
    context, page, wire = console(chromium, room)
    queue = page.locator("#panel-queue")
    try:
        expect(page.locator("#pending > li")).to_have_count(MANY)
        # Meanwhile, before this console hears of it, another approves five and hides one.
        wire.hold = True
        room.console("approve_ideas", idea_ids=waiting[:5])
        room.console("hide_idea", idea_id=waiting[-1])
        approve_all(page, wire, MANY)
        wire.release()
        expect(queue.locator(".status")).to_have_text(
            "1004 ideas approved. 6 others were approved or hidden meanwhile on another console."
        )
        assert wire.sent.count("approve_ideas") == 2, wire.sent  # 1,000, then 10
        expect(page.locator("#pending > li")).to_have_count(0)
        assert pending(room) == []

        # Another 1,010 (once every phone may send again); the network goes after the first part.
        time.sleep(max(0, PHONE_WINDOW - (time.monotonic() - room.sent_at)))
        for n in range(MANY):
            _, session = room.phones[n % len(room.phones)]
            room.idea(session, room.question, f"Transport to the day centre, note {n + 1}")
        expect(page.locator("#pending > li")).to_have_count(MANY)
        # The 4th call on is lost: the first two were the 1,000 and 10 above.
        wire.drop = lambda sent: sent.count("approve_ideas") >= 4
        approve_all(page, wire, MANY)
        expect(queue.get_by_role("alert")).to_have_text(
            "1000 ideas approved; the other 10 were not. "
            "No answer from the server. Please try again.",
            timeout=30_000,
        )
        assert len(pending(room)) == 10
        expect(page.locator("#pending > li")).to_have_count(10)
        # The network is back: the rest, with one press.
        wire.drop = False
        approve_all(page, wire, 10)
        expect(queue.locator(".status")).to_have_text("10 ideas approved.")
        assert pending(room) == []
    finally:
        context.close()
