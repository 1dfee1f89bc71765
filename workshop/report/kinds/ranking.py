"""A ranking question in the report: the room's order of its list by a per-role
Borda count (each role present counting equally, room/kinds/ranking.py), each
role's own order, and how the order is worked out, in the Word report and the
workbook. The report goes unedited to providers and experts by experience: the
method is said in plain words beside each list, its technical name once, in the
method section's note (METHOD_NOTE).

A role with fewer than SMALL people who ranked is counted in the room's order
but its own order is not printed: a role of one or two would show what those
people chose.
"""

from ...room.kinds import ranking as room_ranking
from ...storage import rankings as rows

NAME = "ranking"
PLAN_ANSWERS = False
RISK_GRID = False
# Its answers are orders, not ideas: no idea tables, no idea sheets.
IDEAS = False
MARK_HEADING = "Order"
HEADING = "Rankings: the room's order of a short list"
SMALL = 5
# Role columns the Word table takes beside the item; more get a table of their own.
ROLE_COLUMNS = 3
# Once, in "How the rankings are computed": the name a statistician would look for.
METHOD_NOTE = (
    "Technical note: the room's order of a short list (under Rankings) is a Borda count, "
    "taken within each role and then averaged across the roles."
)


def method(size):
    """How the room's order of a list of `size` items is worked out, in plain words."""
    if size > 2:
        points = (
            f"With {size} items, a person's first choice gets {size - 1} points, their "
            f"second {size - 2}, and so on down to 0 for their last."
        )
    else:
        points = "A person's first choice gets 1 point and their second 0."
    return (
        "Every role's voice counts the same, however many people came in it. "
        f"{points} For each item we take the average of the points each role's people "
        "gave it; the item's score is the average of those role averages, so a role of "
        "6 people weighs as much as a role of 30. The highest score comes first; items "
        "with the same score share a place (marked level) and are listed in the order the "
        "list was written in."
    )


def mark(idea):
    """A ranking question has no idea answers to mark."""
    return ""


word_mark = mark


def marked(idea):
    """A ranking question has no answers to mark."""
    return False


def gather(db, workshop, redact):
    """Every ranking question's list (redacted) and each order given, with its role
    and no one's id."""
    options = rows.options_of(db, workshop["id"])
    every = rows.rankings_of(db, workshop["id"])
    return {
        "rankings": {
            question_id: {
                # An item made from a provisional outcome names it (the summary's order).
                "options": [
                    {"id": o["id"], "text": redact(o["text"]), "outcome_id": o.get("outcome_id")}
                    for o in listed
                ],
                "orders": [
                    {"role": r["role"], "option_ids": r["option_ids"]}
                    for r in every
                    if r["question_id"] == question_id
                ],
            }
            for question_id, listed in options.items()
        }
    }


def sections(events, stages, names, framework):
    """One section per ranking question (a question asked at several events is one:
    orders of the same list, by its words, are counted together)."""
    result = []
    for stage in stages:
        for question in stage["questions"]:
            if question["kind"] == NAME:
                result.append(_section(events, stage, question, names, framework))
    return result


def _section(events, stage, question, names, framework):
    options, orders, source = [], [], None
    for event in events:
        found = [
            event.get("rankings", {}).get(question_id)
            for code, question_id in sorted(question["refs"])
            if code == event["code"]
        ]
        for entry in filter(None, found):
            if not options:
                options, source = entry["options"], event["code"]
            words = {o["id"]: o["text"] for o in entry["options"]}
            own = {o["text"]: o["id"] for o in options}
            for order in entry["orders"]:
                texts = [words.get(i) for i in order["option_ids"]]
                if sorted(filter(None, texts)) == sorted(own) and len(texts) == len(own):
                    orders.append({"role": order["role"], "option_ids": [own[t] for t in texts]})
    standing = room_ranking.standing({"framework": framework}, options, orders)
    text = {o["id"]: o["text"] for o in options}
    outcome_of = {o["id"]: o.get("outcome_id") for o in options}
    shown_roles = [r for r in standing["roles"] if r["answers"] >= SMALL]
    room_places = level_places(standing["room"], standing["scores"])
    role_places = {r["label"]: level_places(r["order"], r["scores"]) for r in shown_roles}
    section = {
        "kind": NAME,
        "stage": stage["name"],
        "question": question["text"],
        "answers": standing["answers"],
        "method": method(len(options)),
        "rows": [
            {
                "number": n,  # its row, which names it in the roles' table ("Item 2")
                "place": room_places[option_id],
                "level": list(room_places.values()).count(room_places[option_id]) > 1,
                "text": text[option_id],
                "score": standing["scores"][option_id],
                "by_role": {label: places[option_id] for label, places in role_places.items()},
                "role_scores": {r["label"]: r["scores"][option_id] for r in shown_roles},
                # The provisional outcome this item was made from: (event, outcome id).
                "outcome": (source, outcome_of[option_id]) if outcome_of[option_id] else None,
            }
            for n, option_id in enumerate(standing["room"], start=1)
        ],
        "roles": [{"label": r["label"], "answers": r["answers"]} for r in standing["roles"]],
        "shown_roles": [r["label"] for r in shown_roles],
        "small_roles": [r["label"] for r in standing["roles"] if r["answers"] < SMALL],
    }
    # What every format prints: the sentences, then the table (the HTML and Markdown
    # templates draw any kind's section from these).
    section["notes"] = notes(section)
    section["headers"], body = table(section)
    section["body"] = _printed(body, section["rows"])
    return section


def level_places(order, scores):
    """{item: place} in an order sorted on `scores`: an item level with the one above
    shares its place (1, 2, 2, 4), as the board and the console give them."""
    places = {}
    for n, item in enumerate(order):
        above = order[n - 1] if n else None
        level = above is not None and scores[item] == scores[above]
        places[item] = places[above] if level else n + 1
    return places


def _printed(body, rows):
    """Rows as a page prints them: a shared place said level, each score to two
    places (the workbook keeps numbers)."""
    return [
        [f"{row[0]} (level)" if r["level"] else row[0], row[1], f"{row[2]:.2f}", *row[3:]]
        for row, r in zip(body, rows, strict=True)
    ]


def notes(section):
    """The sentences printed above a ranking's table: who ranked, and the method."""
    who = ", ".join(f"{r['label']} {r['answers']}" for r in section["roles"]) or "no one"
    lines = [
        f"{section['answers']} people sent an order ({who}).",
        # Run on after the colon as one sentence: no capital there.
        "How the room's order is worked out: "
        + section["method"][:1].lower()
        + section["method"][1:],
    ]
    if section["small_roles"]:
        lines.append(
            "Counted in the room's order, but their own order is not shown because fewer "
            f"than {SMALL} people in the role ranked: " + ", ".join(section["small_roles"]) + "."
        )
    return lines


def table(section):
    """(headers, rows) of a ranking: place, item, room score, then each role's place."""
    headers = ["Room's place", "Item", "Score (average points)"]
    headers += [f"{label}: place" for label in section["shown_roles"]]
    shown = section["shown_roles"]
    body = [
        [r["place"], r["text"], r["score"]] + [r["by_role"][label] for label in shown]
        for r in section["rows"]
    ]
    return headers, body


def word_section(word, section, b):
    """A ranking question in the Word report (b: the word_blocks module)."""
    b.heading(word, section["question"], 2)
    for line in notes(section):
        b.para(word, line)
    if not section["rows"]:
        return
    headers, body = table(section)
    body = _printed(body, section["rows"])
    extra = len(section["shown_roles"])
    if extra <= ROLE_COLUMNS:
        widths = [0.12, 0.5, 0.14] + [0.24 / extra] * extra if extra else [0.15, 0.65, 0.2]
        b.table(word, headers, body, widths, numeric=set(range(2, len(headers))) | {0})
        return
    # More roles than a page has room for side by side (their names would break
    # letter by letter): the room's order, then each role's places in a table of its own.
    b.table(word, headers[:3], [row[:3] for row in body], [0.15, 0.65, 0.2], numeric={0, 2})
    b.para(
        word,
        "Each role's own order: the columns are the items above, in the room's order; "
        "each number is the place that role gave the item (level items share one).",
    )
    items = [f"Item {r['number']}" for r in section["rows"]]
    places = [
        [label] + [r["by_role"][label] for r in section["rows"]] for label in section["shown_roles"]
    ]
    width = 0.66 / len(items)
    b.table(
        word,
        ["Role", *items],
        places,
        [0.34] + [width] * len(items),
        numeric=set(range(1, len(items) + 1)),
        small=len(items) > 6,
    )


def sheet(section):
    """(headers, widths, rows, heading) of a ranking question's workbook sheet; the
    method is the last row."""
    headers, body = table(section)
    widths = (12, 60, 14) + (16,) * len(section["shown_roles"])
    body = [*body, [], *([line] for line in notes(section))]
    return headers, widths, body, f"{section['stage']}: {section['question']}"
