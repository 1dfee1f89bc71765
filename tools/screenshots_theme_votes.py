"""Screenshots of the dot vote on themes (issue 22 item 5) in a room of 90
phones and 150 ideas on one question, its suggested themes accepted and most
phones' dots placed on them: a 360x740 phone in standard wording and in easy
read, the board's themes view at 1920x1080 and the console's Themes tab at
1366x768.

Starts a real `workshop serve` on a fresh database, builds the room through
the JSON API (harness/big_room.py), drives Debian's chromium through
Playwright and writes PNGs into screenshots/ (git-ignored). Run alone:
`.venv/bin/python tools/screenshots_theme_votes.py`.
"""

import random
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's harness, not an installed one

from harness import big_room  # noqa: E402
from harness.attendee import join  # noqa: E402
from harness.browser import launch  # noqa: E402

OUT = ROOT / "screenshots"
PHONE = {"width": 360, "height": 740}


def build(room):
    """Accept the laptop's suggestion, put the vote on themes, and let 80 phones vote."""
    question = room.question["id"]
    suggested = room.facilitator.get(
        f"{room.api}/themes", params={"suggest": 1, "question_id": question}
    ).json()["questions"][0]["groups"]
    themes = room.console("accept_themes", question_id=question, groups=suggested)["themes"]
    room.console("set_vote_on", question_id=question, vote_on="themes")
    room.console("set_board_view", view="themes")
    rng = random.Random(5)
    ids = [g["id"] for g in themes["groups"]]
    weights = [len(g["ideas"]) for g in themes["groups"]]
    for _, session in room.phones[:80]:
        chosen = set()
        while len(chosen) < 3:
            chosen.add(rng.choices(ids, weights)[0])
        for theme_id in chosen:
            assert session.post(f"{room.api}/theme-votes", json={"theme_id": theme_id}).ok
    return themes["groups"]


def phone_shot(browser, room, easy, name, written):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    page = context.new_page()
    join(page, room.links)
    page.wait_for_selector("#theme-vote-list > li")
    page.locator("#theme-vote-list > li button[data-theme-vote]").nth(1).click()
    page.wait_for_selector("#theme-vote-list > li .feedback:not(:empty)")
    page.locator("#theme-vote-heading").scroll_into_view_if_needed()
    for suffix, full in (("", False), ("-full", True)):
        path = OUT / f"{name}{suffix}.png"
        page.screenshot(path=str(path), full_page=full)
        written.append(path)
    context.close()


def board_shots(browser, room, written):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(room.links["board_url"])
    page.wait_for_selector("#view .theme-tile")
    page.wait_for_timeout(500)
    path = OUT / "board-theme-vote-150-1920x1080.png"
    page.screenshot(path=str(path))
    written.append(path)
    context.close()


def console_shot(browser, room, written):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(room.links["console_url"])
    page.wait_for_selector("#connection:text('Live')")
    page.locator("#tab-themes").click()
    page.wait_for_selector("#themes-vote button")
    page.locator("#themes-vote").scroll_into_view_if_needed()
    path = OUT / "console-theme-vote-1366x768.png"
    page.screenshot(path=str(path))
    written.append(path)
    context.close()


def main():
    OUT.mkdir(exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp, big_room.served(Path(tmp) / "room.db") as room:
        build(room)
        with sync_playwright() as playwright:
            browser = launch(playwright.chromium)
            phone_shot(browser, room, False, "phone-theme-vote-150-360", written)
            phone_shot(browser, room, True, "phone-theme-vote-150-easy-read-360", written)
            board_shots(browser, room, written)
            console_shot(browser, room, written)
            browser.close()
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
