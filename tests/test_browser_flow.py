"""A phone, the board and the console in a real browser (Debian's chromium)."""

import pytest
from playwright.sync_api import expect

from harness.browser import no_dialogs

pytestmark = pytest.mark.browser


def test_phone_joins_by_qr_url_and_its_idea_shows_on_the_board(new_workshop, phone, desktop):
    console = desktop
    console.goto(new_workshop["console_url"])
    expect(console.locator("#connection")).to_have_text("Live")
    console.get_by_role("button", name="Open: As we think about").click()
    # The message shows where the action was taken: the agenda panel.
    expect(console.locator("#panel-agenda .status")).to_contain_text("Opened")

    board = console.context.new_page()
    board.goto(new_workshop["board_url"])
    expect(board.locator("#question-text")).to_contain_text("added differences")

    dialogs = no_dialogs(phone)
    phone.goto(new_workshop["join_url"])
    expect(phone.get_by_text("We do not ask your name.")).to_be_visible()
    phone.get_by_label("Person who receives care and support").check()
    phone.get_by_role("button", name="Join the workshop").click()
    expect(phone.locator("#question-text")).to_contain_text("added differences")
    phone.get_by_label("Your idea").fill("<img src=x onerror=alert(1)> Paid jobs for us")
    phone.get_by_role("button", name="Send idea").click()
    expect(phone.locator("#status")).to_have_text("Idea sent. Thank you.")

    card = board.locator(".card").first
    expect(card).to_contain_text("<img src=x onerror=alert(1)> Paid jobs for us")
    expect(card).to_contain_text("★ Person who receives care and support")
    phone.get_by_role("button", name="Vote for: <img").click()
    expect(phone.locator("#dots-left")).to_have_text("You have 2 of 3 votes left.")
    expect(card.locator(".votes")).to_have_text("1 vote")
    assert dialogs == []
