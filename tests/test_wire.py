"""The bytes on the wire (web/wire.py): a phone that offers compression, as every
browser does, gets none; a room message reaches every socket as the same frame;
a socket that stops reading still gets everything, in order, once it reads again."""

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from socketio import packet as sio_packet
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Request, TextMessage
from wsproto.extensions import PerMessageDeflate
from wsproto.frame_protocol import CloseReason, FrameProtocol, Opcode

from harness.servers import server, workshop_cli
from workshop.web.live import socketio
from workshop.web.wire import TextPacket, frame


@pytest.mark.parametrize("size", [0, 5, 125, 126, 1000, 65535, 65536, 200_000])
def test_a_frame_reads_back_as_the_same_text_message(size):
    text = ("é" * size)[: size // 2] + "x" * (size - size // 2)
    reader = FrameProtocol(client=True, extensions=[])
    reader.receive_bytes(frame(text))
    (received,) = list(reader.received_frames())
    assert received.opcode is Opcode.TEXT
    assert received.frame_finished and received.message_finished
    assert received.payload == text


def test_bytes_are_a_binary_frame():
    reader = FrameProtocol(client=True, extensions=[])
    reader.receive_bytes(frame(b"\x00\xff" * 100))
    (received,) = list(reader.received_frames())
    assert received.opcode is Opcode.BINARY and received.payload == b"\x00\xff" * 100


def test_packets_are_encoded_as_python_socketio_does_without_searching_for_bytes(monkeypatch):
    data = ["tallies", {"seq": 7, "tallies": [{"idea_id": 1, "by_role": {"a": [1, 2]}}] * 50}]
    expected = sio_packet.Packet(sio_packet.EVENT, data=data, namespace="/").encode()

    def searched(*args):
        raise AssertionError("searched the data for bytes")

    monkeypatch.setattr(sio_packet.Packet, "data_is_binary", searched)
    for kind in (sio_packet.EVENT, sio_packet.ACK):
        packet = TextPacket(
            kind, data=data, namespace="/", id=3 if kind == sio_packet.ACK else None
        )
        assert packet.packet_type == kind
    assert TextPacket(sio_packet.EVENT, data=data, namespace="/").encode() == expected
    # What a client sends is read as before.
    read = TextPacket(encoded_packet='2["cast_vote",{"idea_id":5}]')
    assert read.packet_type == sio_packet.EVENT and read.data == ["cast_vote", {"idea_id": 5}]


def test_the_server_uses_the_text_packet(app):
    assert socketio.server.packet_class is TextPacket


class Phone:
    """A raw WebSocket speaking Engine.IO 4 / Socket.IO 5, offering permessage-deflate."""

    def __init__(self, base, cookies, auth, receive_buffer=None):
        host, port = base.removeprefix("http://").split(":")
        self.sock = socket.socket()
        if receive_buffer:  # set before connecting, so the window stays small
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.connect((host, int(port)))
        self.sock.settimeout(10)
        self.ws = WSConnection(ConnectionType.CLIENT)
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.sock.sendall(
            self.ws.send(
                Request(
                    host=f"{host}:{port}",
                    target="/socket.io/?EIO=4&transport=websocket",
                    extensions=[PerMessageDeflate()],
                    extra_headers=[(b"cookie", cookie.encode()), (b"origin", base.encode())],
                )
            )
        )
        self.pending, self.part, self.accepted = [], "", None
        while self.accepted is None:
            self._read()
        assert self.next().startswith("0{")  # Engine.IO open
        self.sock.sendall(self.ws.send(TextMessage("40" + json.dumps(auth))))
        # The connect handler's snapshot is sent before Socket.IO's CONNECT
        # packet (python-socketio's order; the browser client buffers it).
        while not any(text.startswith("40{") for text in self.pending):
            self._read()
        self.pending = [text for text in self.pending if not text.startswith("40{")]

    def _read(self):
        self.ws.receive_data(self.sock.recv(65536))
        for event in self.ws.events():
            if isinstance(event, AcceptConnection):
                self.accepted = event
            elif isinstance(event, TextMessage):  # wsproto hands on frames in parts
                self.part += event.data
                if event.message_finished:
                    self.pending.append(self.part)
                    self.part = ""

    def next(self):
        while not self.pending:
            self._read()
        return self.pending.pop(0)

    def event(self, name, kind=None):
        """The next Socket.IO event called `name` (and of type `kind`): (raw text, payload)."""
        while True:
            text = self.next()
            if text == "2":  # Engine.IO ping
                self.sock.sendall(self.ws.send(TextMessage("3")))
                continue
            sent_name, payload = json.loads(text[2:])
            if sent_name == name and kind in (None, payload.get("type")):
                return text, payload

    def send(self, text):
        self.sock.sendall(self.ws.send(TextMessage(text)))

    def close(self):
        self.sock.close()


@pytest.fixture
def room(tmp_path):
    db = tmp_path / "wire.db"
    links = json.loads(workshop_cli("new", "Day services, Thanet", "--json", db=db).stdout)
    with server(db) as base:
        api = f"{base}/api/w/{links['code']}"
        key = links["console_url"].split("#key=")[1]
        question = requests.get(api).json()["questions"][0]
        facilitator = {"Authorization": f"Bearer {key}"}
        assert requests.post(f"{api}/questions/{question['id']}/open", headers=facilitator).ok
        yield base, api, links["code"], question, facilitator


def attendee(api, role="carer"):
    with requests.Session() as person:
        assert person.post(f"{api}/participants", json={"role": role}).status_code == 201
        return person


@pytest.mark.slow
def test_compression_offered_is_declined_and_a_broadcast_is_one_frame_for_all(room):
    base, api, code, question, _ = room
    people = [attendee(api) for _ in range(3)]
    phones = [Phone(base, p.cookies.get_dict(), {"code": code, "view": "phone"}) for p in people]
    board = Phone(base, {}, {"code": code, "view": "board"})
    try:
        for screen in [*phones, board]:
            assert screen.accepted.extensions == []  # no permessage-deflate
            screen.event("snapshot")

        reply = people[0].post(
            f"{api}/ideas", json={"question_id": question["id"], "text": "A carers' cafe"}
        )
        assert reply.status_code == 201, reply.text
        idea = reply.json()["idea"]
        sent = [screen.event("event") for screen in phones]
        assert len({text for text, _ in sent}) == 1  # the same bytes to every phone
        assert sent[0][1]["type"] == "idea_added" and sent[0][1]["data"]["idea"]["id"] == idea["id"]
        assert board.event("event")[1]["seq"] == sent[0][1]["seq"]

        voted = people[1].post(f"{api}/votes", json={"idea_id": idea["id"]})
        assert voted.status_code == 201, voted.text
        for screen in [*phones, board]:
            # A new idea's own push (its count of none, and its place) may come first.
            _, tallies = screen.event("tallies")
            while tallies["tallies"].get(str(idea["id"]), {}).get("total") == 0:
                _, tallies = screen.event("tallies")
            assert tallies["tallies"][str(idea["id"])]["total"] == 1
    finally:
        for screen in [*phones, board]:
            screen.close()


@pytest.mark.slow
def test_a_phone_that_stops_reading_gets_every_message_in_order_when_it_reads_again(room):
    base, api, code, question, facilitator = room

    def scribe(text):
        scribed = requests.post(
            f"{api}/console/scribe_idea",
            json={"question_id": question["id"], "text": text, "role": "carer"},
            headers=facilitator,
        )
        assert scribed.ok, scribed.text

    with ThreadPoolExecutor(8) as pool:  # a room's worth of ideas, so a catch-up is big
        list(pool.map(scribe, [f"Idea {n}: " + "words " * 70 for n in range(300)]))
    person = attendee(api)
    slow = Phone(base, person.cookies.get_dict(), {"code": code, "view": "phone"}, 4096)
    board = Phone(base, {}, {"code": code, "view": "board"})
    try:
        slow.event("snapshot")
        board.event("snapshot")
        # Catch-ups it does not read (about 8 MB, more than the kernel buffers):
        # its writer blocks mid-frame, so what is broadcast meanwhile must wait
        # behind, not be written into the middle of a frame.
        asks = 32
        for ack_id in range(asks):
            slow.send(f"42{ack_id}" + json.dumps(["catch_up", {"since": 0}]))
        # A socket's events are handled one after another (async_handlers=False):
        # once the board shows the slow phone's own idea, sent after its asks,
        # every reply is queued, so the later ideas can only come after them.
        barrier = {"question_id": question["id"], "text": "Asked before the later ideas"}
        slow.send(f"42{asks}" + json.dumps(["submit_idea", barrier]))
        while board.event("event", "idea_added")[1]["data"]["idea"]["text"] != barrier["text"]:
            pass
        later = [f"Later idea {n}" for n in range(20)]
        for text in later:
            scribe(text)
            while board.event("event", "idea_added")[1]["data"]["idea"]["text"] != text:
                pass  # an idea of the first 300 whose send was coalesced past the snapshot
        acks, seen = [], []
        while len(seen) < len(later):
            text = slow.next()
            if text.startswith("43"):
                acks.append(int(text[2 : text.index("[")]))
                assert not seen  # every reply was asked for before the later ideas
            elif text.startswith("42") and '"Later idea' in text:
                seen.append(json.loads(text[2:])[1]["data"]["idea"]["text"])
        assert acks == list(range(asks + 1))
        assert seen == later
    finally:
        slow.close()
        board.close()


@pytest.mark.slow
def test_a_client_that_says_goodbye_and_closes_gets_a_close_frame_and_the_end_at_once(room):
    """Issue 26, item 3: however its goodbye ("41", "1") and its close frame
    arrive, the client gets the server's close frame, then the end of the TCP
    connection, without waiting (as python-socketio's client closes)."""
    base, _, code, _, _ = room
    for round_ in range(30):
        phone = Phone(base, {}, {"code": code, "view": "board"})
        started = time.monotonic()
        phone.send("41")
        phone.send("1")
        if round_ % 3:
            time.sleep(0.001 * (round_ % 3))  # let the server act on the goodbye first
        phone.sock.sendall(phone.ws.send(CloseConnection(CloseReason.NORMAL_CLOSURE)))
        closed, ended = False, False
        phone.sock.settimeout(5)
        while not ended:
            data = phone.sock.recv(65536)
            ended = not data
            phone.ws.receive_data(data or None)
            closed = closed or any(isinstance(e, CloseConnection) for e in phone.ws.events())
        took = time.monotonic() - started
        phone.close()
        assert closed, f"round {round_}: no close frame from the server"
        assert took < 0.5, f"round {round_}: the connection ended after {took:.2f} s"


def client_frame(payload, opcode=0x1, fin=True, mask=b"\x37\xfa\x21\x3d"):
    """A frame as a browser sends it: masked (RFC 6455 5.3)."""
    size = len(payload)
    head = bytes((0x80 * fin | opcode,))
    if size < 126:
        head += bytes((0x80 | size,))
    else:
        head += bytes((0x80 | 126,)) + size.to_bytes(2, "big")
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class Reading:
    """A `Wire` reading one end of a socket pair with wsproto's frame connection,
    counting what it hands to wsproto's parser."""

    def __init__(self, monkeypatch):
        from types import SimpleNamespace

        from wsproto.connection import Connection

        from workshop.web.wire import Wire

        self.parsed = []
        parse = Connection.receive_data
        monkeypatch.setattr(
            Connection, "receive_data", lambda ws, data: self.parsed.append(data) or parse(ws, data)
        )
        self.ours, self.client = socket.socketpair()
        self.ours.settimeout(5)
        self.wire = object.__new__(Wire)
        self.wire.server = SimpleNamespace(stopped_reading=None, max_http_buffer_size=64 * 1024)
        self.wire._sock, self.wire.ws = self.ours, Connection(ConnectionType.SERVER)
        self.wire.eio_socket = SimpleNamespace(closed=False, queue=SimpleNamespace(queue=None))
        self.wire.connected = self.wire.reading = True
        self.wire.sending, self.wire.direct, self.wire.raw = False, True, self.ours
        self.wire.messages, self.wire.part, self.wire.farewell = [], None, None
        self.parsed.clear()  # wsproto's Connection feeds itself b"" when made

    def send(self, *pieces):
        """Send the pieces from another thread, apart, so each is a read of its own."""

        def send():
            for piece in pieces:
                self.client.sendall(piece)
                time.sleep(0.05)

        threading.Thread(target=send, daemon=True).start()

    def close(self):
        self.ours.close()
        self.client.close()


def test_a_whole_small_text_frame_is_read_without_wsproto_and_every_other_as_before(monkeypatch):
    reading = Reading(monkeypatch)
    vote = '42["cast_vote",{"idea_id":7,"client_id":"vote-0001"}]'
    try:
        for text in (vote, "", "x" * 125, "£ and 😀 in UTF-8"):
            reading.send(client_frame(text.encode()))
            assert reading.wire.wait() == text
        assert reading.parsed == []  # none of them went through wsproto's parser

        long = client_frame(("y" * 126).encode())
        reading.send(long)
        assert reading.wire.wait() == "y" * 126
        # Two frames in one read; a frame in two reads, then a whole one.
        two = client_frame(b"one") + client_frame(b"two")
        reading.send(two)
        assert [reading.wire.wait(), reading.wire.wait()] == ["one", "two"]
        split = client_frame(vote.encode())
        reading.send(split[:5], split[5:], client_frame(b"after"))
        assert [reading.wire.wait(), reading.wire.wait()] == [vote, "after"]
        # A message in fragments, a ping between them, then a whole frame.
        fragments = (
            client_frame(b"frag", fin=False),
            client_frame(b"hi", opcode=0x9),
            client_frame(b"ment", opcode=0x0),
        )
        reading.send(*fragments, client_frame(b"whole"))
        assert [reading.wire.wait(), reading.wire.wait()] == ["fragment", "whole"]
        assert reading.client.recv(64) == b"\x8a\x02hi"  # the ping's pong
        # What wsproto read: all but "after" and "whole", each once wsproto held nothing.
        assert reading.parsed == [long, two, split[:5], split[5:], *fragments]
    finally:
        reading.close()


def test_a_small_frame_that_is_not_utf8_is_refused_by_wsproto_as_before(monkeypatch):
    reading = Reading(monkeypatch)
    try:
        reading.send(client_frame(b"ok \xff"))
        assert reading.wire.wait() is None  # the socket stops reading
        assert len(reading.parsed) == 1
        closing = reading.wire.farewell
        assert closing.code == CloseReason.INVALID_FRAME_PAYLOAD_DATA
    finally:
        reading.close()
