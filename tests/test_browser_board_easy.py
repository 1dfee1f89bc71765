"""The board in easy read and the board on my phone (issue 25), in a real
chromium: the facilitator chooses the question's wording on the board (the
framework's, easy read with its picture, or both) and has the board's own
computer read it aloud from the console; a phone gets a live, plain-HTML
view of what the wall shows, in words."""

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}
# Every text the board is asked to speak, recorded on its way to the real
# speechSynthesis (which still runs: this records, it does not stand in).
RECORD_SPEECH = """
window.__spoken = [];
const speak = speechSynthesis.speak.bind(speechSynthesis);
speechSynthesis.speak = (u) => { window.__spoken.push(u.text); speak(u); };
"""
# The polite live region of the board-on-my-phone page, as a screen reader hears it.
RECORD_NEWS = """
window.__news = [];
new MutationObserver(() => {
  const node = document.getElementById("bv-news");
  if (node && node.textContent.trim()) window.__news.push(node.textContent.trim());
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


@pytest.fixture
def room(live_server, new_workshop):
    base, db = live_server
    return Room(base, db, new_workshop)


@pytest.fixture
def contexts(chromium):
    made = []

    def make(viewport, easy=None, script=None):
        context = chromium.new_context(viewport=viewport, bypass_csp=True)
        if easy is not None:
            context.add_init_script(
                f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')"
            )
        if script:
            context.add_init_script(script)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


def test_the_board_shows_the_question_in_easy_read_with_its_picture(room, new_workshop, contexts):
    board = contexts(PROJECTOR)
    board.goto(new_workshop["board_url"])
    question = room.open(0)
    expect(board.locator("#question-text")).to_have_text(question["text"])
    expect(board.locator("#question-easy")).to_be_hidden()  # the framework's words by default
    room.console("set_board_wording", wording="both")
    expect(board.locator("#question-easy-text")).to_have_text(question["easy_read"])
    expect(board.locator("#question-text")).to_have_text(question["text"])
    picture = board.locator("#question-picture")
    expect(picture).to_be_visible()
    assert picture.get_attribute("src").endswith("/question.svg")
    assert picture.bounding_box()["height"] >= 80  # readable from the back of the room
    assert axe_violations(board) == []
    room.console("set_board_wording", wording="easy")
    expect(board.locator("#question-text")).to_be_hidden()
    expect(board.locator("#question-easy-text")).to_have_text(question["easy_read"])
    # A risk question carries the risk picture.
    risk = next(i for i, q in enumerate(room.questions) if q["kind"] == "risk")
    room.open(risk)
    expect(board.locator("#question-easy-text")).to_have_text(room.questions[risk]["easy_read"])
    expect(picture).to_have_attribute("src", "/static/img/risk.svg")
    assert axe_violations(board) == []
    # The end of the workshop is said in the wording chosen: here easy read
    # (each wording after End: test_browser_board_ended_easy.py).
    room.console("end_workshop")
    expect(board.locator("#question-easy-text")).to_have_text("The meeting has ended. Thank you.")
    expect(board.locator("#question-text")).to_be_hidden()


def test_read_aloud_on_the_console_speaks_through_the_board(room, new_workshop, contexts):
    board = contexts(PROJECTOR, script=RECORD_SPEECH)
    board.goto(new_workshop["board_url"])
    question = room.open(0)
    expect(board.locator("#question-text")).to_have_text(question["text"])
    # A browser speaks only once someone has clicked its page: the board asks for that click.
    sound = board.locator("#board-sound")
    expect(sound).to_be_visible()
    sound.click()
    expect(sound).to_be_hidden()
    expect(board.locator("#voice-status")).to_have_text("This board can now read aloud.")
    console = contexts({"width": 1440, "height": 900})
    console.goto(new_workshop["console_url"])
    expect(console.locator("#connection")).to_have_text("Live")
    console.locator("#tab-board").click()
    console.get_by_role("button", name="Easy read with a picture").click()
    expect(console.get_by_role("button", name="Easy read with a picture")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(board.locator("#question-easy-text")).to_have_text(question["easy_read"])
    console.get_by_role("button", name="Read the question aloud on the board").click()
    expect(console.locator("#panel-board .status")).to_have_text(
        "Every board is reading the question aloud."
    )
    board.wait_for_function("window.__spoken.length > 0")
    assert board.evaluate("window.__spoken") == [question["easy_read"]]
    # Debian's headless chromium has no voice: the board says so on the wall, in words.
    if not board.evaluate("speechSynthesis.getVoices().length"):
        expect(board.locator("#voice-status")).to_have_text(
            "This computer has no voice for reading aloud. Add one in its settings."
        )
    # A board opened later is not made to speak by an old request.
    late = contexts(PROJECTOR, script=RECORD_SPEECH)
    late.goto(new_workshop["board_url"])
    expect(late.locator("#question-easy-text")).to_have_text(question["easy_read"])
    late.wait_for_timeout(500)
    assert late.evaluate("window.__spoken") == []
    assert axe_violations(console) == []


def test_pages_turn_at_the_facilitators_pace_and_new_boards_turn_slowly(room, new_workshop):
    settings = room.facilitator.get(f"{room.api}/snapshot").json()["settings"]
    assert settings["board_seconds"] == 20  # slow enough to read a page aloud
    assert room.console("set_board_paging", seconds=60)["settings"]["board_seconds"] == 60


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_the_board_on_my_phone_says_what_the_wall_shows(room, new_workshop, contexts, easy):
    phone = contexts(PHONE, easy=easy, script=RECORD_NEWS)
    join(phone, new_workshop)
    question = room.open(0)
    other = room.attendee("provider")
    first = room.idea(other, question, "Lunch club")
    link = phone.locator(".board-view-link a")
    expect(link).to_be_visible()
    link.click()
    wording = question["easy_read"] if easy else question["text"]
    expect(phone.locator("#bv-question")).to_have_text(wording)
    expect(phone.locator("#ideas li")).to_have_count(1)
    expect(phone.locator("#ideas li").first).to_contain_text("Lunch club")
    kept = phone.locator("#ideas li").first.element_handle()
    room.idea(other, question, "Garden group")
    expect(phone.locator("#ideas li")).to_have_count(2)
    phone.wait_for_function(
        "(said) => window.__news.includes(said)",
        arg="There is 1 new idea." if easy else "1 new idea on the board.",
    )
    # The list holds still: the first idea keeps its own list item.
    assert phone.evaluate("(li) => li.isConnected", kept)
    # Results by role, in words, once they show (never a count while hidden).
    room.console("hide_results")
    voter = room.attendee("carer")
    assert voter.post(f"{room.api}/votes", json={"idea_id": first["id"]}).status_code == 201
    expect(phone.locator("#bv-results-note")).not_to_be_empty()
    expect(phone.locator("#ideas li").first).not_to_contain_text("vote")
    room.console("reveal_results")
    carer = "someone who looks after a family member" if easy else "Family or unpaid carer"
    expect(phone.locator("#ideas li").first).to_contain_text(f"1 vote: {carer} 1")
    # Themes, when the facilitator has grouped the ideas.
    room.console(
        "accept_themes",
        question_id=question["id"],
        groups=[{"label": "Food and company", "ideas": [first["id"]]}],
    )
    expect(phone.locator("#bv-themes li")).to_have_count(1)
    expect(phone.locator("#bv-themes li")).to_contain_text("Food and company")
    expect(phone.locator("#bv-news")).to_have_attribute("aria-live", "polite")
    expect(phone.locator("#listen-all")).to_be_visible()  # Listen here too
    assert axe_violations(phone) == []
    room.open(1)
    phone.wait_for_function(
        "() => window.__news.some((s) => s.toLowerCase().includes('new question'))"
    )
    expect(phone.locator("#ideas li")).to_have_count(0)


def test_the_read_aloud_button_is_whole_on_the_screen_beside_the_results(
    room, new_workshop, contexts
):
    board = contexts(PROJECTOR)
    board.goto(new_workshop["board_url"])
    question = room.open(0)
    for n in range(30):  # pages of results, so the page line shows too
        room.idea(room.attendee(("carer", "provider")[n % 2]), question, f"Idea number {n}")
    room.console("set_board_view", view="results")
    room.console("hide_results")  # and the note that votes are hidden
    expect(board.locator("#results-note")).to_be_visible()
    # No bar coloured by role on the wall while hidden, so no key to them (test_browser_board_keys).
    expect(board.locator("#role-key")).to_be_hidden()
    # The side column holds the page line and the note beside the results: the one-off
    # "Let this board read aloud" button must still be whole on the projector.
    sound = board.locator("#board-sound")
    expect(sound).to_be_visible()
    box = sound.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= PROJECTOR["width"], box
    sound.click()
    expect(sound).to_be_hidden()


def test_the_read_aloud_button_covers_no_line_of_the_side_column(room, new_workshop, contexts):
    board = contexts(PROJECTOR)
    board.goto(new_workshop["board_url"])
    question = room.open(0)
    for n in range(30):  # pages of ideas, so the page line shows too
        room.idea(room.attendee(("carer", "provider")[n % 2]), question, f"Idea number {n}")
    for kind in ("more_time", "more_time", "not_understood"):
        room.attendee("carer").post(
            f"{room.api}/quiet-signals", json={"question_id": question["id"], "kind": kind}
        )
    room.console("set_quiet_on_board", on=True)
    expect(board.locator("#quiet-board")).to_contain_text("2 people need more time")
    expect(board.locator("#page-indicator")).to_be_visible()
    # The one-off button sits in the corner over the side column: the column's last
    # lines (the quiet signals' counts, the star's key) stay above it, readable.
    sound = board.locator("#board-sound")
    expect(sound).to_be_visible()
    top = sound.bounding_box()["y"]
    for line in ("#quiet-board", ".board-side .legend"):
        box = board.locator(line).bounding_box()
        assert box["y"] + box["height"] <= top, (line, box, top)
