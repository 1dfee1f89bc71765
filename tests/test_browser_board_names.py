"""A long name for the experts by experience on the board (a workshop may rename
its roles in its own framework file): on a 1920x1080 wall, in a room of 90
phones and 150 ideas, a 75-character name costs no more than a page against
the framework's own names in any view, at the board's 44 px idea text. Where it
does not fit the lines the framework's names take, it is cut at a word with an
ellipsis, its count whole after it; screen readers get the whole name, and the
facilitator's console shows it whole."""

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

# A node's words as a screen reader gets them: what is hidden from it left out.
HEARD = """n => { const c = n.cloneNode(true);
  c.querySelectorAll('[aria-hidden=true]').forEach(x => x.remove()); return c.textContent; }"""
LINES = """n => Math.round(n.getBoundingClientRect().height / parseFloat(getComputedStyle(n).lineHeight))"""


def build(stack, db, framework=None):
    """A big room on the first question (the framework's longest), ten themes accepted,
    its board's pages held still on the first."""
    built = stack.enter_context(big_room.served(db, framework=framework))
    big_room.accept_themes(built, big_room.tenths(built, "Paid work"))
    built.console("set_board_paging", paused=True)
    built.console("turn_board_page", to="first")
    return built


@pytest.fixture(scope="module")
def rooms(tmp_path_factory):
    """The same room twice: with the framework's role names, and with LONG for them."""
    folder = tmp_path_factory.mktemp("names")
    framework = big_room.renamed_experts(folder / "long-name.toml", LONG)
    with ExitStack() as stack:
        yield {
            "default": build(stack, folder / "default.db"),
            "long": build(stack, folder / "long.db", framework),
        }


def board(chromium, room, view):
    context = chromium.new_context(viewport=HD)
    page = context.new_page()
    page.goto(f"{room.links['board_url']}?view={view}")
    expect(page.locator("#view .card").first).to_be_visible()
    return context, page


@pytest.mark.parametrize("results", ["hidden", "shown"])
@pytest.mark.parametrize("view", ["ideas", "role", "priority", "themes"])
def test_a_long_role_name_costs_at_most_a_page_and_is_whole_for_screen_readers(
    chromium, rooms, view, results
):
    pages = {}
    for name, room in rooms.items():
        big_room.show_results(room, results == "shown")
        context, page = board(chromium, room, view)
        try:
            pages[name] = int(page.locator("main.board").get_attribute("data-pages") or 1)
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"board-names-{view}-{results}-{name}-1920x1080.png"))
            if name == "default":
                continue
            if view == "themes":
                lines = page.locator("#view .theme-tight .theme-support")
                most = 3  # the framework's own names grow a split to three lines (lib/fold.js)
            else:
                lines = page.locator("#view .card-ebe .card-meta")
                most = 2  # who said it, under an expert's idea in the narrowest lane
            # The first page of the priorities may hold no expert's idea.
            assert lines.count() > 0 or view == "priority"
            for line in lines.all():
                assert LONG in line.evaluate(HEARD), line.evaluate(HEARD)
                assert line.evaluate(LINES) <= most, line.text_content()
            if view == "role":
                title = page.locator("#view .lane-ebe .lane-title")
                assert LONG in title.evaluate(HEARD)
                assert title.evaluate(LINES) <= 2, title.text_content()
        finally:
            context.close()
    print(f"\n{view}, results {results}: pages at 1920x1080 {pages}")
    assert abs(pages["long"] - pages["default"]) <= 1, pages


def test_the_console_shows_the_long_name_whole(chromium, rooms):
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    try:
        console = context.new_page()
        console.goto(rooms["long"].links["console_url"])
        expect(console.locator("#connection")).to_have_text("Live")
        console.get_by_role("tab", name="Ideas").click()
        expect(console.locator(".mod-idea", has_text=LONG).first).to_be_visible()
    finally:
        context.close()
