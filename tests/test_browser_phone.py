"""The attendee's phone in a real browser (Debian's chromium, 360x740): easy
read, ideas and votes, supporter entry and stories, bad Wi-Fi, reloads."""

import re

import pytest
from playwright.sync_api import expect

from harness.attendee import join
from harness.browser import no_dialogs

pytestmark = pytest.mark.browser


def mine(room, table, where=""):
    return room.rows(
        f"SELECT * FROM {table} WHERE participant_id = "
        "(SELECT MAX(id) FROM participants WHERE role = 'person_receiving_care')" + where
    )


def test_join_easy_read_idea_vote_and_take_back(room, new_workshop, phone):
    question = room.open(0)
    dialogs = no_dialogs(phone)
    join(phone, new_workshop)
    expect(phone.locator("#question-text")).to_have_text(question["text"])

    phone.get_by_label("Easy read").check()
    expect(phone.locator("body")).to_have_class(re.compile(r"\beasy-read\b"))
    expect(phone.locator("#question-text")).to_have_text(question["easy_read"])
    expect(phone.locator("#question-stage")).to_have_text("Look at what we do now")
    phone.reload()  # remembered on this phone, on every attendee page
    expect(phone.locator("#question-text")).to_have_text(question["easy_read"])
    expect(phone.get_by_label("Easy read")).to_be_checked()

    phone.get_by_label("Write your idea").fill("Paid jobs for us <script>alert(1)</script>")
    phone.get_by_text("You can say what your idea is about.").click()
    phone.get_by_role(
        "radio", name="Local Employment Jobs and training near where people live."
    ).check()
    phone.get_by_role("button", name="Send my idea").click()
    expect(phone.locator("#status")).to_have_text("Thank you. We got your idea.")
    expect(phone.locator("#idea-feedback")).to_have_text("Thank you. We got your idea.")
    expect(phone.get_by_label("Write your idea")).to_have_value("")
    # Easy read shows one thing at a time: write, then see and vote.
    expect(phone.locator("#ideas")).to_be_hidden()
    phone.get_by_role("button", name="Next: see and vote").click()
    idea = phone.locator("#ideas li").filter(has_text="Paid jobs for us")
    expect(idea.get_by_role("img", name="Local Employment")).to_be_visible()
    expect(idea).to_contain_text("★ From: someone who gets care and support.")

    idea.get_by_role("button", name="Vote for this idea: Paid jobs").click()
    expect(phone.locator("#status")).to_have_text("Your vote is counted. You have 2 votes left.")
    expect(phone.locator("#dots-left")).to_have_text("You have 2 votes left.")
    expect(idea).to_contain_text("1 vote")
    idea.get_by_role("button", name="Take my vote back from this idea: Paid jobs").click()
    expect(phone.locator("#status")).to_contain_text(
        "Your vote is taken back. You have 3 votes left."
    )
    expect(phone.locator("#dots-left")).to_have_text("You have 3 votes left.")

    [stored] = mine(room, "ideas")
    assert (stored["text"], stored["priority"], stored["entered_by"]) == (
        "Paid jobs for us <script>alert(1)</script>",
        "local_employment",
        "self",
    )
    [vote] = mine(room, "votes")
    assert vote["withdrawn_at"] is not None
    # A double tap on Vote counts once, not vote-then-take-back.
    idea.get_by_role("button", name="Vote for this idea: Paid jobs").dblclick()
    expect(phone.locator("#dots-left")).to_have_text("You have 2 votes left.")
    expect(phone.locator("#status")).to_contain_text("You have 2 votes left.")
    assert len(mine(room, "votes", " AND withdrawn_at IS NULL")) == 1

    second = room.open(1)  # announced in the live region, in easy read
    # Closed and opened, said once (issue 25): the new question never cuts off the closing.
    expect(phone.locator("#status")).to_have_text(
        "This question has closed. There is a new question. " + second["easy_read"]
    )
    expect(phone.locator("#question-text")).to_have_text(second["easy_read"])

    phone.goto(room.base + "/")  # the join-code page remembers easy read too
    expect(phone.get_by_role("heading", name="Join the meeting")).to_be_visible()
    assert dialogs == []


def test_offline_then_back_catches_up_and_stores_queued_items_once(room, new_workshop, phone):
    question = room.open(0)
    other = room.attendee("provider")
    before = room.idea(other, question, "Apprenticeships for care leavers")
    join(phone, new_workshop)
    expect(phone.locator("#ideas li")).to_have_count(1)
    phone.evaluate("window.notReloaded = true")

    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Offline")
    phone.get_by_label("Your idea").fill("Keep the buddy scheme")
    phone.get_by_role("button", name="Send idea").click()
    expect(phone.locator("#status")).to_contain_text("You are offline. Your idea is saved")
    expect(phone.locator("#outbox")).to_contain_text("Keep the buddy scheme")
    phone.get_by_role("button", name="Vote for: Apprenticeships").click()
    expect(phone.locator("#dots-left")).to_have_text("You have 2 of 3 votes left.")
    expect(phone.locator("#ideas")).to_contain_text(
        "Your vote will be sent when you are back online."
    )
    room.idea(other, question, "Idea while you were away")  # the room moves on meanwhile
    assert mine(room, "ideas") == [] and mine(room, "votes") == []

    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(phone.locator("#outbox")).to_be_hidden()
    ideas = phone.locator("#ideas li[data-idea]")
    # Caught up: someone else's new idea waits behind a button, so the list holds still.
    expect(ideas).to_have_count(2)
    phone.get_by_role("button", name="1 new idea: show it").click()
    expect(ideas).to_have_count(3)  # nothing missing, nothing twice
    for text in (
        "Keep the buddy scheme",
        "Idea while you were away",
        "Apprenticeships for care leavers",
    ):
        expect(ideas.filter(has_text=text)).to_have_count(1)
    expect(phone.locator("#ideas")).not_to_contain_text("Your vote will be sent")
    assert phone.evaluate("window.notReloaded") is True

    # Drop the line twice more: the outbox is empty, nothing is sent again.
    for _ in range(2):
        phone.context.set_offline(True)
        expect(phone.locator("#connection")).to_contain_text("Offline")
        phone.context.set_offline(False)
        expect(phone.locator("#connection")).to_have_text("Connected")
    expect(ideas).to_have_count(3)
    assert [i["text"] for i in mine(room, "ideas")] == ["Keep the buddy scheme"]
    [vote] = mine(room, "votes")
    assert vote["idea_id"] == before["id"] and vote["withdrawn_at"] is None
    assert phone.evaluate(f"localStorage.getItem('workshop:{room.code}:outbox')") == "[]"


def test_typed_text_survives_a_reload_until_it_is_sent(room, new_workshop, phone):
    room.open(0)
    join(phone, new_workshop)
    phone.get_by_label("Your idea").press_sequentially("Half-typed idea about")
    phone.get_by_text("Tell us your story").click()  # the story form folds away
    phone.get_by_role("textbox", name="Your story").fill("A long story, still being written.")
    phone.reload()
    expect(phone.get_by_label("Your idea")).to_have_value("Half-typed idea about")
    expect(phone.get_by_role("textbox", name="Your story")).to_have_value(
        "A long story, still being written."
    )
    phone.get_by_role("button", name="Send idea").click()
    expect(phone.locator("#status")).to_have_text("Idea sent. Thank you.")
    phone.reload()
    expect(phone.get_by_label("Your idea")).to_have_value("")
    expect(phone.get_by_role("textbox", name="Your story")).to_have_value(
        "A long story, still being written."
    )


def test_supporter_idea_and_a_story_with_quoting_choice(room, new_workshop, phone):
    question = room.open(0)
    # Only a supporter is asked whose idea it is (issue 25 item 10).
    join(phone, new_workshop, "Voluntary or community organisation", supporter="vcse")
    phone.get_by_label("Your idea").fill("A job at the cafe")
    phone.get_by_label("Whose idea is this?").select_option(
        label="Someone I support: Person who receives care and support"
    )
    phone.get_by_role("button", name="Send idea").dblclick()  # stored once, below
    expect(phone.locator("#status")).to_have_text("Idea sent. Thank you.")
    expect(phone.locator("#ideas li").first).to_contain_text("(written by a supporter)")
    # Chosen for each idea: back to "Me" after sending, so the supporter's own
    # next idea is theirs (issue 12).
    expect(phone.get_by_label("Whose idea is this?")).to_have_value("")

    phone.get_by_text("Tell us your story").click()
    phone.get_by_label("Whose story is this?").select_option(
        label="Someone I support: Person who receives care and support"
    )
    phone.get_by_role("textbox", name="Your story").fill(
        "Before the buddy scheme I never went out."
    )
    phone.get_by_role("button", name="Send story").click()  # no quoting choice yet
    expect(phone.locator("#story-error")).to_have_text(
        "Please choose whether we may quote your words."
    )
    assert room.rows("SELECT * FROM stories") == []
    phone.get_by_label("No, do not quote my words").check()
    phone.get_by_role("button", name="Send story").click()
    expect(phone.locator("#status")).to_have_text("Story sent. Thank you.")
    phone.get_by_role("button", name="Send story").click()  # a second tap after sending
    expect(phone.locator("#story-error")).to_be_hidden()
    expect(phone.get_by_role("textbox", name="Your story")).to_have_value("")

    [idea] = room.rows("SELECT * FROM ideas")
    assert (idea["author_role"], idea["entered_by"]) == ("person_receiving_care", "supporter")
    [story] = room.rows("SELECT * FROM stories")
    assert (
        story["text"],
        story["may_quote"],
        story["author_role"],
        story["entered_by"],
        story["question_id"],
    ) == (
        "Before the buddy scheme I never went out.",
        0,
        "person_receiving_care",
        "supporter",
        question["id"],
    )


def test_bad_input_gets_a_plain_message_and_changes_nothing(room, new_workshop, phone):
    room.open(0)
    join(phone, new_workshop)
    phone.get_by_role("button", name="Send idea").click()
    expect(phone.locator("#idea-error")).to_have_text("Please write your idea before sending.")
    expect(phone.get_by_label("Your idea")).to_have_attribute("aria-invalid", "true")
    phone.get_by_label("Your idea").fill("x" * 501)
    phone.get_by_role("button", name="Send idea").click()
    expect(phone.locator("#idea-error")).to_have_text(
        "That is 501 characters: please keep it under 500."
    )
    phone.get_by_label("Easy read").check()
    phone.get_by_role("button", name="Send my idea").click()
    expect(phone.locator("#idea-error")).to_have_text("This is too long. Please make it shorter.")
    # Queued offline, refused by the server when back (the question closed
    # meanwhile): the words are kept, never filed under the new question.
    phone.get_by_label("Write your idea").fill("Sent too late")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Send my idea").click()
    expect(phone.get_by_label("Write your idea")).to_have_value("")
    room.open(1)  # closes the first question
    phone.context.set_offline(False)
    expect(phone.locator("#idea-feedback")).to_contain_text(
        "This question has closed. Your words are kept."
    )
    expect(phone.locator("#kept-text")).to_have_value("Sent too late")
    expect(phone.get_by_label("Write your idea")).to_have_value("")
    expect(phone.locator("#question-text")).to_have_text(room.questions[1]["easy_read"])
    assert room.rows("SELECT * FROM ideas") == []
    phone.reload()  # still kept, surviving a reload
    expect(phone.locator("#kept-text")).to_have_value("Sent too late")

    phone.goto(room.base + "/?code=ZZZZZZ")
    easy = phone.get_by_role("alert").locator(".for-easy-read")
    expect(easy).to_be_visible()
    expect(easy).to_have_text(
        "We could not find that code. Please look at the big screen. Then try again."
    )
    expect(phone.get_by_role("alert").locator(".for-standard")).to_be_hidden()
    expect(phone.get_by_label("Type the code")).to_have_value("ZZZZZZ")


# Keeps a handle on the page's socket so a test can play the part of a server
# that hides results (issue 6 adds that setting; this checks the phone's side).
CAPTURE_SOCKET = """
(() => {
  let real;
  Object.defineProperty(window, "io", {
    configurable: true,
    get() { return real; },
    set(value) {
      real = function () { const s = value.apply(this, arguments); window.testSocket = s; return s; };
    },
  });
})();
"""


def server_says(page, name, payload):
    page.evaluate(
        "([name, payload]) => window.testSocket.listeners(name)"
        ".forEach((listener) => listener(payload))",
        [name, payload],
    )


def test_counts_show_only_when_the_server_sends_them(room, new_workshop, phone):
    question = room.open(0)
    idea = room.idea(room.attendee("provider"), question, "Local lunch club")
    phone.add_init_script(CAPTURE_SOCKET)
    join(phone, new_workshop)
    item = phone.locator("#ideas li")
    phone.get_by_role("button", name="Vote for: Local lunch club").click()
    expect(item.locator(".idea-meta")).to_have_text("Care provider · 1 vote")
    seq = room.rows("SELECT MAX(seq) AS seq FROM events")[0]["seq"]

    server_says(phone, "event", {"seq": seq + 1, "type": "results_hidden", "data": {}})
    expect(item.locator(".idea-meta")).to_have_text("Care provider")
    key = str(idea["id"])
    server_says(phone, "tallies", {"seq": seq + 1, "tallies": {key: {"by_role": {}}}})
    expect(item.locator(".idea-meta")).to_have_text("Care provider")
    expect(phone.locator("#dots-left")).to_have_text("You have 2 of 3 votes left.")  # still shown

    server_says(
        phone,
        "event",
        {
            "seq": seq + 2,
            "type": "results_revealed",
            "data": {"tallies": {key: {"total": 5, "by_role": {}}}},
        },
    )
    expect(item.locator(".idea-meta")).to_have_text("Care provider · 5 votes")
    server_says(phone, "event", {"seq": seq + 3, "type": "results_hidden", "data": {}})
    expect(item.locator(".idea-meta")).to_have_text("Care provider")
    # A reveal without counts: the phone reads them from the snapshot.
    server_says(phone, "event", {"seq": seq + 4, "type": "results_revealed", "data": {}})
    expect(item.locator(".idea-meta")).to_have_text("Care provider · 1 vote")


def test_an_idea_awaiting_approval_is_acknowledged_but_not_shown_until_approved(
    room, new_workshop, phone
):
    question = room.open()
    reply = room.facilitator.post(f"{room.api}/console/set_approval", json={"on": True})
    assert reply.status_code == 200, reply.text
    join(phone, new_workshop)
    phone.get_by_label("Your idea").fill("A buddy scheme for new residents")
    phone.locator("#idea-form button[type=submit]").click()
    expect(phone.locator("#status")).to_contain_text("once the facilitator has checked it")
    expect(phone.locator("#idea-feedback")).to_contain_text("once the facilitator has checked it")
    # In the person's own list as waiting, so it does not look lost; no vote button.
    waiting = phone.locator("#ideas li.idea-waiting")
    expect(waiting).to_contain_text("A buddy scheme for new residents")
    expect(waiting).to_contain_text("Your idea is waiting to be checked.")
    expect(waiting.get_by_role("button")).to_have_count(0)
    phone.reload()
    expect(waiting).to_contain_text("Your idea is waiting to be checked.")
    [pending] = mine(room, "ideas")
    assert pending["status"] == "pending" and pending["question_id"] == question["id"]
    approved = room.facilitator.post(
        f"{room.api}/console/approve_idea", json={"idea_id": pending["id"]}
    )
    assert approved.status_code == 200, approved.text
    expect(phone.locator("#ideas li:not(.idea-waiting)")).to_contain_text(
        "A buddy scheme for new residents"
    )
    expect(waiting).to_have_count(0)
