"""After the day: export, import, back up and purge; the settings table."""

import json
from pathlib import Path

import click

from .. import settings as config
from ..report import export
from ..room import maintenance, redaction, workshops
from ..room.errors import WorkshopError
from ..web import links
from . import restore
from .options import (
    db_option,
    fail,
    open_db,
    port_option,
    public_url_option,
    retention_option,
)


@click.command("export")
@click.argument("codes", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(export.FORMATS)),
    default="docx",
    show_default=True,
    help="Word, HTML, Markdown, CSV (one row per contribution) "
    "or the JSON archive that `workshop import` restores.",
)
@click.option(
    "--out",
    "out_dir",
    default="exports",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the report into.",
)
@click.option(
    "--redact",
    "redact_file",
    type=click.Path(exists=True, dir_okay=False),
    help="File of names and words to redact, one per line (added to each workshop's own list).",
)
@click.option(
    "--include-hidden",
    is_flag=True,
    help="Include ideas the facilitator hid or rejected (marked as such).",
)
@db_option
@click.option(
    "--include-private",
    is_flag=True,
    help='Keep, in the JSON archive, the stories whose tellers said "do not quote".',
)
def export_(codes, fmt, out_dir, redact_file, include_hidden, include_private, db_path):
    """Write the diagnostic-report draft for one or more workshops (several: one combined
    report, with figures per event and combined)."""
    db, _ = open_db(db_path)
    try:
        chosen = [workshops.get(db, code) for code in codes]
        terms = redaction.read_terms(redact_file) if redact_file else ()
        document = export.render(
            db,
            chosen,
            fmt,
            redact_terms=terms,
            include_hidden=include_hidden,
            include_private=include_private,
        )
    except WorkshopError as error:
        fail(error)
    if fmt == "json" and (left_out := json.loads(document.content)["private_stories_left_out"]):
        click.echo(
            f"Left out {left_out} {'story' if left_out == 1 else 'stories'} whose tellers said "
            '"do not quote" (--include-private keeps them).'
        )
    click.echo(f"Wrote {export.write(document, out_dir)}")


@click.command()
@click.argument("codes", nargs=-1)
@click.option(
    "--expired",
    is_flag=True,
    help="Purge every workshop ended (or untouched) longer ago than --retention-days.",
)
@retention_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
def purge(codes, expired, retention_days, yes, db_path):
    """Delete workshops and everything people wrote in them, for good."""
    if bool(codes) == expired:
        raise click.UsageError("Give workshop codes, or --expired (not both).")
    db, _ = open_db(db_path)
    if expired:
        if not retention_days:
            raise click.UsageError("--retention-days is 0: nothing expires.")
        gone = maintenance.purge_expired(db, retention_days)
        click.echo(
            f"Purged {len(gone)} workshop(s) ended or untouched for over "
            f"{retention_days} days{': ' if gone else '.'}" + ", ".join(w["code"] for w in gone)
        )
        return
    try:
        chosen = [workshops.get(db, code) for code in codes]
    except WorkshopError as error:
        fail(error)
    if not yes:
        titles = "; ".join(f"{w['code']} {w['title']!r}" for w in chosen)
        click.confirm(f"Delete {titles} and everything written in it, for good?", abort=True)
    for workshop in chosen:
        counts = maintenance.purge(db, workshop)
        click.echo(
            f"Purged workshop {workshop['code']}: {counts.get('participants', 0)} "
            f"participants, {counts.get('ideas', 0)} ideas, {counts.get('votes', 0)} votes."
        )


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
def backup(path, db_path):
    """Copy the database to PATH while the server keeps serving (SQLite's online backup)."""
    db, source = open_db(db_path)
    try:
        verdict = maintenance.backup(db, path)
    except WorkshopError as error:
        fail(error)
    finally:
        db.conn.close()
    if verdict != "ok":
        raise click.ClickException(f"The copy at {path} failed SQLite's integrity check: {verdict}")
    click.echo(f"Backed up {source} to {path} (integrity check ok).")


@click.command("import")
@click.argument("archive_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the restored links as JSON.")
@db_option
@public_url_option
@port_option
def import_(archive_file, as_json, db_path, public_url, port):
    """Restore workshops from a JSON archive (fresh facilitator key and attendee tokens)."""
    db, _ = open_db(db_path)
    try:
        data = restore.loads(Path(archive_file).read_bytes())
        restored = restore.restore(db, data)
    except WorkshopError as error:
        fail(error)
    base = links.base_url(public_url, port)
    urls = [links.for_workshop(base, workshop) for workshop, _key in restored]
    if as_json:
        click.echo(json.dumps(urls))
        return
    for workshop, url in zip((w for w, _ in restored), urls, strict=True):
        click.echo(f"Restored {workshop['title']!r} as {url['code']}")
        click.echo(f"Console (new key, keep private): {url['console_url']}")


@click.command("settings")
def settings_():
    """Print every setting (environment variable, option, default) as docs/DEPLOY.md lists them."""
    click.echo(config.markdown())
