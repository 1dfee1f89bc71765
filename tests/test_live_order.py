"""Issue 15 on a real `workshop serve` (gevent) with real clients: events reach
screens in sequence with a `prev` link, rate limits hold under parallel sends,
a story and console actions during a vote burst never fail, the door, Engine.IO
long-polling always answers, connect_error is the error object, consoles at
localhost connect, a rebinding Origin does not, and Ctrl+C stops cleanly.

Nothing here asserts a time: the 200 ms figures are the benchmark's
(benchmarks/stall_bench.py)."""

import json
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
import websocket

from harness.servers import Serve, workshop_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    db = tmp_path_factory.mktemp("order") / "order.db"
    workshop_cli("list", db=db)
    server = Serve(db)
    yield server
    server.stop()


def new_workshop(live, *extra):
    links = json.loads(
        workshop_cli("new", "Order", "--json", "--public-url", live.base, *extra, db=live.db).stdout
    )
    links["key"] = links["console_url"].split("#key=")[1]
    links["api"] = f"{live.base}/api/w/{links['code']}"
    links["bearer"] = {"Authorization": f"Bearer {links['key']}"}
    question = requests.get(links["api"]).json()["questions"][0]
    assert requests.post(
        f"{links['api']}/questions/{question['id']}/open", headers=links["bearer"]
    ).ok
    links["question"] = question
    return links


def attendee(live, links, role="provider"):
    session = requests.Session()
    session.trust_env = False
    response = session.post(f"{links['api']}/participants", json={"role": role})
    assert response.status_code == 201, response.text
    return session


class Screen:
    """A Socket.IO client that records every event and tallies push it receives."""

    def __init__(self, live, links, view, session=None, **auth):
        self.events, self.lock = [], threading.Lock()
        self.client = socketio.Client(http_session=session, reconnection=False)
        self.client.on("event", self._event)
        self.snapshot = threading.Event()
        self.client.on("snapshot", lambda snap: self.snapshot.set())
        self.client.connect(
            live.base,
            auth={"code": links["code"], "view": view, **auth},
            transports=["websocket"],
            wait_timeout=10,
        )
        assert self.snapshot.wait(10)

    def _event(self, event):
        with self.lock:
            self.events.append(event)

    def call(self, name, data):
        return self.client.call(name, data, timeout=30)

    def close(self):
        self.client.disconnect()


def close_all(*screens):
    """Hang up in parallel: a python-socketio client takes seconds to say goodbye."""
    with ThreadPoolExecutor(len(screens)) as pool:
        list(pool.map(Screen.close, screens))


def test_every_screen_gets_events_in_sequence_each_linked_to_the_one_before(live):
    """Item 3: many writers at once; each screen's events come in commit order and
    each names, as `prev`, the event that screen was sent before it."""
    links = new_workshop(live)
    board = Screen(live, links, "board")
    console = Screen(live, links, "console", key=links["key"])
    watcher = Screen(live, links, "phone", attendee(live, links, "carer"))
    phones = [Screen(live, links, "phone", attendee(live, links)) for _ in range(4)]

    def write(n):
        phone = phones[n % len(phones)]
        reply = phone.call(
            "submit_idea", {"question_id": links["question"]["id"], "text": f"Idea {n}"}
        )
        assert reply["ok"], reply
        if n % 3 == 0:
            console.call(
                "tag_idea", {"idea_id": reply["idea"]["id"], "priority": "local_employment"}
            )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(20)))
    console.call("close_question", {"question_id": links["question"]["id"]})
    for screen in (board, console, watcher):
        deadline = threading.Event()
        while not any(e["type"] == "question_closed" for e in screen.events):
            deadline.wait(0.05)
        seqs = [e["seq"] for e in screen.events]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        links_ok = [e["prev"] == p["seq"] for p, e in zip(screen.events, screen.events[1:])]
        assert all(links_ok), [(e["seq"], e["prev"]) for e in screen.events]
    assert sum(e["type"] == "idea_added" for e in watcher.events) == 20
    close_all(board, console, watcher, *phones)


def test_forty_ideas_sent_at_once_on_one_socket_count_against_the_limit(live):
    """Item 5: the attempt is counted before the write, so parallel sends cannot all pass."""
    links = new_workshop(live)
    phone = Screen(live, links, "phone", attendee(live, links))
    replies, done = [], threading.Semaphore(0)

    def acked(reply):
        replies.append(reply)
        done.release()

    for n in range(40):
        phone.client.emit(
            "submit_idea",
            {
                "question_id": links["question"]["id"],
                "text": f"Flood {n}",
                "client_id": f"flood-{n:04d}",
            },
            callback=acked,
        )
    for _ in range(40):
        assert done.acquire(timeout=30)
    accepted = [r for r in replies if r["ok"]]
    assert len(accepted) == 12
    assert {r["error"]["code"] for r in replies if not r["ok"]} == {"slow_down"}
    # A resend of a stored idea is answered as a duplicate, not slowed down.
    first = int(accepted[0]["idea"]["text"].split()[1])
    again = phone.call(
        "submit_idea",
        {
            "question_id": links["question"]["id"],
            "text": f"Flood {first}",
            "client_id": f"flood-{first:04d}",
        },
    )
    assert again["ok"] and again["duplicate"]
    close_all(phone)


def test_forty_ideas_posted_at_once_over_http_count_against_the_limit(live):
    links = new_workshop(live)
    session = attendee(live, links)

    def post(n):
        return session.post(
            f"{links['api']}/ideas",
            json={"question_id": links["question"]["id"], "text": f"HTTP flood {n}"},
        ).status_code

    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(post, range(40)))
    assert codes.count(201) == 12 and codes.count(429) == 28


def test_a_story_and_console_actions_during_a_vote_burst_all_succeed(live):
    """Item 4: nothing but group commit writes, so nothing waits on SQLite's busy handler."""
    links = new_workshop(live, "--votes", "20")
    author = attendee(live, links, "person_receiving_care")
    ideas = [
        author.post(
            f"{links['api']}/ideas",
            json={"question_id": links["question"]["id"], "text": f"Vote me {n}"},
        ).json()["idea"]
        for n in range(10)
    ]
    voters = [Screen(live, links, "phone", attendee(live, links)) for _ in range(6)]
    console = Screen(live, links, "console", key=links["key"])
    stop = threading.Event()
    failures = []

    def burst(phone):
        # Cast and take back in turn: a burst of real writes, within the budget.
        for n in range(10):
            if stop.is_set():
                return
            reply = phone.call("cast_vote", {"idea_id": ideas[n % len(ideas)]["id"]})
            if reply["ok"]:
                reply = phone.call("withdraw_vote", {"client_id": reply["vote"]["client_id"]})
            if not reply["ok"] and reply["error"]["code"] == "server_error":
                failures.append(reply)

    threads = [threading.Thread(target=burst, args=(v,)) for v in voters]
    for thread in threads:
        thread.start()
    teller = Screen(live, links, "phone", author)
    story = teller.call("submit_story", {"text": "My carer knows me", "may_quote": True})
    actions = [
        ("set_board_view", {"view": "priority"}),
        ("tag_idea", {"idea_id": ideas[0]["id"], "priority": "local_employment"}),
        ("merge_ideas", {"idea_id": ideas[1]["id"], "into": ideas[2]["id"]}),
        ("edit_idea", {"idea_id": ideas[3]["id"], "text": "Vote me, edited"}),
        ("hide_idea", {"idea_id": ideas[4]["id"]}),
        ("restore_idea", {"idea_id": ideas[4]["id"]}),
        ("unmerge_idea", {"idea_id": ideas[1]["id"]}),
        ("set_extra_time", {"percent": 25}),
        ("set_board_view", {"view": "ideas"}),
        ("tag_idea", {"idea_id": ideas[5]["id"], "outcome_kind": "adults_receiving_care"}),
    ]
    replies = [console.call(name, data) for name, data in actions]
    stop.set()
    for thread in threads:
        thread.join(60)
    assert story["ok"], story
    assert all(r["ok"] for r in replies), replies
    assert failures == []
    close_all(*voters, console, teller)


def test_connect_error_carries_the_documented_error_object(live):
    """Item 11: `data` is {code, message}, so a phone's refusal handling fires."""
    links = new_workshop(live)
    refused = []
    client = socketio.Client(reconnection=False)
    client.on("connect_error", lambda data: refused.append(data))
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            live.base,
            auth={"code": links["code"], "view": "phone"},
            transports=["websocket"],
            wait_timeout=10,
        )
    assert refused and refused[0]["data"]["code"] == "not_joined"
    assert refused[0]["data"]["message"] == refused[0]["message"]


def test_engineio_polling_always_answers(live):
    """Item 8: an oversized polling POST gets 413 at once; a POST to a closed session 400."""
    url = f"{live.base}/socket.io/?EIO=4&transport=polling"
    opened = requests.get(url, timeout=5)
    sid = json.loads(opened.text[1:])["sid"]
    big = requests.post(f"{url}&sid={sid}", data=b"4" + b"x" * 70_000, timeout=10)
    assert big.status_code == 413
    assert requests.post(f"{url}&sid={sid}", data=b"1", timeout=10).status_code == 200  # close
    after = requests.post(f"{url}&sid={sid}", data=b"1", timeout=10)
    assert after.status_code == 400


def test_a_console_at_localhost_connects_and_a_rebinding_origin_does_not(live):
    """Items 13 and 14: the Origin allow-list holds localhost and the machine's
    addresses on our port, never whatever the Host header says."""
    ws_url = f"ws://127.0.0.1:{live.port}/socket.io/?EIO=4&transport=websocket"
    for origin in (f"http://localhost:{live.port}", f"http://127.0.0.1:{live.port}"):
        good = websocket.create_connection(ws_url, origin=origin, timeout=5)
        assert good.recv().startswith("0{")
        good.close()
    rebinding = f"rebind.example:{live.port}"
    foreign = websocket.WebSocket()
    try:
        with pytest.raises(websocket.WebSocketBadStatusException, match="400"):
            foreign.connect(ws_url, origin=f"http://{rebinding}", host=rebinding, timeout=5)
    finally:
        foreign.close()
    links = new_workshop(live)
    session = attendee(live, links)
    posted = session.post(
        f"{links['api']}/ideas",
        json={"question_id": links["question"]["id"], "text": "Rebound"},
        headers={"Origin": f"http://{rebinding}", "Host": rebinding},
    )
    assert posted.status_code == 403 and posted.json()["error"]["code"] == "bad_origin"


def test_ctrl_c_stops_the_server_with_exit_status_0_and_no_traceback(tmp_path):
    """Item 18."""
    db = tmp_path / "stop.db"
    workshop_cli("list", db=db)
    server = Serve(db)
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=20) == 0
    assert "Aborted" not in server.stdout()
    assert "Traceback" not in server.stderr() and "KeyboardInterrupt" not in server.stderr()


def test_an_unreadable_socket_message_gets_an_error_ack_and_no_traceback(live):
    """Item 7 over a real socket: a 5,000-digit number or 100 levels of nesting
    is answered `bad_json`; nothing is stored and nothing is logged as an error."""
    links = new_workshop(live)
    session = attendee(live, links)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{live.port}/socket.io/?EIO=4&transport=websocket",
        cookie=cookie,
        timeout=10,
    )
    try:
        ws.recv()
        ws.send("40" + json.dumps({"code": links["code"], "view": "phone"}))
        while not ws.recv().startswith('42["snapshot"'):
            pass
        errors_before = live.stderr().count("Traceback")
        ws.send('421["cast_vote",{"idea_id":' + "9" * 5000 + "}]")
        ws.send('422["submit_idea",' + "[" * 100 + "]" * 100 + "]")
        acks = {}
        while len(acks) < 2:
            message = ws.recv()
            if message.startswith("43"):
                acks[message[2]] = json.loads(message[3:])[0]
    finally:
        ws.close()
    assert {ack["error"]["code"] for ack in acks.values()} == {"bad_json"}
    assert live.stderr().count("Traceback") == errors_before
