"""Moderating the room's ideas: approve, hide and restore, fix a typo, merge
duplicates (and undo it), and the scribe typing in what was said aloud.

An idea's status is `pending` (waiting for approval, on the console only),
`shown`, `hidden` or `merged` (counted with the idea it was merged into).
Votes never move: a merged idea's votes stay on their own rows and are
tallied through `merged_into`, so an undo gives back exactly what was there
and nobody's dots change by a merge.
"""

import re
import sqlite3
from functools import cache
from importlib import resources

from ..storage import db as store
from ..storage import records
from . import experts_values, paper, rules
from . import framework as fw
from .errors import Conflict, Invalid, NotFound
from .kinds import answer_fields
from .rules import IDEA_MAX, Change, clean_client_id, clean_text, question
from .shapes import public_idea, settings_event

# tag() without an experts_value leaves it as it is.
KEEP = object()


def idea(db, workshop, idea_id):
    """One of this workshop's ideas, or NotFound."""
    found = store.idea_by_id(db, idea_id) if isinstance(idea_id, int) else None
    if not found or found["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such idea in this workshop.")
    return found


def group_view(workshop, row, members):
    """An idea as screens see it, carrying every merged author's role."""
    view = public_idea(workshop, row)
    experts = fw.expert_roles(workshop["framework"])
    order = [r["key"] for r in workshop["framework"]["roles"]]
    roles = {m["author_role"] for m in members if m["status"] == "merged" or m["id"] == row["id"]}
    view["author_roles"] = sorted(roles, key=lambda r: order.index(r) if r in order else 99)
    view["expert_by_experience"] = bool(roles & experts)
    view["merged"] = sum(1 for m in members if m["id"] != row["id"])
    return view


def console_view(workshop, row, members=()):
    """An idea as the facilitator sees it: status, merge, the original wording, and checks."""
    view = group_view(workshop, row, list(members) or [row])
    view["original_text"] = row["original_text"]
    view["merged_into"] = row["merged_into"]
    if row["status"] == "pending":
        view["checks"] = checks(workshop, row["text"])
    return view


# What makes a waiting idea need a human before it is shown: the approval
# queue flags these and offers to approve the rest in one action. The checks
# lean towards flagging: a flagged idea costs a glance, a missed one is on
# the projector.
LONG_IDEA = 300
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d(?:[\s().-]{0,2}\d){9,}")
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|Sister)\.?\s+[A-Z][a-z'-]+")
_CALLED = re.compile(r"\b(?:called|named|name is|name's)\s+([A-Z][a-z'-]+)")
# A capitalised word inside a sentence (after a lower-case word or a comma).
_INNER_CAPITAL = re.compile(r"(?<=[a-z,;:)]\s)([A-Z][a-z'-]+)")
_WORD = re.compile(r"[a-z0-9$@!*]+(?:'[a-z]+)?")
# Proper nouns a room uses that name no one; the framework's own words are added.
_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
        April May June July August September October November December Christmas Easter
        English British Kent County Council Borough District Town City Village Street Road
        Hospital Centre Center Library Church Trust Care Act Social Value Ramadan Diwali Eid""",
    )
)


@cache
def _profanities():
    """better-profanity's maintained word list (one word or phrase a line)."""
    words = resources.files("better_profanity").joinpath("profanity_wordlist.txt").read_text()
    return frozenset(w.strip().lower() for w in words.splitlines() if w.strip())


def _framework_words(framework):
    found = set()

    def walk(value):
        if isinstance(value, str):
            found.update(re.findall(r"[A-Z][a-z'-]+", value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(framework)
    return found


def checks(workshop, text):
    """Why an idea needs a human before it is shown: a list of {kind, detail}, empty if none."""
    found = []
    named = [m.group(0) for m in _TITLED.finditer(text)]
    named += [m.group(1) for m in _CALLED.finditer(text)]
    known = _NOT_NAMES | _framework_words(workshop["framework"])
    # "Fridays" and "Kent's" are Friday and Kent.
    said = " ".join(named).split()
    named += [
        w
        for w in _INNER_CAPITAL.findall(text)
        if w not in said and not {w, w.removesuffix("'s"), w[:-1]} & known
    ]
    if named:
        found.append({"kind": "name", "detail": ", ".join(dict.fromkeys(named))})
    contact = _EMAIL.findall(text) + [m.group(0) for m in _PHONE.finditer(text)]
    if contact:
        found.append({"kind": "contact", "detail": ", ".join(contact)})
    words = _WORD.findall(text.lower())
    pairs = [" ".join(p) for p in zip(words, words[1:], strict=False)]
    rude = [w for w in dict.fromkeys(words + pairs) if w in _profanities()]
    if rude:
        found.append({"kind": "profanity", "detail": ", ".join(rude)})
    if len(text) > LONG_IDEA:
        found.append({"kind": "long", "detail": f"{len(text)} characters"})
    return found


def _groups(rows):
    by_id = {r["id"]: r for r in rows}
    members = {r["id"]: [r] for r in rows}

    def root(r):
        seen = set()
        while r["merged_into"] and r["merged_into"] in by_id and r["id"] not in seen:
            seen.add(r["id"])
            r = by_id[r["merged_into"]]
        return r["id"]

    for r in rows:
        if r["merged_into"]:
            members[root(r)].append(r)
    return members


def ideas_for(db, workshop, view):
    """The ideas a screen draws: shown ones for board and phones, all for the console."""
    rows = store.all_ideas_of(db, workshop["id"])
    groups = _groups(rows)
    if view == "console":
        return [console_view(workshop, r, groups[r["id"]]) for r in rows]
    return [group_view(workshop, r, groups[r["id"]]) for r in rows if r["status"] == "shown"]


def _shown_view(db, workshop, idea_id):
    return group_view(workshop, store.idea_by_id(db, idea_id), store.idea_group(db, idea_id))


def _console_event(db, workshop, row_id):
    row = store.idea_by_id(db, row_id)
    return store.append_event(
        db,
        workshop["id"],
        "idea_pending",
        {
            "idea": console_view(workshop, row, store.idea_group(db, row_id)),
        },
    )


def approve(db, workshop, idea_id):
    """Show a pending idea on the board and phones."""
    target = idea(db, workshop, idea_id)
    if target["status"] != "pending":
        raise Conflict("Only an idea waiting for approval can be approved.")
    return _show(db, workshop, target, "idea_approved")


def approve_many(db, workshop, idea_ids):
    """Approve the waiting ideas the facilitator saw needed no check, in one write.

    Ids that are no longer waiting (approved or hidden meanwhile) are passed
    over, so a second press or a second console changes nothing.
    """
    if not idea_ids:
        raise Invalid("Say which ideas to approve.", code="bad_id")
    targets = [idea(db, workshop, i) for i in dict.fromkeys(idea_ids)]
    events = []
    with store.transaction(db):
        for target in targets:
            if target["status"] != "pending":
                continue
            store.update_idea(db, target["id"], status="shown")
            payload = {"idea": _shown_view(db, workshop, target["id"])}
            events.append(store.append_event(db, workshop["id"], "idea_approved", payload))
    return Change(len(events), events)


def _show(db, workshop, target, event_type):
    """Put an idea on the board and phones, telling every screen in one event."""
    with store.transaction(db):
        store.update_idea(db, target["id"], status="shown")
        event = store.append_event(
            db,
            workshop["id"],
            event_type,
            {
                "idea": _shown_view(db, workshop, target["id"]),
            },
        )
    return Change(store.idea_by_id(db, target["id"]), [event])


def _off_the_spotlight(db, workshop, idea_id):
    """Inside the caller's transaction: an idea leaving the board leaves the spotlight.

    Kept there, it came back full screen when restored or unmerged, to the
    facilitator's surprise. Returns the settings event, if the spotlight changed.
    """
    current = store.workshop_by_id(db, workshop["id"])
    if current.get("spotlight_idea_id") != idea_id:
        return []
    records.update_board(db, workshop["id"], spotlight_idea_id=None)
    return [settings_event(db, store.workshop_by_id(db, workshop["id"]))]


def hide(db, workshop, idea_id):
    """Take an idea (or a pending one) off every screen but the console.

    Its standing votes, and those of ideas merged into it, go back to the
    voters: a hidden idea should not hold anyone's dots.
    """
    target = idea(db, workshop, idea_id)
    if target["status"] not in ("shown", "pending"):
        raise Conflict(f"That idea is {target['status']}, so it cannot be hidden.")
    group = [m["id"] for m in store.idea_group(db, target["id"])]
    with store.transaction(db):
        returned = store.withdraw_votes_on(db, group)
        store.update_idea(db, target["id"], status="hidden")
        event = store.append_event(
            db,
            workshop["id"],
            "idea_hidden",
            {
                "idea_id": target["id"],
                "votes_returned": returned,
            },
        )
        events = [event, *_off_the_spotlight(db, workshop, target["id"])]
    return Change(store.idea_by_id(db, target["id"]), events, retally=group)


def restore(db, workshop, idea_id):
    """Bring a hidden idea back onto the board and phones."""
    target = idea(db, workshop, idea_id)
    if target["status"] != "hidden":
        raise Conflict("Only a hidden idea can be restored.")
    return _show(db, workshop, target, "idea_restored")


def _editable(db, workshop, idea_id):
    target = idea(db, workshop, idea_id)
    if target["status"] not in ("shown", "pending"):
        raise Conflict(f"That idea is {target['status']}: restore or unmerge it first.")
    return target


def _revise(db, workshop, target, **fields):
    """Change an idea's words or tags; a pending one is news for consoles only."""
    with store.transaction(db):
        store.update_idea(db, target["id"], **fields)
        if target["status"] == "pending":
            event = _console_event(db, workshop, target["id"])
        else:
            event = store.append_event(
                db,
                workshop["id"],
                "idea_edited",
                {
                    "idea": _shown_view(db, workshop, target["id"]),
                },
            )
    return Change(store.idea_by_id(db, target["id"]), [event])


def edit(db, workshop, idea_id, text):
    """Fix a typo; the author's original words are kept."""
    target = _editable(db, workshop, idea_id)
    text = clean_text(text, IDEA_MAX)
    if text == target["text"]:
        raise Invalid("The new wording is the same as the old.", code="unchanged")
    return _revise(
        db, workshop, target, text=text, original_text=target["original_text"] or target["text"]
    )


def tag(
    db,
    workshop,
    idea_id,
    *,
    priority=None,
    outcome_kind=None,
    strategic_outcome=None,
    care_act_theme=None,
    experts_value=KEEP,
):
    """Set an idea's Social Value tags: priority, kind of outcome, strategic outcome, Care
    Act theme and what experts by experience value (the framework's three themes).

    Attendees rarely know the Strategic Statement's outcomes or the Care Act's
    themes, so the facilitator tags ideas with them for the report's coverage.
    A message without experts_value leaves that tag as it is (older consoles).
    """
    target = _editable(db, workshop, idea_id)
    tags = {
        "priority": rules.tag(workshop, "priorities", priority, "priority"),
        "outcome_kind": rules.tag(workshop, "outcome_kinds", outcome_kind, "outcome_kind"),
        "strategic_outcome": rules.tag(
            workshop, "strategic_outcomes", strategic_outcome, "strategic_outcome"
        ),
        "care_act_theme": rules.tag(workshop, "care_act_themes", care_act_theme, "care_act_theme"),
    }
    if experts_value is not KEEP:
        tags["experts_value"] = experts_values.checked(workshop, experts_value)
    if all(target[key] == value for key, value in tags.items()):
        raise Invalid("Those are already the idea's tags.", code="unchanged")
    return _revise(db, workshop, target, **tags)


def merge(db, workshop, idea_id, into):
    """Merge a duplicate into another idea of the same question, votes and authors included."""
    source = idea(db, workshop, idea_id)
    target = idea(db, workshop, into)
    if source["id"] == target["id"]:
        raise Invalid("An idea cannot be merged into itself.")
    for row in (source, target):
        if row["status"] != "shown":
            raise Conflict(
                f"Only ideas on the board can be merged; one of these is {row['status']}."
            )
    if source["question_id"] != target["question_id"]:
        raise Invalid("Only ideas on the same question can be merged.")
    with store.transaction(db):
        store.update_idea(db, source["id"], status="merged", merged_into=target["id"])
        event = store.append_event(
            db,
            workshop["id"],
            "ideas_merged",
            {
                "idea_id": source["id"],
                "into": target["id"],
                "idea": _shown_view(db, workshop, target["id"]),
            },
        )
        events = [event, *_off_the_spotlight(db, workshop, source["id"])]
    return Change(store.idea_by_id(db, target["id"]), events, retally=[source["id"], target["id"]])


def unmerge(db, workshop, idea_id):
    """Undo a merge: the idea and its own votes stand on their own again."""
    source = idea(db, workshop, idea_id)
    if source["status"] != "merged":
        raise Conflict("That idea is not merged into another.")
    parent = source["merged_into"]
    with store.transaction(db):
        store.update_idea(db, source["id"], status="shown", merged_into=None)
        event = store.append_event(
            db,
            workshop["id"],
            "idea_unmerged",
            {
                "idea": _shown_view(db, workshop, source["id"]),
                "from": _shown_view(db, workshop, parent),
            },
        )
    return Change(store.idea_by_id(db, source["id"]), [event], retally=[source["id"], parent])


def set_approval(db, workshop, on):
    """Turn approve-before-shown on or off for new ideas."""
    if not isinstance(on, bool):
        raise Invalid("Say true or false.")

    with store.transaction(db):
        store.update_workshop(db, workshop["id"], approve_ideas=int(on))
        updated = store.workshop_by_id(db, workshop["id"])
        event = settings_event(db, updated)
    return Change(updated, [event])


def scribe(
    db,
    workshop,
    *,
    question_id,
    text,
    role,
    priority=None,
    outcome_kind=None,
    client_id=None,
    outcome_id=None,
    rating=None,
    card_number=None,
):
    """The facilitator types in an idea from a paper card, a flip chart or the floor.

    A paper card's printed number marks the idea as made on paper; the same
    number twice is refused, so no card is entered twice.
    """
    client_id = clean_client_id(client_id)
    existing = store.idea_by_client_id(db, workshop["id"], client_id)
    if existing:
        return _scribed_repeat(workshop, existing)
    card_number = paper.card_number(db, workshop, card_number)
    target = question(db, workshop, question_id)
    text = clean_text(text, IDEA_MAX)
    if role not in fw.lookup(workshop["framework"], "roles"):
        raise Invalid("Choose the speaker's role from the list.", code="unknown_role")
    priority = rules.tag(workshop, "priorities", priority, "priority")
    outcome_kind = rules.tag(workshop, "outcome_kinds", outcome_kind, "outcome_kind")
    outcome_id, rating = answer_fields(db, workshop, target, outcome_id, rating)
    try:
        with store.transaction(db):
            new_id = store.insert_idea(
                db,
                workshop_id=workshop["id"],
                question_id=target["id"],
                participant_id=None,
                client_id=client_id,
                author_role=role,
                entered_by="scribe",
                text=text,
                priority=priority,
                outcome_kind=outcome_kind,
                outcome_id=outcome_id,
                rating=rating,
                origin="room" if card_number is None else "paper",
                card_number=card_number,
            )
            view = public_idea(workshop, store.idea_by_id(db, new_id))
            event = store.append_event(db, workshop["id"], "idea_added", {"idea": view})
    except sqlite3.IntegrityError:
        again = store.idea_by_client_id(db, workshop["id"], client_id)
        if again is None and card_number is not None:
            raise paper.already_entered(card_number) from None
        return _scribed_repeat(workshop, again)
    return Change(view, [event])


def _scribed_repeat(workshop, existing):
    if existing is None or existing["entered_by"] != "scribe":
        raise Conflict("That client_id was already used by someone else.", code="client_id_taken")
    return Change(public_idea(workshop, existing), duplicate=True)
