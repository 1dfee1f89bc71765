"""A board set to easy read keeps it after End, at 1920x1080 in Debian's chromium.

The console's "The question on the board" chooses the framework's words, easy
read or both. After End the question area says the thank-you in the words the
facilitator chose: in easy read short sentences, each beside its picture (the
chequered flag for "the meeting has finished", as on the phones, and the
report's picture for what happens next); both: the framework's words too. The
framework's choice keeps the framework's words, with no picture. Reopened,
the question comes back in the same wording. Each state is screenshot."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

WALL = {"width": 1920, "height": 1080}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
ENDED = "This workshop has ended. Thank you."
EASY_ENDED = "The meeting has ended. Thank you."
NEXT = "What happens next: everything the room sent is kept for the report on this workshop."
EASY_NEXT = "We keep what you sent for the report."


@pytest.fixture
def room(live_server, new_workshop):
    built = Room(*live_server, new_workshop)
    built.links = new_workshop
    built.question = built.open(0)
    built.idea(built.attendee("carer"), built.question, "Time to talk at every visit")
    return built


def words(page):
    """Every sentence the wall shows, as a person reads it."""
    return page.locator("main.board").inner_text()


@pytest.mark.parametrize("wording", ["easy", "both", "framework"])
def test_after_end_the_board_keeps_its_easy_read(chromium, room, wording):
    context = chromium.new_context(viewport=WALL, bypass_csp=True)  # axe-core
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    easy = page.locator("#question-easy")
    try:
        room.console("set_board_wording", wording=wording)
        page.goto(room.links["board_url"])
        expect(page.locator("#view .card")).to_have_count(1)
        room.console("end_workshop")
        expect(page.locator("#ended-note")).to_be_visible()
        page.wait_for_timeout(300)  # the side column's fit
        page.screenshot(path=str(SHOTS / f"board-ended-wording-{wording}.png"))
        shown = words(page)
        assert room.question["text"] not in shown
        if wording == "framework":
            expect(page.locator("#question-text")).to_have_text(ENDED)
            expect(easy).to_be_hidden()
            assert EASY_ENDED not in shown and EASY_NEXT not in shown
            expect(page.locator("#ended-note")).to_contain_text(NEXT)
        else:
            expect(page.locator("#question-easy-text")).to_have_text(EASY_ENDED)
            picture = page.locator("#question-picture")
            expect(picture).to_be_visible()
            assert picture.get_attribute("src").endswith("/symbols/ended.svg")
            assert picture.bounding_box()["height"] >= 80  # seen from the back of the room
            # What happens next, in a short sentence beside the report's picture.
            line = page.locator("#ended-note .er-line")
            expect(line).to_have_text(EASY_NEXT)
            assert line.locator("img").get_attribute("src").endswith("/symbols/report.svg")
            assert NEXT not in shown  # the long sentence gives way
            if wording == "easy":
                expect(page.locator("#question-text")).to_be_hidden()
                assert shown.count("Thank you") == 2  # the heading's and the side's, once each
            else:
                expect(page.locator("#question-text")).to_have_text(ENDED)
            # Nothing on the wall still asks: no stage, no join code, no read-aloud button.
            expect(page.locator("#question-stage")).to_have_text("")
            for gone in ("#board-join", "#board-sound", "#timer"):
                expect(page.locator(gone)).to_be_hidden()
        assert axe_violations(page) == []
        # Reopened: the question again, in the wording chosen.
        reply = room.facilitator.post(f"{room.api}/console/reopen_workshop", json={"confirm": True})
        assert reply.status_code == 200, reply.text
        expect(page.locator("#ended-note")).to_be_hidden()
        if wording == "framework":
            expect(easy).to_be_hidden()
        else:
            expect(page.locator("#question-easy-text")).to_have_text(room.question["easy_read"])
            assert page.locator("#question-picture").get_attribute("src").endswith("/question.svg")
    finally:
        context.close()
