"""What a connected phone's WebSocket keeps for its life (issue 27, item 3).

`workshop serve` runs in a gevent process of its own with raw WebSocket
phones in the same process (the script below), so the test can look at the
server's objects while the phones are connected: each `Wire` keeps wsproto's
frame `Connection` only, not the handshake (h11's parser and the request, about
4 KB a phone), and gevent's buffered reader of the upgrade request is closed,
freeing its 8 KB buffer (docs/PERFORMANCE.md), with the phones still
connected. Each socket keeps one WSGI environ, slimmed after its connect to
what its messages read (no cookie, no header of the handshake's), and gevent's
handler neither the parsed headers nor a call through the Flask app's instance. A socket's `Outbox` holds no deque or event while nothing waits
in it, and still does what engine.io asks of gevent's queue.
"""

import json
import os
import subprocess
import sys
import time

import gevent
import gevent.queue
import pytest

from harness.servers import ROOT, free_port, workshop_cli
from workshop.web.sockets import KEPT
from workshop.web.wire import Outbox

PHONES = 20

SCRIPT = r"""
from gevent import monkey

monkey.patch_all()

import gc, io, json, os, socket, sys, time, types

import gevent, requests
from gevent import pywsgi
from wsproto.connection import Connection

from tests.test_wire import Phone, attendee
from workshop.cli.room import serve
from workshop.web import wire

db, port, code, phones = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = f"http://127.0.0.1:{port}"
gevent.spawn(
    serve.main,
    ["--host", "127.0.0.1", "--port", port, "--db", db, "--public-url", base],
    standalone_mode=False,
)
deadline = time.monotonic() + 30
while True:
    try:
        requests.get(base + "/", timeout=2)
        break
    except requests.ConnectionError:
        assert time.monotonic() < deadline, "the server did not start"
        gevent.sleep(0.1)
api = f"{base}/api/w/{code}"
screens = [
    Phone(base, attendee(api).cookies.get_dict(), {"code": code, "view": "phone"})
    for _ in range(phones)
]
for screen in screens:
    screen.event("snapshot")
gc.collect()
wires = [o for o in gc.get_objects() if isinstance(o, wire.Wire) and o.connected]
peers = {w._sock.getpeername() for w in wires}
readers = [
    o
    for o in gc.get_objects()
    if type(o) is io.BufferedReader and isinstance(o.raw, socket.SocketIO)
]
open_readers = [r for r in readers if not r.closed and r.raw._sock.getpeername() in peers]
objects = gc.get_objects()
environs = [o for o in objects if isinstance(o, dict) and "REQUEST_METHOD" in o]
handlers = [o for o in objects if isinstance(o, pywsgi.WSGIHandler)]
print(json.dumps({
    "environs": len(environs),
    "environs_with_cookie": sum("HTTP_COOKIE" in e for e in environs),
    "environ_keys": sorted({key for e in environs for key in e}),
    "handlers": len(handlers),
    "handlers_with_headers": sum(getattr(h, "headers", None) is not None for h in handlers),
    "handlers_calling_an_instance": sum(
        not isinstance(getattr(h, "application", None), (types.MethodType, types.NoneType))
        for h in handlers
    ),
    "wires": len(wires),
    "handshakes_kept": sum(type(w.ws) is not Connection for w in wires),
    "open_readers": len(open_readers),
    "buffered_bytes": sum(sys.getsizeof(r) for r in open_readers),
}))
sys.stdout.flush()
os._exit(0)
"""


@pytest.mark.slow
def test_a_connected_websocket_keeps_neither_its_handshake_nor_the_request_reader(tmp_path):
    db = tmp_path / "memory.db"
    links = json.loads(workshop_cli("new", "Memory", "--json", db=db).stdout)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), str(free_port()), links["code"], str(PHONES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "WORKSHOP_JOIN_RATE": "1000000"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["wires"] == PHONES, found
    assert found["handshakes_kept"] == 0, found
    assert found["open_readers"] == 0 and found["buffered_bytes"] == 0, found
    # One environ a socket (Flask-SocketIO's middleware made a second, a copy),
    # slimmed once connected: the cookie and the handshake's headers are gone.
    assert found["environs"] == PHONES, found
    assert found["environs_with_cookie"] == 0, found
    assert set(found["environ_keys"]) <= {*KEPT, "werkzeug.request"}, found
    assert found["handlers"] >= PHONES, found
    assert found["handlers_with_headers"] == 0, found
    assert found["handlers_calling_an_instance"] == 0, found


def test_an_outbox_keeps_no_deque_or_event_while_nothing_waits():
    outbox = Outbox()
    assert (outbox.queue, outbox._more, outbox._done) == (None, None, None)
    outbox.put("ping")
    assert outbox.qsize() == 1 and not outbox.empty()
    assert outbox.get(block=False) == "ping"
    outbox.task_done()
    assert outbox.join(timeout=0) is True
    assert (outbox.queue, outbox._more, outbox._done) == (None, None, None)


def test_an_outbox_is_the_queue_engineio_waits_on_while_long_polling():
    outbox = Outbox()
    with pytest.raises(gevent.queue.Empty):
        outbox.get(block=False)
    started = time.monotonic()
    with pytest.raises(gevent.queue.Empty):
        outbox.get(timeout=0.05)  # a poll with nothing to send
    assert time.monotonic() - started >= 0.05
    # A poll waiting gets the packet put from elsewhere (engine.io's NOOP at an
    # upgrade), and a close's join waits until the writer has done it.
    poll = gevent.spawn(outbox.get, timeout=5)
    gevent.sleep(0.01)
    gevent.spawn_later(0.02, outbox.put, "noop")
    assert poll.get(timeout=5) == "noop"
    assert outbox.join(timeout=0.01) is False
    gevent.spawn_later(0.02, outbox.task_done)
    assert outbox.join(timeout=5) is True
    with pytest.raises(ValueError):
        outbox.task_done()
    # Packets come out in the order they were put, the close's None last.
    for item in ("a", "b", None):
        outbox.put(item)
    assert [outbox.get(block=False) for _ in range(3)] == ["a", "b", None]
