"""The board after End, at 1920x1080 in Debian's chromium, in a room of 90
phones and 150 ideas (harness/big_room.py).

Once the facilitator presses End nothing on the wall may still ask the room
to do what it no longer can (vote on the themes, scan to add an idea or send
an order, beat a timer, say it needs more time, click to let the board read
a question aloud), nor name a stage ("Analyse stage · closed ·" above the
thank-you), while what is worth keeping stays: the thank-you, what happens
next, and what the board showed (the ideas, the results, the themes, a theme stepped
into, the spotlight, a ranking's order). Crossed with each board view; each
state is ended, looked at, screenshot, then reopened for the next."""

import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

WALL = {"width": 1920, "height": 1080}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
ENDED = "This workshop has ended. Thank you."
# What the wall says only to a room that can still take part.
ASKS = re.compile(
    r"Scan|on your phone|add yours|send yours|Vote on|Time is up|No ideas yet|"
    r"No one has sent|on this theme yet|read aloud|Quiet signals|none yet|joined yet"
)
NEXT = "What happens next: everything the room sent is kept for the report on this workshop."
EASY_ENDED = "The meeting has ended. Thank you."
EASY_NEXT = "We keep what you sent for the report."


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    with big_room.served(tmp_path_factory.mktemp("board-ended") / "room.db") as built:
        built.console("set_board_paging", paused=True)
        big_room.show_results(built, True)
        # A timer running on the question: after End it counts down to nothing.
        built.console("set_timer", question_id=built.question["id"], seconds=600)
        built.console("start_timer", question_id=built.question["id"])
        # The room said it needs more time, and the facilitator shows that on the wall.
        for kind in ("more_time", "not_understood"):
            built.attendee("carer").post(
                f"{built.api}/quiet-signals",
                json={"question_id": built.question["id"], "kind": kind},
            )
        built.console("set_quiet_on_board", on=True)
        yield built


def themes(room):
    room.themes = big_room.accept_themes(room, big_room.ten_themes(room))["groups"]
    room.console("set_board_view", view="themes")


def stepped(room):
    room.console("set_board_view", view="themes", theme_id=room.themes[0]["id"])


def easy_read(room):
    room.console("spotlight_idea", idea_id=None)
    room.console("set_board_view", view="ideas")
    room.console("set_board_wording", wording="easy")


def empty_question(room):
    """The next Analyse question open: nobody has added an idea to it."""
    room.console("set_board_wording", wording="framework")
    room.open(1)


def ranking_empty(room):
    """A ranking question on four carried ideas, open, no order sent yet."""
    carried = room.console("carry_forward", idea_ids=[i["id"] for i in room.ideas[:4]])
    room.outcome_ids = [o["id"] for o in carried["outcomes"]]
    room.ranking = room.console(
        "add_question", stage="plan", kind="ranking", text="Which of these matters most to you?"
    )["question"]
    assert room.facilitator.post(f"{room.api}/questions/{room.ranking['id']}/open").ok


def ranking_sent(room):
    for n, (_, session) in enumerate(room.phones):
        order = random.Random(n).sample(room.outcome_ids, len(room.outcome_ids))
        sent = session.post(
            f"{room.api}/rankings", json={"question_id": room.ranking["id"], "order": order}
        )
        assert sent.status_code == 201, sent.text


# Each state: its name, what the facilitator does to reach it from the one
# before, and what the wall keeps after End.
STATES = [
    ("ideas", lambda r: r.console("set_board_view", view="ideas"), "#view .card"),
    ("results", lambda r: r.console("set_board_view", view="results"), "#view .result"),
    ("themes", themes, "#view .theme-tile"),
    (
        "theme-vote",
        lambda r: r.console("set_vote_on", question_id=r.question["id"], vote_on="themes"),
        "#view .theme-tile",
    ),
    ("theme-stepped", stepped, "#view .card"),
    (
        "spotlight",
        lambda r: r.console("spotlight_idea", idea_id=r.ideas[7]["id"]),
        "#view .spotlight",
    ),
    ("easy-read", easy_read, "#view .card"),
    ("empty-question", empty_question, "#view .board-empty"),
    ("ranking-empty", ranking_empty, "#view .rank-standing"),
    ("ranking", ranking_sent, "#view .rank-role"),
]


def test_after_end_the_wall_asks_nothing_and_keeps_what_it_showed(chromium, room):
    context = chromium.new_context(viewport=WALL)
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    faults = []
    try:
        for name, step, kept in STATES:
            step(room)
            room.console("end_workshop")
            page.goto(room.links["board_url"])
            # A board in easy read says its thanks in easy read (test_browser_board_ended_easy.py).
            easy = name == "easy-read"
            thanks = page.locator("#question-easy-text" if easy else "#question-text")
            expect(thanks).to_have_text(EASY_ENDED if easy else ENDED)
            expect(page.locator("#ended-note")).to_contain_text(
                EASY_NEXT if easy else NEXT, use_inner_text=True
            )
            expect(page.locator(kept).first).to_be_visible()
            page.wait_for_timeout(600)  # the timer's tick and the side column's fit
            page.screenshot(path=str(SHOTS / f"board-ended-{name}.png"))
            wall = page.locator("main.board").inner_text()
            for found in ASKS.findall(wall):
                faults.append(f"{name}: the wall still says {found!r}")
            stage = page.locator("#question-stage").inner_text()
            if stage:
                faults.append(f"{name}: the wall still names a stage: {stage!r}")
            for hidden in (
                "#board-join",
                "#timer",
                "#board-sound",
                "#quiet-board",
            ) + (() if easy else ("#question-easy",)):
                if page.locator(hidden).is_visible():
                    faults.append(f"{name}: {hidden} still shows")
            reply = room.facilitator.post(
                f"{room.api}/console/reopen_workshop", json={"confirm": True}
            )
            assert reply.status_code == 200, reply.text
    finally:
        context.close()
    assert not faults, "\n".join(faults)
