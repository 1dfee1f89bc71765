"""A phone's own ideas (phone-own.js) in a room of 90 phones and 150 ideas, on
a 360x740 phone in Debian's chromium: words the same as an idea already on
the list ("More staff" is said many times in a real room) make the sender's
idea theirs, never the other person's; and an idea sent offline is still
theirs when it arrives. While the room votes on the themes (the idea list is
not shown), each theme says which of the person's ideas went into it, with
"That is not what I meant" there too."""

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import join, to_vote, to_write

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

# The ids listed under "Your ideas" (the first group), in the order shown.
YOURS = """() => {
  const ids = [];
  let inside = false;
  for (const li of document.querySelectorAll('#ideas > li')) {
    if (li.classList.contains('idea-group')) {
      if (inside) break;
      inside = li.textContent.includes('Your ideas');
    } else if (inside && !li.hidden && li.dataset.idea) ids.push(Number(li.dataset.idea));
  }
  return ids;
}"""


@pytest.fixture(scope="module")
def room(full_room):
    return full_room


def sent_ids(room, text):
    return [r["id"] for r in room.rows("SELECT id FROM ideas WHERE text = ? ORDER BY id", (text,))]


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_the_same_words_as_someone_else_make_only_my_idea_mine(room, make_phone, offline):
    theirs = room.ideas[3 if offline else 4]  # already on the list, from another phone
    page = make_phone(easy=False)
    join(page, room.links, role_label="Care provider")
    context = page.context
    if offline:
        context.set_offline(True)
        expect(page.locator("#connection")).not_to_have_text("Connected")
    page.locator("#idea-text").fill(theirs["text"])
    page.locator("#idea-send").click()
    if offline:
        expect(page.locator("#outbox")).to_be_visible()
        page.wait_for_timeout(300)  # the list drawn while the words wait in the outbox
        context.set_offline(False)
        expect(page.locator("#outbox")).to_be_hidden(timeout=15000)  # received
    expect(page.locator("#idea-feedback")).not_to_be_empty()
    ids = sent_ids(room, theirs["text"])
    assert len(ids) == 2 and ids[0] == theirs["id"], ids
    mine = ids[1]
    to_vote(page)
    expect(page.locator(f"#ideas li[data-idea='{mine}']")).to_be_attached()
    page.wait_for_timeout(300)
    assert page.evaluate(YOURS) == [mine]


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_the_vote_on_themes_says_where_my_idea_went(room, make_phone, easy):
    text = f"A swimming club on Tuesdays ({'easy' if easy else 'normal'})"
    page = make_phone(easy=easy)
    join(page, room.links)
    to_write(page)
    page.locator("#idea-text").fill(text)
    page.locator("#idea-send").click()
    expect(page.locator("#idea-feedback")).not_to_be_empty()
    mine = sent_ids(room, text)[0]
    groups = big_room.tenths(room, first_label="Theme 1")
    groups[3]["ideas"].append(mine)
    big_room.accept_themes(room, groups)
    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    try:
        cards = page.locator("#theme-vote-list > li")
        expect(cards.first).to_be_visible()
        yours = page.locator("#theme-vote-list .theme-vote-own .theme-line")
        expect(yours).to_have_count(1)  # one idea of mine, in one theme
        card = cards.filter(has=page.locator(".theme-vote-own .theme-line"))
        expect(card.locator(".theme-vote-label")).to_have_text("Theme 4")
        group = "group" if easy else "theme"
        expect(yours).to_have_text(f"Your idea is in this {group}: “{text}”")
        card.locator("button.not-meant").click()
        expect(card.locator(".theme-said")).to_be_visible()
        for _ in range(50):
            said = room.rows("SELECT not_meant_at FROM ideas WHERE id = ?", (mine,))
            if said[0]["not_meant_at"]:
                break
            page.wait_for_timeout(100)
        assert said[0]["not_meant_at"]
        expect(card.locator("button.not-meant")).to_have_count(0)  # once per idea
    finally:
        room.console("set_vote_on", question_id=room.question["id"], vote_on="ideas")
