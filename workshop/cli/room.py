"""The day itself: serve the room, a demo room, end a workshop, the organiser's link."""

import json
import logging
import os
import signal
import sys
import time

import click

from ..room import address, maintenance, setting_up, workshops
from ..room.errors import WorkshopError
from ..storage import db as store
from ..web import collector, links, logs, qr, transport, wire
from ..web.app import create_app
from ..web.live import socketio
from . import demo as demo_module
from .options import (
    db_option,
    fail,
    open_db,
    port_option,
    public_url_option,
    retention_option,
    setting_option,
)


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@port_option
@db_option
@public_url_option
@setting_option("MESSAGE_QUEUE")
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False), help="TLS certificate.")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS private key.")
@retention_option
def serve(host, port, db_path, public_url, message_queue, certfile, keyfile, retention_days):
    """Start the server and print the links and QR code for the latest workshop.

    It runs on gevent's WSGI server, chosen over a threaded server by
    measurement (docs/PERFORMANCE.md); docs/DEPLOY.md runs several behind nginx.
    """
    if bool(certfile) != bool(keyfile):
        raise click.UsageError("HTTPS needs both --certfile and --keyfile.")
    logger = logs.setup()
    db, path = open_db(db_path)
    _purge_expired(db, retention_days)
    scheme = "https" if certfile else "http"
    public_url = _join_address(db, public_url)
    base = links.base_url(public_url, port, scheme)
    latest = store.list_workshops(db)
    workshop = (
        store.workshop_by_code(db, latest[0]["code"])
        if latest
        else workshops.create(db, "Market engagement workshop")
    )
    organiser_key = setting_up.organiser_key(db)
    db.conn.close()
    app = create_app(
        {
            "DATABASE": str(path),
            "PUBLIC_URL": base,
            "ASYNC_MODE": "gevent",
            "MESSAGE_QUEUE": message_queue,
        }
    )
    _banner(base, workshop, organiser_key)
    ssl = {"certfile": certfile, "keyfile": keyfile} if certfile else {}
    # Server logs go through logs.py: no IP addresses, user agents or keys.
    logs.capture_gevent_hub(logger)
    # A full garbage collection in a vote burst walks only what the burst made.
    collector.freeze_during_bursts(app.extensions["group_commit"])
    # gevent's pywsgi server, WebSockets through workshop/web/wire.py.
    stopping = _stop_on_signals()
    socketio.run(
        app,
        host=host,
        port=port,
        log_output=False,
        handler_class=transport.Handler,
        **ssl,
        **logs.server_options(logger),
    )
    _finish(app, stopping)


# The writes queued at a stop get this long to commit; a stop stays within
# systemd's and a facilitator's patience (issue 26: under 5 s).
STOP_SECONDS = 3


def _stop_on_signals():
    """SIGTERM (systemd's stop) and SIGINT (Ctrl+C) stop the server the same way:
    the listening socket closes at once and `socketio.run` returns (`_finish`
    does the rest). Returns when the first signal came, in a list."""
    import gevent

    stopping = []

    def stop():
        if not stopping:
            stopping.append(time.monotonic())
            socketio.stop()

    for signum in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(signum, stop)
    return stopping


def _finish(app, stopping):
    """Stop reading from the phones, commit every write already queued, then exit.

    Every write acknowledged was on disk before its acknowledgement
    (storage/group_commit.py). No socket is read from once the stop begins,
    so a phone's later writes stay in its outbox; the write thread's
    sentinel then commits what is queued and refuses anything later (an
    HTTP write then gets 503). The process exits, closing every socket:
    phones reconnect, to the next server as soon as one listens, and send
    again what was not acknowledged (a write already stored is recognised).
    """
    wire.stop_reading(socketio.server)
    left = STOP_SECONDS - (time.monotonic() - stopping[0]) if stopping else STOP_SECONDS
    committed = app.extensions["group_commit"].close(timeout=max(left, 0.5))
    app.extensions["db_pool"].close()
    if committed:
        click.echo("Stopped.")
    else:
        click.echo("Stopped before the last writes were committed; none was acknowledged.")
    # Nothing is left to keep: the writes are committed and the database closed.
    # The interpreter's teardown would unwind every connection's greenlet one
    # by one (seconds with a hall connected), so the process ends here.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if committed else 1)


def _join_address(db, public_url):
    """--public-url and the organiser page's join address are one setting: given, it is
    saved (printed materials carry it); not given, the saved one is used."""
    setting_up.organiser_key(db)  # the row the address is kept in
    if public_url:
        return address.save(db, public_url)
    return address.saved(db)


def _purge_expired(db, days):
    if not days:
        return
    for gone in maintenance.purge_expired(db, days):
        click.echo(f"Purged workshop {gone['code']} (ended or idle for over {days} days).")


def _banner(base, workshop, organiser_key):
    urls = links.for_workshop(base, workshop)
    click.echo(qr.terminal(urls["join_url"]))
    click.echo(f"Workshop:           {workshop['title']} (code {urls['code']})")
    click.echo(f"Join (attendees):   {urls['join_url']}")
    click.echo(f"Board (projector):  {urls['board_url']}")
    click.echo(f"Console (private):  {urls['console_url']}")
    click.echo(f"Organiser (private, every workshop): {links.organiser_url(base, organiser_key)}")
    click.echo("Other workshops: `workshop list`. Stop with Ctrl+C.")


@click.command()
@click.option(
    "--title", default="Home care re-commissioning, West Kent: market engagement", show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="Print the links as JSON.")
@click.option(
    "--analyse-only",
    is_flag=True,
    help="Stop after the Analyse stage's ideas and votes: no moderation, stories or Plan stage.",
)
@db_option
@public_url_option
@port_option
def demo(title, as_json, analyse_only, db_path, public_url, port):
    """Create a demo workshop: about 90 delegates taken through the Analyse and Plan stages."""
    db, _ = open_db(db_path)
    workshop = demo_module.create(db, title, plan_stage=not analyse_only)
    urls = links.for_workshop(links.base_url(public_url, port), workshop)
    if as_json:
        click.echo(json.dumps(urls))
        return
    click.echo(f"Demo workshop {urls['code']}: {demo_module.summary(db, workshop)}")
    click.echo(f"Board: {urls['board_url']}\nConsole: {urls['console_url']}")


@click.command()
@click.argument("code")
@db_option
@public_url_option
@port_option
def end(code, db_path, public_url, port):
    """End a workshop: joins, ideas, votes and stories are refused from now on, live on
    every screen if the server is running; the export still works and its retention
    period starts (see docs/PRIVACY.md)."""
    db, _ = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
        live = not workshop["ended_at"] and links.end_on_server(
            links.base_url(public_url, port), workshop
        )
        change = maintenance.end(db, workshops.get(db, code))
    except WorkshopError as error:
        fail(error)
    when = change.value["ended_at"][:16].replace("T", " ")
    done = "had ended" if change.duplicate and not live else "ended"
    click.echo(f"Workshop {change.value['code']} {done} at {when} UTC.")
    if live:
        click.echo("Phones and the board were told straight away.")


@click.command()
@public_url_option
@port_option
@db_option
@click.option(
    "--share-key",
    is_flag=True,
    help="Read another node's organiser key (the part after #key=) from standard input and "
    "use it here too: one organiser link for every node of a sharded site (docs/DEPLOY.md).",
)
def organiser(public_url, port, db_path, share_key):
    """Print the organiser link (private: it opens every workshop on this server)."""
    db, _ = open_db(db_path)
    try:
        key = (
            setting_up.share_organiser_key(db, sys.stdin.readline())
            if share_key
            else setting_up.organiser_key(db)
        )
    except WorkshopError as error:
        fail(error)
    click.echo(links.organiser_url(links.base_url(public_url, port), key))
