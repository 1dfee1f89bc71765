"""The day at the size of a real room (issue 24): 90 phones and 150 ideas on
a real server, the board at 1920x1080 paged by the facilitator, the console
at 390x844 and 1366x768, and End that asks; in Debian's chromium."""

import contextlib
import json
import sqlite3

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.servers import server, workshop_cli

pytestmark = pytest.mark.browser

HD = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("day") / "day.db"
    with big_room.served(db) as built:
        assert built.facilitator.post(
            f"{built.api}/console/set_board_paging", json={"paused": True}
        ).ok
        yield built


def act(room, action, **body):
    reply = room.facilitator.post(f"{room.api}/console/{action}", json=body)
    assert reply.ok, reply.text
    return reply.json()


def ended(room):
    return room.rows("SELECT ended_at FROM workshops WHERE code = ?", (room.code,))[0]["ended_at"]


def pages_of(page):
    board = page.locator("main.board")
    return board.get_attribute("data-page"), board.get_attribute("data-pages")


def test_boards_turn_in_step_and_every_view_starts_at_page_one(chromium, room):
    context = chromium.new_context(viewport=HD)
    boards = [context.new_page(), context.new_page()]
    try:
        act(room, "set_board_view", view="ideas")
        for board in boards:
            board.goto(room.links["board_url"])
            expect(board.locator("#view .card").first).to_be_visible()
        assert int(pages_of(boards[0])[1]) > 2
        for to, wanted in (("next", "2"), ("next", "3"), ("previous", "2"), ("first", "1")):
            act(room, "turn_board_page", to=to)
            for board in boards:
                expect(board.locator("main.board")).to_have_attribute("data-page", wanted)
        act(room, "turn_board_page", to="next")
        act(room, "set_board_view", view="priority")
        for board in boards:
            expect(board.locator("main.board")).to_have_attribute("data-view", "priority")
            expect(board.locator("main.board")).to_have_attribute("data-page", "1")
        # Turning by themselves, the two boards show the same page at the same time.
        act(room, "set_board_paging", seconds=3, paused=False)
        boards[0].wait_for_timeout(4500)
        shown = [board.locator("main.board").get_attribute("data-page") for board in boards]
        if shown[0] != shown[1]:  # sampled across a turn: look again mid-page
            boards[0].wait_for_timeout(1500)
            shown = [board.locator("main.board").get_attribute("data-page") for board in boards]
        assert shown[0] == shown[1] != "1"
    finally:
        act(room, "set_board_paging", seconds=12, paused=True)
        context.close()


def test_the_results_show_the_top_ten_on_one_page_at_1080p(chromium, room):
    context = chromium.new_context(viewport=HD)
    page = context.new_page()
    try:
        act(room, "set_board_view", view="ideas")
        page.goto(room.links["board_url"])
        expect(page.locator("#view .card").first).to_be_visible()
        act(room, "turn_board_page", to="next")
        expect(page.locator("main.board")).to_have_attribute("data-page", "2")
        act(room, "set_board_view", view="results")
        expect(page.locator("main.board")).to_have_attribute("data-view", "results")
        expect(page.locator("main.board")).to_have_attribute("data-page", "1")
        ranks = page.locator("#view .result-rank").all_inner_texts()
        # The server's places: ideas level on votes share one (1, 2, 2, 4).
        snap = room.facilitator.get(f"{room.api}/snapshot").json()
        places = snap["orders"][str(room.question["id"])]["places"]["room"]
        assert ranks[:10] == [str(n) for n in places[:10]], ranks
        # Every one of them inside the wall, and its votes in view.
        inside = page.evaluate(
            """() => [...document.querySelectorAll('#view .result')].every(card => {
                 const lane = card.closest('.lane-cards').getBoundingClientRect();
                 const box = card.getBoundingClientRect();
                 const votes = card.querySelector('.votes').getBoundingClientRect();
                 return box.bottom <= lane.bottom + 1 && box.right <= lane.right + 1 &&
                   votes.right <= box.right && votes.width > 0;
               })"""
        )
        assert inside
    finally:
        act(room, "set_board_view", view="ideas")
        context.close()


HEADER = """() => {
  const header = document.querySelector('.console-header').getBoundingClientRect().height;
  // A word split across lines: its letters on more than one line.
  const split = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('[hidden]') || !parent.offsetParent) continue;
    const text = node.textContent;
    const re = /[\\p{L}\\p{N}'’]+/gu;  // a word's letters: a break at a hyphen or slash is no split
    let m;
    while ((m = re.exec(text))) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) split.push(m[0]);
    }
  }
  return { header, split };
}"""


@pytest.mark.parametrize("size", [(390, 844), (1366, 768)])
def test_the_console_header_takes_a_fifth_of_the_screen_and_words_wrap_whole(chromium, room, size):
    width, height = size
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(room.links["console_url"])
        expect(page.locator("#connection")).to_have_text("Live")
        for tab in ("Agenda", "Ideas", "Board", "Room and report"):
            page.get_by_role("tab", name=tab, exact=False).first.click()
            page.wait_for_timeout(200)
            seen = page.evaluate(HEADER)
            assert seen["header"] <= height / 5, (tab, seen["header"])
            assert seen["split"] == [], (tab, seen["split"][:5])
    finally:
        context.close()


def test_the_facilitator_runs_a_question_from_a_phone(chromium, room):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    try:
        page.goto(room.links["console_url"])
        expect(page.locator("#connection")).to_have_text("Live")
        next_up = room.questions[1]["text"]
        page.get_by_role("button", name="Next question").tap()
        expect(page.locator("#open-question")).to_contain_text(next_up[:30])
        page.get_by_role("tab", name="Board").tap()
        page.get_by_role("button", name="Results by role").tap()
        expect(page.locator("#panel-board .status")).to_contain_text("results")
        page.get_by_role("button", name="Next page").tap()
        expect(page.locator("#panel-board .status")).to_contain_text("went on a page")
    finally:
        act(room, "open_question", question_id=room.question["id"])
        act(room, "set_board_view", view="ideas")
        context.close()


def test_end_asks_first_and_offers_to_approve_what_is_pending(chromium, room):
    """Last in this module: it ends the workshop."""
    act(room, "set_approval", on=True)
    _, phone = room.phones[0]
    for n in range(3):
        sent = phone.post(
            f"{room.api}/ideas",
            json={"question_id": room.question["id"], "text": f"Transport to the day centre {n}"},
        )
        assert sent.status_code == 201, sent.text
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(room.links["console_url"])
        expect(page.locator("#connection")).to_have_text("Live")
        # Not beside the approval counter in the header: End is in the room's panel.
        assert page.locator(".console-header #end-workshop").count() == 0
        page.get_by_role("tab", name="Room and report").click()
        page.get_by_role("button", name="End the workshop").click()
        expect(page.locator("#end-question")).to_contain_text(
            "End the workshop for everyone? Pending ideas: 3"
        )
        page.get_by_role("button", name="Cancel").click()
        assert not ended(room)
        page.get_by_role("button", name="End the workshop").click()
        page.get_by_role("button", name="Approve the 3 pending ideas, then end").click()
        expect(page.locator("#end-workshop")).to_have_text("Reopen the workshop")
        pending = room.rows("SELECT COUNT(*) AS n FROM ideas WHERE status = 'pending'")
        assert pending[0]["n"] == 0
        assert ended(room)
    finally:
        context.close()


def test_times_typed_for_seven_questions_are_all_kept(chromium, tmp_path):
    """The organiser's agenda: each time is saved as it is typed, its confirmation
    beside it, and "Save all times" keeps every row (one "Save times" kept one)."""
    db = tmp_path / "agenda.db"
    workshop_cli("list", db=db)
    with server(db) as base:
        code = json.loads(workshop_cli("new", "Day services", "--json", db=db).stdout)["code"]
        link = workshop_cli("organiser", "--public-url", base, db=db).stdout.strip()
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            page.goto(link)
            page.wait_for_selector("#organiser:not([hidden])")
            page.get_by_role("button", name="Manage Day services").click()
            page.wait_for_selector("#manage:not([hidden]) #agenda li")
            rows = page.locator("#agenda .agenda-item")
            assert rows.count() == 7
            # The first as a person types it: into the box, then on to the next.
            rows.nth(0).locator("input").nth(0).fill("20")
            rows.nth(0).locator("input").nth(0).press("Tab")
            expect(rows.nth(0).locator(".saved-note")).to_have_text("Saved: 20 min")
            # The rest typed in one go (a break after the third), then one save.
            for n in range(1, 7):
                rows.nth(n).locator("input").nth(0).fill(str(10 + n))
            rows.nth(2).locator("input").nth(1).fill("15")
            page.get_by_role("button", name="Save all times").click()
            # Each row was saved as the next was typed; the button saves what is left.
            expect(page.locator("#timings-saved")).to_contain_text("saved")
            for n in range(1, 7):
                expect(rows.nth(n).locator(".saved-note")).to_contain_text(f"Saved: {10 + n} min")
            expect(rows.nth(2).locator(".saved-note")).to_have_text(
                "Saved: 12 min, then a 15 min break"
            )
            with contextlib.closing(sqlite3.connect(db)) as conn:
                minutes = [
                    r[0]
                    for r in conn.execute(
                        "SELECT minutes FROM questions q JOIN workshops w ON w.id = q.workshop_id"
                        " WHERE w.code = ? ORDER BY position",
                        (code,),
                    )
                ]
            assert minutes == [20, 11, 12, 13, 14, 15, 16]
        finally:
            context.close()


def test_the_organiser_sets_the_join_address_and_is_warned_of_a_lan_one(chromium, tmp_path):
    db = tmp_path / "address.db"
    workshop_cli("list", db=db)
    with server(db) as base:
        code = json.loads(workshop_cli("new", "Day services", "--json", db=db).stdout)["code"]
        link = workshop_cli("organiser", "--public-url", base, db=db).stdout.strip()
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            page.goto(link)
            page.wait_for_selector("#organiser:not([hidden])")
            page.get_by_role("button", name="Manage Day services").click()
            page.wait_for_selector("#manage:not([hidden]) #agenda li")
            # Started on 127.0.0.1: the page says so before anything is printed.
            expect(page.locator("#join-address-warning")).to_contain_text("this laptop's address")
            page.fill("#join-address", "http://192.168.1.20:5000")
            page.get_by_role("button", name="Save the join address").click()
            expect(page.locator("#join-address-now")).to_contain_text("http://192.168.1.20:5000/j/")
            expect(page.locator("#join-address-warning")).to_contain_text("print again on the day")
            page.fill("#join-address", "https://workshop.example.org")
            page.get_by_role("button", name="Save the join address").click()
            expect(page.locator("#join-address-warning")).to_be_hidden()
            with page.context.expect_page() as opened:
                page.get_by_role("link", name="Join poster").click()
            poster = opened.value
            poster.wait_for_load_state()
            assert poster.locator(".poster-address").inner_text() == (
                "Or go to workshop.example.org and type the code"
            )
            assert code in poster.locator(".poster-code").inner_text()
            poster.close()
        finally:
            context.close()
