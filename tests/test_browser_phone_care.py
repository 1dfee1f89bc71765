"""The phone as people use it (issue 12), in a real chromium at 360x740 and
320x640, normal and easy read: nothing filed in the wrong place, closing
announced, feedback beside the control, a list that holds still, who you
are, the gentle timer and read-aloud. Announcements are read from the
polite live region with a MutationObserver."""

import re
import time

import pytest
from playwright.sync_api import expect

from harness.attendee import (
    announced,
    focused,
    join,
    record_announcements,
    tab_to,
    to_vote,
    to_write,
    wait_announced,
)

pytestmark = [pytest.mark.browser, pytest.mark.phone(announcements=True)]

SIZES = {"360x740": {"width": 360, "height": 740}, "320x640": {"width": 320, "height": 640}}
MODES = [
    pytest.param(size, easy, id=f"{size}-{'easy' if easy else 'normal'}")
    for size in SIZES
    for easy in (False, True)
]


def words(page, standard, easy_read):
    return easy_read if page.evaluate("document.body.classList.contains('easy-read')") else standard


@pytest.mark.parametrize("size, easy", MODES)
def test_a_draft_stays_with_its_question_and_is_offered_back(
    room, new_workshop, make_phone, size, easy
):
    phone = make_phone(easy, viewport=SIZES[size])
    first = room.open(0)
    join(phone, new_workshop)
    phone.locator("#idea-text").fill("Half an answer to the first question")
    phone.locator("#idea-text").focus()
    second = room.open(1)
    # Issue 25: the first question stays while its words are being typed; the
    # person follows the banner when they choose.
    expect(phone.locator("#news")).to_be_visible()
    expect(phone.locator("#idea-text")).to_have_value("Half an answer to the first question")
    phone.locator("#news-follow").click()
    # The new question's box starts empty, with a plain note; the words are kept.
    expect(phone.locator("#question-text")).to_have_text(
        words(phone, second["text"], second["easy_read"])
    )
    expect(phone.locator("#idea-text")).to_have_value("")
    expect(phone.locator("#new-box-note")).to_contain_text(
        words(phone, "This is a new question, so the box is empty.", "This is a new question.")
    )
    expect(phone.locator("#kept-title")).to_have_text(
        "This question has closed. Your words are kept here."
    )
    expect(phone.locator("#kept-text")).to_have_value("Half an answer to the first question")
    expect(phone.locator("#kept-question")).to_contain_text(
        words(phone, first["text"], first["easy_read"])[:30]
    )
    # They followed the banner: the focus moves to the kept words, not to the page.
    assert phone.evaluate("document.activeElement.id") == "kept-heading"
    wait_announced(phone, "This question has closed. Your words are kept here.")
    phone.reload()  # kept on this phone
    expect(phone.locator("#kept-text")).to_have_value("Half an answer to the first question")
    assert room.rows("SELECT * FROM ideas") == []

    # By choice, into the box of the question open now; sent there.
    phone.locator("#kept-to-question").click()
    expect(phone.locator("#kept")).to_be_hidden()
    expect(phone.locator("#idea-text")).to_have_value("Half an answer to the first question")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-feedback")).to_have_text(
        words(phone, "Idea sent. Thank you.", "Thank you. We got your idea.")
    )
    [idea] = room.rows("SELECT question_id, text FROM ideas")
    assert idea == {"question_id": second["id"], "text": "Half an answer to the first question"}

    # Closed with nothing open after it: kept, and can become a story.
    phone.locator("#idea-text").fill("My mum's carer knows her well")
    reply = room.facilitator.post(f"{room.api}/questions/{second['id']}/close")
    assert reply.status_code == 200
    phone.locator("#news-follow").click()  # "Keep my words for later"
    expect(phone.locator("#waiting")).to_be_visible()
    expect(phone.locator("#kept-text")).to_have_value("My mum's carer knows her well")
    expect(phone.locator("#kept-to-question")).to_be_hidden()
    phone.locator("#kept-to-story").click()
    expect(phone.locator("#story-text")).to_have_value("My mum's carer knows her well")
    phone.locator("#quote-no").check()
    phone.locator("#story-send").click()
    expect(phone.locator("#story-feedback")).to_have_text(
        words(phone, "Story sent. Thank you.", "Thank you. We got your story.")
    )
    [story] = room.rows("SELECT text, may_quote FROM stories")
    assert story == {"text": "My mum's carer knows her well", "may_quote": 0}
    assert len(room.rows("SELECT * FROM ideas")) == 1  # nothing filed on the closed question


@pytest.mark.parametrize("size, easy", [MODES[0], MODES[3]])
def test_whose_idea_is_chosen_per_idea_and_plan_answers_pick_an_outcome(
    room, new_workshop, make_phone, size, easy
):
    phone = make_phone(easy, viewport=SIZES[size])
    question = room.open(0)
    join(phone, new_workshop, "Voluntary or community organisation", supporter="vcse")
    phone.locator("#idea-text").fill("A job at the cafe")
    phone.locator("#idea-for").select_option("person_receiving_care")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-for")).to_have_value("")  # back to "Me"
    expect(phone.locator("#idea-feedback")).not_to_be_empty()
    phone.locator("#idea-text").fill("My own view as a charity")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-text")).to_have_value("")
    rows = room.rows("SELECT text, author_role, entered_by FROM ideas ORDER BY id")
    for _ in range(50):
        if len(rows) == 2:
            break
        time.sleep(0.1)
        rows = room.rows("SELECT text, author_role, entered_by FROM ideas ORDER BY id")
    assert rows == [
        {
            "text": "A job at the cafe",
            "author_role": "person_receiving_care",
            "entered_by": "supporter",
        },
        {"text": "My own view as a charity", "author_role": "vcse", "entered_by": "supporter"},
    ]

    seed = room.rows("SELECT id FROM ideas ORDER BY id LIMIT 1")[0]["id"]
    room.console("carry_forward", idea_ids=[seed])
    plan = next(q for q in room.questions if q["stage"] == "plan")
    room.open(room.questions.index(plan))
    expect(phone.locator("#plan-fields")).to_be_visible()
    expect(phone.locator("#plan-outcome")).to_have_value("")  # nothing chosen for them
    phone.locator("#idea-text").fill("Two paid posts a year")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-feedback")).to_have_text(
        words(
            phone,
            "Please choose which outcome your answer is about, or the whole plan.",
            "Please pick which good thing your answer is about.",
        )
    )
    assert phone.evaluate("document.activeElement.id") == "plan-outcome"
    phone.locator("#plan-outcome").select_option("whole")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-text")).to_have_value("")
    expect(phone.locator("#plan-outcome")).to_have_value("")  # chosen afresh each time
    phone.locator("#idea-text").fill("Measured by the posts filled")
    outcome = room.rows("SELECT id FROM provisional_outcomes")[0]["id"]
    phone.locator("#plan-outcome").select_option(str(outcome))
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-text")).to_have_value("")
    for _ in range(50):
        answers = room.rows(
            "SELECT text, outcome_id FROM ideas WHERE question_id = ? ORDER BY id", (plan["id"],)
        )
        if len(answers) == 2:
            break
        time.sleep(0.1)
    assert answers == [
        {"text": "Two paid posts a year", "outcome_id": None},
        {"text": "Measured by the posts filled", "outcome_id": outcome},
    ]
    assert question["stage"] == "analyse"


@pytest.mark.parametrize("size, easy", [MODES[1], MODES[2]])
def test_one_minute_warning_and_the_gentle_timer(room, new_workshop, make_phone, size, easy):
    phone = make_phone(easy, viewport=SIZES[size])
    question = room.open(0)
    room.console("set_timer", question_id=question["id"], seconds=300)
    room.console("start_timer", question_id=question["id"])
    join(phone, new_workshop)
    expect(phone.locator("#question-text")).to_be_visible()
    expect(phone.locator("#time-left")).to_be_hidden()  # off by default: the facilitator's choice
    room.console("set_phone_timer", on=True)
    expect(phone.locator("#time-left")).to_be_visible()
    text = phone.locator("#time-text").inner_text()
    assert re.fullmatch(r"About [45] minutes left( for this question)?\.", text), text
    assert not re.search(r"\d:\d\d", text)  # minutes only, never a ticking clock
    assert phone.locator("#time-left").get_attribute("role") is None  # never interrupts
    room.console("warn_closing", question_id=question["id"])
    expect(phone.locator("#closing-soon")).to_be_visible()
    said = words(
        phone,
        "The facilitator will close this question in about one minute. Your words will be kept.",
        "This question ends in about one minute. Your words will be kept.",
    )
    expect(phone.locator("#closing-text")).to_have_text(said)
    wait_announced(phone, said)
    phone.reload()  # still shown after a reload
    expect(phone.locator("#closing-soon")).to_be_visible()


@pytest.mark.parametrize("size, easy", [MODES[0], MODES[3]])
def test_the_list_holds_still_and_moderation_shows_in_place(
    room, new_workshop, make_phone, size, easy
):
    phone = make_phone(easy, viewport=SIZES[size])
    question = room.open(0)
    other = room.attendee("provider")
    typo = room.idea(other, question, "Lunch clubb on Fridays")
    duplicate = room.idea(other, question, "A Friday lunch club")
    join(phone, new_workshop)
    to_vote(phone)
    vote = phone.locator(f"li[data-idea='{typo['id']}'] button:not(.listen)")
    vote.scroll_into_view_if_needed()
    before = vote.bounding_box()["y"]
    for n in range(3):
        room.idea(other, question, f"Another idea {n}")
    button = phone.locator("#show-new")
    expect(button).to_have_text(words(phone, "3 new ideas: show them", "3 new ideas. Show them."))
    assert vote.bounding_box()["y"] == before  # nothing moved under the finger
    wait_announced(
        phone,
        words(
            phone,
            "New ideas have come in. The button after the list shows them.",
            "There are new ideas. The button after the list shows them.",
        ),
    )
    phone.wait_for_timeout(300)  # room for a second announcement, if there were one
    said = [s for s in announced(phone) if s.startswith(("New ideas", "There are new ideas"))]
    assert len(said) == 1  # announced once, not once per idea

    vote.click()  # feedback beside the button that was pressed
    item = phone.locator(f"li[data-idea='{typo['id']}']")
    expect(item.locator(".feedback")).to_contain_text(
        words(phone, "Vote counted. 2 votes left.", "Your vote is counted. You have 2 votes left.")
    )
    # A facilitator's typo fix arrives in place, no reload.
    phone.evaluate("window.notReloaded = true")
    started = time.monotonic()
    room.console("edit_idea", idea_id=typo["id"], text="Lunch club on Fridays")
    expect(item.locator(".idea-text")).to_have_text("Lunch club on Fridays")
    print(f"\nedit to phone: {(time.monotonic() - started) * 1000:.0f} ms")
    # A merge: the duplicate goes, the vote stays with the idea it joined.
    room.console("merge_ideas", idea_id=typo["id"], into=duplicate["id"])
    expect(item).to_have_count(0)
    kept = phone.locator(f"li[data-idea='{duplicate['id']}'] button:not(.listen)")
    expect(kept).to_have_text(words(phone, "Take my vote back", "Take my vote back"))
    assert phone.evaluate("window.notReloaded") is True

    button.click()
    expect(phone.locator("#ideas li[data-idea]")).to_have_count(4)
    expect(button).to_be_hidden()


@pytest.mark.parametrize("size, easy", [MODES[1], MODES[2]])
def test_you_joined_as_and_a_role_change_counts_from_then_on(
    room, new_workshop, make_phone, size, easy
):
    phone = make_phone(easy, viewport=SIZES[size])
    question = room.open(0)
    join(phone, new_workshop, "Family or unpaid carer")
    expect(phone.locator("#you-text")).to_have_text(
        words(
            phone,
            "You joined as: family or unpaid carer.",
            "You said: I look after someone in my family.",
        )
    )
    phone.locator("#idea-text").fill("Respite at weekends")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-text")).to_have_value("")
    phone.locator("#role-change").click()
    expect(phone.locator("#role-change")).to_have_attribute("aria-expanded", "true")
    assert phone.evaluate("document.activeElement.id") == "new-role-carer"
    phone.locator("label[for='new-role-provider']").click()
    phone.locator("#role-save").click()
    expect(phone.locator("#role-feedback")).to_contain_text(
        words(phone, "From now on", "We changed who you are.")
    )
    expect(phone.locator("#you-text")).to_have_text(
        words(
            phone,
            "You joined as: care provider.",
            "You said: I work for a company that gives care.",
        )
    )
    assert phone.evaluate("document.activeElement.id") == "role-change"
    phone.locator("#idea-text").fill("Staff training time")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-text")).to_have_value("")
    for _ in range(50):
        rows = room.rows("SELECT text, author_role FROM ideas ORDER BY id")
        if len(rows) == 2:
            break
        time.sleep(0.1)
    assert rows == [
        {"text": "Respite at weekends", "author_role": "carer"},
        {"text": "Staff training time", "author_role": "provider"},
    ]
    assert room.rows("SELECT role FROM participants") == [{"role": "provider"}]
    assert question["id"]


def test_listen_reads_aloud_only_when_asked_and_says_when_it_cannot(room, new_workshop, make_phone):
    room.open(0)
    phone = make_phone(True)
    phone.add_init_script("""
        window.__spoken = [];
        if (window.speechSynthesis) {
          const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
          window.speechSynthesis.speak = (u) => { window.__spoken.push([u.text, u.lang]); speak(u); };
        }
    """)
    join(phone, new_workshop)
    expect(phone.locator("#question-text")).to_be_visible()
    phone.wait_for_timeout(300)
    assert phone.evaluate("window.__spoken") == []  # nothing plays by itself
    listen = phone.locator(".question-head > .listen")
    expect(listen).to_be_visible()
    listen.click()
    spoken = phone.evaluate("window.__spoken")  # a sentence at a time (listen.js)
    text = " ".join(said for said, _ in spoken)
    assert text.strip().startswith("What extra good things")
    assert {lang for _, lang in spoken} == {"en-GB"}
    assert "Listen" not in text

    # An old phone without speech: it says so, in words beside the button.
    old = make_phone(True, viewport=SIZES["320x640"])
    old.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    join(old, new_workshop)
    old.locator(".question-head > .listen").click()
    expect(old.locator(".question-head .listen-note")).to_have_text("This phone cannot read aloud.")


def test_easy_read_is_one_thing_at_a_time_and_the_story_folds_away(room, new_workshop, make_phone):
    room.open(0)
    phone = make_phone(True)
    join(phone, new_workshop)
    expect(phone.locator("#idea-text")).to_be_visible()
    expect(phone.locator("#ideas-heading")).to_be_hidden()
    expect(phone.locator("#story-text")).to_be_hidden()  # folded away
    expect(phone.locator("details.tags fieldset").first).to_be_hidden()
    to_vote(phone)
    expect(phone.locator("#ideas-heading")).to_be_visible()
    expect(phone.locator("#idea-text")).to_be_hidden()
    assert phone.locator("#to-write").bounding_box()["height"] >= 56  # big next and back
    to_write(phone)
    expect(phone.locator("#idea-text")).to_be_visible()


@pytest.mark.parametrize("size, easy", [MODES[0], MODES[3]])
def test_kept_words_and_a_role_change_by_keyboard_alone(room, new_workshop, chromium, size, easy):
    context = chromium.new_context(viewport=SIZES[size])  # a keyboard, no touch
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    page = context.new_page()
    record_announcements(page)
    try:
        room.open(0)
        join(page, new_workshop, "Family or unpaid carer")
        tab_to(page, "textarea#idea-text")
        page.keyboard.type("Typed with the keyboard")
        second = room.open(1)
        expect(page.locator("#news")).to_be_visible()
        assert focused(page) == "textarea#idea-text"  # issue 25: the focus stays put
        for _ in range(10):  # back up to the banner's button, just above
            page.keyboard.press("Shift+Tab")
            if focused(page) == "button#news-follow":
                break
        page.keyboard.press("Enter")
        expect(page.locator("#kept")).to_be_visible()
        assert focused(page) == "h2#kept-heading"  # the focus moved with the words
        tab_to(page, "textarea#kept-text")
        tab_to(page, "button#kept-to-question")
        page.keyboard.press("Enter")
        assert focused(page) == "textarea#idea-text"
        expect(page.locator("#idea-text")).to_have_value("Typed with the keyboard")
        tab_to(page, "button#idea-send")
        page.keyboard.press("Enter")
        expect(page.locator("#idea-feedback")).not_to_be_empty()
        for _ in range(50):
            rows = room.rows("SELECT question_id, author_role FROM ideas")
            if rows:
                break
            page.wait_for_timeout(100)
        assert rows == [{"question_id": second["id"], "author_role": "carer"}]

        page.keyboard.press("Shift+Tab")
        for _ in range(40):  # back up to "Change"
            if focused(page) == "button#role-change":
                break
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")
        assert focused(page) == "input#new-role-carer"
        page.keyboard.press("ArrowDown")  # radios choose with the arrows
        expect(page.locator("#new-role-provider")).to_be_checked()
        tab_to(page, "button#role-save")
        page.keyboard.press("Enter")
        expect(page.locator("#role-form")).to_be_hidden()
        assert focused(page) == "button#role-change"
        expect(page.locator("#role-feedback")).not_to_be_empty()
        wait_announced(page, page.locator("#role-feedback").inner_text())
    finally:
        context.close()
    assert room.rows("SELECT role FROM participants") == [{"role": "provider"}]
