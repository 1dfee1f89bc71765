"""One question's three rankings for the report, in the framework's words.

The orderings and scores are the room's own (room/ranking.py: the same the
board and the console show); this adds each role's name, its share as the
report words it, and each role's own top choices.
"""

from ..room import ranking
from . import words

ROLE_TOP = 3


def rank(ideas, voters, roles, label, catch_all=frozenset(), experts=frozenset()):
    """Add to each idea its shares, cross-role score, ranks and divides mark.

    `voters` is {role: people who voted on this question}; `roles` the role keys
    in the framework's order; `label(key)` a role's name. Returns the ideas in
    the room's order, in cross-role order, and each counted role's top choices
    (a role with fewer than ranking.MIN_ROLE voters is never listed on its own).
    """
    voting = [r for r in roles if voters.get(r)] + sorted(
        r for r in voters if r not in roles and voters[r]
    )
    counted = [r for r in voting if r in ranking.counted_roles(voters, catch_all)]
    orders = ranking.rank(
        ideas, voters, experts, catch_all, age=lambda i: (i["created"], i["event"], i["id"])
    )
    # The report names an idea by its number in the room's order ("No. 3" in its
    # tables and comparisons), one number an idea; its place, shared with ideas
    # the room put level (room/ranking.py), is room_place (words.support_note).
    for n, idea in enumerate(orders["room"], start=1):
        idea["room_place"], idea["rank"] = idea["rank"], n
    for idea in ideas:
        people = idea["supporters"] or idea["by_role"]
        idea["shares"] = [
            {
                "key": r,
                "label": label(r),
                "people": people.get(r, 0),
                "voters": voters[r],
                "text": words.share(people.get(r, 0), voters[r]),
            }
            for r in counted
        ]
        by_key = {s["key"]: s for s in idea["shares"]}
        split = idea["divides"]
        idea["divides"] = split is not None
        idea["strongest"] = by_key[split[0]] if split else None
        idea["weakest"] = by_key[split[1]] if split else None
        idea["lowest"] = (
            min(idea["shares"], key=lambda s: s["people"] / s["voters"]) if counted else None
        )
    role_lists = []
    for r in counted:
        # Level on the role's votes: in the room's order (ideas level there share a place).
        top = sorted(
            (i for i in orders["room"] if i["by_role"].get(r)), key=lambda i: -i["by_role"][r]
        )[:ROLE_TOP]
        role_lists.append({"key": r, "label": label(r), "voters": voters[r], "ideas": top})
    return orders["room"], orders["cross_role"], role_lists
