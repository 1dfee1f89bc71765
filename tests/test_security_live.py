"""Security and reliability on a real `workshop serve` (gevent) with real clients:
socket origins and sizes, exactly-once over real sockets, what the server logs,
no debugger, HTTPS and WSS (issue 3)."""

import gc
import json
import socket
import sqlite3
import subprocess

import pytest
import requests
import socketio
import websocket

from harness.servers import Serve, free_port, workshop_cli

pytestmark = pytest.mark.slow

PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) PrivacyCanary/7.1"


def new_workshop(db, base):
    links = json.loads(
        workshop_cli("new", "Live security", "--json", "--public-url", base, db=db).stdout
    )
    links["key"] = links["console_url"].split("#key=")[1]
    return links


SESSIONS = []


@pytest.fixture(autouse=True)
def close_sessions():
    yield
    while SESSIONS:
        SESSIONS.pop().close()
    gc.collect()  # a leaked socket is reported against the test that leaked it


def attendee(base, code, role="provider", verify=True):
    session = requests.Session()
    SESSIONS.append(session)
    session.trust_env = False  # else REQUESTS_CA_BUNDLE would override `verify`
    session.verify = verify
    session.headers["User-Agent"] = PHONE_UA
    response = session.post(f"{base}/api/w/{code}/participants", json={"role": role})
    assert response.status_code == 201, response.text
    return session


def phone_socket(base, code, session):
    client = socketio.Client(http_session=session, reconnection=False)
    client.connect(
        base, auth={"code": code, "view": "phone"}, transports=["websocket"], wait_timeout=10
    )
    return client


def open_first_question(base, links, verify=True):
    api = f"{base}/api/w/{links['code']}"
    question = requests.get(api, verify=verify).json()["questions"][0]
    opened = requests.post(
        f"{api}/questions/{question['id']}/open",
        verify=verify,
        headers={"Authorization": f"Bearer {links['key']}"},
    )
    assert opened.status_code == 200
    return question


def rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    db = tmp_path_factory.mktemp("live") / "live.db"
    workshop_cli("list", db=db)
    server = Serve(db)
    yield server
    server.stop()


# 1: socket handshakes only from our own pages


def test_a_socket_handshake_from_a_foreign_origin_is_refused(live):
    url = f"{live.base}/socket.io/?EIO=4&transport=polling"
    assert requests.get(url, headers={"Origin": "http://evil.example"}).status_code == 400
    assert requests.get(url, headers={"Origin": live.base}).status_code == 200
    ws_url = f"ws://127.0.0.1:{live.port}/socket.io/?EIO=4&transport=websocket"
    foreign = websocket.WebSocket()
    try:
        with pytest.raises(websocket.WebSocketBadStatusException, match="400"):
            foreign.connect(ws_url, origin="http://evil.example", timeout=5)
    finally:
        foreign.close()
    good = websocket.create_connection(ws_url, origin=live.base, timeout=5)
    assert good.recv().startswith("0{")  # the Engine.IO open packet
    good.close()


# 6: socket message size


def test_a_socket_message_over_64_kib_is_dropped_and_nothing_is_stored(live):
    links = new_workshop(live.db, live.base)
    question = open_first_question(live.base, links)
    session = attendee(live.base, links["code"])
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    ws = websocket.WebSocket()  # Engine.IO and Socket.IO packets by hand
    try:
        ws.connect(
            f"ws://127.0.0.1:{live.port}/socket.io/?EIO=4&transport=websocket",
            origin=live.base,
            cookie=cookie,
            timeout=10,
        )
        assert ws.recv().startswith("0{")
        ws.send("40" + json.dumps({"code": links["code"], "view": "phone"}))
        while not ws.recv().startswith('42["snapshot"'):  # connected and joined
            pass
        big = {"question_id": question["id"], "text": "x" * 70_000, "client_id": "huge-message-1"}
        ws.send("421" + json.dumps(["submit_idea", big]))
        while True:  # anything but an acknowledgement, until the server hangs up
            try:
                opcode, data = ws.recv_data(control_frame=True)
            # The server's close frame and its end of the connection can come
            # together: the client's reply to the close then meets a closed pipe.
            except (
                websocket.WebSocketConnectionClosedException,
                BrokenPipeError,
                ConnectionResetError,
            ):
                break
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                break
            assert not data.startswith(b"431"), data[:200]
    finally:
        ws.close()
        ws.shutdown()  # close() skips the socket once the server has hung up
    assert rows(live.db, "SELECT COUNT(*) FROM ideas WHERE client_id = 'huge-message-1'") == [(0,)]
    # The server carries on for everyone else.
    other = phone_socket(live.base, links["code"], attendee(live.base, links["code"]))
    try:
        ack = other.call("submit_idea", {"question_id": question["id"], "text": "Still here"})
        assert ack["ok"] is True
    finally:
        other.disconnect()


# 8: exactly once over real sockets, across a reconnect


def test_the_same_idea_and_vote_sent_five_times_across_a_reconnect_are_stored_once(live):
    links = new_workshop(live.db, live.base)
    question = open_first_question(live.base, links)
    session = attendee(live.base, links["code"])
    idea = {"question_id": question["id"], "text": "Travel time paid", "client_id": "once-idea-01"}
    vote = {"client_id": "once-vote-01"}
    acks = []
    phone = phone_socket(live.base, links["code"], session)
    acks.append(phone.call("submit_idea", idea))
    vote["idea_id"] = acks[0]["idea"]["id"]
    phone.emit("submit_idea", idea)  # no ack awaited: the connection drops first
    phone.emit("cast_vote", vote)
    acks.append(phone.call("cast_vote", vote))
    phone.disconnect()
    phone = phone_socket(live.base, links["code"], session)  # the phone comes back
    try:
        for _ in range(3):
            acks.append(phone.call("submit_idea", idea))
            acks.append(phone.call("cast_vote", vote))
        over_http = session.post(f"{live.base}/api/w/{links['code']}/ideas", json=idea)
        assert over_http.status_code == 200 and over_http.json()["duplicate"] is True
    finally:
        phone.disconnect()
    assert all(a["ok"] for a in acks)
    assert {a["idea"]["id"] for a in acks if "idea" in a} == {vote["idea_id"]}
    assert [a["votes_left"] for a in acks if "vote" in a] == [2, 2, 2, 2]
    assert rows(live.db, "SELECT COUNT(*) FROM ideas WHERE client_id = ?", idea["client_id"]) == [
        (1,)
    ]
    assert rows(live.db, "SELECT COUNT(*) FROM votes WHERE idea_id = ?", vote["idea_id"]) == [(1,)]
    events = rows(
        live.db,
        "SELECT type FROM events e JOIN workshops w ON w.id = e.workshop_id"
        " WHERE w.code = ? AND type IN ('idea_added', 'vote_cast')",
        links["code"],
    )
    assert sorted(events) == [("idea_added",), ("vote_cast",)]


# 7: no debugger, no trace


def test_no_debugger_or_trace_reaches_a_browser(live):
    for path in (
        "/?__debugger__=yes&cmd=resource&f=debugger.js",
        "/console?__debugger__=yes",
        "/api/w/%00/snapshot",
        "/j/" + "A" * 5000,
    ):
        response = requests.get(live.base + path)
        assert response.status_code < 500 or "Something went wrong" in response.text
        for leak in ("Traceback", "Werkzeug Debugger", "debugger.js", "__debugger__"):
            assert leak not in response.text, path
    assert requests.get(live.base + "/").status_code == 200


# 3 and 11: the server's log holds no IP address, user agent or key


def raw_request(port, payload):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(payload)
        return conn.recv(200)


def test_server_logs_hold_no_ip_address_user_agent_or_key(tmp_path):
    db = tmp_path / "logs.db"
    port = free_port()
    links = new_workshop(db, f"http://127.0.0.1:{port}")  # the banner shows this one
    server = Serve(db, port=port)
    try:
        code, key = links["code"], links["key"]
        session = attendee(server.base, code)
        session.post(f"{server.base}/api/w/{code}/ideas", json={"question_id": 1, "text": "x"})
        api = f"{server.base}/api/w/{code}"
        for guess in ("wrong", key[::-1], key[:-1]):
            requests.get(
                f"{api}/roster",
                headers={"Authorization": f"Bearer {guess}", "User-Agent": PHONE_UA},
            )
        assert requests.get(f"{api}/roster", headers={"Authorization": f"Bearer {key}"}).ok
        requests.get(f"{server.base}/console/{code}?key={key}", headers={"User-Agent": PHONE_UA})
        # Malformed requests make gevent log the client's address by default.
        raw_request(server.port, b"GARBAGE\r\n\r\n")
        raw_request(
            server.port, b"GET / HTTP/9.9\r\nUser-Agent: " + PHONE_UA.encode() + b"\r\n\r\n"
        )
        raw_request(server.port, f"GET /?key={key} HTTP/1.1\r\nContent-Length: zz\r\n\r\n".encode())
        console = socketio.Client(reconnection=False)
        console.connect(
            server.base,
            auth={"code": code, "view": "console", "key": key},
            transports=["websocket"],
            headers={"User-Agent": PHONE_UA},
            wait_timeout=10,
        )
        console.disconnect()
    finally:
        server.stop()
    log = server.stderr()
    assert "Invalid HTTP method" in log and "refused facilitator action" in log  # it did log
    for secret in ("127.0.0.1", PHONE_UA, "PrivacyCanary", "Android", key, key[:-1], key[::-1]):
        assert secret not in log, secret
    banner = server.stdout()
    assert [line for line in banner.splitlines() if key in line] == [
        line for line in banner.splitlines() if line.startswith("Console (private):")
    ]


# 13: HTTPS and WSS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_serve_with_certfile_and_keyfile_speaks_https_and_wss(tmp_path, certificate):
    cert, key = certificate
    db = tmp_path / "tls.db"
    workshop_cli("list", db=db)
    server = Serve(
        db, "--certfile", str(cert), "--keyfile", str(key), scheme="https", verify=str(cert)
    )
    try:
        assert server.base.startswith("https://")
        links = new_workshop(db, server.base)
        assert links["join_url"].startswith("https://")
        with pytest.raises(requests.ConnectionError):  # plain HTTP is not served on that port
            requests.get(f"http://127.0.0.1:{server.port}/", timeout=5)
        with pytest.raises(requests.exceptions.SSLError):  # a real certificate check happens
            requests.get(server.base + "/", timeout=5)
        question = open_first_question(server.base, links, verify=str(cert))
        session = attendee(server.base, links["code"], verify=str(cert))
        cookie = next(c for c in session.cookies if c.name == "session")
        assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
        phone = phone_socket(server.base, links["code"], session)
        try:
            assert phone.transport() == "websocket"
            ack = phone.call("submit_idea", {"question_id": question["id"], "text": "Over TLS"})
        finally:
            phone.disconnect()
        assert ack["ok"] is True
    finally:
        server.stop()
    assert rows(db, "SELECT text FROM ideas") == [("Over TLS",)]
