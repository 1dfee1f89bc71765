"""How much support each accepted theme has, by role: the one place it is counted.

A theme's supporters are the people who dotted at least one of its shown
ideas, each person counted once per theme however many of its ideas they
dotted (room/ranking.py's theme_support). The base of each role's share is
the people of that role who voted on the question, as for an idea. The board,
the Plan stage and the report read these same numbers (docs/THEMES.md).
"""

from ..storage import records
from ..storage import themes as theme_rows
from . import framework as fw
from . import ranking, theme_votes, theming


def listed_order(cross_role, people, dots):
    """The sort key of a theme wherever themes are listed most supported first (the
    report's summary, the easy-read "What you told us"): cross-role support, then
    people, then dots on the theme itself; a tie keeps the facilitator's order."""
    return (-cross_role, -people, -dots)


def support(db, workshop, question_id=None):
    """[{"question_id", "voters": {role: people}, "groups": [{"id", "label", "ideas",
    "supporters": {role: people}, "people", "cross_role", "divides", "dots": {"total",
    "by_role"}}], "theme_voters": {role: people}}] for every
    question with accepted themes (shown ideas only), in the themes' order."""
    accepted = theming.accepted(db, workshop, question_id)
    if not accepted:
        return []
    votes = theme_rows.standing_votes(db, workshop["id"])
    voters = records.voters(db, workshop["id"])
    catch_all = fw.catch_all_roles(workshop["framework"])
    result = []
    for question in accepted:
        on_question = voters.get(question["question_id"], {})
        # Dots on the themes themselves (issue 22 item 5), where the room voted on them:
        # one a person a theme, so a theme's dots by role are its people by role.
        dots = theme_votes.tallies(db, workshop, question["question_id"])
        dots = dots.get(str(question["question_id"]), {})
        groups = [
            {
                **g,
                **ranking.theme_support(votes, g["ideas"], on_question, catch_all),
                "dots": dots.get(str(g["id"]), {"total": 0, "by_role": {}}),
            }
            for g in question["groups"]
        ]
        result.append(
            {
                "question_id": question["question_id"],
                "voters": on_question,
                "theme_voters": theme_votes.voters(db, workshop, question["question_id"]),
                "groups": groups,
            }
        )
    return result
