"""Debian's chromium as Playwright drives it: `playwright install` cannot
download here, so the executable is the system one (installed by `make
test`). The tests' browser fixtures (tests/conftest.py), the benchmarks and
the screenshot tools all launch it with these flags."""

import os
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
