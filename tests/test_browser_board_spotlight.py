"""The board's spotlight follows the live tallies, at 1920x1080 in Debian's chromium.

One idea shown large (the console's Spotlight) keeps its count as the rest of
the wall does: a vote arriving adds to it, a vote taken back takes from it
(none left: no count at all, never "0 votes"), hidden results show no count
and revealed ones show it again, and End keeps what the wall showed. An idea
hidden or merged by moderation leaves the wall, and a tally arriving after
never draws it back. Each state is screenshot into screenshots/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness.attendee import Room

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

WALL = {"width": 1920, "height": 1080}
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
# Time for a tally push to reach the board (the server sends them a few times a
# second), before saying that no count came: a wait, not a timing assertion.
SETTLE_MS = 1500


@pytest.fixture
def room(live_server, new_workshop):
    built = Room(*live_server, new_workshop)
    built.links = new_workshop
    built.question = built.open(0)
    built.voters = [built.attendee(role) for role in ("provider", "carer", "commissioner")]
    built.ideas = [
        built.idea(built.voters[0], built.question, "Visits that are never shorter than booked"),
        built.idea(built.voters[1], built.question, "The same carer each week, so trust can grow"),
        built.idea(built.voters[2], built.question, "A number to ring that someone answers"),
    ]
    return built


def vote(room, who, idea):
    reply = room.voters[who].post(f"{room.api}/votes", json={"idea_id": idea["id"]})
    assert reply.status_code == 201, reply.text
    return reply.json()["vote"]["client_id"]


def withdraw(room, who, client_id):
    reply = room.voters[who].delete(f"{room.api}/votes/{client_id}")
    assert reply.status_code == 200, reply.text


def card_votes(page, idea):
    """The count on an idea's card on the wall."""
    return page.locator(f"#view .card[data-idea-id='{idea['id']}'] .votes")


def test_the_spotlight_follows_votes_results_moderation_and_end(chromium, room):
    context = chromium.new_context(viewport=WALL)
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    spot = page.locator("#view .spotlight")
    count = page.locator("#view .spotlight .card-votes")

    def shot(name):
        page.screenshot(path=str(SHOTS / f"board-spotlight-{name}.png"))

    try:
        first, second, third = room.ideas
        page.goto(room.links["board_url"])
        room.console("spotlight_idea", idea_id=first["id"])
        expect(page.locator("#view .spotlight-text")).to_have_text(first["text"])
        expect(count).to_have_count(0)  # nobody voted yet: no count, never "0 votes"

        # Votes arriving while it is shown, then taken back.
        one = vote(room, 0, first)
        expect(count).to_have_text("1 vote")
        two = vote(room, 1, first)
        expect(count).to_have_text("2 votes")
        shot("votes")
        withdraw(room, 1, two)
        expect(count).to_have_text("1 vote")
        withdraw(room, 0, one)
        expect(count).to_have_count(0)
        shot("withdrawn")

        # The results view behind it: the same.
        room.console("set_board_view", view="results")
        one = vote(room, 0, first)
        expect(count).to_have_text("1 vote")
        room.console("set_board_view", view="ideas")
        expect(count).to_have_text("1 vote")

        # Results hidden: no count, whatever arrives; revealed: the count as it stands.
        room.console("hide_results")
        expect(page.locator("#results-note")).to_be_visible()
        expect(count).to_have_count(0)
        two = vote(room, 1, first)
        page.wait_for_timeout(SETTLE_MS)
        expect(count).to_have_count(0)
        shot("results-hidden")
        room.console("reveal_results")
        expect(count).to_have_text("2 votes")

        # End while spotlit: the wall keeps the idea and its count; a late vote is refused.
        room.console("end_workshop")
        expect(page.locator("#question-text")).to_have_text("This workshop has ended. Thank you.")
        expect(page.locator("#view .spotlight-text")).to_have_text(first["text"])
        expect(count).to_have_text("2 votes")
        late = room.voters[2].post(f"{room.api}/votes", json={"idea_id": first["id"]})
        assert late.status_code >= 400, late.text
        page.wait_for_timeout(SETTLE_MS)
        expect(count).to_have_text("2 votes")
        shot("ended")
        reopened = room.facilitator.post(
            f"{room.api}/console/reopen_workshop", json={"confirm": True}
        )
        assert reopened.status_code == 200, reopened.text

        # Hidden by moderation: off the wall, and a tally arriving after does not bring it back.
        room.console("hide_idea", idea_id=first["id"])
        expect(spot).to_have_count(0)
        expect(page.locator("#view .card").first).to_be_visible()
        vote(room, 2, second)
        expect(card_votes(page, second)).to_have_text("1 vote")
        assert first["text"] not in page.locator("main.board").inner_text()
        shot("hidden")
        # Its votes went back to the voters when it was hidden: restored, it has none.
        room.console("restore_idea", idea_id=first["id"])
        expect(page.locator(f"#view [data-idea-id='{first['id']}']")).to_be_visible()
        page.wait_for_timeout(SETTLE_MS)
        expect(spot).to_have_count(0)  # hiding took it out of the spotlight for good
        assert "2 votes" not in page.locator("main.board").inner_text()

        # Merged by moderation: the spotlit idea leaves, its votes go to the idea it joined.
        room.console("spotlight_idea", idea_id=second["id"])
        expect(page.locator("#view .spotlight-text")).to_have_text(second["text"])
        expect(count).to_have_text("1 vote")
        vote(room, 0, third)
        room.console("merge_ideas", idea_id=second["id"], into=third["id"])
        expect(spot).to_have_count(0)
        expect(card_votes(page, third)).to_have_text("2 votes")
        vote(room, 1, third)
        expect(card_votes(page, third)).to_have_text("3 votes")
        assert second["text"] not in page.locator("main.board").inner_text()
        shot("merged")
    finally:
        context.close()
