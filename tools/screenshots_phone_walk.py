"""Screenshots of the whole phone flow as an expert by experience with a
learning disability would walk it: easy read on a 360x740 phone (and the
same phone at 200% zoom, 180x370 CSS pixels), in a room of 90 phones with
150 ideas on the question (harness/big_room.py).

Join by the QR code's link, choose the role, answer the key question, see
the vote list grouped by theme, vote, change a vote, see which theme my idea
went into and say "that is not what I meant", the vote on themes, a ranking,
offline and back, and the End. One PNG a step in screenshots/ (git-ignored),
named walk-NN-step[-zoom].png. Run alone:
`.venv/bin/python tools/screenshots_phone_walk.py` (under /tmp/s26/shared).
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's harness, not an installed one

from harness import big_room  # noqa: E402
from harness.browser import launch  # noqa: E402

OUT = ROOT / "screenshots"
SIZES = {"": ({"width": 360, "height": 740}, 2), "-zoom": ({"width": 180, "height": 370}, 4)}
MY_IDEA = "I want to keep the same carer. She knows me."


# Controls on screen smaller than 44x44 CSS pixels (a finger's width; inline
# links inside a sentence excepted), printed with the step they were seen at.
SMALL = """() => [...document.querySelectorAll('button, a, input, select, textarea, summary')]
  .filter(e => e.offsetParent && !(e.tagName === 'A' && getComputedStyle(e).display === 'inline'))
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.bottom > 0 && r.top < innerHeight && (r.width < 44 || r.height < 44))
  .map(([e, r]) => `${e.tagName.toLowerCase()}#${e.id || e.className}
    "${(e.getAttribute('aria-label') || e.textContent).trim().slice(0, 30)}"
    ${Math.round(r.width)}x${Math.round(r.height)}`.replace(/\\s+/g, ' '))"""


def themes_for(room, mine):
    """Ten themes of the room's ideas, my idea in the first."""
    groups = big_room.tenths(room, first_label="Jobs for people who get care")
    groups[0]["ideas"].append(mine)
    return groups


def walk(browser, room, zoom, written):
    viewport, scale = SIZES[zoom]
    context = browser.new_context(
        viewport=viewport, device_scale_factor=scale, is_mobile=True, has_touch=True
    )
    context.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
    page = context.new_page()
    n = [0]

    def snap(step, full=False):
        n[0] += 1
        path = OUT / f"walk-{n[0]:02d}-{step}{zoom}.png"
        page.screenshot(path=str(path), full_page=full)
        written.append(path)
        for small in page.evaluate(SMALL):
            print(f"{path.name}: small target {small}")

    page.goto(room.links["join_url"])
    snap("join")
    page.get_by_label("I get care and support").check()
    page.locator("form.stack button[type=submit]").scroll_into_view_if_needed()
    snap("role-chosen")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#connection")).to_have_text("Connected")
    snap("question")
    page.locator("#idea-text").fill(MY_IDEA)
    page.locator("#idea-send").scroll_into_view_if_needed()
    snap("typed")
    page.locator("#idea-send").click()
    expect(page.locator("#idea-feedback")).not_to_be_empty()
    expect(page.locator("#to-vote")).to_be_in_viewport()  # the next step comes into view by itself
    page.wait_for_timeout(600)  # the glide's end
    snap("sent")
    page.locator("#story-area summary").scroll_into_view_if_needed()
    page.locator("#story-area summary").click()
    page.locator("#story-text").scroll_into_view_if_needed()
    snap("story-voice")

    mine = room.rows("SELECT id FROM ideas ORDER BY id DESC LIMIT 1")[0]["id"]
    big_room.accept_themes(room, themes_for(room, mine))  # (again for the zoomed walk's idea)
    page.locator("#to-vote").scroll_into_view_if_needed()
    snap("to-vote")
    page.locator("#to-vote").click()
    page.wait_for_selector("#ideas li.idea-group")
    snap("themes-list")
    vote = page.locator("#ideas li[data-idea] .idea-actions > button:not(.listen)").nth(2)
    vote.scroll_into_view_if_needed()
    vote.click()
    page.wait_for_timeout(400)
    snap("voted")
    vote.click()  # take it back
    page.wait_for_timeout(400)
    snap("vote-taken-back")
    other = page.locator("#ideas li[data-idea] .idea-actions > button:not(.listen)").nth(4)
    other.scroll_into_view_if_needed()
    other.click()
    page.wait_for_timeout(400)
    snap("vote-changed")
    own = page.locator(f"#ideas li[data-idea='{mine}']")
    own.scroll_into_view_if_needed()
    snap("my-idea-theme")
    own.locator("button.not-meant").click()
    page.wait_for_timeout(400)
    snap("not-meant-said")

    question = room.question["id"]
    room.console("set_vote_on", question_id=question, vote_on="themes")
    page.wait_for_selector("#theme-vote-list > li")
    # Where the phone itself goes: the list went, the focus is on the vote's heading.
    expect(page.locator("#theme-vote-heading")).to_be_focused()
    snap("theme-vote")
    page.locator("#theme-vote-list > li button[data-theme-vote]").nth(1).click()
    page.wait_for_selector("#theme-vote-list > li .feedback:not(:empty)")
    snap("theme-voted")
    snap("theme-voted-full", full=True)

    if not zoom:
        added = room.console(
            "add_question",
            stage="plan",
            text="Which matters most?",
            kind="ranking",
            options=["Paid jobs", "Buses after six", "Friends nearby", "The same carer"],
        )["question"]
        room.console("open_question", question_id=added["id"])
        room.ranking = added
    else:
        room.console("open_question", question_id=room.ranking["id"])
    page.wait_for_selector("#rank-area:not([hidden])")
    snap("ranking")
    page.locator(".rank-item").nth(3).locator(".rank-move").first.click()
    page.locator("#rank-send").scroll_into_view_if_needed()
    snap("ranking-moved")
    context.set_offline(True)
    page.wait_for_timeout(1500)
    page.locator("#rank-send").click()
    page.wait_for_timeout(400)
    snap("offline-sent")
    page.evaluate("window.scrollTo(0, 0)")
    snap("offline-top")
    context.set_offline(False)
    expect(page.locator("#connection")).to_have_text("Connected")
    page.wait_for_timeout(800)
    snap("back-online")
    room.console("end_workshop")
    expect(page.locator("#ended")).to_be_visible()
    page.wait_for_timeout(800)
    snap("ended")
    page.reload()
    expect(page.locator("#ended")).to_be_visible()
    snap("ended-reloaded", full=True)
    if not zoom:  # the same room again for the zoomed walk: open, voting on ideas
        room.console("reopen_workshop", confirm=True)
        room.console("set_vote_on", question_id=question, vote_on="ideas")
        room.open(0)
    context.close()


def main():
    OUT.mkdir(exist_ok=True)
    written = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        big_room.served(Path(tmp) / "room.db") as room,
        sync_playwright() as playwright,
    ):
        browser = launch(playwright.chromium)
        try:
            for zoom in SIZES:
                walk(browser, room, zoom, written)
        except Exception:
            for context in browser.contexts:  # what the phone showed when a step failed
                for page in context.pages:
                    page.screenshot(path=str(OUT / "walk-failed.png"))
            raise
        finally:
            browser.close()
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
