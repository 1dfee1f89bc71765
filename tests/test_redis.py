"""Past one process: two `workshop serve` processes (gevent, monkey-patched) sharing
one database and a real redis-server as Flask-SocketIO's message queue."""

import json
import threading
import time

import pytest
import requests
import socketio

from tests.support.servers import redis_server, server, workshop_cli

pytestmark = pytest.mark.slow


class Board:
    """A board on one server, recording idea events and tallies it is sent."""

    def __init__(self, base, code):
        self.ideas, self.tallies = [], {}
        self.snapshot = threading.Event()
        self.changed = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("snapshot", lambda data: self.snapshot.set())
        self.client.on("event", self._event)
        self.client.on("tallies", self._tallies)
        self.client.connect(base, auth={"code": code, "view": "board"}, transports=["websocket"])
        assert self.snapshot.wait(5)

    def _event(self, data):
        if data["type"] == "idea_added":
            self.ideas.append(data["data"]["idea"]["text"])
        self.changed.set()

    def _tallies(self, data):
        self.tallies.update(data["tallies"])
        self.changed.set()

    def wait(self, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("the board on the other server never saw it")
            self.changed.wait(0.1)
            self.changed.clear()


def test_an_idea_sent_to_one_server_reaches_a_board_on_the_other(tmp_path):
    db = tmp_path / "shared.db"
    links = json.loads(workshop_cli("new", "Day services, Thanet", "--json", db=db).stdout)
    code, key = links["code"], links["console_url"].split("#key=")[1]
    with (
        redis_server(tmp_path) as queue,
        server(db, "--message-queue", queue) as first,
        server(db, "--message-queue", queue) as second,
    ):
        board = Board(second, code)
        try:
            api = f"{first}/api/w/{code}"
            question = requests.get(api).json()["questions"][0]
            opened = requests.post(
                f"{api}/questions/{question['id']}/open", headers={"Authorization": f"Bearer {key}"}
            )
            assert opened.ok, opened.text
            person = requests.Session()
            assert person.post(f"{api}/participants", json={"role": "carer"}).status_code == 201

            # Over a phone's socket on the first server, as the phone page does.
            phone = socketio.Client(reconnection=False)
            cookie = "; ".join(f"{c.name}={c.value}" for c in person.cookies)
            phone.connect(
                first,
                auth={"code": code, "view": "phone"},
                headers={"Cookie": cookie},
                transports=["websocket"],
            )
            try:
                ack = phone.call(
                    "submit_idea",
                    {"question_id": question["id"], "text": "Respite that carers can book"},
                )
                assert ack["ok"], ack
                board.wait(lambda: "Respite that carers can book" in board.ideas)
                voted = phone.call("cast_vote", {"idea_id": ack["idea"]["id"]})
                assert voted["ok"], voted
                idea = str(ack["idea"]["id"])
                board.wait(lambda: board.tallies.get(idea, {}).get("total") == 1)
            finally:
                phone.disconnect()
            # And back the other way, over HTTP on the second server.
            reply = person.post(
                f"{second}/api/w/{code}/ideas",
                json={"question_id": question["id"], "text": "A carers' cafe"},
            )
            assert reply.status_code == 201, reply.text
            board.wait(lambda: "A carers' cafe" in board.ideas)
        finally:
            board.client.disconnect()


def test_rate_limit_counts_are_shared_through_the_message_queue_redis(tmp_path):
    """Issue 15, item 5: one phone's ideas sent half to each server still count
    once against its limit, in the Redis both already use."""
    db = tmp_path / "limits.db"
    links = json.loads(workshop_cli("new", "Shared limits", "--json", db=db).stdout)
    code, key = links["code"], links["console_url"].split("#key=")[1]
    with (
        redis_server(tmp_path) as queue,
        server(db, "--message-queue", queue) as first,
        server(db, "--message-queue", queue) as second,
    ):
        question = requests.get(f"{first}/api/w/{code}").json()["questions"][0]
        requests.post(
            f"{first}/api/w/{code}/questions/{question['id']}/open",
            headers={"Authorization": f"Bearer {key}"},
        )
        phone = requests.Session()  # one cookie, honoured by both (one instance folder)
        assert phone.post(f"{first}/api/w/{code}/participants", json={"role": "carer"}).ok
        codes = [
            phone.post(
                f"{base}/api/w/{code}/ideas",
                json={"question_id": question["id"], "text": f"Idea {n}"},
            ).status_code
            for n in range(16)
            for base in [(first, second)[n % 2]]
        ]
    assert codes.count(201) == 12 and codes.count(429) == 4
