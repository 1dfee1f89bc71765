"""Before the day: create and describe workshops, their agenda and outreach; list their links."""

import json

import click

from ..room import agenda as agenda_rules
from ..room import details, outreach, redaction, setting_up, workshops
from ..room import framework as fw
from ..room.errors import WorkshopError
from ..storage import db as store
from ..storage import records
from ..web import links
from .options import (
    db_option,
    fail,
    open_db,
    port_option,
    public_url_option,
)


@click.command()
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
@click.option("--votes", default=3, show_default=True, help="Votes per attendee per question.")
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
@click.option(
    "--head-count",
    type=int,
    help="Head count: people expected in the room; beyond it, joins wait at the door "
    "until the facilitator lets people in (outreach is counted apart).",
)
@click.option(
    "--capacity",
    type=click.IntRange(min=1),
    help="Hold the door at another number than the head count (the head count by default).",
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
        workshop = setting_up.create_workshop(
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


@click.command("list")
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


@click.command("links")
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


@click.command()
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
            setting_up.set_up(db, workshop, expected_roles=_expected(expected))
    except WorkshopError as error:
        fail(error)
    row = records.workshop_row(db, workshop["id"])
    wanted = setting_up.setup_of(row)["expected_roles"]
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


@click.command("outreach")
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


@click.command("agenda")
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
            setting_up.set_timing(db, workshop, found[0]["id"], minutes=minutes, break_after=pause)
    except WorkshopError as error:
        fail(error)
    for q in store.questions_of(db, workshop["id"]):
        mark = "framework" if q["framework_key"] else "own"
        times = f"{q['minutes'] or '-'} min" + (
            f", break {q['break_after']}" if q["break_after"] else ""
        )
        click.echo(f"{q['position']:>2}. [{q['stage']}, {mark}, {times}] {q['text']}")
