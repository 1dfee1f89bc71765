"""A site that outgrows one machine (issue 27, item 5): Debian's nginx, with
docs/DEPLOY.md's own configuration, in front of two nodes on this machine,
each its own `workshop serve` processes, SQLite file and redis-server.
Every workshop's phones, boards, consoles and exports reach the node that
holds it and no other; the organiser's list finds them all."""

import sqlite3
import threading
import time

import pytest
import requests
import socketio
from playwright.sync_api import expect

from harness import shards
from harness.attendee import join

pytestmark = pytest.mark.slow

TIMEOUT = 10  # seconds, for every request and socket call


class Screen:
    """A board, console or phone socket through nginx, recording what it is sent."""

    def __init__(self, base, code, view, transport="websocket", cookie=None, **auth):
        self.ideas = []
        self.snapshot = threading.Event()
        self.changed = threading.Event()
        self.client = socketio.Client(reconnection=False, request_timeout=TIMEOUT)
        self.client.on("snapshot", lambda data: self.snapshot.set())
        self.client.on("event", self._event)
        # The code in the URL, as the app's pages send it: nginx routes on it.
        self.client.connect(
            f"{base}/?code={code}",
            auth={"code": code, "view": view, **auth},
            headers={"Cookie": cookie} if cookie else {},
            transports=[transport],
            wait_timeout=TIMEOUT,
        )
        assert self.snapshot.wait(TIMEOUT), f"no snapshot for the {view}"

    def _event(self, data):
        if data["type"] == "idea_added":
            self.ideas.append(data["data"]["idea"]["text"])
        self.changed.set()

    def wait_for(self, text):
        deadline = time.monotonic() + TIMEOUT
        while text not in self.ideas:
            assert time.monotonic() < deadline, f"{text!r} never reached this screen"
            self.changed.wait(0.1)
            self.changed.clear()

    def close(self):
        started = time.monotonic()
        self.client.disconnect()
        assert time.monotonic() - started < 2, "a close through nginx was not answered"


def _ideas_in(db):
    with sqlite3.connect(db, timeout=TIMEOUT) as conn:
        return {row[0] for row in conn.execute("SELECT text FROM ideas")}


def _create(organiser, site, node=None, title="A workshop"):
    query = f"?node={node}" if node else ""
    reply = organiser.post(
        f"{site.base}/api/organiser/workshops{query}", json={"title": title}, timeout=TIMEOUT
    )
    assert reply.status_code == 201, reply.text
    return shards.links_of(reply.json())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One sharded site for the module: starting it takes some seconds."""
    with shards.site(tmp_path_factory.mktemp("site")) as site:
        yield site


def test_two_nodes_behind_nginx_each_serve_their_own_workshops(site):
    organiser = shards.organiser_session(site)
    made = {node: _create(organiser, site, node, f"Home care, node {node}") for node in "BC"}
    for node, (code, _) in made.items():
        assert code.startswith(node), (node, code)

    # New workshops with no node asked for alternate between the nodes.
    codes = [_create(organiser, site, title=f"Day services {n}")[0] for n in range(2)]
    assert {code[0] for code in codes} == {"B", "C"}, codes

    for node, (code, key) in made.items():
        other = site.nodes["C" if node == "B" else "B"]
        api = f"{site.base}/api/w/{code}"
        bearer = {"Authorization": f"Bearer {key}"}
        # The other node has never heard of it: only routing by code finds it.
        for base in other.bases:
            assert requests.get(f"{base}/j/{code}", timeout=TIMEOUT).status_code == 404
        # A typed code, in lower case with a space, finds its node's join page.
        typed = requests.get(f"{site.base}/", params={"code": f" {code.lower()}"}, timeout=TIMEOUT)
        assert typed.status_code == 200 and typed.url.endswith(f"/j/{code}"), typed.url
        for page in (f"/j/{code}", f"/board/{code}", f"/console/{code}", f"/w/{code}/qr.svg"):
            assert requests.get(site.base + page, timeout=TIMEOUT).status_code == 200, page

        question = requests.get(api, timeout=TIMEOUT).json()["questions"][0]
        opened = requests.post(
            f"{api}/questions/{question['id']}/open", headers=bearer, timeout=TIMEOUT
        )
        assert opened.ok, opened.text

        board = Screen(site.base, code, "board")
        console = Screen(site.base, code, "console", key=key)
        person = requests.Session()
        joined = person.post(f"{api}/participants", json={"role": "carer"}, timeout=TIMEOUT)
        assert joined.status_code == 201, joined.text
        session = "; ".join(
            f"{c.name}={c.value}" for c in person.cookies if c.name != "workshop_route"
        )
        # The route cookie keeps a long-polling phone on one process of its node.
        phones = [
            Screen(
                site.base,
                code,
                "phone",
                transport,
                cookie=f"{session}; workshop_route={transport}",
            )
            for transport in ("websocket", "polling")
        ]
        try:
            assert board.client.transport() == "websocket"  # the upgrade went through nginx
            assert phones[1].client.transport() == "polling"
            for phone, transport in zip(phones, ("websocket", "polling"), strict=True):
                text = f"Paid jobs, node {node}, over {transport}"
                ack = phone.client.call(
                    "submit_idea",
                    {"question_id": question["id"], "text": text},
                    timeout=TIMEOUT,
                )
                assert ack["ok"], ack
                board.wait_for(text)
                console.wait_for(text)
        finally:
            for screen in (board, console, *phones):
                screen.close()

        exported = requests.get(f"{api}/export.md", headers=bearer, timeout=TIMEOUT)
        assert exported.ok, exported.text
        for transport in ("websocket", "polling"):
            text = f"Paid jobs, node {node}, over {transport}"
            assert text in exported.text
            assert text in _ideas_in(site.nodes[node].db)
            assert text not in _ideas_in(other.db)
        other_export = organiser.get(
            f"{site.base}/api/organiser/workshops/{code}/export.csv", timeout=TIMEOUT
        )
        assert other_export.ok and f"node {node}" in other_export.text

    # The organiser's list: each node names itself and every node; asked
    # node by node (as the page does) they hold every workshop between them.
    listed = {}
    for node in "BC":
        reply = organiser.get(
            f"{site.base}/api/organiser/workshops", params={"node": node}, timeout=TIMEOUT
        ).json()
        assert reply["node"] == node and reply["nodes"] == ["B", "C"], reply
        assert all(w["code"].startswith(node) for w in reply["workshops"]), reply
        listed.update({w["code"]: node for w in reply["workshops"]})
    everything = [code for code, _ in made.values()] + codes
    assert set(everything) <= set(listed), (everything, listed)
    assert all(listed[code] == code[0] for code in everything)


@pytest.mark.browser
def test_a_phone_and_the_organiser_page_in_a_browser_through_nginx(site, phone, desktop):
    """The pages themselves: a phone's socket carries its code in the URL, so it
    reaches its node; the organiser page lists every node's workshops and says
    which node holds which."""
    organiser = shards.organiser_session(site)
    made = {node: _create(organiser, site, node, f"Browser day, node {node}") for node in "BC"}
    code, key = made["C"]
    api = f"{site.base}/api/w/{code}"
    question = requests.get(api, timeout=TIMEOUT).json()["questions"][0]
    opened = requests.post(
        f"{api}/questions/{question['id']}/open",
        headers={"Authorization": f"Bearer {key}"},
        timeout=TIMEOUT,
    )
    assert opened.ok, opened.text

    sockets = []
    phone.on("websocket", lambda socket: sockets.append(socket.url))
    join(phone, {"join_url": f"{site.base}/j/{code}"})  # waits for "Connected"
    assert sockets and all(f"code={code}" in url for url in sockets), sockets
    phone.get_by_label("Your idea").fill("Paid jobs, from a phone on node C")
    phone.get_by_role("button", name="Send idea").click()
    expect(phone.locator("#ideas")).to_contain_text("Paid jobs, from a phone on node C")
    assert "Paid jobs, from a phone on node C" in _ideas_in(site.nodes["C"].db)

    desktop.goto(f"{site.base}/organiser#key={site.organiser_key}")
    rows = desktop.locator("#workshop-rows tr")
    for node, (made_code, _) in made.items():
        row = rows.filter(has_text=f"Browser day, node {node}")
        expect(row).to_contain_text(f"{made_code}, on node {node}")
