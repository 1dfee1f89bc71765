"""Issue 25 on a real phone-sized chromium: the room moving never takes
focus or keystrokes (items 1 and 2), "Who is this idea from?" only for
supporters (item 10). Screen-reader cases are read from the accessibility
tree and the live regions."""

import pytest
from playwright.sync_api import expect

from harness.attendee import axe_violations, join

pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True, announcements=True)]


def in_tree(page, text):
    """Whether the page's accessibility tree (what a screen reader reads) holds `text`."""
    return text in page.locator("body").aria_snapshot()


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_only_a_supporter_is_asked_whose_idea_it_is(room, new_workshop, make_phone, easy):
    room.open(0)
    person = make_phone(easy)
    join(person, new_workshop, "Family or unpaid carer")
    expect(person.locator("#idea-text")).to_be_visible()
    expect(person.locator("#idea-for")).to_be_hidden()
    expect(person.locator("#story-for")).to_be_hidden()
    asked = "Who is this idea from?" if easy else "Whose idea is this?"
    assert not in_tree(person, asked)
    person.locator("#idea-text").fill("Carers need a break")
    person.locator("#idea-send").click()
    expect(person.locator("#idea-feedback")).not_to_be_empty()
    assert room.rows("SELECT author_role, entered_by FROM ideas") == [
        {"author_role": "carer", "entered_by": "self"}
    ]

    supporter = make_phone(easy)
    join(supporter, new_workshop, "Person who receives care and support", supporter="provider")
    expect(supporter.locator("#idea-for")).to_be_visible()
    expect(supporter.locator("#story-for")).to_be_attached()
    assert in_tree(supporter, asked)
    assert axe_violations(person) == [] and axe_violations(supporter) == []


def status_node(page):
    return page.locator("#status")


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_a_new_question_while_typing_takes_neither_focus_nor_keys(
    room, new_workshop, make_phone, easy
):
    first = room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    box = phone.locator("#idea-text")
    box.click()
    phone.keyboard.type("Half an answer to the first")
    second = room.open(1)  # closes the first and opens the next, together
    news = phone.locator("#news")
    expect(news).to_be_visible()
    # The focus and the words stay where they were; typing carries on in the box.
    assert phone.evaluate("document.activeElement.id") == "idea-text"
    phone.keyboard.type(" question, finished")
    expect(box).to_have_value("Half an answer to the first question, finished")
    first_words = first["easy_read"] if easy else first["text"]
    expect(phone.locator("#question-text")).to_have_text(first_words)
    # One announcement says both: closed, and a new one open (no cut-off).
    closed = "This question has closed." if easy else "The question you are answering has closed."
    phone.wait_for_function(
        "t => (window.__announced || []).some(a => a.includes(t[0]) && a.includes(t[1]))",
        arg=[closed, "new question" if easy else "A new question is open."],
    )
    said = [a for a in phone.evaluate("window.__announced") if "closed" in a]
    assert all("new question" in a.lower() for a in said), said
    assert not any(second["text"] in a or second["easy_read"] in a for a in said)
    assert axe_violations(phone) == []

    # The person chooses: their words go to the kept panel, the new question shows.
    phone.locator("#news-follow").click()
    expect(news).to_be_hidden()
    expect(phone.locator("#question-text")).to_have_text(
        second["easy_read"] if easy else second["text"]
    )
    expect(phone.locator("#kept-text")).to_have_value(
        "Half an answer to the first question, finished"
    )
    assert phone.evaluate("document.activeElement.id") == "kept-heading"
    assert room.rows("SELECT * FROM ideas") == []


def test_sending_while_held_never_files_words_under_the_new_question(
    room, new_workshop, make_phone
):
    room.open(0)
    phone = make_phone()
    join(phone, new_workshop)
    phone.locator("#idea-text").click()
    phone.keyboard.type("Words for the first question")
    room.open(1)
    expect(phone.locator("#news")).to_be_visible()
    phone.locator("#idea-send").click()
    # Refused (the question closed) and kept, never filed under the second question.
    expect(phone.locator("#kept-text")).to_have_value("Words for the first question")
    assert room.rows("SELECT * FROM ideas") == []


def test_deleting_the_words_while_held_shows_the_question_open_now(room, new_workshop, make_phone):
    room.open(0)
    phone = make_phone()
    join(phone, new_workshop)
    phone.locator("#idea-text").click()
    phone.keyboard.type("Not worth keeping")
    second = room.open(1)
    # Opening closes the first question and opens the second: two events. Here
    # the person deletes once both have come (deleting between the two:
    # test_opening_the_next_question_never_flashes_please_wait).
    expect(phone.locator("#news-text")).to_contain_text("A new question is open.")
    phone.keyboard.press("Control+A")
    phone.keyboard.press("Delete")
    expect(phone.locator("#news")).to_be_hidden()
    expect(phone.locator("#question-text")).to_have_text(second["text"])
    expect(phone.locator("#kept")).to_be_hidden()
    assert phone.evaluate("document.activeElement.id") == "idea-text"


@pytest.mark.parametrize("what", ["close", "end", "close-empty-box"])
def test_closing_or_ending_under_a_vote_button_moves_focus_to_a_heading(
    room, new_workshop, make_phone, what
):
    question = room.open(0)
    room.idea(room.attendee(), question, "Buses after six")
    phone = make_phone()
    join(phone, new_workshop)
    if what == "close-empty-box":
        phone.locator("#idea-text").focus()  # nothing typed: nothing to hold
        assert phone.evaluate("document.activeElement.id") == "idea-text"
    else:
        vote = phone.get_by_role("button", name="Vote for: Buses after six")
        vote.focus()
        assert phone.evaluate("document.activeElement.tagName") == "BUTTON"
    if what.startswith("close"):
        reply = room.facilitator.post(f"{room.api}/questions/{question['id']}/close")
        heading, said = "#waiting-heading", "This question has closed."
    else:
        reply = room.facilitator.post(f"{room.api}/console/end_workshop", json={})
        heading, said = "#ended-heading", "This workshop has ended. Thank you."
    assert reply.status_code == 200, reply.text
    expect(phone.locator(heading)).to_be_visible()
    expect(phone.locator(heading)).to_be_focused()
    if what == "end":
        # The end is read from its heading, which has the focus: not said a second
        # time by the live region (test_browser_phone_ended.test_the_end_is_heard_once).
        phone.wait_for_timeout(1000)  # past the moment the live region would speak
        assert said not in phone.evaluate("window.__announced || []")
    else:
        phone.wait_for_function("t => (window.__announced || []).includes(t)", arg=said)
    assert axe_violations(phone) == []


# Records what a person would see and where the focus goes, and (when asked)
# deletes the held words the moment the close has been drawn: between the
# close and the open events of one "open the next question".
WATCH = """
window.__focused = []; window.__waiting = false;
document.addEventListener("focusin", (e) => window.__focused.push(e.target.id || e.target.tagName));
new MutationObserver(() => {
  const waiting = document.getElementById("waiting");
  if (waiting && !waiting.hidden) window.__waiting = true;
  const news = document.getElementById("news-text");
  const box = document.getElementById("idea-text");
  if (window.__deleteOnClose && news && news.textContent.includes("has closed")
      && !news.textContent.includes("new question") && box.value) {
    window.__deleteOnClose = false;
    window.__deletedBetween = true;
    box.value = "";
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""


@pytest.mark.parametrize("what", ["delete-between", "vote-button"])
def test_opening_the_next_question_never_flashes_please_wait(room, new_workshop, make_phone, what):
    question = room.open(0)
    room.idea(room.attendee(), question, "Buses after six")
    phone = make_phone()
    phone.add_init_script(WATCH)
    join(phone, new_workshop)
    if what == "delete-between":
        phone.locator("#idea-text").click()
        phone.keyboard.type("Not worth keeping")
        phone.evaluate("window.__deleteOnClose = true")
    else:
        phone.get_by_role("button", name="Vote for: Buses after six").focus()
    phone.evaluate("window.__focused = []")
    second = room.open(1)  # closes the first, then opens the second: two events
    expect(phone.locator("#question-text")).to_have_text(second["text"])
    phone.wait_for_timeout(600)  # past SETTLE: anything still to come has come
    if what == "delete-between":
        assert phone.evaluate("window.__deletedBetween") is True
        expect(phone.locator("#idea-text")).to_be_focused()  # the focus stayed put
        expect(phone.locator("#kept")).to_be_hidden()
    else:
        expect(phone.locator("#question-text")).to_be_focused()
    assert phone.evaluate("window.__waiting") is False
    assert "waiting-heading" not in phone.evaluate("window.__focused")
    phone.wait_for_function(
        "t => (window.__announced || []).some(a => a.includes(t))", arg=second["text"]
    )
