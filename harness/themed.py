"""A question with accepted themes, built one way for every theme test: eight
ideas in a real room's words (synonyms, easy read, jargon) that fall into
three themes, jobs, travel and breaks. The suggestion tests read TEXTS; the
fixtures in tests/conftest.py write them and accept the three themes."""

from workshop.room import contributions, theming, workshops

TEXTS = [
    "Paid jobs for people who get care",
    "paid work for people who receive care and support",
    "I want a job. I want to earn money.",
    "Electric cars for the care staff",
    "EV fleet for the carers doing rounds",
    "Solar panels on the day centre roof",
    "Respite for family carers so they get a break",
    "Short breaks for carers who look after family",
]
# Each theme's label and its ideas' places in TEXTS.
THEMES = (("Jobs", slice(0, 3)), ("Travel", slice(3, 6)), ("Breaks", slice(6, None)))


def write_ideas(db, workshop, question, role="provider"):
    """TEXTS as one person's ideas on the question; their ids in TEXTS' order."""
    author = workshops.join(db, workshop, role)[0].value
    return [
        contributions.submit_idea(db, workshop, author, question_id=question["id"], text=t).value[
            "id"
        ]
        for t in TEXTS
    ]


def accept(db, workshop, question, ids):
    """Accept THEMES over the ideas `ids` (write_ideas'); the themes' ids in THEMES' order."""
    groups = [{"label": label, "ideas": ids[part]} for label, part in THEMES]
    accepted = theming.accept_themes(db, workshop, question["id"], groups).value
    return [g["id"] for g in accepted["groups"]]
