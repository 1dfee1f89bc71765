"""The bytes to each screen: no compression, and a room message framed once for every socket.

Three costs grew with the room, one per socket per message (docs/PERFORMANCE.md):

- permessage-deflate. Browsers offer it and simple-websocket accepts every
  offer (it has no option to decline), so each frame was compressed for each
  socket separately: a tally to 2,000 phones was 2,000 compressions of the
  same bytes, and each socket kept its own zlib state (3-5x the memory).
  `Wire` removes the offer from the handshake, so none is negotiated; a hall's
  small JSON frames on a LAN gain nothing from it.
- framing. python-socketio encodes a room message once, but each socket's
  writer then built its own WebSocket frame of it (wsproto). `Broadcaster`
  builds the frame once and writes the same bytes to every socket of the room.
- the writer's queue. Each message went through a per-socket queue and
  greenlet. A socket with nothing waiting now gets the bytes written in
  place, without blocking; only a socket that would block (or has something
  queued) gets them queued, behind what is already there, so the order of
  everything a socket is sent is kept.

`Broadcaster` is python-socketio's documented `client_manager` extension
point. `Wire` replaces the WebSocket wrapper engine.io's gevent driver uses,
on our engine.io server only (engine.io has no option for either); so do
`Outbox` (each socket's send queue: a packet for a socket with nothing
waiting is written in place, so an acknowledgement needs no writer greenlet
to wake), `PingTimer` (each socket's next ping is a timer, not a
greenlet asleep for the ping interval) and `Writer` (each socket's writer is
a greenlet only while something is queued for it).
"""

import collections
import contextlib
import socket
import ssl
import struct
import time

import gevent
import gevent.event
import gevent.queue
import socketio
from engineio import packet as eio_packet
from engineio import socket as eio_socket
from engineio.async_drivers import gevent as eio_gevent
from socketio import packet as sio_packet
from wsproto import ConnectionState, ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    Request,
    TextMessage,
)
from wsproto.frame_protocol import CloseReason

RECEIVE_BYTES = 4096


class TextPacket(sio_packet.Packet):
    """python-socketio's packet, for a server that sends JSON only.

    Each outgoing packet was searched for bytes, recursively, element by
    element (`Packet.data_is_binary`), to send them as attachments: about a
    tenth of the server's CPU in a vote burst, for acknowledgements whose
    data never holds bytes (docs/PERFORMANCE.md). `uses_binary_events` is
    python-socketio's own switch for serializers with no binary events; a
    packet read from a client is decoded as before.
    """

    uses_binary_events = False


def frame(message):
    """One unmasked, final WebSocket frame (RFC 6455 5.2), as a server sends it:
    text for a str, binary for bytes."""
    if isinstance(message, str):
        opcode, payload = 0x81, message.encode()
    else:
        opcode, payload = 0x82, bytes(message)
    size = len(payload)
    if size < 126:
        return bytes((opcode, size)) + payload
    if size < 65536:
        return struct.pack("!BBH", opcode, 126, size) + payload
    return struct.pack("!BBQ", opcode, 127, size) + payload


class RawPacket(eio_packet.Packet):
    """What a socket's writer queue holds when a frame (or its unsent rest) must wait.

    The bytes are held as a memoryview, never copied: one room frame queued
    for a thousand slow sockets is one frame in memory, not a thousand.
    """

    def __init__(self, data):
        super().__init__(eio_packet.MESSAGE, data=b"")
        self.encode_cache = memoryview(data)

    def encode(self, b64=False):
        return self.encode_cache


class Wire:
    """One WebSocket for engine.io, read in the connection's own greenlet.

    engine.io's gevent driver wraps simple-websocket, which adds a reader
    greenlet (and a duplicate socket, an event and a selector) to every
    connection and accepts every compression offer. This speaks the same
    protocol through wsproto with neither: engine.io's handler, already
    running in the connection's greenlet, reads frames here itself, and the
    handshake is answered with no extension, so compression is declined.
    """

    # One for every connected phone: slots, not a dict each.
    __slots__ = (
        "handler",
        "server",
        "eio_socket",
        "ws",
        "_sock",
        "raw",
        "connected",
        "reading",
        "sending",
        "direct",
        "messages",
        "part",
        "farewell",
    )

    def __init__(self, handler, server):
        self.handler, self.server = handler, server
        # engine.io passes its Socket's bound handler: the broadcaster finds
        # this wire from that socket.
        self.eio_socket = handler.__self__
        self.eio_socket.wire = self
        if isinstance(self.eio_socket.queue, Outbox):
            self.eio_socket.queue.wire = self
        self.ws = self._sock = self.raw = None
        # connected: the socket is open (replies may still go out); reading:
        # the client has not closed or been refused, so wait() reads on.
        self.connected = self.reading = self.sending = self.direct = False
        self.messages, self.part = [], None
        self.farewell = None  # the answer to the client's close, sent by `close`

    def __call__(self, environ, start_response):
        """Answer the handshake, then run engine.io's handler until the socket closes."""
        self._sock = _socket_of(environ)
        # A TLS socket's send waits when its buffer is full whatever timeout
        # it is given, so over TLS every frame goes through the writer.
        self.direct = not isinstance(self._sock, ssl.SSLSocket)
        # gevent's socket wraps a non-blocking one: a room frame written to
        # thousands of sockets goes to it directly (`_write`), which saves
        # gevent's wrapper per call (about 1 us of 9 at 2,000 phones).
        self.raw = getattr(self._sock, "_sock", None) if self.direct else None
        try:
            self.ws = _accept(environ, self._sock)
            self.connected = self.reading = self.ws is not None
            # The socket is read directly from here on: gevent's buffered reader of
            # the request would hold its 8 KB buffer for the life of the
            # connection. Closed, it frees the buffer and leaves the socket open,
            # and gevent's server reads no further request from it: it ends the
            # connection without an error when this returns (pywsgi's
            # handle_one_request).
            _stream_of(environ).close()
            if self.connected:
                self.handler(self)
        finally:
            self.connected = False
            # End the TCP connection itself, now (issue 26). Left open (when this
            # was a duplicate of gevent's socket), gevent's server read the
            # client's late frames as its next HTTP request, and a client
            # waiting for our close frame waited out its close timeout
            # (python-socketio's: 3 s) when its other thread had already read
            # that frame; the end of the connection tells it at once.
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
            _stream_of(environ).close()  # if the handshake failed before it was closed
        return []

    def ready(self):
        """True once the socket speaks WebSocket only (not polling, not mid-upgrade)."""
        eio = self.eio_socket
        return self.connected and eio.upgraded and not eio.upgrading

    def wait(self):
        """The next whole message from the client, or None once it has gone."""
        if self.server.stopped_reading is not None:
            self.server.stopped_reading.wait()  # never set: the process is ending
        while not self.messages:
            if not self.reading:
                return None
            try:
                data = self._sock.recv(RECEIVE_BYTES)
            except OSError:  # includes the timeout engine.io sets: a silent client
                data = b""
            if not data:
                self.reading = False
                return None
            text = self._whole_text(data)
            if text is not None:
                return text
            self.ws.receive_data(data)
            self._handle(self.ws.events())
        return self.messages.pop(0)

    def _whole_text(self, data):
        """The text of `data` when it is exactly one whole text message in one
        final, masked frame of under 126 bytes and wsproto holds nothing part-read;
        else None, and wsproto reads it.

        A phone's vote, idea or catch-up is such a frame, one to a read: wsproto's
        general parser took about 16 us a message (a buffer, a header object, a
        masker, an incremental UTF-8 decoder), this about 1; a burst vote costs
        about 0.03 ms less in all (docs/PERFORMANCE.md). Anything else (a longer
        or fragmented message, a control frame, two frames in one read, text
        that is not UTF-8) goes to wsproto as before, which also refuses what is
        malformed.
        """
        size = len(data) - 6  # two header bytes and the four of the mask
        if not 0 <= size < 126 or data[0] != 0x81 or data[1] != 0x80 | size:
            return None
        ws = self.ws
        proto = ws._proto
        frames = proto._frame_decoder
        if (
            self.part is not None
            or ws.state is not ConnectionState.OPEN
            or frames.header is not None
            or len(frames.buffer)
            or proto._message_decoder.opcode is not None
        ):
            return None
        mask = int.from_bytes((data[2:6] * (size // 4 + 1))[:size], "big")
        payload = (int.from_bytes(data[6:], "big") ^ mask).to_bytes(size, "big")
        try:
            return payload.decode()
        except UnicodeDecodeError:
            return None

    def _handle(self, events):
        replies, still_open = b"", True
        for event in events:
            if isinstance(event, TextMessage | BytesMessage):
                self.part = event.data if self.part is None else self.part + event.data
                if len(self.part) > self.server.max_http_buffer_size:
                    # Refused before it is all held in memory; nothing of it is read.
                    replies += self.ws.send(CloseConnection(CloseReason.MESSAGE_TOO_BIG))
                    still_open = False
                    break
                if event.message_finished:
                    self.messages.append(self.part)
                    self.part = None
            elif isinstance(event, Ping):
                replies += self.ws.send(event.response())
            elif isinstance(event, CloseConnection):
                # Answered by `close`, which engine.io's writer calls once it
                # has sent what it had: by then engine.io has often closed the
                # socket already (the client's "disconnect" came first), and
                # `_write` sends nothing to a closed socket: answered here, the
                # reply could be dropped, and the client wait for it (issue 26).
                self.farewell = event.response()
                still_open = False
        if replies:
            self.offer(replies)
        self.reading = self.reading and still_open

    def send(self, message):
        """engine.io's writer: frame a message (or write queued bytes) and send it all."""
        if not self.connected:
            raise OSError("the WebSocket is closed")
        data = message if isinstance(message, memoryview) else frame(message)
        self.sending = True
        try:
            self._sock.sendall(data)
        finally:
            self.sending = False

    def offer(self, data):
        """Write framed bytes now if the socket can take them without blocking, else
        queue them (or their unsent rest) behind what the writer already has."""
        if self.connected:
            self._write(data)

    def offer_to_room(self, data):
        """A room's frame: `offer` it and return True, or return False while the
        socket does not speak WebSocket alone yet (engine.io then sends it)."""
        eio = self.eio_socket
        if not (self.connected and eio.upgraded and not eio.upgrading):
            return False
        self._write(data)
        return True

    def _write(self, data):
        eio = self.eio_socket
        # `queue.queue` is the Outbox's deque: anything in it goes out first.
        if eio.closed:
            return
        if self.sending or not self.direct or eio.queue.queue:
            _line_up(eio.queue, RawPacket(data))
            return
        try:
            if self.raw is not None:
                sent = self.raw.send(data)
            else:  # gevent's socket: timeout=0.0 is a non-blocking attempt
                sent = self._sock.send(data, timeout=0.0)
        except BlockingIOError:
            sent = 0
        except OSError:
            return  # gone: the read fails next and engine.io closes the socket
        if sent < len(data):
            _line_up(eio.queue, RawPacket(memoryview(data)[sent:]))

    def close(self):
        """Say goodbye, or answer the client's goodbye (engine.io's writer calls this
        when it stops, after everything queued before has gone)."""
        state = self.ws.state if self.connected else None
        goodbye = None
        if state is ConnectionState.OPEN:
            goodbye = CloseConnection(CloseReason.NORMAL_CLOSURE)
        elif state is ConnectionState.REMOTE_CLOSING:
            goodbye = self.farewell
        if goodbye is not None:
            with contextlib.suppress(OSError):  # the client may be gone already
                self._sock.sendall(self.ws.send(goodbye))
        self.connected = False


def _websocket(handler, server):
    """engine.io's WebSocket class: a `Wire`, handed back as its bound `__call__`.

    engine.io calls what this returns as a WSGI app. Called through the
    instance, the call goes through C (the type's call slot), and every such
    call between a connection greenlet's start and its wait in `recv` is C
    stack that greenlet copies out and keeps while the phone is connected
    (about 0.7 KB each, docs/PERFORMANCE.md); a bound method of a Python
    function is called in the same C frame.
    """
    return Wire(handler, server).__call__


def stop_reading(server):
    """Handle no further message from any WebSocket of this Socket.IO server (a stop).

    Each connection's greenlet waits, from its next message on, until the
    process ends, when every phone sees its connection drop and reconnects,
    to the next server once one listens. What the server already read is
    still handled; what a phone sends now stays in its outbox, to be sent
    again after it reconnects (static/js/lib/live.js). The connections are
    not closed one by one: with a hall connected, thousands of disconnects
    held up the write thread's last commit past the stop's 3 s.
    """
    server.eio.stopped_reading = gevent.event.Event()


def _line_up(queue, packet):
    """Queue a packet behind what the socket's writer has, never written in place."""
    if isinstance(queue, Outbox):
        queue.line_up(packet)
    else:
        queue.put(packet)


class Outbox:
    """A socket's send queue (engine.io's `_async["queue"]`) that writes in place.

    engine.io puts every packet for a socket (acknowledgements, snapshots,
    pings) on this queue for the socket's writer greenlet, which frames and
    sends it: two greenlet switches per packet, and an acknowledgement that
    waits behind whatever else became runnable first (a fan-out to every
    phone). Once its `Wire` speaks WebSocket, a packet for a socket with
    nothing queued is framed and written by the caller without blocking
    (`Wire.offer`, which queues only what the socket would not take), so the
    order of everything the socket is sent holds.

    The writer still drains what is queued. It now waits with no timeout: a
    socket may go a long time with nothing queued, and engine.io's writer
    closes the WebSocket when its wait times out. A silent client is still
    closed, by the read side's timeout and engine.io's ping check, and both
    end the writer with the None engine.io puts here.

    It is gevent's `JoinableQueue` as engine.io uses it (put, get, task_done,
    join), built only as far as it is used: that queue made three deques
    for every socket (items, waiting getters, waiting putters: about 1.9 KB a
    phone) and an event, though a WebSocket's queue is nearly always empty,
    never waited on (its writer drains it without blocking) and, unbounded,
    never has a putter wait. Here the deque exists while something is queued,
    and an event only while a long-poll waits for a packet or a close waits
    for the queue to empty.
    """

    __slots__ = ("queue", "wire", "writer", "unfinished_tasks", "_more", "_done")

    def __init__(self):
        self.queue = None  # a deque while packets wait
        self.wire = None
        self.writer = None  # the socket's `Writer`, once its WebSocket handler has started
        self.unfinished_tasks = 0
        self._more = None  # set when a packet is queued, while a get waits for one
        self._done = None  # set when the last task is done, while a join waits for it

    def qsize(self):
        return len(self.queue) if self.queue else 0

    def empty(self):
        return not self.queue

    def put(self, item, block=True, timeout=None):
        wire = self.wire
        if item is not None and wire is not None and wire.ready() and not self.queue:
            data = item.encode()
            wire.offer(data if isinstance(data, memoryview) else frame(data))
            return
        self.line_up(item)

    def line_up(self, item):
        """Queue behind the writer's other packets."""
        if self.queue is None:
            self.queue = collections.deque()
        self.queue.append(item)
        self.unfinished_tasks += 1
        if self._more is not None:
            self._more.set()
        if self.writer is not None:
            self.writer.wake()

    def get(self, block=True, timeout=None):
        """The next packet; gevent's `Empty` when there is none (after `timeout`)."""
        if self.wire is not None:
            timeout = None
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.queue:
            left = None if deadline is None else deadline - time.monotonic()
            if not block or (left is not None and left <= 0):
                raise gevent.queue.Empty
            if self._more is None or self._more.is_set():  # set: another get took it
                self._more = gevent.event.Event()
            self._more.wait(left)
        item = self.queue.popleft()
        if not self.queue:
            self.queue = self._more = None  # nothing kept while nothing waits
        return item

    def task_done(self):
        if self.unfinished_tasks <= 0:
            raise ValueError("task_done() called too many times")
        self.unfinished_tasks -= 1
        if not self.unfinished_tasks and self._done is not None:
            self._done.set()
            self._done = None

    def join(self, timeout=None):
        """Wait until every packet queued is done; False if `timeout` ran out first."""
        if not self.unfinished_tasks:
            return True
        if self._done is None:
            self._done = gevent.event.Event()
        return self._done.wait(timeout)


class PingTimer:
    """A socket's next ping as a timer on gevent's loop, not a greenlet asleep for
    the ping interval (one per connected phone, about 8 KB each).

    engine.io starts `Socket._send_ping` as a background task after each pong:
    it sleeps for the interval, then sends a ping. This waits the interval on
    the loop and only then runs the send, the rest of `_send_ping`, in a
    short-lived greenlet (a send may close a timed-out socket, which must not
    run in the hub).
    """

    __slots__ = ("socket", "timer")

    def __init__(self, socket):
        self.socket = socket
        self.timer = None

    def start(self):
        self.timer = gevent.get_hub().loop.timer(self.socket.server.ping_interval)
        self.timer.start(self._due)

    def _due(self):
        self.timer.close()
        gevent.spawn(self._ping)

    def _ping(self):
        socket = self.socket
        if not socket.closing and not socket.closed:
            socket.last_ping = time.time()
            socket.send(eio_packet.Packet(eio_packet.PING))

    def join(self, timeout=None):
        """Nothing to wait for: nobody joins a ping (engine.io's task interface)."""


class Writer:
    """A socket's writer, as a greenlet only while something is queued for it.

    engine.io starts a writer greenlet for every WebSocket (in
    `Socket._websocket_handler`), which waits on the socket's queue for as
    long as the socket is open: one parked greenlet per connected phone,
    though `Outbox` writes nearly everything in place and the queue is
    nearly always empty. This stands in for that task: the `Outbox` wakes it
    when something is queued, and it then drains the queue in a short-lived
    greenlet, the same way engine.io's writer does (the None queued when the
    socket closes ends it, and the WebSocket is closed, as when a send fails).
    """

    __slots__ = ("socket", "ws", "greenlet", "done")

    def __init__(self, socket, ws):
        self.socket, self.ws = socket, ws
        self.greenlet = None
        self.done = False

    def start(self):
        self.socket.queue.writer = self
        self.wake()

    def wake(self):
        if self.greenlet is None and not self.done and not self.socket.queue.empty():
            self.greenlet = gevent.spawn(self._drain)

    def _drain(self):
        queue = self.socket.queue
        try:
            while not self.done:
                try:
                    pkt = queue.get(block=False)
                except gevent.queue.Empty:
                    return  # nothing more: no greenlet until something is queued
                queue.task_done()
                if pkt is None:  # the socket is closing
                    self._finish()
                    return
                try:
                    self.ws.send(pkt.encode())
                except Exception:  # engine.io's writer stops at any failed send
                    self._finish()
        finally:
            self.greenlet = None

    def _finish(self):
        self.done = True
        self.ws.close()
        queue = self.socket.queue
        while not queue.empty():  # nobody sends these now; `queue.join()` must not wait
            queue.get(block=False)
            queue.task_done()

    def join(self, timeout=None):
        """Wait for the drain the closing socket's None started (engine.io's task interface)."""
        greenlet = self.greenlet
        if greenlet is not None:
            greenlet.join(timeout)


def _writer_of(target):
    """The socket and WebSocket of engine.io's writer closure, or None for another task."""
    code = getattr(target, "__code__", None)
    if code is None or code is not _ENGINEIO_WRITER or not target.__closure__:
        return None
    cells = dict(
        zip(code.co_freevars, (cell.cell_contents for cell in target.__closure__), strict=True)
    )
    socket, ws = cells.get("self"), cells.get("ws")
    if not isinstance(getattr(socket, "queue", None), Outbox) or not isinstance(ws, Wire):
        return None
    return socket, ws


def _nested_code(function, name):
    """The code object of a function defined inside another (engine.io's writer)."""
    for const in function.__code__.co_consts:
        if getattr(const, "co_name", None) == name:
            return const
    return None


_ENGINEIO_WRITER = _nested_code(eio_socket.Socket._websocket_handler, "writer")


def _task(target, args=(), kwargs=None):
    """engine.io's background task (`_async["thread"]`): its gevent greenlet, but a
    timer for a socket's wait before the next ping, and a `Writer` for its writer."""
    if getattr(target, "__func__", None) is eio_socket.Socket._send_ping:
        return PingTimer(target.__self__)
    writer = _writer_of(target)
    if writer is not None:
        return Writer(*writer)
    return eio_gevent.Thread(target, args, kwargs or {})


def _stream_of(environ):
    """gevent's WSGI server's buffered reader of the request's connection."""
    stream = environ["wsgi.input"]
    if not hasattr(stream, "raw") and hasattr(stream, "rfile"):
        stream = stream.rfile
    return stream


def _socket_of(environ):
    """The client's socket under gevent's WSGI server, as simple-websocket finds it.

    gevent's own socket, not a duplicate as simple-websocket takes: gevent's
    server closes it only after the request (here: the whole WebSocket) has
    returned, and a duplicate cost every connected phone a second socket
    object, two more libev watchers and a file descriptor.
    """
    return _stream_of(environ).raw._sock


def _accept(environ, sock):
    """Answer the upgrade request on the socket; wsproto's frame `Connection`, or
    None if it was not a WebSocket request.

    The handshake (h11's parser, the request and its headers) is left here: kept
    with the socket, it was about 4 KB a phone for the life of the connection
    (docs/PERFORMANCE.md), and the frames need only the `Connection`.
    """
    handshake = WSConnection(ConnectionType.SERVER)
    handshake.receive_data(_request_of(environ))
    for event in handshake.events():
        if isinstance(event, Request):  # no `extensions`: compression declined
            sock.sendall(handshake.send(AcceptConnection()))
    return handshake.connection


def _request_of(environ):
    """The upgrade request as bytes for wsproto, rebuilt from the WSGI headers."""
    lines = [b"GET / HTTP/1.1"]
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = "-".join(part.capitalize() for part in key[5:].split("_"))
            lines.append(f"{name}: {value}".encode("latin-1"))
    return b"\r\n".join(lines) + b"\r\n\r\n"


class Broadcaster(socketio.Manager):
    """The in-process client manager, framing each room message once for every socket."""

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kw):
        room = to or room
        if callback is not None or namespace not in self.rooms:
            return super().emit(event, data, namespace, room, skip_sid, callback, **kw)
        self._send([self._encode(event, data, namespace)], namespace, room, skip_sid)

    def send_batch(self, messages, namespace="/"):
        """Send (event, data, room) messages in order; a run of messages to the same room
        is one write per socket (the frames back to back), so a phone is woken once."""
        run, run_room = [], None
        for event, data, room in messages:
            encoded = self._encode(event, data, namespace)
            if room != run_room and run:
                self._send(run, namespace, run_room)
                run = []
            run.append(encoded)
            run_room = room
        if run:
            self._send(run, namespace, run_room)

    def _encode(self, event, data, namespace):
        """The Socket.IO packet as text (a TextPacket never has binary parts)."""
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        return self.server.packet_class(
            sio_packet.EVENT, namespace=namespace, data=[event, *args]
        ).encode()

    def _send(self, encoded, namespace, room, skip_sid=None):
        if not encoded or namespace not in self.rooms:
            return
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        packets = [eio_packet.Packet(eio_packet.MESSAGE, text) for text in encoded]
        framed = None
        sockets = self.server.eio.sockets
        for sid, eio_sid in self.get_participants(namespace, room):
            if sid in skip:
                continue
            wire = getattr(sockets.get(eio_sid), "wire", None)
            if wire is not None:
                if framed is None:
                    framed = b"".join(frame(pkt.encode()) for pkt in packets)
                if wire.offer_to_room(framed):
                    continue
            for pkt in packets:  # polling, upgrading, or the test client
                self.server._send_eio_packet(eio_sid, pkt)


def manager_for(message_queue):
    """The client manager: in process, or over Redis for several server processes."""
    if not message_queue:
        return Broadcaster()

    class RedisBroadcaster(socketio.RedisManager, Broadcaster):
        """Redis carries each message to every process; each frames it once locally."""

        def send_batch(self, messages, namespace="/"):
            # Through Redis, one message at a time: every process must get each.
            for event, data, room in messages:
                self.emit(event, data, namespace, room=room)

    return RedisBroadcaster(message_queue, channel="flask-socketio")


def install(server):
    """Use `Wire`, `Outbox`, `PingTimer` and `Writer` for this engine.io server, under gevent.

    engine.io keeps its driver's classes in `_async` (no option); this swaps
    the WebSocket, queue and task classes on our server instance alone,
    leaving the module's table as it is. Other async modes keep engine.io's own.
    """
    eio = server.eio
    if eio.async_mode != "gevent":
        return
    # Not a public interface: pyproject.toml pins engine.io, and
    # tests/test_upstream_pins.py fails when what this relies on changes.
    if _ENGINEIO_WRITER is None or not set(INSTALLED) <= set(eio._async):
        raise RuntimeError("engine.io's internals changed: see tests/test_upstream_pins.py")
    eio._async = {**eio._async, **dict(zip(INSTALLED, (_websocket, Outbox, _task), strict=True))}
    eio.stopped_reading = None  # an Event once `stop_reading` is called


# The entries of engine.io's driver table `install` replaces.
INSTALLED = ("websocket", "queue", "thread")
