"""The board's keys in its side column, in Debian's chromium at 1920x1080, in
a room of 90 phones and 150 ideas (harness/big_room.py): the role key (each
role's colour and pattern) shows only while bars coloured by role are on the
wall, and the ★ key only while a ★ is. Crossed: every view (ideas, results,
themes, the vote on themes, a ranking, a question with no ideas yet) with
the results shown and hidden. Main kept the role key beside "The results are
hidden" and the ★ key beside a ranking's hidden order."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

HD = {"width": 1920, "height": 1080}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("board-keys") / "room.db"
    with big_room.served(db) as built:
        built.console("set_board_paging", paused=True)
        yield built


def themes(room):
    groups = big_room.accept_themes(room, big_room.tenths(room, "Paid work"))["groups"]
    room.console("set_board_view", view="themes")
    room.themes = [g["id"] for g in groups]


def theme_votes(room):
    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    big_room.vote_on_themes(room, room.themes)


def ranking(room):
    carried = room.console("carry_forward", idea_ids=[i["id"] for i in room.ideas[:4]])
    big_room.rank_outcomes(room, [o["id"] for o in carried["outcomes"]])


def no_ideas(room):
    added = room.console("add_question", stage="plan", text="What else should we know?")
    room.console("open_question", question_id=added["question"]["id"])
    room.console("set_board_view", view="ideas")


def view(name):
    return lambda room: room.console("set_board_view", view=name)


# Each view: how to reach it from the one before, then with the results shown
# and hidden, whether the role key and the ★ key show.
VIEWS = [
    ("ideas", view("ideas"), {True: (False, True), False: (False, True)}),
    ("results", view("results"), {True: (True, False), False: (False, False)}),
    ("themes", themes, {True: (False, True), False: (False, True)}),
    ("theme-votes", theme_votes, {True: (False, True), False: (False, True)}),
    ("ranking", ranking, {True: (False, True), False: (False, False)}),
    ("no-ideas", no_ideas, {True: (False, False), False: (False, False)}),
]


def test_each_key_shows_only_while_the_wall_has_what_it_explains(chromium, room):
    context = chromium.new_context(viewport=HD)
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    faults = []
    try:
        for name, reach, keys in VIEWS:
            reach(room)
            for shown in (True, False):
                big_room.show_results(room, shown)
                page.goto(room.links["board_url"])
                expect(page.locator("#participants")).not_to_have_text("0")  # live
                page.wait_for_timeout(500)  # drawn and fitted
                state = f"{name}-{'shown' if shown else 'hidden'}"
                page.screenshot(path=str(SHOTS / f"board-keys-{state}-1920x1080.png"))
                seen = (
                    page.locator("#role-key").is_visible(),
                    page.locator(".board-side .legend").is_visible(),
                )
                if seen != keys[shown]:
                    faults.append(f"{state}: (role key, ★ key) shown {seen}, wanted {keys[shown]}")
                # Whatever shows, the wall has what it explains.
                wall = page.evaluate(
                    """() => ({bars: !!document.querySelector('#view .bar-split .bar-fill'),
                               star: document.querySelector('#view').innerText.includes('★')})"""
                )
                if seen[0] and not wall["bars"] or seen[1] and not wall["star"]:
                    faults.append(f"{state}: a key beside nothing it explains {wall}")
    finally:
        big_room.show_results(room, True)
        context.close()
    assert not faults, "\n".join(faults)
