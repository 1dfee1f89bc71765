"""The dot vote on themes in Debian's chromium (issue 22 item 5): the
facilitator puts a question's dots on its accepted themes; a 360 px phone
shows the themes (easy read too), places dots on them, keeps them through a
reload; the 1920x1080 board's themes view shows each theme's dots by role in
words, live. A room of 90 phones and 150 ideas (harness/big_room.py)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import join, record_announcements, to_vote, wait_announced
from harness.browser import PHONE, board_pages

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LABEL = big_room.MARKUP_LABEL


@pytest.fixture(scope="module")
def room(full_room):
    """The full room with ten accepted themes of 15 ideas, on the board's themes view."""
    full_room.themes = big_room.accept_themes(full_room, big_room.tenths(full_room))["groups"]
    full_room.console("set_board_view", view="themes")
    return full_room


def page_for(chromium, viewport, easy=False):
    context = chromium.new_context(viewport=viewport, has_touch=viewport is PHONE)
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    page = context.new_page()
    page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError(d.message)))
    return context, page


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# A button's easy read picture (symbols.css draws it before the words): image and size.
PICTURE = """b => { const s = getComputedStyle(b, "::before");
  return [s.backgroundImage, s.width, s.height, s.content]; }"""


# Every label length from one word to many: where each puts the tile's count.
COUNT_LINES = """tile => {
  const label = tile.querySelector(".theme-label");
  const text = label.firstChild, count = label.querySelector(".theme-count");
  const original = text.data, apart = [];
  const words = "Monthly coffee morning with the day centre and friends from the library in town".split(" ");
  for (let n = 1; n <= words.length; n++) {
    text.data = words.slice(0, n).join(" ");
    const range = document.createRange();
    range.selectNodeContents(text);
    const lines = [...range.getClientRects()], last = lines[lines.length - 1];
    const parts = [...count.getClientRects()];
    const split = new Set(parts.map(r => Math.round(r.bottom))).size > 1;
    if (split || parts[0].top >= last.bottom) apart.push(text.data);
  }
  text.data = original;
  return apart;
}"""


def test_phone_puts_dots_on_themes_and_the_board_shows_them_by_role(room, chromium):
    first, second = room.themes[0], room.themes[1]
    board_context, board = page_for(chromium, {"width": 1920, "height": 1080})
    board.goto(room.links["board_url"])
    board.wait_for_selector("#view .theme-tile")
    phone_context, phone = page_for(chromium, PHONE)
    join(phone, room.links)
    # The room votes on ideas: the usual list, no theme vote.
    expect(phone.locator("#idea-form")).to_be_visible()
    expect(phone.locator("#theme-vote-area")).to_have_count(0)

    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    area = phone.locator("#theme-vote-area")
    expect(area).to_be_visible()
    expect(phone.locator("#idea-form")).to_be_hidden()
    items = phone.locator("#theme-vote-list > li")
    expect(items).to_have_count(10)
    # A label is the facilitator's text: shown as text, never as markup.
    expect(items.first.locator("h3")).to_have_text(LABEL)
    expect(items.first.locator(".theme-vote-count")).to_have_text("15 ideas in this theme")
    expect(items.first.locator(".theme-vote-examples li")).to_have_count(2)
    expect(phone.locator("#theme-dots")).to_contain_text("You have 3 of 3 votes left.")
    expect(board.locator("#view-heading")).to_contain_text("Vote on these themes on your phone")
    tile = board.locator(f".theme-tile[data-theme-id='{first['id']}']")
    expect(tile).to_contain_text("No votes on this theme yet")
    phone.locator("#theme-vote-heading").scroll_into_view_if_needed()
    shoot(phone, "phone-theme-vote-360")

    items.first.locator("button[data-theme-vote]").click()
    expect(items.first.locator(".feedback")).to_have_text("Vote counted. 2 votes left.")
    expect(phone.locator("#theme-dots")).to_contain_text("You have 2 of 3 votes left.")
    expect(items.first.locator("button[data-theme-vote]")).to_have_text("Take my vote back")
    # The board: the theme's dots by role, in words (★ marks experts by experience).
    expect(tile).to_contain_text("Votes on this theme 1: ★ Person who receives care and support 1")
    # Read from 10 m: a tile's count stays on its label's last line, whatever
    # the label's length, the experts' share of its ideas in words after it.
    starred = board.locator(".theme-tile:has(.theme-label .theme-share)")
    expect(starred.first.locator(".theme-share")).to_have_text(re.compile(r"★\s\d+\sfrom experts"))
    expect(starred.first).to_be_visible()
    assert starred.first.evaluate(COUNT_LINES) == []
    items.nth(1).locator("button[data-theme-vote]").click()
    expect(items.nth(1).locator(".feedback")).to_have_text("Vote counted. 1 vote left.")
    expect(board.locator(f".theme-tile[data-theme-id='{second['id']}']")).to_contain_text(
        "Votes on this theme 1"
    )
    shoot(board, "board-theme-vote-1920x1080")

    # A reload: the dots are still this phone's, counted once.
    phone.reload()
    expect(items.first.locator("button[data-theme-vote]")).to_have_text("Take my vote back")
    expect(phone.locator("#theme-dots")).to_contain_text("You have 1 of 3 votes left.")
    # Taking one back reaches the board too.
    items.nth(1).locator("button[data-theme-vote]").click()
    expect(items.nth(1).locator(".feedback")).to_have_text("Vote taken back. 2 votes left.")
    expect(board.locator(f".theme-tile[data-theme-id='{second['id']}']")).to_contain_text(
        "No votes on this theme yet"
    )
    tallies = room.facilitator.get(f"{room.api}/snapshot?view=console").json()
    assert tallies["theme_tallies"][str(room.question["id"])][str(first["id"])]["total"] == 1

    # A merge: the phone's dot follows its theme into the one it joins, live.
    third = room.themes[2]
    room.console("merge_themes", theme_id=first["id"], into=third["id"])
    expect(items).to_have_count(9)
    joined = phone.locator(f"#theme-vote-list > li[data-theme-id='{third['id']}']")
    expect(joined.locator("button[data-theme-vote]")).to_have_text("Take my vote back")
    expect(phone.locator("#theme-dots")).to_contain_text("You have 2 of 3 votes left.")
    expect(board.locator(f".theme-tile[data-theme-id='{third['id']}']")).to_contain_text(
        "Votes on this theme 1"
    )

    # The board in words on a phone (/board-view): the themes' own dots.
    words_context, words = page_for(chromium, PHONE)
    words.goto(f"{room.base}/board-view/{room.code}")
    expect(words.locator("#bv-themes-heading")).to_contain_text(
        "the room is voting on these themes"
    )
    merged = words.locator("#bv-themes li", has_text=third["label"])
    expect(merged).to_contain_text("30 ideas · 1 vote")
    words_context.close()

    # Easy read at 360 px: the same vote in easy words, one example a theme.
    easy_context, easy = page_for(chromium, PHONE, easy=True)
    join(easy, room.links)
    expect(easy.locator("#theme-vote-heading")).to_contain_text("Vote for the groups you like best")
    easy_items = easy.locator("#theme-vote-list > li")
    expect(easy_items.first.locator(".theme-vote-count")).to_have_text(
        "15 ideas are in this group."
    )
    expect(easy_items.first.locator(".theme-vote-examples li")).to_have_count(1)
    theme_button = easy_items.nth(2).locator("button[data-theme-vote]")
    vote_picture = theme_button.evaluate(PICTURE)
    theme_button.click()
    expect(easy_items.nth(2).locator(".feedback")).to_have_text(
        "Your vote is counted. You have 2 votes left."
    )
    # Taking it back has its own picture, as on an idea.
    expect(theme_button).to_have_text("Take my vote back")
    assert "/symbols/take-back.svg" in theme_button.evaluate(PICTURE)[0]
    shoot(easy, "phone-theme-vote-easy-read-360")

    # Back to ideas: the phone's list returns, the dots on themes stay counted.
    room.console("set_vote_on", question_id=room.question["id"], vote_on="ideas")
    expect(phone.locator("#idea-form")).to_be_visible()
    expect(area).to_be_hidden()
    # In easy read a theme's Vote button has the idea's Vote button's picture.
    to_vote(easy)
    idea_button = easy.locator("#ideas .idea-actions > button:not(.listen)").first
    expect(idea_button).to_have_text("Vote for this")
    assert "/symbols/vote.svg" in vote_picture[0]
    assert idea_button.evaluate(PICTURE) == vote_picture
    for context in (board_context, phone_context, easy_context):
        context.close()


def test_ten_themes_voted_on_by_every_role_fit_two_board_pages(room, chromium):
    """Issue 22: a question's themes on at most two pages at 1920x1080 while the
    room votes on them, each split by role in whole numbers that add up."""
    themes = big_room.accept_themes(room, big_room.tenths(room, "Paid work"))["groups"]
    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    ids = [t["id"] for t in themes]
    for n, (_, session) in enumerate(room.phones[:80]):  # every role in the room's mix
        for k in range(3):
            theme = ids[(n + k * 3) % len(ids)]
            assert session.post(f"{room.api}/theme-votes", json={"theme_id": theme}).ok
    context, board = page_for(chromium, {"width": 1920, "height": 1080})
    try:
        board.goto(room.links["board_url"])
        expect(board.locator("#view .theme-dots").first).to_contain_text("Votes on this theme")
        pages = int(board.locator("main.board").get_attribute("data-pages") or 1)
        assert pages <= 2, f"{pages} pages for 10 themes"
        seen = []
        for n in board_pages(board, pages):
            shoot(board, f"board-theme-vote-10-page{n + 1}-1920x1080")
            # Every tile of the page inside the list: none in a column off the screen.
            outside = board.locator("#view .theme-tile").evaluate_all(
                "ts => ts.filter(t => { const r = t.getBoundingClientRect(),"
                " l = t.closest('.theme-tiles').getBoundingClientRect();"
                " return r.right > l.right + 1 || r.bottom > l.bottom + 1; }).length"
            )
            assert outside == 0, f"page {n + 1}: {outside} themes off the screen"
            # Each line as shown, whether the clamp cuts it, and as a screen reader hears it.
            for line in board.locator("#view .theme-dots").evaluate_all(
                "ls => ls.map(l => { const c = l.cloneNode(true);"
                " c.querySelectorAll('[aria-hidden=true]').forEach(x => x.remove());"
                " return [l.querySelector('.fold-text').textContent,"
                " l.scrollHeight > l.clientHeight + 1, c.textContent]; })"
            ):
                seen.append(line[0])
                assert not line[1], f"the clamp cuts {line[0]!r}"
                # The experts' name may show as the board's star alone, but is heard whole.
                assert "★\u00a0Person who receives care and support" in line[2], line[2]
        assert len(seen) == 10
        for text in seen:
            # Every number whole: the roles shown and the folded rest add up to the total.
            total, _, split = text.partition(": ")
            parts = [int(p.rsplit("\u00a0", 1)[1]) for p in split.split("\u00a0· ")]
            assert sum(parts) == int(total.rsplit(" ", 1)[1]), text
            assert "★\u00a0" in text, text
        sizes = board.locator("#view .theme-label, #view .theme-example").evaluate_all(
            "ns => ns.map(n => parseFloat(getComputedStyle(n).fontSize))"
        )
        assert min(sizes) >= 44
    finally:
        room.console("set_vote_on", question_id=room.question["id"], vote_on="ideas")
        context.close()


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy"])
def test_the_vote_moving_to_the_themes_is_said_and_the_focus_goes_to_it(room, chromium, easy):
    """The person had just voted deep in the 150-idea list when the facilitator put
    the dots on the themes: the list went, the focus fell back to the question at
    the top of the page (the themes below the fold on a 360 px phone) and nothing
    said the vote had moved. Now it is said, and the focus is on the vote's heading;
    the way back to the ideas is said too."""
    context, phone = page_for(chromium, PHONE, easy)
    record_announcements(phone)
    join(phone, room.links)
    to_vote(phone)
    vote = phone.locator("#ideas li[data-idea] .idea-actions > button:not(.listen)").nth(60)
    vote.scroll_into_view_if_needed()
    vote.click()
    expect(phone.locator("#ideas .feedback:not(:empty)")).to_contain_text("left")
    now, again = (
        ("Now you vote for groups of ideas.", "Now you vote for ideas again.")
        if easy
        else (
            "The votes now go on the themes, not on single ideas.",
            "The votes go on single ideas again.",
        )
    )
    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    try:
        heading = phone.locator("#theme-vote-heading")
        expect(heading).to_be_focused()
        expect(heading).to_be_in_viewport()
        wait_announced(phone, now)
    finally:
        room.console("set_vote_on", question_id=room.question["id"], vote_on="ideas")
    wait_announced(phone, again)
    context.close()
