"""The console on a phone at a real room's size (issue 22 part 3), in Debian's
chromium: 90 phones and 150 ideas on a question, near duplicates marked
"looks like #N", ten accepted themes, ideas waiting for approval. At 360 and
320 px nothing on any panel reaches past the screen's edge (WCAG 1.4.10):
an idea took a 26rem grid column, 416 px, on a 360 px screen, and the
results table ran 90 px past it, its caption cut. And the Merge… search of
an idea marked "looks like #19" offers #19 first."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.browser import live_console

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
PANELS = ("agenda", "ideas", "queue", "stories", "board", "results", "themes", "carry", "report")
# Words with no place to break: a link pasted from a phone.
LINK = "https://www.kent.gov.uk/social-care-and-health/care-and-support/day-services-in-kent"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """150 ideas voted on, ten themes accepted, three ideas waiting (one a long link)."""
    db = tmp_path_factory.mktemp("console-phone") / "room.db"
    with big_room.served(db, "Day services, Kent") as built:
        big_room.accept_themes(built, big_room.ten_themes(built))
        built.console("set_approval", on=True)
        author = built.attendee("person_receiving_care")
        for text in ("Ring me on 07700 900123", f"Read this {LINK}", "Lunch club on Fridays"):
            built.idea(author, built.question, text)
        yield built


# Every element shown that reaches past the screen's right edge, and how wide the page is.
# One inside a row that scrolls sideways within the screen (the tabs on a phone) is
# reached by scrolling that row, not the page: it does not count.
PAST_THE_EDGE = """() => {
  const width = document.documentElement.clientWidth;
  const inARow = n => {
    for (let a = n.parentElement; a; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX))
        return a.getBoundingClientRect().right <= width + 0.5;
    }
    return false;
  };
  const past = [...document.querySelectorAll('body *')]
    .filter(n => n.getClientRects().length && n.getBoundingClientRect().right > width + 0.5)
    .filter(n => !inARow(n))
    .map(n => (n.id || n.className || n.tagName) + ' ' + Math.round(n.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, past: past.slice(0, 8)};
}"""


@pytest.mark.parametrize("size", [(360, 740), (320, 640)])
def test_nothing_on_any_panel_runs_past_a_phones_edge(chromium, room, size):
    width, height = size
    context, page = live_console(
        chromium, room.links["console_url"], dict(zip(("width", "height"), size))
    )
    try:
        for panel in PANELS:
            page.locator(f"#tab-{panel}").click()
            expect(page.locator(f"#panel-{panel}")).to_be_visible()
            if panel == "ideas":
                # The server's near-duplicate marks have come (console-themes.js asks for them).
                expect(page.locator("#ideas .looks-like").first).to_be_visible()
                expect(page.locator("#ideas > li")).to_have_count(150)
            if panel == "queue":
                expect(page.locator("#pending > li")).to_have_count(3)
            if panel == "results":
                expect(page.locator(".results-table tbody tr")).to_have_count(15)
            if panel == "themes":
                expect(page.locator("#themes-accepted > li")).to_have_count(10)
                # A suggestion too, its rows and buttons as a phone lays them out.
                page.get_by_role("button", name="Suggest themes").click()
                expect(page.locator(".suggested-group").first).to_be_visible(timeout=60_000)
            seen = page.evaluate(PAST_THE_EDGE)
            assert seen["scroll"] <= width and seen["past"] == [], (panel, seen)
        # An idea's Merge… search open on a marked idea, and its Edit form.
        page.locator("#tab-ideas").click()
        marked = page.locator("#ideas > li", has=page.locator(".looks-like")).first
        target = re.search(r"#(\d+)", marked.locator(".looks-like p").text_content()).group(1)
        marked.get_by_role("button", name=re.compile("^Merge…")).click()
        expect(marked.locator("form")).to_be_visible()
        # The search offers first what the mark says it looks like (it said no idea was alike).
        first = marked.locator(".merge-choice").first
        expect(first.get_by_role("button")).to_have_text(f"Merge into #{target}")
        expect(marked.locator(".merge-form .hint")).to_have_text("Ideas that look like this one:")
        marked.get_by_role("button", name=re.compile("^Edit")).click()
        expect(marked.locator("textarea")).to_be_visible()
        seen = page.evaluate(PAST_THE_EDGE)
        assert seen["scroll"] <= width and seen["past"] == [], seen
        marked.scroll_into_view_if_needed()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"console-ideas-marked-{width}.png"))
        # On the phone the results' votes by role are under each idea, said once.
        page.locator("#tab-results").click()
        row = page.locator(".results-table tbody tr").first
        expect(row.locator(".by-role-under")).to_contain_text(re.compile("^Votes by role: "))
        expect(row.locator("td.by-role")).to_be_hidden()
        page.screenshot(path=str(SHOTS / f"console-results-{width}.png"))
    finally:
        context.close()
