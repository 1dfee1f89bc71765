"""Pacing the room: the agenda's order, the workshop's own questions, timers.

A timer lives in the database as a planned length, the moment it last started
and the time it had already run; every screen derives what is left from those
server timestamps, so a reload, a second laptop or a restarted server shows
the same clock. "Extra time" stretches every timer by a percentage, for
inclusive events where people need longer to read, think and type.
"""

from ..storage import db as store
from . import board, kinds
from . import framework as fw
from .errors import Conflict, Invalid
from .rules import (
    Change,
    agenda,
    clean_text,
    ms_between,
    question,
    remaining_ms,
    timer_of,
    whole,
)
from .shapes import public_question, settings_event

QUESTION_MAX = 500
TIMER_MAX_SECONDS = 4 * 60 * 60
EXTRA_TIME_MAX = 200


def _stage_order(workshop):
    return [s for s in fw.stage_keys(workshop["framework"]) if s in workshop["stages"]]


def _agenda_event(db, workshop):

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
    if (
        not isinstance(question_ids, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in question_ids)
        or sorted(question_ids) != sorted(q["id"] for q in current)
    ):
        raise Invalid("Send every question of this workshop exactly once, in the new order.")
    by_id = {q["id"]: q for q in current}
    ordered = [by_id[i] for i in question_ids]
    if ordered != _in_stage_order(workshop, ordered):
        raise Invalid(
            "Questions can move within their stage, not between stages: "
            "the stages run Analyse, Plan, Do, Review.",
            code="stage_order",
        )
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
        store.question_by_id(db, ids[other])["stage"] != target["stage"]
    ):
        raise Conflict("That question is already at the edge of its stage.")
    ids[at], ids[other] = ids[other], ids[at]
    return reorder(db, workshop, ids)


def _wording(text, easy_read, kind):
    text = clean_text(text, QUESTION_MAX, "question")
    easy_read = clean_text(easy_read, QUESTION_MAX, "easy-read question") if easy_read else text
    kinds.checked(kind)
    return text, easy_read


def add_question(db, workshop, *, stage, text, easy_read=None, kind="ideas", options=None):
    """Add the workshop's own question at the end of one of its stages (a ranking
    question with its list: `options`, else the provisional outcomes)."""
    kind = kind or "ideas"
    if stage not in _stage_order(workshop):
        raise Invalid(
            "Choose one of this workshop's stages for the question.", code="unknown_stage"
        )
    text, easy_read = _wording(text, easy_read, kind)
    with store.transaction(db):
        new_id = store.insert_question(
            db,
            workshop_id=workshop["id"],
            stage=stage,
            framework_key=None,
            kind=kind,
            text=text,
            easy_read=easy_read,
            position=10_000,
        )
        kinds.of({"kind": kind}).added(db, workshop, new_id, options)
        _renumber(db, _in_stage_order(workshop, agenda(db, workshop)))
        event = _agenda_event(db, workshop)
    return Change(store.question_by_id(db, new_id), [event])


def edit_question(db, workshop, question_id, *, text, easy_read=None, kind=None):
    """Reword one of the workshop's own questions (the framework's are quoted as written)."""
    target = question(db, workshop, question_id)
    if target["framework_key"] is not None:
        raise Conflict(
            "The framework's key questions are quoted word for word and cannot "
            "be edited. Add your own question instead.",
            code="framework_question",
        )
    text, easy_read = _wording(text, easy_read, kind or target["kind"])
    if kinds.of({"kind": kind or target["kind"]}).TAKES_IDEAS != kinds.of(target).TAKES_IDEAS:
        raise Conflict(
            "A question that asks for ideas cannot become one that asks for an order, "
            "or back: add a new question instead.",
            code="kind_fixed",
        )
    with store.transaction(db):
        store.update_question(
            db, target["id"], text=text, easy_read=easy_read, kind=kind or target["kind"]
        )
        event = _agenda_event(db, workshop)
    return Change(store.question_by_id(db, target["id"]), [event])


# Timers


def _timer_event(db, workshop, question_id, **fields):
    store.update_question(db, question_id, **fields)
    updated = store.question_by_id(db, question_id)
    return store.append_event(
        db,
        workshop["id"],
        "timer_changed",
        {
            "question_id": question_id,
            "timer": timer_of(updated),
        },
    )


def _timer_change(db, workshop, target, **fields):
    with store.transaction(db):
        event = _timer_event(db, workshop, target["id"], **fields)
    return Change(store.question_by_id(db, target["id"]), [event])


def set_timer(db, workshop, question_id, seconds):
    """Give a question a timer of this many seconds (stopped, from the start); 0 removes it."""
    target = question(db, workshop, question_id)
    seconds = whole(seconds, 0, TIMER_MAX_SECONDS, "The timer")
    return _timer_change(
        db,
        workshop,
        target,
        timer_seconds=seconds or None,
        timer_started_at=None,
        timer_elapsed_ms=0,
    )


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
        raise Conflict(
            "The timer is not running, so it cannot be paused.", code="timer_not_running"
        )
    elapsed = target["timer_elapsed_ms"] + ms_between(target["timer_started_at"], store.now())
    return _timer_change(db, workshop, target, timer_started_at=None, timer_elapsed_ms=elapsed)


def add_time(db, workshop, question_id, seconds):
    """Give the room longer on a question's timer."""
    target = question(db, workshop, question_id)
    if target["timer_seconds"] is None:
        raise Conflict("This question has no timer yet: set one first.", code="no_timer")
    seconds = whole(seconds, 1, 60 * 60, "Added time (in seconds)")
    if remaining_ms(target, workshop["extra_time_percent"]) <= 0:
        # Time is up: the added time counts from now. Lengthening a timer that
        # ran over by more than the time added would still say "Time is up".
        return _timer_change(
            db,
            workshop,
            target,
            timer_seconds=seconds,
            timer_elapsed_ms=0,
            timer_started_at=store.now() if target["timer_started_at"] else None,
        )
    total = min(target["timer_seconds"] + seconds, TIMER_MAX_SECONDS)
    return _timer_change(db, workshop, target, timer_seconds=total)


def start_on_open(db, workshop, question_id):
    """Inside open_question's transaction: a set, unstarted timer starts with the question.

    A question with planned minutes on the agenda and no timer of its own
    gets those minutes as its timer, so the day runs to the plan.
    """
    row = store.question_by_id(db, question_id)
    if row["timer_started_at"] or row["timer_elapsed_ms"]:
        return []
    if row["timer_seconds"]:
        return [_timer_event(db, workshop, question_id, timer_started_at=store.now())]
    if row.get("minutes"):
        return [
            _timer_event(
                db,
                workshop,
                question_id,
                timer_seconds=row["minutes"] * 60,
                timer_started_at=store.now(),
            )
        ]
    return []


def pause_on_close(db, workshop, question_id):
    """Inside a close: a running timer stops where it is."""
    row = store.question_by_id(db, question_id)
    if row["timer_started_at"]:
        elapsed = row["timer_elapsed_ms"] + ms_between(row["timer_started_at"], store.now())
        return [
            _timer_event(db, workshop, question_id, timer_started_at=None, timer_elapsed_ms=elapsed)
        ]
    return []


def set_extra_time(db, workshop, percent):
    """Stretch every timer by a percentage (0 to 200) for an inclusive event."""
    percent = whole(percent, 0, EXTRA_TIME_MAX, "Extra time (a percentage)")

    with store.transaction(db):
        store.update_workshop(db, workshop["id"], extra_time_percent=percent)
        updated = store.workshop_by_id(db, workshop["id"])
        event = settings_event(db, updated)
    return Change(updated, [event])


# Opening and closing: timers start and stop with their question.


def open_question(db, workshop, question_id):
    """Open a question for ideas and votes, closing whichever was open: move on."""
    target = question(db, workshop, question_id)
    if workshop.get("ended_at"):
        raise Conflict("This workshop has ended: reopen it first.", code="workshop_ended")
    if target["status"] == "open":
        raise Conflict("That question is already open.")
    events = []
    with store.transaction(db):
        for other in store.questions_of(db, workshop["id"]):
            if other["status"] == "open":
                store.set_question_status(db, other["id"], "closed")
                events.append(
                    store.append_event(
                        db, workshop["id"], "question_closed", {"question_id": other["id"]}
                    )
                )
                events += pause_on_close(db, workshop, other["id"])
        store.set_question_status(db, target["id"], "open")
        if target["closing_warned_at"]:  # a reopened question starts without the warning
            store.update_question(db, target["id"], closing_warned_at=None)
        events.append(
            store.append_event(db, workshop["id"], "question_opened", {"question_id": target["id"]})
        )
        events += start_on_open(db, workshop, target["id"])
        events += board.on_open(db, workshop, target)
    return Change(store.question_by_id(db, target["id"]), events)


def close_question(db, workshop, question_id):
    """Close an open question: no more ideas or votes on it."""
    target = question(db, workshop, question_id)
    if target["status"] != "open":
        raise Conflict("That question is not open, so it cannot be closed.")
    with store.transaction(db):
        store.set_question_status(db, target["id"], "closed")
        events = [
            store.append_event(db, workshop["id"], "question_closed", {"question_id": target["id"]})
        ]
        events += pause_on_close(db, workshop, target["id"])
    return Change(store.question_by_id(db, target["id"]), events)


def warn_closing(db, workshop, question_id):
    """Tell the phones the open question closes in about a minute, so nobody is cut off."""
    target = question(db, workshop, question_id)
    if target["status"] != "open":
        raise Conflict("Only the open question can be given a warning.", code="question_closed")
    at = store.now()
    with store.transaction(db):
        store.update_question(db, target["id"], closing_warned_at=at)
        event = store.append_event(
            db, workshop["id"], "closing_soon", {"question_id": target["id"], "at": at}
        )
    return Change(store.question_by_id(db, target["id"]), [event])


def set_phone_timer(db, workshop, on):
    """Show phones the time left on the open question (off by default)."""
    if not isinstance(on, bool):
        raise Invalid("Send on as true or false.")
    with store.transaction(db):
        store.update_workshop(db, workshop["id"], phone_timer=int(on))
        updated = store.workshop_by_id(db, workshop["id"])
        event = settings_event(db, updated)
    return Change(updated, [event])
