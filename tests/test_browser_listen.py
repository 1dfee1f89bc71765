"""Listen on everything (issue 25, item 4), in a real chromium: a Listen
button on every phone view in either wording (the role choice, errors,
confirmations, Plan choices, kept words, the ended page), the ideas list
read one after another, words highlighted as they are read, device voices
preferred, and a plain message where the phone has no voice.

Debian's headless chromium has no speech voices (no speech-dispatcher), so
the "no voice" message is tested for real, and the highlighting through the
same code a boundary event runs (listen.js markWord) on the real page; a
browser that has voices reads for real and is checked for its highlight."""

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join, to_vote, to_write

pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True)]


@pytest.fixture
def room(live_server, new_workshop):
    base, db = live_server
    return Room(base, db, new_workshop)


def voices(page):
    return page.evaluate(
        """() => new Promise((done) => {
            const now = speechSynthesis.getVoices();
            if (now.length) return done(now.length);
            speechSynthesis.addEventListener('voiceschanged', () => done(speechSynthesis.getVoices().length));
            setTimeout(() => done(speechSynthesis.getVoices().length), 2000);
        })"""
    )


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_listen_is_on_every_phone_view_in_either_wording(room, new_workshop, make_phone, easy):
    phone = make_phone(easy)
    join(phone, new_workshop)
    expect(phone.locator("#waiting > .listen")).to_be_visible()
    phone.locator("#role-change").click()
    expect(phone.locator("#role-form fieldset > .listen")).to_be_visible()
    expect(phone.locator("#role-form fieldset > .listen")).to_have_accessible_name(
        "Listen: " + ("Who are you? Pick one." if easy else "Who are you?")
    )
    phone.locator("#role-cancel").click()
    room.open(0)
    expect(phone.locator(".question-head > .listen")).to_be_visible()
    # An error, then a confirmation: each gets its own Listen while it has words.
    phone.locator("#idea-send").click()
    message = phone.locator("#idea-error + .listen-message")
    expect(message).to_be_visible()
    expect(message).to_have_accessible_name("Listen to this message")
    expect(message).to_have_accessible_description(
        "Please write something first." if easy else "Please write your idea before sending."
    )
    phone.locator("#idea-text").fill("A lunch club at the day centre")
    phone.locator("#idea-send").click()
    expect(phone.locator("#idea-feedback")).not_to_be_empty()
    expect(phone.locator("#idea-feedback + .listen-message")).to_be_visible()
    expect(phone.locator("#idea-error + .listen-message")).to_be_hidden()
    to_vote(phone)
    expect(phone.locator("#listen-all")).to_be_visible()
    # Words being typed when the question moves on are kept, and Listen reads them too.
    to_write(phone)
    phone.locator("#idea-text").fill("Half a thought about transport")
    room.open(1)
    # The words stay in their box while typed (phone-focus.js); following the new
    # question puts them in the kept words.
    phone.locator("#news-follow").click()
    expect(phone.locator("#kept > .listen")).to_be_visible()
    kept = phone.evaluate("WorkshopListen.words(document.getElementById('kept')).text")
    assert "Half a thought about transport" in kept
    assert "Listen" not in kept and "Delete" not in kept  # buttons are not read
    assert phone.locator("#kept > .listen").bounding_box()["height"] >= 44
    assert axe_violations(phone) == []
    room.console("end_workshop")
    expect(phone.locator("#ended > .listen")).to_be_visible()
    ended = phone.evaluate("WorkshopListen.words(document.getElementById('ended')).text")
    assert ended.startswith("The meeting has ended." if easy else "This workshop has ended.")
    assert ("We kept what you sent for the report." in ended) is easy


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_listen_is_on_the_doors_waiting_page_in_either_wording(
    room, new_workshop, make_phone, easy
):
    """Past the head count a phone waits at the door: Listen there too, in the
    wording shown, reading that wording only."""
    room.console("set_capacity", capacity=1)
    room.attendee("carer")
    phone = make_phone(easy)
    phone.goto(new_workshop["join_url"])
    phone.get_by_label("Person who receives care and support").first.check()
    phone.locator("form.stack button[type=submit]").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Please wait")
    listen = phone.locator("#door-words > .listen")
    expect(listen).to_be_visible()
    expect(listen).to_have_accessible_name("Listen: please wait")
    assert listen.bounding_box()["height"] >= 44
    read = phone.evaluate("WorkshopListen.words(document.getElementById('door-words')).text")
    assert ("It moves on by itself when you are let in." in read) is not easy
    assert ("It will change by itself." in read) is easy
    assert "Listen" not in read
    assert axe_violations(phone) == []


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_listen_is_on_the_sorry_page_in_either_wording(live_server, make_phone, easy):
    """A mistyped code's page has Listen too, reading the wording shown."""
    phone = make_phone(easy)
    phone.goto(f"{live_server[0]}/j/NOSUCH")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sorry")
    listen = phone.get_by_role("button", name="Listen: sorry")
    expect(listen).to_be_visible()
    # One Listen for the page, in one wording: not "Listen to this message" as well.
    expect(phone.locator("button.listen:visible")).to_have_count(1)
    read = phone.evaluate("WorkshopListen.words(document.getElementById('sorry-words')).text")
    assert ("We cannot find this page." in read) is easy
    assert "Listen" not in read
    assert axe_violations(phone) == []


def test_the_ideas_list_is_read_one_after_another_with_words_highlighted(
    room, new_workshop, make_phone
):
    phone = make_phone(True)
    question = room.open(0)
    other = room.attendee("provider")
    for text in ("Lunch club", "Paid jobs at the cafe", "Garden group"):
        room.idea(other, question, text)
    join(phone, new_workshop)
    to_vote(phone)
    expect(phone.locator("#ideas li[data-idea]")).to_have_count(3)
    read = phone.evaluate("WorkshopListen.listWords(document.getElementById('ideas'))")
    # In the order the list shows them, each said with its place.
    shown = phone.locator("#ideas li[data-idea] .idea-text").all_inner_texts()
    assert sorted(shown) == ["Garden group", "Lunch club", "Paid jobs at the cafe"]
    assert [r.split(" ", 4)[4].split(".")[0] for r in read] == shown
    assert read[0].startswith(f"Idea 1 of 3. {shown[0]}.")
    assert all("Vote" not in r and "Listen" not in r for r in read)
    # A word boundary maps back to the very word on the page, highlighted.
    head = "document.querySelector('.question-head')"
    text = phone.evaluate(f"WorkshopListen.words({head}).text")
    at = text.index("good things")
    word = phone.evaluate(f"WorkshopListen.markWord({head}, {at}, {at + 4})")
    assert word == "good"
    marked = phone.evaluate("[...CSS.highlights.get('listen-word')].map((r) => r.toString())")
    assert marked == ["good"]

    listen_all = phone.locator("#listen-all")
    listen_all.click()
    if voices(phone):
        # A browser with voices: reading starts, the first idea is marked and its sentence lit.
        expect(phone.locator("#ideas li.listen-current")).to_have_count(1)
        assert phone.evaluate("CSS.highlights.has('listen-sentence')")
        listen_all.click()  # a second press stops
        expect(phone.locator("#ideas li.listen-current")).to_have_count(0)
    else:
        expect(phone.locator("#listen-all + .listen-note")).to_have_text(
            "This phone has no voice for reading. Ask someone to help you add one."
        )
        expect(listen_all).to_have_text("Listen to all the ideas")


def test_a_phone_with_no_voice_says_so_and_one_without_speech_too(room, new_workshop, make_phone):
    room.open(0)
    phone = make_phone(False)
    phone.add_init_script("""
        window.__spoken = [];
        const speak = speechSynthesis.speak.bind(speechSynthesis);
        speechSynthesis.speak = (u) => { window.__spoken.push([u.text, u.voice && u.voice.localService]); speak(u); };
    """)
    join(phone, new_workshop)
    phone.wait_for_timeout(300)
    assert phone.evaluate("window.__spoken") == []  # nothing plays by itself
    listen = phone.locator(".question-head > .listen")
    expect(listen).to_be_visible()  # in the standard wording too
    listen.click()
    # It tries even with no voice listed (a phone's default may still read), a sentence at a time.
    phone.wait_for_function("window.__spoken.length > 0")
    spoken = phone.evaluate("window.__spoken")
    assert spoken[0][0].strip().startswith("As we think about")  # the wording shown
    if voices(phone):
        has_local = phone.evaluate("speechSynthesis.getVoices().some((v) => v.localService)")
        assert all(local for _, local in spoken) or not has_local  # the device's own voice first
    else:
        # Debian's headless chromium: no voice at all, and the phone says so in words.
        expect(phone.locator(".question-head .listen-note")).to_have_text(
            "This phone has no voice to read aloud. You can add one in the phone's settings."
        )
        expect(listen).to_have_text("Listen")

    old = make_phone(True)
    old.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    join(old, new_workshop)
    old.locator(".question-head > .listen").click()
    expect(old.locator(".question-head .listen-note")).to_have_text("This phone cannot read aloud.")


def test_device_voices_come_first(make_phone, live_server):
    base, _ = live_server
    phone = make_phone(False)
    phone.goto(base + "/")
    pick = phone.evaluate(
        """() => {
            const v = (name, lang, localService) => ({ name, lang, localService });
            const list = [v('Online UK', 'en-GB', false), v('Device US', 'en-US', true),
                          v('Device UK', 'en_GB', true), v('Device FR', 'fr-FR', true)];
            return [WorkshopListen.pickVoice(list).name,
                    WorkshopListen.pickVoice(list.slice(0, 2)).name,
                    WorkshopListen.pickVoice([list[0], list[3]]).name,
                    WorkshopListen.pickVoice([])];
        }"""
    )
    assert pick == ["Device UK", "Device US", "Online UK", None]


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_the_tag_choice_has_one_listen_per_thing(room, new_workshop, make_phone, easy):
    """The easy-read note about tags is read by its choice's Listen, not a second one."""
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    tags = phone.locator("#idea-form details.tags")
    tags.locator("summary").click()
    expect(tags.locator(".listen:visible")).to_have_count(2)  # one for each choice
    expect(tags.locator(".tag-note .listen")).to_have_count(0)
    read = phone.evaluate(
        "WorkshopListen.words(document.querySelector('#idea-form fieldset.tag-choice')).text"
    )
    assert ("Your choice goes in the report." in read) is easy
    assert axe_violations(phone) == []


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_the_new_question_banner_has_listen_to_this_message(room, new_workshop, make_phone, easy):
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    phone.locator("#idea-text").click()
    phone.keyboard.type("Half an answer")
    room.open(1)
    expect(phone.locator("#news-text")).to_contain_text(
        "There is a new question." if easy else "A new question is open."
    )
    listen = phone.locator("#news .listen-message")
    expect(listen).to_be_visible()
    expect(listen).to_have_accessible_name("Listen to this message")
    expect(listen).to_have_accessible_description(phone.locator("#news-text").inner_text())
    assert listen.bounding_box()["height"] >= 44
    assert phone.evaluate("document.activeElement.id") == "idea-text"  # it takes no focus
    assert axe_violations(phone) == []
    phone.locator("#news-follow").click()
    expect(phone.locator("#news")).to_be_hidden()
