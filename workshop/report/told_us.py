"""An easy-read "What you told us" for the people who took part (issue 23, item 13).

The themes the room's ideas were grouped into, in the report's order (broad
support across the roles first, as its summary lists them, and said so), with
how many people chose each, and what happens next, in short sentences with a
picture beside each point. Built from the event's own data and the framework's own easy-read
words; theme labels and outcomes are the facilitator's words, redacted as in
the report (web/printed.py renders it as a printable page).
"""

from ..room import framework as fw
from ..room import setting_up, theme_support
from ..room.redaction import for_workshops
from ..storage import db as store
from ..storage import records

THEMES_SHOWN = 5


def told_us(db, workshop):
    """The page's content: {"people", "ideas", "questions", "outcomes", "next", "help"}."""
    redact = for_workshops([workshop])
    framework = workshop["framework"]
    priorities = fw.lookup(framework, "priorities")
    kinds = fw.lookup(framework, "outcome_kinds")
    with store.reading(db):
        questions = [q for q in store.questions_of(db, workshop["id"]) if q["stage"] == "analyse"]
        ideas = {i["id"]: i for i in store.ideas_of(db, workshop["id"])}
        support = {q["question_id"]: q for q in theme_support.support(db, workshop)}
        people = sum(store.role_counts(db, workshop["id"]).values())
        outcomes = records.rows_of(db, "provisional_outcomes", workshop["id"])
    shown = []
    for question in questions:
        # The report's order (its summary lists themes the same way), said in the words.
        groups = sorted(
            support.get(question["id"], {}).get("groups", []),
            key=lambda g: theme_support.listed_order(
                g["cross_role"], g["people"], g["dots"]["total"]
            ),
        )
        themes = [
            {
                "label": redact(g["label"]),
                "people": g["people"],
                "ideas": len(g["ideas"]),
                "picture": _picture(
                    [ideas[i] for i in g["ideas"] if i in ideas], priorities, kinds
                ),
            }
            for g in groups[:THEMES_SHOWN]
        ]
        shown.append(
            {
                "easy_read": question["easy_read"] or question["text"],
                "ideas": sum(1 for i in ideas.values() if i["question_id"] == question["id"]),
                "themes": themes,
                "more": max(0, len(groups) - THEMES_SHOWN),
            }
        )
    stages = [s for s in framework["stages"] if s["key"] != "analyse" and s.get("easy_read")]
    return {
        "people": people,
        "ideas": sum(q["ideas"] for q in shown),
        "questions": shown,
        "outcomes": [
            redact(o["text"])
            for o in sorted(outcomes, key=lambda o: (o.get("position") or 0, o["id"]))
        ],
        "next": [{"key": s["key"], "easy_read": s["easy_read"]} for s in stages],
        "help": setting_up.setup_of(workshop).get("help_contact"),
    }


def _picture(members, priorities, kinds):
    """The picture of the Social Value priority (else kind of outcome) most of a theme's
    ideas were tagged with; the idea picture when none was tagged."""
    for field, known, prefix in (
        ("priority", priorities, "priority"),
        ("outcome_kind", kinds, "outcome"),
    ):
        counts = {}
        for idea in members:
            if idea.get(field) in known:
                counts[idea[field]] = counts.get(idea[field], 0) + 1
        if counts:
            return f"img/{prefix}-{max(sorted(counts), key=counts.get)}.svg"
    return "img/write.svg"
