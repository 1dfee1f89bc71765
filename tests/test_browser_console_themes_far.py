"""The Themes panel far down ten themes of 150 ideas (issue 22 part 3), in
Debian's chromium at 1366x768: a Move… or Rename made inside the eighth
theme said "Moved." at the panel's top, 900 px up and out of view, with
"Undo the last change" beside it; the facilitator saw the idea jump to
another theme and no way back in sight. Now what the change did shows in
the bar at the foot of the screen, with its Undo, as a move of ticked ideas
does."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.browser import live_console

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """150 ideas voted on, in ten accepted themes."""
    db = tmp_path_factory.mktemp("themes-far") / "room.db"
    with big_room.served(db, "Day services, Kent") as built:
        big_room.accept_themes(built, big_room.ten_themes(built))
        yield built


def themes_of(room):
    return room.facilitator.get(f"{room.api}/themes").json()["questions"][0]["groups"]


def test_a_change_far_down_the_themes_says_what_it_did_in_view_with_undo(chromium, room):
    before = themes_of(room)
    source, target = before[7], before[0]
    moving = room.rows("SELECT text FROM ideas WHERE id = ?", (source["ideas"][1],))[0]["text"]
    context, page = live_console(chromium, room.links["console_url"], LAPTOP, tab="themes")
    try:
        theme = page.locator(f'#themes-accepted > li[data-theme-id="{source["id"]}"]')
        theme.locator("summary").click()
        idea = theme.locator(f'.theme-ideas > li[data-idea-id="{source["ideas"][1]}"]')
        idea.get_by_role("button", name=re.compile("^Move: ")).click()
        page.locator(f"#move-to-{source['ideas'][1]}").select_option(str(target["id"]))
        page.get_by_role("button", name=re.compile("^Move to the chosen theme")).click()
        bar = page.locator("#themes-picked")
        expect(bar.locator(".picked-count")).to_have_text(
            f"“{moving[:49]}…” moved to “{target['label']}”."
            if len(moving) > 50
            else f"“{moving}” moved to “{target['label']}”."
        )
        expect(bar).to_be_in_viewport()
        expect(page.locator("#panel-themes > .status")).not_to_be_in_viewport()
        undo = bar.get_by_role("button", name="Undo the last change")
        expect(undo).to_be_in_viewport()
        assert source["ideas"][1] in themes_of(room)[0]["ideas"]
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "console-themes-moved-one-1366.png"))
        undo.click()
        expect(bar).to_be_hidden()
        for _ in range(50):
            if themes_of(room) == before:
                break
            page.wait_for_timeout(100)
        assert themes_of(room) == before

        # A rename down there, too.
        theme = page.locator(f'#themes-accepted > li[data-theme-id="{source["id"]}"]')
        theme.get_by_role("button", name=re.compile("^Rename")).click()
        page.locator(f"#theme-name-{source['id']}").fill("Buddies <b>& football</b>")
        page.keyboard.press("Enter")
        expect(bar.locator(".picked-count")).to_have_text(
            f"Renamed “{source['label']}” to “Buddies <b>& football</b>”."
        )
        expect(bar).to_be_in_viewport()
        bar.get_by_role("button", name="Undo the last change").click()
        expect(theme.locator("summary")).to_contain_text(source["label"])
    finally:
        context.close()
