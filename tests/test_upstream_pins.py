"""Issue 26, item 4: what the server takes from its Socket.IO stack's internals, pinned.

web/wire.py puts its own WebSocket, queue and task classes in engine.io's
driver table (`Server._async`), finds engine.io's writer by its code object,
and runs `_send_ping` as a timer; web/sockets.py overrides Flask-SocketIO's
`_handle_event` and slims the environ python-socketio keeps; web/transport.py
hands Socket.IO's requests to engine.io without Flask-SocketIO's middleware;
wire.py reads a whole small frame itself while wsproto holds nothing part-read. None of these is a public interface, so pyproject.toml pins
the exact versions, and this test fails the day either changes: an installed
version that is not the pinned one, or a changed source in any function whose
workings those modules rely on. When it fails, read the new source against
wire.py's and sockets.py's docstrings, run `make bench`, then update the pin
and the fingerprint here.
"""

import hashlib
import importlib
import inspect
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from engineio.async_drivers import gevent as eio_gevent

from workshop.web import wire

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
PINNED = (
    "flask-socketio",
    "python-socketio",
    "python-engineio",
    "simple-websocket",
    "wsproto",
    "gevent",
)

# Each function whose workings wire.py and sockets.py rely on (by its dotted
# name), with the first 16 hex digits of the SHA-256 of its source as pinned.
RELIED_ON = {
    # builds the writer closure (self, ws) `_writer_of` finds; calls
    # ws.wait/send/close; sets `_sock`'s timeout; puts None to end the writer
    "engineio.socket.Socket._websocket_handler": "58afe122719282de",
    # calls `_async["websocket"](handler, server)` as a WSGI app
    "engineio.socket.Socket._upgrade_websocket": "02f6ac05441609d3",
    # queue None, join the queue (Writer.join), CLOSE unless aborted
    "engineio.socket.Socket.close": "05fac55831999f25",
    "engineio.socket.Socket.send": "f8b2738ee5d48ab2",
    "engineio.socket.Socket.poll": "d7d705066fd3b948",
    # the ping task PingTimer stands in for
    "engineio.socket.Socket.schedule_ping": "fe316639159cd70d",
    "engineio.socket.Socket._send_ping": "21861287bd38dedc",
    "engineio.server.Server.start_background_task": "772bcb984f599240",
    "engineio.base_server.BaseServer.create_queue": "a384470753d50c77",
    # Broadcaster's room loop
    "socketio.base_manager.BaseManager.get_participants": "7d78ad681c95de5b",
    "socketio.server.Server._send_eio_packet": "5fa452fb118c3565",
    "socketio.packet.Packet.encode": "513c45be75181da2",
    # LeanSocketIO overrides this one
    "flask_socketio.SocketIO._handle_event": "70d95a741fbd40a7",
    # transport.PollingGuard.forward does what this does for Socket.IO's path,
    # without the copy of the environ
    "flask_socketio._SocketIOMiddleware.__call__": "7cfbb7890542786b",
    "engineio.middleware.WSGIApp.__call__": "1e81a734e7b1e641",
    # transport.Handler: headers read into the environ and then no further; the
    # app called from run_application
    "gevent.pywsgi.WSGIHandler.get_environ": "fbd39b74e42d7dbf",
    "gevent.pywsgi.WSGIHandler.handle_one_request": "14e946e9fb33cbb8",
    "gevent.pywsgi.WSGIHandler.run_application": "46cef793ff43fe1a",
    # keeps the handshake's environ (the dict sockets.slim empties and refills)
    "socketio.server.Server._handle_eio_connect": "4be135c046ed6bcc",
    # Wire._whole_text reads a whole small frame itself only while these say
    # wsproto holds nothing part-read: the connection's `_proto`, its frame
    # decoder's `header` and `buffer`, its message decoder's `opcode`
    "wsproto.connection.Connection.__init__": "2aa4c1439d32bd59",
    "wsproto.connection.Connection.receive_data": "046f0bbb05b365e3",
    "wsproto.frame_protocol.FrameProtocol.__init__": "037e847db237d081",
    "wsproto.frame_protocol.FrameDecoder.process_buffer": "f19287e506f3178b",
    "wsproto.frame_protocol.MessageDecoder.process_frame": "665670eb3302d629",
}


def _function(dotted):
    """The function a dotted name names: a module, then attributes."""
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise ImportError(dotted)


def _fingerprint(function):
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def _pins():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    pins = {}
    for requirement in project["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(\[[^]]*\])?==([0-9][0-9A-Za-z.]*)", requirement)
        if match:
            pins[match[1].lower()] = match[3]
    return pins


def test_the_socket_stack_is_pinned_to_exact_versions_and_they_are_installed():
    pins = _pins()
    assert set(PINNED) <= set(pins), f"not pinned with ==: {set(PINNED) - set(pins)}"
    for name in PINNED:
        assert metadata.version(name) == pins[name], name


@pytest.mark.parametrize("name", sorted(RELIED_ON))
def test_the_upstream_source_wire_and_sockets_rely_on_is_unchanged(name):
    assert _fingerprint(_function(name)) == RELIED_ON[name], (
        f"{name} changed upstream: re-read it against workshop/web/wire.py and "
        "sockets.py, run `make bench`, then update the pins and this fingerprint"
    )


def test_the_engineio_writer_and_driver_table_are_found():
    assert wire._ENGINEIO_WRITER is not None
    assert set(wire.INSTALLED) <= set(eio_gevent._async)
