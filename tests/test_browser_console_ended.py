"""The console after End, and its errors, at a real room's size (90 phones,
150 ideas: harness/big_room.py), in Debian's chromium.

After End the console puts away what can do nothing (open a question, the
timers, the 1-minute warning, the board's wording and reading aloud, the
phones' vote on themes, the door) and says why where each was; what still
makes sense (moderating, the board's views and pages, themes, exports,
Reopen) stays. Crossed with what is open when the room ends: an ideas
question, a ranking question, a vote on themes. An error is said beside the
control it came from, far down a 150-idea list and on a 360 px phone."""

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


def open_ranking(room):
    """Carry five ideas forward and open a Plan ranking question on them."""
    carried = room.console("carry_forward", idea_ids=[i["id"] for i in room.ideas[:5]])
    return big_room.rank_outcomes(room, [o["id"] for o in carried["outcomes"]])


def open_theme_vote(room):
    """The first question open again, its ideas in ten themes, its dots on the themes."""
    room.console("open_question", question_id=room.question["id"])
    big_room.accept_themes(room, big_room.tenths(room))
    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    return room.question


def open_ideas(room):
    return room.question


OPEN = {"ideas": open_ideas, "ranking": open_ranking, "theme votes": open_theme_vote}


def reopen(room):
    """Reopen the workshop for the next test; it may be open already (a conflict, nothing changed)."""
    reply = room.facilitator.post(f"{room.api}/console/reopen_workshop", json={"confirm": True})
    assert reply.status_code in (200, 409), reply.text


def expect_put_away(page, question_text):
    """What can do nothing after End is gone, with a line saying why; the rest stays."""
    # The issue's own case first: the server refuses reading aloud after End.
    page.locator("#tab-board").click()
    board = page.locator("#panel-board")
    for name in ("Read the question aloud on the board", "Easy read with a picture", "Both"):
        expect(board.get_by_role("button", name=name)).to_have_count(0)
    expect(board.locator(".ended-hint")).to_be_visible()
    expect(board.get_by_label("Extra time on every timer (%)")).to_be_hidden()
    expect(board.get_by_label(re.compile("^Show the time left on phones"))).to_be_hidden()
    for name in ("Results by role", "Next page", "Pause the pages", "Hide the results"):
        expect(board.get_by_role("button", name=name)).to_be_visible()

    header = page.locator(".console-header")
    expect(header.locator("#open-question")).to_have_text(re.compile("^The workshop has ended"))
    for name in ("Next question", "Pause the timer", "Start the timer", "+1 min"):
        expect(header.get_by_role("button", name=name)).to_have_count(0)
    expect(header.get_by_role("button", name=re.compile("wait for approval$"))).to_be_visible()

    page.locator("#tab-agenda").click()
    agenda = page.locator("#panel-agenda")
    expect(agenda.locator(".ended-hint")).to_be_visible()
    gone = "^(Open|Reopen):|^1-minute warning|^Warned|^Set the timer|^(Start|Pause) the timer|^\\+[15] min"
    expect(agenda.get_by_role("button", name=re.compile(gone))).to_have_count(0)
    expect(agenda.get_by_role("button", name=f"Close: {question_text}")).to_be_visible()
    expect(agenda.get_by_role("button", name=re.compile("^Move down:")).first).to_be_visible()
    expect(agenda.get_by_text("Add your own question")).to_be_visible()

    page.locator("#tab-themes").click()
    themes = page.locator("#panel-themes")
    expect(themes.get_by_role("button", name=re.compile("^Vote on"))).to_have_count(0)
    expect(themes.locator(".ended-hint")).to_be_visible()
    expect(themes.get_by_role("button", name="Suggest themes")).to_be_visible()

    page.locator("#tab-queue").click()
    queue = page.locator("#panel-queue")
    expect(queue.get_by_label("Approve ideas before they are shown")).to_be_hidden()
    expect(queue.get_by_role("button", name=re.compile("^Approve all"))).to_be_visible()

    page.locator("#tab-ideas").click()
    page.get_by_text("Add a photo of a flip chart to an entry").click()
    expect(page.get_by_role("button", name="Attach the photo")).to_have_count(0)
    expect(page.locator("#flipchart .ended-hint")).to_be_visible()
    page.get_by_text("Type in an idea (paper card").click()
    expect(page.get_by_role("button", name="Add the idea")).to_be_visible()

    page.locator("#tab-report").click()
    report = page.locator("#panel-report")
    expect(report.get_by_role("button", name=re.compile("^(Lock|Open) the door"))).to_have_count(0)
    expect(report.locator(".ended-hint")).to_be_visible()
    expect(report.get_by_role("link", name="Report draft (Word)")).to_be_visible()
    expect(report.get_by_role("button", name="Reopen the workshop")).to_be_visible()


def expect_back(page):
    """Reopened: what was put away is back."""
    expect(page.locator("#open-question")).not_to_have_text(re.compile("^The workshop has ended"))
    expect(page.get_by_role("button", name="Pause the timer", exact=True)).to_be_visible()
    page.locator("#tab-board").click()
    expect(page.get_by_role("button", name="Read the question aloud on the board")).to_be_visible()
    expect(page.locator("#panel-board .ended-hint")).to_be_hidden()
    page.locator("#tab-report").click()
    expect(page.get_by_role("button", name="Lock the door")).to_be_visible()


@pytest.mark.parametrize("what", list(OPEN))
def test_after_end_the_console_puts_away_what_can_do_nothing(chromium, room, what):
    """Each with a running timer on the open question, so its controls were there."""
    question = OPEN[what](room)
    room.console("set_timer", question_id=question["id"], seconds=600)
    room.console("start_timer", question_id=question["id"])
    context, page = live_console(chromium, room.links["console_url"], LAPTOP, tab="report")
    try:
        expect(page.get_by_role("button", name="Pause the timer", exact=True)).to_be_visible()
        if what == "ideas":  # ended from this console, live
            page.get_by_role("button", name="End the workshop").click()
            page.get_by_role("button", name="Yes, end it now").click()
            expect(page.get_by_role("button", name="Reopen the workshop")).to_be_focused()
        else:  # ended elsewhere (another console, `workshop end`) before this one opened
            room.console("end_workshop")
            page.reload()
            expect(page.locator("#connection")).to_have_text("Live")
        expect_put_away(page, question["text"])
        # Alt+Shift+N (Next) can do nothing: it says so, in the header.
        page.keyboard.press("Alt+Shift+KeyN")
        expect(page.locator(".console-header .status")).to_have_text(
            re.compile("^The workshop has ended")
        )
        page.get_by_role("button", name="Reopen the workshop").click()
        page.get_by_role("button", name="Yes, reopen it").click()
        expect_back(page)
    finally:
        reopen(room)
        context.close()


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


def test_an_error_in_the_agenda_stays_beside_its_control_when_the_room_moves(chromium, room):
    """The agenda is redrawn whole at the room's next event (here an idea
    arriving): the error follows its Set button, and is not said again."""
    question = room.question
    context, page = live_console(chromium, room.links["console_url"], PHONE, tab="agenda")
    try:
        item = page.locator("#agenda > li").filter(
            has=page.get_by_role("button", name=f"Close: {question['text']}")
        )
        item.get_by_label("Timer in minutes for").fill(
            ""
        )  # (past 240 the browser's own check says so)
        item.get_by_role("button", name="Set the timer for").click()
        error = item.get_by_role("alert")
        expect(error).to_have_text("The timer is a whole number of minutes from 0 to 240.")
        message = error.inner_text()
        expect(error).to_be_in_viewport()
        page.wait_for_timeout(1500)  # the room moves on a moment later, not as it is said
        author = room.attendee()
        room.idea(author, question, "A minibus on Saturdays too")
        expect(item.locator(".said-beside")).to_have_text(message)
        expect(item.get_by_role("alert")).to_have_count(0)  # heard once, not again
        expect(item.locator(".said-beside")).to_be_in_viewport()
    finally:
        context.close()
