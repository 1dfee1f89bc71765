"""The room's shared rules and lookups: what every action checks the same way.

Plain functions over a connection; nothing here writes. Actions (workshops,
contributions, moderation, ...) build on these, never on each other's
internals.
"""

import math
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from ..storage import db as store
from ..storage import outcomes as outcome_rows
from . import framework as fw
from .errors import Conflict, Invalid, NotFound


@dataclass
class Change:
    """What a write produced: its result and the events to broadcast after commit."""

    value: object
    events: list = field(default_factory=list)
    duplicate: bool = False
    # Ideas whose tallies the change moved without a vote event (merge, hide).
    retally: list = field(default_factory=list)


def question(db, workshop, question_id):
    """One of this workshop's questions, or NotFound."""
    found = store.question_by_id(db, question_id) if store.is_row_id(question_id) else None
    if not found or found["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such question in this workshop.")
    return found


def agenda(db, workshop):
    """The workshop's questions in agenda order."""
    return store.questions_of(db, workshop["id"])


IDEA_MAX = 500


CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


# Characters no screen, report or XML file can carry: control characters
# (they break the board's layout; newlines and tabs are fine), lone surrogates
# (not text at all: they cannot be encoded) and Unicode's non-characters
# (U+FDD0..U+FDEF and the last two of every plane, U+FFFE/U+FFFF among them,
# which python-docx refuses and so would break the Word report for good).
_UNWRITABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
    + "]"
)


def writable(text):
    """Text with every character removed that a screen, report or XML file cannot carry.

    The one cleaning step: input goes through it (clean_text) and so does
    every renderer's output, for rows stored before it existed.
    """
    return _UNWRITABLE.sub("", text) if isinstance(text, str) else text


def writable_all(value):
    """`writable` applied to every string in a report document or archive, keys included."""
    if isinstance(value, str):
        return writable(value)
    if isinstance(value, dict):
        return {writable_all(k): writable_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [writable_all(v) for v in value]
    return value


def clean_text(text, limit, what="idea"):
    """Normalise user text, or raise Invalid with a plain-words reason."""
    if not isinstance(text, str):
        raise Invalid(f"Please write your {what} as text.", code="empty")
    text = unicodedata.normalize("NFC", writable(text)).strip()
    if not text:
        raise Invalid(f"Please write your {what} before sending.", code="empty")
    if len(text) > limit:
        raise Invalid(
            f"Your {what} is too long: please keep it under {limit} characters "
            f"(it has {len(text)}).",
            code="too_long",
        )
    return text


ROW_ID_MAX = 2**63 - 1


def row_id(value, what="id", *, text=False, code="bad_id"):
    """A whole number SQLite can hold, or Invalid: the one id and number parser.

    `true` is not 1, 1.0 is not 1, and nothing beyond 2**63 - 1. With
    text=True (a URL's query or path) only ASCII digits count: no
    superscripts, no Arabic-Indic digits, no 5,000-digit numbers.
    """
    if text and isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ROW_ID_MAX:
        raise Invalid(f"{what} must be a whole number.", code=code)
    return value


def clean_client_id(client_id):
    """The client's id for this write, or a fresh one if the client sent none."""
    if client_id is None:
        return uuid.uuid4().hex
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise Invalid(
            "client_id must be 8 to 64 letters, digits, '-' or '_'.", code="bad_client_id"
        )
    return client_id


def tag(workshop, list_name, key, label):
    """A framework key (priority, kind of outcome...) checked against the workshop's lists."""
    if key in (None, ""):
        return None
    if not isinstance(key, str) or key not in fw.lookup(workshop["framework"], list_name):
        raise Invalid(f"That {label} is not one of this workshop's.", code=f"unknown_{label}")
    return key


ENDED = "This workshop has ended. Thank you."


def still_running(workshop):
    """Refuse an attendee's join or write once the facilitator has ended the workshop."""
    if workshop.get("ended_at"):
        raise Conflict(ENDED, code="workshop_ended")


def vote_refused(workshop, participant, existing, exc, target):
    """A vote the schema refused (a race past the checks): the earlier vote under
    the same client_id as a repeat, else the budget or the one-dot rule.

    `existing` is the vote under that client_id, if any; `target` names what
    is voted for: "idea" or "theme".
    """
    if existing:
        return repeated_vote(participant, existing, target)
    if "budget" in str(exc):
        raise Invalid(
            f"You have used all your {workshop['vote_budget']} votes for this question. "
            "Take one back to vote for something else.",
            code="budget_spent",
        ) from exc
    raise Conflict(f"You have already voted for this {target}.", code="already_voted") from exc


def repeated_vote(participant, existing, target):
    """A vote sent again under its client_id: the stored one, marked a duplicate."""
    if existing["participant_id"] != participant["id"]:
        raise Conflict("That client_id was already used by someone else.", code="client_id_taken")
    keys = ("id", f"{target}_id", "question_id", "client_id")
    vote = {key: existing[key] for key in keys}
    vote["withdrawn"] = existing["withdrawn_at"] is not None
    return Change(vote, duplicate=True)


def open_for_answers(db, workshop, question_id):
    """The question, if it is open for ideas and votes; else Conflict."""
    still_running(workshop)
    found = question(db, workshop, question_id)
    if found["status"] != "open":
        raise Conflict("This question is not open at the moment.", code="question_closed")
    return found


def author_of(workshop, participant, on_behalf_of=None):
    """(author_role, entered_by): the participant's own, or the helped person's role."""
    if on_behalf_of in (None, ""):
        # A person a supporter entered on their phone is their own participant.
        return participant["role"], "supporter" if participant.get("supporter_role") else "self"
    if on_behalf_of not in fw.lookup(workshop["framework"], "roles"):
        raise Invalid("Please choose who you are writing for from the list.", code="unknown_role")
    return on_behalf_of, "supporter"


def outcome(db, workshop, outcome_id):
    """One of this workshop's provisional outcomes, or NotFound."""
    row = outcome_rows.outcome_by_id(db, outcome_id) if store.is_row_id(outcome_id) else None
    if not row or row["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such provisional outcome in this workshop.")
    return row


# What a phone sends for an answer about the plan as a whole, not one outcome.
WHOLE_PLAN = "whole"


def whole(value, low, high, what):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(f"{what} must be a whole number from {low} to {high}.")
    return value


def ms_between(start, end):
    return int((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() * 1000)


def timer_of(question_row):
    """A question's timer as screens see it, or None if it has none."""
    if question_row.get("timer_seconds") is None:
        return None
    return {
        "seconds": question_row["timer_seconds"],
        "started_at": question_row["timer_started_at"],
        "elapsed_ms": question_row["timer_elapsed_ms"],
        "running": question_row["timer_started_at"] is not None,
    }


def remaining_ms(question_row, extra_time_percent, at=None):
    """Milliseconds left on a question's timer at a moment (negative once over)."""
    timer = timer_of(question_row)
    if timer is None:
        return None
    elapsed = timer["elapsed_ms"]
    if timer["running"]:
        elapsed += ms_between(timer["started_at"], at or store.now())
    return allowed_ms(timer["seconds"], extra_time_percent) - elapsed


def allowed_ms(seconds, extra_time_percent):
    """The timer's length with the workshop's extra time added, rounded up to a second."""
    return math.ceil(seconds * (100 + extra_time_percent) / 100) * 1000


def _id(value, name):
    return None if value in (None, "") else row_id(value, name)


def _number(value, name):
    # Ranges are each action's own (a timer, a percentage, an offset); here
    # only the type: a whole number SQLite can hold, never `true` or 1.0.
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > ROW_ID_MAX:
        raise Invalid(f"{name} must be a whole number.", code="bad_number")
    return value


def _word(value, name):
    if value is None or isinstance(value, str):
        return writable(value)
    raise Invalid(f"{name} must be text.", code="bad_text")


def _flag(value, name):
    if value is None or isinstance(value, bool):
        return value
    raise Invalid(f"{name} must be true or false.", code="bad_flag")


@dataclass(frozen=True)
class Upload:
    """A file a page sent as a form upload (issue 25): only a route makes one, never a
    JSON body or a socket message. `seconds` is the length the phone measured."""

    data: bytes
    seconds: object = None


def _upload(value, name):
    if isinstance(value, Upload):
        return value
    raise Invalid("Send the recording or photo as a file from the page.", code="bad_upload")


LIST_MAX = 1000


def _ids(value, name):
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > LIST_MAX:
        raise Invalid(f"{name} must be a list of whole numbers.", code="bad_id")
    return [row_id(item, name) for item in value]


def _groups(value, name):
    # Accepted themes (theming.accept_themes): [{"label": text, "ideas": [ids]}].
    # None passes, as every kind's does: the caller is checked before the action reads it.
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > LIST_MAX:
        raise Invalid(f"{name} must be a list of themes.", code="bad_groups")
    groups = []
    for group in value:
        if not isinstance(group, dict):
            raise Invalid("Each theme needs a label and its ideas.", code="bad_groups")
        groups.append(
            {
                "label": _word(group.get("label"), "label"),
                "ideas": _ids(group.get("ideas"), "ideas"),
            }
        )
    return groups


def _checked_by_write(value, name):
    # The organiser's set-up and a joining phone's supporter: dates, times,
    # lists and tables whose write checks them whole (setting_up, outreach),
    # with their own reasons; here only the one cleaning step.
    return writable_all(value)


def _outcome(value, name):
    # An answer about the plan as a whole names no one outcome (answer_fields).
    return WHOLE_PLAN if value == WHOLE_PLAN else _id(value, name)


def _card(value, name):
    # A paper card's number is typed off the card, so digits sent as text are
    # fine; paper.card_number checks its range and that it is not entered yet.
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    if value in (None, "") or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise Invalid("The card number is the number printed on the card.", code="bad_card_number")


# The organiser's set-up fields: for a new workshop (the title apart), and
# for set_up afterwards. Declared here once; the action table (web/actions.py)
# and FIELD_KINDS below take them from here.
CREATE_FIELDS = (
    "capacity",
    "stages",
    "vote_budget",
    "approve_first",
    "framework",
    "service",
    "area",
    "event_date",
    "starts_at",
    "help_contact",
    "expected_roles",
    "expected_head_count",
    "easy_read_first",
)
SET_UP_FIELDS = (
    "service",
    "area",
    "event_date",
    "starts_at",
    "help_contact",
    "expected_roles",
    "expected_head_count",
    "redactions",
    "wifi_name",
    "wifi_password",
    "easy_read_first",
)

# Every field any action's message may carry, and the one parser it goes
# through before a domain function sees it. Text is only type-checked and
# made writable here; each action cleans it to its own length with clean_text.
FIELD_KINDS = {
    # Set-up fields first: a kind of its own below (capacity, a number) wins.
    **dict.fromkeys(
        ("title", *CREATE_FIELDS, *SET_UP_FIELDS)
        + ("minutes", "break_after", "opens_on", "closes_on", "options", "order"),
        _checked_by_write,
    ),
    **dict.fromkeys(("question_id", "idea_id", "into", "story_id", "theme_id"), _id),
    "outcome_id": _outcome,
    "groups": _groups,
    **dict.fromkeys(("offset", "seconds", "percent", "capacity", "count", "position"), _number),
    **dict.fromkeys(("question_ids", "idea_ids", "theme_ids"), _ids),
    **dict.fromkeys(("on", "may_quote", "paused", "confirm", "easy_read_first"), _flag),
    "card_number": _card,
    **dict.fromkeys(("audio", "photo"), _upload),
    **dict.fromkeys(
        (
            "text",
            "easy_read",
            "client_id",
            "priority",
            "outcome_kind",
            "strategic_outcome",
            "care_act_theme",
            "experts_value",
            "answer_kind",
            "on_behalf_of",
            "rating",
            "stage",
            "kind",
            "role",
            "view",
            "rank",
            "to",
            "label",
            "supporter_role",
            "wording",
            "vote_on",
        ),
        _word,
    ),
}


def message_fields(names, data):
    """The named fields of a message, each through its kind's parser (Invalid if wrong)."""
    return {name: FIELD_KINDS[name](data.get(name), name) for name in names}
