"""After the facilitator presses End, on a real 360 px phone in both wordings:
nothing offered that can no longer work (role change, writing), the end said
once on screen (the connection line hidden under the ended heading), and words
not sent when End came kept on the phone and said so: typed in the box, half a
story, or still in the outbox."""

import re

import pytest
from playwright.sync_api import expect

from harness.attendee import (
    axe_violations,
    heard,
    join,
    record_heard,
    said_once_on_screen,
)

pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True, announcements=True)]

EXPERTS = "Person who receives care and support"
COPY = {False: "Copy these words", True: "Copy my words"}
COPIED = {
    False: "Copied. You can paste them into a message or a note.",
    True: "Copied. You can paste them into a message.",
}
KEPT_SAID = {
    False: "Your words that were not sent are kept on this phone.",
    True: "Your words were not sent. They are kept on this phone.",
}
KEPT_TITLE = {
    False: "These words were not sent: the workshop ended first. They are kept on this phone.",
    True: "These words were not sent. The meeting ended first.",
}


def end(room):
    room.console("end_workshop")


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_after_end_no_role_change_no_writing_and_a_calm_line(room, new_workshop, make_phone, easy):
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    phone.locator("#role-change").click()  # the role form open when End comes
    phone.locator("#role-choices input").nth(1).check()
    phone.locator("#role-save").click()
    expect(phone.locator("#role-feedback")).not_to_be_empty()
    phone.locator("#role-change").click()
    expect(phone.locator("#role-form")).to_be_visible()
    phone.locator("#idea-text").fill("Half an idea when the end came")
    phone.locator("#story-area summary").click()
    phone.locator("#story-text").fill("Half a story")
    end(room)

    expect(phone.locator("#ended")).to_be_visible()
    said_once_on_screen(phone)
    expect(phone.locator("#role-change")).to_be_hidden()
    expect(phone.locator("#role-form")).to_be_hidden()
    expect(phone.locator("#role-feedback")).to_be_empty()
    # The end is said first, above the words kept.
    ended_at = phone.locator("#ended").bounding_box()["y"]
    assert ended_at < phone.locator("#kept").bounding_box()["y"]
    expect(phone.get_by_role("textbox")).to_have_count(1)  # the kept words only
    expect(phone.locator("#idea-text")).to_be_hidden()
    expect(phone.locator("#story-text")).to_be_hidden()
    # What was typed is not lost, and the panel says plainly it was not sent.
    expect(phone.locator("#kept-title")).to_have_text(KEPT_TITLE[easy])
    expect(phone.locator("#kept-text")).to_have_value(
        "Half an idea when the end came\n\nHalf a story"
    )
    expect(phone.locator("#kept-to-question")).to_be_hidden()
    expect(phone.locator("#kept-to-story")).to_be_hidden()
    expect(phone.locator("#kept-delete")).to_be_visible()
    assert room.rows("SELECT * FROM ideas") == [] and room.rows("SELECT * FROM stories") == []
    assert axe_violations(phone) == []

    # A reload after End: the same, and the words still there.
    phone.reload()
    said_once_on_screen(phone)
    expect(phone.locator("#role-change")).to_be_hidden()
    expect(phone.locator("#kept-title")).to_have_text(KEPT_TITLE[easy])

    # Reopened: the role change, the story box and the way on come back.
    room.console("reopen_workshop", confirm=True)
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(phone.locator("#role-change")).to_be_visible()
    expect(phone.locator("#story-area")).to_be_visible()
    expect(phone.locator("#kept-to-story")).to_be_visible()
    phone.locator("#kept-delete").click()
    expect(phone.locator("#kept")).to_be_hidden()


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_an_idea_in_the_outbox_when_end_came_is_kept_and_said(room, new_workshop, make_phone, easy):
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_text("Connected")
    phone.locator("#idea-text").fill("Sent on the way out")
    phone.locator("#idea-send").click()
    expect(phone.locator("#outbox")).to_contain_text("Sent on the way out")
    end(room)
    phone.context.set_offline(False)

    # Back online: the server refuses it (ended); the phone keeps it and says why.
    expect(phone.locator("#ended")).to_be_visible()
    expect(phone.locator("#outbox")).to_be_hidden()
    expect(phone.locator("#kept-text")).to_have_value("Sent on the way out")
    expect(phone.locator("#kept-title")).to_have_text(KEPT_TITLE[easy])
    # The end is read from its heading (the Send button went); the live region adds the kept words.
    expect(phone.locator("#ended-heading")).to_be_focused()
    phone.wait_for_function(
        "t => (window.__announced || []).some(a => a.includes(t))", arg=KEPT_SAID[easy]
    )
    said_once_on_screen(phone)
    assert room.rows("SELECT * FROM ideas") == []
    assert phone.evaluate(f"localStorage.getItem('workshop:{new_workshop['code']}:outbox')") == "[]"


# The outbox panel's words at every moment the phone shows the end (a MutationObserver).
RECORD_OUTBOX = """
window.__outboxAtEnd = [];
new MutationObserver(() => {
  const ended = document.getElementById("ended"), box = document.getElementById("outbox");
  if (ended && box && !ended.hidden && !box.hidden) window.__outboxAtEnd.push(box.innerText);
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""
WILL_SEND = re.compile(
    r"will send|sent by themselves|when the (connection|internet) (is|comes) back", re.I
)
NOT_RECEIVED = {
    False: "The workshop ended before these were sent. They were not received.",
    True: "The meeting ended before these were sent. They did not get to us.",
}


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_an_outbox_learning_of_the_end_never_says_it_will_send(
    room, new_workshop, make_phone, easy
):
    """Offline when End came, an idea and a story in the outbox: back online the
    phone never says they will be sent; they are kept, said plainly, to copy."""
    room.open(0)
    phone = make_phone(easy)
    phone.add_init_script(RECORD_OUTBOX)
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    join(phone, new_workshop, role_label="Care provider" if easy else EXPERTS)
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_text("Connected")
    phone.locator("#idea-text").fill("An idea on the way out")
    phone.locator("#idea-send").click()
    phone.locator("#story-area summary").click()
    phone.locator("#story-text").fill("A story on the way out")
    phone.locator("#quote-no").check()
    phone.locator("#story-send").click()
    expect(phone.locator("#outbox li")).to_have_count(2)
    end(room)
    phone.context.set_offline(False)

    expect(phone.locator("#ended")).to_be_visible()
    expect(phone.locator("#outbox")).to_be_hidden()
    expect(phone.locator("#kept-title")).to_have_text(KEPT_TITLE[easy])
    expect(phone.locator("#kept-text")).to_have_value(
        "An idea on the way out\n\nA story on the way out"
    )
    seen = phone.evaluate("window.__outboxAtEnd")
    assert not [text for text in seen if WILL_SEND.search(text)], seen
    assert all(NOT_RECEIVED[easy] in " ".join(text.split()) for text in seen), seen
    # Nothing more can be sent, so the words are offered to copy.
    phone.get_by_role("button", name=COPY[easy]).click()
    expect(phone.locator("#kept-feedback")).to_have_text(COPIED[easy])
    assert phone.evaluate("navigator.clipboard.readText()") == (
        "An idea on the way out\n\nA story on the way out"
    )
    assert room.rows("SELECT * FROM ideas") == [] and room.rows("SELECT * FROM stories") == []


ENDED = re.compile(r"has ended", re.I)


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
@pytest.mark.parametrize("state", ["typing", "reading", "offline", "offline-theme-dot"])
def test_the_end_is_heard_once(room, new_workshop, make_phone, easy, state):
    """A screen reader hears that the workshop has ended once: not from the
    connection line, the live region and the focused heading each. Typing when
    End came (the box goes, the focus moves to the heading), reading, or offline
    with an idea in the outbox; an expert by experience or not; results hidden or not."""
    question = room.open(0)
    if state == "offline":
        room.console("hide_results")
    if state == "offline-theme-dot":  # themes accepted, the room voting on them
        someone = room.attendee()
        ideas = [room.idea(someone, question, text)["id"] for text in ("Paid jobs", "Buses")]
        groups = [{"label": "Jobs", "ideas": ideas[:1]}, {"label": "Travel", "ideas": ideas[1:]}]
        room.console("accept_themes", question_id=question["id"], groups=groups)
        room.console("set_vote_on", question_id=question["id"], vote_on="themes")
    phone = make_phone(easy)
    record_heard(phone)
    join(phone, new_workshop, role_label=EXPERTS if state != "reading" else "Care provider")
    if state == "typing":
        phone.locator("#idea-text").fill("Half an idea")
    if state == "offline":
        phone.context.set_offline(True)
        expect(phone.locator("#connection")).not_to_have_text("Connected")
        phone.locator("#idea-text").fill("Sent on the way out")
        phone.locator("#idea-send").click()
    if state == "offline-theme-dot":
        phone.context.set_offline(True)
        expect(phone.locator("#connection")).not_to_have_text("Connected")
        phone.locator("[data-theme-vote]").first.click()
    end(room)
    if state.startswith("offline"):
        phone.context.set_offline(False)
    expect(phone.locator("#ended")).to_be_visible()
    said_once_on_screen(phone)
    if state == "typing":
        expect(phone.locator("#ended-heading")).to_be_focused()
    phone.wait_for_timeout(1500)  # the live region speaks a moment after the last change
    said = heard(phone)
    assert len([text for text in said if ENDED.search(text)]) == 1, said
    if state == "offline":
        expect(phone.locator("#kept-text")).to_have_value("Sent on the way out")


NOT_COUNTED = {
    (False, 1): "1 vote you made was not counted: the workshop ended before it arrived.",
    (True, 1): "Your vote did not get to us before the end. It was not counted.",
    (False, 2): "2 votes you made were not counted: the workshop ended before they arrived.",
    (True, 2): "Your 2 votes did not get to us before the end. They were not counted.",
}
KEPT_FOR_REPORT = {
    False: "Nothing more can be sent. What you sent is kept for the report.",
    True: "We kept what you sent for the report.",
}


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
@pytest.mark.parametrize("what", ["idea-votes", "theme-dot", "arrived"])
def test_a_vote_refused_at_the_end_is_said_not_counted(room, new_workshop, make_phone, easy, what):
    """Offline when End came with votes in the outbox (two on ideas, or a dot on
    a theme): back online the server refuses them, and the ended section says,
    once, that they were not counted, beside "what you sent is kept" (true of
    what arrived). A vote that arrived before End says nothing of the kind."""
    question = room.open(0)
    someone = room.attendee()
    for text in ("Paid jobs", "Buses after six"):
        room.idea(someone, question, text)
    if what == "theme-dot":
        ideas = [i["id"] for i in room.rows("SELECT id FROM ideas ORDER BY id")]
        groups = [{"label": "Jobs", "ideas": ideas[:1]}, {"label": "Travel", "ideas": ideas[1:]}]
        room.console("accept_themes", question_id=question["id"], groups=groups)
        room.console("set_vote_on", question_id=question["id"], vote_on="themes")
    phone = make_phone(easy)
    record_heard(phone)
    join(phone, new_workshop)
    if what != "arrived":
        phone.context.set_offline(True)
        expect(phone.locator("#connection")).not_to_have_text("Connected")
    if what == "theme-dot":
        phone.locator("[data-theme-vote]").first.click()
    else:
        if easy:  # one thing at a time: write, then see and vote
            phone.locator("#to-vote").click()
        for text in ("Paid jobs", "Buses after six"):
            phone.locator(f"#ideas button[aria-label^='Vote for'][aria-label$=': {text}']").click()
    if what == "arrived":  # counted before End
        for _ in range(50):
            if len(room.rows("SELECT * FROM votes")) == 2:
                break
            phone.wait_for_timeout(100)
        assert len(room.rows("SELECT * FROM votes")) == 2
    end(room)
    if what != "arrived":
        phone.context.set_offline(False)

    expect(phone.locator("#ended")).to_be_visible()
    said_once_on_screen(phone)
    expect(phone.locator("#ended")).to_contain_text(KEPT_FOR_REPORT[easy], use_inner_text=True)
    line = phone.locator("#ended-votes")
    if what == "arrived":
        phone.wait_for_timeout(1500)
        expect(line).to_be_hidden()
        assert not [t for t in heard(phone) if "not counted" in t], heard(phone)
        assert len(room.rows("SELECT * FROM votes WHERE withdrawn_at IS NULL")) == 2
        return
    n = 1 if what == "theme-dot" else 2
    expect(line).to_be_visible()
    expect(line).to_have_text(NOT_COUNTED[easy, n], use_inner_text=True)
    assert room.rows("SELECT * FROM votes") == [] and room.rows("SELECT * FROM theme_votes") == []
    # Said once, with the end (which is itself heard once), not once a vote.
    phone.wait_for_timeout(1500)  # the live region speaks a moment after the last change
    said = heard(phone)
    assert len([t for t in said if NOT_COUNTED[easy, n] in t]) == 1, said
    assert len([t for t in said if ENDED.search(t)]) == 1, said
    # A reload: still said, truthfully.
    phone.reload()
    expect(phone.locator("#ended-votes")).to_have_text(NOT_COUNTED[easy, n], use_inner_text=True)


ENDED_SAID = {
    False: "This workshop has ended. Thank you.",
    True: "The meeting has ended. Thank you.",
}


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
@pytest.mark.parametrize("kept", [False, True], ids=["nothing-kept", "words-kept"])
def test_a_phone_reloaded_onto_the_end_is_told_once(room, new_workshop, make_phone, easy, kept):
    """A screen reader user who reloads after End hears that the meeting has
    ended (the heading is not focused on a fresh page, so only the live region
    can tell them), once: not again when the connection drops and comes back
    (a new snapshot, still ended). Words kept on the phone are said with it."""
    room.open(0)
    phone = make_phone(easy)
    record_heard(phone)
    join(phone, new_workshop)
    if kept:
        phone.locator("#idea-text").fill("Half an idea when the end came")
    end(room)
    expect(phone.locator("#ended")).to_be_visible()

    phone.reload()
    expect(phone.locator("#ended")).to_be_visible()
    said_once_on_screen(phone)
    phone.wait_for_timeout(1500)  # the live region speaks a moment after the last change
    said = heard(phone)
    assert len([t for t in said if ENDED.search(t)]) == 1, said
    assert [t for t in said if ENDED_SAID[easy] in t], said
    assert len([t for t in said if KEPT_SAID[easy] in t]) == kept, said

    sockets = []
    phone.on("websocket", lambda socket: sockets.append(socket))
    phone.context.set_offline(True)
    phone.wait_for_timeout(1000)
    phone.context.set_offline(False)
    for _ in range(100):  # reconnected: a new socket, a new snapshot, still ended
        if sockets:
            break
        phone.wait_for_timeout(100)
    assert sockets, "the phone never connected again"
    phone.wait_for_timeout(1500)
    expect(phone.locator("#ended")).to_be_visible()
    said = heard(phone)
    assert len([t for t in said if ENDED.search(t)]) == 1, said
