"""The phone's idea cards read the same before and after a dropped connection
(Debian's chromium, 360x740), in both wordings, with results shown and hidden.

The snapshot a phone joins with leaves out ideas nobody voted for; the
catch-up after a reconnect, and the push after someone takes their last vote
back, send them with a count of 0. The cards once said "· 0 votes" then, and in
easy read every card grew a line and the list under the reader moved.

A vote with the Wi-Fi gone: the card says once that it is saved (it said so
twice, "It will send soon." over "It will send later."), and easy read's
pictures on "Take my vote back" and beside an error are there offline (first
fetched offline, they failed and stayed blank after the connection came back)."""

import re

import pytest
from playwright.sync_api import expect

from harness.attendee import join, to_vote

pytestmark = pytest.mark.browser

# Each card's words under the idea, and its height, in list order.
CARDS = """() => [...document.querySelectorAll('#ideas li[data-idea]')].map((li) => [
  li.querySelector('.idea-meta').textContent, Math.round(li.getBoundingClientRect().height)])"""


def vote(room, session, idea, client_id):
    reply = session.post(
        f"{room.api}/votes", json={"idea_id": idea["id"], "client_id": client_id}, timeout=10
    )
    assert reply.status_code == 201, reply.text


@pytest.mark.parametrize("hidden", [False, True], ids=["results-shown", "results-hidden"])
@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_cards_hold_their_size_through_a_reconnect(room, new_workshop, make_phone, easy, hidden):
    question = room.open(0)
    other = room.attendee("provider")
    voted = room.idea(other, question, "Apprenticeships for care leavers")
    taken_back = room.idea(other, question, "Keep the buddy scheme")
    room.idea(other, question, "A map of day centres")
    vote(room, other, voted, "reconnect-vote-1")
    if hidden:
        room.console("hide_results")
    phone = make_phone(easy)
    join(phone, new_workshop)
    to_vote(phone)
    cards = phone.locator("#ideas li[data-idea]")
    expect(cards).to_have_count(3)
    counted = cards.filter(has_text="Apprenticeships").locator(".idea-meta")
    if hidden:
        expect(counted).not_to_contain_text("vote")
    else:
        expect(counted).to_contain_text("· 1 vote")

    # Live: a vote, then taken back, leaves no count behind (the push says 0).
    back = cards.filter(has_text="Keep the buddy").locator(".idea-meta")
    vote(room, other, taken_back, "reconnect-vote-2")
    if not hidden:
        expect(back).to_contain_text("· 1 vote")
    assert other.delete(f"{room.api}/votes/reconnect-vote-2", timeout=10).status_code == 200
    if not hidden:
        expect(back).not_to_contain_text("vote")
    before = phone.evaluate(CARDS)

    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_have_class(re.compile(r"\boffline\b"))
    room.idea(other, question, "Idea while you were away")  # proof the catch-up came
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(phone.locator("#show-new")).to_contain_text("1 new idea")

    after = phone.evaluate(CARDS)
    assert after == before
    assert not any("0 votes" in meta for meta, _ in after)
    assert any(meta.endswith("· 1 vote") for meta, _ in after) is not hidden


# A picture loaded as the page would draw it now: its width, 0 if it cannot load.
LOADS = """(url) => new Promise((done) => { const img = new Image();
  img.onload = () => done(img.naturalWidth); img.onerror = () => done(0); img.src = url; })"""


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_a_vote_offline_is_said_saved_once_and_its_pictures_are_there(
    room, new_workshop, make_phone, easy
):
    question = room.open(0)
    other = room.attendee("provider")
    for text in ("Apprenticeships for care leavers", "Keep the buddy scheme"):
        room.idea(other, question, text)
    phone = make_phone(easy)
    join(phone, new_workshop)
    to_vote(phone)
    cards = phone.locator("#ideas li[data-idea]")
    expect(cards).to_have_count(2)
    phone.wait_for_load_state("networkidle")
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_have_class(re.compile(r"\boffline\b"))
    if easy:
        for picture in ("take-back", "problem"):
            assert phone.evaluate(LOADS, f"/symbols/{picture}.svg") > 0, picture

    first, second = cards.nth(0), cards.nth(1)
    first.locator(".idea-actions > button:not(.listen)").click()
    expect(first.locator(".feedback")).to_contain_text("saved")
    expect(first.locator(".vote-note")).to_be_hidden()  # the feedback says it
    # Another vote: the first card's feedback goes, its note says the vote still waits.
    second.locator(".idea-actions > button:not(.listen)").click()
    expect(second.locator(".feedback")).to_contain_text("saved")
    expect(second.locator(".vote-note")).to_be_hidden()
    expect(first.locator(".feedback")).to_be_empty()
    expect(first.locator(".vote-note")).to_be_visible()
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(first.locator(".vote-note")).to_be_hidden()
    expect(second.locator(".vote-note")).to_be_hidden()  # both received
    rows = room.rows("SELECT COUNT(*) AS n FROM votes WHERE withdrawn_at IS NULL")
    assert rows[0]["n"] == 2
