"""The board and console in a room the size of the framework's own workshop
(90 phones, 150 ideas on one question), built through the API of a real
server and looked at in Debian's chromium."""

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import AXE, focused
from harness.lines import LINES

pytestmark = pytest.mark.browser

HD = {"width": 1920, "height": 1080}
# The floor at 1920x1080, in CSS pixels.
FLOOR = {"question": 56, "idea": 44, "meta": 32, "code": 64}

MEASURE = """() => {
  const px = (sel) => { const n = document.querySelector(sel); return n ? parseFloat(getComputedStyle(n).fontSize) : 0; };
  const all = (sel) => [...document.querySelectorAll(sel)].map(n => parseFloat(getComputedStyle(n).fontSize));
  return {
    question: px('#question-text'), code: px('.join-code strong'),
    idea: Math.min(...all('#view .card-text')), meta: Math.min(...all('#view .card-meta')),
    scan: document.querySelector('.scan').textContent.trim(),
  };
}"""

# Any text cut off: a card's text taller than its box, or a card outside its lane.
CUT = """() => {
  const cut = [];
  document.querySelectorAll('#view .card').forEach(card => {
    const lane = card.closest('.lane-cards').getBoundingClientRect();
    const box = card.getBoundingClientRect();
    const text = card.querySelector('.card-text');
    if (text.scrollHeight > text.clientHeight + 1 || box.bottom > lane.bottom + 1 ||
        box.right > lane.right + 1 || box.left < lane.left - 1) cut.push(text.textContent.slice(0, 40));
  });
  if (document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth) cut.push('page scrolls');
  return cut;
}"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """One big room for the module: building it takes a while on a shared machine."""
    db = tmp_path_factory.mktemp("room") / "room.db"
    with big_room.served(db) as built:
        reply = built.facilitator.post(
            f"{built.api}/console/set_board_paging", json={"paused": True}
        )
        assert reply.ok
        # Every board shows the server's page: the pages turned while the room was built.
        assert built.facilitator.post(
            f"{built.api}/console/turn_board_page", json={"to": "first"}
        ).ok
        yield built


def board_page(chromium, room, viewport=HD, view="ideas"):
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{room.links['board_url']}?view={view}")
    expect(page.locator("#view .card").first).to_be_visible()
    return context, page


def shown_texts(room):
    return {
        r["text"]
        for r in room.rows(
            "SELECT text FROM ideas WHERE question_id = ? AND status = 'shown'",
            (room.question["id"],),
        )
    }


@pytest.mark.parametrize("view", ["ideas", "priority"])
def test_every_shown_idea_reaches_the_wall_within_two_page_cycles_readable_and_uncut(
    chromium, room, view
):
    context, page = board_page(chromium, room, view=view)
    try:
        pages = int(page.locator("main.board").get_attribute("data-pages"))
        assert pages > 1
        expect(page.locator("#page-indicator")).to_have_text(f"Page 1 of {pages} (paused)")
        # Wrapped in the side column, "Page 1 of 59" stays on one line (it
        # broke as "Page 1 of" / "59 · paused").
        lines = page.evaluate(LINES, "#page-indicator")
        assert lines[0] == f"Page 1 of {pages}", lines
        wanted = shown_texts(room)
        seen, smallest = set(), {k: float("inf") for k in FLOOR}
        for turn in range(2 * pages):
            if turn >= pages and wanted <= seen:
                break  # the second cycle only for what the first missed
            seen |= set(page.locator("#view .card-text").all_inner_texts())
            assert page.evaluate(CUT) == [], f"page {turn + 1}"
            sizes = page.evaluate(MEASURE)
            smallest = {k: min(smallest[k], sizes[k]) for k in FLOOR}
            page.keyboard.press("ArrowRight")
            expect(page.locator("main.board")).to_have_attribute(
                "data-page", str((turn + 1) % pages + 1)
            )
        missing = wanted - seen
        assert not missing, f"{len(missing)} ideas never reached the wall: {sorted(missing)[:3]}"
        # The smallest type on any page still meets the floor.
        assert all(smallest[k] >= FLOOR[k] for k in FLOOR), smallest
        print(f"\n{view}: {pages} pages for {len(seen)} ideas at 1920x1080; smallest {smallest}")
    finally:
        context.close()


def test_type_meets_the_floor_at_1080p_and_keeps_its_share_at_720p_and_4k(chromium, room):
    shares = {}
    for viewport in ({"width": 1280, "height": 720}, HD, {"width": 3840, "height": 2160}):
        context, page = board_page(chromium, room, viewport=viewport)
        try:
            sizes = page.evaluate(MEASURE)
            assert sizes["scan"] == "Scan to join"
            shares[viewport["height"]] = {k: sizes[k] / viewport["height"] for k in FLOOR}
            if viewport == HD:
                assert all(sizes[k] >= FLOOR[k] for k in FLOOR), sizes
                print(f"\nfont sizes at 1920x1080 (px): {sizes}")
            assert page.evaluate(CUT) == []
        finally:
            context.close()
    for height in (720, 2160):
        for key, share in shares[1080].items():
            assert abs(shares[height][key] - share) / share < 0.03, (height, key)


def test_pages_turn_by_themselves_at_the_facilitators_pace(chromium, room):
    context, page = board_page(chromium, room)
    try:
        api = f"{room.api}/console/set_board_paging"
        assert room.facilitator.post(api, json={"seconds": 3, "paused": False}).ok
        expect(page.locator("#page-indicator")).to_contain_text("Page 2 of")
        assert room.facilitator.post(api, json={"paused": True}).ok
        expect(page.locator("#page-indicator")).to_contain_text("paused")
    finally:
        room.facilitator.post(api, json={"seconds": 12, "paused": True})
        context.close()


def test_expert_by_experience_star_and_highlight_on_every_card_in_every_view(chromium, room):
    context, page = board_page(chromium, room)
    try:
        for view in ("ideas", "priority", "outcome", "role", "results"):
            page.goto(f"{room.links['board_url']}?view={view}")
            expect(page.locator("#view .card").first).to_be_visible()
            marks = []
            for _ in range(12):  # the first pages, until an expert's card has shown
                marks += page.locator("#view .card").evaluate_all(
                    """cards => cards.map(c => [c.classList.contains('card-ebe'),
                        !!c.querySelector('.star'), getComputedStyle(c).backgroundColor])"""
                )
                if any(m[0] for m in marks):
                    break
                page.keyboard.press("ArrowRight")
                page.wait_for_timeout(100)
            experts = [m for m in marks if m[0]]
            others = [m for m in marks if not m[0]]
            assert experts, view
            assert all(star for _, star, _ in experts), view
            assert {bg for _, _, bg in experts} == {"rgb(243, 234, 248)"}, view
            assert not any(star for _, star, _ in others), view
    finally:
        context.close()


def test_spotlight_then_closing_keeps_the_question_until_the_facilitator_moves_on(chromium, room):
    context, page = board_page(chromium, room)
    api = room.api
    idea = room.ideas[3]
    try:
        assert room.facilitator.post(
            f"{api}/console/spotlight_idea", json={"idea_id": idea["id"]}
        ).ok
        expect(page.locator(".spotlight-text")).to_have_text(idea["text"])
        assert room.facilitator.post(f"{api}/console/spotlight_idea", json={}).ok
        expect(page.locator(".spotlight")).to_have_count(0)
        assert room.facilitator.post(f"{api}/questions/{room.question['id']}/close").ok
        expect(page.locator("#question-stage")).to_contain_text("closed")
        expect(page.locator("#question-text")).to_have_text(room.question["text"])
        expect(page.locator("#view .card").first).to_be_visible()
        assert room.facilitator.post(f"{api}/console/set_board_waiting", json={"on": True}).ok
        expect(page.locator("#question-text")).to_have_text("Waiting for the next question…")
    finally:
        room.facilitator.post(f"{api}/console/set_board_waiting", json={"on": False})
        room.facilitator.post(f"{api}/questions/{room.question['id']}/open")
        context.close()


def axe(page):
    """Every axe-core violation, of any impact."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]


def test_axe_finds_nothing_on_any_board_view_or_console_panel(chromium, room):
    context, page = board_page(chromium, room)
    try:
        for view in ("ideas", "priority", "outcome", "role", "results"):
            page.goto(f"{room.links['board_url']}?view={view}")
            expect(page.locator("#view .card").first).to_be_visible()
            assert axe(page) == [], view
        console = context.new_page()
        console.set_viewport_size({"width": 1440, "height": 900})
        console.goto(room.links["console_url"])
        expect(console.locator("#connection")).to_have_text("Live")
        for tab in console.get_by_role("tab").all():
            tab.click()
            expect(tab).to_have_attribute("aria-selected", "true")
            console.wait_for_timeout(200)
            assert axe(console) == [], tab.inner_text()
    finally:
        context.close()


def test_a_keyboard_only_console_run_never_loses_focus(chromium, room):
    """Next, approve, reveal and spotlight with the keyboard alone; votes keep
    arriving, and the focus stays on a control throughout."""
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    api = room.api
    try:
        room.facilitator.post(f"{api}/console/set_approval", json={"on": True})
        room.facilitator.post(f"{api}/console/hide_results", json={})
        page.goto(room.links["console_url"])
        expect(page.locator("#connection")).to_have_text("Live")
        lost = []
        page.locator("#next-question").focus()
        # Each time focus is seen on the body, what held it before (for the message).
        page.evaluate(
            """() => { window.lostFocus = 0; window.lostAfter = []; var last = "";
                 document.addEventListener("focusin", (e) => {
                   last = e.target.tagName + "#" + e.target.id + " " +
                     (e.target.getAttribute("aria-label") || e.target.textContent || "").slice(0, 40);
                 });
                 setInterval(() => {
                   if (document.activeElement === document.body) {
                     window.lostFocus += 1; window.lostAfter.push(last); }
                 }, 20); }"""
        )
        # Next: open the question after the big one.
        page.keyboard.press("Enter")
        expect(page.locator("#open-question")).to_contain_text(room.questions[1]["text"][:40])
        # An idea waits for approval; approve it from the queue by keyboard.
        _, phone = room.phones[0]
        sent = phone.post(
            f"{api}/ideas",
            json={"question_id": room.questions[1]["id"], "text": "Count the hours of support"},
        )
        assert sent.status_code == 201, sent.text
        expect(page.locator("#pending-count")).to_be_visible()
        page.locator("#pending-count").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#tab-queue")).to_be_focused()
        approve = page.get_by_role("button", name="Approve: Count the hours of support")
        # Tab once the queue is drawn, as a person would: tabbing before it is runs
        # past "Approve all", the last control, into the browser's own (the body).
        expect(approve).to_be_visible()
        for _ in range(20):
            page.keyboard.press("Tab")
            if focused(page).startswith("button:Approve: Count"):
                break
        assert focused(page).startswith("button:Approve: Count"), focused(page)
        # Votes arriving while a button is focused must not take the focus away.
        for _, session in room.phones[1:6]:
            session.post(f"{api}/votes", json={"idea_id": room.ideas[0]["id"]})
        page.wait_for_timeout(500)
        expect(approve).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("#panel-queue .status")).to_contain_text("Approved")
        assert focused(page) != "body:", "focus fell to the page after approving"
        # Reveal the results.
        page.keyboard.press("Alt+Shift+KeyR")
        expect(page.locator(".console-header .status")).to_contain_text("Results revealed")
        # Spotlight an idea from the ideas list.
        page.locator("#tab-ideas").focus()
        page.keyboard.press("Enter")
        spot = page.get_by_role("button", name="Spotlight: Count the hours of support")
        # As a person would, tab once the button is there: tabbing before the list is
        # drawn runs past the last control into the browser's own (the body has focus).
        expect(spot).to_be_visible()
        for _ in range(40):
            page.keyboard.press("Tab")
            if focused(page).startswith("button:Spotlight: Count"):
                break
        page.keyboard.press("Enter")
        expect(spot).to_have_attribute("aria-pressed", "true")
        expect(spot).to_be_focused()
        lost.append(page.evaluate("window.lostFocus"))
        after = page.evaluate("window.lostAfter")
        assert lost == [0], f"focus was on the page body during the run, after: {after}"
    finally:
        room.facilitator.post(f"{api}/console/spotlight_idea", json={})
        room.facilitator.post(f"{api}/console/set_approval", json={"on": False})
        room.facilitator.post(f"{api}/console/reveal_results", json={})
        room.facilitator.post(f"{api}/questions/{room.question['id']}/open")
        context.close()


def test_end_shows_live_on_a_phone_and_the_board_and_the_join_page_refuses(chromium, room):
    context, board = board_page(chromium, room)
    phone_context = chromium.new_context(viewport={"width": 360, "height": 740})
    phone = phone_context.new_page()
    api = room.api
    try:
        phone.goto(room.links["join_url"])
        phone.get_by_label("Care provider").check()
        phone.locator("form.stack button[type=submit]").click()
        expect(phone.locator("#question-text")).to_be_visible()
        assert room.facilitator.post(f"{api}/console/end_workshop", json={}).ok
        expect(phone.locator("#ended-heading")).to_have_text(
            "This workshop has ended. Thank you.", use_inner_text=True
        )
        expect(phone.locator("#question-area")).to_be_hidden()
        expect(board.locator("#question-text")).to_have_text("This workshop has ended. Thank you.")
        expect(board.locator("#join-qr")).to_be_hidden()
        late = chromium.new_page()
        late.goto(room.links["join_url"])
        late.get_by_label("Care provider").check()
        late.locator("form.stack button[type=submit]").click()
        expect(late.locator(".error-message")).to_contain_text(
            "This workshop has ended. Thank you."
        )
        late.close()
    finally:
        room.facilitator.post(f"{api}/console/reopen_workshop", json={"confirm": True})
        phone_context.close()
        context.close()
