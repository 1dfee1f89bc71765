"""Screenshots of easy read first and its pictures (issue 25), on a 360 px
phone: the join page's side-by-side choice (standard, easy read, and a
workshop whose default is easy read), the supporter list, outreach and the
waiting page in easy words, and a picture beside errors, the tag's honest
note, Yes and No, the Vote buttons, the risk sizes, the kept words and the
ended page; and the organiser's "Easy read first" setting.

Starts a real `workshop serve` with fresh workshops, writes into screenshots/
(git-ignored). Run with `make screenshots`.
"""

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

from harness.attendee import Room
from harness.browser import launch
from harness.servers import free_port, server, workshop_cli

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
PHONE = {"width": 360, "height": 740}
EASY = "localStorage.setItem('workshop:easy-read', 'true')"


def new_workshop(base, db, title):
    return json.loads(workshop_cli("new", title, "--json", "--public-url", base, db=db).stdout)


def phone(browser, easy=True):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    if easy:
        context.add_init_script(EASY)
    return context, context.new_page()


def shoot(base, db):
    OUT.mkdir(exist_ok=True)
    written = []

    def snap(page, name, full=False):
        path = OUT / name
        page.screenshot(path=str(path), full_page=full)
        written.append(path)

    links = new_workshop(base, db, "Home care re-commissioning, West Kent")
    room = Room(base, db, links)
    with sync_playwright() as playwright:
        browser = launch(playwright.chromium)
        try:
            # The join page: both ways of reading side by side.
            context, page = phone(browser, easy=False)
            page.goto(links["join_url"])
            snap(page, "join-reading-choice-360.png")
            page.locator("[data-reading=easy]").click()
            snap(page, "join-reading-choice-easy-360.png")
            page.locator("details.supporter-choice summary").click()
            page.locator("details.supporter-choice").scroll_into_view_if_needed()
            snap(page, "join-supporter-easy-360.png")
            context.close()

            # The organiser makes easy read the default of a second workshop.
            first_default = new_workshop(base, db, "Day services, East Kent")
            link = workshop_cli("organiser", "--public-url", base, db=db).stdout.strip()
            laptop = browser.new_context(viewport={"width": 1280, "height": 900})
            page = laptop.new_page()
            page.goto(link)
            page.wait_for_selector("#organiser:not([hidden])")
            page.get_by_role("button", name="Manage Day services, East Kent").click()
            page.wait_for_selector("#manage:not([hidden]) #agenda li")
            page.check("#setup-easy-first")
            page.get_by_role("button", name="Save the day's details").click()
            expect(page.locator("#status")).to_contain_text("saved")
            page.locator("#setup-easy-first").scroll_into_view_if_needed()
            snap(page, "organiser-easy-read-first-1280.png")
            laptop.close()
            context, page = phone(browser, easy=False)
            page.goto(first_default["join_url"])
            snap(page, "join-easy-read-first-default-360.png")
            context.close()

            # The phone in easy read: the tag's note, an error, Yes and No, votes.
            question = room.open(0)
            room.idea(room.attendee("carer"), question, "More time with the same carer")
            context, page = phone(browser)
            page.goto(links["join_url"])
            page.get_by_label("I get care and support").check()
            page.locator("form.stack button[type=submit]").click()
            expect(page.locator("#connection")).to_have_text("Connected")
            page.locator("#idea-form details.tags summary").click()
            page.locator("#idea-send").click()
            expect(page.locator("#idea-error")).to_be_visible()
            page.locator("#idea-error").scroll_into_view_if_needed()
            snap(page, "phone-error-easy-360.png")
            page.locator("#idea-form details.tags").scroll_into_view_if_needed()
            snap(page, "phone-tag-note-easy-360.png")
            page.locator("#story-area summary").click()
            page.locator("#quote-choice").scroll_into_view_if_needed()
            snap(page, "phone-consent-easy-360.png")
            page.locator("#to-vote").click()
            vote = page.locator("#ideas .idea-actions > button:not(.listen)").first
            vote.scroll_into_view_if_needed()
            snap(page, "phone-vote-easy-360.png")
            vote.click()
            expect(vote).to_have_text("Take my vote back")
            vote.scroll_into_view_if_needed()
            snap(page, "phone-vote-taken-easy-360.png")
            page.locator("#to-write").click()
            page.fill("#idea-text", "Carers who stay")
            room.console("close_question", question_id=question["id"])
            # Closed while typing: a banner first (issue 25), the kept words behind it.
            expect(page.locator("#news")).to_be_visible()
            snap(page, "phone-closed-banner-easy-360.png")
            page.locator("#news-follow").click()
            expect(page.locator("#kept")).to_be_visible()
            page.locator("#kept").scroll_into_view_if_needed()
            snap(page, "phone-kept-easy-360.png")
            page.locator("#kept-delete").scroll_into_view_if_needed()
            snap(page, "phone-kept-choices-easy-360.png")
            page.locator("#kept-delete").click()

            # A Plan risk question: the three sizes, each with its picture.
            seed = room.rows("SELECT id FROM ideas ORDER BY id LIMIT 1")[0]["id"]
            room.console("carry_forward", idea_ids=[seed])
            risk = next(q for q in room.questions if q["stage"] == "plan" and q["kind"] == "risk")
            room.open(room.questions.index(risk))
            expect(page.locator("#plan-rating")).to_be_visible()
            page.locator("#plan-rating").scroll_into_view_if_needed()
            snap(page, "phone-risk-sizes-easy-360.png")
            room.console("end_workshop")
            expect(page.locator("#ended")).to_be_visible()
            snap(page, "phone-ended-easy-360.png")
            context.close()

            # Outreach and the door, in easy words.
            outreach = new_workshop(base, db, "HC-2027 lot 3 tender")
            today = date.today()
            workshop_cli(
                "outreach",
                outreach["code"],
                "--from",
                today.isoformat(),
                "--to",
                (today + timedelta(days=13)).isoformat(),
                "--question",
                "1",
                db=db,
            )
            context, page = phone(browser)
            page.goto(outreach["join_url"])
            page.get_by_label("I get care and support").check()
            page.locator("form.stack button[type=submit]").click()
            page.wait_for_selector(".outreach-question")
            snap(page, "outreach-easy-360.png")
            page.locator(".outreach-question details summary").first.click()
            page.locator(".outreach-question details").first.scroll_into_view_if_needed()
            snap(page, "outreach-tags-easy-360.png")
            context.close()

            door = new_workshop(base, db, "Supported living, Kent")
            bearer = {"Authorization": "Bearer " + door["console_url"].split("#key=")[1]}
            requests.post(
                f"{base}/api/w/{door['code']}/console/lock_door",
                json={"on": True},
                headers=bearer,
                timeout=10,
            ).raise_for_status()
            context, page = phone(browser)
            page.goto(door["join_url"])
            page.get_by_label("I get care and support").check()
            page.locator("form.stack button[type=submit]").click()
            expect(page.locator("#door-heading")).to_be_visible()
            snap(page, "waiting-easy-360.png")
            context.close()
        finally:
            browser.close()
    return written


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "easy.db"
        port = free_port()
        workshop_cli("list", db=db)
        with server(db, port=port) as running:
            for path in shoot(running, db):
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
