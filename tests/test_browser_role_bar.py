"""Issue 25 item 9: the board's results bar by role names every role in
words beside a swatch of its own colour and pattern; phones explain the star."""

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join

pytestmark = pytest.mark.browser


def test_each_roles_votes_are_named_and_told_apart_not_by_colour_alone(
    live_server, new_workshop, chromium
):
    room = Room(*live_server, new_workshop)
    question = room.open(0)
    idea = room.idea(room.attendee("carer"), question, "Respite at weekends")
    for role in ("person_receiving_care", "carer", "provider", "commissioner"):
        voter = room.attendee(role)
        reply = voter.post(f"{room.api}/votes", json={"idea_id": idea["id"]})
        assert reply.status_code == 201, reply.text
    room.console("set_board_view", view="results")
    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    try:
        board = context.new_page()
        board.goto(new_workshop["board_url"])
        key = board.locator(".result .role-key").first
        for words in (
            "★ Person who receives care and support 1",
            "Family or unpaid carer 1",
            "Care provider 1",
            "Commissioner 1",
        ):
            expect(key).to_contain_text(words)
        looks = board.evaluate("""() => [...document.querySelectorAll('.result .bar .bar-fill')]
            .map(s => getComputedStyle(s).backgroundColor + getComputedStyle(s).backgroundImage)""")
        assert len(looks) == 4 and len(set(looks)) == 4, looks
        # Each swatch in the key looks like its segment.
        swatches = board.evaluate("""() => [...document.querySelectorAll('.result .role-key .swatch')]
            .map(s => getComputedStyle(s).backgroundColor + getComputedStyle(s).backgroundImage)""")
        assert swatches == looks
        assert axe_violations(board) == []

        phone = context.new_page()
        join(phone, new_workshop)
        expect(phone.locator("#star-key")).to_contain_text(
            "★ marks an idea from an expert by experience"
        )
    finally:
        context.close()
