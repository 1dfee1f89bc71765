"""The one-page summary and the report's sentences, made once from the figures.

Every figure here is read from a table the report prints further on (the
participation table, a question's rankings, the Plan grid), never counted
separately, so the summary and the tables cannot disagree. Every format
prints these same sentences.
"""

from ..room import ranking
from . import kinds, outcome_order, theme_summary, words
from . import ranking as report_ranking

SUMMARY_IDEAS = 2
# Stories experts by experience agreed to have quoted, quoted in the summary.
STORY_QUOTES = 3
EXPERTS_FIRST_HEADING = "What experts by experience put first"
EXPERTS_FIRST_NOTE = (
    "For each Analyse question, the idea experts by experience wrote that they "
    "themselves voted for most."
)
EXPERTS_WORDS_HEADING = "Experts by experience, in their own words"
WIDEST_HEADING = "Widest support across the roles"
WIDEST_NOTE = (
    "Each Analyse question's ideas most supported across the roles, "
    "in the order of cross-role support."
)
# Each Analyse question's list, under WIDEST_HEADING, has its own heading: a
# short one for the framework's own questions, else the question itself.
QUESTION_HEADINGS = {
    "added_differences": "What added differences we can make",
    "standard_practice": "What should become standard practice",
    "risk_of_losing": "What is at risk of being lost in re-commissioning",
}


def summary(doc):
    """The summary's content: who took part, the widest-supported ideas, experts' first, Plan."""
    events, p = doc["events"], doc["participation"]
    analyse = kinds.idea_questions(doc["analyse"]) if doc["analyse"] else []
    experts = {r["key"] for r in p["by_role"] if r["expert_by_experience"]}
    return {
        "participants": p["total"],
        "contributors": p["contributors"],
        "ideas": sum(e["ideas"] for e in events),
        "votes": sum(e["votes"] for e in events),
        # Each stage apart: an Analyse idea and a Plan answer are different things.
        "by_stage": [
            {
                "key": st["key"],
                "name": st["name"],
                "ideas": sum(len(q["ideas"]) for q in st["questions"]),
                "votes": sum(q["votes"] for q in st["questions"]),
            }
            for st in doc["stages"]
        ],
        "stories": sum(e["stories"] for e in events),
        "events": len(events),
        "roles": [r for r in p["by_role"] if r["count"]],
        # One list a question, in the stage's order, each under its own heading.
        "questions": [
            {
                "text": q["text"],
                "key": q["key"],
                "heading": QUESTION_HEADINGS.get(q["key"], q["text"]),
                "asked": q["key"] in QUESTION_HEADINGS,
                "ideas": [i for i in q["by_support"] if i["votes"]][:SUMMARY_IDEAS],
            }
            for q in analyse
        ],
        "experts_first": [
            {
                "question": q["text"],
                "heading": QUESTION_HEADINGS.get(q["key"], q["text"]),
                "idea": first,
                # Who typed it, if not its author, then its people with their base.
                "note": "; ".join(
                    filter(
                        None,
                        (words.made_where(first).strip(" ()"), _experts_note(first, q, experts)),
                    )
                ),
            }
            for q in analyse
            if (first := _experts_own_first(q, experts))
        ],
        "experts_words": _experts_words(doc),
        "widest_heading": WIDEST_HEADING,
        "widest_note": WIDEST_NOTE,
        "outcomes": doc["plan"]["outcomes"] if doc["plan"] else [],
        # Where the room ranked the outcomes (a ranking question of them): its order.
        "outcome_order": outcome_order.section(doc),
    }


def figures_note(doc):
    """Where the summary's figures are (every format closes the summary with it). A
    theme's people ("34 of 85 voted for at least one of them") are in no table of the
    document: said so, not "every figure"."""
    # The room's order of the outcomes is the Rankings section's table.
    ranked = " and the room's order of the outcomes under Rankings" * bool(
        doc["summary"].get("outcome_order")
    )
    if any(q["themes"] for q in doc.get("theme_summary") or []):
        return (
            "Every figure above is in the tables that follow (the rankings under each "
            f"question, the Plan stage's answers, Who took part{ranked}), except the "
            "themes' counts of people, which are in the workbook's Themes sheet."
        )
    return (
        "Every figure above is in the tables that follow: the rankings under each "
        f"question, Who took part{ranked}."
    )


def _experts_words(doc):
    """Experts by experience's own words, quoted with consent only (issue 22, item 7):
    the phone asks a story's teller whether it may be quoted and asks no such thing of
    an idea, so the summary quotes stories whose tellers said yes (doc["stories"] holds
    only those), the first STORY_QUOTES, and gives ideas as the room's ideas."""
    told = [s for s in doc["stories"] if s["expert_by_experience"] and s["text"].strip()]
    if not told:
        return None
    quoted = [
        {
            "text": s["text"],
            "who": ", ".join(filter(None, (words.who(s, doc["combined"]), words.typed_by(s)))),
        }
        for s in told[:STORY_QUOTES]
    ]
    note = (
        "From the stories experts by experience told and agreed to have quoted"
        + (
            f": the first {len(quoted)} of {len(told)}, all under Stories."
            if len(told) > len(quoted)
            else "."
        )
        + " Ideas are not quoted here as anyone's words: the phone asks a story's teller "
        "whether it may be quoted, and asks no such thing of an idea's writer."
    )
    return {"note": note, "stories": quoted}


def _expert_votes(idea, experts):
    return sum(n for role, n in idea["by_role"].items() if role in experts)


def _experts_note(idea, question, experts):
    """'voted for by 5 of the 19 experts by experience who voted on the question': the
    people, with their base ("5 votes from experts" gave neither)."""
    people = idea["supporters"] or idea["by_role"]
    took = sum(n for role, n in people.items() if role in experts)
    voted = sum(n for role, n in question["voters"].items() if role in experts)
    if voted == 1:
        return "voted for by the one expert by experience who voted on the question"
    return f"voted for by {took} of the {voted} experts by experience who voted on the question"


def _experts_own_first(question, experts):
    """Of the ideas experts by experience wrote, the one they dotted most (in the room's order)."""
    voiced = [i for i in question["expert_voices"] if _expert_votes(i, experts)]
    return min(voiced, key=lambda i: (-_expert_votes(i, experts), i["rank"]), default=None)


def wording(doc):
    """The report's sentences, so every format says the same."""
    s, p = doc["summary"], doc["participation"]
    return {
        "lead": _lead(doc),
        "experts": _experts(p),
        "not_in_room": _not_in_room(doc),
        "outcomes": _outcomes(s),
        "method": _method(doc),
        "ranking": ranking_method() + kinds.method_notes(doc["kind_sections"]),
        "coverage": _coverage(doc),
        "coverage_lead": _coverage_lead(doc),
        "stories": _stories(doc),
    }


def _lead(doc):
    s = doc["summary"]
    where = (
        f"{s['events']} events ({words.join(e['name'] for e in doc['events'])})"
        if doc["combined"]
        else f"the event \u201c{doc['events'][0]['title']}\u201d on {doc['date']}"
    )
    if not s["participants"]:
        return (
            f"No one has taken part in {where} yet. The room put forward "
            f"{words.plural(s['ideas'], 'idea')} and cast {words.plural(s['votes'], 'vote')}."
        )
    # A sentence of its own: after the stages' figures "and shared" had no subject.
    stories = (
        f" People also shared {words.plural(s['stories'], 'story', 'stories')} that may be quoted."
        if s["stories"]
        else ""
    )
    return words.capital(
        f"{words.plural(s['participants'], 'person', 'people')} took part in {where}; "
        f"{s['contributors'] or 'none'} of them wrote at least one "
        f"idea or story. {_stage_figures(s)}.{stories}"
    )


def _stage_figures(s):
    """'On the Analyse stage's questions the room put forward 44 ideas and cast 1,046 votes;
    on the Plan stage's, 30 answers and 200 votes': each stage apart, never added together."""
    stages = [st for st in s["by_stage"] if st["ideas"] or st["votes"]]
    if not stages:
        return "The room put forward no ideas and cast no votes"
    first, *rest = stages
    noun = ("idea", "ideas") if first["key"] == "analyse" else ("answer", "answers")
    text = (
        f"On the {first['name']} stage's questions the room put forward "
        f"{words.plural(first['ideas'], *noun)} and cast {words.plural(first['votes'], 'vote')}"
    )
    for st in rest:
        noun = ("idea", "ideas") if st["key"] == "analyse" else ("answer", "answers")
        text += (
            f"; on the {st['name']} stage's, {words.plural(st['ideas'], *noun)} and "
            f"{words.plural(st['votes'], 'vote')}"
        )
    return text


def _experts(p):
    if not p["total"]:
        return "No one took part, so there are no experts-by-experience figures."
    ideas = (
        "; of the Analyse stage's ideas, they wrote "
        f"{words.share(p['expert_analyse_ideas'], p['analyse_ideas'])}"
        if p["analyse_ideas"]
        else ""
    )
    return (
        f"Of the people who took part, {words.share(p['experts'], p['total'])} were experts "
        f"by experience (people who receive care and support){ideas}."
    )


def _not_in_room(doc):
    """A plain statement of who was not in this room, from this event's own figures."""
    p = doc["participation"]
    lines = []
    if p["missing"]:
        lines.append("No one took part as: " + words.join(p["missing"]) + ".")
    if p["short"]:
        # One sentence, not "Family or unpaid carer: 12 of the 15 expected took part." a
        # role at a time: the summary runs these lines together as a paragraph.
        lines.append(
            "Fewer took part than expected as: "
            + "; ".join(
                f"{row['label']} ({row['count']} of the {row['expected']} expected)"
                for row in p["short"]
            )
            + "."
        )
    for gap in p["absent_at"]:
        lines.append(f"At {gap['event']}, no one took part as: {words.join(gap['roles'])}.")
    groups = doc["groups"]
    if groups:
        there = [g["name"] for g in groups if g["people"]]
        absent = [g["name"] for g in groups if not g["people"]]
        if not absent:
            lines.insert(
                0,
                f"All {_NUMBERS.get(len(groups), len(groups))} groups the framework brings "
                f"together took part: {words.join(there)}"
                + (
                    " and every expected number was met."
                    if not lines and p["has_expected"]
                    else "."
                ),
            )
        else:
            lines.insert(
                0, f"Of the framework's groups, no one took part from: {words.join(absent)}."
            )
    elif not lines:
        lines.append(
            "Every role the framework lists was represented"
            + (" and every expected number was met." if p["has_expected"] else ".")
        )
    lines.append(NOT_COUNTED.format(where="on the day"))
    return lines


_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five"}

# The last line of "who was not in this room"; report/gather.py names outreach in it.
NOT_COUNTED = (
    "The figures count only the people who came and joined {where}: people whose "
    "needs kept them from attending, and anyone who chose not to join on a phone or "
    "through the facilitator, are not in them."
)


def _outcomes(s):
    n = len(s["outcomes"])
    if not n:
        return (
            "No ideas have been carried forward to the Plan stage as provisional Social "
            "Value outcomes yet; the Analyse-stage rankings below are the place to choose "
            "them from."
        )
    if n == 1:
        return (
            "The facilitator carried 1 idea forward from the Analyse stage as a provisional "
            "Social Value outcome for the commissioning plan."
        )
    return (
        f"The facilitator carried {n} ideas forward from the Analyse stage as provisional "
        "Social Value outcomes for the commissioning plan, in this order."
    )


def ranking_method():
    """Exactly how each of the three rankings is computed, and when an idea divides the roles.

    The same rules the board and the console use (room/ranking.py).
    """
    lowest = f"{ranking.MIN_ROLE} people"
    return [
        "The room's ranking orders a question's ideas by their votes: every vote counts "
        "once, so the largest group in the room weighs most.",
        "Each role's own ranking orders the ideas by the votes of that role's people only; "
        f"the top {report_ranking.ROLE_TOP} are shown for every role that at least {lowest} "
        "voted in on the question. A smaller role is never listed on its own, so no one's "
        "votes can be picked out.",
        "Cross-role support counts every role's voice the same, however many people came "
        "in it. For each role that at least "
        f"{lowest} voted in on the question, it takes the share of that role's voters who "
        "voted for the idea; the idea's score is the average of those shares, from 0 to 1. Not "
        "voting for an idea is not opposing it: with a few votes each among many ideas, a "
        "role that did not vote for an idea lowers its score but never makes it 0. A catch-all "
        "role (such as \u201cOther\u201d) is no one group's voice: its votes count in the "
        "room's ranking but not in cross-role support. When no role had "
        f"{lowest} voting, the score is the share of all the question's voters who voted "
        "for the idea.",
        f"{ranking.TIE_BREAK} The board, the facilitator's console, the Plan stage's "
        "suggestions and this report use the same orderings.",
        "An idea is marked as dividing the roles only when the evidence is there: two roles "
        f"of at least {lowest} each voted on the question, the shares of their voters who "
        f"voted for it differ by at least {round(ranking.DIVIDE_GAP * 100)} percentage points, "
        "and a gap that size would come about by chance less than 1 time in "
        f"{round(1 / ranking.DIVIDE_P)} (technical note: Fisher's exact test, one-sided, at the "
        f"{round(ranking.DIVIDE_P * 100)}% level). Few votes, or a role that simply preferred "
        "other ideas, is not division.",
        "A theme's support (the summary's themes) counts every person who voted for at "
        "least one of its ideas once, however many of them they voted for; its cross-role "
        "score and whether it divides the roles follow the same rules as an idea's, with the theme "
        "taken as one idea. Plan answers are quoted under a theme as at risk when they are "
        "about the provisional outcome carried from one of its ideas and whoever wrote the "
        "answer rated the risk medium or high; its votes are how many people agreed with it. "
        "Those rated high come first, then those rated medium, each in order of votes; the "
        f"first {theme_summary.RISKS} of each outcome's are quoted and the rest counted.",
        f"Shares of fewer than {words.PERCENT_BASE} people are given as counts "
        "(\u201c3 of 4\u201d), never as percentages.",
    ]


def _method(doc):
    budgets = words.join((str(b) for b in doc["vote_budgets"]), "or")
    entered = doc["participation"]["entered_by"]
    method = [
        "Ideas and votes were collected live on attendees' own phones, without names. "
        f"Each attendee had {budgets} votes to use on each question. Every question's "
        "ideas are ranked three ways, side by side, so that no group's majority hides "
        "another's priorities; ideas from experts by experience are marked "
        "\u2605 and listed together under each question, as ideas. Only stories are quoted "
        "as people's own words, and only where their tellers agreed.",
        _entered(entered),
        "Ideas the facilitator hid or rejected are included and marked, as asked for this draft."
        if doc["options"]["include_hidden"]
        else "Ideas the facilitator hid or rejected during the event are left out of this draft.",
        "Coverage counts the Analyse stage's ideas only: Plan, Do and Review answers are about "
        "outcomes already chosen, so they are not counted as untagged.",
    ]
    if doc["options"]["redacted"]:
        method.append(
            "Names and words on the event's redaction list have been replaced with "
            "\u201c[redacted]\u201d throughout."
        )
    return method


def _stories(doc):
    lines = []
    n = doc["stories_not_quoted"]
    if n:
        lines.append(
            f"{words.capital(words.plural(n, 'story was', 'stories were'))} shared on the "
            f"understanding that {'it' if n == 1 else 'they'} would not be quoted; "
            f"{'it is' if n == 1 else 'they are'} not reproduced here."
        )
    held = doc["stories_held_back"]
    if held:
        lines.append(
            f"{words.capital(words.plural(held, 'story', 'stories'))} the facilitator hid or "
            "flagged for follow-up "
            f"{'is' if held == 1 else 'are'} left out."
        )
    return lines


def _entered(entered):
    if not entered["supporter"] and not entered["scribe"]:
        return (
            "Every idea was typed by the attendee themselves; none was entered by a "
            "supporter or typed in by the facilitator."
        )
    return words.capital(
        f"{words.plural(entered['supporter'], 'idea was', 'ideas were')} entered by a "
        f"supporter on someone's behalf, and "
        f"{words.plural(entered['scribe'], 'idea was', 'ideas were')} typed in by the "
        "facilitator from paper cards or from what was said aloud."
    )


def _coverage_lead(doc):
    # The tables' counts have their base here: "Local Employment 35" is 35 of these.
    ideas = words.plural(doc["participation"]["analyse_ideas"], "idea")
    return (
        f"How the Analyse stage's {ideas} spread across the framework's lists, counted from "
        "the tags attendees and the facilitator gave them (an idea has at most one tag from "
        "each list). A gap is a prompt for the next event, not a finding."
    )


def _coverage(doc):
    coverage = {}
    for block in doc["coverage"]:
        notes = []
        if not block["tagged"]:
            # Named here, not in a table of noughts.
            names = "; ".join(r["full"].rstrip(".") for r in block["rows"])
            notes.append(
                f"No Analyse-stage idea was tagged with one of the {block['noun']} "
                f"({names}), so there is no chart or table: the draft does not guess which "
                "one an idea serves."
            )
        elif block["gaps"]:
            # How many were not tagged is the table's own last row ("Not tagged"): not
            # said again under it.
            notes.append("No ideas were tagged: " + "; ".join(block["gaps"]) + ".")
        coverage[block["key"]] = " ".join(notes)
    return coverage
