"""The Plan stage as the framework frames it: provisional outcomes and the room's answers.

The framework's own sentences about the stage; one block per provisional
outcome with where it came from (the Analyse idea, its original words, its
authors' roles, and whether the facilitator reworded it); the requirement and
measure/evidence answers about it, each marked a specified requirement or an
open question when the facilitator marked it; a grid of outcome by risk with
the rating counts; and the framework's principles as a checklist.
"""

from ..room import framework as fw
from ..room.rules import RATINGS

# Highest first, as a reader scans a risk grid.
RATING_ORDER = tuple(sorted(RATINGS, key=("high", "medium", "low").index))


def section(framework, events, stages, ideas, names):
    """The Plan section's data, or None when the Plan stage was not used at all."""
    plan = next((s for s in stages if s["key"] == "plan"), None)
    outcomes = [o for e in events for o in e["outcomes"]]
    if not plan and not outcomes:
        return None
    questions = plan["questions"] if plan else []
    by_id = {(i["event"], i["id"]): i for i in ideas}
    answer_questions = [q for q in questions if q["kind"] != "risk"]
    risk_questions = [q for q in questions if q["kind"] == "risk"]
    blocks = [_block(o, by_id, stages, questions, names) for o in outcomes]
    unlinked = [
        {
            "question": q["text"],
            "kind": q["kind"],
            "answers": [i for i in q["ideas"] if not i["outcome_id"]],
        }
        for q in questions
    ]
    return {
        "framing": fw.stage_framing(framework, "plan"),
        "answer_kinds": framework.get("answer_kinds", []),
        "checklist": framework.get("plan_checklist", []),
        "questions": questions,
        "answer_questions": answer_questions,
        "risk_questions": risk_questions,
        "outcomes": blocks,
        "grid": _grid(blocks, risk_questions),
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
            "author_roles": source["author_roles"],
            "expert_by_experience": source["expert_by_experience"],
            "votes": source["votes"],
            "cross_role": source.get("cross_role"),
            "question": question,
        }
    answers = {}
    for q in questions:
        answers[q["text"]] = [
            i
            for i in q["ideas"]
            if (i["event"], i["outcome_id"]) == (outcome["event"], outcome["id"])
        ]
    return {
        "text": outcome["text"],
        "event": outcome["event"],
        "event_name": names.events[outcome["event"]],
        "origin": origin,
        # Reworded: the outcome's words differ from the idea the room voted on.
        "reworded": bool(origin and outcome["text"] != origin["text"]),
        "answers": [
            {"question": q["text"], "kind": q["kind"], "ideas": answers[q["text"]]}
            for q in questions
        ],
    }


def _grid(blocks, risk_questions):
    """Outcome x risk question: how many answers gave each rating."""
    rows = []
    for block in blocks:
        cells = []
        for q in risk_questions:
            found = next(a["ideas"] for a in block["answers"] if a["question"] == q["text"])
            counts = {r: sum(1 for i in found if i["rating"] == r) for r in RATING_ORDER}
            counts["not rated"] = sum(1 for i in found if not i["rating"])
            cells.append(
                {
                    "question": q["text"],
                    "counts": counts,
                    "answers": len(found),
                    "text": _cell(counts),
                }
            )
        rows.append({"outcome": block["text"], "cells": cells})
    return rows


def _cell(counts):
    parts = [f"{n} {r}" for r, n in counts.items() if n]
    return "; ".join(parts) if parts else "no answers"
