"""Three rankings of one question's ideas, so no group's majority decides alone.

- The room's ranking: ideas by raw votes (dots), the largest group weighs most.
- Each role's own ranking: ideas by the votes of that role's people only.
- Cross-role support: for each role present (people of that role voted on the
  question), the share of its voters who dotted the idea; the idea's score is
  the geometric mean of those shares, so every role counts equally and an idea
  no one in one role supported scores 0. Ties are broken by the plain average
  of the shares, then by votes.

An idea *divides the roles* when at least DIVIDE_STRONG of one role's voters
dotted it and no one in another role present did.
"""

import math

from . import words

DIVIDE_STRONG = 0.25
ROLE_TOP = 3


def rank(ideas, voters, roles, label, catch_all=frozenset()):
    """Add to each idea its shares, cross-role score, ranks and divides mark.

    `voters` is {role: people who voted on this question}; `roles` the role keys
    in the framework's order; `label(key)` a role's name. A catch-all role
    ("Other") is no one group's voice, so it has its own list but no share in
    cross-role support. Returns the ranked ideas twice and the role lists.
    """
    voting = [r for r in roles if voters.get(r)] + sorted(
        r for r in voters if r not in roles and voters[r]
    )
    present = [r for r in voting if r not in catch_all]
    for idea in ideas:
        shares = {r: idea["supporters"].get(r, 0) / voters[r] for r in present}
        idea["shares"] = [
            {
                "key": r,
                "label": label(r),
                "people": idea["supporters"].get(r, 0),
                "voters": voters[r],
                "text": words.share(idea["supporters"].get(r, 0), voters[r]),
            }
            for r in present
        ]
        values = list(shares.values())
        idea["cross_role"] = _geometric_mean(values)
        idea["mean_share"] = sum(values) / len(values) if values else 0.0
        idea["divides"] = len(values) > 1 and max(values) >= DIVIDE_STRONG and min(values) == 0
        idea["strongest"] = (
            max(idea["shares"], key=lambda s: s["people"] / s["voters"]) if values else None
        )
        idea["weakest"] = (
            min(idea["shares"], key=lambda s: s["people"] / s["voters"]) if values else None
        )
        idea["absent_in"] = [s["label"] for s in idea["shares"] if not s["people"]]
    by_votes = sorted(ideas, key=lambda i: (-i["votes"], i["created"], i["event"]))
    for n, idea in enumerate(by_votes, start=1):
        idea["rank"] = n
    by_support = sorted(
        ideas, key=lambda i: (-i["cross_role"], -i["mean_share"], -i["votes"], i["rank"])
    )
    for n, idea in enumerate(by_support, start=1):
        idea["cross_rank"] = n
    role_lists = []
    for r in voting:
        top = sorted(
            (i for i in ideas if i["by_role"].get(r)),
            key=lambda i: (-i["by_role"][r], i["rank"]),
        )[:ROLE_TOP]
        role_lists.append({"key": r, "label": label(r), "voters": voters[r], "ideas": top})
    return by_votes, by_support, role_lists


def _geometric_mean(values):
    if not values or min(values) == 0:
        return 0.0
    return math.exp(sum(math.log(v) for v in values) / len(values))
