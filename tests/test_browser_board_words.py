"""The board's words at a real room's size, at 1920x1080 in Debian's chromium,
in a room of 90 phones and 150 ideas (harness/big_room.py):

- a theme stepped into is named once, not as a heading and again as its lane;
- no count of nothing: never "0 votes", "0 ideas", "(0)", "0 themes", "medium 0"
  or "0 in the room" (said in words, or left out, as the phones do);
- a wall that takes minutes to come round says so plainly, and where every
  idea can be read at once (the themes, else each phone), never after End."""

import re

import pytest
from playwright.sync_api import expect

from harness import big_room

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

WALL = {"width": 1920, "height": 1080}
# A count of nothing, however the wall puts it.
ZERO = re.compile(
    r"(?<![\d.,])0 (votes?|ideas?|answers?|themes?|people|person|in the room)|\(0\)|"
    r"(high|medium|low) 0\b"
)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    with big_room.served(tmp_path_factory.mktemp("board-words") / "room.db") as built:
        built.console("set_board_paging", paused=True)
        big_room.show_results(built, True)
        yield built


@pytest.fixture
def wall(chromium):
    context = chromium.new_context(viewport=WALL)
    yield context.new_page()
    context.close()


def text_of(page):
    return page.locator("main.board").inner_text()


def zeros(page, where):
    return [f"{where}: {m.group(0)!r}" for m in ZERO.finditer(text_of(page))]


def ten_themes(room):
    """The first question's ten themes (harness/big_room.py), accepted once for the module."""
    if not getattr(room, "themes", None):
        room.themes = big_room.accept_themes(room, big_room.ten_themes(room))["groups"]
    return room.themes


def test_a_long_turn_is_said_plainly_with_where_to_read_every_idea(room, wall):
    room.console("set_board_paging", paused=False, seconds=12)
    note = wall.locator("#page-note")
    try:
        wall.goto(room.links["board_url"])
        expect(wall.locator("#view .card").first).to_be_visible()
        pages = int(wall.locator("main.board").get_attribute("data-pages"))
        minutes = round(pages * 12 / 60)
        assert pages * 12 >= 180, pages
        themed = room.facilitator.get(f"{room.api}/themes").json()["questions"]
        assert not themed or not themed[0]["groups"]  # no theme on it yet
        expect(note).to_have_text(
            f"All {pages} pages take about {minutes} minutes. Every idea is on your phone too."
        )
        expect(note).to_be_visible()  # the side column has room for it at 1920x1080
        # Themes accepted: the wall points at them.
        ten_themes(room)
        expect(note).to_contain_text("The ideas are in 10 themes.")
        # Paused, the pages turn by hand: no minutes said.
        room.console("set_board_paging", paused=True)
        expect(note).to_have_text("The ideas are in 10 themes.")
        # The themes view itself takes one or two pages: nothing to say.
        room.console("set_board_view", view="themes")
        expect(wall.locator("#view .theme-tile").first).to_be_visible()
        expect(note).to_be_hidden()
    finally:
        room.console("set_board_view", view="ideas")
        room.console("set_board_paging", paused=True, seconds=12)


def test_a_theme_stepped_into_is_named_once(room, wall):
    themes = ten_themes(room)
    biggest = max(themes, key=lambda t: len(t["ideas"]))
    place = [t["id"] for t in themes].index(biggest["id"]) + 1
    room.console("set_board_view", view="themes", theme_id=biggest["id"])
    try:
        wall.goto(room.links["board_url"])
        expect(wall.locator("#view .card").first).to_be_visible()
        expect(wall.locator("#view-heading")).to_have_text(
            f"Theme {place} of {len(themes)}\u00a0· {len(biggest['ideas'])} ideas"
        )
        said = text_of(wall).count(biggest["label"])
        assert said == 1, f"{biggest['label']!r} said {said} times on the wall"
        # Said as large as a tile's label, and the question steps down as on the overview.
        sizes = wall.evaluate(
            """() => [document.querySelector('#view .lane-title'), document.querySelector('#question-text')]
                .map(n => parseFloat(getComputedStyle(n).fontSize))"""
        )
        assert sizes[0] >= 44 and sizes[1] == sizes[0], sizes
    finally:
        room.console("set_board_view", view="ideas")


def test_no_count_of_nothing_on_the_wall(room, wall):
    faults = []
    wall.goto(room.links["board_url"])
    # The 150 ideas ranked by the room's votes: the last page holds those nobody voted for.
    for view in ("ideas", "results"):
        room.console("set_board_view", view=view)
        expect(wall.locator("main.board")).to_have_attribute("data-view", view)
        expect(wall.locator("#view .card").first).to_be_visible()
        wall.keyboard.press("ArrowLeft")  # from the first page to the last
        expect(wall.locator("main.board")).not_to_have_attribute("data-page", "1")
        wall.wait_for_timeout(300)
        faults += zeros(wall, f"{view}, last page")
        if view == "results":
            expect(wall.locator("#view .card-votes", has_text="No votes").first).to_be_visible()
    # The spotlight on an idea nobody voted for.
    voted = {r["idea_id"] for r in room.rows("SELECT DISTINCT idea_id FROM votes")}
    unvoted = next(i for i in room.ideas if i["id"] not in voted)
    room.console("spotlight_idea", idea_id=unvoted["id"])
    expect(wall.locator("#view .spotlight")).to_be_visible()
    faults += zeros(wall, "spotlight")
    room.console("spotlight_idea", idea_id=None)
    # The next question: two ideas from care providers alone, no votes, no themes.
    second = room.open(1)
    provider = room.attendee("provider")
    for text in ("Keep the lunch club open", "Pay for travel time"):
        room.idea(provider, second, text)
    for view in ("ideas", "results", "themes", "role"):
        room.console("set_board_view", view=view)
        expect(wall.locator("main.board")).to_have_attribute("data-view", view)
        wall.wait_for_timeout(400)
        faults += zeros(wall, f"second question, {view}")
    # The role view has no lane for experts by experience who said nothing.
    expect(wall.locator("#view .lane-ebe .lane-title")).to_have_count(0)
    room.console("set_board_view", view="ideas")
    expect(wall.locator("#view .lane-ebe .lane-title")).to_have_text(
        "★ Experts by experience\u00a0· none yet"
    )
    # A Plan risk question: one answer, rated high, about a carried idea.
    carried = room.console("carry_forward", idea_ids=[room.ideas[0]["id"]])["outcomes"]
    risk = next(q for q in room.questions if q.get("kind") == "risk")
    room.open(room.questions.index(risk))
    answer = room.attendee("provider").post(
        f"{room.api}/ideas",
        json={
            "question_id": risk["id"],
            "text": "Small providers cannot report monthly",
            "outcome_id": carried[0]["id"],
            "rating": "high",
        },
    )
    assert answer.status_code == 201, answer.text
    expect(wall.locator("#view .lane-title", has_text="risk: high 1")).to_be_visible()
    faults += zeros(wall, "risk question")
    assert not faults, "\n".join(faults)


def test_nobody_yet_is_said_in_words(live_server, new_workshop, wall):
    wall.goto(new_workshop["board_url"])
    expect(wall.locator("#people")).to_have_text("No one has joined yet")
    assert zeros(wall, "a new workshop") == []
