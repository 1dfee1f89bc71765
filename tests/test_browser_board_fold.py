"""The board's themes view at its tightest (issue 22), on a 1920x1080 screen in
Debian's chromium, in a room of 90 phones and 150 ideas whose framework gives
the experts-by-experience role a long name (a council may rename its roles):
every split by role, who said a theme's ideas (results hidden), who voted for
them (results shown) and the dots on the themes themselves, is held to its
lines by folding its smallest roles, whole, into "N more roles X" (lib/fold.js),
never behind an ellipsis; experts by experience and the largest other role
never fold; every number shown is the database's, and they add up."""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.browser import board_pages

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

HD = {"width": 1920, "height": 1080}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
EXPERTS = "Person with lived experience of care and support services"

# Each tight tile's split: its theme, the Text node the fold writes, and whether the clamp cuts it.
LINES = """ls => ls.map(l => ({theme: Number(l.closest('.theme-tile').dataset.themeId),
  text: l.querySelector(".fold-text").textContent, cut: l.scrollHeight > l.clientHeight + 1,
  lines: Math.round(l.getBoundingClientRect().height / parseFloat(getComputedStyle(l).lineHeight))}))"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fold")
    framework = big_room.renamed_experts(folder / "long-roles.toml", EXPERTS)
    with big_room.served(folder / "room.db", framework=framework) as built:
        built.themes = big_room.accept_themes(built, big_room.tenths(built, "Paid work"))["groups"]
        built.console("set_board_view", view="themes")
        built.roles = {
            r["key"]: r for r in built.facilitator.get(built.api).json()["workshop"]["roles"]
        }
        yield built


def split_of(room, sql):
    """{theme id: {role key: n}} from the database."""
    found = defaultdict(dict)
    for row in room.rows(sql):
        found[row["theme"]][row["role"]] = row["n"]
    return found


SAID = """SELECT ti.theme_id AS theme, i.author_role AS role, COUNT(*) AS n FROM theme_ideas ti
  JOIN ideas i ON i.id = ti.idea_id WHERE i.status = 'shown' GROUP BY 1, 2"""
VOTED = """SELECT ti.theme_id AS theme, v.voter_role AS role, COUNT(*) AS n FROM votes v
  JOIN theme_ideas ti ON ti.idea_id = v.idea_id WHERE v.withdrawn_at IS NULL GROUP BY 1, 2"""
DOTS = """SELECT theme_id AS theme, voter_role AS role, COUNT(*) AS n FROM theme_votes
  WHERE withdrawn_at IS NULL GROUP BY 1, 2"""


def check_split(room, line, truth, lead):
    """One tile's split against the database: whole numbers, experts and the largest other role shown."""
    text = line["text"]
    assert "…" not in text and not line["cut"], text
    assert re.match(lead, text), text
    split = re.sub(lead, "", text, count=1).split("\u00a0· ")
    labels = {r["label"]: key for key, r in room.roles.items()}
    # The dots on themes may give the experts' name as the board's word for them.
    labels.update({"Experts": k for k, r in room.roles.items() if r.get("expert_by_experience")})
    shown, folded = {}, None
    for part in split:
        words, n = part.rsplit("\u00a0", 1)
        if re.fullmatch("\\d+\u00a0more roles?", words):
            folded = (int(words.split("\u00a0")[0]), int(n))
        else:
            shown[labels[words.removeprefix("★\u00a0")]] = int(n)
    assert all(truth[key] == n for key, n in shown.items()), (text, truth)
    experts = [k for k in truth if room.roles[k].get("expert_by_experience")]
    others = [k for k in truth if k not in experts]
    assert all(k in shown for k in experts), f"an expert's role folded: {text}"
    top = max(truth[k] for k in others)
    assert any(shown.get(k) == top for k in others), (
        f"the largest other role folded: {text} {truth}"
    )
    rest = {k: n for k, n in truth.items() if k not in shown}
    assert (folded or (0, 0)) == (len(rest), sum(rest.values())), (text, truth)
    return line["lines"]


def board_lines(page, name):
    """Every tight split on every page of the themes view, each page's screenshot taken."""
    expect(page.locator("#view .theme-tile").first).to_be_visible()
    pages = int(page.locator("main.board").get_attribute("data-pages") or 1)
    found = []
    for n in board_pages(page, pages):
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"board-fold-{name}-page{n + 1}-1920x1080.png"))
        found += page.locator("#view .theme-tight .theme-support").evaluate_all(LINES)
    return pages, found


@pytest.mark.parametrize("results", ["hidden", "shown"])
def test_ideas_view_splits_fold_whole_keeping_experts_and_the_largest_role(room, chromium, results):
    big_room.show_results(room, results == "shown")
    context = chromium.new_context(viewport=HD)
    try:
        page = context.new_page()
        page.goto(room.links["board_url"])
        pages, lines = board_lines(page, f"ideas-{results}")
        truth = split_of(room, SAID if results == "hidden" else VOTED)
        lead = "Said by " if results == "hidden" else "Votes \\d+: "
        assert len(lines) == 10, f"{len(lines)} of 10 themes at the tight level"
        heights = [check_split(room, line, truth[line["theme"]], lead) for line in lines]
        assert pages <= 2 and max(heights) <= 3
    finally:
        big_room.show_results(room, True)
        context.close()


def test_dots_on_themes_fold_the_smallest_role_not_the_largest(room, chromium):
    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    ids = [t["id"] for t in room.themes]
    for n, (_, session) in enumerate(room.phones[:80]):  # every role in the room's mix
        for k in range(3):
            theme = ids[(n + k * 3) % len(ids)]
            assert session.post(f"{room.api}/theme-votes", json={"theme_id": theme}).ok
    context = chromium.new_context(viewport=HD)
    try:
        page = context.new_page()
        page.goto(room.links["board_url"])
        expect(page.locator("#view .theme-dots").first).to_contain_text("Votes on this theme")
        pages, lines = board_lines(page, "dots")
        truth = split_of(room, DOTS)
        assert len(lines) == 10
        heights = [
            check_split(room, line, truth[line["theme"]], "Votes on this theme \\d+: ")
            for line in lines
        ]
        assert pages <= 2 and max(heights) <= 3
    finally:
        room.console("set_vote_on", question_id=room.question["id"], vote_on="ideas")
        context.close()
