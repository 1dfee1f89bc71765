"""End to end: a whole small workshop on a real `workshop serve` (gevent),
scripted through the documented HTTP and Socket.IO API, ending in the report."""

import json
import threading
import time

import pytest
import requests
import socketio

from harness.servers import server, workshop_cli

pytestmark = pytest.mark.slow


class Board:
    """A projector board: a real Socket.IO client recording what it is sent."""

    def __init__(self, base, code):
        self.events, self.tallies, self.snapshot = [], {}, None
        self.changed = threading.Event()
        self.client = socketio.Client()
        self.client.on("snapshot", self._snapshot)
        self.client.on("event", self._event)
        self.client.on("tallies", self._tallies)
        self.client.connect(
            base, auth={"code": code, "view": "board"}, transports=["websocket"], wait_timeout=10
        )

    def _snapshot(self, data):
        self.snapshot = data
        self.changed.set()

    def _event(self, data):
        self.events.append(data)
        self.changed.set()

    def _tallies(self, data):
        self.tallies.update(data["tallies"])
        self.changed.set()

    def wait(self, predicate, timeout=5):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("the board never saw it")
            self.changed.wait(0.1)
            self.changed.clear()


def test_a_whole_small_workshop(tmp_path):
    db = tmp_path / "flow.db"
    links = json.loads(workshop_cli("new", "Supported living, Ashford", "--json", db=db).stdout)
    code = links["code"]
    key = links["console_url"].split("#key=")[1]
    with server(db) as base:
        api = f"{base}/api/w/{code}"
        facilitator = {"Authorization": f"Bearer {key}"}
        board = Board(base, code)
        board.wait(lambda: board.snapshot)
        questions = requests.get(api).json()["questions"]
        first = questions[0]
        assert requests.post(f"{api}/questions/{first['id']}/open").status_code == 403
        assert requests.post(f"{api}/questions/{first['id']}/open", headers=facilitator).ok
        board.wait(lambda: any(e["type"] == "question_opened" for e in board.events))

        people = {}
        for role in ("person_receiving_care", "provider", "commissioner"):
            session = requests.Session()
            assert session.post(f"{api}/participants", json={"role": role}).status_code == 201
            people[role] = session

        # The expert by experience sends over a socket, the others over HTTP.
        phone = socketio.Client()
        cookie = "; ".join(f"{c.name}={c.value}" for c in people["person_receiving_care"].cookies)
        phone.connect(
            base,
            auth={"code": code, "view": "phone"},
            headers={"Cookie": cookie},
            transports=["websocket"],
            wait_timeout=10,
        )
        ack = phone.call(
            "submit_idea",
            {"question_id": first["id"], "text": "Paid jobs for us", "client_id": "expert-idea-1"},
        )
        assert ack["ok"], ack
        jobs = ack["idea"]["id"]
        assert (
            phone.call(
                "submit_idea",
                {
                    "question_id": first["id"],
                    "text": "Paid jobs for us",
                    "client_id": "expert-idea-1",
                },
            )["duplicate"]
            is True
        )
        ideas = {"Paid jobs for us": jobs}
        for role, text in (
            ("provider", "Apprenticeships for care leavers"),
            ("commissioner", "Buy from Kent social enterprises"),
        ):
            reply = people[role].post(
                f"{api}/ideas", json={"question_id": first["id"], "text": text}
            )
            assert reply.status_code == 201
            ideas[text] = reply.json()["idea"]["id"]
        board.wait(lambda: len([e for e in board.events if e["type"] == "idea_added"]) == 3)

        votes = {
            "person_receiving_care": ["Paid jobs for us", "Apprenticeships for care leavers"],
            "provider": ["Apprenticeships for care leavers", "Paid jobs for us"],
            "commissioner": ["Paid jobs for us", "Buy from Kent social enterprises"],
        }
        for role, texts in votes.items():
            for text in texts:
                reply = people[role].post(f"{api}/votes", json={"idea_id": ideas[text]})
                assert reply.status_code == 201, reply.json()
        over = people["provider"].post(f"{api}/votes", json={"idea_id": ideas["Paid jobs for us"]})
        assert over.status_code == 409
        board.wait(lambda: board.tallies.get(str(jobs), {}).get("total") == 3)
        assert board.tallies[str(jobs)]["by_role"] == {
            "person_receiving_care": 1,
            "provider": 1,
            "commissioner": 1,
        }

        assert requests.post(f"{api}/questions/{first['id']}/close", headers=facilitator).ok
        late = people["provider"].post(
            f"{api}/ideas", json={"question_id": first["id"], "text": "Late"}
        )
        assert late.status_code == 409
        roster = requests.get(f"{api}/roster", headers=facilitator).json()["roster"]
        assert sum(r["count"] for r in roster) == 3
        download = requests.get(f"{api}/export.md", headers=facilitator)
        assert download.ok and "Paid jobs for us" in download.text
        phone.disconnect()
        board.client.disconnect()

    out = tmp_path / "exports"
    workshop_cli("export", code, "--format", "md", "--out", str(out), db=db)
    report = (out / f"diagnostic-report-{code}.md").read_text()
    # The full table of the first question, in the room's order (after the
    # side-by-side rankings and each role's own top choices).
    every = report.split("**Every idea, in the room's order**", 1)[1]
    ranked = [
        line
        for line in every.splitlines()
        if line.startswith("| 1 |") or line.startswith("| 2 |") or line.startswith("| 3 |")
    ]
    assert "Paid jobs for us" in ranked[0] and "| 3 |" in ranked[0]
    assert "Apprenticeships for care leavers" in ranked[1]
    assert "Buy from Kent social enterprises" in ranked[2]
    # One person a role: no role of fewer than 5 is split out on its own (issue 23).
    assert "Roles of fewer than 5 people, together: 3" in ranked[0]
    assert "Care provider: 1" not in ranked[0]
    assert "\n- Paid jobs for us" in report  # the expert by experience's idea, listed as one
