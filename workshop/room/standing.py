"""Each question's standing votes kept up to date from the log, and the orders
they give boards and consoles: the same orders as board.orders, without
re-reading every vote of the question once a second.

A workshop's ideas and standing votes are read whole once. After that each
call reads only the log's events since and the votes numbered since: a vote
cast is added, a vote withdrawn re-reads the ids of its idea's standing votes
(from the votes index), a new idea joins its question. Any other event that
may move a vote or change which ideas are shown (a merge or its undo, a hide,
a restore, an approval, a question opened or closed, an end...) reads the
workshop whole again, as does a process that has just started. Every process
reads the same log, so each gives the same orders (several processes on
Redis). docs/PERFORMANCE.md, "Board orders kept, not re-read".
"""

import threading
from collections import OrderedDict

from ..storage import db as store
from ..storage import standing as rows
from . import framework as fw
from . import ranking

# Handled one by one: a vote cast or withdrawn, a new idea on the board.
FOLDED = frozenset({"vote_cast", "vote_withdrawn", "idea_added"})
# Events that neither move a vote nor change which ideas are shown or how they
# are merged: the log passes them by. Any type not named here or in FOLDED
# reads the workshop whole again, so a kind of event added later is safe.
UNMOVED = frozenset(
    {
        "participant_joined",
        "participant_role_changed",  # votes keep the role they were cast in
        "door_waiting",
        "idea_pending",  # not shown and without votes until approved (its own event)
        "idea_edited",  # words and tags only
        "idea_not_meant",
        "theme_vote_cast",
        "theme_vote_withdrawn",
        "story_added",
        "quiet_signal",
        "ranking_changed",  # the ranking kind's own table
        "question_read_aloud",
        "settings_changed",
        "board_view",
        "timer_changed",
        "closing_soon",
    }
)


class Standing:
    """The standing votes and orders of the most recently asked KEEP workshops."""

    KEEP = 64

    def __init__(self):
        self.kept = OrderedDict()
        self.lock = threading.Lock()

    def orders(self, db, workshop, idea_ids=None):
        """{question id (text): {ordering: [idea ids]}} for the questions of these ideas
        (every question for None), as board.orders gives them. Read-only lists."""
        key = (workshop["id"], workshop.get("code"), workshop.get("created_at"))
        with self.lock, store.reading(db):
            room = self.kept.pop(key, None)
            room = room.catch_up(db) if room else None
            room = room or _Room(db, workshop["id"])
            self.kept[key] = room
            while len(self.kept) > self.KEEP:
                self.kept.popitem(last=False)
            questions = room.questions_of(db, idea_ids)
            framework = workshop["framework"]
            experts, catch_all = fw.expert_roles(framework), fw.catch_all_roles(framework)
            return {
                str(q): room.ordered(q, experts, catch_all) for q in questions if room.shown.get(q)
            }


class _Count:
    """Standing votes keyed by (person, role): votes and distinct people per role."""

    __slots__ = ("each", "votes", "people")

    def __init__(self):
        self.each, self.votes, self.people = {}, {}, {}

    def add(self, key, n):
        before = self.each.get(key, 0)
        after = before + n
        if after:
            self.each[key] = after
        else:
            del self.each[key]
        _bump(self.votes, key[1], n)
        if not before or not after:
            _bump(self.people, key[1], 1 if after else -1)


def _bump(counts, role, n):
    left = counts.get(role, 0) + n
    if left:
        counts[role] = left
    else:
        del counts[role]


class _Room:
    """One workshop's ideas (question, root, shown) and standing votes, as of `seq`."""

    def __init__(self, db, workshop_id):
        self.workshop_id = workshop_id
        self.seq = rows.last_seq(db, workshop_id)
        self.vote_id = rows.last_vote_id(db, workshop_id)
        self.question_of, self.root, self.members, self.shown = {}, {}, {}, {}
        ideas = rows.ideas(db, workshop_id)
        parent = {idea_id: into for idea_id, _, into, _ in ideas}
        for idea_id, question_id, _, status in ideas:
            root = _root(idea_id, parent)
            self.question_of[idea_id] = question_id
            self.root[idea_id] = root
            self.members.setdefault(root, []).append(idea_id)
            if status == "shown":
                self.shown.setdefault(question_id, []).append(idea_id)
        self.votes = {}  # {vote id: (root, (person, role))}
        self.groups = {}  # {root: _Count}
        self.on = {}  # {root: ids of its standing votes}
        self.questions = {}  # {question id: _Count}
        self.orders = {}  # {question id: its orders}, dropped when a count in it changes
        for vote_id, idea_id, person, role in rows.votes(db, workshop_id):
            self._cast(vote_id, idea_id, (person, role))

    def catch_up(self, db):
        """Fold in what the log holds past `seq`; None when only a whole read will do."""
        log = rows.log_after(db, self.workshop_id, self.seq)
        if not log:
            return self
        if any(kind not in FOLDED and kind not in UNMOVED for _, kind, _ in log):
            return None
        added = [idea for _, kind, idea in log if kind == "idea_added"]
        for idea_id, question_id, into, status in rows.ideas_by_id(db, added) if added else ():
            if status != "shown" or into is not None or idea_id in self.root:
                return None  # moved since by an event that is not here: read it whole
            self.question_of[idea_id] = question_id
            self.root[idea_id] = idea_id
            self.members[idea_id] = [idea_id]
            self.shown.setdefault(question_id, []).append(idea_id)
            self.orders.pop(question_id, None)
        for vote_id, idea_id, person, role, withdrawn in rows.votes_after(
            db, self.workshop_id, self.vote_id
        ):
            self.vote_id = vote_id
            if idea_id not in self.root:
                return None
            if not withdrawn:
                self._cast(vote_id, idea_id, (person, role))
        taken = {self.root.get(idea) for _, kind, idea in log if kind == "vote_withdrawn"}
        for root in taken:
            if root is None or not self._recount(db, root):
                return None
        self.seq = log[-1][0]
        return self

    def _cast(self, vote_id, idea_id, key):
        root = self.root[idea_id]
        self.votes[vote_id] = (root, key)
        self.on.setdefault(root, set()).add(vote_id)
        self._count(root, key, 1)

    def _count(self, root, key, n):
        question_id = self.question_of[root]
        self.groups.setdefault(root, _Count()).add(key, n)
        self.questions.setdefault(question_id, _Count()).add(key, n)
        self.orders.pop(question_id, None)

    def _recount(self, db, root):
        """Drop the votes on `root`'s group that are no longer standing; False if the
        index holds a standing vote this room never saw."""
        standing = rows.standing_ids(db, self.members[root])
        held = self.on.get(root, set())
        if standing - held:
            return False
        for vote_id in held - standing:
            _, key = self.votes.pop(vote_id)
            self._count(root, key, -1)
        self.on[root] = standing
        return True

    def questions_of(self, db, idea_ids):
        """The questions of these ideas (every question with ideas for None), in order."""
        if idea_ids is None:
            return sorted(set(self.question_of.values()))
        unknown = [i for i in idea_ids if i not in self.question_of]
        found = {self.question_of[i] for i in idea_ids if i in self.question_of}
        if unknown:  # not shown when this room was read (pending then): ask
            found.update(row[1] for row in rows.ideas_by_id(db, unknown))
        return sorted(found)

    def ordered(self, question_id, experts, catch_all):
        """The question's orders (room/ranking.py), worked out again only after a change."""
        found = self.orders.get(question_id)
        if found is None:
            empty = _Count()
            ideas = [
                {
                    "id": i,
                    "by_role": self.groups.get(i, empty).votes,
                    "supporters": self.groups.get(i, empty).people,
                }
                for i in self.shown[question_id]
            ]
            voters = self.questions.get(question_id, empty).people
            found = self.orders[question_id] = ranking.orders(ideas, voters, experts, catch_all)
        return found


def _root(idea_id, parent):
    """The idea a merged idea's votes count for: up the merges to one not merged."""
    seen = {idea_id}
    while parent.get(idea_id) is not None and parent[idea_id] not in seen:
        idea_id = parent[idea_id]
        seen.add(idea_id)
    return idea_id
