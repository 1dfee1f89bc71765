"""Screenshots of the projected board (every view, at 1280x720 and 1920x1080)
and the facilitator console, for review.

Starts a real `workshop serve` on loopback with a fresh `workshop demo`,
drives Debian's chromium through Playwright and writes PNGs into
screenshots/ (git-ignored). Run with `make screenshots`.
"""

import json
from pathlib import Path
from urllib.request import Request, urlopen

from demo_server import demo_server
from playwright.sync_api import sync_playwright

from harness.browser import launch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
SIZES = {"720p": {"width": 1280, "height": 720}, "1080p": {"width": 1920, "height": 1080}}
VIEWS = ("ideas", "priority", "outcome", "role", "results")


def console(base, links, action, body):
    """Run a console action over the JSON API with the facilitator key."""
    key = links["console_url"].split("#key=")[1]
    request = Request(
        f"{base}/api/w/{links['code']}/console/{action}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    with urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def questions(base, links):
    with urlopen(f"{base}/api/w/{links['code']}", timeout=10) as response:
        return json.loads(response.read())["questions"]


def shoot(base, links):
    OUT.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = launch(playwright.chromium)
        try:
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                for view in VIEWS:
                    page.goto(f"{links['board_url']}?view={view}")
                    page.wait_for_selector(".card, .result, .results-hidden")
                    page.wait_for_timeout(300)
                    path = OUT / f"board-{view}-{size}.png"
                    page.screenshot(path=str(path))
                    written.append(path)
                context.close()
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.goto(links["console_url"])
            page.get_by_role("tab", name="Ideas").click()
            page.locator(".mod-idea:visible").first.wait_for()  # a hidden panel holds some too
            page.wait_for_timeout(300)
            for name, full in (("console", False), ("console-full", True)):
                path = OUT / f"{name}-1440x900.png"
                page.screenshot(path=str(path), full_page=full)
                written.append(path)
            context.close()
        finally:
            browser.close()
    return written


def main():
    with demo_server() as (base, links):
        first = questions(base, links)[0]
        console(base, links, "set_timer", {"question_id": first["id"], "seconds": 600})
        requests_open = f"{base}/api/w/{links['code']}/questions/{first['id']}/open"
        key = links["console_url"].split("#key=")[1]
        with urlopen(
            Request(
                requests_open,
                data=b"",
                method="POST",
                headers={"Authorization": f"Bearer {key}"},
            ),
            timeout=10,
        ):
            pass
        for path in shoot(base, links):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
