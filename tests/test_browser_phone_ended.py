"""After the facilitator presses End, on a real 360 px phone in both wordings:
nothing offered that can no longer work (role change, writing), a true and
calm connection line, and words not sent when End came kept on the phone and
said so: typed in the box, half a story, or still in the outbox."""

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join

pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True, announcements=True)]

ENDED_LINE = {
    False: "The workshop has ended. Thank you for taking part.",
    True: "The meeting has ended. Thank you for coming.",
}
KEPT_TITLE = {
    False: "These words were not sent: the workshop ended first. They are kept on this phone.",
    True: "These words were not sent. The meeting ended first.",
}


@pytest.fixture
def room(live_server, new_workshop):
    return Room(*live_server, new_workshop)


def end(room):
    room.console("end_workshop")


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_after_end_no_role_change_no_writing_and_a_calm_line(room, new_workshop, make_phone, easy):
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    phone.locator("#role-change").click()  # the role form open when End comes
    phone.locator("#role-choices input").nth(1).check()
    phone.locator("#role-save").click()
    expect(phone.locator("#role-feedback")).not_to_be_empty()
    phone.locator("#role-change").click()
    expect(phone.locator("#role-form")).to_be_visible()
    phone.locator("#idea-text").fill("Half an idea when the end came")
    phone.locator("#story-area summary").click()
    phone.locator("#story-text").fill("Half a story")
    end(room)

    expect(phone.locator("#ended")).to_be_visible()
    expect(phone.locator("#connection")).to_have_text(ENDED_LINE[easy])
    expect(phone.locator("#role-change")).to_be_hidden()
    expect(phone.locator("#role-form")).to_be_hidden()
    expect(phone.locator("#role-feedback")).to_be_empty()
    # The end is said first, above the words kept.
    ended_at = phone.locator("#ended").bounding_box()["y"]
    assert ended_at < phone.locator("#kept").bounding_box()["y"]
    expect(phone.get_by_role("textbox")).to_have_count(1)  # the kept words only
    expect(phone.locator("#idea-text")).to_be_hidden()
    expect(phone.locator("#story-text")).to_be_hidden()
    # What was typed is not lost, and the panel says plainly it was not sent.
    expect(phone.locator("#kept-title")).to_have_text(KEPT_TITLE[easy])
    expect(phone.locator("#kept-text")).to_have_value(
        "Half an idea when the end came\n\nHalf a story"
    )
    expect(phone.locator("#kept-to-question")).to_be_hidden()
    expect(phone.locator("#kept-to-story")).to_be_hidden()
    expect(phone.locator("#kept-delete")).to_be_visible()
    assert room.rows("SELECT * FROM ideas") == [] and room.rows("SELECT * FROM stories") == []
    assert axe_violations(phone) == []

    # A reload after End: the same, and the words still there.
    phone.reload()
    expect(phone.locator("#connection")).to_have_text(ENDED_LINE[easy])
    expect(phone.locator("#role-change")).to_be_hidden()
    expect(phone.locator("#kept-title")).to_have_text(KEPT_TITLE[easy])

    # Reopened: the role change, the story box and the way on come back.
    room.console("reopen_workshop", confirm=True)
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(phone.locator("#role-change")).to_be_visible()
    expect(phone.locator("#story-area")).to_be_visible()
    expect(phone.locator("#kept-to-story")).to_be_visible()
    phone.locator("#kept-delete").click()
    expect(phone.locator("#kept")).to_be_hidden()


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_an_idea_in_the_outbox_when_end_came_is_kept_and_said(room, new_workshop, make_phone, easy):
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_text("Connected")
    phone.locator("#idea-text").fill("Sent on the way out")
    phone.locator("#idea-send").click()
    expect(phone.locator("#outbox")).to_contain_text("Sent on the way out")
    end(room)
    phone.context.set_offline(False)

    # Back online: the server refuses it (ended); the phone keeps it and says why.
    expect(phone.locator("#ended")).to_be_visible()
    expect(phone.locator("#outbox")).to_be_hidden()
    expect(phone.locator("#kept-text")).to_have_value("Sent on the way out")
    expect(phone.locator("#kept-title")).to_have_text(KEPT_TITLE[easy])
    said = "This meeting has ended." if easy else "This workshop has ended."
    phone.wait_for_function("t => (window.__announced || []).some(a => a.includes(t))", arg=said)
    expect(phone.locator("#connection")).to_have_text(ENDED_LINE[easy])
    assert room.rows("SELECT * FROM ideas") == []
    assert phone.evaluate(f"localStorage.getItem('workshop:{new_workshop['code']}:outbox')") == "[]"
