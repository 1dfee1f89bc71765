"""The one place a question's ideas are ranked: the board, the console, the
Plan suggestions and the report all use these orderings, so none can disagree.

Three orderings of one question's ideas:

- the room's: most votes (dots) first; the largest group weighs most;
- experts by experience: most votes from experts by experience first;
- cross-role: the highest cross-role score first.

One tie-break for all three (TIE_BREAK): the ordering's own measure, then the
most votes in the whole room, then the oldest idea first. Age only orders:
ideas level on the measure and the room's votes share a place (1, 2, 2, 4),
so no screen or report says "2nd" and "3rd" of two ideas the room put level.

The cross-role score is the mean, over the roles *counted* on the question,
of each role's support share: the people of that role who dotted the idea
over the people of that role who voted on the question. A role is counted
when at least MIN_ROLE of its people voted on the question (fewer is a
handful whose dots say little and would name individuals), and a catch-all
role ("Other") is no one group's voice. A mean, not a product: not voting for
an idea is not opposing it, so no single role can zero an idea. With no role
counted, the score is the share of all the question's voters who dotted it.

An idea *divides the roles* only when the evidence is there: two counted
roles whose shares differ by at least DIVIDE_GAP and by more than chance
explains (Fisher's exact test, one-sided, under DIVIDE_P): a role's few
dots spent elsewhere are not division.
"""

import math

MIN_ROLE = 5
DIVIDE_GAP = 0.5
DIVIDE_P = 0.05
ORDERINGS = ("room", "experts", "cross_role")
TIE_BREAK = (
    "Ideas level on an ordering's own measure are ordered by their votes in the whole "
    "room, then oldest first; ideas level on both share a place."
)


def counted_roles(voters, catch_all=frozenset()):
    """The roles a question's cross-role score counts: MIN_ROLE voters or more, not catch-all.

    In the roles' own order, not the order `voters` was filled in, so the
    strongest and weakest of a division are the same however the counts were
    read (from scratch or kept, room/standing.py)."""
    return sorted(r for r, n in voters.items() if n >= MIN_ROLE and r not in catch_all)


def shares(supporters, voters, counted):
    """{role: share of the role's voters who dotted the idea} over the counted roles."""
    return {r: supporters.get(r, 0) / voters[r] for r in counted}


def cross_role_score(supporters, voters, counted):
    """The mean of the counted roles' shares; the whole room's share when none is counted."""
    if counted:
        # fsum: the same shares give the same score in any order (a float sum
        # rounds differently by order, and so broke ties TIE_BREAK should settle).
        values = shares(supporters, voters, counted).values()
        return math.fsum(values) / len(values)
    everyone = sum(voters.values())
    return sum(supporters.values()) / everyone if everyone else 0.0


def division(supporters, voters, counted):
    """(strongest role, weakest role) when the evidence says the idea divides them, else None."""
    if len(counted) < 2:
        return None
    found = shares(supporters, voters, counted)
    strong = max(counted, key=lambda r: found[r])
    weak = min(counted, key=lambda r: found[r])
    gap = found[strong] - found[weak]
    if gap < DIVIDE_GAP:
        return None
    if (
        _chance(supporters.get(strong, 0), voters[strong], supporters.get(weak, 0), voters[weak])
        >= DIVIDE_P
    ):
        return None
    return strong, weak


def _chance(a, n1, c, n2):
    """How likely a split at least this uneven is if the idea had the same support in
    both roles: Fisher's exact test, one-sided (a of n1 against c of n2 dotted it)."""
    dotted = a + c
    uneven = sum(
        math.comb(n1, x) * math.comb(n2, dotted - x) for x in range(a, min(dotted, n1) + 1)
    )
    return uneven / math.comb(n1 + n2, dotted)


def rank(ideas, voters, experts, catch_all=frozenset(), age=lambda idea: idea["id"]):
    """Score and order one question's ideas three ways; the ideas gain their places.

    Each idea has "by_role" ({role: dots}) and may have "supporters"
    ({role: people}; the same as its dots unless merged duplicates were dotted
    by one person). `voters` is {role: people who voted on the question};
    `age(idea)` sorts oldest first. Each idea gains votes, expert_votes,
    cross_role, divides (a (strong, weak) pair or None) and its place in each
    ordering: rank, expert_rank, cross_rank (shared by ideas level on it, _place).
    Returns {ordering: [ideas]}.
    """
    counted = counted_roles(voters, catch_all)
    for idea in ideas:
        by_role = idea["by_role"]
        people = idea.get("supporters") or by_role
        idea["votes"] = sum(by_role.values())
        idea["expert_votes"] = sum(n for r, n in by_role.items() if r in experts)
        idea["cross_role"] = cross_role_score(people, voters, counted)
        idea["divides"] = division(people, voters, counted)
    measures = {"room": "votes", "experts": "expert_votes", "cross_role": "cross_role"}
    places = {"room": "rank", "experts": "expert_rank", "cross_role": "cross_rank"}
    result = {}
    for name in ORDERINGS:
        lead = measures[name]
        ordered = sorted(ideas, key=lambda i, lead=lead: (-i[lead], -i["votes"], age(i)))
        _place(ordered, places[name], lambda i, lead=lead: (i[lead], i["votes"]))
        result[name] = ordered
    return result


def _place(ordered, field, level):
    """Number `ordered` from 1 into `field`, ideas `level` with the one before sharing
    its place (1, 2, 2, 4): age sets their order, never their place."""
    before = None
    for n, idea in enumerate(ordered, start=1):
        now = level(idea)
        idea[field] = ordered[n - 2][field] if n > 1 and now == before else n
        before = now


def orders(ideas, voters, experts, catch_all=frozenset()):
    """{ordering: [idea ids]} for one question, as the server sends screens, and
    "places": {ordering: [each one's place]}, level ideas sharing one (1, 2, 2, 4),
    so a screen numbers them as the console and the report do."""
    ranked = rank(ideas, voters, experts, catch_all)
    result = {name: [i["id"] for i in found] for name, found in ranked.items()}
    fields = {"room": "rank", "experts": "expert_rank", "cross_role": "cross_rank"}
    result["places"] = {name: [i[fields[name]] for i in found] for name, found in ranked.items()}
    return result


def theme_support(votes, members, voters, catch_all=frozenset()):
    """One theme's support: who dotted at least one of its ideas, each person once.

    `votes` is [(person, role, idea id)] (standing votes, merged duplicates on
    their root), `members` the theme's idea ids, `voters` {role: people who
    voted on the question}. Returns {"supporters": {role: people}, "people":
    how many in all, "cross_role": the cross-role score of the theme as if it
    were one idea, "divides": a (strong, weak) pair or None}: the same rules
    as an idea's, so the board, Plan and the report give the same numbers.
    """
    people = {}
    for person, role, idea_id in votes:
        people.setdefault(idea_id, {})[person] = role
    supporters = theme_supporters(members, people)
    counted = counted_roles(voters, catch_all)
    return {
        "supporters": supporters,
        "people": sum(supporters.values()),
        "cross_role": cross_role_score(supporters, voters, counted),
        "divides": division(supporters, voters, counted),
    }


def theme_supporters(members, people):
    """{role: people} behind a theme: everyone who dotted any of its ideas, each once.

    `members` are the theme's idea ids; `people` is {idea id: {person: role}}
    (records.question_people). Someone who dotted three of a theme's ideas is
    one supporter of it, so a theme of many near-duplicates gains nothing
    from being said many ways.
    """
    found = {}
    for idea_id in members:
        found.update(people.get(idea_id, {}))
    support = {}
    for role in found.values():
        support[role] = support.get(role, 0) + 1
    return support


def rank_themes(themes, people, voters, experts, catch_all=frozenset(), on_themes=False):
    """Score and order one question's themes as `rank` orders its ideas.

    `themes` are [{"id", "ideas": [idea ids], ...}] in the facilitator's
    order; each gains "by_role" (theme_supporters: people, not dots, so "votes"
    counts people), "ideas_count" and what `rank` adds (votes, expert_votes,
    cross_role, divides, rank, expert_rank, cross_rank). The cross-role score
    is the same measure as an idea's, over the same question's voters.
    `people` is keyed by idea id (who dotted the theme's ideas), or, where the
    room voted on the themes themselves (`on_themes`), by theme id.
    Returns {ordering: [themes]}; ties go to the theme listed first.
    """
    position = {}
    for place, theme in enumerate(themes):
        theme["by_role"] = theme_supporters([theme["id"]] if on_themes else theme["ideas"], people)
        theme["ideas_count"] = len(theme["ideas"])
        theme.pop("supporters", None)
        position[theme["id"]] = place
    return rank(themes, voters, experts, catch_all, age=lambda t: position[t["id"]])
