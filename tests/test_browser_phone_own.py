"""A phone's own ideas (phone-own.js) in a room of 90 phones and 150 ideas, on
a 360x740 phone in Debian's chromium: words the same as an idea already on
the list ("More staff" is said many times in a real room) make the sender's
idea theirs, never the other person's; and an idea sent offline is still
theirs when it arrives."""

import pytest
from playwright.sync_api import expect

from harness.attendee import join, to_vote

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
