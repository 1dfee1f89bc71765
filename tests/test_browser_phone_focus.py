"""Issue 25 on a real phone-sized chromium: the room moving never takes
focus or keystrokes (items 1 and 2), "Who is this idea from?" only for
supporters (item 10). Screen-reader cases are read from the accessibility
tree and the live regions."""

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join, record_announcements

pytestmark = pytest.mark.browser


@pytest.fixture
def room(live_server, new_workshop):
    return Room(*live_server, new_workshop)


@pytest.fixture
def make_phone(chromium):
    contexts = []

    def make(easy=False):
        context = chromium.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, bypass_csp=True
        )
        context.add_init_script(
            f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')"
        )
        contexts.append(context)
        page = context.new_page()
        record_announcements(page)
        return page

    yield make
    for context in contexts:
        context.close()


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
