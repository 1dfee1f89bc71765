"""Easy read first (issue 25, items 3, 6 and 7) in a real phone-sized chromium:
the join page offers both ways of reading side by side with pictures and the
phone keeps the choice; the organiser can make easy read the workshop's
default; easy read has no jargon left on the supporter list, outreach or the
waiting page; and a picture stands beside errors, Yes and No, risk sizes,
the Vote buttons, the kept words and the ended page."""

import json
import re
from datetime import date, timedelta

import pytest
import requests
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join, to_vote
from harness.browser import PHONE
from harness.servers import workshop_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def phone_axe(chromium):
    # bypass_csp lets the test inject axe-core; the pages themselves run under the CSP.
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def shown_text(page, selector="main"):
    return page.locator(selector).inner_text()


def background_of(page, selector, pseudo="::before"):
    return page.evaluate(
        "([s, p]) => getComputedStyle(document.querySelector(s), p).backgroundImage",
        [selector, pseudo],
    )


def organiser_session(base, db):
    link = workshop_cli("organiser", "--public-url", base, db=db).stdout.strip()
    session = requests.Session()
    session.headers["Origin"] = base
    key = link.split("#key=")[1]
    assert session.post(f"{base}/api/organiser/session", json={"key": key}).ok
    return session, link


def test_the_join_page_offers_both_side_by_side_and_the_phone_keeps_the_choice(
    phone_axe, new_workshop
):
    page = phone_axe
    page.goto(new_workshop["join_url"])
    choice = page.locator("#reading-choice")
    expect(choice).to_be_visible()
    easy = choice.locator("[data-reading=easy]")
    standard = choice.locator("[data-reading=standard]")
    # Side by side on a 360 px phone, easy read first (on the left), each with its picture.
    easy_box, standard_box = easy.bounding_box(), standard.bounding_box()
    assert abs(easy_box["y"] - standard_box["y"]) < 2
    assert easy_box["x"] + easy_box["width"] <= standard_box["x"]
    for option in (easy, standard):
        picture = option.locator("img")
        expect(picture).to_be_visible()
        assert picture.get_attribute("alt") == ""  # the words beside it say the same
        assert page.evaluate("(img) => img.naturalWidth > 0", picture.element_handle())
    expect(easy).to_have_attribute("aria-pressed", "false")
    expect(standard).to_have_attribute("aria-pressed", "true")
    assert axe_violations(page) == []

    easy.click()
    expect(page.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))
    expect(easy).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#reading-kept")).to_have_text("Your phone will remember this.")
    expect(page.locator("#easy-read-toggle")).to_be_checked()
    assert axe_violations(page) == []
    # Remembered on the phone: the next page load opens in easy read...
    page.reload()
    expect(page.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))
    expect(page.locator("[data-reading=easy]")).to_have_attribute("aria-pressed", "true")
    # ...and so does the standard choice.
    page.locator("[data-reading=standard]").click()
    expect(page.locator("body")).not_to_have_class(re.compile(r"\beasy-read\b"))
    page.reload()
    expect(page.locator("[data-reading=standard]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\beasy-read\b"))
    # The choice goes on with the phone into the workshop.
    page.locator("[data-reading=easy]").click()
    page.get_by_label("I get care and support").check()
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))


def test_the_organiser_makes_easy_read_the_default_and_a_choice_still_wins(
    chromium, live_server, new_workshop
):
    base, db = live_server
    laptop = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = laptop.new_page()
        _, link = organiser_session(base, db)
        page.goto(link)
        page.wait_for_selector("#organiser:not([hidden])")
        page.get_by_role("button", name="Manage Browser test workshop").click()
        page.wait_for_selector("#manage:not([hidden]) #agenda li")
        expect(page.locator("#setup-easy-first")).not_to_be_checked()
        page.check("#setup-easy-first")
        page.get_by_role("button", name="Save the day's details").click()
        expect(page.locator("#status")).to_contain_text("The day's details are saved.")
        page.reload()
        page.wait_for_selector("#organiser:not([hidden])")
    finally:
        laptop.close()

    fresh = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = fresh.new_page()
        phone.goto(new_workshop["join_url"])
        # No choice made on this phone: the workshop's default, easy read.
        expect(phone.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))
        expect(phone.locator("[data-reading=easy]")).to_have_attribute("aria-pressed", "true")
        expect(phone.locator("#easy-read-toggle")).to_be_checked()
        # The person's own choice wins over the default, and is kept.
        phone.locator("[data-reading=standard]").click()
        phone.reload()
        expect(phone.locator("body")).not_to_have_class(re.compile(r"\beasy-read\b"))
    finally:
        fresh.close()


def test_the_facilitator_makes_easy_read_the_default_from_the_console(
    chromium, desktop, new_workshop
):
    desktop.goto(new_workshop["console_url"])
    expect(desktop.locator("#connection")).to_have_text("Live")
    desktop.get_by_role("tab", name="Board").click()
    toggle = desktop.locator("#easy-first-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(desktop.locator("#panel-board .status")).to_have_text(
        "Phones that have not chosen now open in easy read."
    )
    fresh = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = fresh.new_page()
        phone.goto(new_workshop["join_url"])
        expect(phone.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))
        desktop.locator("#easy-first-toggle").uncheck()
        expect(desktop.locator("#panel-board .status")).to_have_text(
            "Phones that have not chosen now open in the standard words."
        )
        other = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        try:
            page = other.new_page()
            page.goto(new_workshop["join_url"])
            expect(page.locator("[data-reading=standard]")).to_have_attribute(
                "aria-pressed", "true"
            )
            expect(page.locator("body")).not_to_have_class(re.compile(r"\beasy-read\b"))
        finally:
            other.close()
    finally:
        fresh.close()


def test_easy_read_has_no_jargon_on_the_supporter_list_outreach_or_the_waiting_page(
    phone_axe, live_server
):
    base, db = live_server
    links = json.loads(
        workshop_cli("new", "HC-2027 lot 3 tender", "--json", "--public-url", base, db=db).stdout
    )
    page = phone_axe
    page.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
    page.goto(links["join_url"])
    page.locator("details.supporter-choice summary").click()
    options = page.locator("#supporter-role option").all_inner_texts()
    assert options[0] == "I am not helping anyone"
    assert "I work for the council. I plan care services." in options
    assert "I work for a company that gives care" in options
    for word in ("Commissioner", "Care provider", "supporter"):
        assert not any(word in o for o in options), (word, options)
    assert axe_violations(page) == []
    # Standard wording comes back when the switch is turned off.
    page.uncheck("#easy-read-toggle")
    assert page.locator("#supporter-role option").first.inner_text() == "I am not a supporter"
    page.check("#easy-read-toggle")

    # Outreach: the raw title and "priority" are not in easy read.
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
        db=db,
    )
    page.get_by_label("I get care and support").first.check()
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_selector(".outreach-question")
    page.locator(".outreach-question details summary").first.click()
    text = shown_text(page, "body")
    assert "HC-2027" not in text and "A meeting about care services" in text
    assert "priority" not in text.lower()
    assert "What is it about?" in text and "Your choice goes in the report." in text
    assert axe_violations(page) == []

    # The waiting page: the door is locked, a new phone waits; no "facilitator".
    room = Room(base, db, links)
    room.console("lock_door", on=True)
    waiting = page.context.browser.new_context(viewport=PHONE)
    try:
        other = waiting.new_page()
        other.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
        other.goto(links["join_url"])
        other.get_by_label("I get care and support").check()
        other.locator("form.stack button[type=submit]").click()
        expect(other.locator("#door-heading")).to_be_visible()
        text = shown_text(other)
        assert "facilitator" not in text.lower()
        assert "The person running the meeting will let you in soon." in text
    finally:
        waiting.close()


def test_pictures_beside_errors_consent_votes_risks_kept_words_and_the_end(
    phone_axe, live_server, new_workshop
):
    base, db = live_server
    room = Room(base, db, new_workshop)
    question = room.open(0)
    room.idea(room.attendee("carer"), question, "More time with the same carer")
    page = phone_axe
    page.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
    join(page, new_workshop, role_label="I get care and support")

    # The tag: said honestly, a choice that goes into the report.
    summary = page.locator("#idea-form details.tags summary")
    assert "picture" not in summary.inner_text()
    summary.click()
    expect(page.locator("#idea-form .tag-note")).to_contain_text("Your choice goes in the report.")

    # An error: "Please write something first." with its picture.
    page.locator("#idea-send").click()
    expect(page.locator("#idea-error")).to_have_text("Please write something first.")
    assert "problem.svg" in background_of(page, "#idea-error")

    # Yes and No of the story's consent.
    page.locator("#story-area summary").click()
    for answer in ("yes", "no"):
        picture = page.locator(f"label[for=quote-{answer}] img")
        expect(picture).to_be_visible()
        assert picture.get_attribute("src").endswith(f"/symbols/{answer}.svg")

    # The Vote button and "Take my vote back", each with its picture.
    to_vote(page)
    vote = page.locator("#ideas .idea-actions > button:not(.listen)").first
    expect(vote).to_have_text("Vote for this")
    assert "vote.svg" in background_of(page, "#ideas .idea-actions > button:not(.listen)")
    vote.click()
    expect(vote).to_have_text("Take my vote back")
    assert "take-back.svg" in background_of(page, "#ideas .idea-actions > button:not(.listen)")
    assert axe_violations(page) == []

    # Kept words: each of the three choices has its picture.
    page.locator("#to-write").click()
    page.fill("#idea-text", "Carers who stay")
    room.console("close_question", question_id=question["id"])
    # The closed question stays until the person chooses (issue 25 item 1).
    page.locator("#news-follow").click()
    expect(page.locator("#kept")).to_be_visible()
    # (Moving them to a question shows once one is open.)
    assert page.locator("#kept-to-question img.er-pic").count() == 1
    for button in ("kept-to-story", "kept-delete"):
        expect(page.locator(f"#{button} img.er-pic")).to_be_visible()
    assert axe_violations(page) == []

    # The end: a picture on the heading and beside each easy-read sentence.
    room.console("end_workshop")
    expect(page.locator("#ended")).to_be_visible()
    expect(page.locator("#ended-heading img.er-pic")).to_be_visible()
    # Easy read says "meeting" throughout, its heading too.
    expect(page.locator("#ended-heading")).to_have_text(
        "The meeting has ended. Thank you.", use_inner_text=True
    )
    # Two lines, each with its picture; the lines for votes not counted, for
    # a ranking's order not counted and for votes taken back that still count
    # have one too, hidden while nothing was refused (test_browser_phone_ended,
    # test_browser_phone_ended_votes, test_browser_phone_ended_ranking).
    assert page.locator("#ended .for-easy-read .er-line img:visible").count() == 2
    assert page.locator("#ended-votes .er-line img").count() == 1
    assert page.locator("#ended-orders .er-line img").count() == 1
    assert page.locator("#ended-taken-back .er-line img").count() == 1
    assert axe_violations(page) == []


def test_risk_sizes_have_a_picture_each(phone_axe, live_server, new_workshop):
    base, db = live_server
    room = Room(base, db, new_workshop)
    first = room.open(0)
    seed = room.idea(room.attendee("carer"), first, "Local jobs for local people")
    room.console("carry_forward", idea_ids=[seed["id"]])
    risk = next(q for q in room.questions if q["stage"] == "plan" and q["kind"] == "risk")
    room.open(room.questions.index(risk))
    page = phone_axe
    page.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
    join(page, new_workshop, role_label="I get care and support")
    expect(page.locator("#plan-rating")).to_be_visible()
    for size, words in (("low", "Small"), ("medium", "Medium"), ("high", "Big")):
        label = page.locator(f"label[for=rating-{size}]")
        expect(label).to_contain_text(words)
        picture = label.locator("img.er-pic")
        expect(picture).to_be_visible()
        assert picture.get_attribute("src").endswith(f"risk-{size}.svg")
        assert page.evaluate("(img) => img.naturalWidth > 0", picture.element_handle())
    assert axe_violations(page) == []
