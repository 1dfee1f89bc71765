"""A room with accepted themes whose support is plain, for the report's themes tests
and the easy-read "What you told us" (tests/test_report_themes.py, test_told_us.py)."""

from workshop.room import agenda, contributions, plan, rules, theming
from workshop.room import workshops as rooms
from workshop.storage import db as store

WORK, MEETING = "Work and jobs <b>now</b>", "Meeting people"


def themed_room(db, *, accept=True, risks=True):
    """10 providers and 6 people who get care vote; 2 carers and 1 commissioner are
    small roles. Two themes on the first Analyse question whose support is plain."""
    workshop = rooms.create(db, "Home care, West Kent")
    people = {}
    for role, n in (("provider", 10), ("person_receiving_care", 6), ("carer", 2)):
        people[role] = [rooms.join(db, workshop, role)[0].value for _ in range(n)]
    people["commissioner"] = [rooms.join(db, workshop, "commissioner")[0].value]
    first = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, first["id"])

    def idea(who, text, **tags):
        return contributions.submit_idea(
            db, workshop, who, question_id=first["id"], text=text, **tags
        ).value

    jobs = idea(
        people["provider"][0],
        "Paid jobs for people who get care",
        on_behalf_of="person_receiving_care",
        priority="local_employment",
    )
    apprentices = idea(
        people["provider"][1], "Apprenticeships for local young people", priority="local_employment"
    )
    lunch = idea(
        people["person_receiving_care"][0],
        "A lunch club in the village hall",
        priority="community_development",
        outcome_kind="communities",
    )
    buddy = idea(people["carer"][0], "A buddy scheme to get out of the house")

    def vote(who, target):
        contributions.cast_vote(db, workshop, who, idea_id=target["id"])

    for p in people["provider"]:  # both of one theme's ideas: counted once for it
        vote(p, jobs)
        vote(p, apprentices)
    for p in people["person_receiving_care"]:
        vote(p, jobs)
    for p in people["person_receiving_care"][:3]:
        vote(p, lunch)
    for p in people["carer"]:
        vote(p, buddy)
    vote(people["commissioner"][0], lunch)
    if accept:
        theming.accept_themes(
            db,
            workshop,
            first["id"],
            [
                {"label": MEETING, "ideas": [lunch["id"], buddy["id"]]},
                {"label": WORK, "ideas": [jobs["id"], apprentices["id"]]},
            ],
        )
    if risks:
        agenda.close_question(db, workshop, first["id"])
        plan.carry_forward(db, workshop, [jobs["id"]])
        outcome = db.conn.execute(
            "SELECT id FROM provisional_outcomes WHERE workshop_id = ?", (workshop["id"],)
        ).fetchone()[0]
        risk = next(
            q for q in rules.agenda(db, workshop) if q["framework_key"] == "risk_core_quality"
        )
        agenda.open_question(db, workshop, risk["id"])
        contributions.submit_idea(
            db,
            workshop,
            people["provider"][2],
            question_id=risk["id"],
            text="Rotas are stretched already",
            outcome_id=outcome,
            rating="high",
        )
        contributions.submit_idea(
            db,
            workshop,
            people["provider"][3],
            question_id=risk["id"],
            text="We can manage this one",
            outcome_id=outcome,
            rating="low",
        )
    return store.workshop_by_id(db, workshop["id"]), first
