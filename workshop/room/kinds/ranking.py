"""The ranking kind: the room puts a short list in order.

The facilitator's list is typed in, or by default the provisional outcomes
carried into Plan. Each person sends their order of the whole list (most
important first) and may send it again; their latest counts. The room's order
is a per-role Borda count: in a list of n, a person's first choice scores n-1
points and their last 0; each role's score for an option is the average of its
people's points, and the room's score is the average over the roles present,
so every role present counts the same however many people came in it. Ties
keep the list's own order. The server orders; screens only display.
"""

from ...storage import db as store
from ...storage import outcomes as outcome_rows
from ...storage import rankings as rows
from ..errors import Invalid
from ..rules import Change, clean_text, open_for_answers

NAME = "ranking"
ASKS_FOR = "the room's order of a short list"
TAKES_IDEAS = False
MARKS_ANSWERS = False
NOT_IDEAS = "This question asks you to put a list in order, not for ideas."
OPTIONS_MIN, OPTIONS_MAX, OPTION_MAX = 2, 10, 200


def rating(value):
    """A ranking takes no rating (and no ideas: answer_fields refuses it first)."""
    if value in (None, ""):
        return None
    raise Invalid("Only the risk questions take a rating.", code="not_risk")


def tally(answers):
    """A ranking question has no idea answers to count."""
    return {}


def added(db, workshop, question_id, options):
    """Store the new question's list: the typed options (a list, or one per line),
    else the provisional outcomes carried into Plan."""
    store_rows = _typed(options) if options else _outcomes(db, workshop)
    if not OPTIONS_MIN <= len(store_rows) <= OPTIONS_MAX:
        raise Invalid(
            f"A ranking question needs {OPTIONS_MIN} to {OPTIONS_MAX} things to put in "
            "order: type them, one per line, or carry outcomes into the Plan stage first.",
            code="ranking_options",
        )
    rows.insert_options(db, workshop_id=workshop["id"], question_id=question_id, options=store_rows)


def _typed(options):
    if isinstance(options, str):
        options = options.splitlines()
    if not isinstance(options, list):
        raise Invalid("Type the things to put in order, one per line.", code="ranking_options")
    texts = [o for o in options if not (isinstance(o, str) and not o.strip())]
    return [{"text": clean_text(o, OPTION_MAX, "thing to put in order")} for o in texts]


def _outcomes(db, workshop):
    return [
        {"text": o["text"], "easy_read": o.get("easy_read"), "outcome_id": o["id"]}
        for o in outcome_rows.outcomes_of(db, workshop["id"])
    ]


def submit_ranking(db, workshop, participant, question_id, order):
    """Keep this person's order of an open ranking question's list (most important first)."""
    target = open_for_answers(db, workshop, question_id)
    if target["kind"] != NAME:
        raise Invalid("This question asks for ideas, not an order.", code="not_ranking")
    options = rows.options_of(db, workshop["id"]).get(target["id"], [])
    ids = [o["id"] for o in options]
    if (
        not isinstance(order, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in order)
        or sorted(order) != sorted(ids)
    ):
        raise Invalid("Put every item of the list in order, each once.", code="bad_order")
    with store.transaction(db):
        rows.save_ranking(
            db,
            workshop_id=workshop["id"],
            question_id=target["id"],
            participant_id=participant["id"],
            role=participant["role"],
            option_ids=order,
        )
        result = standing(workshop, options, rows.rankings_of(db, workshop["id"], target["id"]))
        event = store.append_event(
            db, workshop["id"], "ranking_changed", {"question_id": target["id"], **result}
        )
    return Change({"question_id": target["id"], "order": order}, [event])


def standing(workshop, options, rankings):
    """The room's order and each role's, by the per-role Borda count (METHOD).

    {"answers": n, "room": [option ids, first first], "scores": {id: room score},
    "roles": [{"role", "label", "answers", "order", "scores"}]} in the framework's
    role order."""
    position = {o["id"]: n for n, o in enumerate(options)}
    size = len(options)
    by_role = {}
    for r in rankings:
        if sorted(r["option_ids"]) != sorted(position):
            continue  # an order of a list since changed: not counted
        by_role.setdefault(r["role"], []).append(r["option_ids"])
    roles = []
    for role in workshop["framework"].get("roles", []):
        orders = by_role.get(role["key"])
        if not orders:
            continue
        points = dict.fromkeys(position, 0.0)
        for order in orders:
            for place, option_id in enumerate(order):
                points[option_id] += size - 1 - place
        scores = {k: round(v / len(orders), 3) for k, v in points.items()}
        roles.append(
            {
                "role": role["key"],
                "label": role.get("label") or role["key"],
                "expert_by_experience": bool(role.get("expert_by_experience")),
                "answers": len(orders),
                "order": _ordered(scores, position),
                "scores": scores,
            }
        )
    room = {k: round(sum(r["scores"][k] for r in roles) / max(len(roles), 1), 3) for k in position}
    return {
        "answers": sum(r["answers"] for r in roles),
        "room": _ordered(room, position),
        "scores": room,
        "roles": roles,
    }


def _ordered(scores, position):
    return sorted(position, key=lambda k: (-scores[k], position[k]))


def snapshot(db, workshop, view, participant):
    """Every ranking question's list; the standings for screens that may see counts;
    a phone's own latest order."""
    options = rows.options_of(db, workshop["id"])
    if not options:
        return {}
    hidden = bool(workshop.get("results_hidden")) and view != "console"
    every = rows.rankings_of(db, workshop["id"])
    result = {}
    for question_id, listed in options.items():
        mine = [
            r["option_ids"]
            for r in every
            if participant
            and r["question_id"] == question_id
            and r["participant_id"] == participant["id"]
        ]
        entry = {"options": listed, "mine": mine[-1] if mine else None}
        if view != "phone" and not hidden:
            entry.update(
                standing(workshop, listed, [r for r in every if r["question_id"] == question_id])
            )
        result[str(question_id)] = entry
    return {"rankings": result}
