"""Before the day: the organiser's key, and setting a workshop up in one go.

The organiser page, its JSON API and `workshop new` all create through
`create_workshop`, and edit through the same agenda and moderation
functions the console uses, so one set of rules holds however it is done.
"""

import hmac
import json
from datetime import date, time

from ..storage import db as store
from ..storage import setup_store
from . import address, details, moderation, workshops
from . import framework as fw
from .errors import Invalid
from .rules import Change, question, whole, writable_all
from .shapes import settings_event

HELP_MAX = 200
# A council's framework file from the organiser page; Kent's is about 20 KB.
FRAMEWORK_MAX = 256 * 1024


def organiser_key(db):
    """The server's organiser key: made once (192 bits), then kept in the database."""
    key = setup_store.organiser_key(db)
    if key is None:
        with store.transaction(db):
            setup_store.insert_organiser_key(db, workshops.new_secret())
        key = setup_store.organiser_key(db)
    return key


def share_organiser_key(db, key):
    """Use another node's organiser key here, so one organiser link and session
    open every node of a sharded site (docs/DEPLOY.md)."""
    key = (key or "").strip()
    if len(key) < 24 or not key.isascii() or not all(c.isalnum() or c in "-_" for c in key):
        raise Invalid("An organiser key is the part of the link after #key= (32 characters).")
    with store.transaction(db):
        setup_store.replace_organiser_key(db, key)
    return key


def organiser_key_stored(db):
    """The organiser key if one was made, without making one."""
    return setup_store.organiser_key(db)


def organiser_key_matches(db, key):
    """Compare an organiser key in constant time."""
    stored = setup_store.organiser_key(db)
    # Keys are ASCII; anything else (a lone surrogate cannot even be encoded)
    # is simply wrong.
    return (
        bool(stored)
        and isinstance(key, str)
        and key.isascii()
        and hmac.compare_digest(key.encode(), stored.encode())
    )


def _date(value):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise Invalid(
            "Write the date as YYYY-MM-DD, for example 2026-03-14.", code="bad_date"
        ) from None


def _time(value):
    if value in (None, ""):
        return None
    try:
        return time.fromisoformat(str(value)).strftime("%H:%M")
    except ValueError:
        raise Invalid(
            "Write the start time as HH:MM, for example 10:00.", code="bad_time"
        ) from None


def _expected(workshop, expected):
    if expected in (None, ""):
        return {}
    if not isinstance(expected, dict):
        raise Invalid("Expected people must be a number for each role.", code="bad_expected")
    roles = fw.lookup(workshop["framework"], "roles")
    cleaned = {}
    for role, count in expected.items():
        if role not in roles:
            raise Invalid(
                "Expected people: that role is not one of this workshop's.", "unknown_role"
            )
        if count in (None, "", 0):
            continue
        cleaned[role] = whole(count, 0, 5000, "Expected people in a role")
    return cleaned


def framework_from_file(content, name="the framework file"):
    """A council's own framework file (TOML, as uploaded), checked as `--framework` checks it.

    Refused with a plain message (bad_framework) before anything is written.
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    if not isinstance(content, bytes):
        raise Invalid("Send the framework file's TOML as text.", code="bad_framework")
    if not content.strip():
        raise Invalid("The framework file is empty.", code="bad_framework")
    if len(content) > FRAMEWORK_MAX:
        raise Invalid(
            f"The framework file is too big: at most {FRAMEWORK_MAX // 1024} KB.",
            code="bad_framework",
        )
    try:
        # Its words reach every screen and report: cleaned as typed text is.
        return writable_all(fw.loads(content, name))
    except fw.FrameworkError as error:
        why = str(error)
        raise Invalid(
            f"The framework file was not used. {why[:1].upper()}{why[1:]}", code="bad_framework"
        ) from None


def set_up(db, workshop, **fields):
    """Set any of the day's details: date, start time, who helps, who is expected, easy read first.

    Fields left out keep their value. The service, area and redaction list
    go to details.describe, as `workshop describe` sets them.
    """
    known = {
        "event_date",
        "starts_at",
        "help_contact",
        "expected_roles",
        "expected_head_count",
        "easy_read_first",
    }
    given = {k: v for k, v in fields.items() if k in known}
    cleaned = {}
    if "wifi_name" in fields or "wifi_password" in fields:
        cleaned["wifi_name"], cleaned["wifi_password"] = address.clean_wifi(
            fields.get("wifi_name", workshop.get("wifi_name")),
            fields.get("wifi_password", workshop.get("wifi_password")),
        )
    if "event_date" in given:
        cleaned["event_date"] = _date(given["event_date"])
    if "starts_at" in given:
        cleaned["starts_at"] = _time(given["starts_at"])
    if "help_contact" in given:
        text = " ".join(str(given["help_contact"] or "").split())
        if len(text) > HELP_MAX:
            raise Invalid(f"Who to ask for help must be under {HELP_MAX} characters.")
        cleaned["help_contact"] = text or None
    if "expected_roles" in given:
        cleaned["expected_roles"] = _expected(workshop, given["expected_roles"])
    if "expected_head_count" in given:
        count = given["expected_head_count"]
        cleaned["expected_head_count"] = (
            None if count in (None, "", 0) else whole(count, 1, 5000, "The head count")
        )
    if "easy_read_first" in given:
        # Phones show easy read until their owner chooses (static/js/easy-read.js).
        if not isinstance(given["easy_read_first"], bool):
            raise Invalid("Easy read first must be true or false.", code="bad_flag")
        cleaned["easy_read_first"] = int(given["easy_read_first"])
    redactions = fields.get("redactions")
    if redactions is not None and (
        not isinstance(redactions, list) or not all(isinstance(t, str) for t in redactions)
    ):
        raise Invalid("The redaction list must be a list of words and names.", "bad_redactions")
    with store.transaction(db):
        if {"service", "area", "redactions"} & set(fields):
            details.describe(
                db,
                workshop,
                service=fields.get("service"),
                area=fields.get("area"),
                redactions=redactions,
            )
        setup_store.set_setup(db, workshop["id"], **cleaned)
        # The log names the fields that changed, never the redacted words.
        event = store.append_event(
            db, workshop["id"], "workshop_set_up", {"fields": sorted(set(fields))}
        )
    return Change(setup_of(store.workshop_by_id(db, workshop["id"])), [event])


def set_easy_read_first(db, workshop, on):
    """Easy read first on every phone, from the console (the organiser's set-up sets it too).

    Only a phone whose owner has not chosen a way of reading follows it.
    """
    if not isinstance(on, bool):
        raise Invalid("Say true or false.", code="bad_flag")
    with store.transaction(db):
        setup_store.set_setup(db, workshop["id"], easy_read_first=int(on))
        updated = store.workshop_by_id(db, workshop["id"])
        event = settings_event(db, updated)
    return Change(updated, [event])


def create_workshop(
    db,
    title,
    *,
    stages=workshops.DEFAULT_STAGES,
    vote_budget=3,
    approve_first=False,
    framework=None,
    capacity=None,
    **fields,
):
    """Create a workshop with everything the organiser's form (or `workshop new`) gives."""
    if not isinstance(title, str):
        raise Invalid("A workshop needs a title, as text.")
    if isinstance(vote_budget, bool):
        raise Invalid("The vote budget must be a whole number from 1 to 20.")
    if not isinstance(stages, list | tuple) or not all(isinstance(s, str) for s in stages):
        raise Invalid("Stages must be a list of stage names.", code="unknown_stage")
    if not isinstance(approve_first, bool):
        raise Invalid("Approve-first must be true or false.")
    with store.transaction(db):
        workshop = workshops.create(
            db, title, framework=framework, stages=stages, vote_budget=vote_budget
        )
        if approve_first:
            workshop = moderation.set_approval(db, workshop, True).value
        # One head count: the expected head count holds the door too, unless
        # a different door figure is given.
        if capacity in (None, "", 0):
            capacity = fields.get("expected_head_count")
        if capacity not in (None, "", 0):
            workshop = workshops.set_capacity(db, workshop, capacity).value
        set_up(db, workshop, **fields)
    return Change(store.workshop_by_id(db, workshop["id"]))


def set_timing(db, workshop, question_id, *, minutes=None, break_after=None):
    """A question's planned minutes and the break after it, for the easy-read agenda."""
    target = question(db, workshop, question_id)
    minutes = None if minutes in (None, "", 0) else whole(minutes, 1, 240, "Minutes")
    break_after = None if break_after in (None, "", 0) else whole(break_after, 1, 120, "The break")
    with store.transaction(db):
        setup_store.set_question_timing(db, target["id"], minutes, break_after)
        event = store.append_event(
            db, workshop["id"], "question_timed", {"question_id": target["id"]}
        )
    return Change(store.question_by_id(db, target["id"]), [event])


def setup_of(workshop):
    """A workshop's set-up as the organiser page and the printed agenda read it."""
    raw = workshop.get("expected_roles") or "{}"
    return {
        "service": workshop.get("service"),
        "area": workshop.get("area"),
        "event_date": workshop.get("event_date"),
        "starts_at": workshop.get("starts_at"),
        "help_contact": workshop.get("help_contact"),
        "expected_roles": json.loads(raw) if isinstance(raw, str) else raw,
        "expected_head_count": workshop.get("expected_head_count"),
        "redactions": workshop.get("redactions") or [],
        "approve_first": bool(workshop.get("approve_ideas")),
        "vote_budget": workshop["vote_budget"],
        "stages": workshop["stages"],
        "wifi_name": workshop.get("wifi_name"),
        "wifi_password": workshop.get("wifi_password"),
        "easy_read_first": bool(workshop.get("easy_read_first")),
    }
