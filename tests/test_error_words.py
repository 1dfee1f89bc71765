"""Issue 25, item 8: one table of the server's refusal codes and their words
(workshop/room/error_words.py). Every code the server can send has words,
standard and easy read; the phone shows them, not "Something went wrong"."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, join
from tests.test_easy_read import problems
from workshop.room import error_words
from workshop.room.errors import Conflict

ROOT = Path(__file__).resolve().parents[1]
# `code="x"`, `code = "x"` (a class's own) and `Invalid("...", "x")`.
CODE = re.compile(r'\bcode\s*=\s*"([a-z_]+)"|raise \w+\(.*, "([a-z_]+)"\)$')


def codes_in_source():
    found = set()
    for path in (ROOT / "workshop").rglob("*.py"):
        for line in path.read_text().splitlines():
            for match in CODE.finditer(line.strip()):
                found.add(match[1] or match[2])
    return found


def test_every_code_the_server_can_send_has_words():
    codes = codes_in_source()
    assert {"slow_down", "workshop_ended", "waiting", "question_closed"} <= codes
    assert len(codes) > 60
    unworded = codes - set(error_words.ATTENDEE) - error_words.STAFF_ONLY
    assert unworded == set(), "give these codes words in workshop/room/error_words.py"
    assert set(error_words.ATTENDEE) & error_words.STAFF_ONLY == set()


def test_the_words_are_plain_and_easy_read_is_short():
    found = []
    for code, (standard, easy) in error_words.ATTENDEE.items():
        assert standard and easy, code
        found += problems(f"error_words {code}", easy)
    assert found == []


def test_every_refusal_carries_its_easy_read_words():
    assert Conflict("x", code="slow_down").to_dict()["easy_read"] == (
        "You are sending very fast. Please wait a little."
    )
    assert error_words.easy_read("http_429") == error_words.easy_read("slow_down")
    assert error_words.easy_read("no_such_code") == "Something went wrong. Please try again."


@pytest.mark.browser
def test_a_phone_in_easy_read_says_slow_down_in_its_own_words(live_server, new_workshop, chromium):
    room = Room(*live_server, new_workshop)
    question = room.open(0)
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
    try:
        phone = context.new_page()
        join(phone, new_workshop)
        # The phone's own cookie spends its ideas for the minute, then the box refuses one.
        for n in range(12):
            reply = phone.request.post(
                f"{room.api}/ideas", data={"question_id": question["id"], "text": f"Idea {n}"}
            )
            assert reply.status == 201, reply.text()
        phone.locator("#idea-text").fill("One idea too many")
        phone.locator("#idea-send").click()
        # slow_down passes: the phone keeps the idea to send again (errors.RETRY), and
        # says why in its own easy-read words.
        expect(phone.locator("#status")).to_contain_text(
            "You are sending very fast. Please wait a little."
        )
        expect(phone.locator("#outbox-list")).to_contain_text("One idea too many")
    finally:
        context.close()
