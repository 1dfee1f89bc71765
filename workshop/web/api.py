"""The JSON API under /api/w/CODE: what scripts and the pages call over HTTP.

The workshop is loaded once per request, from the URL. Every write is an
action of the one table (actions.py), the same as its Socket.IO event.
"""

from flask import Blueprint, Response, g, jsonify, request

from ..report import export
from ..room import board as board_views
from ..room import plan, rules, shapes, stories, theme_feedback, theming, workshops
from ..room.errors import Forbidden, Invalid
from . import actions, auth, state
from .context import get_db

api = Blueprint("api", __name__, url_prefix="/api/w/<code>")


@api.url_value_preprocessor
def load_workshop(endpoint, values):
    """Read the workshop named in the URL once, for the whole request."""
    g.workshop = workshops.get(get_db(), values.pop("code"))


def _act(name, data, *, who=None):
    change, reply = actions.dispatch(get_db(), g.workshop, name, data, who=who)
    return change, reply


def _created(name):
    """Run an attendee action from a JSON body: 201 when stored, 200 for a resend."""
    change, reply = _act(name, auth.check_json_request())
    return jsonify(reply), 200 if change.duplicate else 201


@api.get("")
def workshop_info():
    """Public facts about a workshop: title, stages, questions."""
    questions = [shapes.public_question(q) for q in rules.agenda(get_db(), g.workshop)]
    return jsonify(workshop=shapes.public_workshop(g.workshop), questions=questions)


@api.post("/participants")
def api_join():
    """Join as an anonymous participant in a role."""
    body = auth.check_json_request()
    _, reply = _act("join", {"role": body.get("role")}, who=actions.ARRIVAL)
    return jsonify(reply), 202 if reply["waiting"] else 201


@api.get("/waiting")
def api_waiting():
    """Whether this browser still waits at the door, and how many are ahead of it."""
    token = auth.participant_token(g.workshop["code"])
    return jsonify(workshops.waiting_place(get_db(), g.workshop, token))


@api.get("/snapshot")
def api_snapshot():
    """Everything a screen draws: the console's for a facilitator, else a phone's or a board's."""
    db, workshop = get_db(), g.workshop
    if request.args.get("view") == "board":  # what any board socket is sent
        return jsonify(state.snapshot(db, workshop, "board"))
    if auth.is_facilitator(workshop):
        return jsonify(state.snapshot(db, workshop, "console"))
    participant = auth.current_participant(db, workshop)
    return jsonify(state.snapshot(db, workshop, "phone", participant))


@api.get("/events")
def api_events():
    """Catch up: the events after ?since=N."""
    db, workshop = get_db(), g.workshop
    facilitator = auth.is_facilitator(workshop)
    participant = None if facilitator else auth.current_participant(db, workshop)
    since = rules.row_id(request.args.get("since", "0"), "since", text=True, code="bad_since")
    return jsonify(
        state.catch_up(db, workshop, since, participant, view="console" if facilitator else "phone")
    )


@api.post("/ideas")
def api_submit_idea():
    """Add an idea to the open question (idempotent on client_id)."""
    return _created("submit_idea")


@api.post("/stories")
def api_submit_story():
    """Keep a longer account, with the teller's choice on quoting (idempotent on client_id)."""
    return _created("submit_story")


@api.post("/votes")
def api_cast_vote():
    """Put a dot on an idea (idempotent on client_id)."""
    return _created("cast_vote")


@api.post("/theme-votes")
def api_cast_theme_vote():
    """Put a dot on an accepted theme while the room votes on themes (issue 22 item 5)."""
    return _created("cast_theme_vote")


@api.post("/rankings")
def api_submit_ranking():
    """Send this person's order of the open ranking question's list (the latest counts)."""
    return _created("submit_ranking")


@api.post("/quiet-signals")
def api_quiet_signal():
    """'I need more time' or 'I don't understand' on the open question (issue 25)."""
    return _created("quiet_signal")


@api.delete("/votes/<client_id>")
def api_withdraw_vote(client_id):
    """Take a vote back while its question is open."""
    auth.check_origin()
    return jsonify(_act("withdraw_vote", {"client_id": client_id})[1])


@api.delete("/theme-votes/<client_id>")
def api_withdraw_theme_vote(client_id):
    """Take a dot back from a theme while its question is open."""
    auth.check_origin()
    return jsonify(_act("withdraw_theme_vote", {"client_id": client_id})[1])


@api.post("/facilitator/session")
def api_facilitator_session():
    """Exchange the facilitator key for a session cookie."""
    body = auth.check_json_request()
    auth.require_facilitator(g.workshop, key=body.get("key") or "-")
    auth.remember_facilitator(g.workshop["code"])
    return jsonify(ok=True)


@api.post("/questions/<int:question_id>/open")
def api_open_question(question_id):
    """Open a question (closing the one that was open)."""
    auth.check_origin()
    return jsonify(_act("open_question", {"question_id": question_id})[1])


@api.post("/questions/<int:question_id>/close")
def api_close_question(question_id):
    """Close the open question."""
    auth.check_origin()
    return jsonify(_act("close_question", {"question_id": question_id})[1])


@api.post("/console/<action>")
def api_console_action(action):
    """Run one console action (facilitator only); the same table as the socket events."""
    body = auth.check_json_request()
    return jsonify(_act(action, body, who=actions.FACILITATOR)[1])


@api.get("/roster")
def api_roster():
    """Who is in the room, by role (facilitator only)."""
    auth.require_facilitator(g.workshop)
    return jsonify(roster=workshops.roster(get_db(), g.workshop))


@api.get("/export.<fmt>")
def api_export(fmt):
    """Download the report draft (docx, html, md), the workbook, csv or json (facilitator only)."""
    auth.require_facilitator(g.workshop)
    document = export.render(
        get_db(),
        [g.workshop],
        fmt,
        include_hidden=request.args.get("include_hidden") == "1",
        include_private=request.args.get("include_private") == "1",
    )
    return Response(
        document.content,
        mimetype=document.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "no-store",
        },
    )


def _question_arg():
    value = request.args.get("question_id")
    return None if value is None else rules.row_id(value, "question_id", text=True)


@api.get("/results")
def api_results():
    """One question's ideas ranked by the whole room or by experts, votes split by role."""
    db, workshop = get_db(), g.workshop
    if not auth.is_facilitator(workshop):
        auth.current_participant(db, workshop)
        if workshop["results_hidden"]:
            raise Forbidden(
                "The facilitator has not revealed the results yet.", code="results_hidden"
            )
    rank = request.args.get("rank", "room")
    return jsonify(results=board_views.results(db, workshop, _question_arg(), rank), rank=rank)


@api.get("/coverage")
def api_coverage():
    """Which priorities and kinds of outcome the room's ideas cover (facilitator only)."""
    auth.require_facilitator(g.workshop)
    return jsonify(coverage=board_views.workshop_coverage(get_db(), g.workshop, _question_arg()))


@api.get("/stories")
def api_stories():
    """Every story with its status and follow-up flag (facilitator only)."""
    auth.require_facilitator(g.workshop)
    return jsonify(stories=stories.console_listing(get_db(), g.workshop))


@api.get("/themes")
def api_themes():
    """Accepted themes per question, or with ?suggest=1 suggested ones (facilitator only)."""
    auth.require_facilitator(g.workshop)
    db, question_id = get_db(), _question_arg()
    if request.args.get("suggest") == "1":
        return jsonify(questions=theming.suggestions(db, g.workshop, question_id))
    return jsonify(questions=theming.accepted(db, g.workshop, question_id))


@api.get("/themes/waiting")
def api_waiting_themes():
    """One question's ideas waiting for approval, grouped by suggested theme
    (facilitator only): the approval queue approves a theme at a time."""
    auth.require_facilitator(g.workshop)
    question_id = _question_arg()
    if question_id is None:
        raise Invalid("Say which question (question_id).", code="bad_question")
    return jsonify(theme_feedback.waiting_groups(get_db(), g.workshop, question_id))


@api.post("/ideas/<int:idea_id>/not-meant")
def api_not_meant(idea_id):
    """The author says the theme their idea went into is not what they meant."""
    auth.check_json_request()
    change, reply = _act("not_what_i_meant", {"idea_id": idea_id})
    return jsonify(reply), 200 if change.duplicate else 201


@api.get("/ideas/<int:idea_id>/looks-like")
def api_looks_like(idea_id):
    """The earlier idea this one most likely repeats, or null (facilitator only)."""
    auth.require_facilitator(g.workshop)
    return jsonify(looks_like=theming.looks_like(get_db(), g.workshop, idea_id))


@api.get("/questions/<int:question_id>/looks-like")
def api_looks_alike(question_id):
    """Each shown idea of a question that most likely repeats an earlier one (facilitator only)."""
    auth.require_facilitator(g.workshop)
    found = theming.looks_alike(get_db(), g.workshop, question_id)
    return jsonify(looks_like={str(idea_id): like for idea_id, like in found.items()})


@api.get("/plan")
def api_plan():
    """Analyse ideas to carry forward (top ones suggested) and the provisional outcomes."""
    auth.require_facilitator(g.workshop)
    db = get_db()
    return jsonify(
        candidates=plan.candidates(db, g.workshop), outcomes=plan.outcomes(db, g.workshop)
    )
