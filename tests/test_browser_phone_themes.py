"""Phones after themes are accepted (issue 22 item 5, issue 24 items 1 and 2),
at the size of a real room: 90 phones and 150 ideas on one question, a
360x740 phone in Debian's chromium. The vote list grouped by theme (easy read
and standard), a theme label with HTML shown as text, "that is not what I
meant" reaching a console live, a reconnecting phone catching up on themes,
and the approval queue approving a theme at a time."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import axe_violations, join, to_vote, to_write
from harness.browser import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LABEL = big_room.MARKUP_LABEL


@pytest.fixture(scope="module")
def room(full_room):
    return full_room


@pytest.fixture
def make_page(chromium):
    contexts = []

    def make(easy=False, viewport=PHONE):
        context = chromium.new_context(
            viewport=viewport, is_mobile=viewport is PHONE, has_touch=True, bypass_csp=True
        )
        context.add_init_script(
            f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')"
        )
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError(d.message)))
        return page

    yield make
    for context in contexts:
        context.close()


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def headings(page):
    return page.eval_on_selector_all(
        "#ideas li.idea-group:not([hidden]) h3", "els => els.map(e => e.textContent)"
    )


def test_easy_read_phone_groups_by_theme_and_not_what_i_meant_reaches_the_console(room, make_page):
    ids = [i["id"] for i in room.ideas]
    phone = make_page(easy=True)
    phone.add_init_script("""
        window.__spoken = [];
        if (window.speechSynthesis) {
          window.speechSynthesis.speak = (u) => { window.__spoken.push(u.text); };
        }
    """)
    join(phone, room.links)
    to_write(phone)
    phone.locator("#idea-text").fill("Jobs that pay for people who get care")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-feedback")).not_to_be_empty()
    mine = room.rows(
        "SELECT id FROM ideas WHERE text = ?", ("Jobs that pay for people who get care",)
    )
    mine = mine[0]["id"]

    console = make_page(viewport={"width": 1366, "height": 768})
    console.goto(room.links["console_url"])
    expect(console.locator("#connection")).to_have_text("Live")

    big_room.accept_themes(
        room,
        [{"label": LABEL, "ideas": [mine, *ids[:60]]}, {"label": "Travel", "ideas": ids[60:110]}],
    )
    to_vote(phone)
    # Grouped: the person's own idea first, then the two themes (in this phone's
    # order), then the 40 ideas in no theme under their own heading.
    expect(phone.locator("#ideas li.idea-group h3", has_text="Ideas about: Travel")).to_be_visible()
    found = headings(phone)
    assert found[0] == "Your ideas" and found[-1] == "Other ideas", found
    assert sorted(found[1:3]) == sorted([f"Ideas about: {LABEL}", "Ideas about: Travel"])
    assert phone.locator("#ideas b, #ideas img[src='x']").count() == 0  # the label is text
    expect(phone.locator("#ideas li[data-idea]")).to_have_count(151)
    listed = phone.eval_on_selector_all(
        "#ideas li[data-idea]", "els => els.map(e => e.dataset.idea)"
    )
    assert len(set(listed)) == 151  # each idea once

    own = phone.locator(f"li[data-idea='{mine}']")
    expect(own.locator(".theme-line")).to_have_text(f"Your idea is in this group: {LABEL}.")
    own.evaluate("e => e.scrollIntoView({block: 'start'})")
    shoot(phone, "phone-themes-easy-read-360-own")
    phone.locator("#ideas li.idea-group").nth(1).evaluate("e => e.scrollIntoView({block: 'start'})")
    shoot(phone, "phone-themes-easy-read-360")
    assert axe_violations(phone) == []
    # Listen on a person's own idea says which theme it went into too.
    own.locator(".listen").click()
    spoken = phone.evaluate("window.__spoken")
    assert spoken and spoken[-1].endswith(f"Your idea is in this group: {LABEL}.")

    # Search still works across the groups, headings following what is shown.
    search = phone.get_by_role("searchbox")
    search.fill("idea 137")
    expect(phone.locator("#ideas li[data-idea]:visible")).to_have_count(1)
    search.fill("")

    button = own.get_by_role("button", name=re.compile("^That is not what I meant"))
    button.dblclick()  # a double tap counts once
    expect(own.locator(".feedback")).to_have_text(
        "Thank you. The person running the day will see this."
    )
    expect(own.locator(".theme-said")).to_be_visible()
    console.get_by_role("tab", name=re.compile("Ideas")).click()
    expect(console.locator("#not-meant-count")).to_contain_text("1 idea: its author says")
    expect(console.locator(f"li[data-idea-id='{mine}'] .not-meant-note")).to_be_visible()
    shoot(console, "console-not-meant-1366")
    rows = room.rows("SELECT not_meant_at FROM ideas WHERE not_meant_at IS NOT NULL")
    assert len(rows) == 1
    events = room.rows("SELECT type FROM events WHERE type = 'idea_not_meant'")
    assert len(events) == 1
    # After a reload the phone still knows its idea and what it said.
    phone.reload()
    to_vote(phone)
    expect(own.locator(".theme-said")).to_be_visible()


def test_standard_phone_catches_up_on_themes_after_a_dropped_connection(room, make_page):
    phone = make_page()
    join(phone, room.links)
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Offline")
    ids = [i["id"] for i in room.ideas]
    big_room.accept_themes(room, [{"label": "Lunch & <i>clubs</i>", "ideas": ids[110:140]}])
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(
        phone.locator("#ideas li.idea-group h3", has_text="Theme: Lunch & <i>clubs</i>")
    ).to_be_visible()
    assert phone.locator("#ideas i").count() == 0
    expect(phone.locator("#ideas li.idea-group h3", has_text="Ideas in no theme")).to_be_visible()
    heading = phone.locator("#ideas li.idea-group", has_text="Lunch")
    heading.evaluate("e => e.scrollIntoView({block: 'start'})")
    shoot(phone, "phone-themes-standard-360")
    assert axe_violations(phone) == []


def test_the_approval_queue_approves_a_theme_at_a_time(room, make_page):
    room.console("set_approval", on=True)
    try:
        writer = room.attendee("carer")
        texts = [
            "Paid jobs for people who get care",
            "paid work for people who receive care and support",
            "I want a job. I want to earn money.",
            "Respite for family carers so they get a break",
            "Short breaks for carers who look after family",
            "A break for carers, a weekend off",
        ]
        waiting = [room.idea(writer, room.question, t)["id"] for t in texts]
        console = make_page(viewport={"width": 1366, "height": 768})
        console.goto(room.links["console_url"])
        expect(console.locator("#connection")).to_have_text("Live")
        console.get_by_role("tab", name=re.compile("Approval")).click()
        console.get_by_role("button", name="Group the waiting ideas by theme").click()
        first = console.locator(".queue-theme").first
        expect(first).to_be_visible()
        shoot(console, "console-queue-by-theme-1366")
        label = first.locator(".queue-theme-label").text_content()
        n = int(re.search(r"\((\d+) idea", label)[1])
        first.get_by_role("button", name=re.compile("^Approve these")).click()
        expect(console.locator("#pending li.mod-idea")).to_have_count(len(waiting) - n)
        shown = room.rows(
            f"SELECT id FROM ideas WHERE status = 'shown' AND id IN ({','.join('?' * len(waiting))})",
            waiting,
        )
        assert len(shown) == n
    finally:
        room.console("set_approval", on=False)
