"""Debian's chromium as Playwright drives it: `playwright install` cannot
download here, so the executable is the system one (installed by `make
test`). The tests' browser fixtures (tests/conftest.py), the benchmarks and
the screenshot tools all launch it with these flags."""

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


def no_dialogs(page):
    """Fail the test if any script opens a dialog (the XSS canary)."""
    opened = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened
