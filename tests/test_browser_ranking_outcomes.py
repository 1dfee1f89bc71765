"""The Plan stage's ranking of the provisional outcomes (issue 22 part 6) in real
browsers: an outcome reworded after the list was made rewords its item live on
a phone in easy read, and the order sent stays on it; the board and the
console give level items one place, said in words; the console's Coverage
says plainly why a ranking has none; the board's results of ideas give level
ideas one place too, as the server placed them. Screenshots go to screenshots/."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness.attendee import axe_violations, join

pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True)]

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
PROJECTOR = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1366, "height": 768}


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ranking-outcomes-{name}.png"), full_page=True)


def carried(room):
    """Three Analyse ideas, two of them level on votes, carried into Plan."""
    question = room.open(0)
    sessions = [room.attendee(r) for r in ("provider", "carer", "commissioner")]
    texts = ["Jobs for people", "Buses after six", "Friends nearby"]
    ideas = [room.idea(sessions[n], question, t) for n, t in enumerate(texts)]
    # 2 votes, 1, 1: the second and third are level (1, 2, 2).
    for session, idea in ((sessions[1], ideas[0]), (sessions[2], ideas[0])):
        assert session.post(f"{room.api}/votes", json={"idea_id": idea["id"]}).ok
    for session, idea in ((sessions[0], ideas[1]), (sessions[1], ideas[2])):
        assert session.post(f"{room.api}/votes", json={"idea_id": idea["id"]}).ok
    outcomes = room.console("carry_forward", idea_ids=[i["id"] for i in ideas])["outcomes"]
    return question, ideas, outcomes


def test_a_reworded_outcome_and_level_places_on_every_screen(
    room, new_workshop, make_phone, chromium
):
    question, ideas, outcomes = carried(room)
    # The board's results of the Analyse question: level ideas share a place.
    board = chromium.new_context(viewport=PROJECTOR, bypass_csp=True).new_page()
    board.goto(new_workshop["board_url"])
    room.console("set_board_view", view="results")
    expect(board.locator("#view .result")).to_have_count(3)
    expect(board.locator("#view .result .result-rank")).to_have_text(["1", "2", "2"])
    expect(board.locator("#view .result .result-level")).to_have_text(
        ["Level 2nd\u00a0· ", "Level 2nd\u00a0· "]
    )
    shoot(board, "board-ideas-level")

    added = room.console("add_question", stage="plan", text="Which matters most?", kind="ranking")
    ranking = added["question"]
    room.console("open_question", question_id=ranking["id"])
    phone = make_phone(easy=True)
    join(phone, new_workshop, "Family or unpaid carer")
    items = phone.locator("#rank-list .rank-text")
    expect(items).to_have_text([o["text"] for o in outcomes])

    # Reworded before any order: the phone's list follows at once, in easy read.
    first = outcomes[0]["id"]
    room.console(
        "edit_outcome",
        outcome_id=first,
        text="Paid work for people who get care",
        easy_read="Paid jobs",
    )
    expect(items.first).to_have_text("Paid jobs")
    phone.get_by_role("button", name="Move down: Paid jobs").click()
    phone.locator("#rank-send").click()
    expect(phone.locator("#rank-feedback")).to_contain_text("We have your order")

    # Reworded after the order: the order stays on the same item, which says the new words.
    room.console("edit_outcome", outcome_id=first, text="Paid work, with support", easy_read="Work")
    expect(items.nth(1)).to_have_text("Work")
    [sent] = [json.loads(r["option_ids"]) for r in room.rows("SELECT option_ids FROM rankings")]
    snap = room.facilitator.get(f"{room.api}/snapshot").json()["rankings"][str(ranking["id"])]
    assert sent[1] == next(o["id"] for o in snap["options"] if o["outcome_id"] == first)
    assert axe_violations(phone) == []
    shoot(phone, "phone-easy-read")

    # A provider's order that levels the first two with the carer's [b, a, c]:
    # a and b share the first place (1, 1, 3), in the list's order.
    provider = room.attendee("provider")
    ids = [o["id"] for o in snap["options"]]
    reply = provider.post(f"{room.api}/rankings", json={"question_id": ranking["id"], "order": ids})
    assert reply.status_code == 201, reply.text
    room_list = board.locator(".rank-room .rank-standing li")
    expect(room_list).to_have_count(3)
    expect(room_list.first).to_contain_text("Level 1st: Paid work, with support")
    values = room_list.evaluate_all("els => els.map(e => e.value)")
    assert values == [1, 1, 3], values
    expect(board.locator(".rank-room .rank-level")).to_have_text(["Level 1st: ", "Level 1st: "])
    assert axe_violations(board) == []
    shoot(board, "board-level")

    # The console: the same places, and no false "none yet" coverage for a ranking.
    console = chromium.new_context(viewport=LAPTOP, bypass_csp=True).new_page()
    console.goto(new_workshop["console_url"])
    console.locator("#tab-results").click()
    console.locator("#results-question").select_option(str(ranking["id"]))
    expect(console.locator("#results .rank-room .rank-level")).to_have_count(2)
    expect(console.locator("#results .rank-room .rank-standing li").first).to_contain_text(
        "Paid work, with support"
    )
    expect(console.locator("#coverage-scope")).to_contain_text("not for ideas")
    expect(console.locator("#coverage table")).to_have_count(0)
    expect(console.locator("#coverage")).not_to_contain_text("none yet")
    shoot(console, "console")
    # An ideas question still has its coverage table.
    console.locator("#results-question").select_option(str(question["id"]))
    expect(console.locator("#coverage table")).to_have_count(2)
    # Its results table gives the board's places, level ones shared (it numbered 1, 2, 3).
    expect(console.locator(".results-table tbody td:first-child")).to_have_text(
        ["1", "2 (level)", "2 (level)"]
    )
