"""Outreach: the workshop open, for a set period, to people who cannot come.

The same join link works. In the window the chosen questions stay open to
answer at the person's own pace (no facilitator stepping, no timer), and
everything is marked as made in outreach, so the report can count it apart.
A supporter (a care home or day service worker) enters several people on
one phone, each as their own participant, with the supporter's role kept.
"""

from datetime import UTC, date, datetime, timedelta

from ..storage import db as store
from ..storage import setup_store, story_rows
from . import contributions, kinds, stories
from . import framework as fw
from .errors import Conflict, Invalid
from .rules import IDEA_MAX, Change, author_of, clean_client_id, clean_text, question, tag

LONGEST_DAYS = 92


class Closed(Conflict):
    """The workshop is not open to join or write at the moment."""

    code = "outreach_closed"


def _day(value, what):
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(f"Write the {what} date as YYYY-MM-DD.", code="bad_date") from None


def window(workshop):
    """(first day, last day) of the outreach window, or None."""
    opens, closes = workshop.get("outreach_opens_at"), workshop.get("outreach_closes_at")
    if not opens or not closes:
        return None
    last = datetime.fromisoformat(closes) - timedelta(days=1)
    return datetime.fromisoformat(opens).date(), last.date()


def is_open(workshop, at=None):
    """True while the outreach window is open (whole days, UTC)."""
    if not workshop.get("outreach_opens_at") or workshop.get("ended_at"):
        return False
    at = at or store.now()
    return workshop["outreach_opens_at"] <= at < workshop["outreach_closes_at"]


def _pretty(day):
    return f"{day.day} {day:%B %Y}"


def closed_message(workshop):
    """What a phone says outside the window, in plain words."""
    if workshop.get("ended_at"):
        return "This workshop has ended. Thank you."
    span = window(workshop)
    if span is None:
        return "This workshop is not open at the moment. Please ask the organiser."
    first, last = span
    return (
        "This workshop is not open at the moment. "
        f"You can take part from {_pretty(first)} to {_pretty(last)}."
    )


def room_is_live(db, workshop, at=None):
    """The day itself: a question is open in the room, or it is the event's date."""
    today = (at or store.now())[:10]
    if workshop.get("event_date") == today:
        return True
    return any(q["status"] == "open" for q in store.questions_of(db, workshop["id"]))


def join_origin(db, workshop, at=None):
    """Where a person joining now takes part: 'outreach', 'room', or Closed.

    A workshop with no outreach window joins as it always has. With one, the
    window or the day itself must be open, and the day wins: a window open over
    the event's date must not file the people in the room as outreach.
    """
    if window(workshop) is None or room_is_live(db, workshop, at):
        return "room"
    if is_open(workshop, at):
        return "outreach"
    raise Closed(closed_message(workshop))


def set_window(db, workshop, *, opens_on, closes_on, question_ids):
    """Open outreach from one day to another (inclusive) for the chosen questions."""
    first, last = _day(opens_on, "first"), _day(closes_on, "last")
    if last < first:
        raise Invalid("The last day must be on or after the first day.", code="bad_window")
    if (last - first).days + 1 > LONGEST_DAYS:
        raise Invalid(f"Outreach can be open for at most {LONGEST_DAYS} days.", code="bad_window")
    if not isinstance(question_ids, list) or not question_ids:
        raise Invalid("Choose at least one question for outreach.", code="no_questions")
    found = [question(db, workshop, qid) for qid in question_ids]
    if not all(kinds.of(q).TAKES_IDEAS for q in found):
        raise Invalid(
            "Outreach asks for ideas and stories: a ranking question is for the room.",
            code="not_for_ideas",
        )
    chosen = [q["id"] for q in found]
    opens_at = datetime.combine(first, datetime.min.time(), UTC)
    closes_at = datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC)
    with store.transaction(db):
        setup_store.set_outreach_window(
            db,
            workshop["id"],
            opens_at.isoformat(timespec="milliseconds"),
            closes_at.isoformat(timespec="milliseconds"),
        )
        setup_store.set_outreach_questions(db, workshop["id"], chosen)
        event = store.append_event(
            db,
            workshop["id"],
            "outreach_set",
            {"opens_on": first.isoformat(), "closes_on": last.isoformat(), "questions": chosen},
        )
    return Change(outreach_of(db, store.workshop_by_id(db, workshop["id"])), [event])


def close_window(db, workshop):
    """End outreach now: no window, no questions chosen."""
    with store.transaction(db):
        setup_store.set_outreach_window(db, workshop["id"], None, None)
        setup_store.set_outreach_questions(db, workshop["id"], [])
        event = store.append_event(db, workshop["id"], "outreach_closed", {})
    return Change(outreach_of(db, store.workshop_by_id(db, workshop["id"])), [event])


def outreach_of(db, workshop):
    """The outreach settings as the organiser page shows them."""
    span = window(workshop)
    return {
        "opens_on": span[0].isoformat() if span else None,
        "closes_on": span[1].isoformat() if span else None,
        "open_now": is_open(workshop),
        "question_ids": [q["id"] for q in store.questions_of(db, workshop["id"]) if q["outreach"]],
    }


def questions(db, workshop):
    """The questions open for outreach, in agenda order."""
    return [q for q in store.questions_of(db, workshop["id"]) if q["outreach"]]


# The fields an outreach answer may carry, over HTTP and sockets alike.
OUTREACH_FIELDS = ("question_id", "text", "client_id", "priority", "outcome_kind")


def submit(
    db,
    workshop,
    participant,
    *,
    question_id,
    text,
    client_id=None,
    priority=None,
    outcome_kind=None,
):
    """Keep an outreach answer, once per client_id: in the window, for a chosen question."""
    client_id = clean_client_id(client_id)
    existing = store.idea_by_client_id(db, workshop["id"], client_id)
    if existing:
        return contributions.repeat(workshop, participant, existing)
    if not is_open(workshop):
        raise Closed(closed_message(workshop))
    target = question(db, workshop, question_id)
    if not target["outreach"]:
        raise Conflict("This question is not open for outreach.", code="question_closed")
    author_role, entered_by = author_of(workshop, participant)
    return contributions.store_idea(
        db,
        workshop,
        participant,
        client_id=client_id,
        origin="outreach",
        question_id=target["id"],
        author_role=author_role,
        entered_by=entered_by,
        text=clean_text(text, IDEA_MAX),
        priority=tag(workshop, "priorities", priority, "priority"),
        outcome_kind=tag(workshop, "outcome_kinds", outcome_kind, "outcome_kind"),
    )


# The fields an outreach story may carry: a story's, less the question (outreach
# stories are about the event, not one question) and on_behalf_of (a supporter
# enters each person as their own participant).
OUTREACH_STORY_FIELDS = ("text", "may_quote", "client_id")


def submit_story(db, workshop, participant, *, text, may_quote, client_id=None):
    """Keep an outreach story with its quote consent, as the room's (stories.submit_story)."""
    client_id = clean_client_id(client_id)
    # A resend is answered as the first send was, even after the window closes.
    sent = story_rows.story_by_client_id(db, workshop["id"], client_id)
    if sent is None and not is_open(workshop):
        raise Closed(closed_message(workshop))
    return stories.submit_story(
        db,
        workshop,
        participant,
        text=text,
        may_quote=may_quote,
        client_id=client_id,
        origin="outreach",
    )


def supporter_role(workshop, role):
    """A supporter's own role (checked), or None when the person joins for themself."""
    if role in (None, ""):
        return None
    if role not in fw.lookup(workshop["framework"], "roles"):
        raise Invalid("Please choose your own role as a supporter from the list.", "unknown_role")
    return role
