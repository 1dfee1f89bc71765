"""The room's order of the provisional outcomes, for the summary (session 28).

Where a ranking question's list is the provisional outcomes (its items made
from them, or typed in their words), the summary says the room's order and
each role's, by the outcomes' numbers, with how many people sent an order.
The order, the scores and who is shown on their own are the ranking section's
(report/kinds/ranking.py): a role of fewer than its SMALL people is counted
in the room's order and never shown alone. Items with the same score are
said to be level, not put one before the other by the list's order.
"""

from itertools import groupby
from operator import itemgetter

from . import words
from .kinds import ranking as ranking_kind


def section(doc):
    """{"question", "lead", "room", "by_role": [text], "small"} for the first ranking of
    the provisional outcomes, or None when the room ranked no list of them."""
    outcomes = (doc.get("plan") or {}).get("outcomes") or []
    for found in doc.get("kind_sections") or []:
        # A list no one has put in order yet has no order to give.
        if found["kind"] != ranking_kind.NAME or not found["rows"] or not found["answers"]:
            continue
        numbers = _numbers(found["rows"], outcomes)
        if numbers:
            return _said(found, numbers, len(outcomes))
    return None


def _key(text):
    return words.named(" ".join(str(text).split())).casefold()


def _numbers(rows, outcomes):
    """Each row's provisional outcome number, or None unless every item is an outcome."""
    by_id = {(o["event"], o.get("id")): n for n, o in enumerate(outcomes, start=1)}
    by_words = {_key(o["text"]): n for n, o in enumerate(outcomes, start=1)}
    found = [by_id.get(r["outcome"]) or by_words.get(_key(r["text"])) for r in rows]
    if None in found or len(set(found)) != len(found):
        return None
    return found


def _said(found, numbers, carried):
    rows = found["rows"]
    room = _order(numbers, [r["score"] for r in rows])
    by_role = []
    for label in found["shown_roles"]:
        answers = next(r["answers"] for r in found["roles"] if r["label"] == label)
        # Level items share a place: among them, by the outcomes' own numbers.
        placed = sorted(range(len(rows)), key=lambda n: (rows[n]["by_role"][label], numbers[n]))
        order = _order(
            [numbers[n] for n in placed], [rows[n]["role_scores"][label] for n in placed]
        )
        by_role.append(f"{label}, {words.plural(answers, 'person', 'people')}: {order}.")
    which = "these outcomes" if len(rows) == carried else f"{len(rows)} of these outcomes"
    lead = (
        f"The room then ranked {which} (asked: \u201c{words.named(found['question'])}\u201d). "
        f"{words.capital(words.plural(found['answers'], 'person', 'people'))} sent an order; "
        "every role counted the same, however many people came in it. "
        f"The room's order: {room}."
    )
    small = (
        "Counted in the room's order but not shown on their own, as fewer than "
        f"{ranking_kind.SMALL} people in the role sent an order: "
        + words.join(found["small_roles"])
        + "."
        if found["small_roles"]
        else None
    )
    return {
        "question": found["question"],
        "lead": lead,
        "by_role_heading": "Each role's own order (the outcomes by their numbers above):",
        "by_role": by_role,
        "small": small,
    }


def _order(numbers, scores):
    """'outcome 1 first, then 4, 2, 5 and 3'; items of the same score are level:
    'outcomes 1 and 4 level first, then 2, then 5 and 3 level'."""
    pairs = zip(numbers, scores, strict=True)
    first, *rest = [[n for n, _ in run] for _, run in groupby(pairs, key=itemgetter(1))]
    head = (
        f"outcome {first[0]} first"
        if len(first) == 1
        else f"outcomes {words.join(first)} level first"
    )
    if not rest:
        return head
    if all(len(g) == 1 for g in rest):
        return f"{head}, then {words.join(g[0] for g in rest)}"
    return head + "".join(
        f", then {g[0]}" if len(g) == 1 else f", then {words.join(g)} level" for g in rest
    )
