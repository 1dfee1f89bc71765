"""Issue 26, item 5: `workshop serve` stopped by SIGTERM (systemd's stop) or Ctrl-C
(SIGINT) with a room connected and writing: it exits within 5 s, every write
it acknowledged is in the database, and the phones reconnect to the next server.
"""

import asyncio
import json
import signal
import sqlite3
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import aiohttp
import pytest
import requests
import socketio

from harness.servers import Serve, workshop_cli

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

PHONES = 300
EXIT_LIMIT = 5.0  # seconds
ENV = {"WORKSHOP_JOIN_RATE": "1000000"}


async def _join(api):
    """A phone's own HTTP session, joined over the API as the phone page does.

    The socket uses the same session, so its cookie goes with every
    reconnection too (python-socketio's client drops a Cookie header given to
    `connect` once it has used it: reconnected with it, a phone was "not joined").
    """
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # 127.0.0.1
    async with http.post(f"{api}/participants", json={"role": "carer"}) as reply:
        assert reply.status == 201, await reply.text()
    return http


async def _phone(base, code, http):
    client = socketio.AsyncClient(reconnection=True, reconnection_delay=0.2, http_session=http)
    client.refusals = []
    client.on("connect_error", lambda data: client.refusals.append(str(data)[:80]))
    await client.connect(
        base, auth={"code": code, "view": "phone"}, transports=["websocket"], wait_timeout=20
    )
    return client


async def _write(client, question_id, number, acknowledged, stop):
    """Send ideas one after another (as fast as the acks come) until told to stop;
    keep the text of every one the server acknowledged."""
    for n in range(10):  # the idea limit is 12 a minute
        if stop.is_set():
            return
        text = f"Phone {number}, idea {n}"
        try:
            ack = await client.call(
                "submit_idea", {"question_id": question_id, "text": text}, timeout=10
            )
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return  # the server went before answering: not acknowledged
        if not ack.get("ok"):
            return  # refused while stopping: not acknowledged, nothing written
        acknowledged.append(text)


async def _room(serve, code, key, signum):
    base, api = serve.base, f"{serve.base}/api/w/{code}"
    question = requests.get(api, timeout=10).json()["questions"][0]
    opened = requests.post(
        f"{api}/questions/{question['id']}/open",
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    assert opened.ok, opened.text
    sessions = await asyncio.gather(*(_join(api) for _ in range(PHONES)))
    phones = []
    for batch in range(0, PHONES, 50):
        phones += await asyncio.gather(
            *(_phone(base, code, http) for http in sessions[batch : batch + 50])
        )
    acknowledged, stop = [], asyncio.Event()
    writers = [
        asyncio.create_task(_write(phone, question["id"], n, acknowledged, stop))
        for n, phone in enumerate(phones)
    ]
    await asyncio.sleep(1.0)  # writes in flight
    in_flight = sum(not writer.done() for writer in writers)  # phones still writing
    started = time.monotonic()
    serve.process.send_signal(signum)
    status = await asyncio.to_thread(serve.process.wait, 20)
    took = time.monotonic() - started
    stop.set()
    await asyncio.wait_for(asyncio.gather(*writers), 30)
    return phones, acknowledged, in_flight, status, took


async def _close(phones):
    await asyncio.wait_for(asyncio.gather(*(phone.disconnect() for phone in phones)), 30)
    for phone in phones:
        await phone.eio.http.close()


async def _reconnected(phones, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(phone.connected for phone in phones):
            return True
        await asyncio.sleep(0.2)
    return False


def _on_a_fresh_loop(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an
    event loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine())).result(timeout=260)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_within_5_s_keeping_every_acknowledged_write(tmp_path, signum):
    db = tmp_path / "stop.db"
    links = json.loads(workshop_cli("new", "Stopping", "--json", db=db).stdout)
    code, key = links["code"], links["console_url"].split("#key=")[1]
    serve = Serve(db, env=ENV)

    async def run():
        phones, acknowledged, in_flight, status, took = await _room(serve, code, key, signum)
        try:
            assert status == 0, (serve.stdout(), serve.stderr())
            assert took < EXIT_LIMIT, f"exit took {took:.2f} s"
            with closing(sqlite3.connect(db)) as conn:
                stored = {text for (text,) in conn.execute("SELECT text FROM ideas")}
            missing = [text for text in acknowledged if text not in stored]
            assert not missing, f"{len(missing)} acknowledged ideas not stored: {missing[:5]}"
            assert in_flight > 0 and acknowledged, (in_flight, len(acknowledged))
            print(
                f"\n{signal.Signals(signum).name}: exit in {took:.2f} s with {PHONES} phones; "
                f"{in_flight} phones writing at the signal; "
                f"{len(acknowledged)} ideas acknowledged, all stored"
            )
            # The next server on the same address: every phone comes back by itself.
            successor = Serve(db, port=serve.port, env=ENV)
            try:
                assert await _reconnected(phones), (
                    f"{sum(not phone.connected for phone in phones)} of {PHONES} phones "
                    "did not reconnect: "
                    f"{Counter(r for p in phones if not p.connected for r in p.refusals[-1:])}"
                )
            finally:
                await _close(phones)
                successor.stop()
        finally:
            await _close(phones)

    try:
        _on_a_fresh_loop(lambda: asyncio.wait_for(run(), 240))
    finally:
        serve.stop()
    assert "Traceback" not in serve.stderr()
