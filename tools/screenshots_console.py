"""Screenshots of the projected board (every view, at 1280x720 and 1920x1080)
and the facilitator console, for review.

Starts a real `workshop serve` on loopback with a fresh `workshop demo`,
drives Debian's chromium through Playwright and writes PNGs into
screenshots/ (git-ignored). Run with `make screenshots`.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
SIZES = {"720p": {"width": 1280, "height": 720}, "1080p": {"width": 1920, "height": 1080}}
VIEWS = ("ideas", "priority", "outcome", "role", "results")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workshop(*args, db):
    env = {**os.environ, "WORKSHOP_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "workshop", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True).stdout


def wait_until_up(base, process):
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit("the server stopped before it was up")
        try:
            with urlopen(base + "/", timeout=1):  # noqa: S310 (loopback only)
                return
        except (URLError, OSError):
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def console(base, links, action, body):
    """Run a console action over the JSON API with the facilitator key."""
    key = links["console_url"].split("#key=")[1]
    request = Request(f"{base}/api/w/{links['code']}/console/{action}",  # noqa: S310
                      data=json.dumps(body).encode(), method="POST",
                      headers={"Content-Type": "application/json",
                               "Authorization": f"Bearer {key}"})
    with urlopen(request, timeout=10) as response:  # noqa: S310 (loopback only)
        return json.loads(response.read())


def questions(base, links):
    with urlopen(f"{base}/api/w/{links['code']}", timeout=10) as response:  # noqa: S310
        return json.loads(response.read())["questions"]


def shoot(base, links):
    OUT.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
            page.wait_for_selector(".mod-idea")
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
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.db"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        links = json.loads(workshop("demo", "--json", "--public-url", base, db=db))
        process = subprocess.Popen(
            [sys.executable, "-m", "workshop", "serve", "--host", "127.0.0.1", "--port",
             str(port), "--db", str(db), "--public-url", base],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(base, process)
            first = questions(base, links)[0]
            console(base, links, "set_timer", {"question_id": first["id"], "seconds": 600})
            requests_open = f"{base}/api/w/{links['code']}/questions/{first['id']}/open"
            key = links["console_url"].split("#key=")[1]
            with urlopen(Request(requests_open, data=b"", method="POST",  # noqa: S310
                                 headers={"Authorization": f"Bearer {key}"}), timeout=10):
                pass
            for path in shoot(base, links):
                print(path.relative_to(ROOT))
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
