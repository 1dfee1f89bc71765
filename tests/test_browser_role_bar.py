"""Issue 25 item 9: the board's results bar by role names every role in
words beside a swatch of its own colour and pattern, each segment shows its
count (and the experts' star) at 24 px or more; phones explain the star."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, axe_violations, join

pytestmark = pytest.mark.browser
SHOT = Path(__file__).resolve().parents[1] / "screenshots" / "board-results-role-key.png"


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
        # The key above the results names every role beside its swatch.
        key = board.locator("#role-key")
        for words in (
            "★ Person who receives care and support",
            "Family or unpaid carer",
            "Care provider",
            "Commissioner",
        ):
            expect(key).to_contain_text(words)
        segments = board.locator(".result").first.locator(".bar .bar-fill")
        looks = board.evaluate("""() => [...document.querySelectorAll('.result .bar .bar-fill')]
            .map(s => getComputedStyle(s).backgroundColor + getComputedStyle(s).backgroundImage)""")
        assert len(looks) == 4 and len(set(looks)) == 4, looks
        # Each segment looks like its role's swatch in the key.
        swatches = board.evaluate("""() => [...document.querySelectorAll('.role-key .swatch')]
            .map(s => getComputedStyle(s).backgroundColor + getComputedStyle(s).backgroundImage)""")
        assert set(looks) <= set(swatches) and len(set(swatches)) == len(swatches)
        # Each count is written in its segment in white at 24 px or more on the
        # wall (the experts' with their star), never clipped; the bar shares
        # the line of the idea's votes.
        expect(segments).to_have_text(["★ 1", "1", "1", "1"])
        sizes = segments.evaluate_all(
            """ss => ss.map(s => [parseFloat(getComputedStyle(s).fontSize),
                getComputedStyle(s).color, s.scrollWidth <= s.clientWidth + 1])"""
        )
        assert all(
            size >= 24 and color == "rgb(255, 255, 255)" and whole for size, color, whole in sizes
        ), sizes
        line = board.locator(".result").first.locator(".result-line")
        expect(line.locator(".bar")).to_be_visible()
        expect(line.locator(".votes")).to_have_text("4 votes")
        # And in words, for a screen reader.
        expect(board.locator(".result").first).to_contain_text(
            "Votes by role: ★ Person who receives care and support 1, Family or unpaid carer 1"
        )
        board.locator("main").screenshot(path=str(SHOT))
        assert axe_violations(board) == []

        phone = context.new_page()
        join(phone, new_workshop)
        expect(phone.locator("#star-key")).to_contain_text(
            "★ marks an idea from an expert by experience"
        )
    finally:
        context.close()
