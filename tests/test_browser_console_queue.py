"""Moderation and merging at the size of a real room (issue 24, items 2 and
3), in Debian's chromium: 90 phones and 150 ideas waiting for approval; the
queue flags only those that need a human and approves the rest in one press;
phones say their idea is waiting, never "No ideas yet"; and a duplicate is
merged by searching for it, the same words suggested first."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import Room, axe_violations, join
from harness.servers import server, workshop_cli

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
NEEDS_A_LOOK = {
    "name": "Ask Mrs Patel at the day centre, she knows everyone",
    "contact": "Ring me about this on 07700 900123",
    "profanity": "The last provider was shit at turning up on time",
}


def serve(tmp_path_factory, approve_first):
    db = tmp_path_factory.mktemp("queue") / "room.db"
    workshop_cli("list", db=db)
    base_cm = server(db)
    base = base_cm.__enter__()
    links = json.loads(
        workshop_cli("new", "Home care, West Kent", "--json", "--public-url", base, db=db).stdout
    )
    if approve_first:
        Room(base, db, links).console("set_approval", on=True)
    return base_cm, base, db, links


@pytest.fixture(scope="module")
def queue_room(tmp_path_factory):
    """150 ideas from 90 phones, all waiting for approval, three of them needing a look."""
    cm, base, db, links = serve(tmp_path_factory, approve_first=True)
    try:
        built = big_room.build(base, db, links, votes_each=0)
        author = built.phones[0][1]
        built.flagged = {k: built.idea(author, built.question, t) for k, t in NEEDS_A_LOOK.items()}
        yield built
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture
def console(chromium):
    contexts = []

    def make(room):
        context = chromium.new_context(viewport=LAPTOP, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(room.links["console_url"])
        expect(page.locator("#connection")).to_have_text("Live")
        return page

    yield make
    for context in contexts:
        context.close()


def statuses(room):
    return {r["id"]: r["status"] for r in room.rows("SELECT id, status FROM ideas")}


def test_the_queue_flags_what_needs_a_look_and_approves_the_rest_in_one_press(
    queue_room, console, chromium
):
    room = queue_room
    phone_context = chromium.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        phone = phone_context.new_page()
        join(phone, room.links, "Care provider")
        phone.get_by_label("Your idea").fill("Lunch club on Fridays for everyone")
        phone.get_by_role("button", name="Send idea").click()
        waiting = phone.locator("#ideas li.idea-waiting")
        expect(waiting).to_contain_text("Your idea is waiting to be checked.")
        expect(phone.locator("#no-ideas")).to_be_hidden()
        expect(phone.get_by_text("No ideas yet")).to_have_count(0)

        page = console(room)
        long_ones = [i for i in room.ideas if len(i["text"]) > 300]
        expected_looks = len(long_ones) + len(NEEDS_A_LOOK)
        header = page.locator(".console-header")
        expect(header.locator("#pending-count")).to_have_text("154 ideas wait for approval")
        expect(header.locator("#queue-wait")).to_have_text(re.compile(r"^oldest waits "))
        page.get_by_role("tab", name=re.compile("^Approval queue")).click()
        expect(page.locator("#queue-summary")).to_have_text(
            f"{expected_looks} ideas need a look; {154 - expected_looks} have nothing found."
        )
        # Those that need a look come first, each saying why.
        first = page.locator("#pending > li").nth(0)
        expect(first.locator(".checks-flagged")).to_be_visible()
        looks = page.locator("#pending .checks-flagged")
        expect(looks).to_have_count(expected_looks)
        name = page.locator("#pending > li").filter(has_text="Mrs Patel")
        expect(name.locator(".checks")).to_contain_text("May name a person (Mrs Patel)")
        phone_no = page.locator("#pending > li").filter(has_text="07700")
        expect(phone_no.locator(".checks")).to_contain_text("Phone number or email")
        rude = page.locator("#pending > li").filter(has_text="turning up on time")
        expect(rude.locator(".checks")).to_contain_text("Word from the profanity list")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "console-queue-150-1366.png"))
        assert axe_violations(page) == []

        page.get_by_role(
            "button", name=f"Approve the {154 - expected_looks} ideas that need no look"
        ).click()
        expect(page.locator("#pending > li")).to_have_count(expected_looks)
        expect(page.locator("#pending .checks-clear")).to_have_count(0)
        now = statuses(room)
        for flagged in room.flagged.values():
            assert now[flagged["id"]] == "pending"
        assert sum(1 for s in now.values() if s == "shown") == 154 - expected_looks
        # The phone's own idea is approved: now an ordinary idea in its list.
        expect(waiting).to_have_count(0)
        expect(phone.locator("#ideas li[data-idea]")).to_have_count(154 - expected_looks)
    finally:
        phone_context.close()


def test_phones_say_ideas_show_once_checked_not_no_ideas_yet(tmp_path_factory, chromium):
    cm, base, db, links = serve(tmp_path_factory, approve_first=True)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        room = Room(base, db, links)
        question = room.open(0)
        room.idea(room.attendee(), question, "Somebody else's idea, still waiting")
        phone = context.new_page()
        join(phone, links)
        expect(phone.locator("#no-ideas")).to_have_text(
            "Ideas show here once the facilitator has checked them."
        )
        phone.get_by_label("Easy read").check()
        expect(phone.locator("#no-ideas")).to_have_text("Ideas show here when they are checked.")
    finally:
        context.close()
        cm.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shown_room(tmp_path_factory):
    cm, base, db, links = serve(tmp_path_factory, approve_first=False)
    try:
        built = big_room.build(base, db, links)
        author = built.phones[1][1]
        same = "Keep the same care worker every week, please"
        built.original = built.idea(author, built.question, same)
        built.copy = built.idea(built.phones[2][1], built.question, same)
        built.near = built.idea(
            built.phones[3][1], built.question, "Keep the same care worker evry week, please"
        )
        yield built
    finally:
        cm.__exit__(None, None, None)


def test_a_duplicate_is_flagged_and_merged_by_search(shown_room, console):
    room = shown_room
    page = console(room)
    page.get_by_role("tab", name="Ideas").click()
    copy = page.locator(f"#ideas > li[data-idea-id='{room.copy['id']}']")
    # The server's answer (GET /questions/ID/looks-like), for ideas there before the console.
    expect(copy.locator(".looks-like")).to_contain_text(
        f"Looks like #{room.original['id']} (same words)"
    )
    near = page.locator(f"#ideas > li[data-idea-id='{room.near['id']}']")
    expect(near.locator(".looks-like")).to_contain_text(
        f"Looks like #{room.original['id']} (near the same words)"
    )
    copy.get_by_role("button", name=re.compile("^Merge…")).click()
    search = page.get_by_role("searchbox", name=re.compile(f"^Merge #{room.copy['id']}"))
    expect(search).to_be_focused()
    # Before anything is typed: the same and nearly the same words, the same first.
    choices = page.locator(".merge-choice")
    expect(choices).to_have_count(2)
    expect(choices.nth(0)).to_contain_text(f"Same words#{room.original['id']}")
    expect(choices.nth(1)).to_contain_text(f"Nearly the same#{room.near['id']}")
    page.screenshot(path=str(SHOTS / "console-merge-search-1366.png"))
    # By #number, and by words among 150 ideas.
    target = room.ideas[41]
    search.fill(f"#{target['id']}")
    expect(choices.nth(0)).to_contain_text(f"#{target['id']} ")
    search.fill("sign language")
    expect(page.locator(".merge-form .hint")).to_contain_text("match")
    for n in range(choices.count()):
        assert "sign language" in choices.nth(n).inner_text().lower()
    search.fill("")
    assert axe_violations(page) == []
    choices.nth(0).get_by_role("button", name=f"Merge into #{room.original['id']}").click()
    expect(copy).to_have_count(0)
    [row] = room.rows("SELECT status, merged_into FROM ideas WHERE id = ?", (room.copy["id"],))
    assert row == {"status": "merged", "merged_into": room.original["id"]}


def test_a_merge_far_down_the_list_leaves_its_undo_where_it_was(shown_room, console):
    """At 1366x768, 40 ideas down, "Merge into #N" from a "looks like" mark: the
    card went, the panel's message ("you can undo it") was 2,700 px above, out
    of view, and the Undo merge under #N a screen or more away. Now a note takes
    the card's place, saying what happened, with Undo merge; focus goes on to
    the next idea, so the keyboard keeps working down the list."""
    room = shown_room
    page = console(room)
    page.get_by_role("tab", name="Ideas").click()
    items = page.locator("#ideas > li[data-idea-id]")
    expect(items.first).to_be_visible()
    marked = page.locator("#ideas > li[data-idea-id]", has=page.locator(".looks-like"))
    expect(marked.nth(30)).to_be_visible()
    item = marked.nth(30)
    idea_id = int(item.get_attribute("data-idea-id"))
    target = int(re.search(r"#(\d+)", item.locator(".looks-like p").inner_text()).group(1))
    following = item.evaluate("n => n.nextElementSibling.dataset.ideaId")
    item.get_by_role("button", name=re.compile(f"^Merge into #{target}")).click()
    note = page.locator("#ideas > li.gone-note")
    expect(note).to_contain_text(f"#{idea_id} merged into #{target}: “")
    expect(note).to_be_in_viewport()
    expect(page.locator("#panel-ideas > .status")).not_to_be_in_viewport()
    # On the next idea: its own "Merge into", or its first button if it has no mark.
    expect(page.locator(f"#ideas > li[data-idea-id='{following}'] button:focus")).to_have_count(1)
    [row] = room.rows("SELECT status, merged_into FROM ideas WHERE id = ?", (idea_id,))
    assert row == {"status": "merged", "merged_into": target}
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "console-merged-note-1366.png"))
    # Undone from the note: the idea is back in its place, the note gone.
    note.get_by_role("button", name=re.compile("^Undo merge: ")).click()
    expect(page.locator(f"#ideas > li[data-idea-id='{idea_id}']")).to_be_visible()
    expect(note).to_have_count(0)
    assert room.rows("SELECT status FROM ideas WHERE id = ?", (idea_id,)) == [{"status": "shown"}]


def test_suggested_themes_are_a_line_each_with_accept_in_view(shown_room, console):
    """At 1366x768 with 153 ideas: fifteen suggested themes ran 1,800 px (a name
    field, then "16 ideas" on a line of its own), with Accept below the last, two
    screens down. Now one line each, and the accept buttons held at the foot of
    the screen wherever the facilitator has scrolled to, over no theme."""
    page = console(shown_room)
    page.get_by_role("tab", name="Themes").click()
    page.get_by_role("button", name="Suggest themes").click()
    groups = page.locator(".suggested-group")
    expect(groups.first).to_be_visible(timeout=60_000)
    count = groups.count()
    assert count >= 5
    accept_all = page.get_by_role("button", name=f"Accept all {count}")
    bar = page.locator(".suggestion > .button-row")
    try:
        # At the top of the page, and scrolled to a theme halfway down the suggestion and the last.
        for at in (None, groups.nth(count // 2), groups.last):
            if at is not None:
                at.scroll_into_view_if_needed()
            expect(accept_all).to_be_in_viewport()
            expect(page.get_by_role("button", name="Accept the ticked themes")).to_be_in_viewport()
        heights = groups.evaluate_all("gs => gs.map(g => g.getBoundingClientRect().height)")
        assert max(heights) < 80, heights  # one line: tick, name, how many ideas
        # Scrolled to the end, the last theme shows above the buttons, not under them.
        last = groups.last.evaluate("n => n.getBoundingClientRect().bottom")
        assert last <= bar.evaluate("n => n.getBoundingClientRect().top") + 1
        page.screenshot(path=str(SHOTS / "console-themes-suggested-1366.png"))
    finally:
        page.get_by_role("button", name="Clear the suggestion").click()
