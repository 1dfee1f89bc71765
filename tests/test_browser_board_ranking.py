"""A ranking of ten provisional outcomes (the most a ranking takes) on the
projected board, read from the back row, in Debian's chromium: the screenshot
tools carry the room's top nine ideas forward, here ten, one of them a carer's
story of 400 characters, and 90 phones put them in order. At 1920x1080 and
1280x720 the room's order and each role's are whole on the wall, nothing cut
at its foot, the room's order in type a back row reads and each role's order
at 28 px or more at 1080 lines (on two pages, the room's order whole on both);
before anyone has sent an order, the list to put in order is whole too."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import Room
from harness.browser import board_pages

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SIZES = {"1080": {"width": 1920, "height": 1080}, "720": {"width": 1280, "height": 720}}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"

# Each option of the standing and each role's heading: its box, and the wall's;
# the type of the room's order and of each role's.
BOXES = """() => {
  const wall = document.querySelector('#view').getBoundingClientRect();
  const parts = [...document.querySelectorAll('#view li, #view .rank-role h3')];
  const size = s => [...document.querySelectorAll(s)].map(n => parseFloat(getComputedStyle(n).fontSize));
  return {wall: {bottom: Math.min(wall.bottom, window.innerHeight), right: wall.right},
          parts: parts.map(n => { const r = n.getBoundingClientRect();
            return {text: n.textContent.slice(0, 40), bottom: r.bottom, right: r.right}; }),
          room: size('.rank-standing li'), roles: size('.rank-role-list li, .rank-role h3')};
}"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("board-ranking") / "room.db"
    with big_room.served(db, ideas=40) as built:
        long_one = next(i for i in built.ideas if len(i["text"]) > 300)
        others = [i["id"] for i in built.ideas if i is not long_one][:9]
        carried = built.console("carry_forward", idea_ids=[long_one["id"], *others])
        ids = [o["id"] for o in carried["outcomes"]]
        assert len(ids) == 10
        built.ranking = big_room.rank_outcomes(built, ids)  # its options' ids are the outcomes'
        # The same ten, before anyone has put them in order (opened by its test).
        built.unranked = built.console(
            "add_question", stage="plan", kind="ranking", text="Which matters most to you?"
        )["question"]
        big_room.show_results(built, True)
        built.console("set_board_paging", paused=True)  # pages turned by hand here
        yield built


def whole_on_the_wall(at):
    """Every option and role heading inside the wall: none cut at its foot or side."""
    cut = [p["text"] for p in at["parts"] if p["bottom"] > at["wall"]["bottom"] + 0.5]
    assert not cut, f"cut at the wall's foot: {cut}"
    assert all(p["right"] <= at["wall"]["right"] + 0.5 for p in at["parts"])


@pytest.mark.parametrize("size", SIZES)
def test_ten_outcomes_ranked_are_whole_on_the_wall(chromium, room, size):
    context = chromium.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        page.goto(room.links["board_url"])
        expect(page.locator("#view-heading")).to_contain_text("90 orders")
        board = page.locator("main.board")
        pages = int(board.get_attribute("data-pages") or 0)
        # Each role's order readable from 10 m takes two pages at most.
        assert pages <= 2, f"each role's order takes {pages} pages"
        SHOTS.mkdir(exist_ok=True)
        unit = SIZES[size]["height"] * 0.041  # an idea's size: the board's unit
        roles = {}
        for n in board_pages(page, max(pages, 1)):
            # The room's order whole on every page.
            expect(page.locator(".rank-room li")).to_have_count(10)
            page.screenshot(path=str(SHOTS / f"board-ranking-ten-{size}-page{n + 1}.png"))
            at = page.evaluate(BOXES)
            whole_on_the_wall(at)
            # The room's order in type a back row reads: never under half an idea's size.
            assert min(at["room"]) >= unit * 0.5, f"the room's order at {at['room']} px"
            # Each role's order at 28 px or more at 1080 lines (the same share of
            # a 720-line wall), never larger than the room's order beside it.
            assert min(at["roles"]) >= 28 * SIZES[size]["height"] / 1080 - 0.5, (
                f"each role's order at {min(at['roles'])} px on page {n + 1}"
            )
            assert max(at["roles"]) <= min(at["room"]) + 0.5, (at["roles"], at["room"])
            for part in page.locator(".rank-role").all():
                roles[part.locator("h3").inner_text()] = part.locator("li").count()
        # Every role is there, over the pages, with its whole order.
        assert len(roles) == 6 and set(roles.values()) == {10}, roles
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_list_before_any_order_is_whole_on_the_wall(chromium, room, size):
    """Nobody has sent an order yet: the ten things to put in order (the
    carer's story among them) are fitted as the room's order is, not cut at
    the wall's foot (main drew them at 40 px and the wall lost the last four)."""
    room.console("open_question", question_id=room.unranked["id"])
    context = chromium.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        page.goto(room.links["board_url"])
        expect(page.locator("#view .board-empty")).to_contain_text("No one has sent an order yet")
        expect(page.locator("#view .rank-standing li")).to_have_count(10)
        page.screenshot(path=str(SHOTS / f"board-ranking-no-orders-{size}.png"))
        at = page.evaluate(BOXES)
        whole_on_the_wall(at)
        assert min(at["room"]) >= SIZES[size]["height"] * 0.041 * 0.5, at["room"]
    finally:
        room.console("open_question", question_id=room.ranking["id"])
        context.close()


@pytest.mark.parametrize("hidden", [False, True], ids=["results-shown", "results-hidden"])
def test_a_ranking_added_during_the_day_shows_its_list_on_an_open_board(
    live_server, new_workshop, desktop, hidden
):
    """The board was open before the facilitator added a ranking question: its
    list is in no live event, so the board read it from no snapshot and showed
    nothing to put in order until someone reloaded it (the phone had the same gap)."""
    things = ["Paid jobs", "Buses after six", "Friends nearby"]
    room = Room(*live_server, new_workshop)  # this module's `room` is the big room
    if hidden:
        room.console("hide_results")
    desktop.goto(new_workshop["board_url"])
    # The board is live (its snapshot came over its socket) before the ranking is
    # added, so the list cannot come from that first snapshot.
    expect(desktop.locator("#question-text")).to_have_text("Waiting for the next question…")
    added = room.console(
        "add_question", stage="plan", text="Which matters most?", kind="ranking", options=things
    )["question"]
    room.console("open_question", question_id=added["id"])
    expect(desktop.locator("#question-text")).to_have_text("Which matters most?")
    if hidden:
        expect(desktop.locator("#view .results-hidden")).to_have_text(
            "The order is hidden until the facilitator reveals the results."
        )
    else:
        expect(desktop.locator("#view .rank-standing li")).to_have_count(3)
        expect(desktop.locator("#view .rank-standing")).to_contain_text("Buses after six")
