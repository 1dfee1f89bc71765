"""A client written from docs/API.md alone ("Catch-up and de-duplication"),
driven through drops, lost messages and catch-up on the real Flask-SocketIO
server (issue 15: items 1, 3, 15-17 and the property test).

`DocClient` knows only what the docs say: a snapshot sets everything and
`seq`; a live event is in order when its `prev` is null, at most `seq` or
already applied, else it is a gap and the client asks `catch_up` from `seq`;
`caught_up` and a `catch_up` answer replace the counts; `tallies` pushes
merge (or replace when `full`) and carry no sequence claim.
"""

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from harness.clients import join, open_first, socket_for
from workshop.room import contributions, moderation, workshops
from workshop.storage import db as store
from workshop.web.live import publish, socketio


class DocClient:
    def __init__(self, app, client, workshop, view, **auth):
        self.app, self.client, self.workshop, self.view, self.auth = (
            app,
            client,
            workshop,
            view,
            auth,
        )
        self.ideas, self.tallies, self.seq, self.applied = {}, {}, 0, set()
        self.words = []  # every idea text this screen was ever sent, and how
        self.socket = None
        self.connect()

    def connect(self):
        auth = dict(self.auth, **({"since": self.seq} if self.seq else {}))
        self.socket = socket_for(self.app, self.client, self.workshop, self.view, **auth)

    def drop(self):
        self.socket.disconnect()

    def pump(self, lose=False):
        """Read what arrived; with lose=True the first live event is lost in transit."""
        for message in self.socket.get_received():
            name, payload = message["name"], message["args"][0]
            if name == "event" and lose:
                lose = False
                continue
            getattr(self, "_" + name)(payload)

    def _snapshot(self, snap):
        self.seq, self.applied = snap["seq"], set()
        self.ideas = {i["id"]: i for i in snap["ideas"]}
        self.tallies = dict(snap["tallies"])
        self.words += [("snapshot", i["text"]) for i in snap["ideas"]]

    def _event(self, event):
        in_order = (
            event["prev"] is None or event["prev"] <= self.seq or event["prev"] in self.applied
        )
        self._apply(event, "live")
        if in_order:
            self.seq = max(self.seq, event["seq"])
        else:
            self._caught_up(self.socket.emit("catch_up", {"since": self.seq}, callback=True))

    def _caught_up(self, missed):
        for event in missed["events"]:
            self._apply(event, "catch_up")
        self.seq = max(self.seq, missed["seq"])
        self.tallies = dict(missed["tallies"])  # the full map: replace, never merge
        if missed["more"]:
            self._caught_up(self.socket.emit("catch_up", {"since": self.seq}, callback=True))

    def _tallies(self, push):
        assert "seq" not in push  # no sequence claim the push cannot keep
        if push.get("full"):
            self.tallies = dict(push["tallies"])
        else:
            self.tallies.update(push["tallies"])

    def _apply(self, event, how):
        if event["seq"] in self.applied:
            return
        self.applied.add(event["seq"])
        data, kind = event["data"], event["type"]
        for key in ("idea", "from"):
            if data.get(key):
                self.words.append((how, data[key]["text"]))
        if kind in ("idea_added", "idea_approved", "idea_restored", "idea_edited"):
            self.ideas[data["idea"]["id"]] = data["idea"]
        elif kind == "idea_hidden" and data["idea_id"] in self.ideas:
            self.ideas[data["idea_id"]]["status"] = "hidden"
        elif kind == "ideas_merged":
            if data["idea_id"] in self.ideas:
                self.ideas[data["idea_id"]]["status"] = "merged"
            if data.get("idea"):
                self.ideas[data["idea"]["id"]] = data["idea"]
        elif kind == "idea_unmerged":
            for key in ("idea", "from"):
                if data.get(key):
                    self.ideas[data[key]["id"]] = {**data[key], "status": "shown"}

    def view_of(self):
        shown = {i: idea["text"] for i, idea in self.ideas.items() if idea["status"] == "shown"}
        counts = {k: t["total"] for k, t in self.tallies.items() if t.get("total")}
        return shown, counts


def public_view(app, workshop):
    """The database's public view, as a fresh board is sent it."""
    fresh = socket_for(app, app.test_client(), workshop, "board")
    snap = [m for m in fresh.get_received() if m["name"] == "snapshot"][0]["args"][0]
    fresh.disconnect()
    shown = {i["id"]: i["text"] for i in snap["ideas"]}
    return shown, {k: t["total"] for k, t in snap["tallies"].items() if t.get("total")}


def settle(app, screens, lose=()):
    app.extensions["tally_pump"].flush()
    socketio.sleep(0.01)
    for screen in screens:
        screen.pump(lose=screen in lose)


def test_a_client_written_from_the_docs_alone_survives_drops_and_a_lost_event(
    app, client, db, workshop, open_question
):
    join(client, workshop, "carer")
    phone = DocClient(app, client, workshop, "phone")
    board = DocClient(app, app.test_client(), workshop, "board")
    author, _ = workshops.join(db, workshop, "provider")
    voter, _ = workshops.join(db, workshop, "commissioner")

    def idea(text):
        change = contributions.submit_idea(
            db, workshop, author.value, question_id=open_question["id"], text=text
        )
        # Written past the app, so published by hand the way the writer does.
        publish(
            app.extensions["tally_pump"], app.extensions["chains"], workshop["id"], change.events
        )
        return change.value

    with app.test_request_context():
        first = idea("Local jobs for carers")
        settle(app, [phone, board])
        board.drop()
        second = idea("Buy from Kent firms")
        vote = contributions.cast_vote(db, workshop, voter.value, idea_id=second["id"])
        contributions.withdraw_vote(db, workshop, voter.value, client_id=vote.value["client_id"])
        board.connect()  # reconnects with since = seq, gets caught_up
        third = idea("Keep the same carers")
        settle(app, [phone, board], lose=[phone])  # the phone loses the third idea's event
        fourth = idea("Train local people")
        settle(app, [phone, board])  # its prev names the lost one: a gap, filled
    assert phone.view_of() == board.view_of() == public_view(app, workshop)
    assert {first["id"], second["id"], third["id"], fourth["id"]} <= set(phone.ideas)


# The property: random interleavings through the real Socket.IO server.

steps = st.lists(
    st.one_of(
        st.tuples(st.just("idea"), st.integers(0, 2)),
        st.tuples(st.just("vote"), st.integers(0, 2), st.integers(0, 20)),
        st.tuples(st.just("withdraw"), st.integers(0, 2)),
        st.tuples(st.just("hide"), st.integers(0, 20)),
        st.tuples(st.just("restore"), st.integers(0, 20)),
        st.tuples(st.just("edit"), st.integers(0, 20)),
        st.tuples(st.just("merge"), st.integers(0, 20), st.integers(0, 20)),
        st.tuples(st.just("unmerge"), st.integers(0, 20)),
        st.tuples(st.just("drop"), st.integers(0, 2)),
        st.tuples(st.just("reconnect"), st.integers(0, 2)),
        st.tuples(st.just("lose"), st.integers(0, 2)),
    ),
    min_size=4,
    max_size=25,
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=steps)
# The orders the issue found leaking, run every time besides the random ones.
@example(plan=[("idea", 0), ("drop", 0), ("idea", 1), ("hide", 1), ("reconnect", 0)])
@example(plan=[("idea", 0), ("drop", 2), ("idea", 1), ("edit", 1), ("reconnect", 2)])
@example(
    plan=[("idea", 0), ("idea", 1), ("merge", 0, 1), ("drop", 0), ("edit", 1), ("reconnect", 0)]
)
@example(plan=[("idea", 0), ("lose", 2), ("idea", 1), ("idea", 2), ("vote", 0, 1), ("hide", 1)])
def test_every_screen_equals_the_database_and_never_gets_a_removed_word(app, plan):
    """Writes, moderation, drops, lost events and reconnects in any order: each
    screen ends equal to the database's public view, and no catch-up ever
    hands a board or phone words that were hidden or edited out before it."""
    db = store.connect(app.config["DATABASE"])
    workshop = workshops.create(db, "Property")
    question = open_first(db, workshop)
    screens, writers = [], []
    for n, role in enumerate(("carer", "provider", "vcse")):
        http = app.test_client()
        join(http, workshop, role)
        writers.append(socket_for(app, http, workshop, "phone"))
        screens.append(DocClient(app, http, workshop, "phone" if n < 2 else "board"))
    facilitator = app.test_client()
    console = socket_for(app, facilitator, workshop, "console", key=workshop["facilitator_key"])
    ideas, votes, removed, online = [], {0: [], 1: [], 2: []}, set(), [True, True, True]
    lose = set()

    def pick(n):
        return ideas[n % len(ideas)] if ideas else None

    for count, step in enumerate(plan):
        kind, *args = step
        if kind == "idea":
            reply = writers[args[0]].emit(
                "submit_idea",
                {"question_id": question["id"], "text": f"Words {count} of {args[0]}"},
                callback=True,
            )
            if reply["ok"]:
                ideas.append(reply["idea"]["id"])
        elif kind == "vote" and pick(args[1]):
            reply = writers[args[0]].emit("cast_vote", {"idea_id": pick(args[1])}, callback=True)
            if reply["ok"]:
                votes[args[0]].append(reply["vote"]["client_id"])
        elif kind == "withdraw" and votes[args[0]]:
            writers[args[0]].emit(
                "withdraw_vote", {"client_id": votes[args[0]].pop()}, callback=True
            )
        elif kind in ("hide", "restore", "unmerge") and pick(args[0]):
            before = store.idea_by_id(db, pick(args[0]))
            name = {"hide": "hide_idea", "restore": "restore_idea", "unmerge": "unmerge_idea"}
            if console.emit(name[kind], {"idea_id": pick(args[0])}, callback=True)["ok"]:
                if kind == "hide":
                    removed.add(before["text"])
                else:
                    removed.discard(before["text"])
        elif kind == "edit" and pick(args[0]):
            before = store.idea_by_id(db, pick(args[0]))
            reply = console.emit(
                "edit_idea", {"idea_id": pick(args[0]), "text": f"Fixed {count}"}, callback=True
            )
            if reply["ok"]:
                removed.add(before["text"])
        elif kind == "merge" and pick(args[0]):
            console.emit(
                "merge_ideas", {"idea_id": pick(args[0]), "into": pick(args[1])}, callback=True
            )
        elif kind == "drop" and online[args[0]]:
            screens[args[0]].drop()
            online[args[0]] = False
        elif kind == "reconnect" and not online[args[0]]:
            screens[args[0]].connect()
            online[args[0]] = True
        elif kind == "lose":
            lose.add(screens[args[0]])
        now_removed = removed - {i["text"] for i in moderation.ideas_for(db, workshop, "board")}
        app.extensions["tally_pump"].flush()
        for n, screen in enumerate(screens):
            if online[n]:
                seen = len(screen.words)
                screen.pump(lose=screen in lose)
                lose.discard(screen)
                replayed = {text for how, text in screen.words[seen:] if how != "live"}
                assert not replayed & now_removed, (replayed & now_removed, step)
    for n, screen in enumerate(screens):
        if not online[n]:
            screen.connect()
    settle(app, screens)
    expected = public_view(app, workshop)
    for screen in screens:
        assert screen.view_of() == expected, json.dumps([screen.view_of(), expected], default=str)
    for socket in [*writers, console, *(s.socket for s in screens)]:
        if socket.is_connected():
            socket.disconnect()
    db.conn.close()
