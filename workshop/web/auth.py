"""Who is asking: attendee tokens and facilitator rights kept in the signed session.

Shared by HTTP routes and socket handlers so both enforce the same rules.
"""

import hmac
import secrets
from urllib.parse import urlsplit

from flask import current_app, request, session
from flask.sessions import SecureCookieSessionInterface

from ..room import setting_up, workshops
from ..room.errors import Forbidden, Invalid
from . import limits


class SessionInterface(SecureCookieSessionInterface):
    """The signed cookie session, decoded once per socket rather than once per message.

    Flask opens the session for every request context, and Flask-SocketIO
    pushes one for every socket message, then swaps in the copy it keeps for
    that socket (`saved_session` in the socket's environ, made on its first
    message). Handing that copy back directly skips checking the cookie's
    signature again for each vote.
    """

    def open_session(self, app, request):
        saved = request.environ.get("saved_session")
        return saved if saved is not None else super().open_session(app, request)


def remember_participant(code, token):
    """Keep the attendee's token for this workshop in their session cookie."""
    joined = dict(session.get("joined", {}))
    joined[code] = token
    session["joined"] = joined
    session.permanent = True


def participant_token(code):
    """The attendee's token for this workshop, if they joined it."""
    return session.get("joined", {}).get(code)


def current_participant(db, workshop):
    """The attendee behind this request, or Forbidden."""
    return workshops.participant(db, workshop, participant_token(workshop["code"]))


def has_joined(db, workshop):
    """True if this browser's token for the workshop names a participant."""
    try:
        current_participant(db, workshop)
    except Forbidden:
        return False
    return True


def is_waiting(db, workshop):
    """True if this browser waits at the workshop's door for the facilitator."""
    try:
        return workshops.waiting_place(db, workshop, participant_token(workshop["code"]))["waiting"]
    except Forbidden:
        return False


def remember_facilitator(code):
    """Mark this browser as a facilitator of the workshop."""
    codes = set(session.get("facilitating", []))
    codes.add(code)
    session["facilitating"] = sorted(codes)
    session.permanent = True


def bearer_key():
    """A facilitator key sent as `Authorization: Bearer KEY`, for scripts."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" else None


def is_facilitator(workshop, key=None):
    """True for a facilitator's session or a valid key.

    Every key comparison passes the wrong-key throttle first (limits.py), so
    guessing is slowed whichever route or socket it comes through.
    """
    if workshop["code"] in session.get("facilitating", []):
        return True
    key = key or bearer_key()
    if not key:
        return False
    limits.before_key_attempt(workshop["code"])
    if workshops.key_matches(workshop, key):
        return True
    limits.key_failed(workshop["code"])
    return False


def require_facilitator(workshop, key=None):
    """Refuse, and log the attempt (never the key), unless a facilitator asks."""
    if not is_facilitator(workshop, key):
        current_app.logger.warning(
            "refused facilitator action on workshop %s: %s", workshop["code"], request.path
        )
        raise Forbidden("Only the workshop's facilitator can do that.")


def csrf_token():
    """The session's token that every HTML form posts back."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def check_csrf():
    """Refuse a form post without the session's CSRF token."""
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        raise Forbidden(
            "This form has expired. Please go back, reload the page and try again.", code="csrf"
        )


def check_json_request():
    """JSON writes: a cross-site page cannot send application/json without CORS,
    and a browser's Origin, when sent, must be our own."""
    if not request.is_json:
        raise Invalid(
            "Send the request body as JSON (Content-Type: application/json).", code="json_required"
        )
    check_origin()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("The request body must be a JSON object.", code="bad_json")
    return body


UPLOAD_HEADER = "X-Workshop-Upload"


def check_upload_request():
    """Multipart writes (a framework file): a form on another site can post
    multipart, but cannot add a header, so one is asked for; and the Origin,
    when sent, must be our own."""
    if request.headers.get(UPLOAD_HEADER) != "1":
        raise Invalid(
            f"Send an upload with the header {UPLOAD_HEADER}: 1 (docs/API.md).",
            code="upload_header_needed",
        )
    check_origin()


def check_origin():
    """Refuse a state change sent by a browser from another site."""
    origin = request.headers.get("Origin")
    addresses = current_app.extensions["machine_addresses"]
    if origin and not origin_allowed(origin, request.environ, current_app.config, addresses):
        current_app.logger.warning("refused cross-origin request to %s", request.path)
        raise Forbidden("Requests from other sites are not accepted.", code="bad_origin")


def origin_allowed(origin, environ, config, addresses):
    """True for an Origin our own pages send; HTTP and socket handshakes alike.

    The allow-list never trusts the Host header (a DNS-rebinding page sends a
    Host of its own name): it holds the public URL, WORKSHOP_ALLOWED_ORIGINS,
    and localhost, 127.0.0.1 or any address this machine has now on the port
    the server listens on.
    """
    origin = (origin or "").rstrip("/")
    if origin in trusted_origins(config):
        return True
    try:
        parts = urlsplit(origin)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return str(port) == str(environ.get("SERVER_PORT")) and parts.hostname in addresses


def trusted_origins(config):
    """Origins listed by configuration: the public URL, the organiser's saved join
    address and WORKSHOP_ALLOWED_ORIGINS."""
    public = (config.get("PUBLIC_URL") or "").rstrip("/")
    saved = config.get("SAVED_PUBLIC_URL")  # the organiser's join address (room/address.py)
    return set(config.get("ALLOWED_ORIGINS") or ()) | {url for url in (public, saved) if url}


# The organiser: one key per server database, for the page that sets
# workshops up. Its session is its own: a facilitator's or an attendee's
# session never grants it, and it is checked on every organiser route.
ORGANISER = "organiser"  # the key-guessing throttle's name for the organiser key


def _organiser_mark(key):
    # The session keeps a digest, not the key, and a new key voids old sessions.
    return hmac.new(current_app.secret_key.encode(), key.encode(), "sha256").hexdigest()[:32]


def is_organiser(db):
    """True for a browser that exchanged the organiser key for a session."""
    stored = setting_up.organiser_key_stored(db)
    mark = session.get("organiser")
    return bool(stored and mark) and hmac.compare_digest(mark, _organiser_mark(stored))


def require_organiser(db):
    """Refuse, and log the attempt, unless the organiser asks."""
    if not is_organiser(db):
        current_app.logger.warning("refused organiser request: %s", request.path)
        raise Forbidden("Only the organiser can do that. Open the organiser link again.")


def remember_organiser(db, key):
    """Exchange the organiser key for a session; wrong keys are slowed like console keys."""
    limits.before_key_attempt(ORGANISER)
    if not setting_up.organiser_key_matches(db, key):
        limits.key_failed(ORGANISER)
        current_app.logger.warning("refused organiser key")
        raise Forbidden(
            "That organiser key is not valid. Use the organiser link `workshop serve` printed."
        )
    session["organiser"] = _organiser_mark(key)
    session.permanent = True
