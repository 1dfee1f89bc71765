"""What a room would trip over on the projector and on a small console, in
Debian's chromium, in a room of 90 phones and 150 ideas: the room's vote on ten
themes takes two pages at 1920x1080, with the framework's role names and with a
75-character name for experts by experience; "Let this board read aloud"
covers nothing on the board; and on a console at 640x360 (a phone at 200% zoom)
the header stays out of the way of the control in focus (WCAG 1.4.10, 2.4.11)."""

import random
import re
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

HD = {"width": 1920, "height": 1080}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LONG = big_room.LONG_EXPERTS
assert len(LONG) == 75


def build(stack, db, framework=None):
    """Ten themes accepted on the first question (the room's openings, as a
    facilitator would merge the laptop's 15: the suggestion's own count is
    test_browser_themes'), the room voting on them: 80 phones put three dots
    each, more on the bigger themes."""
    room = stack.enter_context(big_room.served(db, framework=framework))
    groups = big_room.accept_themes(room, big_room.ten_themes(room))["groups"]
    assert len(groups) == 10
    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    room.console("set_board_view", view="themes")
    room.console("set_board_paging", paused=True)
    room.console("turn_board_page", to="first")
    rng = random.Random(5)
    ids = [g["id"] for g in groups]
    weights = [len(g["ideas"]) for g in groups]
    for _, session in room.phones[:80]:
        chosen = set()
        while len(chosen) < 3:
            chosen.add(rng.choices(ids, weights)[0])
        for theme in chosen:
            assert session.post(f"{room.api}/theme-votes", json={"theme_id": theme}).ok
    return room


@pytest.fixture(scope="module")
def rooms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fit")
    framework = big_room.renamed_experts(folder / "long-name.toml", LONG)
    with ExitStack() as stack:
        yield {
            "default": build(stack, folder / "default.db"),
            "long": build(stack, folder / "long.db", framework),
        }


@pytest.mark.parametrize("names", ["default", "long"])
def test_the_vote_on_ten_themes_takes_two_pages(chromium, rooms, names):
    room = rooms[names]
    big_room.show_results(room, True)
    context = chromium.new_context(viewport=HD)
    try:
        page = context.new_page()
        page.goto(room.links["board_url"])
        expect(page.locator("#view .theme-dots").first).to_contain_text("Votes on this theme")
        board = page.locator("main.board")
        pages = int(board.get_attribute("data-pages") or 1)
        SHOTS.mkdir(exist_ok=True)
        tiles = page.locator("#view .theme-tile").all_inner_texts()
        page.screenshot(path=str(SHOTS / f"board-fit-vote-{names}-page1-1920x1080.png"))
        for n in range(1, pages):
            page.keyboard.press("ArrowRight")
            expect(board).to_have_attribute("data-page", str(n + 1))
            page.screenshot(path=str(SHOTS / f"board-fit-vote-{names}-page{n + 1}-1920x1080.png"))
            tiles += page.locator("#view .theme-tile").all_inner_texts()
        shown = len(tiles)
        assert shown == 10, f"{shown} of 10 themes on the board's pages"
        # Each number says in words what it counts: the experts' share of the
        # ideas ("★ 18 from experts") and their votes ("★ Experts 12"), never
        # two bare "★ 18" and "★ 12" a reader cannot tell apart.
        bare = [t for t in tiles if re.search(r"★\s*\d+(?!\d|\s*from experts)", t)]
        assert not bare, f"a bare star count: {bare[0]!r}"
        assert sum(bool(re.search(r"★\s*\d+\s*from experts", t)) for t in tiles) >= 5, tiles
        assert pages <= 2, f"the vote on 10 themes takes {pages} pages"
        # Every tile whole on its page: none cut at the list's foot.
        assert page.locator("#view .theme-tiles").evaluate(
            "l => l.scrollHeight <= l.clientHeight + 1"
        )
        # The room's note on what it is voting on is still said.
        expect(page.locator("#view-heading")).to_contain_text("Vote on these themes on your phone")
    finally:
        context.close()


# Every visible box in the board's side column, and the read-aloud button's.
BOXES = """() => [...document.querySelectorAll('.board-side > *, .board-join > *, .board-sound')]
  .filter(n => n.offsetParent !== null || getComputedStyle(n).position === 'fixed')
  .filter(n => n.getBoundingClientRect().height > 0)
  .map(n => { const r = n.getBoundingClientRect();
    return {id: n.id || n.className, top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })"""


@pytest.mark.parametrize("view", ["ideas", "themes"])
def test_the_read_aloud_button_covers_nothing_on_the_board(chromium, rooms, view):
    room = rooms["default"]
    big_room.show_results(room, False)
    context = chromium.new_context(viewport=HD)
    try:
        page = context.new_page()
        page.goto(f"{room.links['board_url']}?view={view}")
        expect(page.locator("#results-note")).to_be_visible()
        expect(page.locator("#board-sound")).to_be_visible()
        page.wait_for_timeout(300)  # the board's pages measured
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"board-fit-read-aloud-{view}-1920x1080.png"))
        boxes = page.evaluate(BOXES)
        button = next(b for b in boxes if b["id"] == "board-sound")
        side = page.locator(".board-side").bounding_box()
        assert button["top"] >= 0 and button["bottom"] <= side["y"] + side["height"] + 0.5, (
            f"the read-aloud button is cut off: {button} {side}"
        )
        for box in boxes:
            if box is button or box["id"] in ("board-join",):
                continue
            apart = (
                box["bottom"] <= button["top"] + 0.5
                or box["top"] >= button["bottom"] - 0.5
                or box["right"] <= button["left"] + 0.5
                or box["left"] >= button["right"] - 0.5
            )
            assert apart, f"the read-aloud button covers {box['id']}: {box} {button}"
    finally:
        big_room.show_results(room, True)
        context.close()


# Where the focused control is, and the sticky header, on the screen.
# Covered: the header is what shows at the middle of the focused control.
FOCUS = """() => { const f = document.activeElement, h = document.querySelector('.console-header');
  const a = f.getBoundingClientRect();
  const there = document.elementFromPoint(a.left + a.width / 2, Math.max(0, a.top + Math.min(a.height / 2, 8)));
  return {tag: f.tagName + '#' + f.id + ' ' + (f.textContent || '').slice(0, 40),
    covered: f !== document.body && !h.contains(f) && a.height > 0 && !!there && h.contains(there)}; }"""


def test_a_console_at_200_percent_zoom_keeps_its_header_off_the_focus(chromium, rooms):
    small = {"width": 640, "height": 360}
    context = chromium.new_context(viewport=small)
    try:
        page = context.new_page()
        page.goto(rooms["default"].links["console_url"])
        expect(page.locator("#connection")).to_have_text("Live")
        header = page.locator(".console-header").bounding_box()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "console-fit-640x360.png"))
        covered = []
        # Forward, then back: going back scrolls a control in at the top, under a sticky header.
        for key in ["Tab"] * 40 + ["Shift+Tab"] * 40:
            page.keyboard.press(key)
            at = page.evaluate(FOCUS)
            if at["covered"]:
                covered.append(at["tag"])
        page.screenshot(path=str(SHOTS / "console-fit-640x360-tabbed.png"))
        assert not covered, f"focused controls under the header: {covered[:3]}"
        sticky = page.locator(".console-header").evaluate(
            "h => getComputedStyle(h).position === 'sticky'"
        )
        # A header that stays in view takes under a quarter of the screen; or it scrolls away.
        assert not sticky or header["height"] < small["height"] / 4, (
            f"the sticky header takes {header['height']} px of {small['height']}"
        )
    finally:
        context.close()
