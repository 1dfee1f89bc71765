"""A room the size of the framework's own workshop, built through the JSON
API of a real server: 90 phones in the demo's mix of roles and 150 ideas on
one question (short, middling and a few very long), tagged and voted on.
Used by the board and console browser tests, the screenshots and the
console benchmark."""

import itertools
import random
from contextlib import contextmanager

from harness.attendee import Room
from harness.servers import served_workshop
from workshop.cli.demo import ROOM_MIX
from workshop.room.framework import DEFAULT_PATH

OPENINGS = [
    "Local people employed as support workers",
    "Paid jobs for people who use the service",
    "A monthly coffee morning with the day centre",
    "Buy food from Kent farms for the lunch club",
    "Electric cars for the care workers on rural rounds",
    "Carers trained in sign language",
    "A buddy scheme so nobody goes to the football alone",
    "Apprenticeships for young people leaving care",
    "Keep the same care worker every week",
    "Fair pay and travel time for staff",
    "Let us help interview new staff",
    "Repair cafe run with the library",
]
MIDDLES = [
    "because it builds trust and people feel known",
    "so money stays in the local economy",
    "which gets people out of the house and meeting neighbours",
    "with easy-read information sent before each visit",
    "and count how many hours of volunteering it creates",
    "so the service feels like part of the community",
]
LONG = (
    "When my mum's care changed provider last year we lost the carer who had come "
    "for six years, and with her the walk to the shop on Thursdays, the chat about "
    "the garden and the way she noticed when mum was not eating. None of that was "
    "in the contract but it was the most important part of the service. Whatever "
    "happens in this re-commissioning, please write into the specification that "
    "people keep the workers they know and that those small extras are counted."
)


def idea_texts(count, seed=11):
    """`count` idea texts of the lengths a real room writes: mostly a line or two."""
    rng = random.Random(seed)
    texts = []
    for n in range(count):
        base = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)} (idea {n + 1})"
        if n % 25 == 7:
            base = f"{LONG} (idea {n + 1})"
        elif n % 4 == 1:
            base += f", {rng.choice(MIDDLES)}"
        texts.append(base)
    return texts


def build(base, db, links, *, ideas=150, votes_each=3, seed=11):
    """Join 90 phones, open the first question, send `ideas` ideas and votes; return the Room."""
    rng = random.Random(seed)
    room = Room(base, db, links)
    question = room.open(0)
    roles = list(itertools.chain.from_iterable([r] * n for r, n in ROOM_MIX.items()))
    phones = [(role, room.attendee(role)) for role in roles]
    made = []
    framework = room.facilitator.get(room.api).json()["workshop"]
    priorities = [p["key"] for p in framework["priorities"]]
    kinds = [k["key"] for k in framework["outcome_kinds"]]
    for n, text in enumerate(idea_texts(ideas, seed)):
        _, session = phones[n % len(phones)]
        reply = session.post(
            f"{room.api}/ideas",
            json={
                "question_id": question["id"],
                "text": text,
                "priority": priorities[n % 6] if n % 6 < len(priorities) else None,
                "outcome_kind": kinds[n % 5] if n % 5 < len(kinds) else None,
            },
        )
        assert reply.status_code == 201, reply.text
        made.append(reply.json()["idea"])
    for _, session in phones:
        for idea in rng.sample(made, votes_each):
            assert session.post(f"{room.api}/votes", json={"idea_id": idea["id"]}).ok
    room.question, room.ideas, room.phones = question, made, phones
    return room


# A theme label is the facilitator's text: the browser tests check it shows as text.
MARKUP_LABEL = "<b>Paid work</b><img src=x onerror=alert(1)>"


def accept_themes(room, groups):
    """Accept `groups` ([{"label", "ideas": [ids]}]) as the room's themes through the
    console's action; the accepted themes, {"groups": [... each with its "id"]}."""
    return room.console("accept_themes", question_id=room.question["id"], groups=groups)["themes"]


def tenths(room, first_label=MARKUP_LABEL):
    """Ten themes of 15 ideas (every tenth idea), the first named `first_label`."""
    ids = [i["id"] for i in room.ideas]
    return [
        {"label": first_label if n == 0 else f"Theme {n + 1}", "ideas": ids[n::10]}
        for n in range(10)
    ]


# Ten themes as a facilitator would accept them, short names for the room's
# twelve openings: local workers with paid jobs, pay with recruiting, the long
# stories with keeping the same care worker.
TEN_THEMES = dict(
    zip(
        OPENINGS + ["long"],
        [
            "Local jobs",
            "Local jobs",
            "Coffee morning",
            "Food from Kent farms",
            "Electric cars",
            "Sign language",
            "Buddy scheme",
            "Apprenticeships",
            "Same care worker",
            "Good jobs for staff",
            "Good jobs for staff",
            "Repair cafe",
            "Same care worker",
        ],
        strict=True,
    )
)


def ten_themes(room):
    """The room's ideas in ten themes by their openings (TEN_THEMES)."""
    groups = {}
    for idea in room.ideas:
        opening = next((o for o in OPENINGS if idea["text"].startswith(o)), "long")
        groups.setdefault(TEN_THEMES[opening], []).append(idea["id"])
    return [{"label": label, "ideas": ids} for label, ids in groups.items()]


def vote_on_themes(room, theme_ids, phones=80, each=3, seed=5):
    """The first `phones` phones put `each` votes on themes chosen at random (seeded)."""
    rng = random.Random(seed)
    for _, session in room.phones[:phones]:
        for theme in rng.sample(theme_ids, each):
            reply = session.post(f"{room.api}/theme-votes", json={"theme_id": theme})
            assert reply.ok, reply.text


def rank_outcomes(room, outcome_ids, **question):
    """A ranking question on `outcome_ids` added to the Plan stage and opened, and
    every phone's order sent (its own seeded shuffle); the question."""
    added = room.console(
        "add_question",
        stage="plan",
        kind="ranking",
        **{"text": "Which of these outcomes matters most to you?", **question},
    )["question"]
    reply = room.facilitator.post(f"{room.api}/questions/{added['id']}/open")
    assert reply.ok, reply.text
    for n, (_, session) in enumerate(room.phones):
        order = random.Random(n).sample(outcome_ids, len(outcome_ids))
        sent = session.post(
            f"{room.api}/rankings", json={"question_id": added["id"], "order": order}
        )
        assert sent.status_code == 201, sent.text
    return added


# A council may rename its roles: 75 characters for the experts by experience.
LONG_EXPERTS = "Person who receives care and support, or a family carer who speaks for them"


def renamed_experts(path, label):
    """Write at `path` the default framework file with the experts by experience's
    role named `label`; the path, for `served(framework=...)`."""
    path.write_text(
        DEFAULT_PATH.read_text().replace(
            'label = "Person who receives care and support"', f'label = "{label}"', 1
        )
    )
    return path


def show_results(room, shown):
    """Reveal or hide the results; either may already be so (a conflict, nothing changed)."""
    action = "reveal_results" if shown else "hide_results"
    reply = room.facilitator.post(f"{room.api}/console/{action}", json={})
    assert reply.status_code in (200, 409), reply.text


@contextmanager
def served(db, title="Home care, West Kent", framework=None, approval=False, **options):
    """A real server on a new database at `db`, one workshop (on `framework`, a
    framework file, if given; ideas waiting for approval if `approval`) built
    into a big room (`build`'s options), its links on `.links`; the server
    stops after."""
    new_options = ("--framework", str(framework)) if framework else ()
    with served_workshop(db, title, *new_options) as (base, links):
        if approval:
            Room(base, db, links).console("set_approval", on=True)
        built = build(base, db, links, **options)
        yield built
