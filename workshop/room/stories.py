"""Stories: longer accounts from the room (framework principle 13).

Qualitative stories count as evidence. Each carries the teller's explicit
choice whether it may be quoted; reports quote only those that said yes. A
story is not broadcast to the room: the event log records that one arrived
(role, consent), never its words.
"""

import sqlite3

from ..storage import db as store
from .errors import Conflict, Invalid
from .rules import Change, author_of, clean_client_id, clean_text, question
from .shapes import public_story

STORY_MAX = 3000


def _consent(may_quote):
    # No default: quoting someone's words needs their explicit yes or no.
    if not isinstance(may_quote, bool):
        raise Invalid(
            "Please choose whether we may quote your story in the report.",
            code="quote_choice_needed",
        )
    return may_quote


# The fields a story message may carry, over HTTP and sockets alike.
STORY_FIELDS = ("text", "may_quote", "question_id", "client_id", "on_behalf_of")


def submit_story(
    db,
    workshop,
    participant,
    *,
    text,
    may_quote,
    question_id=None,
    client_id=None,
    on_behalf_of=None,
):
    """Keep a participant's story, once per client_id."""
    client_id = clean_client_id(client_id)
    existing = store.story_by_client_id(db, workshop["id"], client_id)
    if existing:
        return _repeat(workshop, participant, existing)
    author_role, entered_by = author_of(workshop, participant, on_behalf_of)
    if question_id is not None:
        question_id = question(db, workshop, question_id)["id"]
    text = clean_text(text, STORY_MAX, "story")
    may_quote = _consent(may_quote)
    try:
        with store.transaction(db):
            story_id = store.insert_story(
                db,
                workshop_id=workshop["id"],
                question_id=question_id,
                participant_id=participant["id"],
                client_id=client_id,
                author_role=author_role,
                entered_by=entered_by,
                text=text,
                may_quote=may_quote,
            )
            story = public_story(workshop, store.story_by_id(db, story_id))
            event = store.append_event(
                db,
                workshop["id"],
                "story_added",
                {
                    key: story[key]
                    for key in (
                        "id",
                        "question_id",
                        "author_role",
                        "expert_by_experience",
                        "entered_by",
                        "may_quote",
                    )
                },
            )
    except sqlite3.IntegrityError:
        # Another process stored the same client_id between our check and insert.
        return _repeat(
            workshop, participant, store.story_by_client_id(db, workshop["id"], client_id)
        )
    return Change(story, [event])


def _repeat(workshop, participant, existing):
    if existing is None or existing["participant_id"] != participant["id"]:
        raise Conflict("That client_id was already used by someone else.", code="client_id_taken")
    return Change(public_story(workshop, existing), duplicate=True)


def listing(db, workshop, *, quotable_only=False):
    """The workshop's shown stories, oldest first; quotable_only for quoting in a report."""
    return [
        public_story(workshop, s)
        for s in store.stories_of(db, workshop["id"], quotable_only=quotable_only)
    ]
