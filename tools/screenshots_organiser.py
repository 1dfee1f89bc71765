"""Screenshots of the organiser's page, outreach on a phone, and the printed
materials (PDF as chromium prints them, and a PNG of every PDF page), for
review and for docs/FACILITATOR.md.

Starts a real `workshop serve` with a fresh `workshop demo`, writes into
screenshots/ and screenshots/print/ (git-ignored). Run with `make screenshots`.
"""

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pypdfium2
from playwright.sync_api import sync_playwright

from harness.browser import launch
from harness.servers import free_port, server, workshop_cli

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "screenshots"
PRINT = OUT / "print"
# The few that docs/FACILITATOR.md shows, kept small and committed with it.
DOCS = ROOT / "docs" / "img"
FOR_DOCS = {
    "organiser-list-1280.png": "organiser-list.png",
    "organiser-manage-top.png": "organiser-manage.png",
    "print/poster-page1.png": "print-poster.png",
    "print/table-cards-page1.png": "print-table-cards.png",
    "print/agenda-page1.png": "print-agenda.png",
    "print/cards-page1.png": "print-cards.png",
    "outreach-questions-360.png": "outreach-phone.png",
    "console-scribe-card.png": "console-scribe-card.png",
    "organiser-create-1280.png": "organiser-create.png",
    "outreach-story-sent-360.png": "outreach-story.png",
    "console-ideas-origins-1080.png": "console-origins.png",
}
PHONE = {"width": 360, "height": 740}


def api(page, base, path, body=None, method="POST"):
    response = page.request.fetch(
        f"{base}{path}",
        method=method,
        data=json.dumps(body or {}),
        headers={"Content-Type": "application/json"},
    )
    assert response.ok, response.text()
    return response.json()


def pdf_to_png(pdf_path):
    written = []
    for number, page in enumerate(pypdfium2.PdfDocument(pdf_path), start=1):
        path = pdf_path.with_name(f"{pdf_path.stem}-page{number}.png")
        page.render(scale=1.2).to_pil().save(path)
        written.append(path)
    return written


def shoot(base, db, links):
    OUT.mkdir(exist_ok=True)
    PRINT.mkdir(exist_ok=True)
    written = []
    code = links["code"]
    organiser_link = workshop_cli("organiser", "--public-url", base, db=db).stdout.strip()
    with sync_playwright() as playwright:
        browser = launch(playwright.chromium)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(organiser_link)
            page.wait_for_selector("#organiser:not([hidden])")
            path = OUT / "organiser-list-1280.png"
            page.screenshot(path=str(path))
            written.append(path)
            # The new-workshop form, with its framework file field (issue 16).
            page.locator("#create-details summary").click()
            path = OUT / "organiser-create-1280.png"
            page.locator("#create-details").screenshot(path=str(path))
            written.append(path)
            page.locator("#create-details summary").click()
            detail = f"/api/organiser/workshops/{code}"
            api(
                page,
                base,
                f"{detail}/set_up",
                {
                    "service": "Home care",
                    "area": "West Kent",
                    "event_date": (date.today() + timedelta(days=14)).isoformat(),
                    "starts_at": "10:00",
                    "help_contact": "Sam, at the welcome desk, in a yellow T-shirt",
                },
            )
            questions = api(page, base, detail, method="GET")["questions"]
            # The demo leaves its last question open; the day is over, outreach follows.
            key = links["console_url"].split("#key=")[1]
            for q in questions:
                if q["status"] == "open":
                    page.request.post(
                        f"{base}/api/w/{code}/questions/{q['id']}/close",
                        headers={"Authorization": f"Bearer {key}"},
                    )
            for q, (minutes, pause) in zip(
                questions, ((20, 0), (20, 15), (25, 0), (20, 30)), strict=False
            ):
                api(
                    page,
                    base,
                    f"{detail}/set_timing",
                    {"question_id": q["id"], "minutes": minutes, "break_after": pause or None},
                )
            api(
                page,
                base,
                f"{detail}/open_outreach",
                {
                    "opens_on": date.today().isoformat(),
                    "closes_on": (date.today() + timedelta(days=13)).isoformat(),
                    "question_ids": [q["id"] for q in questions[:2]],
                },
            )
            page.reload()
            page.wait_for_selector("#organiser:not([hidden])")
            page.get_by_role("button", name=f"Manage {links['title']}").click()
            page.wait_for_selector("#manage:not([hidden]) #agenda li")
            path = OUT / "organiser-manage-full.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            path = OUT / "organiser-manage-top.png"
            page.locator("#manage").screenshot(path=str(path))
            written.append(path)
            for name, query in (
                ("poster", ""),
                ("table-cards", ""),
                ("agenda", ""),
                ("cards", "?count=4"),
            ):
                page.goto(f"{base}/organiser/{code}/print/{name}{query}")
                path = OUT / f"print-{name}-screen.png"
                page.screenshot(path=str(path), full_page=True)
                written.append(path)
                page.emulate_media(media="print")
                pdf = PRINT / f"{name}.pdf"
                pdf.write_bytes(
                    page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                )
                page.emulate_media(media="screen")
                written.append(pdf)
                written += pdf_to_png(pdf)
            context.close()

            console = browser.new_context(viewport={"width": 1440, "height": 900})
            page = console.new_page()
            page.goto(links["console_url"])
            # The tabs answer once the room has arrived (the scribe's roles filled).
            page.wait_for_selector("#scribe-role input", state="attached")
            # The scribe form is folded away in the Ideas panel.
            page.get_by_role("tab", name="Ideas").click()
            page.locator("#scribe summary").click()
            page.fill("#scribe-text", "Keep the same carers visiting")
            page.fill("#scribe-card", "101")
            path = OUT / "console-scribe-card.png"
            page.locator("details#scribe").screenshot(path=str(path))
            written.append(path)
            console.close()

            phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
            page = phone.new_page()
            page.goto(links["join_url"])
            page.locator("details.supporter-choice summary").click()
            page.check("#role-person_receiving_care")
            page.select_option("#supporter-role", "provider")
            path = OUT / "outreach-join-supporter-360.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            page.get_by_role("button", name="Join the workshop").click()
            page.wait_for_selector(".outreach-question")
            path = OUT / "outreach-questions-360.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            page.locator("textarea").first.fill("A minibus to the day centre on Fridays")
            page.get_by_role("button", name="Send this answer").first.click()
            page.wait_for_selector(".ok-message")
            path = OUT / "outreach-sent-and-next-person-360.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            page.check("#easy-read-toggle")
            path = OUT / "outreach-easy-read-360.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            # A story with its quote consent, in easy read (issue 16).
            page.locator("#story summary").click()
            page.fill("#story-text", "The carers change every week, so Mum never knows who comes.")
            page.get_by_role("button", name="Send my story").click()
            page.wait_for_selector("#story-error")
            path = OUT / "outreach-story-no-choice-easy-read-360.png"
            page.locator("#story").screenshot(path=str(path))
            written.append(path)
            page.check("#quote-yes")
            page.get_by_role("button", name="Send my story").click()
            page.wait_for_selector("#story .ok-message")
            path = OUT / "outreach-story-sent-easy-read-360.png"
            page.screenshot(path=str(path), full_page=True)
            written.append(path)
            page.uncheck("#easy-read-toggle")
            path = OUT / "outreach-story-sent-360.png"
            page.locator("#story").screenshot(path=str(path))
            written.append(path)
            phone.close()

            # The console's idea list: each idea's origin and paper card number.
            console = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = console.new_page()
            page.goto(links["console_url"])
            page.wait_for_selector("#scribe-card", state="attached")
            page.get_by_role("tab", name="Ideas").click()
            page.select_option("#focus-question", str(questions[0]["id"]))
            page.locator("#scribe summary").click()
            page.fill("#scribe-text", "Keep the same carers visiting")
            page.check("#scribe-role-person_receiving_care")
            page.fill("#scribe-card", "101")
            page.get_by_role("button", name="Add the idea").click()
            page.locator(".origin-label", has_text="Paper card 101").first.wait_for()
            page.locator("#scribe summary").click()
            path = OUT / "console-ideas-origins-1080.png"
            page.screenshot(path=str(path))
            written.append(path)
            console.close()
        finally:
            browser.close()
    return written


def copy_for_docs():
    from PIL import Image

    DOCS.mkdir(parents=True, exist_ok=True)
    for source, name in FOR_DOCS.items():
        image = Image.open(OUT / source)
        image.thumbnail((900, 1400))
        image.save(DOCS / name, optimize=True)
        print((DOCS / name).relative_to(ROOT))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "organiser.db"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        links = json.loads(workshop_cli("demo", "--json", "--public-url", base, db=db).stdout)
        links["title"] = json.loads(workshop_cli("list", "--json", db=db).stdout)[0]["title"]
        with server(db, port=port) as running:
            for path in shoot(running, db, links):
                print(path.relative_to(ROOT))
    copy_for_docs()


if __name__ == "__main__":
    main()
