"""Ideas and votes: what the room contributes to a key question.

Every write is idempotent on the client's own id, so a phone that resends
after a dropped connection, or a double tap, is stored once.
"""

import sqlite3

from ..storage import db as store
from .errors import Conflict, Forbidden, Invalid, NotFound
from .experts_values import from_supporter
from .kinds import answer_fields
from .moderation import checks
from .rules import (
    IDEA_MAX,
    Change,
    author_of,
    clean_client_id,
    clean_text,
    open_for_answers,
    repeated_vote,
    tag,
    vote_refused,
)
from .shapes import public_idea

# The fields an attendee's idea message may carry, over HTTP and sockets alike.
IDEA_FIELDS = (
    "question_id",
    "text",
    "client_id",
    "priority",
    "outcome_kind",
    "on_behalf_of",
    "outcome_id",
    "rating",
    "experts_value",
)


def submit_idea(
    db,
    workshop,
    participant,
    *,
    question_id,
    text,
    client_id=None,
    priority=None,
    outcome_kind=None,
    on_behalf_of=None,
    outcome_id=None,
    rating=None,
    experts_value=None,
):
    """Add a participant's idea to the open question, once per client_id.

    A supporter sends `on_behalf_of` (the role of the person they help): the idea
    is stored under that person's role, marked as entered by a supporter. With
    approve-before-shown on, the idea waits for the facilitator: only the
    consoles hear of it, and the author's acknowledgement says so. A supporter
    may also tag what experts by experience value (experts_values.py).
    """
    client_id = clean_client_id(client_id)
    author_role, entered_by = author_of(workshop, participant, on_behalf_of)
    existing = store.idea_by_client_id(db, workshop["id"], client_id)
    if existing:
        return repeat(workshop, participant, existing)
    target = open_for_answers(db, workshop, question_id)
    text = clean_text(text, IDEA_MAX)
    priority = tag(workshop, "priorities", priority, "priority")
    outcome_kind = tag(workshop, "outcome_kinds", outcome_kind, "outcome_kind")
    outcome_id, rating = answer_fields(db, workshop, target, outcome_id, rating, must_choose=True)
    experts_value = from_supporter(workshop, experts_value, entered_by)
    return store_idea(
        db,
        workshop,
        participant,
        question_id=question_id,
        client_id=client_id,
        author_role=author_role,
        entered_by=entered_by,
        text=text,
        priority=priority,
        outcome_kind=outcome_kind,
        outcome_id=outcome_id,
        rating=rating,
        experts_value=experts_value,
    )


def store_idea(db, workshop, participant, *, client_id, origin="room", **fields):
    """Store a checked idea and log it; a client id stored meanwhile gets the resend's reply.

    Shared by the room and outreach, so both wait for approval, log and de-duplicate alike.
    """
    status = "pending" if workshop.get("approve_ideas") else "shown"
    try:
        with store.transaction(db):
            idea_id = store.insert_idea(
                db,
                workshop_id=workshop["id"],
                participant_id=participant["id"],
                client_id=client_id,
                status=status,
                origin=origin,
                **fields,
            )
            idea = public_idea(workshop, store.idea_by_id(db, idea_id))
            # Pending ideas reach the consoles only (state.CONSOLE_EVENTS), with
            # what in them needs a human before they are shown.
            kind = "idea_pending" if status == "pending" else "idea_added"
            logged = (
                {**idea, "checks": checks(workshop, idea["text"])}
                if kind == "idea_pending"
                else idea
            )
            event = store.append_event(db, workshop["id"], kind, {"idea": logged})
    except sqlite3.IntegrityError:
        # Another process stored the same client_id between our check and insert.
        existing = store.idea_by_client_id(db, workshop["id"], client_id)
        return repeat(workshop, participant, existing)
    return Change(idea, [event])


def repeat(workshop, participant, existing):
    """A resend's reply: the idea already stored, if it is this participant's."""
    if existing is None or existing["participant_id"] != participant["id"]:
        raise Conflict("That client_id was already used by someone else.", code="client_id_taken")
    return Change(public_idea(workshop, existing), duplicate=True)


def cast_vote(db, workshop, participant, *, idea_id, client_id=None):
    """Put one of the participant's dots on an idea, once per client_id."""
    client_id = clean_client_id(client_id)
    existing = store.vote_by_client_id(db, workshop["id"], client_id)
    if existing:
        return repeated_vote(participant, existing, "idea")
    idea = store.idea_by_id(db, idea_id) if store.is_row_id(idea_id) else None
    if not idea or idea["workshop_id"] != workshop["id"] or idea["status"] != "shown":
        raise NotFound("There is no such idea to vote for.")
    if open_for_answers(db, workshop, idea["question_id"]).get("vote_on") == "themes":
        raise Conflict(
            "The room is voting on themes for this question: vote for a theme instead.",
            code="voting_on_themes",
        )
    # A vote on an idea merged into this one already counts for it.
    if store.has_standing_vote_in_group(db, participant["id"], idea["id"]):
        raise Conflict("You have already voted for this idea.", code="already_voted")
    try:
        with store.transaction(db):
            vote_id = store.insert_vote(
                db,
                workshop_id=workshop["id"],
                question_id=idea["question_id"],
                idea_id=idea["id"],
                participant_id=participant["id"],
                voter_role=participant["role"],
                client_id=client_id,
            )
            event = store.append_event(
                db,
                workshop["id"],
                "vote_cast",
                {
                    "idea_id": idea["id"],
                    "question_id": idea["question_id"],
                    "role": participant["role"],
                },
            )
    except sqlite3.IntegrityError as exc:
        existing = store.vote_by_client_id(db, workshop["id"], client_id)
        return vote_refused(workshop, participant, existing, exc, "idea")
    vote = {
        "id": vote_id,
        "idea_id": idea["id"],
        "question_id": idea["question_id"],
        "client_id": client_id,
    }
    return Change(vote, [event])


def withdraw_vote(db, workshop, participant, *, client_id):
    """Take back the vote cast under client_id while its question is open."""
    if not isinstance(client_id, str):
        raise Invalid("Say which vote to take back (its client_id).", code="bad_client_id")
    vote = store.vote_by_client_id(db, workshop["id"], client_id)
    if not vote:
        raise NotFound("There is no such vote to take back.")
    if vote["participant_id"] != participant["id"]:
        raise Forbidden("You can only take back your own votes.")
    result = {
        "id": vote["id"],
        "idea_id": vote["idea_id"],
        "question_id": vote["question_id"],
        "client_id": client_id,
    }
    if vote["withdrawn_at"]:
        return Change(result, duplicate=True)
    open_for_answers(db, workshop, vote["question_id"])
    with store.transaction(db):
        store.withdraw_vote(db, vote["id"])
        event = store.append_event(
            db,
            workshop["id"],
            "vote_withdrawn",
            {
                "idea_id": vote["idea_id"],
                "question_id": vote["question_id"],
                "role": participant["role"],
            },
        )
    return Change(result, [event])
