"""One word for a vote in each wording, everywhere on the phone (Debian's
chromium, 360 px, the 150-idea room of harness/big_room.py): the votes left,
the Vote buttons and their names, the counts, a vote too many, and the vote
on themes. Standard said "Vote" on its buttons and "dots" in its counts
("Vote counted. 2 dots left."); both wordings now say votes."""

import re

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import join, to_vote

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
DOT = re.compile(r"\bdots?\b", re.IGNORECASE)

# What a person reads and hears: the text on screen, every control's name and
# description, and every hint (title, placeholder).
SEEN = """() => {
  const names = [...document.querySelectorAll('button, input, select, textarea, [aria-label], [title]')]
    .filter((n) => n.getClientRects().length)
    .map((n) => [n.getAttribute('aria-label'), n.getAttribute('title'), n.getAttribute('placeholder'), n.textContent].join(' '));
  return [document.body.innerText, ...names, ...(window.__announced || [])].join('\\n');
}"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("phone-words") / "room.db"
    with big_room.served(db) as built:
        ids = [i["id"] for i in built.ideas]
        groups = [{"label": f"Theme {n + 1}", "ideas": ids[n::10]} for n in range(10)]
        built.console("accept_themes", question_id=built.question["id"], groups=groups)
        yield built


def dots_in(page):
    return sorted({m.group(0) for m in DOT.finditer(page.evaluate(SEEN))})


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_the_phone_says_votes_never_dots(room, make_phone, easy):
    phone = make_phone(easy, announcements=True)
    join(phone, room.links)
    to_vote(phone)
    items = phone.locator("#ideas li[data-idea]")
    expect(items).to_have_count(150)
    seen = []
    for n in range(3):
        items.nth(n).get_by_role("button", name=re.compile("^Vote for")).click()
        expect(items.nth(n).locator(".feedback")).to_contain_text("left")
        seen += dots_in(phone)
    expect(phone.locator("#dots-left")).to_contain_text("0")
    # One too many: the button says it is spent (aria-disabled) but still explains.
    items.nth(3).get_by_role("button", name=re.compile("^Vote for")).click(force=True)
    expect(items.nth(3).locator(".feedback")).to_contain_text("Take one back")
    seen += dots_in(phone)
    phone.locator("#only-mine").click()
    seen += dots_in(phone)

    room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
    try:
        themes = phone.locator("#theme-vote-list > li")
        expect(themes).to_have_count(10)
        seen += dots_in(phone)
        themes.first.get_by_role("button", name=re.compile("^(Vote for|Put a dot)")).click()
        expect(themes.first.locator(".feedback")).to_contain_text("left")
        seen += dots_in(phone)
    finally:
        room.console("set_vote_on", question_id=room.question["id"], vote_on="ideas")
    assert seen == []
