"""A number typed in a console field stays there until it is accepted
(WCAG 3.3.1, 3.3.3), in Debian's chromium: the board's page seconds and
extra time (fields kept across draws) and a question's timer (rebuilt with
the agenda at each draw). A refused value was replaced by the saved one at
the room's next redraw, while the error beside it spoke of a number no
longer there. Crossed with: a live event redrawing the panel, two fields
refused at once, another console changing the same setting, the person
editing, the value accepted, and an acceptance racing another console's
change (the server's frames held, so the order is certain)."""

import re

import pytest
from playwright.sync_api import expect

from harness.attendee import axe_violations

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


class Held:
    """The console's Socket.IO connection, passed through; `hold` keeps what the
    server sends until `release`."""

    def __init__(self):
        self.hold, self.held, self.route = False, [], None

    def __call__(self, route):
        self.route = route
        server = route.connect_to_server()
        route.on_message(server.send)
        server.on_message(lambda m: self.held.append(m) if self.hold else route.send(m))

    def release(self):
        self.hold = False
        for message in self.held:
            self.route.send(message)
        self.held = []


@pytest.fixture
def console(chromium, room, new_workshop):
    """(page, held): a console at 1366x768 on the open question, its socket through Held."""
    room.question = room.open(0)
    context = chromium.new_context(viewport=LAPTOP, bypass_csp=True)  # for axe-core
    page = context.new_page()
    held = Held()
    page.route_web_socket(re.compile(r"/socket\.io/"), held)
    page.goto(new_workshop["console_url"])
    expect(page.locator("#connection")).to_have_text("Live")
    yield page, held
    context.close()


def an_idea_arrives(page, room, text):
    """Live events (a person joins, their idea arrives): the console redraws, its
    header saying one more person is in (drawn with the open panel)."""
    people = page.locator("#people")
    before = people.inner_text()
    room.idea(room.attendee(), room.question, text)
    expect(people).not_to_have_text(before)


def test_a_refused_value_stays_in_its_field_until_it_is_accepted(room, console):
    page, held = console
    page.locator("#tab-board").click()
    seconds, extra = page.locator("#page-seconds"), page.locator("#extra-time")
    paging, stretch = page.locator("#paging-form"), page.locator("#extra-time-form")
    expect(seconds).to_have_value(re.compile(r"^\d+$"))  # the saved value

    # Refused, then a live event redraws the panel: what was typed stays, beside its reason.
    seconds.fill("2")
    paging.get_by_role("button", name="Set").click()
    seconds_error = paging.locator(".said-beside")
    expect(seconds_error).to_have_text(re.compile("from 3 to 120"))
    expect(seconds).to_have_attribute("aria-invalid", "true")
    assert seconds.get_attribute("aria-describedby") == seconds_error.get_attribute("id")
    an_idea_arrives(page, room, "A minibus on Saturdays too")
    expect(seconds).to_have_value("2")
    room.console("set_board_view", view="priority")  # another console, another setting
    expect(page.locator('[data-key="view:priority"]')).to_have_attribute("aria-pressed", "true")
    expect(seconds).to_have_value("2")
    expect(seconds_error).to_be_visible()

    # Two refused at once: each keeps its value and its own reason.
    extra.fill("999")
    stretch.get_by_role("button", name="Set").click()
    extra_error = stretch.locator(".said-beside")
    expect(extra_error).to_have_text(re.compile("0 to 200"))
    expect(seconds_error).to_be_visible()
    an_idea_arrives(page, room, "Lunch club on Fridays")
    expect(page.locator(".field-refused")).to_have_count(2)
    expect(seconds).to_have_value("2")
    expect(extra).to_have_value("999")
    assert axe_violations(page) == []

    # Another console sets the same setting: the person's own value and its reason stay.
    room.console("set_board_paging", seconds=20)
    room.console("set_board_view", view="ideas")
    expect(page.locator('[data-key="view:ideas"]')).to_have_attribute("aria-pressed", "true")
    expect(seconds).to_have_value("2")
    expect(seconds_error).to_be_visible()

    # The person edits it, then leaves the field: the edit stays through a redraw.
    seconds.fill("15")
    page.locator("#board-heading").focus()
    an_idea_arrives(page, room, "Paid travel time")
    room.console("set_board_view", view="role")
    expect(page.locator('[data-key="view:role"]')).to_have_attribute("aria-pressed", "true")
    expect(seconds).to_have_value("15")

    # Accepted: its reason goes (the other field's stays), and the field follows the room again.
    paging.get_by_role("button", name="Set").click()
    expect(page.locator("#panel-board > .status")).to_have_text(
        "Each page now shows for 15 seconds."
    )
    expect(seconds_error).to_have_count(0)
    expect(seconds).not_to_have_attribute("aria-invalid", "true")
    expect(extra_error).to_be_visible()
    expect(extra).to_have_value("999")
    room.console("set_board_paging", seconds=25)
    expect(seconds).to_have_value("25")

    # An acceptance racing another console's change: the server's last word shows.
    held.hold = True
    extra.fill("50")
    stretch.get_by_role("button", name="Set").click()
    # Sent and saved, its answer held.
    saved = "SELECT extra_time_percent AS p FROM workshops WHERE code = ?"
    for _ in range(100):
        if room.rows(saved, (room.code,)) == [{"p": 50}]:
            break
        page.wait_for_timeout(100)
    assert room.rows(saved, (room.code,)) == [{"p": 50}]
    room.console("set_extra_time", percent=100)  # applied after ours
    held.release()
    expect(page.locator("#panel-board > .status")).to_have_text(
        "Every timer now has 50% extra time."
    )
    expect(extra_error).to_have_count(0)
    expect(extra).to_have_value("100")
    rows = room.rows(
        "SELECT extra_time_percent, board_seconds FROM workshops WHERE code = ?", (room.code,)
    )
    assert rows == [{"extra_time_percent": 100, "board_seconds": 25}]


def test_a_refused_timer_stays_through_the_agendas_redraws(room, console):
    page, _ = console
    q = room.question
    page.locator("#tab-agenda").click()
    minutes = page.get_by_label(f"Timer in minutes for: {q['text']}")
    set_it = page.get_by_role("button", name=f"Set the timer for: {q['text']}")
    room.console("set_timer", question_id=q["id"], seconds=300)
    expect(minutes).to_have_value("5")
    # Emptied and sent (past 240 the browser's own check says so), then the agenda is redrawn whole.
    minutes.fill("")
    set_it.click()
    error = page.locator("#agenda .said-beside")
    expect(error).to_have_text("The timer is a whole number of minutes from 0 to 240.")
    page.wait_for_timeout(1200)
    room.console("start_timer", question_id=q["id"])
    expect(page.get_by_role("button", name=f"Pause the timer for: {q['text']}")).to_be_visible()
    expect(minutes).to_have_value("")
    expect(error).to_be_visible()
    expect(page.locator("#agenda").get_by_role("alert")).to_have_count(0)  # heard once
    assert minutes.get_attribute("aria-describedby") == error.get_attribute("id")
    # Another console sets this timer: the person's empty field and its reason stay.
    room.console("add_time", question_id=q["id"], seconds=60)
    an_idea_arrives(page, room, "Keep the same carer")
    expect(minutes).to_have_value("")
    expect(error).to_be_visible()
    # Corrected and accepted: the field follows the room again.
    minutes.fill("7")
    set_it.click()
    expect(page.locator("#panel-agenda > .status")).to_have_text("Timer set to 7 minutes.")
    expect(error).to_have_count(0)
    expect(minutes).to_have_value("7")
    room.console("set_timer", question_id=q["id"], seconds=600)
    expect(minutes).to_have_value("10")
