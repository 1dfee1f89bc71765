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
on our engine.io server only (engine.io has no option for either).
"""

import struct

import socketio
from engineio import packet as eio_packet
from socketio import packet as sio_packet


def frame(text):
    """One unmasked, final WebSocket text frame (RFC 6455 5.2), as a server sends it."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        return bytes((0x81, size)) + payload
    if size < 65536:
        return struct.pack("!BBH", 0x81, 126, size) + payload
    return struct.pack("!BBQ", 0x81, 127, size) + payload


class Raw(bytes):
    """Bytes already framed, to be written to the socket as they are."""


class RawPacket(eio_packet.Packet):
    """What a socket's writer queue holds when a frame (or its unsent rest) must wait."""

    def __init__(self, data):
        super().__init__(eio_packet.MESSAGE, data=b"")
        self.encode_cache = Raw(data)

    def encode(self, b64=False):
        return self.encode_cache


def wire_class(base):
    """`base` (engine.io's WebSocket wrapper for simple-websocket) without compression,
    writing frames itself and able to take a broadcast frame in place."""

    class Wire(base):
        def __init__(self, handler, server, **kwargs):
            super().__init__(handler, server, **kwargs)
            # engine.io passes its Socket's bound handler: the broadcaster
            # finds this wire from that socket.
            self.eio_socket = handler.__self__
            self.eio_socket.wire = self
            self.sending = False

        def __call__(self, environ, start_response):
            # Decline compression by removing the offer before the handshake
            # is answered: wsproto then negotiates no extension at all.
            environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
            return super().__call__(environ, start_response)

        def send(self, message):
            """engine.io's writer: frame a text message here (no compression to apply)."""
            if isinstance(message, bytes) and not isinstance(message, Raw):
                return super().send(message)  # a binary message: rare, leave it as it was
            if not self.ws.connected:
                raise OSError("the WebSocket is closed")
            data = message if isinstance(message, Raw) else frame(message)
            self.sending = True
            try:
                self.ws.sock.sendall(data)
            finally:
                self.sending = False

        def ready(self):
            """True once the socket speaks WebSocket only (not polling, not mid-upgrade)."""
            eio = self.eio_socket
            return eio.upgraded and not eio.upgrading and hasattr(self, "ws")

        def offer(self, data):
            """Write a broadcast frame now if the socket can take it without blocking,
            else queue it (or its unsent rest) behind what the writer already has."""
            eio = self.eio_socket
            if eio.closed or eio.closing:
                return
            if self.sending or not eio.queue.empty() or not self.ws.connected:
                eio.queue.put(RawPacket(data))
                return
            try:
                # gevent's socket: timeout=0.0 is a non-blocking attempt.
                sent = self.ws.sock.send(data, timeout=0.0)
            except BlockingIOError:
                sent = 0
            except OSError:
                return  # gone: the reader notices and engine.io closes the socket
            if sent < len(data):
                eio.queue.put(RawPacket(data[sent:]))

    return Wire


class Broadcaster(socketio.Manager):
    """The in-process client manager, framing each room message once for every socket."""

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kw):
        room = to or room
        encoded = self._encode(event, data, namespace)
        if callback is not None or encoded is None or namespace not in self.rooms:
            return super().emit(event, data, namespace, room, skip_sid, callback, **kw)
        self._send([encoded], namespace, room, skip_sid)

    def send_batch(self, messages, namespace="/"):
        """Send (event, data, room) messages in order; a run of messages to the same room
        is one write per socket (the frames back to back), so a phone is woken once."""
        run, run_room = [], None
        for event, data, room in messages:
            encoded = self._encode(event, data, namespace)
            if encoded is None:  # binary: never in a room message of ours, but keep it right
                self._send(run, namespace, run_room)
                run, run_room = [], None
                super().emit(event, data, namespace, room)
                continue
            if room != run_room and run:
                self._send(run, namespace, run_room)
                run = []
            run.append(encoded)
            run_room = room
        if run:
            self._send(run, namespace, run_room)

    def _encode(self, event, data, namespace):
        """The Socket.IO packet as text, or None if it has binary parts."""
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        encoded = self.server.packet_class(
            sio_packet.EVENT, namespace=namespace, data=[event, *args]
        ).encode()
        return None if isinstance(encoded, list) else encoded

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
            if wire is None or not wire.ready():  # polling, upgrading, or the test client
                for pkt in packets:
                    self.server._send_eio_packet(eio_sid, pkt)
                continue
            if framed is None:
                framed = b"".join(frame(pkt.encode()) for pkt in packets)
            wire.offer(framed)


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
    """Use `Wire` for this engine.io server's WebSockets, under gevent only.

    engine.io keeps its driver's classes in `_async` (no option); this swaps
    the WebSocket wrapper on our server instance alone, leaving the module's
    table as it is. Other async modes keep engine.io's own wrapper.
    """
    eio = server.eio
    if eio.async_mode != "gevent" or eio._async.get("websocket") is None:
        return
    eio._async = {**eio._async, "websocket": wire_class(eio._async["websocket"])}
