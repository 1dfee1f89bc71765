"""The facilitator's console actions as one table.

Socket handlers (events.py) and the JSON API (routes.py) both dispatch
through it, so a console over a socket and a script over HTTP get the same
checks, the same errors and the same replies. Each action reads its fields
from the message, calls one domain function and shapes the reply.
"""

from . import agenda, board, moderation, plan
from . import db as store
from .errors import NotFound
from .state import public_question


def _question_reply(change):
    return {"question": public_question(change.value)}


def _agenda_reply(change):
    return {"questions": [public_question(q) for q in change.value]}


def _idea_reply(db, workshop):
    def reply(change):
        row = change.value
        return {"idea": moderation.console_view(workshop, row, store.idea_group(db, row["id"]))}
    return reply


def _settings_reply(change):
    return {"settings": board.settings_of(change.value)}


def _outcomes_reply(change):
    return {"outcomes": change.value}


def run(db, workshop, name, data):
    """Run one console action; return (Change, reply) or raise a WorkshopError."""
    get = data.get
    idea_reply = _idea_reply(db, workshop)
    actions = {
        "move_question": (lambda: agenda.move(db, workshop, get("question_id"), get("offset")),
                          _agenda_reply),
        "reorder_questions": (lambda: agenda.reorder(db, workshop, get("question_ids")),
                              _agenda_reply),
        "add_question": (lambda: agenda.add_question(
            db, workshop, stage=get("stage"), text=get("text"), easy_read=get("easy_read"),
            kind=get("kind") or "ideas"), _question_reply),
        "edit_question": (lambda: agenda.edit_question(
            db, workshop, get("question_id"), text=get("text"), easy_read=get("easy_read"),
            kind=get("kind")), _question_reply),
        "set_timer": (lambda: agenda.set_timer(db, workshop, get("question_id"), get("seconds")),
                      _question_reply),
        "start_timer": (lambda: agenda.start_timer(db, workshop, get("question_id")),
                        _question_reply),
        "pause_timer": (lambda: agenda.pause_timer(db, workshop, get("question_id")),
                        _question_reply),
        "add_time": (lambda: agenda.add_time(db, workshop, get("question_id"), get("seconds")),
                     _question_reply),
        "set_extra_time": (lambda: agenda.set_extra_time(db, workshop, get("percent")),
                           _settings_reply),
        "set_approval": (lambda: moderation.set_approval(db, workshop, get("on")),
                         _settings_reply),
        "approve_idea": (lambda: moderation.approve(db, workshop, get("idea_id")), idea_reply),
        "hide_idea": (lambda: moderation.hide(db, workshop, get("idea_id")), idea_reply),
        "restore_idea": (lambda: moderation.restore(db, workshop, get("idea_id")), idea_reply),
        "edit_idea": (lambda: moderation.edit(db, workshop, get("idea_id"), get("text")),
                      idea_reply),
        "tag_idea": (lambda: moderation.tag(
            db, workshop, get("idea_id"), priority=get("priority"),
            outcome_kind=get("outcome_kind"), strategic_outcome=get("strategic_outcome")),
            idea_reply),
        "merge_ideas": (lambda: moderation.merge(db, workshop, get("idea_id"), get("into")),
                        idea_reply),
        "unmerge_idea": (lambda: moderation.unmerge(db, workshop, get("idea_id")), idea_reply),
        "scribe_idea": (lambda: moderation.scribe(
            db, workshop, question_id=get("question_id"), text=get("text"), role=get("role"),
            priority=get("priority"), outcome_kind=get("outcome_kind"),
            client_id=get("client_id"), outcome_id=get("outcome_id"), rating=get("rating")),
            lambda change: {"idea": change.value, "duplicate": change.duplicate}),
        "hide_results": (lambda: board.hide_results(db, workshop), _settings_reply),
        "reveal_results": (lambda: board.reveal_results(db, workshop), _settings_reply),
        "set_board_view": (lambda: board.set_view(db, workshop, get("view"), get("rank")),
                           _settings_reply),
        "carry_forward": (lambda: plan.carry_forward(db, workshop, get("idea_ids")),
                          _outcomes_reply),
        "edit_outcome": (lambda: plan.edit_outcome(db, workshop, get("outcome_id"), get("text")),
                         _outcomes_reply),
        "remove_outcome": (lambda: plan.remove_outcome(db, workshop, get("outcome_id")),
                           _outcomes_reply),
    }
    if name not in actions:
        raise NotFound("There is no such console action.")
    call, reply = actions[name]
    change = call()
    return change, reply(change)


ACTIONS = (
    "move_question", "reorder_questions", "add_question", "edit_question", "set_timer",
    "start_timer", "pause_timer", "add_time", "set_extra_time", "set_approval", "approve_idea",
    "hide_idea", "restore_idea", "edit_idea", "tag_idea", "merge_ideas", "unmerge_idea",
    "scribe_idea",
    "hide_results", "reveal_results", "set_board_view", "carry_forward", "edit_outcome",
    "remove_outcome",
)

