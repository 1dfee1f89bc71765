"""The pages people open: join, phone, board, console, and their assets.

Each view checks who is asking, calls one domain function and replies; the
rules live in the domain modules.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from ..room import outreach, workshops
from ..room.errors import NotFound, WorkshopError
from . import actions, auth, limits, qr
from .context import base_url, get_db

pages = Blueprint("pages", __name__)

# Front-end libraries come from node_modules (installed from the lock file),
# never from a CDN: a venue may have no internet.
VENDOR = {
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
    "socket.io.min.js.map": "socket.io-client/dist/socket.io.min.js.map",
}


def store_participant(db, workshop):
    """The phone's participant, or None if its session no longer matches one."""
    try:
        return auth.current_participant(db, workshop)
    except WorkshopError:
        return None


# Pages


@pages.get("/")
def index():
    """Ask for a workshop code."""
    code = request.args.get("code")
    if code is None:
        return render_template("index.html")
    if not workshops.normalise_code(code):
        return render_template(
            "index.html", error="Please type the workshop code.", error_code="empty", code=code
        ), 400
    try:
        workshop = workshops.get(get_db(), code)
    except NotFound as error:
        # Stay on the form with the code still there to correct, not a dead end.
        return render_template(
            "index.html", error=error.message, error_code=error.code, code=code
        ), 404
    return redirect(url_for("pages.join", code=workshop["code"]))


@pages.get("/j/<code>")
def join(code):
    """Show the privacy note and the choice of role."""
    db = get_db()
    workshop = workshops.get(db, code)
    # A token whose place is gone (purged, restored elsewhere) is no place:
    # send the phone on only with a live one, or the two pages would bounce.
    if auth.participant_token(workshop["code"]) and (
        auth.has_joined(db, workshop) or auth.is_waiting(db, workshop)
    ):
        return redirect(url_for("pages.phone", code=workshop["code"]))
    # Outside an outreach window (and not on the day) say so before the form.
    outreach.join_origin(db, workshop)
    return render_template("join.html", workshop=workshop, roles=workshop["framework"]["roles"])


@pages.post("/j/<code>")
def join_submit(code):
    """Join in the chosen role, then go to the open question."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.check_csrf()
    try:
        joining = {
            "role": request.form.get("role"),
            "supporter_role": request.form.get("supporter_role") or None,
        }
        actions.dispatch(db, workshop, "join", joining, who=actions.ARRIVAL)
    except WorkshopError as error:  # a bad role, too many at once or waiting, outreach closed
        return render_template(
            "join.html",
            workshop=workshop,
            roles=workshop["framework"]["roles"],
            error=error.message,
        ), error.status
    return redirect(url_for("pages.phone", code=workshop["code"]))


@pages.get("/w/<code>")
def phone(code):
    """The attendee's page: the open question, ideas and dots."""
    db = get_db()
    workshop = workshops.get(db, code)
    if not auth.participant_token(workshop["code"]):
        return redirect(url_for("pages.join", code=workshop["code"]))
    if auth.is_waiting(db, workshop):  # at the door: this page moves on by itself when let in
        return render_template("waiting.html", workshop=workshop)
    # In an outreach window, away from the day, people answer at their own pace.
    if outreach.is_open(workshop) and not outreach.room_is_live(db, workshop):
        return redirect(url_for("outreach_pages.answer_page", code=workshop["code"]))
    participant = store_participant(db, workshop)
    return render_template("phone.html", workshop=workshop, participant=participant)


@pages.get("/board/<code>")
def board(code):
    """The projected board: open question, join QR code, live ideas."""
    workshop = workshops.get(get_db(), code)
    limits.client()  # the session its sockets are counted by (limits.SocketCap)
    join_url = f"{base_url()}/j/{workshop['code']}"
    return render_template("board.html", workshop=workshop, join_url=join_url)


@pages.get("/board-view/<code>")
def board_view(code):
    """The board on a phone: what the wall shows, in words and plain lists, live."""
    workshop = workshops.get(get_db(), code)
    limits.client()  # the session its sockets are counted by (limits.SocketCap)
    return render_template("board_view.html", workshop=workshop)


@pages.get("/console/<code>")
def console(code):
    """The facilitator's console; the key arrives in the URL fragment."""
    workshop = workshops.get(get_db(), code)
    limits.client()  # the session its sockets are counted by (limits.SocketCap)
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
