"""In a real browser (issue 15): a long word wraps on the phone, the console
and in the HTML report (item 9); the console's door control locks the door and
shows joins per minute (item 6)."""

import json

import pytest
import requests
from playwright.sync_api import expect

from tests.support.browser import chromium, desktop, live_server, phone  # noqa: F401
from tests.support.servers import workshop_cli

pytestmark = pytest.mark.browser

LONG = "Supercalifragilistic" * 12  # 240 letters, no space


def made(live_server, title):
    base, db = live_server
    links = json.loads(workshop_cli("new", title, "--json", "--public-url", base, db=db).stdout)
    links["key"] = links["console_url"].split("#key=")[1]
    links["api"] = f"{base}/api/w/{links['code']}"
    return links


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_long_word_wraps_on_the_phone_the_console_and_the_report(
    live_server, phone, desktop, tmp_path
):
    links = made(live_server, LONG[:190])
    bearer = {"Authorization": f"Bearer {links['key']}"}
    question = requests.get(links["api"]).json()["questions"][0]
    requests.post(f"{links['api']}/questions/{question['id']}/open", headers=bearer)
    phone.goto(links["join_url"])
    phone.get_by_label("Person who receives care and support").first.check()
    phone.get_by_role("button", name="Join").first.click()
    phone.locator("textarea").first.fill(LONG)
    phone.get_by_role("button", name="Send").first.click()
    expect(phone.get_by_text(LONG[:40], exact=False).first).to_be_visible()
    assert page_width(phone) <= 360
    desktop.goto(links["console_url"])
    expect(desktop.locator("#connection")).to_have_text("Live")
    expect(desktop.get_by_text(LONG[:40], exact=False).first).to_be_visible()
    assert page_width(desktop) <= 1280
    base, db = live_server
    workshop_cli("export", links["code"], "--format", "html", "--out", str(tmp_path), db=db)
    report = next(tmp_path.glob("*.html"))
    desktop.goto(report.as_uri())
    assert page_width(desktop) <= 1280


def test_the_console_locks_the_door_and_counts_joins_per_minute(live_server, desktop):
    links = made(live_server, "Door test")
    for _ in range(2):
        assert (
            requests.post(f"{links['api']}/participants", json={"role": "carer"}).status_code == 201
        )
    desktop.goto(links["console_url"])
    expect(desktop.locator("#connection")).to_have_text("Live")
    expect(desktop.locator("#joins-per-minute")).to_have_text("2 people joined in the last minute.")
    requests.post(f"{links['api']}/participants", json={"role": "provider"})
    expect(desktop.locator("#joins-per-minute")).to_have_text("3 people joined in the last minute.")
    desktop.locator("#door-lock").click()
    expect(desktop.locator("#door-lock")).to_have_text("Open the door")
    refused = requests.post(f"{links['api']}/participants", json={"role": "carer"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "door_closed"
    desktop.locator("#door-lock").click()
    expect(desktop.locator("#door-lock")).to_have_text("Lock the door")
    assert requests.post(f"{links['api']}/participants", json={"role": "carer"}).status_code == 201
