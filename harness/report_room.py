"""A small room with known ideas, votes and awkward text, for the report tests."""

from workshop.room import agenda, contributions, details, moderation, rules, workshops
from workshop.storage import db as store

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","click")'
NAME = "Sue Bloggs"


def room(
    db,
    title="Home care, West Kent",
    *,
    service="Home care",
    area="West Kent",
    roles=None,
    hidden=True,
):
    """A workshop with ideas on the first Analyse question and the risk question.

    Returns (workshop, people, ideas by label).
    """
    workshop = workshops.create(db, title)
    workshop = details.describe(db, workshop, service=service, area=area)
    people = {}
    for role in roles or (
        "person_receiving_care",
        "person_receiving_care",
        "provider",
        "provider",
        "commissioner",
        "vcse",
    ):
        change, _token = workshops.join(db, workshop, role)
        people.setdefault(role, []).append(change.value)
    order = rules.agenda(db, workshop)
    first, risk = order[0], next(q for q in order if q["framework_key"] == "risk_of_losing")
    ideas = {}

    def idea(label, question, author, text, **tags):
        agenda.open_question(db, workshop, question["id"]) if question["status"] != "open" else None
        question["status"] = "open"
        ideas[label] = contributions.submit_idea(
            db, workshop, author, question_id=question["id"], text=text, **tags
        ).value

    expert = people.get("person_receiving_care", [None])[0] or next(iter(people.values()))[0]
    provider = people.get("provider", [expert])[0]
    idea(
        "jobs",
        first,
        expert,
        f"Paid jobs for us, ask {NAME} at the day centre.",
        priority="local_employment",
        outcome_kind="adults_receiving_care",
    )
    idea("xss", first, provider, XSS, priority="green_and_sustainable")
    idea("formula", first, provider, FORMULA)
    idea("secret", first, provider, "Something the facilitator hid.")
    everyone = [p for group in people.values() for p in group]
    for person in everyone:
        contributions.cast_vote(db, workshop, person, idea_id=ideas["jobs"]["id"])
    for person in everyone[:2]:
        contributions.cast_vote(db, workshop, person, idea_id=ideas["xss"]["id"])
    first["status"] = "closed"
    idea(
        "buddy",
        risk,
        expert,
        "The buddy scheme gets me out of the house.",
        priority="community_development",
    )
    contributions.cast_vote(db, workshop, provider, idea_id=ideas["buddy"]["id"])
    if hidden:
        moderation.hide(db, workshop, ideas["secret"]["id"])
    return store.workshop_by_id(db, workshop["id"]), people, ideas


def tokens_and_keys(db):
    """Every secret in the database: participant tokens and facilitator keys."""
    tokens = [r[0] for r in db.conn.execute("SELECT token FROM participants")]
    keys = [r[0] for r in db.conn.execute("SELECT facilitator_key FROM workshops")]
    return tokens + keys
