"""Votes the phone sent after End, on a real 360 px phone in both wordings:
a vote taken back while offline still counts when the server refuses the
change (workshop_ended), and the ended section says so, with the end, once,
and after a reload; a dot on a theme refused after a reload is counted as not
counted even though the theme list is never drawn (the workshop has ended)."""

import time

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

IDEAS = ("Paid jobs", "Buses after six", "Friends nearby")
STILL_COUNT = {
    (False, 1): "1 vote you took back still counts: the workshop ended before your change arrived.",
    (True, 1): "You tried to take back your vote. The meeting ended first. Your vote still counts.",
    (False, 2): "2 votes you took back still count: "
    "the workshop ended before your changes arrived.",
    (True, 2): "You tried to take back 2 votes. The meeting ended first. "
    "These 2 votes still count.",
}
NOT_COUNTED = {
    (False, 1): "1 vote you made was not counted: the workshop ended before it arrived.",
    (True, 1): "Your vote did not get to us before the end. It was not counted.",
}
UNVOTE = "Take my vote back"


def on_themes(room, question):
    """Accept two themes and put the question's vote on them."""
    ideas = [i["id"] for i in room.rows("SELECT id FROM ideas ORDER BY id")]
    groups = [{"label": "Jobs", "ideas": ideas[:1]}, {"label": "Travel", "ideas": ideas[1:]}]
    room.console("accept_themes", question_id=question["id"], groups=groups)
    room.console("set_vote_on", question_id=question["id"], vote_on="themes")


def vote_button(phone, text):
    """An idea's Vote (or Take my vote back) button; not its Listen button."""
    return phone.locator(f"#ideas button[aria-label$=': {text}']:not(.listen)")


def standing(room, n, table="votes"):
    """Wait until the server holds n standing votes (sent from the phone)."""
    for _ in range(100):
        if len(room.rows(f"SELECT * FROM {table} WHERE withdrawn_at IS NULL")) == n:
            return
        time.sleep(0.1)
    assert len(room.rows(f"SELECT * FROM {table} WHERE withdrawn_at IS NULL")) == n


def offline(phone):
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_text("Connected")


CASES = [
    ("idea", "shown"),
    ("idea", "hidden"),
    ("theme-dot", "hidden"),
    ("two-and-a-cast", "shown"),
]


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
@pytest.mark.parametrize(("what", "results"), CASES, ids=["-".join(c) for c in CASES])
def test_a_vote_taken_back_at_the_end_still_counts_and_is_said(
    room, new_workshop, make_phone, easy, what, results
):
    """Offline when End came, having taken a vote back (or two, and cast
    another; or a dot on a theme): back online the server refuses each, and the
    ended section says truthfully that the votes taken back still count (and
    the new one was not counted), said once with the end, kept after a reload.
    Reopened, the votes are shown as this phone's again."""
    question = room.open(0)
    someone = room.attendee()
    for text in IDEAS:
        room.idea(someone, question, text)
    if results == "hidden":
        room.console("hide_results")
    if what == "theme-dot":
        on_themes(room, question)
    phone = make_phone(easy)
    record_heard(phone)
    join(phone, new_workshop)
    if easy and what != "theme-dot":  # one thing at a time: write, then see and vote
        phone.locator("#to-vote").click()
    table = "theme_votes" if what == "theme-dot" else "votes"
    taken = 2 if what == "two-and-a-cast" else 1
    if what == "theme-dot":
        dot = phone.locator("[data-theme-vote]").first
        dot.click()
        expect(dot).to_have_text(UNVOTE)
    else:
        for text in IDEAS[:taken]:
            vote_button(phone, text).click()
            expect(vote_button(phone, text)).to_have_text(UNVOTE)
    standing(room, taken, table)

    offline(phone)
    if what == "theme-dot":
        dot.click()
        expect(dot).not_to_have_text(UNVOTE)
    else:
        for text in IDEAS[:taken]:
            vote_button(phone, text).click()
            expect(vote_button(phone, text)).not_to_have_text(UNVOTE)
    if what == "two-and-a-cast":
        vote_button(phone, IDEAS[2]).click()
    room.console("end_workshop")
    phone.context.set_offline(False)

    expect(phone.locator("#ended")).to_be_visible()
    said_once_on_screen(phone)
    back = phone.locator("#ended-taken-back")
    expect(back).to_have_text(STILL_COUNT[easy, taken], use_inner_text=True)
    cast = phone.locator("#ended-votes")
    if what == "two-and-a-cast":
        expect(cast).to_have_text(NOT_COUNTED[easy, 1], use_inner_text=True)
    else:
        expect(cast).to_be_hidden()
    assert axe_violations(phone) == []
    # The truth on the server: the votes taken back still stand, the new one never arrived.
    assert len(room.rows(f"SELECT * FROM {table} WHERE withdrawn_at IS NULL")) == taken
    assert len(room.rows(f"SELECT * FROM {table}")) == taken
    # Said once, with the end (itself heard once).
    phone.wait_for_timeout(1500)  # the live region speaks a moment after the last change
    said = heard(phone)
    assert len([t for t in said if STILL_COUNT[easy, taken] in t]) == 1, said
    assert len([t for t in said if "has ended" in t]) == 1, said
    if what == "two-and-a-cast":
        assert len([t for t in said if NOT_COUNTED[easy, 1] in t]) == 1, said

    # Reopened (no reload: what the phone knows is its own): the votes still
    # count, and the phone shows them as its own. (After a reload: the test below.)
    room.console("reopen_workshop", confirm=True)
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(phone.locator("#ended-taken-back")).to_be_hidden()
    if phone.locator("#to-vote").is_visible():  # easy read, on its writing step
        phone.locator("#to-vote").click()
    if what == "theme-dot":
        expect(phone.locator("[data-theme-vote]").first).to_have_text(UNVOTE)
    else:
        for text in IDEAS[:taken]:
            expect(vote_button(phone, text)).to_have_text(UNVOTE)


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
@pytest.mark.parametrize("what", ["theme-cast", "theme-take-back", "idea-take-back"])
def test_a_vote_refused_after_a_reload_at_the_end_is_said(
    room, new_workshop, make_phone, easy, what
):
    """The phone left (a reload) while offline with a vote in its outbox; End
    pressed meanwhile. Back, the phone sends it before any question or theme
    list is drawn (the workshop has ended, so none is), and the server refuses
    it: the ended section still says it was not counted, or still counts, and
    again after another reload."""
    question = room.open(0)
    someone = room.attendee()
    for text in IDEAS:
        room.idea(someone, question, text)
    if what.startswith("theme"):
        on_themes(room, question)
    phone = make_phone(easy)
    join(phone, new_workshop)
    address = phone.url
    table = "theme_votes" if what.startswith("theme") else "votes"
    if what.startswith("theme"):
        target = phone.locator("[data-theme-vote]").first
    else:
        if easy:
            phone.locator("#to-vote").click()
        target = vote_button(phone, IDEAS[0])
    if what.endswith("take-back"):
        target.click()
        expect(target).to_have_text(UNVOTE)
        standing(room, 1, table)
    offline(phone)
    target.click()
    expect(phone.locator("#outbox")).to_be_hidden()  # votes are not listed there
    outbox = phone.evaluate(f"localStorage.getItem('workshop:{new_workshop['code']}:outbox')")
    assert "vote" in outbox, outbox
    phone.goto("about:blank")  # the phone leaves, its outbox kept
    room.console("end_workshop")
    phone.context.set_offline(False)
    record_heard(phone)
    phone.goto(address)

    expect(phone.locator("#ended")).to_be_visible()
    if what.endswith("take-back"):
        expect(phone.locator("#ended-taken-back")).to_have_text(
            STILL_COUNT[easy, 1], use_inner_text=True
        )
        expect(phone.locator("#ended-votes")).to_be_hidden()
        assert len(room.rows(f"SELECT * FROM {table} WHERE withdrawn_at IS NULL")) == 1
    else:
        expect(phone.locator("#ended-votes")).to_have_text(
            NOT_COUNTED[easy, 1], use_inner_text=True
        )
        expect(phone.locator("#ended-taken-back")).to_be_hidden()
        assert room.rows(f"SELECT * FROM {table}") == []
    code = new_workshop["code"]
    assert phone.evaluate(f"localStorage.getItem('workshop:{code}:outbox')") == "[]"
    # Reloaded again: still said, truthfully.
    line = "#ended-taken-back" if what.endswith("take-back") else "#ended-votes"
    said = phone.locator(line).inner_text()
    phone.reload()
    expect(phone.locator("#ended")).to_be_visible()
    expect(phone.locator(line)).to_have_text(said, use_inner_text=True)
    if what.endswith("take-back"):
        # Reopened: the vote the server kept is shown as this phone's again.
        room.console("reopen_workshop", confirm=True)
        expect(phone.locator("#connection")).to_have_text("Connected")
        if phone.locator("#to-vote").is_visible():  # easy read, on its writing step
            phone.locator("#to-vote").click()
        expect(target).to_have_text(UNVOTE)
