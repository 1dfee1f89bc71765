"""Errors on the console at a real room's size (90 phones, 150 ideas:
harness/big_room.py), in Debian's chromium: an error is said beside the
control it came from, far down a 150-idea list and on a 360 px phone, not
only at its panel's top."""

import re

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.browser import live_console

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """150 shown ideas from 90 phones on the first question, three more waiting for approval."""
    with big_room.served(tmp_path_factory.mktemp("console-ended") / "room.db") as built:
        built.console("set_approval", on=True)
        for n, (_, phone) in enumerate(built.phones[:3]):
            sent = phone.post(
                f"{built.api}/ideas",
                json={
                    "question_id": built.question["id"],
                    "text": f"Transport to the day centre {n}",
                },
            )
            assert sent.status_code == 201, sent.text
        yield built


def test_an_error_far_down_150_ideas_is_said_beside_its_control(chromium, room):
    """The panel's status is at its top: 140 ideas down, nobody saw it."""
    question = room.question["id"]
    if room.rows("SELECT status FROM questions WHERE id = ?", (question,))[0]["status"] != "open":
        room.console("open_question", question_id=question)
    context, page = live_console(chromium, room.links["console_url"], LAPTOP, tab="ideas")
    try:
        items = page.locator("#ideas > li")
        expect(items).to_have_count(150)
        item = items.nth(140)
        item.get_by_role("button", name=re.compile("^Edit:")).click()
        item.get_by_label("Fix the wording").fill("")
        save = item.get_by_role("button", name="Save")
        save.click()
        error = page.get_by_role("alert")
        expect(error).to_have_text("Please write your idea before sending.")
        expect(error).to_be_in_viewport()
        # Beside the control, which keeps focus and points at it.
        expect(save).to_be_focused()
        assert item.locator("[role=alert]").count() == 1
        described = save.get_attribute("aria-describedby")
        assert described and page.locator(f"#{described}").inner_text() == error.inner_text()
        expect(page.locator("#panel-ideas > .status")).to_have_text("")
        # The next try that works takes the error away.
        item.get_by_label("Fix the wording").fill("Transport to the day centre, fixed")
        save.click()
        expect(page.get_by_role("alert")).to_have_count(0)
        expect(page.locator("#panel-ideas > .status")).to_have_text(re.compile("^Saved"))
    finally:
        context.close()


def test_an_error_on_a_phone_is_said_beside_its_form(chromium, room):
    """360 px: the Board panel's page seconds are far below its top."""
    context, page = live_console(chromium, room.links["console_url"], PHONE, tab="board")
    try:
        page.get_by_label("Seconds each page shows").fill("500")
        page.locator("#paging-form").get_by_role("button", name="Set").click()
        error = page.get_by_role("alert")
        expect(error).to_have_text(re.compile("from 3 to 120"))
        expect(error).to_be_in_viewport()
        expect(page.locator("#paging-form [role=alert]")).to_have_count(1)
        expect(page.locator("#paging-form").get_by_role("button", name="Set")).to_be_focused()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
