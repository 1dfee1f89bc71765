"""Screenshots of every attendee page at 360x740, normal and easy read, for review.

Starts a real `workshop serve` on loopback with a fresh demo workshop, drives
Debian's chromium through Playwright and writes PNGs into screenshots/
(git-ignored). Run with `make screenshots`.
"""

from pathlib import Path

import requests
from demo_server import demo_server
from playwright.sync_api import sync_playwright

from harness.browser import launch

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


def console(links, action, **payload):
    """A console action over HTTP, with the facilitator's key."""
    base, key = links["console_url"].split("/console/")[0], links["console_url"].split("#key=")[1]
    reply = requests.post(
        f"{base}/api/w/{links['code']}/console/{action}",
        json=payload,
        timeout=10,
        headers={"Authorization": f"Bearer {key}"},
    )
    reply.raise_for_status()
    return reply.json()


def attendee_idea(base, links, question_id, text, role="provider"):
    """Another attendee's idea, sent over the JSON API."""
    session = requests.Session()
    session.post(f"{base}/api/w/{links['code']}/participants", json={"role": role}, timeout=10)
    reply = session.post(
        f"{base}/api/w/{links['code']}/ideas",
        json={"question_id": question_id, "text": text},
        timeout=10,
    )
    reply.raise_for_status()
    return reply.json()["idea"]


def shoot(browser, base, links, easy, viewport=PHONE, tag=""):
    """Every attendee page in one phone context; easy read set before each load."""
    context = browser.new_context(
        viewport=viewport, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    page = context.new_page()
    mode = ("easy-read" if easy else "normal") + tag

    def save(name, full=True):
        page.wait_for_timeout(250)  # let the last render and images settle
        page.screenshot(path=OUT / f"phone-{name}-{mode}.png", full_page=full)

    def step(name):
        if easy:
            page.locator(f"#to-{name}").click()

    page.goto(base + "/")
    save("01-index")
    page.goto(base + "/?code=NOPE22")
    save("02-index-bad-code")
    page.goto(base + "/no-such-page")
    save("03-404")
    page.goto(links["join_url"])
    save("04-join")
    page.locator("form.stack button[type=submit]").click()  # no role chosen
    save("05-join-no-role", full=False)  # the error is in view after the reload
    page.locator("#role-person_receiving_care").check()
    # A supporter: only they are asked whose idea it is (issue 25 item 10).
    page.locator("details.supporter-choice summary").click()
    page.select_option("#supporter-role", "carer")
    page.locator("form.stack button[type=submit]").click()
    page.locator("#dots-left .dot-text").wait_for(state="attached")
    save("06-question")
    page.locator("#quiet-more_time").click()  # issue 25: a quiet signal
    page.locator("#quiet-feedback:not(:empty)").wait_for()
    save("06b-quiet-signal-sent", full=False)
    step("vote")
    save("07-ideas-and-votes")
    page.locator(".idea button:not(.listen)").first.click()
    page.locator("#ideas .feedback:not(:empty)").first.wait_for()
    save("08-voted-feedback-at-the-button", full=False)
    question_id = open_question(links)
    for n in range(3):
        attendee_idea(base, links, question_id, f"Another idea from the room, number {n + 1}")
    page.locator("#show-new").wait_for()
    save("09-new-ideas-held-back")
    page.locator("#show-new").click()
    first = page.locator("#ideas li[data-idea]").first
    idea_id = int(first.get_attribute("data-idea"))
    edited = f"Edited live by the facilitator ({mode})"
    console(links, "edit_idea", idea_id=idea_id, text=edited)
    page.locator("#ideas").get_by_text(edited).wait_for()
    save("10-edited-in-place")
    step("write")
    page.locator("details.tags summary").click()
    page.locator("#idea-text").fill("A buddy to go to the football with.")
    page.locator("#idea-for").select_option("person_receiving_care")
    save("11-typing-for-someone-with-tags")
    page.locator("#idea-send").click()
    page.locator("#idea-feedback:not(:empty)").wait_for()
    save("12-idea-sent-feedback", full=False)
    page.locator("#idea-send").click()
    save("13-idea-error")
    console(links, "set_phone_timer", on=True)
    console(links, "set_timer", question_id=question_id, seconds=600)
    console(links, "start_timer", question_id=question_id)
    console(links, "warn_closing", question_id=question_id)
    page.locator("#closing-soon").wait_for()
    save("14-one-minute-warning-and-time-left", full=False)
    page.locator("#role-change").click()
    save("15-change-role")
    page.locator("#role-cancel").click()
    page.locator("#idea-text").fill("Half an idea when the question closed")
    facilitator("POST", f"{links['code']}/questions/{question_id}/close", links)
    # Issue 25: closed while typing: the words stay in the box, a banner says so.
    page.locator("#news").wait_for()
    save("16a-closed-while-typing-banner", full=False)
    page.locator("#news-follow").click()
    page.locator("#kept").wait_for()
    save("16-closed-words-kept")
    facilitator("POST", f"{links['code']}/questions/{question_id}/open", links)
    page.locator("#new-box-note").wait_for()
    save("17-new-question-box-empty-words-kept")
    page.locator("#kept-to-story").click()
    save("18-kept-words-as-story")
    # Issue 25: a new question while typing arrives as a banner, followed by choice.
    page.locator("#idea-text").fill("Typing when the next question opened")
    questions = facilitator("GET", links["code"], links)["questions"]
    other = next(q["id"] for q in questions if q["id"] != question_id)
    facilitator("POST", f"{links['code']}/questions/{other}/open", links)
    page.locator("#news").wait_for()
    save("18b-new-question-while-typing-banner", full=False)
    page.locator("#news-follow").click()
    page.locator("#kept-delete").click()
    facilitator("POST", f"{links['code']}/questions/{question_id}/open", links)
    page.locator("#news").wait_for(state="hidden")
    # The question comes back in two pushes (the other one closes, this one opens):
    # offline before the second, the phone would wait for a question. The other
    # question's box is visible meanwhile, so wait for this question's words.
    back = next(q for q in questions if q["id"] == question_id)
    page.wait_for_function(
        "words => words.includes(document.getElementById('question-text').textContent)",
        arg=[back["text"], back.get("easy_read") or back["text"]],
    )
    page.locator("#idea-text").wait_for(state="visible")
    context.set_offline(True)
    page.locator("#connection.offline").wait_for()
    page.locator("#idea-text").fill("Keep the buddy scheme.")
    page.locator("#idea-send").click()
    save("19-offline-queued")
    context.set_offline(False)
    page.locator("#outbox").wait_for(state="hidden")
    console(links, "set_approval", on=True)
    page.locator("#idea-text").fill("Waiting for the facilitator to check this")
    page.locator("#idea-send").click()
    step("vote")
    page.locator("#ideas li.idea-waiting").wait_for()
    save("20-own-idea-waiting-for-approval")
    console(links, "set_approval", on=False)
    step("write")
    page.locator("#quote-yes").check()
    page.locator("#story-send").click()
    page.locator("#story-feedback:not(:empty)").wait_for()
    save("21-story-sent")
    facilitator("POST", f"{links['code']}/questions/{open_question(links)}/close", links)
    page.locator("#waiting").wait_for()
    save("22-waiting")
    facilitator("POST", f"{links['code']}/questions/{question_id}/open", links)
    context.close()


def shoot_plan(browser, base, links, easy):
    """The Plan stage: the outcome starts unchosen and must be picked."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    context.add_init_script(f"localStorage.setItem('workshop:easy-read', '{str(easy).lower()}')")
    page = context.new_page()
    mode = "easy-read" if easy else "normal"
    page.goto(links["join_url"])
    page.locator("#role-provider").check()
    page.locator("form.stack button[type=submit]").click()
    page.locator("#plan-fields").wait_for()
    page.locator("#idea-text").fill("Small providers may not manage the reporting")
    page.locator("#idea-send").click()
    page.locator("#idea-feedback:not(:empty)").wait_for()
    page.wait_for_timeout(250)
    page.screenshot(path=OUT / f"phone-23-plan-outcome-needed-{mode}.png", full_page=True)
    context.close()


def main():
    OUT.mkdir(exist_ok=True)
    with demo_server() as (base, links), sync_playwright() as playwright:
        browser = launch(playwright.chromium)
        # The demo ends in the Plan stage; the phone's own states are shot on an
        # Analyse question (the Plan stage's are shot_plan's, below).
        for q in facilitator("GET", links["code"], links)["questions"]:
            if q["status"] == "open" and q["stage"] != "analyse":
                facilitator("POST", f"{links['code']}/questions/{q['id']}/close", links)
        first = facilitator("GET", links["code"], links)["questions"][0]
        if first["status"] != "open":
            facilitator("POST", f"{links['code']}/questions/{first['id']}/open", links)
        for easy in (False, True):
            shoot(browser, base, links, easy)
        # The smallest phones, in easy read (one step at a time).
        shoot(browser, base, links, True, {"width": 320, "height": 640}, "-320")
        questions = facilitator("GET", links["code"], links)["questions"]
        shown = [i["id"] for i in facilitator("GET", f"{links['code']}/snapshot", links)["ideas"]]
        try:
            console(links, "carry_forward", idea_ids=shown[:2])
        except requests.HTTPError as error:  # the demo carried them forward already
            if error.response.status_code != 409:
                raise
        risk = next(q for q in questions if q["stage"] == "plan" and q["kind"] == "risk")
        facilitator("POST", f"{links['code']}/questions/{risk['id']}/open", links)
        for easy in (False, True):
            shoot_plan(browser, base, links, easy)
        browser.close()
    print(f"wrote {len(list(OUT.glob('phone-*.png')))} attendee screenshots to {OUT}")


if __name__ == "__main__":
    main()
