"""The phone's vote list at the size of a real room (issue 24, items 1 and
10): 90 phones and 150 ideas on one question, on a 360x740 phone in Debian's
chromium, its CPU slowed four times (Chrome DevTools' CPU throttling, as on
a cheap Android phone). A search box, an order of each phone's own, "new
since you last looked", the person's dots always in view; easy read and
Listen still there. Timings are printed; limits are generous (the machine
is shared), the point is that a person finds an idea in seconds."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import axe_violations, join

# bypass_csp lets the tests inject axe-core; the page itself runs under the CSP.
pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True)]

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """One big room for the module: building it takes a while on a shared machine."""
    db = tmp_path_factory.mktemp("phone-room") / "room.db"
    with big_room.served(db) as built:
        yield built


def order(page):
    return page.eval_on_selector_all("#ideas li[data-idea]", "els => els.map(e => +e.dataset.idea)")


def visible_ideas(page):
    return page.eval_on_selector_all(
        "#ideas li[data-idea]", "els => els.filter(e => e.offsetParent).map(e => +e.dataset.idea)"
    )


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_a_person_finds_an_idea_in_seconds_at_150_ideas_on_a_throttled_phone(room, make_phone):
    phone = make_phone(throttle=4)
    started = time.monotonic()
    join(phone, room.links)
    expect(phone.locator("#ideas li[data-idea]")).to_have_count(150)
    loaded = time.monotonic() - started
    expect(phone.locator("#search-count")).to_have_text(
        "150 ideas. Each phone lists them in its own order."
    )
    # The list is not redrawn from scratch at every vote in the room: a
    # frame-budget check while 20 votes arrive from other phones.
    phone.evaluate("""() => {
        window.__long = [];
        new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push(e.duration)))
            .observe({ type: 'longtask', buffered: false });
    }""")
    voters = [room.attendee() for _ in range(20)]
    for session in voters:
        assert session.post(f"{room.api}/votes", json={"idea_id": room.ideas[0]["id"]}).ok
    phone.wait_for_timeout(1500)
    long_tasks = phone.evaluate("window.__long")

    target = room.ideas[136]  # "(idea 137)": a person looks for the one they remember
    words = " ".join(target["text"].split()[:3]) + " 137"
    search = phone.get_by_role("searchbox", name="Find an idea")
    started = time.monotonic()
    search.press_sequentially(words, delay=60)  # a person typing
    typed = time.monotonic() - started
    item = phone.locator(f"li[data-idea='{target['id']}']")
    expect(item).to_be_visible()
    found = time.monotonic() - started
    assert visible_ideas(phone) == [target["id"]]
    expect(phone.locator("#search-count")).to_have_text("1 idea matches.")
    shoot(phone, "phone-list-150-search-360")

    started = time.monotonic()
    item.get_by_role("button", name=re.compile("^Vote for")).click()
    expect(item.locator(".feedback")).to_contain_text("Vote counted.")
    voted = time.monotonic() - started
    search.fill("")
    expect(phone.locator("#ideas li[data-idea]:visible")).to_have_count(150)
    height = phone.evaluate("document.documentElement.scrollHeight")
    print(
        f"\n150 ideas, 360 px, CPU x4: list drawn {loaded * 1000:.0f} ms after opening the join link;"
        f" 20 votes from the room: {len(long_tasks)} long tasks, longest"
        f" {max(long_tasks, default=0):.0f} ms; typing {words!r} {typed * 1000:.0f} ms, idea found"
        f" {found * 1000:.0f} ms after the first key; vote to feedback {voted * 1000:.0f} ms;"
        f" page {height} px"
    )
    assert found < typed + 3, "the idea should show within a few seconds of typing"
    assert voted < 5
    assert max(long_tasks, default=0) < 1000


def test_each_phone_has_its_own_order_that_holds_still_and_the_dots_stay_in_view(room, make_phone):
    first, second = make_phone(), make_phone()
    join(first, room.links)
    join(second, room.links, "Care provider")
    expect(first.locator("#ideas li[data-idea]")).to_have_count(150)
    expect(second.locator("#ideas li[data-idea]")).to_have_count(150)
    mine, theirs = order(first), order(second)
    assert sorted(mine) == sorted(theirs)
    assert mine[:10] != theirs[:10]  # position bias averages out across the room
    newest_first = sorted(mine, reverse=True)
    assert mine != newest_first and mine != sorted(mine)
    first.reload()
    expect(first.locator("#ideas li[data-idea]")).to_have_count(150)
    assert order(first) == mine  # a person's own order never changes under them

    # Two dots spent far apart; the dots line stays on screen while scrolling.
    for n in (5, 140):
        item = first.locator(f"li[data-idea='{mine[n]}']")
        item.get_by_role("button", name=re.compile("^Vote for")).click()
        expect(item.get_by_role("button", name=re.compile("^Take my vote back"))).to_be_visible()
    first.mouse.wheel(0, 6000)
    first.wait_for_timeout(300)
    bar = first.locator(".vote-bar").bounding_box()
    assert 0 <= bar["y"] < 5, bar
    expect(first.locator("#dots-left")).to_have_text("You have 1 of 3 votes left.")
    mine_only = first.get_by_role("button", name="Only my votes (2)")
    expect(mine_only).to_be_in_viewport()
    mine_only.click()
    assert sorted(visible_ideas(first)) == sorted([mine[5], mine[140]])
    expect(first.get_by_role("button", name="Show every idea")).to_have_attribute(
        "aria-pressed", "true"
    )
    shoot(first, "phone-list-150-my-votes-360")
    first.get_by_role("button", name="Show every idea").click()
    expect(first.locator("#ideas li[data-idea]:visible")).to_have_count(150)


def test_new_since_you_last_looked_comes_first_and_survives_a_reload(room, make_phone):
    phone = make_phone()
    join(phone, room.links, "Family or unpaid carer")
    expect(phone.locator("#ideas li[data-idea]")).to_have_count(150)
    order_before = order(phone)
    author = room.phones[7][1]
    sent = [room.idea(author, room.question, f"Late idea number {n}") for n in range(3)]
    button = phone.locator("#show-new")
    expect(button).to_have_text("3 new ideas: show them")
    assert order(phone) == order_before  # nothing moved under a finger
    button.click()
    heading = phone.locator("#ideas li.idea-group").first
    expect(heading).to_have_text("New since you last looked")
    assert set(order(phone)[:3]) == {i["id"] for i in sent}
    heading.scroll_into_view_if_needed()
    shoot(phone, "phone-list-150-new-since-360")

    # Closed, then back later: what came in meanwhile is the new part.
    later = [room.idea(author, room.question, f"Idea sent while away {n}") for n in range(2)]
    phone.reload()
    expect(phone.locator("#ideas li[data-idea]")).to_have_count(155)
    expect(phone.locator("#ideas li.idea-group").first).to_have_text("New since you last looked")
    assert set(order(phone)[:2]) == {i["id"] for i in later}
    assert set(order(phone)[2:]) >= {i["id"] for i in sent}


def test_easy_read_goes_straight_to_the_ideas_with_listen_and_search(room, make_phone):
    phone = make_phone(easy=True)
    join(phone, room.links)
    expect(phone.locator("#question-text")).to_have_text(room.question["easy_read"])
    author = room.phones[3][1]
    # Ideas sent while the person is writing are not "120 new ideas. Show them."
    for n in range(4):
        room.idea(author, room.question, f"While writing {n}")
    phone.wait_for_timeout(500)
    phone.get_by_role("button", name="Next: see and vote").click()
    expect(phone.locator("#show-new")).to_be_hidden()
    total = phone.locator("#ideas li[data-idea]").count()
    expect(phone.locator("#search-count")).to_have_text(f"There are {total} ideas.")
    expect(phone.locator("#ideas li.idea-group").first).to_have_text("New ideas")
    first = phone.locator("#ideas li[data-idea]").first
    expect(first.get_by_role("button", name=re.compile("^Listen"))).to_be_visible()
    expect(first.get_by_role("button", name=re.compile("^Vote for this idea"))).to_be_visible()
    expect(phone.locator("#dots-left")).to_have_text("You have 3 votes left.")
    shoot(phone, "phone-list-150-easy-read-360")
    phone.get_by_role("searchbox", name="Find an idea").fill("sign language")
    expect(phone.locator("#search-count")).to_contain_text("ideas have these words.")
    shoot(phone, "phone-list-150-easy-read-search-360")
    for visible in visible_ideas(phone):
        assert (
            "sign language"
            in room.rows("SELECT text FROM ideas WHERE id = ?", (visible,))[0]["text"].lower()
        )
    phone.get_by_role("searchbox", name="Find an idea").fill("zzzz")
    expect(phone.locator("#search-count")).to_have_text("No ideas have these words. Try one word.")
    assert axe_violations(phone) == []


def test_a_new_question_starts_without_the_last_ones_thank_you(room, make_phone):
    phone = make_phone()
    join(phone, room.links, "Family or unpaid carer")
    phone.get_by_label("Your idea").fill("A thank-you that must not linger")
    phone.get_by_role("button", name="Send idea").click()
    expect(phone.locator("#idea-feedback")).to_have_text("Idea sent. Thank you.")
    second = room.open(1)
    expect(phone.locator("#question-text")).to_have_text(second["text"])
    expect(phone.locator("#idea-feedback")).to_have_text("")
    expect(phone.locator("#new-box-note")).to_contain_text("This is a new question")
