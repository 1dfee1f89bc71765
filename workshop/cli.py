"""The `workshop` command: serve, create and list workshops, demo, export."""

import json
from pathlib import Path

import click

from . import settings as config
from .report import archive, export
from .room import agenda as agenda_rules
from .room import demo as demo_module
from .room import details, maintenance, organising, outreach, redaction, workshops
from .room import framework as fw
from .room.errors import WorkshopError
from .storage import db as store
from .web import links, logs


def setting_option(name, *decls, **extra):
    """A click option built from its entry in the one settings table (workshop/settings.py)."""
    setting = config.BY_NAME[name]
    text = setting.help.replace("**", "").replace("`", "")
    return click.option(
        setting.option,
        *decls,
        envvar=setting.env,
        default=setting.default,
        show_default=setting.default is not None,
        help=f"{text[0].upper()}{text[1:]} [env {setting.env}].",
        **extra,
    )


db_option = setting_option("DATABASE", "db_path", type=click.Path(dir_okay=False))
public_url_option = setting_option("PUBLIC_URL")
port_option = setting_option("PORT", type=int)
retention_option = setting_option("RETENTION_DAYS", type=click.IntRange(min=0))


def open_db(db_path):
    """Open and migrate the database the command was pointed at."""
    path = Path(db_path) if db_path else config.default_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    return store.migrate(store.connect(path)), path


class Refused(click.ClickException):
    """Bad input from the person at the terminal: one plain sentence, exit code 2."""

    exit_code = 2


def fail(error):
    raise Refused(error.message if isinstance(error, WorkshopError) else str(error))


@click.group()
@click.version_option(package_name="workshop")
def cli():
    """Live co-production workshops for Social Value commissioning."""


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@port_option
@db_option
@public_url_option
@setting_option("MESSAGE_QUEUE")
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False), help="TLS certificate.")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS private key.")
@retention_option
def serve(host, port, db_path, public_url, message_queue, certfile, keyfile, retention_days):
    """Start the server and print the links and QR code for the latest workshop.

    It runs on gevent's WSGI server, chosen over a threaded server by
    measurement (docs/PERFORMANCE.md); docs/DEPLOY.md runs several behind nginx.
    """
    from .web.app import create_app
    from .web.live import socketio

    if bool(certfile) != bool(keyfile):
        raise click.UsageError("HTTPS needs both --certfile and --keyfile.")
    logger = logs.setup()
    db, path = open_db(db_path)
    _purge_expired(db, retention_days)
    scheme = "https" if certfile else "http"
    base = links.base_url(public_url, port, scheme)
    latest = store.list_workshops(db)
    workshop = (
        store.workshop_by_code(db, latest[0]["code"])
        if latest
        else workshops.create(db, "Market engagement workshop")
    )
    organiser_key = organising.organiser_key(db)
    db.conn.close()
    app = create_app(
        {
            "DATABASE": str(path),
            "PUBLIC_URL": base,
            "ASYNC_MODE": "gevent",
            "MESSAGE_QUEUE": message_queue,
        }
    )
    _banner(base, workshop, organiser_key)
    ssl = {"certfile": certfile, "keyfile": keyfile} if certfile else {}
    # Server logs go through logs.py: no IP addresses, user agents or keys.
    logs.capture_gevent_hub(logger)
    # gevent's pywsgi server, WebSockets through simple-websocket.
    try:
        socketio.run(
            app, host=host, port=port, log_output=False, **ssl, **logs.server_options(logger)
        )
    except KeyboardInterrupt:
        # Ctrl+C is the way to stop: every acknowledged write is already on
        # disk (group commit), so this is a clean stop, exit status 0.
        click.echo("Stopped.")


def _purge_expired(db, days):
    if not days:
        return
    for gone in maintenance.purge_expired(db, days):
        click.echo(f"Purged workshop {gone['code']} (ended or idle for over {days} days).")


def _banner(base, workshop, organiser_key):
    from .web import qr

    urls = links.for_workshop(base, workshop)
    click.echo(qr.terminal(urls["join_url"]))
    click.echo(f"Workshop:           {workshop['title']} (code {urls['code']})")
    click.echo(f"Join (attendees):   {urls['join_url']}")
    click.echo(f"Board (projector):  {urls['board_url']}")
    click.echo(f"Console (private):  {urls['console_url']}")
    click.echo(f"Organiser (private, every workshop): {links.organiser_url(base, organiser_key)}")
    click.echo("Other workshops: `workshop list`. Stop with Ctrl+C.")


@cli.command()
@click.argument("title")
@click.option(
    "--stages", default="analyse,plan", show_default=True, help="Comma-separated stages in scope."
)
@click.option(
    "--framework",
    "framework_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A council's own framework file (TOML), instead of Kent's.",
)
@click.option("--votes", default=3, show_default=True, help="Dots per attendee per question.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object, for scripts.")
@click.option("--service", help="The service being commissioned, for the report's title page.")
@click.option("--area", help="The area it serves, for the report's title page.")
@click.option("--approve-first", is_flag=True, help="Ideas wait for approval before they show.")
@click.option("--date", "event_date", help="The day of the event, YYYY-MM-DD.")
@click.option("--starts-at", help="Start time, HH:MM, for the printed agenda.")
@click.option("--help-contact", help="Who to ask for help, for the printed agenda.")
@click.option(
    "--expected", help="Who you expect, as role=N,role=N (for example provider=30,carer=10)."
)
@click.option("--head-count", type=int, help="How many people you expect in all.")
@click.option(
    "--capacity",
    type=click.IntRange(min=1),
    help="Expected head count: beyond it, joins wait until the facilitator lets people in.",
)
@db_option
@public_url_option
@port_option
def new(
    title,
    stages,
    framework_file,
    votes,
    as_json,
    service,
    area,
    approve_first,
    event_date,
    starts_at,
    help_contact,
    expected,
    head_count,
    capacity,
    db_path,
    public_url,
    port,
):
    """Create a workshop and print its code and links (as the organiser page does)."""
    db, _ = open_db(db_path)
    try:
        framework = fw.load(framework_file) if framework_file else None
        given = {
            "service": service,
            "area": area,
            "event_date": event_date,
            "starts_at": starts_at,
            "help_contact": help_contact,
            "expected_head_count": head_count,
            "capacity": capacity,
        }
        fields = {k: v for k, v in given.items() if v is not None}
        if expected:
            fields["expected_roles"] = _expected(expected)
        workshop = organising.create_workshop(
            db,
            title,
            framework=framework,
            stages=stages.split(","),
            vote_budget=votes,
            approve_first=approve_first,
            **fields,
        ).value
    except (WorkshopError, fw.FrameworkError) as error:
        fail(error)
    urls = links.for_workshop(links.base_url(public_url, port), workshop)
    if as_json:
        click.echo(json.dumps(urls))
        return
    click.echo(f"Created {workshop['title']!r}")
    for label, key in (
        ("Code", "code"),
        ("Join", "join_url"),
        ("Board", "board_url"),
        ("Console (keep private)", "console_url"),
    ):
        click.echo(f"{label}: {urls[key]}")


def _links_of(db, rows, public_url, port):
    base = links.base_url(public_url, port)
    for row in rows:
        yield {
            **links.for_workshop(base, store.workshop_by_id(db, row["id"])),
            "title": row["title"],
            "created_at": row["created_at"],
            "ended_at": row["ended_at"],
            "participants": row["participants"],
            "ideas": row["ideas"],
        }


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@db_option
@public_url_option
@port_option
def list_(as_json, db_path, public_url, port):
    """List workshops, newest first, with their join, board and console links."""
    db, _ = open_db(db_path)
    rows = list(_links_of(db, store.list_workshops(db), public_url, port))
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("No workshops yet. Create one with: workshop new TITLE")
    for row in rows:
        ended = f"  ended {row['ended_at'][:16].replace('T', ' ')}" if row["ended_at"] else ""
        click.echo(
            f"{row['code']}  {row['created_at'][:16]}  {row['participants']:>4} people  "
            f"{row['ideas']:>4} ideas  {row['title']}{ended}"
        )
        click.echo(f"    Join:    {row['join_url']}")
        click.echo(f"    Board:   {row['board_url']}")
        click.echo(f"    Console: {row['console_url']}")


@cli.command("links")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object, for scripts.")
@db_option
@public_url_option
@port_option
def links_(code, as_json, db_path, public_url, port):
    """Print one workshop's join, board and console links (the console link is private)."""
    db, _ = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
    except WorkshopError as error:
        fail(error)
    urls = links.for_workshop(links.base_url(public_url, port), workshop)
    if as_json:
        click.echo(json.dumps(urls))
        return
    click.echo(f"{workshop['title']} (code {urls['code']})")
    click.echo(f"Join:    {urls['join_url']}")
    click.echo(f"Board:   {urls['board_url']}")
    click.echo(f"Console (keep private): {urls['console_url']}")


@cli.command()
@click.option(
    "--title", default="Home care re-commissioning, West Kent: market engagement", show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="Print the links as JSON.")
@click.option(
    "--analyse-only",
    is_flag=True,
    help="Stop after the Analyse stage's ideas and votes: no moderation, stories or Plan stage.",
)
@db_option
@public_url_option
@port_option
def demo(title, as_json, analyse_only, db_path, public_url, port):
    """Create a demo workshop: about 90 delegates taken through the Analyse and Plan stages."""
    db, _ = open_db(db_path)
    workshop = demo_module.create(db, title, plan_stage=not analyse_only)
    urls = links.for_workshop(links.base_url(public_url, port), workshop)
    if as_json:
        click.echo(json.dumps(urls))
        return
    click.echo(
        f"Demo workshop {urls['code']}: {store.list_workshops(db)[0]['participants']} "
        "delegates, ideas and votes on every Analyse question"
        + ("." if analyse_only else ", and the Plan stage answered about three outcomes.")
    )
    click.echo(f"Board: {urls['board_url']}\nConsole: {urls['console_url']}")


@cli.command("export")
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


@cli.command()
@click.argument("code")
@db_option
@public_url_option
@port_option
def end(code, db_path, public_url, port):
    """End a workshop: joins, ideas, votes and stories are refused from now on, live on
    every screen if the server is running; the export still works and its retention
    period starts (see docs/PRIVACY.md)."""
    db, _ = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
        live = not workshop["ended_at"] and links.end_on_server(
            links.base_url(public_url, port), workshop
        )
        change = maintenance.end(db, workshops.get(db, code))
    except WorkshopError as error:
        fail(error)
    when = change.value["ended_at"][:16].replace("T", " ")
    done = "had ended" if change.duplicate and not live else "ended"
    click.echo(f"Workshop {change.value['code']} {done} at {when} UTC.")
    if live:
        click.echo("Phones and the board were told straight away.")


@cli.command()
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


@cli.command()
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


@cli.command("import")
@click.argument("archive_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the restored links as JSON.")
@db_option
@public_url_option
@port_option
def import_(archive_file, as_json, db_path, public_url, port):
    """Restore workshops from a JSON archive (fresh facilitator key and attendee tokens)."""
    db, _ = open_db(db_path)
    try:
        data = archive.loads(Path(archive_file).read_bytes())
        restored = archive.restore(db, data)
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


@cli.command()
@click.argument("code")
@click.option("--service", help="The service being commissioned.")
@click.option("--area", help="The area it serves.")
@click.option(
    "--redact",
    "redact_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Keep this file's names and words as the workshop's redaction list.",
)
@click.option(
    "--expected",
    help="How many people of each role were expected, as role=N,role=N "
    "(e.g. provider=30,person_receiving_care=20); the report sets who came against it. "
    'An empty value ("") clears it.',
)
@db_option
def describe(code, service, area, redact_file, expected, db_path):
    """Set what the report says about a workshop, its redaction list and who was expected."""
    db, _ = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
        terms = redaction.read_terms(redact_file) if redact_file else None
        workshop = details.describe(db, workshop, service=service, area=area, redactions=terms)
        if expected is not None:
            # The same numbers the organiser page sets (expected_roles).
            organising.set_up(db, workshop, expected_roles=_expected(expected))
    except WorkshopError as error:
        fail(error)
    row = store.workshop_row(db, workshop["id"])
    wanted = organising.setup_of(row)["expected_roles"]
    click.echo(
        f"{workshop['code']}: service {row['service'] or '-'}; area {row['area'] or '-'}; "
        f"{len(workshop['redactions'])} redaction terms; expected "
        + (", ".join(f"{role}={n}" for role, n in wanted.items()) or "-")
    )


def _expected(text):
    """role=N,role=N -> {role: N}; the domain checks the roles and numbers."""
    pairs = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, _, count = part.partition("=")
        if not count.strip().isdigit():
            raise click.UsageError(f"--expected: write role=N, not {part!r}.")
        pairs[role.strip()] = int(count)
    return pairs


@cli.command()
@public_url_option
@port_option
@db_option
def organiser(public_url, port, db_path):
    """Print the organiser link (private: it opens every workshop on this server)."""
    db, _ = open_db(db_path)
    key = organising.organiser_key(db)
    click.echo(links.organiser_url(links.base_url(public_url, port), key))


@cli.command("outreach")
@click.argument("code")
@click.option("--from", "opens_on", help="First day, YYYY-MM-DD.")
@click.option("--to", "closes_on", help="Last day, YYYY-MM-DD (inclusive).")
@click.option(
    "--question",
    "positions",
    multiple=True,
    type=int,
    help="Agenda number of a question open for outreach (repeat; default all).",
)
@click.option("--close", is_flag=True, help="Close outreach now.")
@db_option
def outreach_(code, opens_on, closes_on, positions, close, db_path):
    """Open a workshop for outreach for a set period (or close it)."""
    db, _ = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
        if close:
            change = outreach.close_window(db, workshop)
        else:
            if not (opens_on and closes_on):
                raise click.UsageError("Give --from and --to, or --close.")
            agenda = store.questions_of(db, workshop["id"])
            chosen = [q["id"] for q in agenda if not positions or q["position"] in positions]
            change = outreach.set_window(
                db, workshop, opens_on=opens_on, closes_on=closes_on, question_ids=chosen
            )
    except WorkshopError as error:
        fail(error)
    state = change.value
    if not state["opens_on"]:
        click.echo(f"Outreach for {workshop['code']} is closed.")
        return
    click.echo(
        f"Outreach for {workshop['code']} runs {state['opens_on']} to {state['closes_on']} "
        f"for {len(state['question_ids'])} question(s)."
    )


@cli.command("agenda")
@click.argument("code")
@click.option("--add", "text", help="Add the workshop's own question with this wording.")
@click.option("--stage", default="analyse", show_default=True, help="Stage of the added question.")
@click.option("--easy-read", help="The added question in easy read.")
@click.option(
    "--time",
    "timing",
    nargs=3,
    type=int,
    help="NUMBER MINUTES BREAK: plan a question's minutes and the break after it (0: none).",
)
@db_option
def agenda_(code, text, stage, easy_read, timing, db_path):
    """Show a workshop's agenda; add its own question or plan the times (printed agenda)."""
    db, _ = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
        if text:
            agenda_rules.add_question(db, workshop, stage=stage, text=text, easy_read=easy_read)
        if timing:
            number, minutes, pause = timing
            found = [q for q in store.questions_of(db, workshop["id"]) if q["position"] == number]
            if not found:
                raise click.UsageError(f"There is no question {number} in the agenda.")
            organising.set_timing(db, workshop, found[0]["id"], minutes=minutes, break_after=pause)
    except WorkshopError as error:
        fail(error)
    for q in store.questions_of(db, workshop["id"]):
        mark = "framework" if q["framework_key"] else "own"
        times = f"{q['minutes'] or '-'} min" + (
            f", break {q['break_after']}" if q["break_after"] else ""
        )
        click.echo(f"{q['position']:>2}. [{q['stage']}, {mark}, {times}] {q['text']}")


@cli.command("settings")
def settings_():
    """Print every setting (environment variable, option, default) as docs/DEPLOY.md lists them."""
    click.echo(config.markdown())
