"""The console at a real room's size (90 phones, 150 ideas, harness/big_room.py),
driven as a facilitator drives it, in Debian's chromium: the keyboard works
down the approval queue and the Ideas list without going back to the top
after each idea; an idea that arrives does not move the card under the
pointer; a Themes form sent with Enter closes, with focus back on the
button that opened it; and End says who still waits at the door."""

import re

import pytest
import requests
from playwright.sync_api import expect

from harness import big_room
from harness.browser import live_console

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """150 ideas from 90 phones, waiting for approval."""
    db = tmp_path_factory.mktemp("console-focus") / "room.db"
    with big_room.served(db, "Day services, Kent", approval=True, votes_each=0) as built:
        yield built


@pytest.fixture
def console(chromium, room):
    context, page = live_console(chromium, room.links["console_url"], LAPTOP)
    yield page
    context.close()


def status_of(room, idea_id):
    return room.rows("SELECT status FROM ideas WHERE id = ?", (idea_id,))[0]["status"]


def approve_all(room):
    waiting = room.rows("SELECT id FROM ideas WHERE status = 'pending'")
    if waiting:
        room.console("approve_ideas", idea_ids=[r["id"] for r in waiting])


# The lines a node's words take on screen (their distinct tops).
LINES = """node => {
  const range = document.createRange();
  range.selectNodeContents(node);
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
}"""


def test_the_header_keeps_how_long_the_oldest_waits_beside_its_button(room, console):
    """At 1366x768 with 150 waiting, "oldest waits under a minute" (its longest
    wording but for hours) and "150 ideas wait for approval" each stay whole on
    one line: the phrase wrapped under the button, splitting itself or the label."""
    page = console
    count, wait = page.locator("#pending-count"), page.locator("#queue-wait")
    expect(count).to_have_text(re.compile(r"^\d{3} ideas wait for approval$"))
    expect(wait).to_have_text(re.compile(r"^oldest waits (under a minute|\d+ minutes?)$"))
    assert count.evaluate(LINES) == 1
    assert wait.evaluate(LINES) == 1
    # Beside the button, or (the room column is narrow) whole on the line below it.
    button, words = count.bounding_box(), wait.bounding_box()
    beside = words["x"] >= button["x"] + button["width"]
    assert beside or words["y"] >= button["y"] + button["height"] - 1


def test_how_long_the_oldest_waits_shows_with_the_snapshot(chromium, room):
    """ "oldest waits …" is drawn with the header, whatever panel is open (the
    agenda, here): it came only on its two-second timer, after the count beside it."""
    context = chromium.new_context(viewport=LAPTOP)
    try:
        page = context.new_page()
        page.goto(room.links["console_url"])
        # The first frame that shows how many wait says how long in the same frame.
        first = page.wait_for_function(
            """() => {
              const count = document.getElementById('pending-count');
              const wait = document.getElementById('queue-wait');
              return !count.hidden && {count: count.textContent, wait: wait.hidden ? '' : wait.textContent};
            }"""
        ).json_value()
        assert re.fullmatch(r"\d{3} ideas wait for approval", first["count"]), first
        assert re.fullmatch(r"oldest waits (under a minute|\d+ minutes?)", first["wait"]), first
        expect(page.locator("#tab-agenda")).to_have_attribute("aria-selected", "true")
    finally:
        context.close()


# Whatever in the header reaches past the screen's right edge, and how wide the page is.
PAST_THE_EDGE = """() => {
  const width = document.documentElement.clientWidth;
  const past = [...document.querySelectorAll('.console-header *')]
    .filter(n => n.getClientRects().length && n.getBoundingClientRect().right > width + 0.5)
    .map(n => (n.id || n.className || n.tagName) + ' ' + Math.round(n.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, past};
}"""


@pytest.mark.parametrize("size", [(360, 740), (320, 640), (800, 600)])
def test_the_header_reflows_on_a_phone_with_150_waiting(chromium, room, size):
    """WCAG 1.4.10: "150 ideas wait for approval" and "oldest waits …" side by
    side took 480 px, ran off a 360 px screen and squeezed who is in to nothing;
    at 800 px, kept on one line each, they ran past their narrow column. With a
    timer running, so its buttons are in the header too."""
    question = room.question["id"]
    room.console("set_timer", question_id=question, seconds=600)
    room.console("start_timer", question_id=question)
    width, height = size
    context, page = live_console(
        chromium, room.links["console_url"], {"width": width, "height": height}
    )
    try:
        expect(page.locator("#queue-wait")).to_have_text(re.compile("^oldest waits "))
        expect(page.get_by_role("button", name="Pause the timer", exact=True)).to_be_visible()
        seen = page.evaluate(PAST_THE_EDGE)
        assert seen["scroll"] <= seen["width"], seen
        assert seen["past"] == [], seen
        people = page.locator("#people")
        expect(people).to_contain_text("90 people in the room")
        assert people.bounding_box()["width"] >= 100
        for part in ("#pending-count", "#queue-wait", "#next-question"):
            expect(page.locator(part)).to_be_in_viewport()
            # Its words inside its own box, not running out of it.
            assert page.locator(part).evaluate("n => n.scrollWidth <= n.clientWidth + 1"), part
    finally:
        room.console("set_timer", question_id=question, seconds=0)
        context.close()


def test_the_keyboard_works_down_the_queue_and_the_ideas(room, console):
    page = console
    page.get_by_role("tab", name=re.compile("^Approval queue")).click()
    items = page.locator("#pending > li")
    expect(items).to_have_count(150)
    # At 150, each list says how many it holds.
    expect(page.locator("#pending-heading")).to_have_text(
        "Waiting for approval (150, those that need a look first)"
    )
    approve = items.first.get_by_role("button", name=re.compile("^Approve"))
    approve.focus()
    # Enter, Enter, Enter: each approves the idea now first and focus moves to the next one's Approve.
    for _ in range(3):
        first = items.first.get_attribute("data-idea-id")
        page.keyboard.press("Enter")
        expect(page.locator(f"#pending > li[data-idea-id='{first}']")).to_have_count(0)
        now_first = items.first.get_attribute("data-idea-id")
        expect(items.first.get_by_role("button", name=re.compile("^Approve"))).to_be_focused()
        assert status_of(room, int(first)) == "shown"
        assert now_first != first
    # Hide moves on to the next idea's Hide the same way.
    first = items.first.get_attribute("data-idea-id")
    items.first.get_by_role("button", name=re.compile("^Hide")).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#pending > li[data-idea-id='{first}']")).to_have_count(0)
    expect(items.first.get_by_role("button", name=re.compile("^Hide"))).to_be_focused()
    assert status_of(room, int(first)) == "hidden"
    # The last idea of a list: focus goes to the one before it.
    last = items.last
    last_id = last.get_attribute("data-idea-id")
    last.get_by_role("button", name=re.compile("^Approve")).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#pending > li[data-idea-id='{last_id}']")).to_have_count(0)
    expect(items.last.get_by_role("button", name=re.compile("^Approve"))).to_be_focused()
    # On the Ideas panel, Hide works down the shown ideas too, past the note
    # (with Restore) left where the hidden idea was.
    page.get_by_role("tab", name="Ideas").click()
    shown = page.locator("#ideas > li[data-idea-id]")
    expect(shown).to_have_count(4)
    second = shown.nth(1).get_attribute("data-idea-id")
    shown.nth(1).get_by_role("button", name=re.compile("^Hide")).focus()
    page.keyboard.press("Enter")
    expect(shown).to_have_count(3)
    assert status_of(room, int(second)) == "hidden"
    expect(shown.nth(1).get_by_role("button", name=re.compile("^Hide"))).to_be_focused()
    note = page.locator("#ideas > li").nth(1)
    expect(note).to_have_class(re.compile("gone-note"))
    expect(note.get_by_role("button", name=re.compile("^Restore: "))).to_be_visible()
    expect(page.locator("#hidden-heading")).to_have_text("Hidden (2)")


def test_an_arriving_idea_waits_while_the_pointer_is_on_the_list(room, console):
    page = console
    author = room.attendee()
    for tab, list_id, cue in (
        (re.compile("^Approval queue"), "pending", "pending-held"),
        ("Ideas", "ideas", "ideas-held"),
    ):
        if list_id == "ideas":
            room.console("set_approval", on=False)
            approve_all(room)
        page.get_by_role("tab", name=tab).click()
        items = page.locator(f"#{list_id} > li")
        status = "pending" if list_id == "pending" else "shown"
        count = len(room.rows("SELECT id FROM ideas WHERE status = ?", (status,)))
        expect(items).to_have_count(count)
        # A card in the grid's middle column, its Hide under the pointer.
        target = items.nth(4)
        hide = target.get_by_role("button", name=re.compile("^Hide"))
        hide.scroll_into_view_if_needed()
        hide.hover()
        before = hide.bounding_box()
        # Newest first on the Ideas panel; needing a look first in the queue: either
        # would go in before the card under the pointer.
        text = f"Ring Mrs Patel on 07700 900123 about the {list_id} list"
        made = room.idea(author, room.question, text)
        expect(page.locator(f"#{cue}")).to_have_text("Show 1 new idea")
        expect(page.locator(f"#{cue}")).to_be_visible()
        assert hide.bounding_box() == before
        expect(items).to_have_count(count)
        # The pointer leaves the list: the new idea goes in.
        page.mouse.move(2, 2)
        expect(page.locator(f"#{list_id} > li[data-idea-id='{made['id']}']")).to_have_count(1)
        expect(items).to_have_count(count + 1)
        expect(page.locator(f"#{cue}")).to_be_hidden()
    # The button comes up at the foot of the screen, here under the pointer: still
    # held (the pointer did not leave for elsewhere) until it is pressed.
    items.nth(7).scroll_into_view_if_needed()
    foot = (LAPTOP["width"] // 2, LAPTOP["height"] - 30)
    page.mouse.move(*foot)
    under = "([x, y]) => document.elementFromPoint(x, y).closest('#ideas, #ideas-held')?.id"
    assert page.evaluate(under, foot) == "ideas"
    made = room.idea(author, room.question, "Lunch club on Fridays for everyone")
    expect(page.locator("#ideas-held")).to_be_visible()
    assert page.evaluate(under, foot) == "ideas-held"
    page.wait_for_timeout(500)
    expect(page.locator(f"#ideas > li[data-idea-id='{made['id']}']")).to_have_count(0)
    page.mouse.click(*foot)
    expect(page.locator(f"#ideas > li[data-idea-id='{made['id']}']")).to_have_count(1)
    expect(page.locator("#ideas-held")).to_be_hidden()


def test_approve_all_asks_first_when_some_need_a_look(room, console):
    approve_all(room)
    room.console("set_approval", on=True)
    author = room.attendee()
    for text in ("Lunch club on Fridays", "Ring me on 07700 900123", "Minibus to the day centre"):
        room.idea(author, room.question, text)
    page = console
    page.get_by_role("tab", name=re.compile("^Approval queue")).click()
    expect(page.locator("#pending > li")).to_have_count(3)
    page.get_by_role("button", name="Approve all (3)").click()
    expect(page.locator("#approve-all-question")).to_have_text(
        "1 of them needs a look (phone number or email 1)."
        " Approved, it shows on the board at once. Approve all 3 anyway?"
    )
    expect(page.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#approve-all-confirm")).to_be_hidden()
    expect(page.get_by_role("button", name="Approve all (3)")).to_be_focused()
    assert len(room.rows("SELECT id FROM ideas WHERE status = 'pending'")) == 3
    # Those that need no look go in one press; what is left needs a look, so Approve all asks.
    page.get_by_role("button", name="Approve the 2 ideas that need no look").click()
    expect(page.locator("#pending > li")).to_have_count(1)
    page.get_by_role("button", name="Approve all (1)").click()
    page.get_by_role("button", name="Yes, approve all 1").click()
    expect(page.locator("#pending > li")).to_have_count(0)
    assert room.rows("SELECT id FROM ideas WHERE status = 'pending'") == []
    # Nothing needing a look: Approve all approves at once.
    room.idea(author, room.question, "Paid travel time for care workers")
    page.get_by_role("button", name="Approve all (1)").click()
    expect(page.locator("#pending > li")).to_have_count(0)
    expect(page.locator("#approve-all-confirm")).to_be_hidden()
    room.console("set_approval", on=False)


def test_a_themes_form_sent_with_enter_closes_and_gives_focus_back(room, console):
    approve_all(room)
    shown = [r["id"] for r in room.rows("SELECT id FROM ideas WHERE status = 'shown'")]
    labels = ["Jobs", "Travel", "Breaks"]
    big_room.accept_themes(room, [{"label": t, "ideas": shown[n::3]} for n, t in enumerate(labels)])
    page = console
    page.locator("#tab-themes").click()
    theme = page.locator("#themes-accepted > li").first
    theme.locator("summary").click()
    theme.get_by_role("button", name="Rename: Jobs").click()
    name = page.get_by_label("New name")
    expect(name).to_be_focused()
    name.fill("Paid jobs for people who get care")
    name.press("Enter")
    expect(page.get_by_label("New name")).to_have_count(0)
    expect(theme.locator("summary")).to_contain_text("Paid jobs for people who get care · ")
    expect(theme.get_by_role("button", name=re.compile("^Rename: Paid jobs"))).to_be_focused()
    # Move an idea into a new theme: the name typed last, then Enter.
    move = theme.get_by_role("button", name=re.compile("^Move: ")).first
    moved = int(move.locator("xpath=..").get_attribute("data-idea-id"))
    move.click()
    page.locator(f"#move-to-{moved}").select_option("new")
    page.locator(f"#move-name-{moved}").fill("Sign language")
    page.locator(f"#move-name-{moved}").press("Enter")
    expect(page.locator(f"#move-name-{moved}")).to_have_count(0)
    expect(
        page.locator("#themes-accepted summary", has_text="Sign language · 1 idea")
    ).to_have_count(1)
    expect(page.locator("#panel-themes .status")).to_have_text("Put in a new theme.")
    # Merge it into Travel by keyboard: focus lands on Travel, opened, not back at the top.
    sign = page.locator("#themes-accepted > li", has_text="Sign language · 1 idea")
    sign.locator("summary").click()
    sign.get_by_role("button", name="Merge: Sign language").click()
    into = page.get_by_label("Merge “Sign language” into")
    expect(into).to_be_focused()
    into.select_option(label="Travel")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    travel = page.locator("#themes-accepted > li", has_text="Travel · ")
    expect(page.locator("#themes-accepted summary", has_text="Sign language")).to_have_count(0)
    expect(travel.locator("summary")).to_be_focused()
    expect(travel.locator("details")).to_have_attribute("open", "")


def test_end_says_who_still_waits_at_the_door(room, console):
    page = console
    page.get_by_role("tab", name="Room and report").click()
    page.get_by_role("button", name="Lock the door").click()
    for _ in range(2):
        arrival = requests.post(f"{room.api}/participants", json={"role": "provider"}, timeout=10)
        assert arrival.status_code == 202 and arrival.json()["waiting"], arrival.text
    expect(page.get_by_role("tab", name="Room and report (2 waiting)")).to_be_visible()
    page.get_by_role("button", name="End the workshop").click()
    expect(page.locator("#end-question")).to_have_text(
        "End the workshop for everyone? Pending ideas: 0."
        " 2 people are still waiting at the door: after the end nobody comes in."
    )
    expect(page.get_by_role("button", name="Yes, end it now")).to_be_focused()
    page.get_by_role("button", name="Cancel").click()
    page.get_by_role("button", name="Let everyone in (2)").click()
    page.get_by_role("button", name="End the workshop").click()
    expect(page.locator("#end-question")).to_have_text(
        "End the workshop for everyone? Pending ideas: 0."
    )


def test_a_vote_on_themes_says_how_many_ideas_are_in_no_theme(room, console):
    themes = room.facilitator.get(f"{room.api}/themes").json()["questions"][0]["groups"]
    out = themes[0]["ideas"][:2]
    for idea_id in out:
        room.console("move_to_theme", idea_id=idea_id, theme_id=None)
    page = console
    page.locator("#tab-themes").click()
    warning = page.locator("#themes-loose-warning")
    expect(warning).to_have_text(
        "2 ideas are in no theme: with a vote on themes nobody could vote for them."
        " Add them to a theme first, or leave them out."
    )
    switch = page.get_by_role("button", name="Vote on these themes instead of ideas")
    expect(switch).to_have_attribute("aria-describedby", "themes-loose-warning")
    switch.click()
    expect(warning).to_have_text("2 ideas are in no theme: nobody can vote for them.")
    # The Results panel's table counts votes on single ideas: it says where the themes' are.
    page.locator("#tab-results").click()
    expect(page.locator("#results .results-themes-note")).to_contain_text(
        "Phones are voting on this question's themes. Each theme's votes are in the Themes panel"
    )
    page.locator("#tab-themes").click()
    page.get_by_role("button", name="Vote on single ideas again").click()
    for idea_id in out:
        room.console("move_to_theme", idea_id=idea_id, theme_id=themes[0]["id"])
    expect(page.get_by_role("button", name="Vote on these themes instead of ideas")).to_be_visible()
    expect(warning).to_have_count(0)


# The focused control's top and the sticky header's bottom, in the viewport.
UNDER_THE_HEADER = """() => {
  const header = document.querySelector('.console-header').getBoundingClientRect();
  const at = document.activeElement.getBoundingClientRect();
  return {top: Math.round(at.top), header: Math.round(header.bottom),
          name: document.activeElement.getAttribute('aria-label') || document.activeElement.textContent};
}"""


def test_focus_moving_up_150_ideas_is_never_under_the_header(room, console):
    """WCAG 2.4.11: Shift+Tab up the Ideas list scrolled each control to 80 px
    from the top (the pages' scroll padding), under the console's sticky
    header, 125 px tall at 1366x768: the facilitator could not see what was
    in focus."""
    approve_all(room)
    page = console
    page.get_by_role("tab", name="Ideas").click()
    items = page.locator("#ideas > li[data-idea-id]")
    expect(items.nth(149)).to_be_attached()  # 150 and those the tests above added
    items.nth(20).get_by_role("button", name=re.compile("^Hide")).focus()
    hidden = []
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        seen = page.evaluate(UNDER_THE_HEADER)
        if seen["top"] < seen["header"]:
            hidden.append(seen)
    assert hidden == []
