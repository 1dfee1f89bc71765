"""Helpers for the attendee browser tests: a room run over HTTP, the phone's
join step, keyboard moves, and reading the real database behind the server."""

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import requests
from playwright.sync_api import expect

# The machine is shared and sometimes loaded: wait longer for the page to get
# there before calling it a failure (a wait, never a timing assertion).
expect.set_options(timeout=20_000)
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


class Room:
    """The facilitator and other attendees, driven through the JSON API."""

    def __init__(self, base, db, links):
        self.base, self.db, self.code, self.links = base, db, links["code"], links
        self.api = f"{base}/api/w/{self.code}"
        self.facilitator = requests.Session()
        self.facilitator.headers["Authorization"] = (
            "Bearer " + links["console_url"].split("#key=")[1]
        )
        self.questions = self.facilitator.get(self.api).json()["questions"]

    def open(self, index=0):
        """Open the agenda's question at index; return it."""
        question = self.questions[index]
        reply = self.facilitator.post(f"{self.api}/questions/{question['id']}/open")
        assert reply.status_code == 200, reply.text
        return question

    def attendee(self, role="provider"):
        session = requests.Session()
        assert session.post(f"{self.api}/participants", json={"role": role}).status_code == 201
        return session

    def console(self, action, **payload):
        reply = self.facilitator.post(f"{self.api}/console/{action}", json=payload)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def idea(self, session, question, text):
        reply = session.post(
            f"{self.api}/ideas", json={"question_id": question["id"], "text": text}
        )
        assert reply.status_code == 201, reply.text
        return reply.json()["idea"]

    def rows(self, sql, params=()):
        with closing(sqlite3.connect(self.db)) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(sql, params)]


def join(page, links, role_label="Person who receives care and support", supporter=None):
    """Join by the QR code's URL in a role and wait for the live page.

    `supporter`: join as a supporter helping someone, with this role key as one's own.
    """
    page.goto(links["join_url"])
    page.get_by_label(role_label).check()
    if supporter:
        page.locator("details.supporter-choice summary").click()
        page.select_option("#supporter-role", supporter)
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#connection")).to_have_text("Connected")


def focused(page):
    """A short description of the focused element: tag#id or its accessible label."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        return el.id ? el.tagName.toLowerCase() + '#' + el.id
            : el.tagName.toLowerCase() + ':' + (el.getAttribute('aria-label') || el.textContent.trim());
    }""")


def tab_to(page, wanted, limit=60):
    """Press Tab until the focus is on `wanted` (a prefix of focused()); return the path."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        path.append(focused(page))
        if path[-1].startswith(wanted):
            return path
    raise AssertionError(f"Tab never reached {wanted!r}; went through {path}")


def axe_violations(page, every=False):
    """Serious and critical axe-core violations on the page as it is now (all, with every)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if every or v["impact"] in ("serious", "critical")
    ]


def easy(page):
    return page.evaluate("document.body.classList.contains('easy-read')")


def to_vote(page):
    """In easy read the ideas are the second step: go there (a no-op otherwise)."""
    if easy(page) and not page.evaluate("document.body.classList.contains('step-vote')"):
        page.locator("#to-vote").click()


def to_write(page):
    if easy(page) and page.evaluate("document.body.classList.contains('step-vote')"):
        page.locator("#to-write").click()


# The polite live region, read the way a screen reader hears it: every text
# it is given, in order (a MutationObserver, installed before the page loads).
RECORD_ANNOUNCEMENTS = """
window.__announced = [];
new MutationObserver(() => {
  const node = document.getElementById("status");
  if (node && node.textContent.trim()) window.__announced.push(node.textContent.trim());
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def record_announcements(page):
    page.add_init_script(RECORD_ANNOUNCEMENTS)


def announced(page):
    """What the live region has said since the page loaded, repeats folded."""
    said = page.evaluate("window.__announced")
    return [text for n, text in enumerate(said) if n == 0 or said[n - 1] != text]


def wait_announced(page, text, timeout=10):
    """Wait until the live region has said `text` (it speaks a moment after the screen changes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in announced(page):
            return announced(page)
        page.wait_for_timeout(50)
    raise AssertionError(f"never announced {text!r}; said {announced(page)}")


# Everything a screen reader would be told without asking: each new text of
# every live region on the page (role status, alert or log, or aria-live not
# "off", outside anything hidden) as the region is at that moment, and the
# text of each heading the focus is moved to. A MutationObserver and a focus
# listener, installed before the page loads.
RECORD_HEARD = """
window.__heard = [];
(() => {
  const last = new Map();
  const speaks = (n) => !n.closest("[hidden], [aria-hidden=true]") && (n.hasAttribute("aria-live")
    ? n.getAttribute("aria-live") !== "off" : ["status", "alert", "log"].includes(n.getAttribute("role")));
  const check = () => {
    for (const n of document.querySelectorAll("[aria-live], [role=status], [role=alert], [role=log]")) {
      const text = n.textContent.trim();
      if (text === (last.get(n) || "")) continue;
      last.set(n, text);
      if (text && speaks(n)) window.__heard.push(text);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  document.addEventListener("focusin", (e) => {
    if (e.target.matches("h1, h2, h3")) window.__heard.push(e.target.textContent.trim());
  }, true);
})();
"""


def record_heard(page):
    page.add_init_script(RECORD_HEARD)


def heard(page):
    """What a screen reader has been told since the page loaded (record_heard)."""
    return page.evaluate("window.__heard")


def said_once_on_screen(page):
    """The ended phone says the end once on screen, in its heading: the
    connection line above it is hidden, not a second "has ended"."""
    expect(page.locator("#connection")).to_be_hidden()
    expect(page.locator("#ended-heading")).to_be_visible()
    shown = page.locator("body").inner_text()
    assert shown.count("has ended") == 1, shown
