"""Every action an attendee or a facilitator can take, declared once.

The JSON API (`POST /api/w/CODE/...`) and the Socket.IO event of the same
name both dispatch through `dispatch`: the same checks, the same write path
(group commit, acknowledged after COMMIT, published in commit order), the
same reply. An action names who may call it, the message fields it reads,
the domain function that writes, and how its reply is shaped.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ..room import (
    agenda,
    board,
    contributions,
    maintenance,
    moderation,
    outreach,
    plan,
    rules,
    shapes,
    state,
    stories,
    workshops,
)
from ..room.errors import NotFound
from ..storage import db as store
from . import auth, limits
from .context import commit

ATTENDEE, FACILITATOR = "attendee", "facilitator"


def _question(db, workshop, participant, change):
    return {"question": shapes.public_question(change.value)}


def _agenda(db, workshop, participant, change):
    return {"questions": [shapes.public_question(q) for q in change.value]}


def _console_idea(db, workshop, participant, change):
    row = change.value
    return {"idea": moderation.console_view(workshop, row, store.idea_group(db, row["id"]))}


def _settings(db, workshop, participant, change):
    return {"settings": shapes.settings_of(change.value)}


def _door(db, workshop, participant, change):
    return {"door": change.value}


def _ended(db, workshop, participant, change):
    return {"workshop": shapes.public_workshop(change.value), "duplicate": change.duplicate}


def _console_story(db, workshop, participant, change):
    return {"story": change.value}


def _outcomes(db, workshop, participant, change):
    return {"outcomes": change.value}


def _idea(db, workshop, participant, change):
    return {
        "idea": change.value,
        "duplicate": change.duplicate,
        "awaiting_approval": change.value["status"] == "pending",
    }


def _scribed(db, workshop, participant, change):
    return {"idea": change.value, "duplicate": change.duplicate}


def _story(db, workshop, participant, change):
    return {"story": change.value, "duplicate": change.duplicate}


def _me(db, workshop, participant, change):
    return {"me": {"role": change.value["role"]}}


def _vote(db, workshop, participant, change):
    mine = state.my_votes(db, workshop, participant, change.value["question_id"])
    return {"vote": change.value, "duplicate": change.duplicate, **mine}


@dataclass(frozen=True)
class Action:
    name: str
    who: str
    fields: tuple
    write: Callable  # (db, workshop, [participant,] **fields) -> Change
    reply: Callable  # (db, workshop, participant, change) -> dict
    limit: str | None = None  # the rate limit an attendee's new writes count against
    # (db, workshop_id, client_id) -> the row already stored under this client
    # id: a resend of it does not count against the rate limit.
    stored: Callable | None = None
    # The write returns the attendee as they now are (a change of role): a
    # socket that keeps who it speaks for must keep this copy from then on.
    renews_participant: bool = False
    # Sent by the hundred a second in a burst (votes): queued behind every
    # other write, which goes ahead of them in the group commit.
    bulk: bool = False


ACTIONS = {
    action.name: action
    for action in (
        # Attendees
        Action(
            "submit_idea",
            ATTENDEE,
            contributions.IDEA_FIELDS,
            contributions.submit_idea,
            _idea,
            limit="idea",
            stored=store.idea_by_client_id,
        ),
        Action(
            "submit_story",
            ATTENDEE,
            stories.STORY_FIELDS,
            stories.submit_story,
            _story,
            limit="story",
            stored=store.story_by_client_id,
        ),
        Action(
            "submit_outreach_idea",
            ATTENDEE,
            outreach.OUTREACH_FIELDS,
            outreach.submit,
            _idea,
            limit="idea",
            stored=store.idea_by_client_id,
        ),
        Action(
            "submit_outreach_story",
            ATTENDEE,
            outreach.OUTREACH_STORY_FIELDS,
            outreach.submit_story,
            _story,
            limit="story",
            stored=store.story_by_client_id,
        ),
        Action(
            "cast_vote",
            ATTENDEE,
            ("idea_id", "client_id"),
            contributions.cast_vote,
            _vote,
            limit="vote",
            stored=store.vote_by_client_id,
            bulk=True,
        ),
        Action(
            "withdraw_vote",
            ATTENDEE,
            ("client_id",),
            contributions.withdraw_vote,
            _vote,
            limit="vote",
            bulk=True,
        ),
        Action(
            "change_role",
            ATTENDEE,
            ("role",),
            workshops.change_role,
            _me,
            renews_participant=True,
        ),
        # The agenda
        Action("open_question", FACILITATOR, ("question_id",), agenda.open_question, _question),
        Action("close_question", FACILITATOR, ("question_id",), agenda.close_question, _question),
        Action("move_question", FACILITATOR, ("question_id", "offset"), agenda.move, _agenda),
        Action("reorder_questions", FACILITATOR, ("question_ids",), agenda.reorder, _agenda),
        Action(
            "add_question",
            FACILITATOR,
            ("stage", "text", "easy_read", "kind"),
            agenda.add_question,
            _question,
        ),
        Action(
            "edit_question",
            FACILITATOR,
            ("question_id", "text", "easy_read", "kind"),
            agenda.edit_question,
            _question,
        ),
        # Timers
        Action("set_timer", FACILITATOR, ("question_id", "seconds"), agenda.set_timer, _question),
        Action("start_timer", FACILITATOR, ("question_id",), agenda.start_timer, _question),
        Action("pause_timer", FACILITATOR, ("question_id",), agenda.pause_timer, _question),
        Action("add_time", FACILITATOR, ("question_id", "seconds"), agenda.add_time, _question),
        Action("set_extra_time", FACILITATOR, ("percent",), agenda.set_extra_time, _settings),
        Action("warn_closing", FACILITATOR, ("question_id",), agenda.warn_closing, _question),
        Action("set_phone_timer", FACILITATOR, ("on",), agenda.set_phone_timer, _settings),
        # Moderation
        Action("set_approval", FACILITATOR, ("on",), moderation.set_approval, _settings),
        Action("approve_idea", FACILITATOR, ("idea_id",), moderation.approve, _console_idea),
        Action("hide_idea", FACILITATOR, ("idea_id",), moderation.hide, _console_idea),
        Action("restore_idea", FACILITATOR, ("idea_id",), moderation.restore, _console_idea),
        Action("edit_idea", FACILITATOR, ("idea_id", "text"), moderation.edit, _console_idea),
        Action(
            "tag_idea",
            FACILITATOR,
            ("idea_id", "priority", "outcome_kind", "strategic_outcome", "care_act_theme"),
            moderation.tag,
            _console_idea,
        ),
        Action("merge_ideas", FACILITATOR, ("idea_id", "into"), moderation.merge, _console_idea),
        Action("unmerge_idea", FACILITATOR, ("idea_id",), moderation.unmerge, _console_idea),
        Action(
            "scribe_idea",
            FACILITATOR,
            (
                "question_id",
                "text",
                "role",
                "priority",
                "outcome_kind",
                "client_id",
                "outcome_id",
                "rating",
                "card_number",
            ),
            moderation.scribe,
            _scribed,
        ),
        # The board
        Action("hide_results", FACILITATOR, (), board.hide_results, _settings),
        Action("reveal_results", FACILITATOR, (), board.reveal_results, _settings),
        Action("set_board_view", FACILITATOR, ("view", "rank"), board.set_view, _settings),
        Action("set_board_paging", FACILITATOR, ("seconds", "paused"), board.set_paging, _settings),
        Action("turn_board_page", FACILITATOR, ("to",), board.turn_page, _settings),
        Action("spotlight_idea", FACILITATOR, ("idea_id",), board.spotlight, _settings),
        Action("set_board_waiting", FACILITATOR, ("on",), board.set_waiting, _settings),
        # Stories: hidden ones and those needing follow-up stay out of the report
        Action("hide_story", FACILITATOR, ("story_id",), stories.hide_story, _console_story),
        Action("restore_story", FACILITATOR, ("story_id",), stories.restore_story, _console_story),
        Action("flag_story", FACILITATOR, ("story_id", "on"), stories.flag_story, _console_story),
        # The end of the event: no more joins, ideas, votes or stories
        Action("end_workshop", FACILITATOR, (), maintenance.end, _ended),
        Action("reopen_workshop", FACILITATOR, ("confirm",), maintenance.reopen, _ended),
        # The room's door
        Action("lock_door", FACILITATOR, ("on",), workshops.lock_door, _settings),
        Action("set_capacity", FACILITATOR, ("capacity",), workshops.set_capacity, _settings),
        Action("let_in", FACILITATOR, ("count",), workshops.let_in, _door),
        # Plan: provisional outcomes
        Action("carry_forward", FACILITATOR, ("idea_ids",), plan.carry_forward, _outcomes),
        Action("edit_outcome", FACILITATOR, ("outcome_id", "text"), plan.edit_outcome, _outcomes),
        Action("remove_outcome", FACILITATOR, ("outcome_id",), plan.remove_outcome, _outcomes),
        Action(
            "mark_answer",
            FACILITATOR,
            ("idea_id", "answer_kind"),
            plan.mark_answer,
            _console_idea,
        ),
    )
}


def dispatch(db, workshop, name, data, *, who=None, participant=None):
    """Check the caller, run the action's write in the next group commit; return (change, reply).

    `who` narrows the table (the console route takes facilitator actions only);
    `participant` is the attendee a phone's socket already identified.
    """
    action = ACTIONS.get(name)
    if action is None or (who and action.who != who):
        raise NotFound("There is no such action.")
    fields = rules.message_fields(action.fields, data)
    if action.who == FACILITATOR:
        auth.require_facilitator(workshop)
        participant = None
        change = commit(workshop, action.write, workshop, ahead=True, **fields)
    else:
        participant = participant or auth.current_participant(db, workshop)
        client_id = fields.get("client_id")
        resend = bool(action.stored and client_id) and (
            action.stored(db, workshop["id"], client_id) is not None
        )

        def write():
            return commit(
                workshop, action.write, workshop, participant, ahead=not action.bulk, **fields
            )

        # Only new contributions are rate-limited; a role change is not one.
        change = (
            limits.throttled(action.limit, participant, write, resend=resend)
            if action.limit
            else write()
        )
    return change, action.reply(db, workshop, participant, change)
