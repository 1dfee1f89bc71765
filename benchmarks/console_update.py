"""Benchmark: how long the console takes to update, in the browser, for one
incoming idea and for one tally push, in a room of 90 phones and 150 ideas.

    .venv/bin/python benchmarks/console_update.py [--runs 30] [--panel ideas]

Starts a real `workshop serve`, builds the room through the JSON API
(harness/big_room.py), opens the console in Debian's chromium on the
chosen panel (the Ideas panel lists all 150), then sends ideas and votes one
at a time and reads how long each redraw took (console.js records the time
of every draw in `window.consoleDrawMs`, from the start of the redraw to the
end of it, the work a frame must fit in). Prints each kind's median and 95th
percentile against the 16 ms of one frame at 60 Hz. A figure, not a test.
"""

import argparse
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from harness import big_room
from harness.browser import launch
from harness.servers import free_port, server, workshop_cli


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(page, send, runs):
    """Send one message at a time; return how long the redraw it caused took (ms)."""
    times = []
    for _ in range(runs):
        before = page.evaluate("(window.consoleDrawMs || []).length")
        send()
        # A function, not a string: the page's CSP allows no eval.
        page.wait_for_function("n => (window.consoleDrawMs || []).length > n", arg=before)
        page.wait_for_timeout(50)  # a tally push can come in two parts; take both
        times += page.evaluate(f"window.consoleDrawMs.slice({before})")
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--panel", default="ideas")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        made = workshop_cli("new", "Console benchmark", "--json", "--public-url", base, db=db)
        links = json.loads(made.stdout)
        with server(db, port=port):
            room = big_room.build(base, db, links)
            with sync_playwright() as playwright:
                browser = launch(playwright.chromium)
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.goto(links["console_url"])
                page.wait_for_selector("#connection:has-text('Live')")
                page.locator(f"#tab-{args.panel}").click()
                page.wait_for_selector("#ideas > li")
                count = page.locator("#ideas > li").count()
                phones = iter(room.phones * 3)
                sent = iter(range(10**6))

                def idea():
                    _, session = next(phones)
                    session.post(
                        f"{room.api}/ideas",
                        json={"question_id": room.question["id"], "text": f"More ({next(sent)})"},
                    )

                def vote():
                    _, session = next(phones)
                    mine = session.get(f"{room.api}/snapshot").json()["me"]["votes"]
                    if mine:  # keep within the budget: take one back, then cast
                        session.delete(f"{room.api}/votes/{mine[0]['client_id']}")
                    session.post(
                        f"{room.api}/votes", json={"idea_id": room.ideas[next(sent) % 150]["id"]}
                    )

                figures = {
                    "idea": measure(page, idea, args.runs),
                    "tally": measure(page, vote, args.runs),
                }
                browser.close()
    print(f"console update time, {args.panel} panel listing {count}+ ideas, 90 phones, in chromium")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    for kind, times in figures.items():
        print(
            f"  one {kind:5}: median {statistics.median(times):5.2f} ms, p95 {p95(times):5.2f} ms, "
            f"slowest {max(times):5.2f} ms over {len(times)} redraws (target < 16 ms)"
        )


if __name__ == "__main__":
    main()
