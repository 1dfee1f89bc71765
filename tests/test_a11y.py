"""WCAG 2.2 AA on every attendee page, in a real browser: axe-core scans in
normal and easy read, reflow at 320 px and at 200% text, 44x44 px targets,
and the whole flow by keyboard alone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, focused, join, tab_to, to_vote, to_write
from harness.browser import PHONE

pytestmark = pytest.mark.browser

# Every visible control, with a radio or checkbox measured by its label (the
# label is what a finger hits; tapping it checks the box).
SMALL_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll(
      'button, a.button, select, textarea, summary, input:not([type=hidden])')) {
    if (!el.getClientRects().length) continue;
    const box = (el.type === 'radio' || el.type === 'checkbox') ? el.labels[0] : el;
    const r = box.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) small.push(`${el.id || el.tagName} ${r.width}x${r.height}`);
  }
  return small;
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
TOO_WIDE = """() => [...document.querySelectorAll('body *')].filter((el) =>
    el.getClientRects().length && el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
  ).slice(0, 5).map((el) => el.tagName + '#' + el.id + '.' + el.className)"""


@pytest.fixture
def room(live_server, new_workshop):
    base, db = live_server
    return Room(base, db, new_workshop)


def attendee_pages(page, room, links):
    """Visit every attendee page in every state worth checking; yield each name."""
    page.goto(room.base + "/")
    yield "index"
    page.goto(room.base + "/?code=NOPE22")
    yield "index, unknown code"
    page.goto(room.base + "/no-such-page")
    yield "404"
    page.goto(links["join_url"])
    yield "join"
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#role-error")).to_be_visible()
    yield "join, no role chosen"
    join(page, links)
    expect(page.locator("#waiting")).to_be_visible()
    yield "phone, waiting"
    question = room.open(0)
    other = room.attendee("provider")
    room.idea(other, question, "Apprenticeships for care leavers")
    # The first ideas into an empty list show at once, with the rest of their
    # burst (3 s, phone-list.js); those after wait behind the button.
    expect(page.locator("#ideas li[data-idea]")).to_have_count(1)
    to_vote(page)  # in easy read, going to the ideas shows any that came meanwhile
    page.wait_for_timeout(3100)
    room.idea(other, question, "Local lunch club")
    other.post(
        f"{room.api}/ideas",
        json={
            "question_id": question["id"],
            "text": "Paid jobs at the cafe",
            "priority": "local_employment",
            "outcome_kind": "adults_receiving_care",
            "on_behalf_of": "person_receiving_care",
        },
    )
    to_vote(page)
    expect(page.locator("#show-new")).to_have_text(re.compile(r"^2 new ideas"))
    yield "phone, new ideas waiting"
    page.locator("#show-new").click()
    expect(page.locator("#ideas li[data-idea]")).to_have_count(3)
    page.locator(".idea button:not(.listen)").first.click()
    expect(page.locator("#ideas .feedback").first).not_to_be_empty()
    yield "phone, voted"
    to_write(page)
    page.locator("details.tags summary").click()
    page.locator("#story-area summary").click()
    page.locator("#story-send").click()
    expect(page.locator("#story-error")).to_be_visible()
    yield "phone, question open, tags and story unfolded"
    room.console("set_phone_timer", on=True)
    room.console("set_timer", question_id=question["id"], seconds=300)
    room.console("start_timer", question_id=question["id"])
    room.console("warn_closing", question_id=question["id"])
    expect(page.locator("#closing-soon")).to_be_visible()
    expect(page.locator("#time-left")).to_be_visible()
    yield "phone, one-minute warning and time left"
    page.locator("#role-change").click()
    expect(page.locator("#role-form")).to_be_visible()
    yield "phone, changing role"
    page.locator("#role-cancel").click()
    page.locator("#quiet-more_time").click()
    expect(page.locator("#quiet-feedback")).not_to_be_empty()
    yield "phone, quiet signal sent"
    page.locator("#idea-text").fill("Half an idea when the question closed")
    room.open(1)
    # Issue 25: while typing, the new question is a banner, followed by choice.
    expect(page.locator("#news")).to_be_visible()
    yield "phone, new question while typing"
    page.locator("#news-follow").click()
    expect(page.locator("#kept")).to_be_visible()
    yield "phone, question closed with words kept"
    page.context.set_offline(True)
    expect(page.locator("#connection.offline")).to_be_visible()
    page.locator("#idea-text").fill("Sent while offline")
    page.locator("#idea-send").click()
    expect(page.locator("#outbox")).to_be_visible()
    yield "phone, offline with a queued idea"
    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_be_hidden()
    room.console("set_approval", on=True)
    page.locator("#idea-text").fill("Waiting for approval")
    page.locator("#idea-send").click()
    to_vote(page)
    expect(page.locator("#ideas li.idea-waiting")).to_be_visible()
    yield "phone, own idea waiting for approval"
    room.console("set_approval", on=False)
    seed = room.rows("SELECT id FROM ideas WHERE status = 'shown' ORDER BY id LIMIT 1")[0]["id"]
    room.console("carry_forward", idea_ids=[seed])
    risk = next(q for q in room.questions if q["stage"] == "plan" and q["kind"] == "risk")
    room.open(room.questions.index(risk))
    to_write(page)
    expect(page.locator("#plan-fields")).to_be_visible()
    page.locator("#idea-text").fill("Small providers may drop out")
    page.locator("#idea-send").click()
    expect(page.locator("#idea-feedback")).not_to_be_empty()
    yield "phone, plan answer without an outcome"


@pytest.mark.parametrize("easy_read", [False, True], ids=["normal", "easy-read"])
def test_axe_finds_no_problem_on_any_attendee_page(
    chromium,
    room,
    new_workshop,
    easy_read,
):
    # bypass_csp lets the test inject axe-core; the app's own pages run under the CSP.
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    context.add_init_script(
        f"localStorage.setItem('workshop:easy-read', '{str(easy_read).lower()}')"
    )
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    found = {}
    try:
        for name in attendee_pages(page, room, new_workshop):
            assert page.evaluate("document.body.classList.contains('easy-read')") is easy_read
            assert page.evaluate("document.documentElement.lang") == "en-GB"
            # Zero violations of any impact, in every state (issue 12).
            found[name] = axe_violations(page, every=True)
    finally:
        context.close()
    assert len(found) == 17
    assert found == {name: [] for name in found}
    # No internet at the venue: every page, font, picture and script comes from the app.
    assert fetched and all(url.startswith((room.base + "/", "data:")) for url in fetched), fetched


def test_no_attendee_file_points_outside_the_app():
    root = Path(__file__).resolve().parents[1]
    files = [
        *root.glob("templates/**/*.html"),
        *root.glob("static/**/*.js"),
        *root.glob("static/**/*.css"),
        *root.glob("static/**/*.svg"),
    ]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path


@pytest.mark.parametrize(
    "width, text_zoom",
    [(320, "100%"), (360, "200%"), (320, "200%")],
    ids=["320px", "200%-text", "320px-200%-text"],
)
def test_pages_reflow_and_keep_large_targets(chromium, room, new_workshop, width, text_zoom):
    context = chromium.new_context(
        viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True
    )
    context.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
    page = context.new_page()
    problems = {}
    try:
        for name in attendee_pages(page, room, new_workshop):
            page.evaluate(f"document.documentElement.style.fontSize = '{text_zoom}'")
            overflow = page.evaluate(OVERFLOW)
            small = page.evaluate(SMALL_TARGETS)
            if overflow > 0 or small:
                problems[name] = {
                    "sideways scroll px": overflow,
                    "small targets": small,
                    "too wide": page.evaluate(TOO_WIDE),
                }
    finally:
        context.close()
    assert problems == {}


def test_the_whole_flow_by_keyboard_alone(chromium, room, new_workshop):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        room.open(0)
        page.goto(new_workshop["join_url"])
        assert tab_to(page, "a:Skip to main content") == ["a:Skip to main content"]
        tab_to(page, "input#easy-read-toggle")
        page.keyboard.press("Space")
        expect(page.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))
        tab_to(page, "input#role-person_receiving_care")
        page.keyboard.press("ArrowDown")  # radios move and choose with the arrows
        page.keyboard.press("ArrowUp")
        expect(page.locator("#role-person_receiving_care")).to_be_checked()
        tab_to(page, "button:Join")
        page.keyboard.press("Enter")
        expect(page.locator("#connection")).to_have_text("Connected")

        # Focus order follows the page: switch, idea, who it is from, tags, send,
        # then the ideas, then the story.
        order = tab_to(page, "button#idea-send")
        assert (
            order.index("input#easy-read-toggle")
            < order.index("textarea#idea-text")
            < order.index("button#idea-send")
        )
        assert "select#idea-for" not in order  # only a supporter is asked whose idea it is
        assert visible_focus(page)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        assert focused(page) == "textarea#idea-text"
        page.keyboard.type("Paid jobs for us")
        tab_to(page, "button#idea-send")
        page.keyboard.press("Enter")
        expect(page.locator("#status")).to_have_text("Thank you. We got your idea.")

        # One thing at a time: a big Next button to see the ideas and vote.
        tab_to(page, "button#to-vote")
        page.keyboard.press("Enter")
        assert focused(page) == "h2#ideas-heading"
        tab_to(page, "button:Vote for this idea: Paid jobs for us")
        assert visible_focus(page)
        page.keyboard.press("Enter")
        expect(page.locator("#status")).to_contain_text("Your vote is counted")
        # Said beside the button that was pressed, too.
        expect(page.locator("#ideas li .feedback").first).to_contain_text("Your vote is counted")
        # The same button keeps the focus as it turns into "take back".
        assert focused(page) == "button:Take my vote back from this idea: Paid jobs for us"
        page.keyboard.press("Space")
        expect(page.locator("#status")).to_contain_text("Your vote is taken back")
        assert focused(page) == "button:Vote for this idea: Paid jobs for us"

        page.keyboard.press("Shift+Tab")
        for _ in range(12):  # back up to the Back button
            if focused(page) == "button#to-write":
                break
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")
        assert focused(page) == "h1#question-text"
        tab_to(page, "summary:Tell us your story")
        page.keyboard.press("Enter")  # the story form unfolds
        tab_to(page, "textarea#story-text")
        page.keyboard.type("The buddy scheme got me out of the house.")
        tab_to(page, "input#quote-yes")
        page.keyboard.press("Space")
        tab_to(page, "button#story-send")
        page.keyboard.press("Enter")
        expect(page.locator("#status")).to_have_text("Thank you. We got your story.")
    finally:
        context.close()
    [story] = room.rows("SELECT text, may_quote FROM stories")
    assert story == {"text": "The buddy scheme got me out of the house.", "may_quote": 1}
    assert [r["text"] for r in room.rows("SELECT text FROM ideas")] == ["Paid jobs for us"]
    assert room.rows("SELECT COUNT(*) AS n FROM votes WHERE withdrawn_at IS NULL") == [{"n": 0}]


def visible_focus(page):
    """The focused control draws a focus ring (outline or box shadow)."""
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    }""")
