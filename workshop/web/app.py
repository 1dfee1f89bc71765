"""The application factory: it wires things together and nothing more."""

from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .. import paths
from .. import settings as config
from ..room import address
from ..room.errors import WorkshopError, error_dict
from ..storage import db as store
from ..storage.group_commit import GroupCommit
from . import (
    api,
    auth,
    bodies,
    events,
    limits,
    organiser,
    outreach_pages,
    pages,
    printed,
    symbols,
    transport,
    uploads,
    wire,
)
from .context import close_db
from .links import MachineAddresses
from .live import Chains, TallyPump, socketio

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; media-src 'self' blob:; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def create_app(test_config=None):
    """Create and configure the workshop app."""
    app = Flask(
        __name__,
        instance_path=str(config.instance_path()),
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
    )
    app.json = bodies.JSONProvider(app)
    app.config.update(config.from_env())
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=2),
        MAX_CONTENT_LENGTH=64 * 1024,
        NODE_MODULES=paths.VENDOR,
    )
    app.config.update(test_config or {})
    app.config["DATABASE"] = str(app.config["DATABASE"] or config.default_database())
    if isinstance(app.config["ALLOWED_ORIGINS"], str):  # a test or an instance file may give text
        app.config["ALLOWED_ORIGINS"] = config.BY_NAME["ALLOWED_ORIGINS"].parse(
            app.config["ALLOWED_ORIGINS"]
        )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(app.instance_path)
    if (app.config.get("PUBLIC_URL") or "").startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True

    Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
    migrate_db = store.connect(app.config["DATABASE"])
    store.migrate(migrate_db)
    # The organiser's join address is a trusted origin too (auth.trusted_origins).
    app.config.setdefault("SAVED_PUBLIC_URL", address.saved(migrate_db))
    migrate_db.conn.close()

    app.session_interface = auth.SessionInterface()
    app.teardown_appcontext(close_db)
    rates = {
        "join_workshop": (app.config["JOIN_RATE"], 60),
        **(app.config.get("RATE_LIMITS") or {}),
    }
    app.extensions["limits"] = limits.Limits(rates, storage_uri=app.config.get("MESSAGE_QUEUE"))
    app.extensions["db_pool"] = store.Pool(app.config["DATABASE"])
    app.extensions["group_commit"] = GroupCommit(app.config["DATABASE"])
    app.extensions["chains"] = Chains()
    app.extensions["sockets"] = limits.socket_cap(
        limits.SOCKETS_PER_SESSION,
        app.config.get("MESSAGE_QUEUE"),
        spawn=socketio.start_background_task,
        sleep=socketio.sleep,
    )
    app.extensions["machine_addresses"] = MachineAddresses()
    app.extensions["tally_pump"] = TallyPump(
        app.extensions["db_pool"], app.config["TALLY_INTERVAL"]
    )

    app.register_blueprint(pages.pages)
    app.register_blueprint(api.api)
    app.register_blueprint(uploads.uploads)
    app.register_blueprint(organiser.organiser)
    app.register_blueprint(printed.printed)
    app.register_blueprint(printed.told)
    app.register_blueprint(outreach_pages.outreach_pages)
    app.register_blueprint(symbols.symbols)
    app.add_template_global(symbols.symbol_url, "symbol")
    events.register(socketio)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        client_manager=wire.manager_for(app.config["MESSAGE_QUEUE"]),
        # Handshakes pass the same Origin allow-list as HTTP writes (auth.py).
        cors_allowed_origins=lambda origin, environ: auth.origin_allowed(
            origin, environ, app.config, app.extensions["machine_addresses"]
        ),
        max_http_buffer_size=64 * 1024,
        json=bodies.socket_json,
        serializer=wire.TextPacket,
        # Each message is handled in its connection's own greenlet, in order,
        # rather than in a new greenlet per message: a phone waits for its
        # acknowledgement anyway, and a burst then waits in socket buffers,
        # not as thousands of greenlets (8 KB or more each).
        async_handlers=False,
        ping_interval=20,
        ping_timeout=30,
    )
    wire.install(socketio.server)
    transport.guard(app)
    app.jinja_env.globals["csrf_token"] = auth.csrf_token
    app.after_request(security_headers)
    app.register_error_handler(WorkshopError, workshop_error)
    app.register_error_handler(404, http_error)
    app.register_error_handler(405, http_error)
    app.register_error_handler(413, http_error)
    app.register_error_handler(400, http_error)
    app.register_error_handler(429, http_error)
    app.register_error_handler(Exception, unexpected_error)
    return app


def security_headers(response):
    """Headers every response carries: no inline script, no sniffing, no framing."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]:
        # Served over HTTPS (directly, or behind a proxy at an https public
        # URL): browsers must not fall back to plain HTTP for a year.
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def wants_json():
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def workshop_error(error):
    """A refused request: a clear message and the matching status."""
    if wants_json():
        return jsonify(error=error.to_dict()), error.status
    return render_template("error.html", message=error.message, status=error.status), error.status


def http_error(error):
    """404, 405, 413 and friends, in plain words."""
    messages = {
        400: "The request was not understood.",
        404: "There is nothing at this address.",
        405: "That action is not allowed here.",
        413: "That is too much to send at once.",
        429: "Too many requests at once. Please wait a moment and try again.",
    }
    message = messages.get(error.code, error.description)
    if wants_json():
        return jsonify(error={"code": f"http_{error.code}", "message": message}), error.code
    return render_template("error.html", message=message, status=error.code), error.code


def unexpected_error(error):
    """Never a stack trace in a browser: log it, show a generic page."""
    if isinstance(error, HTTPException):
        return http_error(error)
    current_app.logger.exception("unexpected error on %s", request.path)
    message = "Something went wrong on our side. Nothing you sent was lost; please try again."
    if wants_json():
        return jsonify(error=error_dict("server_error", message)), 500
    return render_template("error.html", message=message, status=500), 500
