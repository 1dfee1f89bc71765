"""Pacing the room: the agenda's order, the workshop's own questions, timers.

A timer lives in the database as a planned length, the moment it last started
and the time it had already run; every screen derives what is left from those
server timestamps, so a reload, a second laptop or a restarted server shows
the same clock. "Extra time" stretches every timer by a percentage, for
inclusive events where people need longer to read, think and type.
"""

import math
from datetime import datetime

from . import db as store
from . import framework as fw
from .contributions import clean_text
from .errors import Conflict, Invalid
from .workshops import Change, agenda, question

QUESTION_MAX = 500
KINDS = ("ideas", "risk")
TIMER_MAX_SECONDS = 4 * 60 * 60
EXTRA_TIME_MAX = 200


def _stage_order(workshop):
    return [s for s in fw.stage_keys(workshop["framework"]) if s in workshop["stages"]]


def _agenda_event(db, workshop):
    from .state import public_question  # state imports contributions; avoid a cycle

    questions = [public_question(q) for q in agenda(db, workshop)]
    return store.append_event(db, workshop["id"], "agenda_changed", {"questions": questions})


def _renumber(db, ordered):
    for position, row in enumerate(ordered, start=1):
        if row["position"] != position:
            store.update_question(db, row["id"], position=position)


def _in_stage_order(workshop, questions):
    """Keep each stage's questions together, stages in the framework's order."""
    rank = {key: n for n, key in enumerate(_stage_order(workshop))}
    return sorted(questions, key=lambda q: rank.get(q["stage"], len(rank)))


def reorder(db, workshop, question_ids):
    """Put the agenda in this order; questions stay within their own stage."""
    current = agenda(db, workshop)
    if (not isinstance(question_ids, list)
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in question_ids)
            or sorted(question_ids) != sorted(q["id"] for q in current)):
        raise Invalid("Send every question of this workshop exactly once, in the new order.")
    by_id = {q["id"]: q for q in current}
    ordered = [by_id[i] for i in question_ids]
    if ordered != _in_stage_order(workshop, ordered):
        raise Invalid("Questions can move within their stage, not between stages: "
                      "the stages run Analyse, Plan, Do, Review.", code="stage_order")
    with store.transaction(db):
        _renumber(db, ordered)
        event = _agenda_event(db, workshop)
    return Change(agenda(db, workshop), [event])


def move(db, workshop, question_id, offset):
    """Move a question up (-1) or down (+1) within its stage."""
    target = question(db, workshop, question_id)
    if offset not in (-1, 1):
        raise Invalid("A question moves up or down one place at a time.")
    ids = [q["id"] for q in agenda(db, workshop)]
    at = ids.index(target["id"])
    other = at + offset
    if not 0 <= other < len(ids) or (
            store.question_by_id(db, ids[other])["stage"] != target["stage"]):
        raise Conflict("That question is already at the edge of its stage.")
    ids[at], ids[other] = ids[other], ids[at]
    return reorder(db, workshop, ids)


def _wording(text, easy_read, kind):
    text = clean_text(text, QUESTION_MAX, "question")
    easy_read = clean_text(easy_read, QUESTION_MAX, "easy-read question") if easy_read else text
    if kind not in KINDS:
        raise Invalid("A question asks for ideas, or for a risk rating with a reason.",
                      code="bad_kind")
    return text, easy_read


def add_question(db, workshop, *, stage, text, easy_read=None, kind="ideas"):
    """Add the workshop's own question at the end of one of its stages."""
    if stage not in _stage_order(workshop):
        raise Invalid("Choose one of this workshop's stages for the question.",
                      code="unknown_stage")
    text, easy_read = _wording(text, easy_read, kind)
    with store.transaction(db):
        new_id = store.insert_question(
            db, workshop_id=workshop["id"], stage=stage, framework_key=None, kind=kind,
            text=text, easy_read=easy_read, position=10_000,
        )
        _renumber(db, _in_stage_order(workshop, agenda(db, workshop)))
        event = _agenda_event(db, workshop)
    return Change(store.question_by_id(db, new_id), [event])


def edit_question(db, workshop, question_id, *, text, easy_read=None, kind=None):
    """Reword one of the workshop's own questions (the framework's are quoted as written)."""
    target = question(db, workshop, question_id)
    if target["framework_key"] is not None:
        raise Conflict("The framework's key questions are quoted word for word and cannot "
                       "be edited. Add your own question instead.", code="framework_question")
    text, easy_read = _wording(text, easy_read, kind or target["kind"])
    with store.transaction(db):
        store.update_question(db, target["id"], text=text, easy_read=easy_read,
                              kind=kind or target["kind"])
        event = _agenda_event(db, workshop)
    return Change(store.question_by_id(db, target["id"]), [event])


# Timers


def _whole(value, low, high, what):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(f"{what} must be a whole number from {low} to {high}.")
    return value


def _ms_between(start, end):
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
        elapsed += _ms_between(timer["started_at"], at or store.now())
    return allowed_ms(timer["seconds"], extra_time_percent) - elapsed


def allowed_ms(seconds, extra_time_percent):
    """The timer's length with the workshop's extra time added, rounded up to a second."""
    return math.ceil(seconds * (100 + extra_time_percent) / 100) * 1000


def _timer_event(db, workshop, question_id, **fields):
    store.update_question(db, question_id, **fields)
    updated = store.question_by_id(db, question_id)
    return store.append_event(db, workshop["id"], "timer_changed", {
        "question_id": question_id, "timer": timer_of(updated),
    })


def _timer_change(db, workshop, target, **fields):
    with store.transaction(db):
        event = _timer_event(db, workshop, target["id"], **fields)
    return Change(store.question_by_id(db, target["id"]), [event])


def set_timer(db, workshop, question_id, seconds):
    """Give a question a timer of this many seconds (stopped, from the start); 0 removes it."""
    target = question(db, workshop, question_id)
    seconds = _whole(seconds, 0, TIMER_MAX_SECONDS, "The timer")
    return _timer_change(db, workshop, target, timer_seconds=seconds or None,
                         timer_started_at=None, timer_elapsed_ms=0)


def start_timer(db, workshop, question_id):
    """Start or resume a question's timer."""
    target = question(db, workshop, question_id)
    if target["timer_seconds"] is None:
        raise Conflict("This question has no timer yet: set one first.", code="no_timer")
    if target["timer_started_at"]:
        raise Conflict("The timer is already running.", code="timer_running")
    return _timer_change(db, workshop, target, timer_started_at=store.now())


def pause_timer(db, workshop, question_id):
    """Pause a running timer, keeping the time it has run."""
    target = question(db, workshop, question_id)
    if not target["timer_started_at"]:
        raise Conflict("The timer is not running, so it cannot be paused.",
                       code="timer_not_running")
    elapsed = target["timer_elapsed_ms"] + _ms_between(target["timer_started_at"], store.now())
    return _timer_change(db, workshop, target, timer_started_at=None, timer_elapsed_ms=elapsed)


def add_time(db, workshop, question_id, seconds):
    """Give the room longer on a question's timer."""
    target = question(db, workshop, question_id)
    if target["timer_seconds"] is None:
        raise Conflict("This question has no timer yet: set one first.", code="no_timer")
    seconds = _whole(seconds, 1, 60 * 60, "Added time (in seconds)")
    total = min(target["timer_seconds"] + seconds, TIMER_MAX_SECONDS)
    return _timer_change(db, workshop, target, timer_seconds=total)


def start_on_open(db, workshop, question_id):
    """Inside open_question's transaction: a set, unstarted timer starts with the question."""
    row = store.question_by_id(db, question_id)
    if row["timer_seconds"] and not row["timer_started_at"] and not row["timer_elapsed_ms"]:
        return [_timer_event(db, workshop, question_id, timer_started_at=store.now())]
    return []


def pause_on_close(db, workshop, question_id):
    """Inside a close: a running timer stops where it is."""
    row = store.question_by_id(db, question_id)
    if row["timer_started_at"]:
        elapsed = row["timer_elapsed_ms"] + _ms_between(row["timer_started_at"], store.now())
        return [_timer_event(db, workshop, question_id, timer_started_at=None,
                             timer_elapsed_ms=elapsed)]
    return []


def set_extra_time(db, workshop, percent):
    """Stretch every timer by a percentage (0 to 200) for an inclusive event."""
    percent = _whole(percent, 0, EXTRA_TIME_MAX, "Extra time (a percentage)")
    from .board import settings_event  # board owns the settings' public shape

    with store.transaction(db):
        store.update_workshop(db, workshop["id"], extra_time_percent=percent)
        updated = store.workshop_by_id(db, workshop["id"])
        event = settings_event(db, updated)
    return Change(updated, [event])
