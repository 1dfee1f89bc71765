"""The organiser's page and its JSON API: workshops set up, listed, ended,
exported and purged from a web page, not a terminal.

The organiser key (printed by `workshop serve` and `workshop organiser`)
travels in the URL fragment and is exchanged for a session. Every write is
an action of the one table (actions.py): the organiser's own, and the
console's agenda and approval actions, through the same group commit.
"""

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from ..report import export
from ..room import address, maintenance, rules, setting_up, workshops
from ..room import framework as fw
from ..room.errors import Invalid
from . import actions, auth, bodies
from .context import base_url, commit_new, get_db
from .organiser_views import detail, overview

organiser = Blueprint("organiser", __name__)


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
    """Every workshop: title, service, area, date, people, state and its links.

    On a site sharded by workshop code (docs/DEPLOY.md) a node lists its own
    workshops and names itself and every node, so the page asks each
    (`?node=C`, which nginx routes on) and says which node holds which.
    """
    db = get_db()
    auth.require_organiser(db)
    config = current_app.config
    return jsonify(
        workshops=overview(db), node=config.get("NODE"), nodes=list(config.get("NODES") or ())
    )


@organiser.post("/api/organiser/workshops")
def api_create():
    """Create a workshop with its stages, votes, approve-first and the day's details.

    The body is JSON, or multipart with the same JSON in a `workshop` part and
    a council's own framework file (TOML) in a `framework` part. A framework
    file is checked whole before anything is written.
    """
    # Room for a framework file; every other request keeps the app's 64 KB.
    request.max_content_length = setting_up.FRAMEWORK_MAX + 64 * 1024
    body, upload = _create_body()
    db = get_db()
    auth.require_organiser(db)
    data = {k: v for k, v in body.items() if k != "framework"}
    if upload is None and body.get("framework") not in (None, ""):
        # The TOML text itself, in a JSON body: cleaned as all JSON text is.
        upload = rules.writable(body["framework"])
    if upload is not None:
        data["framework"] = setting_up.framework_from_file(upload)
    _, reply = actions.dispatch(db, None, "create_workshop", data, who=actions.ORGANISER)
    return jsonify(reply), 201


def _create_body():
    """(the workshop's fields, the framework file's bytes or None) from JSON or multipart."""
    if request.mimetype != "multipart/form-data":
        return auth.check_json_request(), None
    auth.check_upload_request()
    try:
        # Read with the nesting limit every JSON body has (TooDeep is a ValueError).
        body = bodies.loads(request.form.get("workshop") or "{}")
    except ValueError:
        raise Invalid("The workshop part must be a JSON object.", code="bad_json") from None
    if not isinstance(body, dict):
        raise Invalid("The workshop part must be a JSON object.", code="bad_json")
    file = request.files.get("framework")
    upload = file.read(setting_up.FRAMEWORK_MAX + 1) if file and file.filename else None
    return body, upload


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
    """Run one organiser action on a workshop (the one table, actions.py)."""
    body = auth.check_json_request()
    db = get_db()
    auth.require_organiser(db)
    _, reply = actions.dispatch(db, _workshop(code), action, body, who=actions.ORGANISER)
    return jsonify(reply)


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
