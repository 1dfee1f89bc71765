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


ZOOMED = {"width": 180, "height": 370}  # a 360x740 phone at 200% zoom
# Words of the buttons and the ended heading on screen split across two lines ("vot" / "e").
SPLIT_WORDS = """() => {
  const split = [];
  for (const button of document.querySelectorAll('button, #ended-heading')) {
    if (!button.offsetParent) continue;
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_at_200_percent_zoom_no_word_is_split_and_the_focus_is_not_covered(
    room, new_workshop, make_phone, easy
):
    """A 360 px phone zoomed to 200%: the vote list's buttons keep their words
    whole ("Take my vote back", "Back: write"), so do a ranking's Up and Down and
    the ended heading, and a Vote button reached going
    back up the list (Shift+Tab) is not hidden under the dots bar."""
    question = room.open(0)
    someone = room.attendee()
    for n in range(8):
        room.idea(someone, question, f"Buses after six, idea {n}")
    phone = make_phone(easy, viewport=ZOOMED)
    join(phone, new_workshop)
    to_vote(phone)
    votes = phone.locator("#ideas li[data-idea] .idea-actions > button:not(.listen)")
    votes.first.click()
    expect(votes.first).to_have_attribute("aria-label", re.compile("^Take"))
    split = phone.evaluate(SPLIT_WORDS)
    votes.last.scroll_into_view_if_needed()
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    votes.nth(3).focus()  # going back up: the browser scrolls it to the top
    box = votes.nth(3).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 20)
    on_top = phone.evaluate(
        "([x, y, b]) => b.contains(document.elementFromPoint(x, y))",
        [x, y, votes.nth(3).element_handle()],
    )
    assert (split, on_top) == ([], True), (
        "words split; or the focused Vote button under the dots bar"
    )
    added = room.console(
        "add_question", stage="plan", text="Which matters most?", kind="ranking", options=THINGS
    )["question"]
    room.console("open_question", question_id=added["id"])
    expect(phone.locator(".rank-item")).to_have_count(3)
    assert phone.evaluate(SPLIT_WORDS) == []  # Up and Down too
    room.console("end_workshop")
    expect(phone.locator("#ended-heading")).to_be_visible()
    assert phone.evaluate(SPLIT_WORDS) == []  # "The meeting has ended" beside its picture


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_the_tag_choice_shows_that_it_opens(room, new_workshop, make_phone, easy):
    """The tag choice, "You can say what your idea is about.", sat in a box with no triangle: it read
    as a label, not a thing to press. It carries the browser's open/closed
    triangle, as "Tell your story" does, and opens on a tap."""
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    to_write(phone)
    summary = phone.locator("details.tags > summary")
    marked = "(s) => getComputedStyle(s).display === 'list-item'"  # the triangle is drawn
    assert summary.evaluate(marked)
    assert phone.locator("#story-area > summary").evaluate(marked)
    box = summary.bounding_box()
    assert box["height"] >= 44
    expect(phone.locator("#idea-priority")).to_be_hidden()
    summary.click()
    expect(phone.locator("#idea-priority")).to_be_visible()


HELPING = {
    False: (
        "You are helping someone who joined as: person who receives care and support.",
        ["The person I am helping", "Me (care provider)"],
    ),
    True: (
        "The person you help said: I get care and support.",
        ["The person I help", "Me. I work for a company that gives care"],
    ),
}


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_a_supporter_entering_someone_sees_whose_phone_it_is(room, new_workshop, make_phone, easy):
    """A support worker joins as the join page asks: the person they help above
    (gets care and support), their own role below (care provider). The phone
    said "You said: I get care and support." and offered "Me", which filed the
    support worker's own idea as the person's, with the star. It says whom it
    speaks for, and "Me" is the supporter's own role. The next person's roles
    had no pictures in easy read."""
    question = room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop, "Person who receives care and support", supporter="provider")
    line, first = HELPING[easy]
    expect(phone.locator("#you-text")).to_have_text(line)
    options = phone.locator("#idea-for option").all_inner_texts()
    assert options[:2] == first, options
    phone.locator("#idea-text").fill("He wants to swim on Tuesdays")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-text")).to_have_value("")
    phone.locator("#idea-for").select_option(label=first[1])
    phone.locator("#idea-text").fill("Travel time paid between visits")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-text")).to_have_value("")
    expect(phone.locator("#idea-for")).to_have_value("")  # back to the person helped
    for _ in range(50):
        rows = room.rows(
            "SELECT text, author_role, entered_by FROM ideas WHERE question_id = ? ORDER BY id",
            (question["id"],),
        )
        if len(rows) == 2:
            break
        phone.wait_for_timeout(100)
    assert [(r["text"], r["author_role"]) for r in rows] == [
        ("He wants to swim on Tuesdays", "person_receiving_care"),
        ("Travel time paid between visits", "provider"),
    ]
    # "Who is next? Pick one.": in easy read a picture beside each role, as on the join page.
    pictures = phone.locator(".supporter-panel fieldset label img.er-pic")
    expect(pictures).to_have_count(phone.locator(".supporter-panel input[name=role]").count())
    for n in range(pictures.count()):
        (expect(pictures.nth(n)).to_be_visible if easy else expect(pictures.nth(n)).to_be_hidden)()


# Visible text smaller than 14 pt (18.67 CSS px), the least Mencap's easy read allows;
# but "Connected", a quiet word beside the easy-read switch (offline, it is full size).
SMALL_TEXT = """() => [...document.querySelectorAll('body *')]
  .filter((e) => !e.matches('#connection.online'))
  .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
    && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 18.6)
  .map((e) => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}" ${getComputedStyle(e).fontSize}`)"""


def test_easy_read_text_is_14_point_or_more(room, new_workshop, make_phone):
    """At 360 px in easy read: "Show my votes (1)" was 15 px, the line that says
    the phone is offline 17 px, the join page's choice of wording 15 px."""
    question = room.open(0)
    other = room.attendee("provider")
    room.idea(other, question, "Apprenticeships for care leavers")
    phone = make_phone(True)
    phone.goto(new_workshop["join_url"])
    assert phone.evaluate(SMALL_TEXT) == []
    join(phone, new_workshop)
    assert phone.evaluate(SMALL_TEXT) == []
    to_vote(phone)
    phone.locator("#ideas li[data-idea] .idea-actions > button:not(.listen)").first.click()
    expect(phone.locator("#only-mine")).to_be_visible()
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_have_class(re.compile(r"\boffline\b"))
    assert phone.evaluate(SMALL_TEXT) == []
    # The quiet signals' buttons keep their full size (1em), "Show my votes" no smaller than 14 pt.
    size = "(e) => parseFloat(getComputedStyle(e).fontSize)"
    body = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert phone.locator("#quiet-more_time").evaluate(size) == body
