"""A ranking of ten provisional outcomes (the most a ranking takes) on the
projected board, read from the back row, in Debian's chromium: the screenshot
tools carry the room's top nine ideas forward, here ten, one of them a carer's
story of 400 characters, and 90 phones put them in order. At 1920x1080 and
1280x720 the room's order and each role's are whole on the wall, nothing cut
at its foot, and the room's order in type a back row reads."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import Room

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SIZES = {"1080": {"width": 1920, "height": 1080}, "720": {"width": 1280, "height": 720}}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"

# Each option of the standing and each role's heading: its box, and the wall's.
BOXES = """() => {
  const wall = document.querySelector('#view').getBoundingClientRect();
  const parts = [...document.querySelectorAll('#view .rank-board li, #view .rank-role h3')];
  return {wall: {bottom: Math.min(wall.bottom, window.innerHeight), right: wall.right},
          parts: parts.map(n => { const r = n.getBoundingClientRect();
            return {text: n.textContent.slice(0, 40), bottom: r.bottom, right: r.right}; }),
          room: parseFloat(getComputedStyle(document.querySelector('.rank-room li')).fontSize)};
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
        big_room.rank_outcomes(built, ids)
        big_room.show_results(built, True)
        yield built


@pytest.mark.parametrize("size", SIZES)
def test_ten_outcomes_ranked_are_whole_on_the_wall(chromium, room, size):
    context = chromium.new_context(viewport=SIZES[size])
    try:
        page = context.new_page()
        page.goto(room.links["board_url"])
        expect(page.locator("#view-heading")).to_contain_text("90 orders")
        expect(page.locator(".rank-room li")).to_have_count(10)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"board-ranking-ten-{size}.png"))
        at = page.evaluate(BOXES)
        cut = [p["text"] for p in at["parts"] if p["bottom"] > at["wall"]["bottom"] + 0.5]
        assert not cut, f"cut at the wall's foot: {cut}"
        assert all(p["right"] <= at["wall"]["right"] + 0.5 for p in at["parts"])
        # Every role is there with its whole order.
        expect(page.locator(".rank-role")).to_have_count(6)
        assert all(role.locator("li").count() == 10 for role in page.locator(".rank-role").all())
        # The room's order in type a back row reads: an idea's size (4.1% of
        # the screen's height) at most, never under half of it.
        unit = SIZES[size]["height"] * 0.041
        assert at["room"] >= unit * 0.5, f"the room's order at {at['room']} px"
    finally:
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
