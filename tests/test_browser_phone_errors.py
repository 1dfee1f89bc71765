"""A field's error on the phone goes once the typing has fixed it, in both
wordings: "write something first" when there are words, "too long" when it
fits. An error typing cannot fix (a missing choice) stays until the next send.
The field points at its error (aria-describedby, aria-invalid) only while
there is one."""

import pytest
from playwright.sync_api import expect

from harness.attendee import join

pytestmark = [pytest.mark.browser]


def described_by(page, field):
    return (page.locator(field).get_attribute("aria-describedby") or "").split()


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_the_empty_box_error_goes_once_there_are_words(room, new_workshop, make_phone, easy):
    room.open(0)
    phone = make_phone(easy)
    join(phone, new_workshop)
    box, error = phone.locator("#idea-text"), phone.locator("#idea-error")
    assert "idea-error" not in described_by(phone, "#idea-text")
    phone.locator("#idea-send").click()
    empty = "Please write something first." if easy else "Please write your idea before sending."
    expect(error).to_have_text(empty)
    expect(phone.locator("#idea-feedback")).to_have_text(empty)
    expect(box).to_have_attribute("aria-invalid", "true")
    assert "idea-error" in described_by(phone, "#idea-text")
    expect(box).to_be_focused()

    phone.keyboard.type("B")
    expect(error).to_be_hidden()
    expect(phone.locator("#idea-feedback")).to_be_empty()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    assert "idea-error" not in described_by(phone, "#idea-text")
    assert described_by(phone, "#idea-text") == ["idea-help", "idea-count"]
    expect(phone.locator("#idea-error + .listen-message")).to_be_hidden()

    # Too long: the error stays while it is too long, and goes once it fits.
    box.fill("x" * 502)
    phone.locator("#idea-send").click()
    expect(error).to_be_visible()
    expect(error).not_to_have_text(empty)
    box.press("End")
    box.press("Backspace")
    expect(error).to_be_visible()  # 501: still too long
    box.press("Backspace")
    expect(error).to_be_hidden()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    phone.locator("#idea-send").click()
    expect(phone.locator("#status")).to_have_text(
        "Thank you. We got your idea." if easy else "Idea sent. Thank you."
    )
    assert room.rows("SELECT length(text) AS n FROM ideas") == [{"n": 500}]


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_a_story_error_goes_when_typing_fixed_it_and_stays_when_not(
    room, new_workshop, make_phone, easy
):
    phone = make_phone(easy)
    join(phone, new_workshop)
    phone.locator("#story-area summary").click()
    story, error = phone.locator("#story-text"), phone.locator("#story-error")
    phone.locator("#story-send").click()
    expect(error).to_be_visible()
    expect(story).to_have_attribute("aria-invalid", "true")
    phone.locator("#story-text").press_sequentially("We waited")
    expect(error).to_be_hidden()
    expect(story).not_to_have_attribute("aria-invalid", "true")
    assert "story-error" not in described_by(phone, "#story-text")

    # No quoting choice yet: typing more does not fix that, so it stays.
    phone.locator("#story-send").click()
    quote = "Please pick Yes or No." if easy else "Please choose whether we may quote"
    expect(error).to_contain_text(quote)
    story.press_sequentially(" a long time")
    expect(error).to_contain_text(quote)
    expect(story).to_have_attribute("aria-invalid", "true")
    assert room.rows("SELECT * FROM stories") == []
