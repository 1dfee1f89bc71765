"""Uploads (issue 25): a phone's voice story, a table host's flip-chart photo.

Multipart bodies, the only ones bigger than the app's 64 KB: each route raises
the limit for itself alone. The form's fields become the action's message and
go through the one action table (actions.py): the same checks, rate limit,
group commit and reply as a typed story. The file becomes a rules.Upload, which
no JSON body or socket message can carry. Nothing about the sender's device
or address is stored.
"""

from flask import Blueprint, Response, g, jsonify, request

from ..room import media, rules, workshops
from ..room.errors import Invalid
from . import actions, auth
from .context import get_db

uploads = Blueprint("uploads", __name__, url_prefix="/api/w/<code>")


@uploads.url_value_preprocessor
def load_workshop(endpoint, values):
    """Read the workshop named in the URL once, for the whole request."""
    g.workshop = workshops.get(get_db(), values.pop("code"))


def _file(name, limit):
    """The named file part's bytes as an Upload, after the request's own checks."""
    request.max_content_length = limit + 64 * 1024
    if request.mimetype != "multipart/form-data":
        raise Invalid("Send the file as multipart/form-data.", code="multipart_required")
    auth.check_upload_request()
    part = request.files.get(name)
    data = part.read(limit + 1) if part else b""
    for each in request.files.values():  # a big part waits in a temporary file: close it now
        each.close()
    return rules.Upload(data=data, seconds=request.form.get("seconds"))


def _form_id(name):
    # Form fields are text; an id is digits, anything else goes on for the parser to refuse.
    value = request.form.get(name) or None
    digits = value and value.isascii() and value.isdigit() and len(value) < 19
    return int(value) if digits else value


@uploads.post("/voice-stories")
def api_voice_story():
    """Keep a voice story with its quote choice (idempotent on client_id): 201, or 200 resent."""
    audio = _file("audio", media.VOICE_MAX_BYTES)
    choice = request.form.get("may_quote")
    data = {
        "audio": audio,
        "text": request.form.get("text") or None,
        "may_quote": {"yes": True, "no": False}.get(choice, choice),
        "question_id": _form_id("question_id"),
        "client_id": request.form.get("client_id") or None,
        "on_behalf_of": request.form.get("on_behalf_of") or None,
    }
    change, reply = actions.dispatch(get_db(), g.workshop, "submit_voice_story", data)
    return jsonify(reply), 200 if change.duplicate else 201


@uploads.post("/ideas/<int:idea_id>/photos")
def api_attach_photo(idea_id):
    """Attach a photo of a flip chart to the scribe's entry (facilitator only)."""
    auth.require_facilitator(g.workshop)  # before the body is read
    photo = _file("photo", media.PHOTO_MAX_BYTES)
    data = {"idea_id": idea_id, "photo": photo}
    _, reply = actions.dispatch(get_db(), g.workshop, "attach_photo", data, who=actions.FACILITATOR)
    return jsonify(reply), 201


@uploads.get("/photos")
def api_photos():
    """The scribe's entries and the flip-chart photos on them (facilitator only)."""
    auth.require_facilitator(g.workshop)
    return jsonify(media.console_photos(get_db(), g.workshop))


@uploads.get("/media/<int:media_id>")
def api_media(media_id):
    """A recording or photo, for the console to play or show (facilitator only)."""
    auth.require_facilitator(g.workshop)
    mime, data = media.served(get_db(), g.workshop, media_id)
    response = Response(data, mimetype=mime)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = "inline"
    # A player asks for ranges to seek; the whole file is already in hand.
    return response.make_conditional(request, accept_ranges=True, complete_length=len(data))
