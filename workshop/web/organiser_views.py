"""What the organiser reads: every workshop as the list shows it, and one
workshop's set-up, agenda with planned times, outreach and links.

The organiser's page and API (organiser.py) and the replies of the
organiser's actions (actions.py) both draw from here.
"""

from ..report import export
from ..room import address, agenda, outreach, setting_up, shapes
from ..storage import setup_store
from . import links
from .context import base_url


def state_of(row):
    """A workshop's state in a word the organiser reads at a glance."""
    if row["ended_at"]:
        return "ended"
    if row["open_questions"]:
        return "live"
    if row["outreach_opens_at"] and outreach.is_open(row):
        return "outreach open"
    return "ready"


def _listed(row):
    urls = links.for_workshop(base_url(), row)
    return {
        "code": row["code"],
        "title": row["title"],
        "service": row["service"],
        "area": row["area"],
        "date": row["event_date"],
        "starts_at": row["starts_at"],
        "created_at": row["created_at"],
        "people": row["people"],
        "outreach_people": row["outreach_people"],
        "ideas": row["ideas"],
        "state": state_of(row),
        "join_url": urls["join_url"],
        "board_url": urls["board_url"],
        "console_url": urls["console_url"],
    }


def overview(db, code=None):
    """Every workshop as the organiser's list shows it, or the one with `code`."""
    rows = [_listed(r) for r in setup_store.workshops_overview(db)]
    if code is None:
        return rows
    return next(r for r in rows if r["code"] == code)


def timed_question(q):
    """A question with its planned minutes and the break after it."""
    return {**shapes.public_question(q), **{k: q[k] for k in ("minutes", "break_after")}}


def detail(db, workshop):
    """One workshop for the organiser: set-up, agenda, outreach, links."""
    return {
        "workshop": overview(db, workshop["code"]),
        "setup": setting_up.setup_of(workshop),
        "questions": [timed_question(q) for q in agenda.agenda(db, workshop)],
        "outreach": outreach.outreach_of(db, workshop),
        "framework": shapes.public_workshop(workshop),
        "formats": list(export.FORMATS),
        "address": address.describe(db, base_url()),
    }
