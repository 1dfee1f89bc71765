"""Debian's chromium as Playwright drives it: `playwright install` cannot
download here, so the executable is the system one (installed by `make
test`). The tests' browser fixtures (tests/conftest.py), the benchmarks and
the screenshot tools all launch it with these flags."""

import os
import re
import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, chromium keeps trying to reach Google's hosts on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
# A UK council's users read dates as 14/03/2026. Chromium takes its language
# from the environment: it sets navigator.language and Intl for every context,
# and the order of a date field's day and month (which a context's `locale`
# leaves in US order). It needs Debian's chromium-l10n (make system-test-deps).
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "en_GB:en"}


def launch(browser_type, *extra_args):
    """Debian's chromium (Playwright's `chromium` browser type) with the flags above
    and any more, in British English."""
    return browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + list(extra_args), env=CHROMIUM_ENV
    )


def no_dialogs(page):
    """Fail the test if any script opens a dialog (the XSS canary)."""
    opened = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened


def live_console(browser, url, viewport, tab=None):
    """A console page at `viewport`, its socket live, on `tab` if given; (context, page)."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("#connection")).to_have_text("Live")
    if tab:
        page.locator(f"#tab-{tab}").click()
    return context, page


def board_pages(page, pages=None):
    """Turn a board from its first page through `pages` of them (all it says it
    has, if not given), yielding each page's index once it shows."""
    from playwright.sync_api import expect

    board = page.locator("main.board")
    if pages is None:
        pages = max(1, int(board.get_attribute("data-pages") or 1))
    for n in range(pages):
        if n:
            page.keyboard.press("ArrowRight")
            expect(board).to_have_attribute("data-page", str(n + 1))
        yield n


SOCKET_EVENT = re.compile(r'^42\d*\["([a-z_]+)"')


class SocketWire:
    """A page's Socket.IO connection passed through a route (Playwright's
    `route_web_socket`), so a test makes "meanwhile" and "no answer" certain, not
    raced: `sent` names each event the page sends; `hold` keeps the server's
    frames until `release`; `drop` (True, or a test of `sent`) loses the page's
    frames, as a console whose network went."""

    def __init__(self):
        self.sent, self.held, self.hold, self.drop, self.route = [], [], False, False, None

    def __call__(self, route):
        self.route = route
        server = route.connect_to_server()
        route.on_message(self._from_page(server))
        server.on_message(self._from_server)

    def _from_page(self, server):
        def forward(message):
            found = SOCKET_EVENT.match(message) if isinstance(message, str) else None
            if found:
                self.sent.append(found.group(1))
            if not (self.drop(self.sent) if callable(self.drop) else self.drop):
                server.send(message)

        return forward

    def _from_server(self, message):
        if self.hold:
            self.held.append(message)
        else:
            self.route.send(message)

    def release(self):
        self.hold = False
        for message in self.held:
            self.route.send(message)
        self.held = []

    def count(self, name):
        return self.sent.count(name)
