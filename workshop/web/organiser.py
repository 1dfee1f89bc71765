"""The organiser's page and its JSON API: workshops set up, listed, ended,
exported and purged from a web page, not a terminal.

The organiser key (printed by `workshop serve` and `workshop organiser`)
travels in the URL fragment and is exchanged for a session. Every write is
an action of a small table of the same shape as the console's (actions.py),
most of them the console's own, run through the same group commit.
"""

import json

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from ..report import export
from ..room import address, agenda, maintenance, organising, outreach, rules, shapes, workshops
from ..room import framework as fw
from ..room.errors import Invalid, NotFound
from ..storage import organising as setup_store
from . import actions, auth, links
from .actions import Action
from .context import commit, commit_new, get_db
from .pages import base_url

organiser = Blueprint("organiser", __name__)

ORGANISER = "organiser"


def _workshop_reply(db, workshop, participant, change):
    return {"workshop": overview(db, change.value["code"])}


def _setup_reply(db, workshop, participant, change):
    return {"setup": change.value}


def _outreach_reply(db, workshop, participant, change):
    return {"outreach": change.value}


def _question_reply(db, workshop, participant, change):
    return {"question": _question(change.value)}


# The organiser's actions: the console's agenda and approval actions as they
# are (the same fields, rules and replies), and the organiser's own.
_FROM_CONSOLE = (
    "add_question",
    "edit_question",
    "move_question",
    "reorder_questions",
    "set_approval",
)
ORGANISER_ACTIONS = {
    **{name: actions.ACTIONS[name] for name in _FROM_CONSOLE},
    **{
        action.name: action
        for action in (
            Action(
                "set_up",
                ORGANISER,
                (
                    "service",
                    "area",
                    "event_date",
                    "starts_at",
                    "help_contact",
                    "expected_roles",
                    "expected_head_count",
                    "redactions",
                    "wifi_name",
                    "wifi_password",
                ),
                organising.set_up,
                _setup_reply,
            ),
            Action(
                "set_timing",
                ORGANISER,
                ("question_id", "minutes", "break_after"),
                organising.set_timing,
                _question_reply,
            ),
            Action(
                "open_outreach",
                ORGANISER,
                ("opens_on", "closes_on", "question_ids"),
                outreach.set_window,
                _outreach_reply,
            ),
            Action("close_outreach", ORGANISER, (), outreach.close_window, _outreach_reply),
            Action("end", ORGANISER, (), maintenance.end, _workshop_reply),
        )
    },
}
# set_up changes only the fields it is sent; the others read a missing field as empty.
PARTIAL = {"set_up"}


def dispatch(db, workshop, name, data):
    """Check the organiser, run the action in the next group commit; return its reply."""
    auth.require_organiser(db)
    action = ORGANISER_ACTIONS.get(name)
    if action is None:
        raise NotFound("There is no such organiser action.")
    # The one cleaning step every message takes (rules.writable), on every string.
    data = rules.writable_all(data)
    if name in PARTIAL:
        fields = {f: data[f] for f in action.fields if f in data}
    else:
        fields = {f: data.get(f) for f in action.fields}
    change = commit(workshop, action.write, workshop, **fields)
    return action.reply(db, workshop, None, change)


def state_of(row):
    """A workshop's state in a word the organiser reads at a glance."""
    if row["ended_at"]:
        return "ended"
    if row["open_questions"]:
        return "live"
    if row["outreach_opens_at"] and outreach.is_open(row):
        return "outreach open"
    return "ready"


def _listed(row):
    urls = links.for_workshop(base_url(), row)
    return {
        "code": row["code"],
        "title": row["title"],
        "service": row["service"],
        "area": row["area"],
        "date": row["event_date"],
        "starts_at": row["starts_at"],
        "created_at": row["created_at"],
        "people": row["people"],
        "outreach_people": row["outreach_people"],
        "ideas": row["ideas"],
        "state": state_of(row),
        "join_url": urls["join_url"],
        "board_url": urls["board_url"],
        "console_url": urls["console_url"],
    }


def overview(db, code=None):
    """Every workshop as the organiser's list shows it, or the one with `code`."""
    rows = [_listed(r) for r in setup_store.workshops_overview(db)]
    if code is None:
        return rows
    return next(r for r in rows if r["code"] == code)


def _question(q):
    return {**shapes.public_question(q), **{k: q[k] for k in ("minutes", "break_after")}}


def detail(db, workshop):
    """One workshop for the organiser: set-up, agenda, outreach, links."""
    return {
        "workshop": overview(db, workshop["code"]),
        "setup": organising.setup_of(workshop),
        "questions": [_question(q) for q in agenda.agenda(db, workshop)],
        "outreach": outreach.outreach_of(db, workshop),
        "framework": shapes.public_workshop(workshop),
        "formats": list(export.FORMATS),
        "address": address.describe(db, base_url()),
    }


def _workshop(code):
    return workshops.get(get_db(), code)


# Page


@organiser.get("/organiser")
def page():
    """The organiser's page; the key arrives in the URL fragment."""
    framework = fw.load()
    return render_template("organiser.html", framework=framework, formats=list(export.FORMATS))


# JSON API


@organiser.post("/api/organiser/session")
def api_session():
    """Exchange the organiser key for a session cookie."""
    body = auth.check_json_request()
    auth.remember_organiser(get_db(), body.get("key") or "-")
    return jsonify(ok=True)


@organiser.get("/api/organiser/workshops")
def api_list():
    """Every workshop: title, service, area, date, people, state and its links."""
    db = get_db()
    auth.require_organiser(db)
    return jsonify(workshops=overview(db))


@organiser.post("/api/organiser/workshops")
def api_create():
    """Create a workshop with its stages, votes, approve-first and the day's details.

    The body is JSON, or multipart with the same JSON in a `workshop` part and
    a council's own framework file (TOML) in a `framework` part. A framework
    file is checked whole before anything is written.
    """
    # Room for a framework file; every other request keeps the app's 64 KB.
    request.max_content_length = organising.FRAMEWORK_MAX + 64 * 1024
    body, upload = _create_body()
    db = get_db()
    auth.require_organiser(db)
    body = rules.writable_all(body)
    fields = {k: body[k] for k in CREATE_FIELDS if k in body}
    if upload is None and body.get("framework") not in (None, ""):
        upload = body["framework"]  # the TOML text itself, in a JSON body
    if upload is not None:
        fields["framework"] = organising.framework_from_file(upload)
    change = commit_new(organising.create_workshop, body.get("title"), **fields)
    return jsonify(detail(db, _workshop(change.value["code"]))), 201


def _create_body():
    """(the workshop's fields, the framework file's bytes or None) from JSON or multipart."""
    if request.mimetype != "multipart/form-data":
        return auth.check_json_request(), None
    auth.check_upload_request()
    try:
        body = json.loads(request.form.get("workshop") or "{}")
    except ValueError:
        raise Invalid("The workshop part must be a JSON object.", code="bad_json") from None
    if not isinstance(body, dict):
        raise Invalid("The workshop part must be a JSON object.", code="bad_json")
    file = request.files.get("framework")
    upload = file.read(organising.FRAMEWORK_MAX + 1) if file and file.filename else None
    return body, upload


CREATE_FIELDS = (
    "capacity",
    "stages",
    "vote_budget",
    "approve_first",
    "service",
    "area",
    "event_date",
    "starts_at",
    "help_contact",
    "expected_roles",
    "expected_head_count",
)


@organiser.post("/api/organiser/address")
def api_address():
    """Save the join address every printed poster, table card and agenda carries."""
    body = auth.check_json_request()
    db = get_db()
    auth.require_organiser(db)
    saved = commit_new(address.save, body.get("public_url"))
    # Phones scanning it are welcome from now on (auth.trusted_origins).
    current_app.config["SAVED_PUBLIC_URL"] = saved
    return jsonify(address=address.describe(db, base_url()))


@organiser.get("/api/organiser/workshops/<code>")
def api_detail(code):
    """One workshop's set-up, agenda (with planned times), outreach and links."""
    db = get_db()
    auth.require_organiser(db)
    return jsonify(detail(db, _workshop(code)))


@organiser.post("/api/organiser/workshops/<code>/<action>")
def api_action(code, action):
    """Run one organiser action on a workshop (the table above)."""
    body = auth.check_json_request()
    db = get_db()
    auth.require_organiser(db)
    return jsonify(dispatch(db, _workshop(code), action, body))


@organiser.delete("/api/organiser/workshops/<code>")
def api_purge(code):
    """Delete a workshop and everything in it, for good; the body must repeat its code.

    Purging rewrites the file (secure delete, then a checkpoint), which SQLite
    cannot do inside the group commit's transaction, so it runs on its own
    connection as `workshop purge` does.
    """
    body = auth.check_json_request()
    db = get_db()
    auth.require_organiser(db)
    workshop = _workshop(code)
    if workshops.normalise_code(body.get("confirm")) != workshop["code"]:
        raise Invalid("To purge, type the workshop's code to confirm.", code="confirm_needed")
    counts = maintenance.purge(db, workshop)
    return jsonify(purged=workshop["code"], counts=counts)


@organiser.get("/api/organiser/workshops/<code>/export.<fmt>")
def api_export(code, fmt):
    """Download the report in any format (docx, html, md, csv, json...)."""
    db = get_db()
    auth.require_organiser(db)
    document = export.render(db, [_workshop(code)], fmt)
    return Response(
        document.content,
        mimetype=document.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "no-store",
        },
    )
