"""A believable demo workshop at the framework's own size.

Ninety delegates in a realistic mix of roles; well over a hundred ideas on
each Analyse question in the room's own uneven words (demo_room.toml), with
near duplicates, a supporter's and a scribe's entries and paper cards; dots
spread by what each role cares about; an outreach fortnight before the day.
With the Plan stage (the default): duplicates merged, a phone number hidden,
a few ideas tagged, five ideas carried forward as provisional outcomes and
worded by the facilitator, the room's order of them (a ranking question every
delegate answers, each role leaning its own way), the room's answers about each (requirement answers
marked as the framework's specified requirements or open questions where
their words say which), risk ratings, and stories with and without consent to
quote, one marked for follow-up and one hidden.

It goes through the same domain functions as a real room, so the event log,
tallies and report are what a live event would produce. Seeded: the same
seed gives the same workshop.
"""

import random
import tomllib
from datetime import date, timedelta
from pathlib import Path

from ..room import agenda, contributions, moderation, outreach, plan, rules, stories, workshops
from ..room.kinds import ranking
from ..storage import db as store
from ..storage.connection import SYNCHRONOUS

ROOM = tomllib.loads((Path(__file__).with_name("demo_room.toml")).read_text(encoding="utf-8"))
ROOM_MIX = {role: n for role, n in ROOM["room"].items() if isinstance(n, int)}
MARKS = ("specified_requirement", "open_question")
RATINGS = ("low", "medium", "high")


def parse(line):
    """An idea line of demo_room.toml as (how, role, on_behalf_of, mark, text).

    how is "self", "card" or "scribe"; mark is a Plan answer's mark or rating.
    """
    head, text = (part.strip() for part in line.split("|", 1))
    words = head.split()
    how = words.pop(0) if words[0] in ("card", "scribe") else "self"
    mark = words.pop(0) if words[0] in MARKS + RATINGS else None
    role = words.pop(0)
    on_behalf_of = words[1] if words[:1] == ["for"] else None
    return how, role, on_behalf_of, mark, text


def themes(question_key):
    """[(label, [idea text, ...])] for an Analyse question: the demo's own answer key."""
    [question] = [q for q in ROOM["question"] if q["key"] == question_key]
    return [(t["label"], [parse(line)[4] for line in t["ideas"]]) for t in question["theme"]]


def create(
    db,
    title="Home care re-commissioning, West Kent: market engagement",
    *,
    mix=None,
    seed=2016,
    framework=None,
    plan_stage=True,
):
    """Create the demo workshop and run the Analyse stage (and the Plan stage) through it."""
    # Some 2,000 small transactions: waiting for the disk after each took ten
    # seconds on a busy laptop. A demo can be made again, so it is written
    # without waiting, and the usual setting is back before anything else writes.
    db.conn.execute("PRAGMA synchronous = OFF")
    try:
        return _create(db, title, mix, seed, framework, plan_stage)
    finally:
        db.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")


def _create(db, title, mix, seed, framework, plan_stage):
    rng = random.Random(seed)
    workshop = workshops.create(db, title, framework=framework, stages=("analyse", "plan"))
    questions = {q["framework_key"]: q for q in rules.agenda(db, workshop)}
    # The ranking draws from its own stream, so the rest of the demo is as it was.
    room = Room(db, workshop, rng, random.Random(f"{seed} ranking"))
    if plan_stage:
        room.outreach(questions)
    room.join(mix or ROOM_MIX)
    for entry in ROOM["question"]:
        room.analyse(questions[entry["key"]], entry["theme"])
    if plan_stage:
        room.moderate(ROOM["moderation"])
        room.stories(questions)
        room.plan(questions)
    # Opening each question closed the one before; the last stays open to try.
    return workshop


def summary(db, workshop):
    """One line on what the demo made, counted from the database."""
    people = dict(
        db.conn.execute(
            "SELECT origin, COUNT(*) FROM participants WHERE workshop_id = ? GROUP BY origin",
            (workshop["id"],),
        ).fetchall()
    )
    ideas = [
        n
        for (n,) in db.conn.execute(
            "SELECT COUNT(i.id) FROM questions q LEFT JOIN ideas i ON i.question_id = q.id"
            " WHERE q.workshop_id = ? AND q.stage = 'analyse' GROUP BY q.id ORDER BY q.position",
            (workshop["id"],),
        )
    ]
    outcomes = len(plan.outcomes(db, workshop))
    line = f"{people.get('room', 0)} delegates in the room"
    if people.get("outreach"):
        line += f" and {people['outreach']} by outreach"
    line += f"; {', '.join(map(str, ideas))} ideas on the Analyse questions, voted on"
    if outcomes:
        line += f"; {outcomes} provisional outcomes answered in the Plan stage"
    return line + "."


class Room:
    """The people in the room and what they have written so far."""

    def __init__(self, db, workshop, rng, rank_rng=None):
        self.db, self.workshop, self.rng = db, workshop, rng
        self.rank_rng = rank_rng or random.Random(0)
        self.people, self.by_role = [], {}
        self.ideas = {}  # text -> idea, as written
        self.appeal = {}  # idea id -> (roles whose dots it draws, how well it is put)
        self.cards = 0

    def join(self, mix):
        for role, count in mix.items():
            for _ in range(count):
                person = workshops.join(self.db, self.workshop, role)[0].value
                self.people.append(person)
                self.by_role.setdefault(role, []).append(person)

    def someone(self, role):
        """A person of this role, or anyone when a smaller demo room has none of them."""
        return self.rng.choice(self.by_role.get(role) or self.people)

    def outreach(self, questions):
        """The fortnight before the day: answers from people who could not come.

        The window opens today and is closed again before the room joins, so
        the room's own joins (and anyone trying the demo later) are the day's.
        """
        said = ROOM["outreach"]
        first = date.fromisoformat(store.now()[:10])  # the clock outreach.is_open reads
        last = first + timedelta(days=said["days"] - 1)
        chosen = [questions[key]["id"] for key in said["questions"]]
        outreach.set_window(
            self.db,
            self.workshop,
            opens_on=first.isoformat(),
            closes_on=last.isoformat(),
            question_ids=chosen,
        )
        workshop = workshops.get(self.db, self.workshop["code"])
        for line in said["answers"]:
            key, rest = line.split(" ", 1)
            _, role, _, _, text = parse(rest.replace(" via ", " ", 1))
            person = self._outreach_person(workshop, role, " via " in rest)
            idea = outreach.submit(
                self.db, workshop, person, question_id=questions[key]["id"], text=text
            ).value
            self.appeal[idea["id"]] = ((role,), 1.0)
        _, role, _, _, text = parse(said["story"].replace(" via ", " ", 1))
        person = self._outreach_person(workshop, role, True)
        outreach.submit_story(self.db, workshop, person, text=text, may_quote=True)
        outreach.close_window(self.db, workshop)

    def _outreach_person(self, workshop, role, supported):
        supporter = ROOM["outreach"]["supporter_role"] if supported else None
        return workshops.join(self.db, workshop, role, supporter)[0].value

    def analyse(self, question, theme_list):
        """Open the question, let everyone write (in a shuffled order), then vote."""
        agenda.open_question(self.db, self.workshop, question["id"])
        lines = [(theme, n, line) for theme in theme_list for n, line in enumerate(theme["ideas"])]
        self.rng.shuffle(lines)
        for theme, n, line in lines:
            idea = self.write(question, theme, line)
            # The first idea of each theme says it most plainly and draws more dots.
            put = self.rng.lognormvariate(0, 0.7) * (2.5 if n == 0 else 1)
            self.appeal[idea["id"]] = (tuple(theme["favoured_by"]), put)
        shown = [
            i
            for i in moderation.ideas_for(self.db, self.workshop, "board")
            if i["question_id"] == question["id"]
        ]
        self.vote(shown)

    def write(self, question, theme, line):
        how, role, on_behalf_of, _, text = parse(line)
        tags = {}
        if self.rng.random() < ROOM["room"]["tagged_share"]:
            tags = {"priority": theme.get("priority"), "outcome_kind": theme.get("outcome_kind")}
        if how == "self":
            idea = contributions.submit_idea(
                self.db,
                self.workshop,
                self.someone(role),
                question_id=question["id"],
                text=text,
                on_behalf_of=on_behalf_of,
                **tags,
            ).value
        else:
            card = None
            if how == "card":
                self.cards += 1
                card = self.cards
            idea = moderation.scribe(
                self.db,
                self.workshop,
                question_id=question["id"],
                text=text,
                role=role,
                card_number=card,
                **tags,
            ).value
        self.ideas[text] = idea
        return idea

    def vote(self, ideas):
        """Most people spend most of their dots, on what their role cares about.

        A role's favoured themes draw four times the dots, a voter's own role's
        ideas half as many again, and a plainly put idea more than a muddled one.
        """
        if not ideas:
            return
        budget = self.workshop["vote_budget"]
        for person in self.people:
            if self.rng.random() < 0.08:  # a few never vote on this question
                continue
            weights = []
            for idea in ideas:
                favoured, put = self.appeal.get(idea["id"], ((), 1.0))
                weight = put * (4 if person["role"] in favoured else 1)
                weights.append(weight * (1.5 if idea["author_role"] == person["role"] else 1))
            dots = min(
                len(ideas), budget if self.rng.random() < 0.8 else self.rng.randint(1, budget)
            )
            chosen = set()
            while len(chosen) < dots:
                chosen.add(self.rng.choices(range(len(ideas)), weights)[0])
            for index in sorted(chosen):
                contributions.cast_vote(self.db, self.workshop, person, idea_id=ideas[index]["id"])

    def moderate(self, said):
        """Merge the near duplicates, hide the phone number, tag a few for the Statement."""
        for repeat, into in said["merge"]:
            moderation.merge(
                self.db, self.workshop, self.ideas[repeat]["id"], self.ideas[into]["id"]
            )
        for text in said["hidden"]:
            moderation.hide(self.db, self.workshop, self.ideas[text]["id"])
        for text, strategic, theme in said["tags"]:
            row = store.idea_by_id(self.db, self.ideas[text]["id"])
            moderation.tag(
                self.db,
                self.workshop,
                row["id"],
                priority=row["priority"],
                outcome_kind=row["outcome_kind"],
                strategic_outcome=strategic,
                care_act_theme=theme,
            )

    def stories(self, questions):
        """Stories with and without consent; one needs follow-up, one is hidden."""
        for told in ROOM["story"]:
            question = questions[told["question"]]["id"] if "question" in told else None
            story = stories.submit_story(
                self.db,
                self.workshop,
                self.someone(told["role"]),
                text=told["text"],
                may_quote=told["may_quote"],
                question_id=question,
                on_behalf_of=told.get("on_behalf_of"),
            ).value
            if told.get("follow_up"):
                stories.flag_story(self.db, self.workshop, story["id"], True)
            if told.get("hidden"):
                stories.hide_story(self.db, self.workshop, story["id"])

    def plan(self, questions):
        """Carry the chosen ideas forward, word them, answer and mark the Plan questions."""
        carried = ROOM["outcome"]
        outcomes = plan.carry_forward(
            self.db, self.workshop, [self.ideas[o["from"]]["id"] for o in carried]
        ).value
        for outcome, said in zip(outcomes, carried, strict=True):
            if "wording" in said:
                plan.edit_outcome(self.db, self.workshop, outcome["id"], said["wording"])
        self.rank(ROOM["ranking"])
        for key, question in questions.items():
            if question["stage"] != "plan":
                continue
            agenda.open_question(self.db, self.workshop, question["id"])
            answers = []
            for outcome, said in zip(outcomes, carried, strict=True):
                for line in said.get(key, []):
                    answers.append(self.answer(question, outcome, line))
            self.vote([idea for idea, _ in answers])
            for idea, mark in answers:
                if mark in MARKS:
                    plan.mark_answer(self.db, self.workshop, idea["id"], mark)

    def rank(self, said):
        """Ask the room to order the carried outcomes; everyone in the room answers,
        each leaning the way their role does (demo_room.toml's [ranking])."""
        question = agenda.add_question(
            self.db,
            self.workshop,
            stage="plan",
            text=said["text"],
            easy_read=said["easy_read"],
            kind="ranking",
        ).value
        agenda.open_question(self.db, self.workshop, question["id"])
        options = ranking.rows.options_of(self.db, self.workshop["id"])[question["id"]]
        ids = [o["id"] for o in options]
        for role, people in self.by_role.items():
            # A role the demo's file has no leaning for (another framework's) picks at random.
            leaning = said["roles"].get(role, {"order": range(1, len(ids) + 1), "agree": 1})
            preferred = [ids[n - 1] for n in leaning["order"]]
            for person in people:
                weights = {i: leaning["agree"] ** -n for n, i in enumerate(preferred)}
                order = []
                while weights:
                    [chosen] = self.rank_rng.choices(list(weights), list(weights.values()))
                    order.append(chosen)
                    del weights[chosen]
                ranking.submit_ranking(self.db, self.workshop, person, question["id"], order)

    def answer(self, question, outcome, line):
        _, role, _, mark, text = parse(line)
        idea = contributions.submit_idea(
            self.db,
            self.workshop,
            self.someone(role),
            question_id=question["id"],
            text=text,
            outcome_id=outcome["id"],
            rating=mark if mark in RATINGS else None,
        ).value
        self.appeal[idea["id"]] = ((role,), self.rng.lognormvariate(0, 0.5))
        return idea, mark
