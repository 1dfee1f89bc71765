"""Nothing acknowledged is lost, nothing refused for now is dropped: an idea the
server refuses for now (`slow_down`: the phone went too fast) stays in the
phone's outbox, is sent again on its own, and after the server is stopped
(SIGTERM, as systemd does) and a new one started on the same address, it
arrives exactly once (room/errors.py RETRY, static/js/lib/live.js)."""

import json
import signal

import pytest
from playwright.sync_api import expect

from harness.attendee import Room, join
from harness.servers import Serve, workshop_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

IDEAS_A_MINUTE = 12  # workshop/web/limits.py DEFAULTS["idea"]


def send(phone, text):
    phone.get_by_label("Your idea").fill(text)
    phone.get_by_role("button", name="Send idea").click()


def test_an_idea_refused_for_now_is_kept_and_arrives_once_after_a_restart(tmp_path, phone):
    db = tmp_path / "held.db"
    workshop_cli("list", db=db)
    serve = Serve(db)
    try:
        links = json.loads(
            workshop_cli("new", "Held", "--json", "--public-url", serve.base, db=db).stdout
        )
        room = Room(serve.base, db, links)
        room.open(0)
        join(phone, links)
        for n in range(IDEAS_A_MINUTE):
            send(phone, f"Idea number {n}")
            expect(phone.locator("#status")).to_have_text("Idea sent. Thank you.")
        send(phone, "One idea too many this minute")
        # Refused for now: kept, shown as waiting, said so; not put back in the box.
        expect(phone.locator("#status")).to_contain_text("Not sent yet:")
        expect(phone.locator("#outbox")).to_contain_text("One idea too many this minute")
        held = "SELECT COUNT(*) AS n FROM ideas WHERE text = 'One idea too many this minute'"
        assert room.rows(held) == [{"n": 0}]

        serve.process.send_signal(signal.SIGTERM)
        serve.process.wait(20)
        expect(phone.locator("#connection")).to_contain_text("Offline")
        expect(phone.locator("#outbox")).to_contain_text("One idea too many this minute")
        serve = Serve(db, port=serve.port)  # the next server, on the same address

        expect(phone.locator("#connection")).to_have_text("Connected")
        expect(phone.locator("#outbox")).to_be_hidden()
        mine = phone.locator("#ideas li[data-idea]").filter(has_text="One idea too many")
        expect(mine).to_have_count(1)
        assert room.rows(held) == [{"n": 1}]
        assert phone.evaluate(f"localStorage.getItem('workshop:{links['code']}:outbox')") == "[]"
        # Reconnected once more, it is not sent again.
        phone.context.set_offline(True)
        expect(phone.locator("#connection")).to_contain_text("Offline")
        phone.context.set_offline(False)
        expect(phone.locator("#connection")).to_have_text("Connected")
        assert room.rows(held) == [{"n": 1}]
    finally:
        serve.stop()
