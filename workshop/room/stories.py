"""Stories: longer accounts from the room (framework principle 13).

Qualitative stories count as evidence. Each carries the teller's explicit
choice whether it may be quoted; reports quote only those that said yes. A
story is not broadcast to the room: the event log records that one arrived
(role, consent), never its words.
"""

import sqlite3

from ..storage import db as store
from ..storage import records, story_rows
from . import media
from .errors import Conflict, Invalid, NotFound
from .rules import Change, author_of, clean_client_id, clean_text, question, still_running
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
# A voice story's (issue 25): the recording as a form upload, its words optional.
VOICE_STORY_FIELDS = (*STORY_FIELDS, "audio")


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
    origin="room",
    audio=None,
):
    """Keep a participant's story, once per client_id.

    `origin` is the caller's, never the message's: outreach.submit_story
    passes 'outreach'. `audio`, a voice story's recording, is kept with the
    story in the same transaction, under the same consent (media.py).
    """
    client_id = clean_client_id(client_id)
    existing = story_rows.story_by_client_id(db, workshop["id"], client_id)
    if existing:
        return _repeat(workshop, participant, existing)
    still_running(workshop)
    author_role, entered_by = author_of(workshop, participant, on_behalf_of)
    if question_id is not None:
        question_id = question(db, workshop, question_id)["id"]
    recording = None if audio is None else media.checked_voice(audio)
    if recording and not (isinstance(text, str) and text.strip()):
        text = media.VOICE_ONLY
    text = clean_text(text, STORY_MAX, "story")
    may_quote = _consent(may_quote)
    try:
        with store.transaction(db):
            story_id = story_rows.insert_story(
                db,
                workshop_id=workshop["id"],
                question_id=question_id,
                participant_id=participant["id"],
                client_id=client_id,
                author_role=author_role,
                entered_by=entered_by,
                text=text,
                may_quote=may_quote,
                origin=origin,
            )
            if recording:
                media.keep_voice(db, workshop, story_id, recording)
            story = public_story(workshop, story_rows.story_by_id(db, story_id))
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
                        "origin",
                    )
                },
            )
            if recording:
                story = {**story, "voice": {"seconds": recording["seconds"]}}
    except sqlite3.IntegrityError:
        # Another process stored the same client_id between our check and insert.
        return _repeat(
            workshop, participant, story_rows.story_by_client_id(db, workshop["id"], client_id)
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
        for s in story_rows.stories_of(db, workshop["id"], quotable_only=quotable_only)
    ]


# Moderation: a facilitator hides a story (the words are kept, out of every
# export while hidden) or flags it for follow-up, a safeguarding concern that
# keeps it out of the report and lists it for the facilitator only. The log
# records the change and the story's id, never its words.


def console_view(workshop, story, voice=None):
    """A story as the console lists it: the public shape, its status and flag, and
    its recording's facts (id, length) if it was told aloud."""
    return {
        **public_story(workshop, story),
        "status": story["status"],
        "follow_up": bool(story["follow_up"]),
        "voice": voice,
    }


def console_listing(db, workshop):
    """Every story of the workshop, hidden and flagged ones too, oldest first."""
    voices, _ = media.by_owner(db, workshop)
    return [
        console_view(workshop, s, (voices.get(s["id"]) or [None])[0])
        for s in story_rows.stories_of(db, workshop["id"], include_hidden=True)
    ]


def _story(db, workshop, story_id):
    found = story_rows.story_by_id(db, story_id) if store.is_row_id(story_id) else None
    if not found or found["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such story in this workshop.")
    return found


def _moderate(db, workshop, story, event_type, **fields):
    with store.transaction(db):
        records.update_story(db, story["id"], **fields)
        updated = story_rows.story_by_id(db, story["id"])
        event = store.append_event(
            db,
            workshop["id"],
            event_type,
            {
                "id": story["id"],
                "status": updated["status"],
                "follow_up": bool(updated["follow_up"]),
            },
        )
    voice = (media.by_owner(db, workshop)[0].get(story["id"]) or [None])[0]
    return Change(console_view(workshop, updated, voice), [event])


def hide_story(db, workshop, story_id):
    """Keep a story out of every export while hidden; its words are kept."""
    story = _story(db, workshop, story_id)
    if story["status"] == "hidden":
        raise Conflict("That story is already hidden.")
    return _moderate(db, workshop, story, "story_hidden", status="hidden")


def restore_story(db, workshop, story_id):
    """Bring a hidden story back into the report (if its teller agreed to quoting)."""
    story = _story(db, workshop, story_id)
    if story["status"] != "hidden":
        raise Conflict("That story is not hidden.")
    return _moderate(db, workshop, story, "story_restored", status="shown")


def flag_story(db, workshop, story_id, on):
    """Mark a story as needing follow-up (or clear the mark): kept out of the report."""
    story = _story(db, workshop, story_id)
    if not isinstance(on, bool):
        raise Invalid("Say whether the story needs follow-up (true or false).", code="bad_flag")
    if bool(story["follow_up"]) == on:
        raise Conflict("That story is already marked so." if on else "That story is not marked.")
    return _moderate(db, workshop, story, "story_flagged", follow_up=1 if on else 0)
