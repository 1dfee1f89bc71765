"""Outreach on a real phone-sized chromium: the same join link, a supporter
entering three people, easy read, and axe-core on every state."""

import json
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations
from harness.browser import PHONE
from harness.servers import workshop_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def phone_csp_free(chromium):
    # bypass_csp lets the test inject axe-core; the pages themselves run under the CSP.
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_a_supporter_enters_three_people_at_their_own_pace(phone_csp_free, live_server):
    base, db = live_server
    links = json.loads(
        workshop_cli("new", "Outreach", "--json", "--public-url", base, db=db).stdout
    )
    today = date.today()
    workshop_cli(
        "outreach",
        links["code"],
        "--from",
        today.isoformat(),
        "--to",
        (today + timedelta(days=13)).isoformat(),
        "--question",
        "1",
        "--question",
        "2",
        db=db,
    )
    page = phone_csp_free
    page.goto(links["join_url"])
    page.locator("details.supporter-choice summary").click()
    page.check("#role-person_receiving_care")
    page.select_option("#supporter-role", "provider")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_selector(".outreach-question")
    assert page.locator(".outreach-question").count() == 2
    assert "There is no timer" in page.inner_text("main")
    found = {"standard": axe_violations(page)}
    people = ("person_receiving_care", "carer", "person_receiving_care")
    for n, role in enumerate(people, start=1):
        if n > 1:
            page.check(f"#next-role-{role}")
            page.get_by_role("button", name="Start with the next person").click()
            page.wait_for_selector(".outreach-question")
            assert "You said" not in page.inner_text("main")  # a new person: nothing of the last
        page.locator("textarea").first.fill(f"Idea from person {n}")
        page.get_by_role("button", name="Send this answer").first.click()
        page.wait_for_selector(".ok-message")
    page.check("#easy-read-toggle")
    assert "Tell us what you think" in page.inner_text("main")
    found["easy read"] = axe_violations(page)
    assert found == {"standard": [], "easy read": []}
    room = Room(base, db, links)
    rows = room.rows(
        "SELECT p.role, p.origin, p.supporter_role, i.text, i.origin AS idea_origin, i.entered_by"
        " FROM participants p JOIN ideas i ON i.participant_id = p.id ORDER BY p.id"
    )
    assert [(r["role"], r["supporter_role"], r["text"]) for r in rows] == [
        (role, "provider", f"Idea from person {n}") for n, role in enumerate(people, start=1)
    ]
    assert {(r["origin"], r["idea_origin"], r["entered_by"]) for r in rows} == {
        ("outreach", "outreach", "supporter")
    }


def test_outreach_reads_aloud_in_easy_read_and_takes_a_story(chromium, live_server):
    """Issue 16: read aloud and easy read as in the room (easy-read.js), and a
    story with its quote consent, kept with origin outreach."""
    base, db = live_server
    links = json.loads(
        workshop_cli("new", "Outreach", "--json", "--public-url", base, db=db).stdout
    )
    today = date.today()
    window = ["--from", today.isoformat(), "--to", (today + timedelta(days=13)).isoformat()]
    workshop_cli("outreach", links["code"], *window, "--question", "1", db=db)
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script("""
        window.__spoken = [];
        if (window.speechSynthesis) {
          window.speechSynthesis.speak = (u) => { window.__spoken.push([u.text, u.lang]); };
        }
    """)
    page.goto(links["join_url"])
    page.check("#role-person_receiving_care")
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_selector(".outreach-question")
    listen = page.locator(".outreach-question .question-head > .listen")
    assert listen.is_visible()  # as in the room: Listen in either wording (issue 25)
    page.check("#easy-read-toggle")
    listen.click()
    spoken = page.evaluate("window.__spoken")  # nothing played by itself before; a sentence each
    question = page.locator(".outreach-question h2 .for-easy-read").first.inner_text()
    assert " ".join(text.strip() for text, _ in spoken) == question
    assert {lang for _, lang in spoken} == {"en-GB"}
    # The tags: one Listen for the first choice and the note about it, one for
    # the second; the note has no Listen of its own (two buttons in a row).
    tags = page.locator(".outreach-question details").first
    tags.locator("summary").click()
    expect(tags.locator(".listen:visible")).to_have_count(2)
    expect(tags.locator(".tag-note .listen")).to_have_count(0)
    note = tags.locator("fieldset").first
    read = page.evaluate("(f) => WorkshopListen.words(f).text", note.element_handle())
    assert "Your choice goes in the report." in read
    page.locator("#story summary").click()
    page.fill("#story-text", "Nobody came on Sunday.")
    page.get_by_role("button", name="Send my story").click()
    alert = page.locator("#story-error")
    alert.wait_for()
    # Easy read's own words (issue 25, item 8): not the standard message.
    assert alert.inner_text() == "Please pick Yes or No. Can we use your words?"
    assert page.locator("#story-text").input_value() == "Nobody came on Sunday."
    page.check("#quote-yes")
    page.get_by_role("button", name="Send my story").click()
    page.locator("#story .ok-message").wait_for()
    assert page.locator("#story").get_attribute("open") is not None
    room = Room(base, db, links)
    assert room.rows("SELECT text, may_quote, origin FROM stories") == [
        {"text": "Nobody came on Sunday.", "may_quote": 1, "origin": "outreach"}
    ]
    context.close()
