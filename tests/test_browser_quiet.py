"""Issue 25: quiet signals in a real chromium: "I need more time" and "I
don't understand" on a phone, anonymous counts on the console, reset for
the next question, on the board only if the facilitator ticks it."""

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join, record_announcements

pytestmark = pytest.mark.browser


def test_quiet_signals_reach_the_console_and_start_afresh(live_server, new_workshop, chromium):
    room = Room(*live_server, new_workshop)
    room.open(0)
    contexts = []

    def context(**options):
        made = chromium.new_context(bypass_csp=True, **options)
        contexts.append(made)
        return made.new_page()

    try:
        console = context(viewport={"width": 1280, "height": 720})
        console.goto(new_workshop["console_url"])
        board = context(viewport={"width": 1280, "height": 720})
        board.goto(new_workshop["board_url"])
        phone = context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        record_announcements(phone)
        join(phone, new_workshop)
        more = phone.get_by_role("button", name="I need more time")
        lost = phone.get_by_role("button", name="I don’t understand")
        expect(more).to_be_visible()
        expect(more).to_have_attribute("aria-pressed", "false")
        assert axe_violations(phone) == []
        more.click()
        expect(phone.locator("#quiet-feedback")).to_have_text(
            "Thank you. The facilitator can see that someone needs more time."
        )
        expect(more).to_have_attribute("aria-pressed", "true")
        lost.click()
        now = console.locator("#quiet-now")
        expect(now).to_have_text(
            "Quiet signals on this question: 1 person needs more time · 1 person doesn’t understand"
        )
        more.click()  # once per question: said again, counted once
        expect(phone.locator("#quiet-feedback")).to_have_text(
            "You have already said this for this question."
        )
        assert len(room.rows("SELECT * FROM quiet_signals")) == 2
        # Counts only: the console shows no role or name with them.
        assert "carer" not in now.inner_text().lower()
        # The board shows nothing until the facilitator ticks it.
        expect(board.locator("#quiet-board")).to_be_hidden()
        console.get_by_role("tab", name="Board").click()
        console.locator("#quiet-board-toggle").click()
        expect(board.locator("#quiet-board")).to_contain_text("1 person needs more time")
        expect(console.locator("#quiet-board-toggle")).to_be_checked()

        room.open(1)  # the next question starts from nothing, on every screen
        expect(now).to_be_hidden()
        expect(board.locator("#quiet-board")).to_be_hidden()
        expect(more).to_have_attribute("aria-pressed", "false")
        expect(phone.locator("#quiet-feedback")).to_be_empty()
        assert axe_violations(console) == []
    finally:
        for made in contexts:
            made.close()


def test_a_second_phone_of_the_same_person_shows_the_signal_as_sent(
    live_server, new_workshop, chromium
):
    """The snapshot's my_quiet, not this phone's storage, says what was sent: the
    same person on a second phone (their cookie, none of the first phone's
    storage) sees "I need more time" pressed, and after a reload too."""
    room = Room(*live_server, new_workshop)
    room.open(0)
    phone_options = {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
    }
    first = chromium.new_context(bypass_csp=True, **phone_options)
    second = chromium.new_context(bypass_csp=True, **phone_options)
    try:
        phone = first.new_page()
        join(phone, new_workshop)
        phone.get_by_role("button", name="I need more time").click()
        expect(phone.get_by_role("button", name="I need more time")).to_have_attribute(
            "aria-pressed", "true"
        )
        for _ in range(50):
            if room.rows("SELECT * FROM quiet_signals"):
                break
            phone.wait_for_timeout(100)
        assert len(room.rows("SELECT * FROM quiet_signals")) == 1
        second.add_cookies(first.cookies())
        other = second.new_page()
        other.goto(phone.url)
        expect(other.locator("#connection")).to_have_text("Connected")
        more = other.get_by_role("button", name="I need more time")
        expect(more).to_have_attribute("aria-pressed", "true")
        expect(other.get_by_role("button", name="I don’t understand")).to_have_attribute(
            "aria-pressed", "false"
        )
        more.click()  # the second phone knows it was said
        expect(other.locator("#quiet-feedback")).to_have_text(
            "You have already said this for this question."
        )
        # This phone's storage gone (another browser on it, private mode): a reload still shows it.
        phone.evaluate("() => window.localStorage.clear()")
        phone.reload()
        expect(phone.locator("#connection")).to_have_text("Connected")
        expect(phone.get_by_role("button", name="I need more time")).to_have_attribute(
            "aria-pressed", "true"
        )
    finally:
        first.close()
        second.close()
