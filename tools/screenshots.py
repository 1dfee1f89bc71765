"""Screenshots of every attendee page at 360x740, normal and easy read, for review.

Starts a real `workshop serve` on loopback with a fresh demo workshop, drives
Debian's chromium through Playwright and writes PNGs into screenshots/
(git-ignored). Run with `make screenshots`.
"""

from pathlib import Path

import requests
from demo_server import CHROMIUM, CHROMIUM_ARGS, demo_server
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
PHONE = {"width": 360, "height": 740}


def facilitator(method, path, links):
    """Call the JSON API with the facilitator's key (from the console link's fragment)."""
    base, key = links["console_url"].split("/console/")[0], links["console_url"].split("#key=")[1]
    reply = requests.request(
        method, f"{base}/api/w/{path}", timeout=10, headers={"Authorization": f"Bearer {key}"}
    )
    reply.raise_for_status()
    return reply.json()


def open_question(links, reopen=False):
    """The id of the open question (or, to reopen, the one closed last)."""
    questions = facilitator("GET", links["code"], links)["questions"]
    if reopen:
        return max((q for q in questions if q["status"] == "closed"), key=lambda q: q["position"])[
            "id"
        ]
    return next(q["id"] for q in questions if q["status"] == "open")


def shoot(browser, base, links, easy):
    """Every attendee page in one phone context; easy read set before each load."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    page = context.new_page()
    mode = "easy-read" if easy else "normal"

    def save(name):
        page.wait_for_timeout(200)  # let the last render and images settle
        page.screenshot(path=OUT / f"phone-{name}-{mode}.png", full_page=True)

    page.goto(base + "/")
    save("1-index")
    page.goto(base + "/?code=NOPE22")
    save("2-index-bad-code")
    page.goto(links["join_url"])
    save("3-join")
    page.locator("form.stack button[type=submit]").click()  # no role chosen
    save("4-join-no-role")
    page.locator("#role-person_receiving_care").check()
    page.locator("form.stack button[type=submit]").click()
    page.locator("#dots-left .dot-text").wait_for()
    save("5-question")
    page.locator(".idea button").first.click()
    page.locator("#ideas li").nth(3).scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    page.screenshot(path=OUT / f"phone-5b-voting-scrolled-{mode}.png")  # the dots stay in view
    page.locator("details.tags summary").click()
    page.locator("#idea-text").fill("A buddy to go to the football with.")
    page.locator("#story-text").fill("My buddy takes me out every week. Before that I stayed in.")
    save("6-voted-and-typing")
    page.locator("#idea-text").fill("")
    page.locator("#idea-send").click()
    save("7-idea-error")
    context.set_offline(True)
    page.locator("#connection.offline").wait_for()
    page.locator("#idea-text").fill("Keep the buddy scheme.")
    page.locator("#idea-send").click()
    save("8-offline-queued")
    context.set_offline(False)
    page.locator("#outbox").wait_for(state="hidden")
    page.locator("#quote-yes").check()
    page.locator("#story-send").click()
    page.locator("#story-text").fill("")
    save("9-story-sent")
    facilitator("POST", f"{links['code']}/questions/{open_question(links)}/close", links)
    page.locator("#waiting").wait_for()
    save("10-waiting")
    facilitator(
        "POST", f"{links['code']}/questions/{open_question(links, reopen=True)}/open", links
    )
    context.close()


def main():
    OUT.mkdir(exist_ok=True)
    with demo_server() as (base, links), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for easy in (False, True):
            shoot(browser, base, links, easy)
        browser.close()
    print(f"wrote {len(list(OUT.glob('phone-*.png')))} attendee screenshots to {OUT}")


if __name__ == "__main__":
    main()
