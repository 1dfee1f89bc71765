"""The console's timer controls, crossed with every state a timer meets, and
its tab bar on a 320 px phone, in Debian's chromium.

Each timer state shows only the controls that can do something, with words
that say the state: running (Pause, +1 min), paused (Start, +1 min), time up
(no Pause: nothing is left to pause; +1 min gives the room more), time up
then a minute added (running again), no timer, the question closed, the
workshop ended. The agenda shows the same: only the open question's timer
starts, pauses or takes more time."""

import re
import time

import pytest
from playwright.sync_api import expect

from harness.attendee import Room
from harness.browser import live_console
from harness.servers import served_workshop

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("timer") / "room.db"
    with served_workshop(db, "Timers") as (base, links):
        built = Room(base, db, links)
        yield built


@pytest.fixture
def console(chromium, room):
    context, page = live_console(chromium, room.links["console_url"], LAPTOP, tab="agenda")
    yield page
    context.close()


def header(page):
    return (
        page.locator("#header-timer"),
        page.locator("#timer-toggle"),
        page.locator("#add-minute"),
    )


def named(item, words):
    """An agenda item's button whose accessible name starts with `words` (then the question)."""
    return item.get_by_role("button", name=re.compile("^" + re.escape(words)))


def open_item(page):
    return page.locator("#agenda .agenda-item.status-open")


def test_every_timer_state_shows_only_what_can_act(console, room):
    shown, toggle, add = header(console)
    first = room.questions[0]["id"]
    room.console("open_question", question_id=first)
    # No timer: nothing to start, pause or lengthen.
    expect(shown).to_have_text("No timer")
    expect(toggle).to_be_hidden()
    expect(add).to_be_hidden()
    expect(named(open_item(console), "+1 min")).to_have_count(0)

    # Running.
    room.console("set_timer", question_id=first, seconds=300)
    room.console("start_timer", question_id=first)
    expect(shown).to_have_text(re.compile(r"^\d+:\d\d left$"))
    expect(toggle).to_have_text("Pause the timer")
    expect(add).to_be_visible()
    expect(named(open_item(console), "Pause")).to_be_visible()

    # Paused.
    room.console("pause_timer", question_id=first)
    expect(shown).to_contain_text("Paused")
    expect(toggle).to_have_text("Start the timer")
    expect(add).to_be_visible()

    # Time up while running: no Pause (nothing left to pause), +1 min stays.
    room.console("set_timer", question_id=first, seconds=1)
    room.console("start_timer", question_id=first)
    expect(shown).to_have_text("Time is up")
    expect(toggle).to_be_hidden()
    expect(add).to_be_visible()
    expect(add).to_have_accessible_name(re.compile(r"^\+1 min"))  # WCAG 2.5.3
    item = open_item(console)
    expect(item.locator(".timer-left")).to_have_text("Time is up")
    expect(named(item, "Pause")).to_have_count(0)
    expect(named(item, "Start")).to_have_count(0)
    expect(named(item, "+1 min")).to_be_visible()

    # The shortcut says so instead of pausing a finished timer.
    console.locator("#agenda-heading").focus()
    console.keyboard.press("Alt+Shift+KeyP")
    expect(console.locator("header .status")).to_contain_text("Time is up")
    started = room.rows("SELECT timer_started_at FROM questions WHERE id = ?", (first,))
    assert started[0]["timer_started_at"], "the shortcut paused a timer that had run out"

    # Time up, then a minute more: running again, Pause back.
    add.click()
    expect(shown).to_contain_text("left")
    expect(toggle).to_have_text("Pause the timer")

    # Time up while paused (paused after it ran out): Start would run nothing.
    room.console("set_timer", question_id=first, seconds=1)
    room.console("start_timer", question_id=first)
    expect(shown).to_have_text("Time is up")
    room.console("pause_timer", question_id=first)
    time.sleep(0.3)
    expect(shown).to_have_text("Time is up")
    expect(toggle).to_be_hidden()
    expect(add).to_be_visible()

    # The question closed: the header has no timer; its agenda item sets one, nothing more.
    room.console("close_question", question_id=first)
    expect(shown).to_have_text("")
    expect(toggle).to_be_hidden()
    expect(add).to_be_hidden()
    closed = console.locator("#agenda .agenda-item.status-closed").first
    expect(named(closed, "Set")).to_be_visible()
    for name in ("Start", "Pause", "+1 min", "+5 min"):
        expect(named(closed, name)).to_have_count(0)

    # Ended: the timers are put away in the header and the agenda.
    second = room.questions[1]["id"]
    room.console("set_timer", question_id=second, seconds=300)
    room.console("open_question", question_id=second)
    expect(toggle).to_have_text("Pause the timer")
    room.console("end_workshop")
    expect(console.locator(".now-controls")).to_be_hidden()
    expect(console.locator("#agenda .timer-controls").first).to_be_hidden()
    room.console("reopen_workshop", confirm=True)
    expect(toggle).to_have_text("Pause the timer")


@pytest.mark.parametrize("width", [320, 360])
def test_tabs_take_one_compact_row_on_a_phone(chromium, room, width):
    """Nine tabs in one row that scrolls sideways, not five rows before any
    content; each tab a target of 24 px or more; a focused tab and its ring
    wholly in view (WCAG 2.4.11); the page never scrolls sideways (1.4.10)."""
    context, page = live_console(
        chromium, room.links["console_url"], {"width": width, "height": 640}
    )
    try:
        bar = page.locator("nav.tabs")
        box = bar.bounding_box()
        assert box["height"] <= 64, f"the tabs take {box['height']:.0f} px at {width} px wide"
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width, f"the page scrolls sideways: {page_width} px at {width} px"
        tabs = page.get_by_role("tab")
        page.locator("#tab-agenda").focus()
        for n in range(tabs.count()):
            if n:
                page.keyboard.press("ArrowRight")
            tab = tabs.nth(n)
            expect(tab).to_be_focused()
            expect(tab).to_have_attribute("aria-selected", "true")
            # Scrolling into view is smooth on some pages: wait for it to settle.
            page.wait_for_timeout(50)
            shown = bar.bounding_box()
            own = tab.bounding_box()
            assert own["height"] >= 24 and own["width"] >= 24
            ring = 3  # app.css :focus-visible outline
            assert own["x"] - ring >= shown["x"] - 0.5, f"{tab.inner_text()} starts out of view"
            assert own["x"] + own["width"] + ring <= shown["x"] + shown["width"] + 0.5, (
                f"{tab.inner_text()} ends out of view"
            )
            assert own["y"] - ring >= shown["y"] - 0.5
    finally:
        context.close()
