"""The diagnostic-report draft as plain data, read from the database.

`gather` reads one event: everything the report needs and no ids of people.
`build` gathers one or more events and hands them to `document.assemble`,
which lays them out the way the framework thinks. Renderers (export.py,
word.py, workbook.py and the templates) turn the document into files; nothing
here knows formats. Redaction is applied here, once, so every format carries
the same text.
"""

import json

from ..room import quiet_signals, theme_support
from ..room.redaction import Redactor
from ..room.rules import writable_all
from ..storage import db as store
from ..storage import media_rows, records
from . import kinds, origins, summary
from .document import SHOWN, VISIBLE, assemble

__all__ = ["assemble", "build", "gather", "reportable"]


def gather(db, workshop, *, redact=None, include_hidden=False):
    """Read one event from the database: everything the report needs, no ids of people."""
    redact = redact or Redactor()
    with store.reading(db):
        raw = records.workshop_row(db, workshop["id"])
        counts = store.role_counts(db, workshop["id"])
        questions = store.questions_of(db, workshop["id"])
        ideas = records.rows_of(db, "ideas", workshop["id"])
        tallies = store.tallies(db, workshop["id"])
        supporters = records.supporters(db, workshop["id"])
        voters = records.voters(db, workshop["id"])
        stories = records.rows_of(db, "stories", workshop["id"])
        voices = {
            m["story_id"]: m for m in media_rows.media_of(db, workshop["id"]) if m["story_id"]
        }
        outcomes = records.rows_of(db, "provisional_outcomes", workshop["id"])
        themes = theme_support.support(db, workshop)
    authors = {i["participant_id"] for i in ideas if i.get("participant_id")}
    authors |= {s["participant_id"] for s in stories if s.get("participant_id")}
    # A story flagged for follow-up (a safeguarding concern) or hidden never
    # reaches any export, whatever the options (PRIVACY.md): include_hidden is
    # for ideas. The method note counts the quotable stories left out.
    held_back = sum(1 for s in stories if s.get("may_quote") and not reportable(s))
    stories = [s for s in stories if not s.get("follow_up")]
    keep = [i for i in ideas if include_hidden or i["status"] in VISIBLE]
    outcome_text = {o["id"]: redact(o["text"]) for o in outcomes}
    merged_roles = {}
    for idea in keep:
        if idea.get("merged_into"):
            merged_roles.setdefault(idea["merged_into"], []).append(idea["author_role"])
    roots = _merge_roots(ideas)
    context = (workshop, tallies, supporters, redact, outcome_text, merged_roles, roots)
    return {
        "code": workshop["code"],
        "title": redact(workshop["title"]),
        "service": redact(raw.get("service")),
        "area": redact(raw.get("area")),
        "date": workshop["created_at"][:10],
        "vote_budget": workshop["vote_budget"],
        "stages": workshop["stages"],
        "framework": workshop["framework"],
        "counts": counts,
        "expected": _expected(raw),
        "participants": sum(counts.values()),
        "contributors": len(authors),
        # A facilitator's own questions are typed text too.
        "questions": [{**q, "text": redact(q["text"])} for q in questions],
        "voters": voters,
        "ideas": [_idea(context, i) for i in keep],
        "stories": [
            {
                "text": redact(s["text"]),
                "role_key": s.get("author_role"),
                "entered_by": s.get("entered_by"),
                "question_id": s.get("question_id"),
                "origin": s.get("origin") or "room",
                "created": s.get("created_at"),
                "event": workshop["code"],
                # A voice story (issue 25): its length, and a place for its transcript.
                **(
                    {
                        "voice": {
                            "seconds": voices[s["id"]]["seconds"],
                            "transcript": redact(voices[s["id"]]["transcript"]),
                        }
                    }
                    if s["id"] in voices
                    else {}
                ),
            }
            for s in stories
            if s.get("may_quote") and reportable(s)
        ],
        # Accepted themes (issue 22) with their support by role (room/theme_support.py).
        "themes": [
            {
                "question_id": q["question_id"],
                "voters": q["voters"],
                # Dots on the themes themselves (issue 22 item 5), where the room voted on them.
                "theme_voters": q["theme_voters"],
                "groups": [{**g, "label": redact(g["label"])} for g in q["groups"]],
            }
            for q in themes
        ],
        "stories_not_quoted": sum(1 for s in stories if not s.get("may_quote")),
        "stories_held_back": held_back,
        # What each kind of question adds (a ranking's list and orders: report/kinds).
        **kinds.gather(db, workshop, redact),
        "outcomes": [
            {
                "id": o["id"],
                "text": outcome_text[o["id"]],
                "position": o.get("position"),
                "source_idea_id": o.get("source_idea_id"),
                # An outcome carried from a whole theme (when Plan records one).
                "theme_id": o.get("theme_id"),
                "event": workshop["code"],
                # Why it was carried: its places when chosen (room/plan.py), and by whom.
                "carried_why": json.loads(o["carried_why"]) if o.get("carried_why") else None,
                "chosen_by": o.get("chosen_by"),
            }
            for o in sorted(outcomes, key=lambda o: (o.get("position") or 0, o["id"]))
        ],
    }


def _expected(raw):
    """Who the organiser expected, by role (issue 16's expected_roles; {} when unset)."""
    found = raw.get("expected_roles") or "{}"
    return json.loads(found) if isinstance(found, str) else dict(found)


def reportable(story):
    """A story the facilitator has not hidden or flagged for follow-up (issue 11's columns)."""
    if story.get("status") not in (None, *SHOWN):
        return False
    return not any(v for k, v in story.items() if "follow_up" in k)


def _merge_roots(ideas):
    """{merged idea id: the id of the idea its votes are counted in}: a merge into an idea
    later merged itself ends at the last one, as db.tallies follows them."""
    parent = {i["id"]: i.get("merged_into") for i in ideas}
    roots = {}
    for start, up in parent.items():
        seen = {start}
        while up and parent.get(up) and up not in seen:
            seen.add(up)
            up = parent[up]
        if up:
            roots[start] = up
    return roots


def _idea(context, idea):
    workshop, tallies, supporters, redact, outcome_text, merged_roles, roots = context
    by_role = tallies.get(idea["id"], {})
    return {
        "id": idea["id"],  # internal: joins outcomes to ideas; never rendered
        "event": workshop["code"],
        "question_id": idea["question_id"],
        "text": redact(idea["text"]),
        "original_text": redact(idea.get("original_text")) if idea.get("original_text") else None,
        "role_key": idea["author_role"],
        "entered_by": idea["entered_by"],
        "priority_key": idea.get("priority"),
        "outcome_kind_key": idea.get("outcome_kind"),
        "strategic_outcome_key": idea.get("strategic_outcome"),
        "care_act_theme_key": idea.get("care_act_theme"),
        "experts_value_key": idea.get("experts_value"),
        "answer_kind_key": idea.get("answer_kind"),
        "status": idea["status"],
        "merged": bool(idea.get("merged_into")),
        # internal, like id: the idea a merged duplicate's votes and theme are counted in
        "merged_into_id": roots.get(idea["id"]),
        "rating": idea.get("rating"),
        "outcome_id": idea.get("outcome_id"),  # internal, like id
        "outcome": outcome_text.get(idea.get("outcome_id")),
        "by_role": dict(by_role),
        "supporters": dict(supporters.get(idea["id"], {})),
        "votes": sum(by_role.values()),
        "merged_role_keys": merged_roles.get(idea["id"], []),
        "origin": idea.get("origin") or "room",
        "card_number": idea.get("card_number"),
        "created": idea["created_at"],
    }


def build(db, workshops, *, redact=None, include_hidden=False):
    """The report document for one or more events, its text cleaned for every format.

    Each gathered event goes through the one cleaning step (rules.writable_all)
    before it is laid out: every string in the document comes from an event
    or the framework in it, and the laid-out document repeats each idea in
    several rankings, so cleaning before is the same text at a tenth the cost.
    """
    events = [
        writable_all(gather(db, w, redact=redact, include_hidden=include_hidden)) for w in workshops
    ]
    # Room, outreach and paper (issue 16): its own module, one step each way.
    for event, workshop in zip(events, workshops, strict=True):
        event["origins"] = origins.gather(db, workshop)
    doc = assemble(events, redacted=bool(redact), include_hidden=include_hidden)
    doc["origins"] = origins.assemble(events, doc, events[0]["framework"])
    if doc["origins"]["outreach_people"]:
        # "Who took part" says whom outreach reached that the room did not.
        # The last line (who the figures leave out) stays last; the summary drops it.
        lines = doc["wording"]["not_in_room"][:-1]
        last = summary.NOT_COUNTED.format(where="on the day or through outreach")
        doc["wording"]["not_in_room"] = [*lines, doc["origins"]["reach"], last]
    # Issue 25: how often people said "I need more time" or "I don't understand".
    with store.reading(db):
        doc["wording"]["method"] += [
            line for w in workshops if (line := quiet_signals.method_line(db, w))
        ]
    return doc
