"""What an expert by experience tripped over walking the phone in easy read
at 360x740 (tools/screenshots_phone_walk.py), each on a real phone in both
wordings: a ranking question the facilitator adds during the day shows its
list (not an idea box it would refuse), whichever step the phone was on and
online or not when it opened; and "That is not what I meant" keeps the
person's place in the list (the focus and the scroll stay at their idea)."""

import re

import pytest
from playwright.sync_api import expect

from harness.attendee import axe_violations, focused, join, to_vote, to_write, wait_announced

pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True)]

THINGS = ["Paid jobs", "Buses after six", "Friends nearby"]
SENT = {
    False: "Your order is sent. You can change it and send it again.",
    True: "Thank you. We have your order. You can change it and send it again.",
}


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
@pytest.mark.parametrize("when", ["writing", "voting", "offline"])
def test_a_ranking_added_during_the_day_shows_its_list(room, new_workshop, make_phone, easy, when):
    """The phone joined on an ideas question; the facilitator adds a ranking
    question and opens it. The phone shows the list to put in order and sends
    it, whether it was on the write step, the vote step (easy read's second
    step), or offline when the question opened."""
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    if when == "voting":
        to_vote(phone)
    if when == "offline":
        phone.context.set_offline(True)
        expect(phone.locator("#connection")).not_to_have_text("Connected")
    added = room.console(
        "add_question", stage="plan", text="Which matters most?", kind="ranking", options=THINGS
    )["question"]
    room.console("open_question", question_id=added["id"])
    if when == "offline":
        phone.context.set_offline(False)

    expect(phone.locator("#question-text")).to_have_text("Which matters most?")
    expect(phone.locator(".rank-item")).to_have_count(3)
    expect(phone.locator(".rank-item .rank-text")).to_have_text(THINGS)
    expect(phone.locator("#rank-send")).to_be_visible()
    expect(phone.locator("#idea-text")).to_be_hidden()
    expect(phone.locator("#rank-coming")).to_be_hidden()
    assert axe_violations(phone) == []
    phone.locator(".rank-item").nth(2).locator(".rank-move").first.click()
    phone.locator("#rank-send").click()
    expect(phone.locator("#rank-feedback")).to_have_text(SENT[easy])
    rows = room.rows("SELECT option_ids FROM rankings WHERE question_id = ?", (added["id"],))
    assert len(rows) == 1


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_not_what_i_meant_keeps_the_person_at_their_idea(room, new_workshop, make_phone, easy):
    """Pressing "That is not what I meant" under one's own idea, far down the
    page: the button goes (said once), and the focus moves to the words that
    replace it in the same idea, not to the question at the top of the page
    (which scrolled the person away from the list they were reading)."""
    question = room.open(0)
    someone = room.attendee()
    others = [room.idea(someone, question, f"Buses after six, idea {n}")["id"] for n in range(12)]
    phone = make_phone(easy)
    join(phone, new_workshop)
    to_write(phone)
    phone.locator("#idea-text").fill("I want to keep the same carer")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-feedback")).not_to_be_empty()
    mine = room.rows("SELECT id FROM ideas WHERE text = 'I want to keep the same carer'")[0]["id"]
    groups = [
        {"label": "Jobs", "ideas": [mine, *others[:6]]},
        {"label": "Travel", "ideas": others[6:]},
    ]
    room.console("accept_themes", question_id=question["id"], groups=groups)
    to_vote(phone)
    own = phone.locator(f"li[data-idea='{mine}']")
    button = own.get_by_role("button", name=re.compile("^That is not what I meant"))
    button.scroll_into_view_if_needed()
    button.focus()
    button.press("Enter")  # a keyboard or switch user: the focus is where they are
    expect(own.locator(".theme-said")).to_be_visible()
    expect(own.locator(".feedback")).not_to_be_empty()
    phone.wait_for_timeout(500)
    assert own.evaluate("(li) => li.contains(document.activeElement)"), focused(phone)
    top = own.bounding_box()["y"]
    assert -own.bounding_box()["height"] < top < 740, top  # still on screen
    assert phone.evaluate("window.scrollY") > 0


SAVED = {
    False: "You are offline. Your order is saved and will be sent when you are back online.",
    True: "No internet. Your order is saved. It will send later.",
}


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_an_order_sent_offline_says_it_is_saved_and_the_list_reads_as_large(
    room, new_workshop, make_phone, easy
):
    """Offline, "Send my order" said nothing at all (the reply waits for the
    connection): now it says the order is saved and will be sent, beside the
    button and to a screen reader, as an idea's Send does; back online it is
    sent and said so. And the things to put in order are no smaller than the
    words around them (easy read's text is larger: they were not)."""
    added = room.console(
        "add_question", stage="plan", text="Which matters most?", kind="ranking", options=THINGS
    )["question"]
    room.console("open_question", question_id=added["id"])
    phone = make_phone(easy, announcements=True)
    join(phone, new_workshop)
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert phone.locator(".rank-text").first.evaluate(size) >= phone.locator("#rank-help").evaluate(
        size
    )
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_text("Connected")
    phone.locator(".rank-item").nth(1).locator(".rank-move").first.click()
    phone.locator("#rank-send").click()
    expect(phone.locator("#rank-feedback")).to_have_text(SAVED[easy])
    wait_announced(phone, SAVED[easy])
    assert room.rows("SELECT * FROM rankings") == []
    phone.context.set_offline(False)
    expect(phone.locator("#rank-feedback")).to_have_text(SENT[easy])
    assert len(room.rows("SELECT * FROM rankings")) == 1
