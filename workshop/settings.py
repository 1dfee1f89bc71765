"""Every setting, declared once: name, environment variable, option, default, meaning.

The app factory reads them from the environment (`from_env`), the CLI builds
its options from them (`cli.py`), and docs/DEPLOY.md's table is this list
printed by `workshop settings` (a test keeps the two equal).
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

# Node names are letters a join code may begin with (room/workshops.py's alphabet).
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _node(value):
    letter = (value or "").strip().upper()
    if len(letter) != 1 or letter not in CODE_LETTERS:
        raise ValueError(f"A node is one letter or digit of {CODE_LETTERS}, not {value!r}.")
    return letter


def _nodes(value):
    return tuple(_node(v) for v in (value or "").split(",") if v.strip())


def _origins(value):
    return tuple(o.strip().rstrip("/") for o in (value or "").split(",") if o.strip())


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: object
    help: str
    option: str | None = None  # the `workshop serve` option, when it has one
    parse: object = str
    shown_default: str | None = None  # how the docs describe a computed default


SETTINGS = (
    Setting(
        "DATABASE",
        "WORKSHOP_DB",
        None,
        "SQLite database file; every process of one site points at the same file, on a "
        "local disk (never NFS)",
        option="--db",
        shown_default="instance/workshop.db",
    ),
    Setting(
        "PUBLIC_URL",
        "WORKSHOP_PUBLIC_URL",
        None,
        "base URL in join links and QR codes; `https://...` also makes the session cookie "
        "`Secure` and is the origin sockets are accepted from; `serve` and `print` save it as "
        "the organiser page's join address, which printed materials carry",
        option="--public-url",
        shown_default="the LAN address",
    ),
    Setting(
        "PORT",
        "WORKSHOP_PORT",
        5000,
        "port to listen on (also used in printed links)",
        option="--port",
        parse=int,
    ),
    Setting(
        "MESSAGE_QUEUE",
        "WORKSHOP_MESSAGE_QUEUE",
        None,
        "`redis://HOST:PORT/DB` shared by every process of one site; rate-limit counts "
        "are kept there too",
        option="--message-queue",
    ),
    Setting(
        "RETENTION_DAYS",
        "WORKSHOP_RETENTION_DAYS",
        90,
        "purge workshops ended, or untouched, this many days ago (0 keeps them); applied "
        "when the server starts",
        option="--retention-days",
        parse=int,
    ),
    Setting(
        "ASYNC_MODE",
        "WORKSHOP_ASYNC_MODE",
        "threading",
        "Flask-SocketIO's async mode; `workshop serve` always uses `gevent`",
    ),
    Setting(
        "TALLY_INTERVAL",
        "WORKSHOP_TALLY_INTERVAL",
        0.1,
        "least seconds between two pushes to a room while votes change (more under load)",
        parse=float,
    ),
    Setting(
        "JOIN_RATE",
        "WORKSHOP_JOIN_RATE",
        120,
        "joins a minute one workshop takes on top of its head count before new arrivals are "
        "asked to wait a moment (so a hall of the head count may all scan in one minute; a "
        "script joins hundreds a second; the load benchmark raises it)",
        parse=int,
    ),
    Setting(
        "ALLOWED_ORIGINS",
        "WORKSHOP_ALLOWED_ORIGINS",
        (),
        "extra comma-separated origins (`https://host[:port]`) allowed to open sockets and "
        "post, beyond the public URL and this machine's own addresses (localhost, 127.0.0.1 "
        "and every address it has now) on the port it listens on",
        parse=_origins,
        shown_default="none",
    ),
    Setting(
        "NODE",
        "WORKSHOP_NODE",
        None,
        "this node's letter on a site sharded by workshop code (DEPLOY.md): every workshop "
        "made here gets a code that begins with it, which nginx routes on",
        parse=_node,
        shown_default="none",
    ),
    Setting(
        "NODES",
        "WORKSHOP_NODES",
        (),
        "every node's letter on a sharded site, comma-separated (`B,C`): the organiser "
        "page lists the workshops of each",
        parse=_nodes,
        shown_default="none",
    ),
    Setting(
        "INSTANCE",
        "WORKSHOP_INSTANCE",
        None,
        "folder of the generated `secret_key` that signs session cookies: **every process "
        "of one site must share it**, or a phone that reaches another process is not "
        "recognised",
        shown_default="./instance",
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def value(name):
    """One setting from the environment, parsed, or its default."""
    setting = BY_NAME[name]
    raw = os.environ.get(setting.env)
    return setting.parse(raw) if raw else setting.default


def from_env():
    """Every setting, for the app's config."""
    return {setting.name: value(setting.name) for setting in SETTINGS}


def markdown():
    """The settings table docs/DEPLOY.md carries."""
    rows = [
        "| setting | environment | `serve` option | default | what |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        if s.shown_default in ("none", None) and not s.default or " " in (s.shown_default or ""):
            default = s.shown_default or "none"  # words, not a value to type
        else:
            default = f"`{s.shown_default or s.default}`"
        option = f"`{s.option}`" if s.option else ""
        rows.append(f"| `{s.name}` | `{s.env}` | {option} | {default} | {s.help} |")
    return "\n".join(rows)


def instance_path():
    """Folder for the database and the generated secret key."""
    return Path(value("INSTANCE") or Path.cwd() / "instance").resolve()


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
