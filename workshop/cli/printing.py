"""`workshop print`: the printed materials as A4 PDFs, from a terminal.

The pages are the organiser page's own (web/printed.py and its templates),
rendered in this process through the app's routes with an organiser
session, so a PDF is the page the browser prints, with the same checks.
Chromium (or Chrome), when installed, turns the page into a PDF; without
it, `--out FILE.html` writes the page to open in any browser and print.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import click

from .. import paths
from ..room import address, setting_up, workshops
from ..room.errors import WorkshopError
from ..storage import db as store
from ..web import links
from ..web.app import create_app
from .options import Refused, db_option, fail, open_db, port_option, public_url_option

# What to print -> the printed page's route (/organiser/CODE/print/...).
PAGES = {
    "poster": "poster",
    "table-cards": "table-cards",
    "agenda": "agenda",
    "idea-cards": "cards",
    "told-us": "told-us",
}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_STATIC = re.compile(r'(src|href)="/static/([^"?#]+)[^"]*"')


def find_browser(named=None):
    """Chromium (or Chrome): the one named, else the first on PATH; None if there is none."""
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def page_html(db_path, base, code, what, query):
    """The printed page's HTML, its /static files pointed at this machine's copies."""
    app = create_app({"DATABASE": str(db_path), "PUBLIC_URL": base, "TESTING": False})
    client = app.test_client()
    db = store.connect(db_path)
    try:
        key = setting_up.organiser_key(db)
    finally:
        db.conn.close()
    client.post("/api/organiser/session", json={"key": key}, base_url=base)
    # The page on success; a refusal as the JSON error, in words for the terminal.
    response = client.get(
        f"/organiser/{code}/print/{PAGES[what]}",
        query_string=query,
        base_url=base,
        headers={"Accept": "application/json"},
    )
    if response.status_code != 200:
        found = response.get_json(silent=True) or {}
        message = (found.get("error") or {}).get("message") or f"HTTP {response.status_code}"
        raise Refused(message)
    html = response.get_data(as_text=True)
    return _STATIC.sub(
        lambda m: f'{m[1]}="{(paths.STATIC / m[2]).resolve().as_uri()}"',
        html,
    )


def to_pdf(browser, html, out):
    """Print `html` to an A4 PDF at `out` with headless chromium."""
    with tempfile.TemporaryDirectory(prefix="workshop-print-") as work:
        page = Path(work) / "page.html"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={out}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--no-sandbox")  # chromium will not start as root without it
        try:
            subprocess.run([*command, page.as_uri()], capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise Refused(f"Chromium could not make the PDF: {error}") from None
    if not out.is_file() or out.stat().st_size == 0:
        raise Refused("Chromium did not write the PDF. Try --out FILE.html and print it.")


@click.command("print")
@click.argument("code")
@click.argument("what", type=click.Choice(list(PAGES)))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .pdf (needs chromium) or .html [default: exports/WHAT-CODE.pdf].",
)
@click.option("--question", type=int, help="idea-cards: agenda number of the question (default 1).")
@click.option("--count", type=int, help="idea-cards: how many cards, 1 to 400 (default 40).")
@click.option("--first", type=int, help="idea-cards: the first card's number.")
@click.option("--browser", help="Chromium or Chrome to make the PDF with [default: on PATH].")
@db_option
@public_url_option
@port_option
def print_(code, what, out, question, count, first, browser, db_path, public_url, port):
    """Make a printed page as an A4 PDF: poster, table-cards, agenda or idea-cards.

    The same pages as the organiser page's Print buttons; the QR code holds
    the join link for --public-url, which is saved as the organiser page's
    join address (else that saved address, else this machine's).
    """
    db, path = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
        # One setting with the organiser page's join address: given, it is saved.
        setting_up.organiser_key(db)
        if public_url:
            address.save(db, public_url)
        query = {}
        if what == "idea-cards":
            number = question or 1
            found = [q for q in store.questions_of(db, workshop["id"]) if q["position"] == number]
            if not found:
                raise click.UsageError(f"There is no question {number} in the agenda.")
            query["question_id"] = found[0]["id"]
            query.update({k: v for k, v in (("count", count), ("first", first)) if v is not None})
        elif question or count or first:
            raise click.UsageError("--question, --count and --first are for idea-cards.")
    except WorkshopError as error:
        fail(error)
    finally:
        db.conn.close()
    out = out or Path("exports") / f"{what}-{workshop['code']}.pdf"
    if out.suffix.lower() not in (".pdf", ".html"):
        raise click.UsageError("--out must end in .pdf or .html.")
    html = page_html(path, links.base_url(public_url, port), workshop["code"], what, query)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".html":
        out.write_text(html, encoding="utf-8")
        click.echo(f"Wrote {out}: open it in a browser and print it on A4, portrait, at 100%.")
        return
    browser = find_browser(browser)
    if browser is None:
        raise Refused(
            "No chromium found to make a PDF. Install chromium (apt-get install chromium), "
            f"or write the page with --out {out.with_suffix('.html')} and print it from a "
            "browser, or use Print on the organiser page."
        )
    to_pdf(browser, html, out.resolve())
    click.echo(f"Wrote {out}")
