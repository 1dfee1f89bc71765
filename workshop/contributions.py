"""Ideas and votes: what the room contributes to a key question.

Every write is idempotent on the client's own id, so a phone that resends
after a dropped connection, or a double tap, is stored once.
"""

import re
import sqlite3
import unicodedata
import uuid

from . import db as store
from . import framework as fw
from .errors import Conflict, Forbidden, Invalid, NotFound
from .workshops import Change, question

IDEA_MAX = 500
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Control characters break the board's layout; newlines and tabs are fine.
_CONTROL = {c for c in map(chr, range(32)) if c not in "\n\t"} | {"\x7f"}


def clean_text(text, limit, what="idea"):
    """Normalise user text, or raise Invalid with a plain-words reason."""
    if not isinstance(text, str):
        raise Invalid(f"Please write your {what} as text.", code="empty")
    text = unicodedata.normalize("NFC", "".join(c for c in text if c not in _CONTROL)).strip()
    if not text:
        raise Invalid(f"Please write your {what} before sending.", code="empty")
    if len(text) > limit:
        raise Invalid(
            f"Your {what} is too long: please keep it under {limit} characters "
            f"(it has {len(text)}).",
            code="too_long",
        )
    return text


def clean_client_id(client_id):
    """The client's id for this write, or a fresh one if the client sent none."""
    if client_id is None:
        return uuid.uuid4().hex
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise Invalid("client_id must be 8 to 64 letters, digits, '-' or '_'.",
                      code="bad_client_id")
    return client_id


def _tag(workshop, list_name, key, label):
    if key in (None, ""):
        return None
    if not isinstance(key, str) or key not in fw.lookup(workshop["framework"], list_name):
        raise Invalid(f"That {label} is not one of this workshop's.", code=f"unknown_{label}")
    return key


def _open_question(db, workshop, question_id):
    found = question(db, workshop, question_id)
    if found["status"] != "open":
        raise Conflict("This question is not open at the moment.", code="question_closed")
    return found


def public_idea(workshop, idea):
    """An idea as the board and phones see it: no participant ids or tokens."""
    experts = fw.expert_roles(workshop["framework"])
    return {
        "id": idea["id"],
        "question_id": idea["question_id"],
        "text": idea["text"],
        "author_role": idea["author_role"],
        "expert_by_experience": idea["author_role"] in experts,
        "entered_by": idea["entered_by"],
        "priority": idea["priority"],
        "outcome_kind": idea["outcome_kind"],
        "strategic_outcome": idea.get("strategic_outcome"),
        "created_at": idea["created_at"],
        "status": idea.get("status", "shown"),
        "author_roles": [idea["author_role"]],
        "merged": 0,
        "outcome_id": idea.get("outcome_id"),
        "rating": idea.get("rating"),
    }


# The fields an attendee's idea message may carry, over HTTP and sockets alike.
IDEA_FIELDS = ("question_id", "text", "client_id", "priority", "outcome_kind", "on_behalf_of",
               "outcome_id", "rating")


def submit_idea(db, workshop, participant, *, question_id, text, client_id=None,
                priority=None, outcome_kind=None, on_behalf_of=None, outcome_id=None,
                rating=None):
    """Add a participant's idea to the open question, once per client_id.

    A supporter sends `on_behalf_of` (the role of the person they help): the idea
    is stored under that person's role, marked as entered by a supporter. With
    approve-before-shown on, the idea waits for the facilitator: only the
    consoles hear of it, and the author's acknowledgement says so.
    """
    from .plan import answer_fields

    client_id = clean_client_id(client_id)
    author_role, entered_by = author_of(workshop, participant, on_behalf_of)
    existing = store.idea_by_client_id(db, workshop["id"], client_id)
    if existing:
        return _repeat(workshop, participant, existing)
    target = _open_question(db, workshop, question_id)
    text = clean_text(text, IDEA_MAX)
    priority = _tag(workshop, "priorities", priority, "priority")
    outcome_kind = _tag(workshop, "outcome_kinds", outcome_kind, "outcome_kind")
    outcome_id, rating = answer_fields(db, workshop, target, outcome_id, rating)
    status = "pending" if workshop.get("approve_ideas") else "shown"
    try:
        with store.transaction(db):
            idea_id = store.insert_idea(
                db, workshop_id=workshop["id"], question_id=question_id,
                participant_id=participant["id"], client_id=client_id,
                author_role=author_role, entered_by=entered_by, text=text,
                priority=priority, outcome_kind=outcome_kind, status=status,
                outcome_id=outcome_id, rating=rating,
            )
            idea = public_idea(workshop, store.idea_by_id(db, idea_id))
            # Pending ideas reach the consoles only (state.CONSOLE_EVENTS).
            kind = "idea_pending" if status == "pending" else "idea_added"
            event = store.append_event(db, workshop["id"], kind, {"idea": idea})
    except sqlite3.IntegrityError:
        # Another process stored the same client_id between our check and insert.
        existing = store.idea_by_client_id(db, workshop["id"], client_id)
        return _repeat(workshop, participant, existing)
    return Change(idea, [event])


def author_of(workshop, participant, on_behalf_of=None):
    """(author_role, entered_by): the participant's own, or the helped person's role."""
    if on_behalf_of in (None, ""):
        return participant["role"], "self"
    if on_behalf_of not in fw.lookup(workshop["framework"], "roles"):
        raise Invalid("Please choose who you are writing for from the list.",
                      code="unknown_role")
    return on_behalf_of, "supporter"


def _repeat(workshop, participant, existing):
    if existing is None or existing["participant_id"] != participant["id"]:
        raise Conflict("That client_id was already used by someone else.", code="client_id_taken")
    return Change(public_idea(workshop, existing), duplicate=True)


def cast_vote(db, workshop, participant, *, idea_id, client_id=None):
    """Put one of the participant's dots on an idea, once per client_id."""
    client_id = clean_client_id(client_id)
    existing = store.vote_by_client_id(db, workshop["id"], client_id)
    if existing:
        return _repeat_vote(participant, existing)
    idea = store.idea_by_id(db, idea_id) if store.is_row_id(idea_id) else None
    if not idea or idea["workshop_id"] != workshop["id"] or idea["status"] != "shown":
        raise NotFound("There is no such idea to vote for.")
    _open_question(db, workshop, idea["question_id"])
    # A vote on an idea merged into this one already counts for it.
    group = [row["id"] for row in store.idea_group(db, idea["id"])]
    if any(v["participant_id"] == participant["id"] for v in store.standing_votes_on(db, group)):
        raise Conflict("You have already voted for this idea.", code="already_voted")
    try:
        with store.transaction(db):
            vote_id = store.insert_vote(
                db, workshop_id=workshop["id"], question_id=idea["question_id"],
                idea_id=idea["id"], participant_id=participant["id"],
                voter_role=participant["role"], client_id=client_id,
            )
            event = store.append_event(db, workshop["id"], "vote_cast", {
                "idea_id": idea["id"], "question_id": idea["question_id"],
                "role": participant["role"],
            })
    except sqlite3.IntegrityError as exc:
        return _vote_refused(db, workshop, participant, client_id, exc)
    vote = {"id": vote_id, "idea_id": idea["id"], "question_id": idea["question_id"],
            "client_id": client_id}
    return Change(vote, [event])


def _vote_refused(db, workshop, participant, client_id, exc):
    # The schema is the last word: a race past the checks above lands here.
    existing = store.vote_by_client_id(db, workshop["id"], client_id)
    if existing:
        return _repeat_vote(participant, existing)
    if "budget" in str(exc):
        raise Invalid(
            f"You have used all your {workshop['vote_budget']} dots for this question. "
            "Take one back to vote for something else.",
            code="budget_spent",
        ) from exc
    raise Conflict("You have already voted for this idea.", code="already_voted") from exc


def _repeat_vote(participant, existing):
    if existing["participant_id"] != participant["id"]:
        raise Conflict("That client_id was already used by someone else.", code="client_id_taken")
    vote = {key: existing[key] for key in ("id", "idea_id", "question_id", "client_id")}
    vote["withdrawn"] = existing["withdrawn_at"] is not None
    return Change(vote, duplicate=True)


def withdraw_vote(db, workshop, participant, *, client_id):
    """Take back the vote cast under client_id while its question is open."""
    if not isinstance(client_id, str):
        raise Invalid("Say which vote to take back (its client_id).", code="bad_client_id")
    vote = store.vote_by_client_id(db, workshop["id"], client_id)
    if not vote:
        raise NotFound("There is no such vote to take back.")
    if vote["participant_id"] != participant["id"]:
        raise Forbidden("You can only take back your own votes.")
    result = {"id": vote["id"], "idea_id": vote["idea_id"], "question_id": vote["question_id"],
              "client_id": client_id}
    if vote["withdrawn_at"]:
        return Change(result, duplicate=True)
    _open_question(db, workshop, vote["question_id"])
    with store.transaction(db):
        store.withdraw_vote(db, vote["id"])
        event = store.append_event(db, workshop["id"], "vote_withdrawn", {
            "idea_id": vote["idea_id"], "question_id": vote["question_id"],
            "role": participant["role"],
        })
    return Change(result, [event])

