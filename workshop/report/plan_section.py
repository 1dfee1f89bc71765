"""The Plan stage as the framework frames it: provisional outcomes and the room's answers.

The framework's own sentences about the stage; one block per provisional
outcome with where it came from (the Analyse idea, its original words, its
authors' roles, and whether the facilitator reworded it); the requirement and
measure/evidence answers about it, each marked a specified requirement or an
open question when the facilitator marked it; a grid of outcome by risk with
the rating counts; and the framework's principles once, as a checklist with a
column for each outcome (each outcome's block names the principles it meets the
checklist for, rather than printing all nineteen again).
"""

import re

from ..room import framework as fw
from . import kinds, words
from .kinds.risk import RATING_ORDER


def section(framework, events, stages, ideas, names):
    """The Plan section's data, or None when the Plan stage was not used at all."""
    plan = next((s for s in stages if s["key"] == "plan"), None)
    outcomes = [o for e in events for o in e["outcomes"]]
    if not plan and not outcomes:
        return None
    # A kind whose answers are not ideas (a ranking) has its own section (report/kinds).
    questions = [q for q in plan["questions"] if kinds.of(q).IDEAS] if plan else []
    by_id = {(i["event"], i["id"]): i for i in ideas}
    answer_questions = [q for q in questions if not kinds.of(q).RISK_GRID]
    risk_questions = [q for q in questions if kinds.of(q).RISK_GRID]
    blocks = [_block(o, by_id, stages, questions, names) for o in outcomes]
    for block in blocks:
        block["checklist"] = checklist(framework, block, questions)
        block["principles_note"] = principles_note(block["checklist"])
    unlinked = [
        {
            "question": q["text"],
            "kind": q["kind"],
            "answers": [i for i in q["ideas"] if not i["outcome_id"]],
        }
        for q in questions
    ]
    grid = _grid(blocks, risk_questions, framework.get("priorities", []))
    listed = principles(framework, blocks)
    return {
        "framing": fw.stage_framing(framework, "plan"),
        "answer_kinds": framework.get("answer_kinds", []),
        "checklist": framework.get("plan_checklist", []),
        "principles": listed,
        "principles_intro": checklist_intro(listed, len(blocks)),
        "questions": questions,
        "answer_questions": answer_questions,
        "risk_questions": risk_questions,
        "outcomes": blocks,
        "grid": grid,
        "grid_note": _grid_note(grid),
        "grid_answers": sum(c["answers"] for row in grid for c in row["cells"]),
        # Whether any answer was tagged with a priority: if not, no priority column.
        "grid_by_priority": any(c["by_priority"] for row in grid for c in row["cells"]),
        "unlinked": [u for u in unlinked if u["answers"]],
        "answers": sum(len(q["ideas"]) for q in questions),
        "ratings": RATING_ORDER,
    }


def _block(outcome, by_id, stages, questions, names):
    source = by_id.get((outcome["event"], outcome["source_idea_id"]))
    origin = None
    if source:
        ref = (source["event"], source["question_id"])
        question = next(
            (q["text"] for s in stages for q in s["questions"] if ref in q["refs"]), None
        )
        origin = {
            "text": source["text"],
            # The author's own words: an edited idea keeps them in original_text.
            "original": source.get("original_text") or source["text"],
            "edited": bool(source.get("original_text")),
            "entered_by": source.get("entered_by"),
            "origin": source.get("origin"),
            "card_number": source.get("card_number"),
            "author_roles": source["author_roles"],
            "expert_by_experience": source["expert_by_experience"],
            "votes": source["votes"],
            "cross_role": source.get("cross_role"),
            "question": question,
            # Its places now, in this report's rankings.
            "places": {
                "room": source.get("room_place"),
                "cross_role": source.get("cross_rank"),
                "experts": source.get("expert_rank"),
            },
        }
    answers = {}
    for q in questions:
        answers[q["text"]] = [
            i
            for i in q["ideas"]
            if (i["event"], i["outcome_id"]) == (outcome["event"], outcome["id"])
        ]
    return {
        "id": outcome["id"],  # internal: a ranking item made from it names it
        "text": outcome["text"],
        "event": outcome["event"],
        "event_name": names.events[outcome["event"]],
        "origin": origin,
        # Reworded: the outcome's words differ from the idea the room voted on.
        "reworded": bool(origin and outcome["text"] != origin["text"]),
        "carried_why": outcome.get("carried_why"),
        "chosen_by": outcome.get("chosen_by"),
        "why": words.carried_note(outcome.get("carried_why"), outcome.get("chosen_by")),
        "answers": [
            {"question": q["text"], "kind": q["kind"], "ideas": answers[q["text"]]}
            for q in questions
        ],
    }


# Principle 6 for developing outcomes (equal access for SMEs) applies "in larger
# contracts with supply chains": it is listed for an outcome when its answers
# raise small providers, in words or as a risk of excluding providers.
SMALL_PROVIDERS = re.compile(
    r"\b(small|smaller|SMEs?|micro|medium-sized|local (firms|providers|companies))\b", re.I
)
SMES_PRINCIPLE = 6
LISTS = (
    ("development", "development_principles", "Developing Social Value outcomes"),
    ("measuring", "measuring_principles", "Measuring and reporting Social Value outcomes"),
)
PRINCIPLES_HEADING = "The framework's principles: a checklist for each outcome"
EXCLUDING_PROVIDERS = "risk_excluding_providers"


def checklist(framework, block, questions):
    """Every principle that applies to one provisional outcome, in the framework's words:
    all the development principles (the sixth where the answers raise it) and all the
    measuring and reporting ones, each with its number."""
    kinds = {q["text"]: q.get("key") for q in questions}
    raised = [
        i["text"]
        for group in block["answers"]
        for i in group["ideas"]
        if SMALL_PROVIDERS.search(i["text"])
        or (
            kinds.get(group["question"]) == EXCLUDING_PROVIDERS
            and i["rating"] in ("medium", "high")
        )
    ]
    items = []
    for kind, list_name, heading in LISTS:
        for p in fw.principles(framework, list_name):
            smes = kind == "development" and p.get("number") == SMES_PRINCIPLE
            if smes and not raised:
                continue
            items.append(
                {
                    "kind": kind,
                    "list": heading,
                    "number": p.get("number"),
                    "short": p.get("short") or p["key"],
                    "text": p["text"],
                    "raised_by": raised[0] if smes else None,
                }
            )
    return items


def principles(framework, blocks):
    """The framework's principles once, each with the outcome numbers it applies to
    ("outcomes": [1, 2, ...]; principle 6 only where an outcome's answers raised it);
    empty when there is no outcome to check."""
    if not blocks:
        return []
    applies = {}
    for n, block in enumerate(blocks, start=1):
        for item in block["checklist"]:
            applies.setdefault((item["kind"], item["number"]), []).append(n)
    found = []
    for kind, list_name, heading in LISTS:
        for p in fw.principles(framework, list_name):
            found.append(
                {
                    "kind": kind,
                    "list": heading,
                    "number": p.get("number"),
                    "short": p.get("short") or p["key"],
                    "text": p["text"],
                    "outcomes": applies.get((kind, p.get("number")), []),
                }
            )
    return found


def checklist_intro(listed, outcomes):
    """How to use the checklist; the dash explained only where the table has one."""
    dashes = any(n not in p["outcomes"] for p in listed for n in range(1, outcomes + 1))
    dash = " A dash (\u2013) marks a principle that does not apply to that outcome."
    return (
        "Tick a principle in an outcome's column (numbered as the provisional outcomes "
        "above) once that outcome's requirements and measures meet it." + (dash if dashes else "")
    )


def principles_note(items):
    """One sentence under an outcome naming the principles it is checked against, by
    number, and the answer that raised principle 6 where one did."""
    if not items:
        return ""
    numbers = {}
    for item in items:
        numbers.setdefault(item["list"], []).append(item["number"])
    lists = " and ".join(
        f"{'principle' if len(n) == 1 else 'principles'} {_spans(n)} for "
        f"{heading[0].lower()}{heading[1:]}"
        for heading, n in numbers.items()
    )
    note = (
        f"Check this outcome against the framework's {lists}, in the column for this "
        f"outcome under “{PRINCIPLES_HEADING}”."
    )
    raised = next((i for i in items if i["raised_by"]), None)
    if raised:
        note += (
            f" Principle {raised['number']} ({raised['short']}) is included because an "
            f"answer raised it: “{raised['raised_by']}”"
        )
    return note


def _spans(numbers):
    """[1, 2, 3, 4, 5, 7] -> "1 to 5 and 7"."""
    runs = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    said = []
    for a, b in runs:
        said += [str(a)] if a == b else [str(a), str(b)] if b == a + 1 else [f"{a} to {b}"]
    return words.join(said)


def _grid(blocks, risk_questions, priorities):
    """Outcome x risk question, and within it each Social Value priority: how many
    answers gave each rating, and their weight (the answers and the votes on them)."""
    rows = []
    for block in blocks:
        cells = []
        for q in risk_questions:
            found = next(a["ideas"] for a in block["answers"] if a["question"] == q["text"])
            cell = _tally(found)
            cell["question"] = q["text"]
            # Only the priorities the answers were tagged with: a row of zeros for each
            # priority nobody tagged says nothing. "No priority given" only beside them,
            # else it repeats the "All priorities" row.
            by_priority = [
                {"priority": p["name"], **_tally(tagged)}
                for p in priorities
                if (tagged := [i for i in found if i["priority"] == p["name"]])
            ]
            untagged = [i for i in found if not i["priority"]]
            if by_priority and untagged:
                by_priority.append({"priority": "No priority given", **_tally(untagged)})
            cell["by_priority"] = by_priority
            cells.append(cell)
        rows.append({"outcome": block["text"], "cells": cells})
    return rows


def _grid_note(grid):
    """One plain sentence where the grid has nothing to split: no risk answers at all
    (the grid is left out), or none tagged with a priority (totals only)."""
    cells = [c for row in grid for c in row["cells"]]
    if not cells:
        return None
    if not any(c["answers"] for c in cells):
        return "No answers to the risk questions were recorded about any provisional outcome."
    if not any(c["by_priority"] for c in cells):
        return (
            "None of the answers to the risk questions was tagged with a Social Value "
            "priority, so the table gives each outcome's ratings in total."
        )
    return None


def _tally(found):
    counts = {r: sum(1 for i in found if i["rating"] == r) for r in RATING_ORDER}
    counts["not rated"] = sum(1 for i in found if not i["rating"])
    return {
        "counts": counts,
        "answers": len(found),
        "votes": sum(i["votes"] for i in found),
        "text": _cell(counts),
    }


def _cell(counts):
    parts = [f"{n} {r}" for r, n in counts.items() if n]
    return "; ".join(parts) if parts else "no answers"
