"""Screenshots of voice stories and flip-chart photos (issue 25): the phone
recording, recorded (ready to play back) and sent, in standard and easy read
at 360x740; the console's Stories tab with its player, and the flip-chart
photo attached on the Ideas tab, at 1366x768.

Starts a real `workshop serve` with a fresh `workshop demo`, records with
Chromium's fake microphone (a real MediaRecorder on a test tone) and writes
PNGs into screenshots/ (git-ignored). Run with `make screenshots`, or alone:
`.venv/bin/python tools/screenshots_voice.py`.
"""

import io
import json
from pathlib import Path
from urllib.request import Request, urlopen

from demo_server import demo_server
from PIL import Image
from playwright.sync_api import sync_playwright

from harness.browser import PHONE, launch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


def api(base, links, path, body=None):
    key = links["console_url"].split("#key=")[1]
    request = Request(
        f"{base}/api/w/{links['code']}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    with urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def phone_shots(browser, base, links, easy, written):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    context.grant_permissions(["microphone"], origin=base)
    page = context.new_page()
    tag = "-easy" if easy else ""

    def save(name):
        page.locator("#voice").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        path = OUT / f"phone-voice-{name}{tag}.png"
        page.screenshot(path=str(path))
        written.append(path)

    page.goto(links["join_url"])
    page.locator("input[name=role]").first.check()
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_selector("#connection:text('Connected')")
    page.locator("#story-area summary").click()
    save("ready")
    page.locator("#voice-record").click()
    page.wait_for_timeout(2200)
    save("recording")
    page.locator("#voice-stop").click()
    page.wait_for_selector("#voice-preview:visible")
    save("recorded")
    page.locator("#quote-yes").check()
    page.locator("#story-send").click()
    page.wait_for_selector("#story-feedback:not(:empty)")
    page.wait_for_selector("#story-send:enabled")
    page.locator("#story-feedback").scroll_into_view_if_needed()
    path = OUT / f"phone-voice-sent{tag}.png"
    page.screenshot(path=str(path))
    written.append(path)
    context.close()


def console_shots(browser, base, links, written):
    first = api(base, links, "")["questions"][0]
    entry = api(
        base,
        links,
        "/console/scribe_idea",
        {"question_id": first["id"], "text": "Table 2's flip chart", "role": "carer"},
    )["idea"]
    picture = Image.new("RGB", (1200, 900), (252, 252, 244))
    out = io.BytesIO()
    picture.save(out, "JPEG")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(links["console_url"])
    page.wait_for_selector("#connection:text('Live')")
    page.locator("#tab-stories").click()
    page.wait_for_selector("#stories audio")
    page.locator("#stories audio").first.scroll_into_view_if_needed()
    path = OUT / "console-voice-story-1366x768.png"
    page.screenshot(path=str(path))
    written.append(path)
    page.locator("#tab-ideas").click()
    page.locator("#flipchart summary").click()
    page.locator("#photo-entry").select_option(str(entry["id"]))
    page.locator("#photo-file").set_input_files(
        files=[{"name": "chart.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}]
    )
    page.locator("#photo-send").click()
    page.wait_for_selector("#photos img")
    page.locator("#flipchart").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    path = OUT / "console-flipchart-photo-1366x768.png"
    page.screenshot(path=str(path))
    written.append(path)
    context.close()


def main():
    OUT.mkdir(exist_ok=True)
    written = []
    with demo_server() as (base, links), sync_playwright() as playwright:
        browser = launch(playwright.chromium, *FAKE_MICROPHONE)
        try:
            for easy in (False, True):
                phone_shots(browser, base, links, easy, written)
            console_shots(browser, base, links, written)
        finally:
            browser.close()
    print(f"wrote {len(written)} voice and photo screenshots to {OUT}")


if __name__ == "__main__":
    main()
