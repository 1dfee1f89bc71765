"""The board's side column at a real room's size, in Debian's chromium: what
it holds grows with the room (the page indicator, the results' key by role,
the votes-hidden note, the quiet signals, a timer that takes a line from the
question above it), and whatever it holds, at 1920x1080 and 1280x720, "Let
this board read aloud" stays in view and nothing in the column is cut off.
After End the button is gone (the wall says its thank-you and the console can
no longer make it read: nothing is left to read aloud), and still nothing is
cut off.
States crossed: results hidden and shown, timer on and off, the results view,
quiet signals on, a vote on themes, a ranking open, the workshop ended.
A room of 90 phones and 150 ideas (harness/big_room.py)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SIZES = {"1080": {"width": 1920, "height": 1080}, "720": {"width": 1280, "height": 720}}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"

# Every visible box in the side column: what it tells the room (cut at the
# foot of .board-side-info if it does not fit), then the button and status lines.
BOXES = """() => {
  const aside = document.querySelector('.board-side');
  const info = (document.querySelector('.board-side-info') || aside).getBoundingClientRect();
  const side = aside.getBoundingClientRect();
  const seen = n => n.getClientRects().length && n.getBoundingClientRect().height > 0;
  const box = n => { const r = n.getBoundingClientRect();
    return {id: n.id || n.className || n.tagName, text: n.textContent.slice(0, 30),
            top: r.top, bottom: r.bottom}; };
  return {
    info: [...document.querySelectorAll(
      '.board-side p, .board-side img, .board-side .role-key-item')]
      .filter(n => n.parentElement !== aside).filter(seen).map(box),
    rest: [...document.querySelectorAll('.board-side > button, .board-side > p')].filter(seen).map(box),
    infoBottom: info.bottom, sideBottom: Math.min(side.bottom, window.innerHeight)};
}"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("board-side") / "room.db"
    with big_room.served(db) as built:
        built.console("set_board_paging", paused=True)
        yield built


def themes_voted(room):
    """The laptop's themes accepted, the room voting on them: 80 phones, three votes each."""
    question = room.question["id"]
    suggested = room.facilitator.get(
        f"{room.api}/themes", params={"suggest": 1, "question_id": question}
    ).json()["questions"][0]["groups"]
    groups = big_room.accept_themes(room, suggested)["groups"]
    room.console("set_vote_on", question_id=question, vote_on="themes")
    big_room.vote_on_themes(room, [g["id"] for g in groups])


def ranking_open(room):
    """Four ideas carried into the Plan stage and a ranking question on them, open, ranked by all."""
    carried = room.console("carry_forward", idea_ids=[i["id"] for i in room.ideas[:4]])
    big_room.rank_outcomes(
        room, [o["id"] for o in carried["outcomes"]], easy_read="Which good thing matters most?"
    )


def quiet_signals(room):
    for kind in ("more_time", "more_time", "not_understood"):
        room.attendee("carer").post(
            f"{room.api}/quiet-signals", json={"question_id": room.question["id"], "kind": kind}
        )
    room.console("set_quiet_on_board", on=True)


def timer(room, seconds):
    room.console("set_timer", question_id=room.question["id"], seconds=seconds)
    if seconds:
        room.console("start_timer", question_id=room.question["id"])


# Each state: its name, then what the facilitator does to reach it from the one before.
STATES = [
    ("ideas-shown", lambda r: r.console("set_board_view", view="ideas")),
    ("ideas-hidden", lambda r: big_room.show_results(r, False)),
    ("results-hidden", lambda r: r.console("set_board_view", view="results")),
    ("results-hidden-timer", lambda r: timer(r, 600)),
    ("results-shown-timer", lambda r: big_room.show_results(r, True)),
    ("results-shown-timer-quiet", quiet_signals),
    ("results-shown-quiet", lambda r: timer(r, 0)),
    (
        "ideas-shown-timer-quiet",
        lambda r: timer(r, 600) or r.console("set_board_view", view="ideas"),
    ),
    (
        "theme-vote-shown-timer",
        lambda r: themes_voted(r) or r.console("set_board_view", view="themes"),
    ),
    ("theme-vote-hidden-timer", lambda r: big_room.show_results(r, False)),
    ("ranking-hidden", ranking_open),
    ("ranking-shown", lambda r: big_room.show_results(r, True)),
    ("ended", lambda r: r.console("end_workshop")),
]


def test_the_side_column_keeps_its_button_and_cuts_nothing(chromium, room):
    contexts = {size: chromium.new_context(viewport=viewport) for size, viewport in SIZES.items()}
    pages = {size: context.new_page() for size, context in contexts.items()}
    SHOTS.mkdir(exist_ok=True)
    faults = []
    try:
        for name, step in STATES:
            step(room)
            for size, page in pages.items():
                page.goto(room.links["board_url"])
                sound = page.locator("#board-sound")
                if name == "ended":
                    expect(page.locator("#ended-note")).to_be_visible()
                    expect(sound).to_be_hidden()
                else:
                    expect(sound).to_be_visible()
                page.wait_for_timeout(500)  # the board's pages measured, the column fitted
                page.screenshot(path=str(SHOTS / f"board-side-{name}-{size}.png"))
                at = page.evaluate(BOXES)
                cut = [b for b in at["info"] if b["bottom"] > at["infoBottom"] + 0.5]
                cut += [b for b in at["rest"] if b["bottom"] > at["sideBottom"] + 0.5]
                if cut:
                    faults.append(
                        f"{name} at {size}: cut off {[(b['id'], b['text']) for b in cut]}"
                    )
                button = next((b for b in at["rest"] if b["id"] == "board-sound"), None)
                if button and button["top"] < at["infoBottom"] - 0.5:
                    faults.append(f"{name} at {size}: the button covers the column above it")
    finally:
        for context in contexts.values():
            context.close()
    assert not faults, "\n".join(faults)
