"""The phone's figures (issue 12), measured on a real `workshop serve` with
Debian's chromium, and printed:

- the easy-read page height at 360x740 with a question open and no idea yet
  (target under 1,200 px), for every question of the agenda;
- keystrokes from the QR link to a first vote, keyboard only, in easy read;
- the time from a facilitator's typo fix to every phone showing it.

    .venv/bin/python benchmarks/phone_bench.py --phones 10 --runs 5
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

from harness.browser import launch
from harness.servers import server, workshop_cli

PHONE = {"width": 360, "height": 740}


class Facilitator:
    def __init__(self, links):
        self.base = links["console_url"].split("/console/")[0]
        self.api = f"{self.base}/api/w/{links['code']}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + links["console_url"].split("#key=")[1]

    def post(self, path, **body):
        reply = self.session.post(f"{self.api}/{path}", json=body, timeout=10)
        reply.raise_for_status()
        return reply.json()

    def questions(self):
        return self.session.get(self.api, timeout=10).json()["questions"]


def phone_context(browser, easy=True):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    return context


def join(page, links):
    page.goto(links["join_url"])
    page.locator("#role-person_receiving_care").check()
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#connection")).to_have_text("Connected")


def page_heights(browser, links, facilitator):
    """Easy-read page height before any idea, for each question opened in turn."""
    context = phone_context(browser)
    page = context.new_page()
    join(page, links)
    heights = {}
    for q in facilitator.questions():
        facilitator.post(f"questions/{q['id']}/open")
        expect(page.locator("#question-text")).to_have_text(q["easy_read"])
        page.wait_for_timeout(150)
        heights[q["framework_key"] or q["id"]] = page.evaluate(
            "document.documentElement.scrollHeight"
        )
    context.close()
    return heights


def keystrokes_to_first_vote(browser, links, facilitator):
    """Count every key pressed from the join link to a counted vote, in easy read."""
    context = phone_context(browser)
    page = context.new_page()
    presses = []

    def press(key):
        presses.append(key)
        page.keyboard.press(key)

    def tab_to(check):
        for _ in range(80):
            press("Tab")
            if page.evaluate(check):
                return
        raise AssertionError("never reached " + check)

    page.goto(links["join_url"])
    tab_to("document.activeElement.id === 'role-person_receiving_care'")
    press("Space")
    tab_to("document.activeElement.type === 'submit'")
    press("Enter")
    expect(page.locator("#connection")).to_have_text("Connected")
    page.wait_for_timeout(200)
    tab_to("document.activeElement.id === 'to-vote'")
    press("Enter")
    tab_to("(document.activeElement.getAttribute('aria-label') || '').startsWith('Vote for')")
    press("Enter")
    expect(page.locator("#status")).to_contain_text("Your vote is counted")
    context.close()
    return len(presses), presses.count("Tab")


def edit_to_every_phone(browser, links, facilitator, phones, runs):
    """Milliseconds from sending a typo fix to the last phone showing it, per run."""
    contexts = [phone_context(browser, easy=False) for _ in range(phones)]
    pages = [c.new_page() for c in contexts]
    for page in pages:
        join(page, links)
    question = next(q for q in facilitator.questions() if q["status"] == "open")
    idea = facilitator.post(
        "console/scribe_idea", question_id=question["id"], text="Lunch clubb", role="carer"
    )["idea"]
    for page in pages:
        page.get_by_role("button", name="1 new idea: show it").click()
        expect(page.locator(f"li[data-idea='{idea['id']}']")).to_be_visible()
    figures = []
    for run in range(runs):
        text = f"Lunch club, fixed {run}"
        for page in pages:  # each phone notes when it first shows the new words
            page.evaluate(
                """([id, text]) => {
                    window.__shown = null;
                    const node = document.querySelector(`li[data-idea='${id}'] .idea-text`);
                    new MutationObserver((m, obs) => {
                        if (node.textContent !== text) return;
                        window.__shown = Date.now();
                        obs.disconnect();
                    }).observe(node, { childList: true, characterData: true, subtree: true });
                }""",
                [idea["id"], text],
            )
        sent = time.time() * 1000
        facilitator.post("console/edit_idea", idea_id=idea["id"], text=text)
        shown = []
        for page in pages:
            # Polled from here: the page's CSP rightly refuses wait_for_function's eval.
            deadline = time.monotonic() + 20
            while page.evaluate("window.__shown") is None and time.monotonic() < deadline:
                time.sleep(0.01)
            shown.append(page.evaluate("window.__shown"))
        figures.append(max(shown) - sent)
    for context in contexts:
        context.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        workshop_cli("list", db=db)
        with server(db) as base:
            links = json.loads(
                workshop_cli("new", "Phone bench", "--json", "--public-url", base, db=db).stdout
            )
            facilitator = Facilitator(links)
            with sync_playwright() as playwright:
                browser = launch(playwright.chromium)
                heights = page_heights(browser, links, facilitator)
                first = next(q for q in facilitator.questions() if q["stage"] == "analyse")
                facilitator.post(f"questions/{first['id']}/open")
                facilitator.post(
                    "console/scribe_idea", question_id=first["id"], text="Buddies", role="carer"
                )
                keys, tabs = keystrokes_to_first_vote(browser, links, facilitator)
                edits = edit_to_every_phone(browser, links, facilitator, args.phones, args.runs)
                browser.close()
    print("Easy-read page height before any idea, 360x740 (target under 1,200 px):")
    for key, height in heights.items():
        print(f"  {key:28} {height:5d} px{'' if height < 1200 else '  OVER'}")
    median = statistics.median(heights.values())
    print(f"  largest {max(heights.values())} px, median {median:.0f} px")
    print(f"Keystrokes from the QR link to a first vote (easy read, keyboard only): {keys}")
    print(f"  of which Tab: {tabs}")
    print(
        f"Facilitator's edit to every one of {args.phones} phones showing it, {args.runs} runs: "
        f"median {statistics.median(edits):.0f} ms, slowest {max(edits):.0f} ms"
    )


if __name__ == "__main__":
    main()
