"""Each question of the Analyse (and later) stages in the Word report: its
ranked ideas, the room's ranking beside cross-role support, each role's own
top choices, the ideas that divide the roles, and experts' own words.

Each idea's text is printed once in a question's ranked table: the
comparisons after it name an idea by its number there ("No. 3"), so "Give
us paid jobs" is read once, not once per table it appears in (issue 23,
item 8). An idea past the table's top rows is written out the first time
it is named, since the body shows it nowhere else. Experts' own words are
quoted together after, a place of their own.
"""

from . import kinds, words
from . import word_blocks as b

FULL_LIST = 5  # side-by-side rankings show this many
BODY_LIST = 15  # a question's ranked table in the body; the appendix has every one


def stage_heading(stage):
    return f"{stage['name']} stage: what the room said"


def analyse(word, doc):
    if doc["analyse"]:
        _stage(word, doc, doc["analyse"])


def later_stages(word, doc):
    for stage in doc["later_stages"]:
        _stage(word, doc, stage)


def _stage(word, doc, stage):
    b.heading(word, stage_heading(stage), 1)
    note = " ".join(
        x for x in (stage["audience"] and stage["audience"] + ".", stage["report_note"]) if x
    )
    if note:
        b.para(word, note, style="Note")
    for question in kinds.idea_questions(stage):
        question_block(word, doc, question)


def question_block(word, doc, question):
    b.heading(word, question["text"], 2)
    if not question["ideas"]:
        b.para(
            word,
            "No ideas were recorded for this question."
            if question["asked"]
            else "This question was not asked.",
        )
        return
    votes = ", ".join(f"{v['label']} {v['count']}" for v in question["votes_by_role"])
    b.para(
        word,
        f"{words.count(len(question['ideas']), 'idea')}; "
        f"{words.count(question['votes'], 'vote')} from "
        f"{words.count(question['voter_count'], 'voter')}"
        + (f" (votes by role: {votes})." if votes else "."),
    )
    # The appendix is the annex of every contribution: past BODY_LIST ideas the body gives
    # the top ones, so no long table is printed twice.
    ideas = question["ideas"]
    shown = ideas[:BODY_LIST]
    if len(ideas) <= BODY_LIST:
        b.heading(word, "Every idea, in the room's order", 3)
    else:
        b.heading(word, f"The top {BODY_LIST} ideas, in the room's order", 3)
        b.keep(
            b.para(
                word,
                f"All {len(ideas):,} ideas on this question, with their tags and votes, are in "
                "the appendix (every contribution), question by question.",
                style="Note",
            )
        )
    _idea_table(word, doc, shown)
    named = Names(shown)
    if question["votes"]:
        _side_by_side(word, question, named)
        _role_tops(word, question, named)
        _divided(word, question, named)
    _expert_voices(word, question)


class Names:
    """How the comparisons name an idea: by its number once its words are given
    above (in the ranked table, or where it was first named), else in full with
    its number (the appendix's order)."""

    def __init__(self, shown):
        self.ranks = {idea["rank"] for idea in shown}

    def __contains__(self, idea):
        return idea.get("rank") in self.ranks

    def __call__(self, idea):
        if idea in self or not idea.get("rank"):
            return f"No. {idea['rank']}" if idea in self else idea["text"]
        self.ranks.add(idea["rank"])
        return f"No. {idea['rank']}: {idea['text']}"


def _side_by_side(word, question, named):
    """The top ideas by cross-role support, each with its place in the room's ranking
    (the table above is the room's ranking, so it is not printed again)."""
    b.heading(word, "Cross-role support beside the room's ranking", 3)
    b.keep(
        b.para(
            word,
            "The ideas with the widest support across the roles, by their number in the "
            "table above (the room's ranking).",
            style="Note",
        )
    )
    rows = [
        [
            n,
            (named(idea), words.count(idea["votes"], "vote")),
            (words.score(idea["cross_role"]), words.lowest_share(idea)),
        ]
        for n, idea in enumerate(question["by_support"][:FULL_LIST], start=1)
    ]
    b.table(
        word,
        [
            "#",
            "Idea (its number is its place in the room's ranking) and its votes",
            "Cross-role support (0 to 1), and the role it is weakest in",
        ],
        rows,
        [0.06, 0.44, 0.5],
        numeric={0},
    )


def _role_tops(word, question, named):
    if not question["role_tops"]:
        return
    b.heading(word, "Each role's own top choices", 3)
    rows = []
    for top in question["role_tops"]:
        cells = [(top["label"], words.count(top["voters"], "voter"))]
        for idea in top["ideas"]:
            cells.append((named(idea), words.count(idea["by_role"][top["key"]], "vote")))
        cells += [""] * (4 - len(cells))
        rows.append(cells)
    b.table(word, ["Role", "First", "Second", "Third"], rows, [0.22, 0.26, 0.26, 0.26])


def _divided(word, question, named):
    if not question["divided"]:
        return
    b.heading(word, "Ideas that divide the roles", 3)
    for idea in question["divided"]:
        paragraph = b.para(word, style="List Bullet")
        b.run(paragraph, named(idea))
        b.run(paragraph, f" ({words.divides_note(idea)})", muted=True)


def _expert_voices(word, question):
    """Experts' own words, quoted together: a place of their own (issue 23, item 6)."""
    if not question["expert_voices"]:
        return
    b.heading(word, "Experts by experience, in their own words", 3)
    for idea in question["expert_voices"]:
        b.para(word, f"\u201c{idea['text']}\u201d{words.made_where(idea)}", style="Quote")


def _idea_table(word, doc, ideas):
    """Ranked ideas; each idea's votes by role and tags on a small line under its text."""
    rows = []
    for idea in ideas:
        text = idea["text"]
        if idea["status"] != "shown":
            text += f" ({idea['status']})"
        details = ([f"Theme: {idea['theme']}"] if idea.get("theme") else []) + idea["tags"]
        by_role = " \u00b7 ".join(f"{v['label']} {v['count']}" for v in idea["votes_by_role"])
        details.append(f"Votes: {by_role}" if by_role else "No votes")
        if idea["divides"]:
            details.append("divides the roles")
        # The quote is here now: who typed it, if not its author, goes with it.
        typed = words.typed_by(idea) or ""
        rows.append(
            [
                idea["rank"],
                (text, "; ".join(details)),
                words.who(idea, doc["combined"]) + (f" ({typed})" if "typed" in typed else ""),
                idea["votes"],
                f"{words.score(idea['cross_role'])} ({words.ordinal(idea['cross_rank'])})",
            ]
        )
    b.table(
        word,
        ["Rank", "Idea, its tags and votes by role", "From", "Votes", "Cross-role"],
        rows,
        [0.07, 0.55, 0.18, 0.08, 0.12],
        numeric={0, 3, 4},
    )
