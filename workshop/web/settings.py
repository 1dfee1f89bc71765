"""Settings, declared once with their defaults and help; read from the environment."""

import os
import secrets
from pathlib import Path

# name: (environment variable, default, help). docs/DEPLOY.md lists these.
SETTINGS = {
    "DATABASE": ("WORKSHOP_DB", None, "SQLite database file; default instance/workshop.db."),
    "PUBLIC_URL": (
        "WORKSHOP_PUBLIC_URL",
        None,
        "Base URL that join links and QR codes use; default the LAN address.",
    ),
    "ASYNC_MODE": (
        "WORKSHOP_ASYNC_MODE",
        "threading",
        "Flask-SocketIO async mode; `workshop serve` uses gevent.",
    ),
    "MESSAGE_QUEUE": (
        "WORKSHOP_MESSAGE_QUEUE",
        None,
        "redis:// URL shared by several server processes.",
    ),
    "TALLY_INTERVAL": (
        "WORKSHOP_TALLY_INTERVAL",
        "0.2",
        "Seconds between coalesced vote-tally pushes to a room.",
    ),
    "JOIN_RATE": (
        "WORKSHOP_JOIN_RATE",
        "120",
        "Joins a minute one workshop takes before new arrivals are asked to wait a moment "
        "(a real hall of 500 arrives over several minutes; a script joins hundreds a second).",
    ),
    "ALLOWED_ORIGINS": (
        "WORKSHOP_ALLOWED_ORIGINS",
        None,
        "Extra comma-separated origins allowed to open sockets.",
    ),
}


def instance_path():
    """Folder for the database and the generated secret key."""
    return Path(os.environ.get("WORKSHOP_INSTANCE") or Path.cwd() / "instance").resolve()


def from_env():
    """Settings from the environment, falling back to defaults."""
    values = {name: os.environ.get(env) or default for name, (env, default, _) in SETTINGS.items()}
    values["TALLY_INTERVAL"] = float(values["TALLY_INTERVAL"])
    values["JOIN_RATE"] = int(values["JOIN_RATE"])
    return values


def default_database():
    """The embedded SQLite default, inside the instance folder."""
    return instance_path() / "workshop.db"


def secret_key(folder):
    """The session-signing key: generated once, kept private in the instance folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
