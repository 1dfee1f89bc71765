"""A realistic demo workshop: a room of delegates taken through both stages.

Analyse: ideas and votes on every key question, a supporter's and the
facilitator's entries, a duplicate merged and an idea hidden, the facilitator's
tags. Plan: the top ideas carried forward as provisional outcomes (one
reworded), answers about each with risk ratings and the facilitator's marks,
and stories with and without consent to quote. For trying the product, for
`make report-preview` and for benchmarks (`plan=False` keeps just Analyse).

It goes through the same domain functions as a real room, so the event log,
tallies and report are exactly what a live event would produce.
"""

import random

from ..room import agenda, contributions, moderation, plan, rules, stories, workshops

# The framework's own workshop: 90 delegates, providers across sectors with
# strong representation of people who receive care.
ROOM_MIX = {
    "provider": 30,
    "person_receiving_care": 20,
    "carer": 10,
    "commissioner": 12,
    "vcse": 12,
    "other": 6,
}

IDEAS = {
    "added_differences": [
        (
            "person_receiving_care",
            "Give us paid jobs in the service, not just volunteering.",
            "local_employment",
            "adults_receiving_care",
        ),
        (
            "provider",
            "Offer apprenticeships to young people leaving care, supported by our senior carers.",
            "local_employment",
            "people_engaging",
        ),
        (
            "person_receiving_care",
            "Let people who use the service help train new staff.",
            "community_development",
            "adults_receiving_care",
        ),
        (
            "vcse",
            "Deliver library books and check smoke alarms on the same visit as the hot meal.",
            "community_development",
            "communities",
        ),
        (
            "provider",
            "Organise rounds in small local patches so carers can walk or cycle between visits.",
            "green_and_sustainable",
            "environment_economy",
        ),
        (
            "carer",
            "A monthly carers' cafe run with the day service, open to anyone in the village.",
            "community_development",
            "communities",
        ),
        (
            "commissioner",
            "Buy food and supplies from Kent social enterprises that employ disabled people.",
            "buy_kent_first",
            "environment_economy",
        ),
        (
            "provider",
            "Literacy and numeracy support for care staff who missed out at school.",
            "good_employer",
            "people_engaging",
        ),
        (
            "person_receiving_care",
            "Go into schools and talk about what it is like to have a learning disability.",
            "community_development",
            "communities",
        ),
        (
            "other",
            "Help people in fuel poverty get their homes insulated.",
            "green_and_sustainable",
            "environment_economy",
        ),
    ],
    "standard_practice": [
        (
            "person_receiving_care",
            "People who get support should sit on the provider's board.",
            "community_development",
            "adults_receiving_care",
        ),
        (
            "provider",
            "Peer mentors who have used the service themselves, paid for their time.",
            "local_employment",
            "adults_receiving_care",
        ),
        (
            "vcse",
            "Supervision and wellbeing support for every care worker, every month.",
            "good_employer",
            "people_engaging",
        ),
        (
            "carer",
            "Easy read information about every change to someone's care.",
            None,
            "adults_receiving_care",
        ),
        (
            "commissioner",
            "Share training places with small local providers for free.",
            "good_employer",
            "environment_economy",
        ),
        (
            "person_receiving_care",
            "Ask us what we think every year and show what changed.",
            "community_development",
            "adults_receiving_care",
        ),
        (
            "provider",
            "Working towards STEM environmental accreditation.",
            "green_and_sustainable",
            "environment_economy",
        ),
    ],
    "risk_of_losing": [
        (
            "person_receiving_care",
            "The buddy scheme. My buddy is how I get out of the house.",
            "community_development",
            "adults_receiving_care",
        ),
        (
            "provider",
            "Experienced local staff could leave if the contract moves to a big county-wide provider.",
            "good_employer",
            "environment_economy",
        ),
        (
            "vcse",
            "Small charities' volunteer networks that rely on the day centre building.",
            "community_development",
            "communities",
        ),
        (
            "carer",
            "Knowing the same carers. Changing provider means strangers in my mum's home.",
            None,
            "adults_receiving_care",
        ),
        (
            "person_receiving_care",
            "My job at the cafe in the day service.",
            "local_employment",
            "adults_receiving_care",
        ),
        (
            "commissioner",
            "Local supply chains built up by the current small lots.",
            "buy_kent_first",
            "environment_economy",
        ),
        (
            "provider",
            "Work experience placements with the local college.",
            "local_employment",
            "people_engaging",
        ),
    ],
}


# What the room says about each provisional outcome, by Plan question:
# (role, text, rating) with a rating on the risk questions only.
PLAN_ANSWERS = (
    {
        "define_requirements": [
            (
                "commissioner",
                "Name a number of paid posts for people who use the service, per year of the contract.",
                None,
            ),
            (
                "person_receiving_care",
                "Say it has to be real paid work, not volunteering dressed up.",
                None,
            ),
            ("provider", "Let each bidder say how they would do it, within the budget.", None),
        ],
        "measure_evidence": [
            (
                "provider",
                "Count the posts and ask the people in them how their lives changed, every six months.",
                None,
            ),
            ("person_receiving_care", "Ask us, in easy read, and use our own stories.", None),
        ],
        "risk_core_quality": [
            ("provider", "Training new staff takes senior carers away from visits.", "medium"),
            ("carer", "Not if the posts are extra to the care team, not instead of it.", "low"),
        ],
        "risk_excluding_providers": [
            ("provider", "Small providers cannot fund extra posts without more money.", "high"),
            ("vcse", "Partnerships with local charities could share the cost.", "medium"),
        ],
    },
    {
        "define_requirements": [
            (
                "provider",
                "Every care worker who wants it gets literacy and numeracy support in paid time.",
                None,
            ),
            ("vcse", "Bidders say how they will reach staff who are shy of classes.", None),
        ],
        "measure_evidence": [
            (
                "commissioner",
                "Staff who took part and what changed for them, in their words, once a year.",
                None,
            ),
        ],
        "risk_core_quality": [
            ("provider", "Cover for staff in class is hard to find in rural patches.", "medium"),
        ],
        "risk_excluding_providers": [
            (
                "provider",
                "Fine for us; a very small agency would need the council's courses.",
                "low",
            ),
        ],
    },
    {
        "define_requirements": [
            (
                "commissioner",
                "Rounds planned in local patches, with walking or cycling where it is safe.",
                None,
            ),
            ("provider", "Leave the way to the bidder; ask for less driving, measured.", None),
        ],
        "measure_evidence": [
            ("provider", "Miles driven per visit, from the rota system we already use.", None),
        ],
        "risk_core_quality": [
            ("carer", "Visits must not get shorter to fit a walking round.", "high"),
        ],
        "risk_excluding_providers": [
            ("provider", "County-wide providers would have to reorganise every round.", "medium"),
        ],
    },
)
STORIES = (
    (
        "person_receiving_care",
        "My buddy takes me to the allotment on Thursdays. It is the best day of my week.",
        True,
    ),
    ("carer", "The carers' cafe is the only place I talk to anyone who understands.", True),
    ("provider", "A client we supported into a paid job now trains our new starters.", False),
)
EXPECTED = {
    "provider": 30,
    "person_receiving_care": 25,
    "carer": 12,
    "commissioner": 10,
    "vcse": 12,
}
CARRIED = 3


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
    rng = random.Random(seed)
    workshop = workshops.create(db, title, framework=framework, stages=("analyse", "plan"))
    people = []
    for role, count in (mix or ROOM_MIX).items():
        for _ in range(count):
            change, _token = workshops.join(db, workshop, role)
            people.append(change.value)
    by_role = {}
    for person in people:
        by_role.setdefault(person["role"], []).append(person)
    analyse = [q for q in rules.agenda(db, workshop) if q["stage"] == "analyse"]
    for question in analyse:
        agenda.open_question(db, workshop, question["id"])
        ideas = []
        for role, text, priority, kind in IDEAS.get(question["framework_key"], []):
            author = rng.choice(by_role.get(role) or people)
            ideas.append(
                contributions.submit_idea(
                    db,
                    workshop,
                    author,
                    question_id=question["id"],
                    text=text,
                    priority=priority,
                    outcome_kind=kind,
                ).value
            )
        if plan_stage and question["framework_key"] == "added_differences":
            ideas += _room_extras(db, workshop, question, by_role, ideas)
        _vote(db, workshop, people, ideas, rng)
    if plan_stage:
        _moderate(db, workshop, analyse)
        _stories(db, workshop, by_role, rng)
        _plan(db, workshop, people, by_role, rng)
    # Opening each question closed the one before; the last stays open to try.
    return workshop


def _room_extras(db, workshop, question, by_role, ideas):
    """A supporter's entry, the facilitator's from a paper card, and a duplicate."""
    supporter = _some(by_role, "carer")[0]
    helped = contributions.submit_idea(
        db,
        workshop,
        supporter,
        question_id=question["id"],
        text="I want to help in the garden at the day centre and be paid for it.",
        on_behalf_of="person_receiving_care",
        priority="local_employment",
        outcome_kind="adults_receiving_care",
    ).value
    card = moderation.scribe(
        db,
        workshop,
        question_id=question["id"],
        text="A befriending phone call for people who live alone, from people who use the service.",
        role="person_receiving_care",
        priority="community_development",
        outcome_kind="adults_receiving_care",
    ).value
    duplicate = contributions.submit_idea(
        db,
        workshop,
        _some(by_role, "provider")[-1],
        question_id=question["id"],
        text="Paid jobs in the service for the people who use it.",
        priority="local_employment",
    ).value
    return [helped, card, duplicate]


def _moderate(db, workshop, analyse):
    """Merge the duplicate into the idea it repeats, hide one, tag a few for the Statement."""
    first = analyse[0]
    rows = {i["text"]: i for i in rules_ideas(db, workshop, first["id"])}
    jobs = rows[IDEAS["added_differences"][0][1]]
    moderation.merge(
        db, workshop, rows["Paid jobs in the service for the people who use it."]["id"], jobs["id"]
    )
    hidden = next(r for r in rows.values() if r["text"].startswith("Help people in fuel poverty"))
    moderation.hide(db, workshop, hidden["id"])
    tags = (
        (IDEAS["added_differences"][0][1], "economic_growth", "wellbeing"),
        (IDEAS["added_differences"][2][1], "older_vulnerable", "prevention"),
        (IDEAS["added_differences"][6][1], "economic_growth", "market_shaping"),
        (IDEAS["added_differences"][8][1], "best_start", "wellbeing"),
    )
    for text, strategic, theme in tags:
        row = rows[text]
        moderation.tag(
            db,
            workshop,
            row["id"],
            priority=row["priority"],
            outcome_kind=row["outcome_kind"],
            strategic_outcome=strategic,
            care_act_theme=theme,
        )


def rules_ideas(db, workshop, question_id):
    return [
        i for i in moderation.ideas_for(db, workshop, "console") if i["question_id"] == question_id
    ]


def _stories(db, workshop, by_role, rng):
    for role, text, may_quote in STORIES:
        stories.submit_story(
            db, workshop, rng.choice(_some(by_role, role)), text=text, may_quote=may_quote
        )


def _plan(db, workshop, people, by_role, rng):
    """Carry the top ideas forward, reword one, and answer the Plan questions about each."""
    [first] = [c for c in plan.candidates(db, workshop)][:1]
    chosen = [i["id"] for i in first["ideas"] if i["votes"]][:CARRIED]
    outcomes = plan.carry_forward(db, workshop, chosen).value
    plan.edit_outcome(
        db,
        workshop,
        outcomes[0]["id"],
        "Paid jobs in the service for people who receive care and support",
    )
    questions = [q for q in rules.agenda(db, workshop) if q["stage"] == "plan"]
    for question in questions:
        agenda.open_question(db, workshop, question["id"])
        answers = []
        for outcome, said in zip(outcomes, PLAN_ANSWERS, strict=False):
            for role, text, rating in said.get(question["framework_key"], []):
                answers.append(
                    contributions.submit_idea(
                        db,
                        workshop,
                        rng.choice(_some(by_role, role)),
                        question_id=question["id"],
                        text=text,
                        outcome_id=outcome["id"],
                        rating=rating,
                    ).value
                )
        _vote(db, workshop, people, answers, rng)
        if question["kind"] != "risk":
            # The facilitator marks all but one, so the report shows both marks and
            # an answer still to decide.
            kinds = ("specified_requirement", "open_question")
            for n, answer in enumerate(answers[:-1]):
                plan.mark_answer(db, workshop, answer["id"], kinds[n % 2])


def _some(by_role, role):
    """People of this role, or everyone when a smaller demo room has none of them."""
    return by_role.get(role) or [p for group in by_role.values() for p in group]


def _vote(db, workshop, people, ideas, rng):
    """Most people spend most of their dots; experts by experience favour their own."""
    if not ideas:
        return
    for person in people:
        weights = [3 if idea["author_role"] == person["role"] else 1 for idea in ideas]
        dots = rng.randint(1, workshop["vote_budget"])
        chosen = set()
        while len(chosen) < min(dots, len(ideas)):
            chosen.add(rng.choices(range(len(ideas)), weights)[0])
        for index in chosen:
            contributions.cast_vote(db, workshop, person, idea_id=ideas[index]["id"])
