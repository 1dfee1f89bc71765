"""room/standing.py: the orders kept up from the log are the orders read from
scratch (board.orders), whatever the room and the facilitator do, through the
real action path (Socket.IO, the action table, group commit, the pump)."""

import random

from harness.clients import join, socket_for
from workshop.room import board, workshops
from workshop.room.standing import Standing
from workshop.storage import db as store

ROLES = ("person_receiving_care", "carer", "provider", "commissioner", "vcse", "other")
SEED = 27


class Room:
    """A workshop driven through sockets: phones, a console, a board, and every
    orders push the board received (the pump's own kept orders)."""

    def __init__(self, app, db, rng):
        self.db, self.rng = db, rng
        self.workshop = workshops.create(db, "Kept orders", vote_budget=6)
        self.questions = [q["id"] for q in store.questions_of(db, self.workshop["id"])[:2]]
        key = self.workshop["facilitator_key"]
        self.console = socket_for(app, app.test_client(), self.workshop, "console", key=key)
        self.board = socket_for(app, app.test_client(), self.workshop, "board")
        # Six of most roles, so each counts in the cross-role score (ranking.MIN_ROLE).
        self.phones = [
            socket_for(app, join(app.test_client(), self.workshop, ROLES[n % 6]), self.workshop)
            for n in range(33)
        ]
        self.votes = []  # (phone, client id) of votes acknowledged
        self.sent = 0
        self.done = {}
        self.log = []

    def ideas(self):
        return [i["id"] for i in store.all_ideas_of(self.db, self.workshop["id"])]

    def phone(self, name, **data):
        return self._emit(self.rng.choice(self.phones), name, data)

    def facilitate(self, name, **data):
        return self._emit(self.console, name, data)

    def _emit(self, socket, name, data):
        reply = socket.emit(name, data, callback=True)
        self.log.append((name, data, "error" not in reply))
        ok = "error" not in reply
        self.done[name, ok] = self.done.get((name, ok), 0) + 1
        return reply if ok else None

    def client_id(self):
        self.sent += 1
        return f"client-{self.sent:06d}"

    def act(self):
        """One random action of the room's or the facilitator's."""
        rng, rows = self.rng, store.all_ideas_of(self.db, self.workshop["id"])
        ideas = [i["id"] for i in rows]
        status = {}
        for i in rows:
            status.setdefault(i["status"], []).append(i["id"])
        shown, merged = status.get("shown", []), status.get("merged", [])
        pending, hidden = status.get("pending", []), status.get("hidden", [])
        open_now = [
            q["id"]
            for q in store.questions_of(self.db, self.workshop["id"])
            if q["status"] == "open"
        ]
        # Mostly the open question, as a room would; now and then one that is not.
        question = rng.choice(open_now if open_now and rng.random() < 0.9 else self.questions)
        kind = rng.choices(
            [
                "idea",
                "vote",
                "withdraw",
                "move",
                "merge",
                "unmerge",
                "hide",
                "restore",
                "approval",
                "approve",
                "role",
                "question",
                "themes",
                "theme_vote",
            ],
            weights=[8, 40, 6, 6, 3, 2, 1, 2, 1, 2, 1, 1, 1, 2],
        )[0]
        if kind == "idea":
            self.phone("submit_idea", question_id=question, text=f"Idea {self.client_id()}")
        elif kind in ("vote", "move") and ideas:
            if kind == "move" and self.votes:
                socket, client_id = self.votes.pop(rng.randrange(len(self.votes)))
                self._emit(socket, "withdraw_vote", {"client_id": client_id})
            socket, client_id = rng.choice(self.phones), self.client_id()
            if self._emit(
                socket, "cast_vote", {"idea_id": rng.choice(ideas), "client_id": client_id}
            ):
                self.votes.append((socket, client_id))
        elif kind == "withdraw" and self.votes:
            socket, client_id = self.votes.pop(rng.randrange(len(self.votes)))
            self._emit(socket, "withdraw_vote", {"client_id": client_id})
        elif kind == "merge" and len(shown) > 1:
            source, into = rng.sample(shown, 2)
            self.facilitate("merge_ideas", idea_id=source, into=into)
        elif kind == "unmerge" and merged:
            self.facilitate("unmerge_idea", idea_id=rng.choice(merged))
        elif kind == "hide" and ideas:
            self.facilitate("hide_idea", idea_id=rng.choice(shown + pending or ideas))
        elif kind == "restore" and hidden:
            self.facilitate("restore_idea", idea_id=rng.choice(hidden))
        elif kind == "approval":
            self.facilitate("set_approval", on=rng.random() < 0.5)
        elif kind == "approve" and pending:
            self.facilitate("approve_idea", idea_id=rng.choice(pending))
        elif kind == "role":
            self.phone("change_role", role=rng.choice(ROLES))
        elif kind == "question":
            # Close the open one, open the other (closing this one) or reopen one closed;
            # a room left with none open gets one at the next step but one.
            if open_now and rng.random() < 0.4:
                self.facilitate("close_question", question_id=open_now[0])
            else:
                self.facilitate("open_question", question_id=rng.choice(self.questions))
        elif not open_now:
            self.facilitate("open_question", question_id=rng.choice(self.questions))
        elif kind == "themes":
            shown = [i["id"] for i in store.ideas_of(self.db, self.workshop["id"], question)]
            if len(shown) >= 2 and rng.random() < 0.5:
                half = len(shown) // 2
                groups = [
                    {"label": "One", "ideas": shown[:half]},
                    {"label": "Two", "ideas": shown[half:]},
                ]
                self.facilitate("accept_themes", question_id=question, groups=groups)
            self.facilitate(
                "set_vote_on", question_id=question, vote_on=rng.choice(["themes", "ideas"])
            )
        elif kind == "theme_vote":
            themes = self.db.conn.execute(
                "SELECT id FROM themes WHERE workshop_id = ?", (self.workshop["id"],)
            ).fetchall()
            if themes:
                self.phone(
                    "cast_theme_vote", theme_id=rng.choice(themes)[0], client_id=self.client_id()
                )

    def board_orders(self):
        """The orders the board was sent, each question's latest."""
        found = {}
        for message in self.board.get_received():
            if message["name"] == "tallies":
                found.update(message["args"][0].get("orders", {}))
        return found


def test_kept_orders_are_the_orders_from_scratch_after_every_kind_of_action(app, db):
    """Votes cast, withdrawn and moved, ideas added, merged, unmerged, hidden and
    restored, approval on and off, roles changed, questions opened, closed and
    reopened, dots on themes: after each action a kept Standing gives what
    board.orders reads from scratch, for every question and for a few ideas'
    questions; another one asked only now and then (a second process) and one
    made anew (a restart) give the same; and so do the pushes the board got."""
    rng = random.Random(SEED)
    room = Room(app, db, rng)
    room.facilitate("open_question", question_id=room.questions[0])
    every, sometimes = Standing(), Standing()
    pushed = {}
    for step in range(400):
        room.act()
        workshop = workshops.get(db, room.workshop["code"])
        expected = board.orders(db, workshop)
        assert every.orders(db, workshop) == expected, (step, room.log[-3:])
        some = rng.sample(room.ideas(), min(3, len(room.ideas())))
        assert every.orders(db, workshop, some) == board.orders(db, workshop, some), step
        if step % 7 == 0:
            assert sometimes.orders(db, workshop) == expected, step
        if step % 50 == 0:
            assert Standing().orders(db, workshop) == expected, step
            pushed.update(room.board_orders())
    app.extensions["tally_pump"].flush(orders=True)
    pushed.update(room.board_orders())
    expected = board.orders(db, workshop)
    assert {q: pushed.get(q) for q in expected} == expected
    assert app.extensions["tally_pump"].standing.orders(db, workshop) == expected
    # Every kind of action took effect at least once, so each was crossed with the rest.
    done = {name for (name, ok), n in room.done.items() if ok}
    assert done >= {
        "submit_idea",
        "cast_vote",
        "withdraw_vote",
        "merge_ideas",
        "unmerge_idea",
        "hide_idea",
        "restore_idea",
        "set_approval",
        "approve_idea",
        "change_role",
        "open_question",
        "close_question",
        "accept_themes",
        "set_vote_on",
        "cast_theme_vote",
    }, room.done
    # The orders count enough votes to mean something: several per idea, every role.
    standing = db.conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT voter_role) FROM votes WHERE workshop_id = ?"
        " AND withdrawn_at IS NULL",
        (room.workshop["id"],),
    ).fetchone()
    assert standing[0] >= 40 and standing[1] == len(ROLES), standing
