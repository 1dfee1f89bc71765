"""Workshops, their agenda of key questions, and who has joined."""

import hmac
import secrets
from datetime import UTC, datetime, timedelta

from .. import settings
from ..storage import db as store
from ..storage import waiting_list
from . import framework as fw
from . import outreach
from .errors import Conflict, Forbidden, Invalid, NotFound
from .rules import Change, still_running, whole
from .shapes import settings_event

# No 0/O, 1/I/L: the code is read off a wall and typed on a phone.
CODE_ALPHABET = settings.CODE_LETTERS
CODE_LENGTH = 6
TITLE_MAX = 200
DEFAULT_STAGES = ("analyse", "plan")
BOARD_SECONDS = 20  # how long each board page shows in a new workshop


def new_code():
    """A short join code a person can read and type; on a sharded site
    (WORKSHOP_NODE, docs/DEPLOY.md) it begins with this node's letter, which
    nginx routes on."""
    node = settings.value("NODE") or ""
    rest = CODE_LENGTH - len(node)
    return node + "".join(secrets.choice(CODE_ALPHABET) for _ in range(rest))


def new_secret():
    """192 bits from the OS's secure random source, URL-safe."""
    return secrets.token_urlsafe(24)


def create(db, title, *, framework=None, stages=DEFAULT_STAGES, vote_budget=3):
    """Create a workshop with the framework's key questions for the chosen stages."""
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise Invalid(f"A workshop needs a title of 1 to {TITLE_MAX} characters.")
    framework = framework or fw.load()
    known = fw.stage_keys(framework)
    stages = [s.strip().lower() for s in stages if s.strip()]
    unknown = [s for s in stages if s not in known]
    if not stages or unknown:
        raise Invalid(f"Stages must be some of: {', '.join(known)}.")
    if not isinstance(vote_budget, int) or not 1 <= vote_budget <= 20:
        raise Invalid("The vote budget must be a whole number from 1 to 20.")
    stages = [s for s in known if s in stages]
    with store.transaction(db):
        code = _unused_code(db)
        workshop_id = store.insert_workshop(
            db,
            code=code,
            title=title,
            facilitator_key=new_secret(),
            framework=framework,
            stages=stages,
            vote_budget=vote_budget,
            # Slow enough to read a page (and have it read aloud) before it turns (issue 25).
            board_seconds=BOARD_SECONDS,
        )
        position = 0
        for stage in framework["stages"]:
            if stage["key"] not in stages:
                continue
            for question in stage["questions"]:
                position += 1
                store.insert_question(
                    db,
                    workshop_id=workshop_id,
                    stage=stage["key"],
                    framework_key=question["key"],
                    kind=question["kind"],
                    text=question["text"],
                    easy_read=question["easy_read"],
                    position=position,
                )
        store.append_event(db, workshop_id, "workshop_created", {"title": title})
    return store.workshop_by_id(db, workshop_id)


def _unused_code(db):
    while True:
        code = new_code()
        if not store.workshop_by_code(db, code):
            return code


def normalise_code(code):
    """Codes are typed on phones: accept any case and stray spaces."""
    return "".join(str(code or "").split()).upper()


def get(db, code):
    """The workshop with this code, or NotFound."""
    workshop = store.workshop_by_code(db, normalise_code(code))
    if not workshop:
        raise NotFound("There is no workshop with that code. Please check the code and try again.")
    return workshop


def key_matches(workshop, key):
    """Compare a facilitator key in constant time."""
    # Keys are ASCII; anything else (a lone surrogate cannot even be encoded)
    # is simply wrong.
    return (
        isinstance(key, str)
        and key.isascii()
        and hmac.compare_digest(key.encode(), workshop["facilitator_key"].encode())
    )


def join(db, workshop, role, supporter_role=None):
    """Add an anonymous participant in a role; return (participant, token).

    With an outreach window set, a join outside it (and not on the day) is
    refused; `supporter_role` is the role of a supporter entering this person.
    Once the workshop has ended nobody joins. Past the head count,
    while the door is locked, or behind others already waiting, the arrival
    waits instead (`participant["waiting"]` is true): the same token, kept in
    the same cookie, becomes a participant when the facilitator lets them in.
    """
    still_running(workshop)
    roles = fw.lookup(workshop["framework"], "roles")
    if not isinstance(role, str) or role not in roles:
        raise Invalid("Please choose who you are from the list.", code="unknown_role")
    supporter_role = outreach.supporter_role(workshop, supporter_role)
    origin = outreach.join_origin(db, workshop)
    token = new_secret()
    row = {"role": role, "origin": origin, "supporter_role": supporter_role}
    with store.transaction(db):
        # Read inside the writer's transaction: joins are written one at a
        # time, so the head count cannot be passed by two arriving at once.
        if _must_wait(db, workshop):
            return _wait(db, workshop, token, row), token
        participant_id = store.insert_participant(
            db, workshop_id=workshop["id"], token=token, **row
        )
        event = store.append_event(db, workshop["id"], "participant_joined", _joined(role, origin))
    participant = {"id": participant_id, "workshop_id": workshop["id"], **row, "waiting": False}
    return Change(participant, [event]), token


def _joined(role, origin):
    # Outreach joins say so: the console counts them apart from the room's head count.
    return {"role": role, **({"origin": origin} if origin == "outreach" else {})}


WAITING_MAX = 2_000  # a door can hold a hall's worth waiting; a script cannot fill the disk


def _must_wait(db, workshop):
    current = store.workshop_by_id(db, workshop["id"])
    capacity = current.get("capacity")
    return bool(
        current.get("door_locked")
        or waiting_list.waiting_count(db, workshop["id"])
        or (capacity and in_the_room(db, workshop) >= capacity)
    )


def in_the_room(db, workshop):
    """Who counts against the head count: people in the room, not those taking
    part through outreach, before or after the day."""
    return store.participant_count(db, workshop["id"], "room")


def _wait(db, workshop, token, row):
    waiting = waiting_list.waiting_count(db, workshop["id"])
    if waiting >= WAITING_MAX:
        raise Conflict(
            "Too many people are waiting to come in. Please ask the facilitator.",
            code="room_full",
        )
    waiting_list.insert_waiting(db, workshop_id=workshop["id"], token=token, **row)
    event = store.append_event(db, workshop["id"], "door_waiting", {"waiting": waiting + 1})
    arrival = {"workshop_id": workshop["id"], **row, "waiting": True, "ahead": waiting}
    return Change(arrival, [event])


def waiting_place(db, workshop, token):
    """{"waiting": True, "ahead": N} for an arrival at the door, {"waiting": False} once let in.

    `ended` is true once the workshop has ended: nobody comes in after End, so
    the waiting page says so instead of asking on. Forbidden (`not_joined`)
    for a token that is neither.
    """
    row = waiting_list.waiting_by_token(db, token) if isinstance(token, str) else None
    if row and row["workshop_id"] == workshop["id"]:
        return {
            "waiting": True,
            "ahead": waiting_list.waiting_count(db, workshop["id"], before=row["id"]),
            "ended": bool(workshop.get("ended_at")),
        }
    participant(db, workshop, token)
    return {"waiting": False}


def let_in(db, workshop, count=None):
    """Let in the first `count` people waiting at the door (everyone if none given).

    They count as participants from now on, past the head count if need be:
    the facilitator chose to let them in.
    """
    most = CAPACITY_MAX if count is None else whole(count, 1, CAPACITY_MAX, "How many to let in")
    with store.transaction(db):
        # Read inside the transaction: an End committed a moment ago counts.
        still_running(store.workshop_by_id(db, workshop["id"]))
        events = _admit(db, workshop, most)
        return Change(door_of(db, workshop), events)


def _admit(db, workshop, most):
    """Let in up to `most` waiting; their events and the door's new count."""
    admitted = waiting_list.admit_waiting(db, workshop["id"], most)
    events = [
        store.append_event(
            db, workshop["id"], "participant_joined", _joined(person["role"], person.get("origin"))
        )
        for person in admitted
    ]
    if admitted:
        waiting = waiting_list.waiting_count(db, workshop["id"])
        events.append(store.append_event(db, workshop["id"], "door_waiting", {"waiting": waiting}))
    return events


def _admit_to_head_count(db, workshop):
    """With the door open, let the waiting in up to the head count (all with none set)."""
    current = store.workshop_by_id(db, workshop["id"])
    # After End no one joins: the door's settings change, but nobody comes in.
    if current.get("door_locked") or current.get("ended_at"):
        return []
    capacity = current.get("capacity")
    room = capacity - in_the_room(db, workshop) if capacity else CAPACITY_MAX
    return _admit(db, workshop, room) if room > 0 else []


def door_of(db, workshop):
    """The door as the console shows it: lock, head count, who waits, who joined lately."""
    current = store.workshop_by_id(db, workshop["id"])
    return {
        "door_locked": bool(current.get("door_locked")),
        "capacity": current.get("capacity"),
        "participants": in_the_room(db, workshop),
        "outreach": store.participant_count(db, workshop["id"], "outreach"),
        "waiting": waiting_list.waiting_count(db, workshop["id"]),
        "joins_per_minute": joins_per_minute(db, workshop),
    }


def lock_door(db, workshop, on):
    """Lock the door (arrivals wait) or open it (those waiting come in up to the head count)."""
    if not isinstance(on, bool):
        raise Invalid("Say true or false.")
    return _door_change(db, workshop, door_locked=int(on))


CAPACITY_MAX = 100_000


def set_capacity(db, workshop, capacity):
    """Set the head count beyond which joins wait; 0 or none removes it.

    Raising it lets in those waiting, first come first in, up to the new count.
    """
    capacity = whole(capacity or 0, 0, CAPACITY_MAX, "The head count")
    return _door_change(db, workshop, capacity=capacity or None)


def _door_change(db, workshop, **fields):
    with store.transaction(db):
        store.update_workshop(db, workshop["id"], **fields)
        updated = store.workshop_by_id(db, workshop["id"])
        events = [settings_event(db, updated), *_admit_to_head_count(db, updated)]
    return Change(updated, events)


def joins_per_minute(db, workshop):
    """How many people joined in the last minute, for the console."""
    since = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="milliseconds")
    return store.joins_since(db, workshop["id"], since)


def change_role(db, workshop, participant, role):
    """Correct a mis-tapped role: it counts from now on, and in the report's head count.

    Ideas and stories already sent keep the role they were sent in.
    """
    if not isinstance(role, str) or role not in fw.lookup(workshop["framework"], "roles"):
        raise Invalid("Please choose who you are from the list.", code="unknown_role")
    if role == participant["role"]:
        raise Invalid("You are already in that group.", code="unchanged")
    with store.transaction(db):
        store.set_participant_role(db, participant["id"], role)
        event = store.append_event(
            db,
            workshop["id"],
            "participant_role_changed",
            {"from": participant["role"], "role": role},
        )
    return Change({**participant, "role": role}, [event])


def participant(db, workshop, token):
    """The participant for a token in this workshop, or Forbidden."""
    found = store.participant_by_token(db, token) if isinstance(token, str) else None
    if not found or found["workshop_id"] != workshop["id"]:
        waiting = waiting_list.waiting_by_token(db, token) if isinstance(token, str) else None
        if waiting and waiting["workshop_id"] == workshop["id"]:
            raise Forbidden(
                "Please wait. The facilitator will let you in soon. "
                "You can send ideas and vote once you are in.",
                code="waiting",
            )
        raise Forbidden("Please join the workshop first.", code="not_joined")
    return found


def roster(db, workshop):
    """Who is in the room, by role, in the framework's role order."""
    counts = store.role_counts(db, workshop["id"])
    return [
        {"role": role["key"], "label": role["label"], "count": counts.get(role["key"], 0)}
        for role in workshop["framework"]["roles"]
    ]
