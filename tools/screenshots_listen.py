"""Screenshots of Listen, the board in easy read and the board on my phone
(issue 25): phones at 360x740 in both wordings (Listen on the question, a
message, kept words, the ended page; a word highlighted; the board on my
phone), the board at 1920x1080 with the question in both wordings and in
easy read alone, and the console's board panel.

Starts a real `workshop serve` on a fresh database, drives Debian's chromium
through Playwright and writes PNGs into screenshots/ (git-ignored). Run with
`make screenshots`, or alone: `.venv/bin/python tools/screenshots_listen.py`.
"""

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from harness.attendee import Room, join, to_vote, to_write
from harness.browser import launch
from harness.servers import served_workshop

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1920, "height": 1080}


def phone_shots(browser, room, links, question, easy, written):
    suffix = "easy" if easy else "standard"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    page = context.new_page()

    def shot(name, full=False):
        page.wait_for_timeout(300)
        path = OUT / f"listen-{name}-{suffix}-360.png"
        page.screenshot(path=str(path), full_page=full)
        written.append(path)

    join(page, links)
    page.wait_for_selector(".question-head > .listen")
    head = "document.querySelector('.question-head')"
    text = page.evaluate(f"WorkshopListen.words({head}).text")
    word = "good" if easy else "outcomes"
    at = text.index(word)
    page.evaluate(f"WorkshopListen.markWord({head}, {at}, {at + len(word)})")
    shot("question-word-highlighted")
    page.locator("#idea-send").click()
    page.wait_for_selector("#idea-error + .listen-message")
    shot("error-with-listen")
    to_vote(page)
    page.wait_for_selector("#listen-all")
    page.locator("#listen-all").scroll_into_view_if_needed()
    page.locator("#listen-all").click()
    page.wait_for_selector("#listen-all + .listen-note:not(:empty)", timeout=15000)
    shot("ideas-no-voice-message")
    page.locator(".board-view-link a").click()
    page.wait_for_selector("#ideas li")
    shot("board-on-my-phone", full=True)
    page.go_back()
    page.wait_for_selector(".question-head > .listen")
    to_write(page)
    page.locator("#idea-text").fill("Half a thought about transport")
    room.open(1)
    # The question being typed on stays until the person follows the banner (issue 25).
    page.locator("#news-follow").click()
    page.wait_for_selector("#kept > .listen")
    page.locator("#kept").scroll_into_view_if_needed()
    shot("kept-words")
    context.close()


def board_shots(browser, room, links, written):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.goto(links["board_url"])
    page.wait_for_selector("#view .card")
    for wording in ("both", "easy"):
        room.console("set_board_wording", wording=wording)
        page.wait_for_selector(f"main.board[data-wording='{wording}']")
        page.wait_for_timeout(500)
        path = OUT / f"board-wording-{wording}-1920x1080.png"
        page.screenshot(path=str(path))
        written.append(path)
    context.close()
    laptop = browser.new_context(viewport={"width": 1366, "height": 768})
    console = laptop.new_page()
    console.goto(links["console_url"])
    console.wait_for_selector("#connection:text('Live')")
    console.locator("#tab-board").click()
    console.locator("#read-aloud").scroll_into_view_if_needed()
    console.locator("#read-aloud").click()
    console.wait_for_selector("#panel-board .status:text('reading')")
    path = OUT / "console-board-wording-1366x768.png"
    console.screenshot(path=str(path))
    written.append(path)
    laptop.close()


def main():
    OUT.mkdir(exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "listen.db"
        with served_workshop(db, "Listen screenshots") as (base, links):
            room = Room(base, db, links)
            question = room.open(0)
            other = room.attendee("provider")
            for text in ("Lunch club on Fridays", "Paid jobs at the cafe", "A garden group"):
                room.idea(other, question, text)
            with sync_playwright() as playwright:
                browser = launch(playwright.chromium)
                board_shots(browser, room, links, written)
                for easy in (False, True):
                    if easy:
                        room.open(0)  # the standard run left the second question open
                    phone_shots(browser, room, links, question, easy, written)
                browser.close()
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
