"""Screenshots of themes (issue 22) in a room of 90 phones and 150 ideas on
one question: the console's Themes panel at 1366x768 and 390x844 (a
suggestion, and an accepted theme opened), the board's themes view at
1920x1080 and 1280x720 (each page) and one theme stepped into.

Starts a real `workshop serve` on a fresh database, builds the room through
the JSON API (harness/big_room.py), drives Debian's chromium through
Playwright and writes PNGs into screenshots/ (git-ignored). Run with `make
screenshots`, or alone: `.venv/bin/python tools/screenshots_themes.py`.
"""

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from harness import big_room
from harness.browser import launch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
CONSOLES = {"1366x768": {"width": 1366, "height": 768}, "390x844": {"width": 390, "height": 844}}


def console_shots(browser, room, written):
    for size, viewport in CONSOLES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(room.links["console_url"])
        page.wait_for_selector("#connection:text('Live')")
        page.locator("#tab-themes").click()
        page.locator("#themes-suggest").click()
        page.wait_for_selector("#themes-suggestion .suggested-group", timeout=60000)
        page.wait_for_timeout(300)
        for name, full in (("suggested", False), ("suggested-full", True)):
            path = OUT / f"console-themes-{name}-{size}.png"
            page.screenshot(path=str(path), full_page=full)
            written.append(path)
        page.get_by_role("button", name="Accept the ticked themes").click()
        page.wait_for_selector("#themes-accepted > li[data-theme-id]")
        page.locator("#themes-accepted summary").first.click()
        page.locator("#themes-accepted [data-key^='theme-move:']").first.click()
        page.wait_for_timeout(300)
        page.locator("#themes-accepted-heading").scroll_into_view_if_needed()
        path = OUT / f"console-themes-accepted-{size}.png"
        page.screenshot(path=str(path))
        written.append(path)
        context.close()


BOARDS = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}


def board_shots(browser, room, written):
    themes = room.facilitator.get(f"{room.api}/themes").json()["questions"][0]["groups"]
    for size, viewport in BOARDS.items():
        room.console("set_board_view", view="themes")
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(room.links["board_url"])
        page.wait_for_selector("#view .theme-tile")
        pages = int(page.locator("main.board").get_attribute("data-pages") or 1)
        for n in range(max(pages, 1)):
            if n:
                page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            path = OUT / f"board-themes-page{n + 1}-{size}.png"
            page.screenshot(path=str(path))
            written.append(path)
        biggest = max(themes, key=lambda t: len(t["ideas"]))
        room.console("set_board_view", view="themes", theme_id=biggest["id"])
        page.wait_for_selector("#view .card")
        page.wait_for_timeout(300)
        path = OUT / f"board-theme-stepped-into-{size}.png"
        page.screenshot(path=str(path))
        written.append(path)
        room.console("set_board_view", view="ideas")
        context.close()


def main():
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "themes.db"
        with big_room.served(db, "Day services, Kent") as room:
            room.console("set_board_paging", paused=True)
            written = []
            with sync_playwright() as playwright:
                browser = launch(playwright.chromium)
                try:
                    console_shots(browser, room, written)
                    board_shots(browser, room, written)
                finally:
                    browser.close()
            for path in written:
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
