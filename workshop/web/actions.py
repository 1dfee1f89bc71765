"""Every action anyone can take, declared once: an arrival joining, an
attendee, a facilitator, the organiser.

The JSON API (`POST /api/w/CODE/...`), the Socket.IO event of the same
name, the join forms and the organiser's API all dispatch through
`dispatch`: the same field parser (rules.message_fields), the same checks,
the same write path (group commit, acknowledged after COMMIT, published in
commit order), the same reply. An action names who may call it, the message
fields it reads, the domain function that writes, and how its reply is shaped.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ..room import (
    agenda,
    board,
    contributions,
    maintenance,
    media,
    moderation,
    outreach,
    plan,
    quiet_signals,
    rules,
    setting_up,
    shapes,
    stories,
    theme_feedback,
    theme_votes,
    theming,
    workshops,
)
from ..room.errors import NotFound
from ..room.kinds import ranking as ranking_kind
from ..storage import db as store
from ..storage import story_rows
from ..storage import theme_votes as theme_vote_rows
from . import auth, limits, state
from .context import commit, commit_new, hand_back_db
from .organiser_views import detail, overview, timed_question

# Who calls: someone joining (no participant yet), an attendee, a facilitator,
# the organiser. Sockets carry attendees' and facilitators' actions only.
ARRIVAL, ATTENDEE, FACILITATOR, ORGANISER = "arrival", "attendee", "facilitator", "organiser"
SOCKET_CALLERS = (ATTENDEE, FACILITATOR)


def _question(db, workshop, participant, change):
    return {"question": shapes.public_question(change.value)}


def _agenda(db, workshop, participant, change):
    return {"questions": [shapes.public_question(q) for q in change.value]}


def _console_idea(db, workshop, participant, change):
    row = change.value
    return {"idea": moderation.console_view(workshop, row, store.idea_group(db, row["id"]))}


def _approved(db, workshop, participant, change):
    return {"approved": change.value}


def _settings(db, workshop, participant, change):
    return {"settings": shapes.settings_of(change.value)}


def _read_aloud(db, workshop, participant, change):
    return {"read_aloud": change.value}


def _door(db, workshop, participant, change):
    return {"door": change.value}


def _ended(db, workshop, participant, change):
    return {"workshop": shapes.public_workshop(change.value), "duplicate": change.duplicate}


def _console_story(db, workshop, participant, change):
    return {"story": change.value}


def _outcomes(db, workshop, participant, change):
    return {"outcomes": change.value}


def _themes(db, workshop, participant, change):
    return {"themes": change.value}


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


def _media(db, workshop, participant, change):
    return {"media": change.value}


def _not_meant(db, workshop, participant, change):
    return {"not_meant": change.value, "duplicate": change.duplicate}


def _quiet(db, workshop, participant, change):
    return {"quiet": change.value, "duplicate": change.duplicate}


def _me(db, workshop, participant, change):
    return {"me": {"role": change.value["role"]}}


def _joined(db, workshop, participant, change):
    joined = {"participant": {"role": change.value["role"]}, "waiting": change.value["waiting"]}
    if change.value["waiting"]:  # at the door: the same cookie gets in when let in
        joined["ahead"] = change.value["ahead"]
    return joined


def _listed_workshop(db, workshop, participant, change):
    return {"workshop": overview(db, change.value["code"])}


def _created_workshop(db, workshop, participant, change):
    return detail(db, workshops.get(db, change.value["code"]))


def _setup(db, workshop, participant, change):
    return {"setup": change.value}


def _outreach(db, workshop, participant, change):
    return {"outreach": change.value}


def _timed_question(db, workshop, participant, change):
    return {"question": timed_question(change.value)}


def _ranked(db, workshop, participant, change):
    return {"ranking": change.value}


def _vote(db, workshop, participant, change):
    mine = state.my_votes(db, workshop, participant, change.value["question_id"])
    return {"vote": change.value, "duplicate": change.duplicate, **mine}


def _theme_vote(db, workshop, participant, change):
    mine = theme_votes.my_votes(db, workshop, participant, change.value["question_id"])
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
    # Sent by the hundred a second in a burst (votes, arrivals): queued
    # behind every other write, which goes ahead of them in the group commit.
    bulk: bool = False
    # The organiser may run this facilitator action too, before the day.
    organiser: bool = False
    # Fields a message may leave out: the write's own defaults fill them, or
    # (set_up) only the fields sent change.
    optional: tuple = ()
    # Makes a workshop: dispatched with no workshop, and nothing to publish.
    creates: bool = False
    # Carries a file (issue 25): sent as a form upload to its route (web/uploads.py),
    # never as a socket event.
    upload: bool = False
    # The reply is read by the writer, in the write's own savepoint, not from a
    # pooled connection after COMMIT: during a burst every other commit empties
    # a pooled connection's page cache (WAL), so that read began by reading its
    # pages again; the writer's are warm. The reply is the state just after
    # this write. For the writes sent by the hundred (votes).
    reply_in_write: bool = False


ACTIONS = {
    action.name: action
    for action in (
        # Arrivals: a phone joins in a role (or waits at the door)
        Action(
            "join",
            ARRIVAL,
            ("role", "supporter_role"),
            workshops.join,
            _joined,
            optional=("supporter_role",),
            bulk=True,
        ),
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
            stored=story_rows.story_by_client_id,
        ),
        Action(
            "submit_voice_story",
            ATTENDEE,
            stories.VOICE_STORY_FIELDS,
            stories.submit_story,
            _story,
            limit="story",
            stored=story_rows.story_by_client_id,
            upload=True,
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
            stored=story_rows.story_by_client_id,
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
            reply_in_write=True,
        ),
        Action(
            "withdraw_vote",
            ATTENDEE,
            ("client_id",),
            contributions.withdraw_vote,
            _vote,
            limit="vote",
            bulk=True,
            reply_in_write=True,
        ),
        # Issue 22 item 5: dots on themes, when the facilitator puts the vote there
        Action(
            "cast_theme_vote",
            ATTENDEE,
            theme_votes.THEME_VOTE_FIELDS,
            theme_votes.cast_theme_vote,
            _theme_vote,
            limit="vote",
            stored=theme_vote_rows.by_client_id,
            bulk=True,
            reply_in_write=True,
        ),
        Action(
            "withdraw_theme_vote",
            ATTENDEE,
            ("client_id",),
            theme_votes.withdraw_theme_vote,
            _theme_vote,
            limit="vote",
            bulk=True,
            reply_in_write=True,
        ),
        # Issue 22: an idea's author says the theme it went into is not what they meant
        Action(
            "not_what_i_meant",
            ATTENDEE,
            ("idea_id",),
            theme_feedback.not_what_i_meant,
            _not_meant,
        ),
        # Issue 25: "I need more time", "I don't understand", counted per question
        Action(
            "quiet_signal",
            ATTENDEE,
            ("question_id", "kind"),
            quiet_signals.send,
            _quiet,
            limit="vote",
        ),
        Action(
            "change_role",
            ATTENDEE,
            ("role",),
            workshops.change_role,
            _me,
            renews_participant=True,
        ),
        # A ranking question's answer: this person's order of its list (room/kinds)
        Action(
            "submit_ranking",
            ATTENDEE,
            ("question_id", "order"),
            ranking_kind.submit_ranking,
            _ranked,
            limit="vote",
            bulk=True,
        ),
        # The agenda
        Action("open_question", FACILITATOR, ("question_id",), agenda.open_question, _question),
        Action("close_question", FACILITATOR, ("question_id",), agenda.close_question, _question),
        Action(
            "move_question",
            FACILITATOR,
            ("question_id", "offset"),
            agenda.move,
            _agenda,
            organiser=True,
        ),
        Action(
            "reorder_questions",
            FACILITATOR,
            ("question_ids",),
            agenda.reorder,
            _agenda,
            organiser=True,
        ),
        Action(
            "add_question",
            FACILITATOR,
            ("stage", "text", "easy_read", "kind", "options"),
            agenda.add_question,
            _question,
            organiser=True,
        ),
        Action(
            "edit_question",
            FACILITATOR,
            ("question_id", "text", "easy_read", "kind"),
            agenda.edit_question,
            _question,
            organiser=True,
        ),
        # Timers
        Action("set_timer", FACILITATOR, ("question_id", "seconds"), agenda.set_timer, _question),
        Action("start_timer", FACILITATOR, ("question_id",), agenda.start_timer, _question),
        Action("pause_timer", FACILITATOR, ("question_id",), agenda.pause_timer, _question),
        Action("add_time", FACILITATOR, ("question_id", "seconds"), agenda.add_time, _question),
        Action("set_extra_time", FACILITATOR, ("percent",), agenda.set_extra_time, _settings),
        Action("warn_closing", FACILITATOR, ("question_id",), agenda.warn_closing, _question),
        Action("set_phone_timer", FACILITATOR, ("on",), agenda.set_phone_timer, _settings),
        Action(
            "set_easy_read_first",
            FACILITATOR,
            ("on",),
            setting_up.set_easy_read_first,
            _settings,
            organiser=True,
        ),
        Action("set_quiet_on_board", FACILITATOR, ("on",), quiet_signals.set_on_board, _settings),
        # Moderation
        Action(
            "set_approval",
            FACILITATOR,
            ("on",),
            moderation.set_approval,
            _settings,
            organiser=True,
        ),
        Action("approve_idea", FACILITATOR, ("idea_id",), moderation.approve, _console_idea),
        Action("approve_ideas", FACILITATOR, ("idea_ids",), moderation.approve_many, _approved),
        Action("hide_idea", FACILITATOR, ("idea_id",), moderation.hide, _console_idea),
        Action("restore_idea", FACILITATOR, ("idea_id",), moderation.restore, _console_idea),
        Action("edit_idea", FACILITATOR, ("idea_id", "text"), moderation.edit, _console_idea),
        Action(
            "tag_idea",
            FACILITATOR,
            (
                "idea_id",
                "priority",
                "outcome_kind",
                "strategic_outcome",
                "care_act_theme",
                "experts_value",
            ),
            moderation.tag,
            _console_idea,
            optional=("experts_value",),
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
        Action(
            "attach_photo",
            FACILITATOR,
            ("idea_id", "photo"),
            media.attach_photo,
            _media,
            upload=True,
        ),
        Action("set_transcript", FACILITATOR, ("story_id", "text"), media.set_transcript, _media),
        # The board
        Action("hide_results", FACILITATOR, (), board.hide_results, _settings),
        Action("reveal_results", FACILITATOR, (), board.reveal_results, _settings),
        Action(
            "set_board_view", FACILITATOR, ("view", "rank", "theme_id"), board.set_view, _settings
        ),
        Action("set_board_paging", FACILITATOR, ("seconds", "paused"), board.set_paging, _settings),
        Action("turn_board_page", FACILITATOR, ("to",), board.turn_page, _settings),
        Action("spotlight_idea", FACILITATOR, ("idea_id",), board.spotlight, _settings),
        Action("set_board_waiting", FACILITATOR, ("on",), board.set_waiting, _settings),
        Action("set_board_wording", FACILITATOR, ("wording",), board.set_wording, _settings),
        Action("read_question_aloud", FACILITATOR, (), board.read_aloud, _read_aloud),
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
        Action("carry_themes", FACILITATOR, ("theme_ids",), plan.carry_themes, _outcomes),
        Action(
            "edit_outcome",
            FACILITATOR,
            ("outcome_id", "text", "easy_read"),
            plan.edit_outcome,
            _outcomes,
            optional=("easy_read",),
        ),
        Action("remove_outcome", FACILITATOR, ("outcome_id",), plan.remove_outcome, _outcomes),
        Action(
            "mark_answer",
            FACILITATOR,
            ("idea_id", "answer_kind"),
            plan.mark_answer,
            _console_idea,
        ),
        # Themes (issue 22): each reply and `themes_changed` event carries the
        # question's themes as they now are
        Action(
            "accept_themes",
            FACILITATOR,
            ("question_id", "groups"),
            theming.accept_themes,
            _themes,
        ),
        Action("rename_theme", FACILITATOR, ("theme_id", "label"), theming.rename_theme, _themes),
        Action("merge_themes", FACILITATOR, ("theme_id", "into"), theming.merge_themes, _themes),
        Action(
            "split_theme",
            FACILITATOR,
            ("theme_id", "idea_ids", "label"),
            theming.split_theme,
            _themes,
        ),
        Action(
            "move_to_theme", FACILITATOR, ("idea_id", "theme_id"), theming.move_to_theme, _themes
        ),
        Action(
            "move_ideas_to_theme",
            FACILITATOR,
            ("question_id", "idea_ids", "theme_id"),
            theming.move_ideas_to_theme,
            _themes,
        ),
        Action("undo_themes", FACILITATOR, ("question_id",), theming.undo_themes, _themes),
        Action(
            "set_vote_on",
            FACILITATOR,
            ("question_id", "vote_on"),
            theme_votes.set_vote_on,
            _question,
        ),
        # The organiser, before and after the day (with the agenda actions above)
        Action(
            "create_workshop",
            ORGANISER,
            ("title", *rules.CREATE_FIELDS),
            setting_up.create_workshop,
            _created_workshop,
            optional=rules.CREATE_FIELDS,
            creates=True,
        ),
        Action(
            "set_up",
            ORGANISER,
            rules.SET_UP_FIELDS,
            setting_up.set_up,
            _setup,
            optional=rules.SET_UP_FIELDS,
        ),
        Action(
            "set_timing",
            ORGANISER,
            ("question_id", "minutes", "break_after"),
            setting_up.set_timing,
            _timed_question,
        ),
        Action(
            "open_outreach",
            ORGANISER,
            ("opens_on", "closes_on", "question_ids"),
            outreach.set_window,
            _outreach,
        ),
        Action("close_outreach", ORGANISER, (), outreach.close_window, _outreach),
        Action("end", ORGANISER, (), maintenance.end, _listed_workshop),
    )
}
SOCKET_ACTIONS = tuple(
    name for name, a in ACTIONS.items() if a.who in SOCKET_CALLERS and not a.upload
)


def _offered(action, who, workshop):
    """Whether this caller may run the action (`who` None: an attendee's or a console's)."""
    if action is None or (workshop is None) != action.creates:
        return False
    if who == ORGANISER:
        return action.who == ORGANISER or action.organiser
    return action.who == who if who else action.who in SOCKET_CALLERS


def dispatch(db, workshop, name, data, *, who=None, participant=None):
    """Check the caller, run the action's write in the next group commit; return (change, reply).

    `who` names the caller when it is not an attendee's or a console's
    (ARRIVAL, ORGANISER) or narrows the table (the console route takes
    facilitator actions only); `participant` is the attendee a phone's
    socket already identified. A join keeps the new token in the session.
    """
    if who == ORGANISER:
        auth.require_organiser(db)
    action = ACTIONS.get(name)
    if not _offered(action, who, workshop):
        what = "organiser action" if who == ORGANISER else "action"
        raise NotFound(f"There is no such {what}.")
    if action.who == FACILITATOR and who != ORGANISER:
        # Before the fields are read: a stranger is refused, whatever they sent.
        auth.require_facilitator(workshop)
    sent = [f for f in action.fields if f in data or f not in action.optional]
    fields = rules.message_fields(sent, data)
    if action.creates:
        participant, change = None, commit_new(action.write, **fields)
    elif who == ORGANISER or action.who == FACILITATOR:
        participant = None
        change = commit(workshop, action.write, workshop, ahead=True, **fields)
    elif action.who == ARRIVAL:
        limits.before_join(workshop)
        change, token = commit(workshop, action.write, workshop, ahead=not action.bulk, **fields)
        auth.remember_participant(workshop["code"], token)
        participant = change.value
    else:
        participant = participant or auth.current_participant(db, workshop)
        client_id = fields.get("client_id")
        resend = bool(action.stored and client_id) and (
            action.stored(db, workshop["id"], client_id) is not None
        )

        if action.reply_in_write:
            # Nothing is read from here on: see context.hand_back_db.
            run = _with_reply(action)
            hand_back_db(db)
        else:
            run = action.write

        def write():
            return commit(workshop, run, workshop, participant, ahead=not action.bulk, **fields)

        # Only new contributions are rate-limited; a role change is not one.
        result = (
            limits.throttled(action.limit, participant, write, resend=resend)
            if action.limit
            else write()
        )
        if action.reply_in_write:
            return result  # (change, reply)
        change = result
    return change, action.reply(db, workshop, participant, change)


def _with_reply(action):
    """The action's write, then its reply read on the writer's connection: (change, reply)."""

    def write(db, workshop, participant, **fields):
        change = action.write(db, workshop, participant, **fields)
        return change, action.reply(db, workshop, participant, change)

    return write
