"""HTTP routes: the pages people open and the JSON API scripts call.

Each view checks who is asking, calls one domain function and replies; the
rules live in the domain modules.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from . import auth, contributions, export, facilitation, limits, plan, qr, state, stories, workshops
from . import board as board_views
from . import db as store
from .app import commit, get_db
from .errors import Forbidden, Invalid, NotFound
from .live import publish

pages = Blueprint("pages", __name__)
api = Blueprint("api", __name__, url_prefix="/api/w/<code>")

# Front-end libraries come from node_modules (installed from the lock file),
# never from a CDN: a venue may have no internet.
VENDOR = {
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
    "socket.io.min.js.map": "socket.io-client/dist/socket.io.min.js.map",
}


def base_url():
    """The public base URL: configured, else the address this request came to."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def broadcast(workshop, change):
    """Send a committed change's events to the workshop's room."""
    publish(current_app.extensions["tally_pump"], workshop["id"], change.events, change.retally)


# Pages


@pages.get("/")
def index():
    """Ask for a workshop code."""
    code = request.args.get("code")
    if code is None:
        return render_template("index.html")
    if not workshops.normalise_code(code):
        return render_template("index.html", error="Please type the workshop code.",
                               error_code="empty", code=code), 400
    try:
        workshop = workshops.get(get_db(), code)
    except NotFound as error:
        # Stay on the form with the code still there to correct, not a dead end.
        return render_template("index.html", error=error.message, error_code=error.code,
                               code=code), 404
    return redirect(url_for("pages.join", code=workshop["code"]))


@pages.get("/j/<code>")
def join(code):
    """Show the privacy note and the choice of role."""
    workshop = workshops.get(get_db(), code)
    if auth.participant_token(workshop["code"]):
        return redirect(url_for("pages.phone", code=workshop["code"]))
    return render_template("join.html", workshop=workshop, roles=workshop["framework"]["roles"])


@pages.post("/j/<code>")
def join_submit(code):
    """Join in the chosen role, then go to the open question."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.check_csrf()
    try:
        change, token = commit(workshops.join, workshop, request.form.get("role"))
    except Invalid as error:
        return render_template(
            "join.html", workshop=workshop, roles=workshop["framework"]["roles"],
            error=error.message,
        ), 400
    auth.remember_participant(workshop["code"], token)
    broadcast(workshop, change)
    return redirect(url_for("pages.phone", code=workshop["code"]))


@pages.get("/w/<code>")
def phone(code):
    """The attendee's page: the open question, ideas and dots."""
    workshop = workshops.get(get_db(), code)
    if not auth.participant_token(workshop["code"]):
        return redirect(url_for("pages.join", code=workshop["code"]))
    return render_template("phone.html", workshop=workshop)


@pages.get("/board/<code>")
def board(code):
    """The projected board: open question, join QR code, live ideas."""
    workshop = workshops.get(get_db(), code)
    join_url = f"{base_url()}/j/{workshop['code']}"
    return render_template("board.html", workshop=workshop, join_url=join_url)


@pages.get("/console/<code>")
def console(code):
    """The facilitator's console; the key arrives in the URL fragment."""
    workshop = workshops.get(get_db(), code)
    return render_template("console.html", workshop=workshop)


@pages.get("/w/<code>/qr.svg")
def qr_code(code):
    """The join URL as an SVG QR code."""
    workshop = workshops.get(get_db(), code)
    image = qr.svg(f"{base_url()}/j/{workshop['code']}")
    return Response(image, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


@pages.get("/vendor/<name>")
def vendor(name):
    """Serve a front-end library from node_modules."""
    if name not in VENDOR:
        abort(404)
    path = current_app.config["NODE_MODULES"] / VENDOR[name]
    return send_from_directory(path.parent, path.name, max_age=86400)


# JSON API


@api.get("")
def workshop_info(code):
    """Public facts about a workshop: title, stages, questions."""
    db = get_db()
    workshop = workshops.get(db, code)
    questions = [state.public_question(q) for q in workshops.agenda(db, workshop)]
    return jsonify(workshop=state.public_workshop(workshop), questions=questions)


@api.post("/participants")
def api_join(code):
    """Join as an anonymous participant in a role."""
    db = get_db()
    workshop = workshops.get(db, code)
    body = auth.check_json_request()
    change, token = commit(workshops.join, workshop, body.get("role"))
    auth.remember_participant(workshop["code"], token)
    broadcast(workshop, change)
    return jsonify(participant={"role": change.value["role"]}), 201


@api.get("/snapshot")
def api_snapshot(code):
    """Everything a screen draws: as the phone sees it, or the console for a facilitator."""
    db = get_db()
    workshop = workshops.get(db, code)
    if auth.is_facilitator(workshop):
        return jsonify(state.snapshot(db, workshop, "console"))
    participant = auth.current_participant(db, workshop)
    return jsonify(state.snapshot(db, workshop, "phone", participant))


@api.get("/events")
def api_events(code):
    """Catch up: the events after ?since=N."""
    db = get_db()
    workshop = workshops.get(db, code)
    facilitator = auth.is_facilitator(workshop)
    participant = None if facilitator else auth.current_participant(db, workshop)
    since = request.args.get("since", "0")
    if not (since.isascii() and since.isdigit() and store.is_row_id(int(since))):
        raise Invalid("since must be a whole number.", code="bad_since")
    return jsonify(state.catch_up(db, workshop, int(since), participant,
                                  view="console" if facilitator else "phone"))


@api.post("/ideas")
def api_submit_idea(code):
    """Add an idea to the open question (idempotent on client_id)."""
    db = get_db()
    workshop = workshops.get(db, code)
    body = auth.check_json_request()
    participant = auth.current_participant(db, workshop)
    fields = {name: body.get(name) for name in contributions.IDEA_FIELDS}
    change = limits.throttled("idea", participant, lambda: commit(
        contributions.submit_idea, workshop, participant, **fields))
    broadcast(workshop, change)
    return jsonify(idea=change.value, duplicate=change.duplicate,
                   awaiting_approval=change.value["status"] == "pending"), (
        200 if change.duplicate else 201)


@api.post("/stories")
def api_submit_story(code):
    """Keep a longer account, with the teller's choice on quoting (idempotent on client_id)."""
    db = get_db()
    workshop = workshops.get(db, code)
    body = auth.check_json_request()
    participant = auth.current_participant(db, workshop)
    fields = {name: body.get(name) for name in stories.STORY_FIELDS}
    change = limits.throttled("story", participant, lambda: stories.submit_story(
        db, workshop, participant, **fields))
    broadcast(workshop, change)
    return jsonify(story=change.value, duplicate=change.duplicate), (
        200 if change.duplicate else 201
    )


@api.post("/votes")
def api_cast_vote(code):
    """Put a dot on an idea (idempotent on client_id)."""
    db = get_db()
    workshop = workshops.get(db, code)
    body = auth.check_json_request()
    participant = auth.current_participant(db, workshop)
    change = limits.throttled("vote", participant, lambda: commit(
        contributions.cast_vote, workshop, participant,
        idea_id=body.get("idea_id"), client_id=body.get("client_id")))
    broadcast(workshop, change)
    left = state.my_votes(db, workshop, participant, change.value["question_id"])["votes_left"]
    return jsonify(vote=change.value, votes_left=left, duplicate=change.duplicate), (
        200 if change.duplicate else 201
    )


@api.delete("/votes/<client_id>")
def api_withdraw_vote(code, client_id):
    """Take a vote back while its question is open."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.check_origin()
    participant = auth.current_participant(db, workshop)
    change = limits.throttled("vote", participant, lambda: commit(
        contributions.withdraw_vote, workshop, participant, client_id=client_id))
    broadcast(workshop, change)
    return jsonify(vote=change.value, duplicate=change.duplicate)


@api.post("/facilitator/session")
def api_facilitator_session(code):
    """Exchange the facilitator key for a session cookie."""
    db = get_db()
    workshop = workshops.get(db, code)
    body = auth.check_json_request()
    auth.require_facilitator(workshop, key=body.get("key") or "-")
    auth.remember_facilitator(workshop["code"])
    return jsonify(ok=True)


@api.post("/questions/<int:question_id>/open")
def api_open_question(code, question_id):
    """Open a question (closing the one that was open)."""
    return _question_action(code, question_id, workshops.open_question)


@api.post("/questions/<int:question_id>/close")
def api_close_question(code, question_id):
    """Close the open question."""
    return _question_action(code, question_id, workshops.close_question)


def _question_action(code, question_id, action):
    db = get_db()
    workshop = workshops.get(db, code)
    auth.check_origin()
    auth.require_facilitator(workshop)
    change = action(db, workshop, question_id)
    broadcast(workshop, change)
    return jsonify(question=state.public_question(change.value))


@api.get("/roster")
def api_roster(code):
    """Who is in the room, by role (facilitator only)."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.require_facilitator(workshop)
    return jsonify(roster=workshops.roster(db, workshop))


@api.get("/export.<fmt>")
def api_export(code, fmt):
    """Download the report draft as docx, html, md, csv or the json archive (facilitator only)."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.require_facilitator(workshop)
    document = export.render(db, [workshop], fmt,
                             include_hidden=request.args.get("include_hidden") == "1")
    return Response(
        document.content, mimetype=document.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{document.filename}"',
                 "Cache-Control": "no-store"},
    )


# Console actions and facilitation reads (issue 6)


@api.post("/console/<action>")
def api_console_action(code, action):
    """Run one console action (facilitator only); the same table as the socket events."""
    db = get_db()
    workshop = workshops.get(db, code)
    body = auth.check_json_request()
    auth.require_facilitator(workshop)
    if action not in facilitation.ACTIONS:
        raise NotFound("There is no such console action.")
    change, reply = facilitation.run(db, workshop, action, body)
    broadcast(workshop, change)
    return jsonify(reply)


def _question_arg():
    value = request.args.get("question_id")
    if value is None:
        return None
    if not value.isdigit():
        raise Invalid("question_id must be a whole number.")
    return int(value)


@api.get("/results")
def api_results(code):
    """One question's ideas ranked by the whole room or by experts, votes split by role."""
    db = get_db()
    workshop = workshops.get(db, code)
    if not auth.is_facilitator(workshop):
        auth.current_participant(db, workshop)
        if workshop["results_hidden"]:
            raise Forbidden("The facilitator has not revealed the results yet.",
                            code="results_hidden")
    question_id = _question_arg()
    rank = request.args.get("rank", "room")
    return jsonify(results=board_views.results(db, workshop, question_id, rank), rank=rank)


@api.get("/coverage")
def api_coverage(code):
    """Which priorities and kinds of outcome the room's ideas cover (facilitator only)."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.require_facilitator(workshop)
    return jsonify(coverage=board_views.workshop_coverage(db, workshop, _question_arg()))


@api.get("/plan")
def api_plan(code):
    """Analyse ideas to carry forward (top ones suggested) and the provisional outcomes."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.require_facilitator(workshop)
    return jsonify(candidates=plan.candidates(db, workshop), outcomes=plan.outcomes(db, workshop))
