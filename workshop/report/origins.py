"""Room, outreach and paper: where each contribution was made, for the report.

Kept apart from gather.py (which issue 13 reshapes) on purpose: `gather`
reads each event's people by origin, and `assemble` adds to the document,
for every question, its results in the room (paper cards included, and
counted), in outreach, and together, and whom outreach reached that the
room did not. Every renderer reads `doc["origins"]`.
"""

from ..storage import setup_store
from . import words

ORIGINS = ("room", "outreach", "paper")
TOP = 3


def gather(db, workshop):
    """One event's participants by (origin, role)."""
    return {"people": setup_store.origin_counts(db, workshop["id"])}


def _top(ideas):
    shown = sorted(
        (i for i in ideas if i["status"] == "shown" and not i["merged"]),
        key=lambda i: (-i["votes"], i["created"]),
    )
    return [
        {"text": i["text"], "votes": i["votes"], "author_role": i["author_role"]}
        for i in shown[:TOP]
    ]


def _column(ideas):
    return {"ideas": len(ideas), "top": _top(ideas)}


def assemble(events, doc, framework):
    """The origins section of the report, from the gathered events and the document."""
    labels = {r["key"]: r["label"] for r in framework["roles"]}
    room_people, outreach_people = {}, {}
    for event in events:
        for (origin, role), n in event["origins"]["people"].items():
            target = outreach_people if origin == "outreach" else room_people
            target[role] = target.get(role, 0) + n
    questions = []
    for stage in doc["stages"]:
        for q in stage["questions"]:
            mine = q["ideas"]
            room = [i for i in mine if i.get("origin", "room") in ("room", "paper")]
            away = [i for i in mine if i.get("origin") == "outreach"]
            paper = [i for i in mine if i.get("origin") == "paper"]
            questions.append(
                {
                    "stage": stage["name"],
                    "text": q["text"],
                    "room": _column(room),
                    "paper": len(paper),
                    "outreach": _column(away),
                    "together": _column(mine),
                }
            )
    reached = [
        labels.get(role, role)
        for role in labels
        if outreach_people.get(role) and not room_people.get(role)
    ]
    result = {
        "any": bool(outreach_people) or any(q["paper"] for q in questions),
        "outreach_people": sum(outreach_people.values()),
        "room_people": sum(room_people.values()),
        "paper_cards": sum(q["paper"] for q in questions),
        "people": [
            {
                "label": labels.get(role, role),
                "room": room_people.get(role, 0),
                "outreach": outreach_people.get(role, 0),
            }
            for role in labels
            if room_people.get(role) or outreach_people.get(role)
        ],
        "reached": reached,
        # Every question with ideas, for the workbook's sheet.
        "every_question": [q for q in questions if q["together"]["ideas"]],
    }
    # The report's tables compare only where outreach or paper added something: a
    # question answered in the room alone printed "Outreach 0" and "As the room's top 1"
    # three times, its ranking already under the question (the demo's four Plan tables).
    result["questions"] = [
        q for q in result["every_question"] if q["outreach"]["ideas"] or q["paper"]
    ]
    result["reach"] = reach(result)
    result["sentence"] = sentence(result)
    # The report's section follows Who took part, whose "Who was not in this room" already
    # says whom outreach reached (gather.py): the section does not say it twice.
    result["section_sentence"] = (
        _votes_and_paper(result) if result["outreach_people"] else result["sentence"]
    ) + _room_only(result)
    return result


def _room_only(origins):
    """' On the other 5 questions every idea came from the room...', or ''."""
    others = len(origins["every_question"]) - len(origins["questions"])
    if not others:
        return ""
    if not origins["questions"]:
        return " Every idea came from the room: each question's ranking is under the question."
    return (
        f" On the other {words.plural(others, 'question')} every idea came from the room: "
        f"{'its ranking is' if others == 1 else 'their rankings are'} under each question."
    )


def reach(origins):
    """Whom outreach reached that the room did not, in plain sentences."""
    people = origins["outreach_people"]
    if not people:
        reach = "Nobody took part through outreach."
    else:
        reach = f"Outreach reached {words.plural(people, 'person', 'people')}."
        if origins["reached"]:
            roles = "; ".join(origins["reached"]).lower()
            reach += f" It reached people the room did not: {roles}."
        else:
            reach += " Every role it reached was also in the room."
    return reach


def sentence(origins):
    """Whom outreach reached that the room did not, and the paper cards, in plain sentences."""
    return f"{reach(origins)} {_votes_and_paper(origins)}"


def _votes_and_paper(origins):
    """How outreach answers were voted on, and the paper cards."""
    cards = origins["paper_cards"]
    if not cards:
        paper = "No paper cards were typed in."
    else:
        paper = (
            f"{words.plural(cards, 'paper card was', 'paper cards were')} typed in on the day; "
            f"{'it counts' if cards == 1 else 'they count'} with the room."
        )
    votes = (
        "Outreach answers are voted on only if the room sees them on the day, so their"
        " votes are not a ranking against the room's. "
        if origins["outreach_people"]
        else ""
    )
    return f"{votes}{paper}"


def top_cell(cols, i, n):
    """Column i's idea ranked n (of room, outreach, together), named by its place if a
    column before already gives it: its words once in the table."""
    # An idea no one voted for is no one's top: outreach's "Top 3" was one with 0 votes.
    # (The workbook's columns keep them, with their 0 votes, as data.)
    top = [t for t in cols[i]["top"] if t["votes"]]
    if len(top) <= n:
        # Said once, under the last idea that had votes, where the column has more ideas.
        if n == len(top) and cols[i]["ideas"] > n:
            return "No idea had a vote" if n == 0 else "No other idea had a vote"
        return ""
    idea, votes = top[n], words.count(top[n]["votes"], "vote")
    for j, name in enumerate(("the room's", "outreach's")[:i]):
        for k, other in enumerate(cols[j]["top"][:TOP]):
            if other["text"] == idea["text"]:
                return f"As {name} top {k + 1} ({votes})"
    return f"{idea['text']} ({votes})"
