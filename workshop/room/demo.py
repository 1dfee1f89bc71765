"""A realistic demo workshop: a room of delegates, ideas and votes on every
Analyse question. For trying the product and for benchmarks.

It goes through the same domain functions as a real room, so the event log,
tallies and report are exactly what a live event would produce.
"""

import random

from . import agenda, contributions, rules, workshops

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


def create(
    db,
    title="Home care re-commissioning, West Kent: market engagement",
    *,
    mix=None,
    seed=2016,
    framework=None,
):
    """Create the demo workshop and run a whole Analyse stage through it."""
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
        _vote(db, workshop, people, ideas, rng)
    # Opening each question closed the one before; the last stays open to try.
    return workshop


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
