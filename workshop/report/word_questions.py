"""Each question of the Analyse (and later) stages in the Word report: its
ranked ideas, the room's ranking beside cross-role support, each role's own
top choices, the ideas that divide the roles, and the ideas experts by experience wrote.

Each idea's words are printed once in a question's block; what the block
prints, and how its comparisons name an idea, is question_parts.py's, shared
with the HTML and Markdown exports. The ideas experts by experience wrote are
listed together after, a place of their own: as ideas, not quoted as their words.
"""

from . import kinds, words
from . import word_blocks as b
from .question_parts import (
    EXPERT_IDEAS_HEADING,
    EXPERT_IDEAS_NOTE,
    SIDE_HEADING,
    SIDE_NOTE,
    parts,
)


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
    said = [x for x in (stage["audience"] and stage["audience"] + ".", stage["report_note"]) if x]
    if said:
        # The framework's words, said to be its own: printed bare, "Responses to these
        # questions will be included in the diagnostic report." read as a leftover
        # inside the diagnostic report. Kept with the heading and the first question.
        b.keep(b.para(word, f"The framework sets out the {stage['name']} stage in these words:"))
        for line in said:
            b.keep(b.para(word, line, style="Quote"))
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
    b.keep(
        b.para(
            word,
            f"{words.count(len(question['ideas']), 'idea')}; "
            f"{words.count(question['votes'], 'vote')} from "
            f"{words.count(question['voter_count'], 'voter')}"
            + (f" (votes by role: {votes})." if votes else "."),
        )
    )
    # The appendix is the annex of every contribution: past BODY_LIST ideas the body gives
    # the top ones, so no long table is printed twice.
    block = parts(question)
    b.heading(word, block["table_heading"], 3)
    if block["table_note"]:
        b.keep(b.para(word, block["table_note"], style="Note"))
    _idea_table(word, doc, block["shown"])
    _side_by_side(word, block)
    _role_tops(word, block)
    _divided(word, block)
    _expert_voices(word, question)


def _side_by_side(word, block):
    """The top ideas by cross-role support, each with its place in the room's ranking
    (the table above is the room's ranking, so it is not printed again)."""
    if not block["side"]:
        return
    b.heading(word, SIDE_HEADING, 3)
    b.keep(b.para(word, SIDE_NOTE, style="Note"))
    rows = [
        [
            row["n"],
            (row["name"], words.count(row["idea"]["votes"], "vote")),
            (words.score(row["idea"]["cross_role"]), words.lowest_share(row["idea"])),
        ]
        for row in block["side"]
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


def _role_tops(word, block):
    if not block["role_tops"]:
        return
    b.heading(word, "Each role's own top choices", 3)
    rows = []
    for top in block["role_tops"]:
        cells = [(top["label"], words.count(top["voters"], "voter"))]
        for one in top["named"]:
            cells.append((one["name"], words.count(one["idea"]["by_role"][top["key"]], "vote")))
        cells += [""] * (4 - len(cells))
        rows.append(cells)
    b.table(word, ["Role", "First", "Second", "Third"], rows, [0.22, 0.26, 0.26, 0.26])


def _divided(word, block):
    if not block["divided"]:
        return
    b.heading(word, "Ideas that divide the roles", 3)
    for one in block["divided"]:
        paragraph = b.para(word, style="List Bullet")
        b.run(paragraph, one["name"])
        b.run(paragraph, f" ({words.divides_note(one['idea'])})", muted=True)


def _expert_voices(word, question):
    """Experts' ideas together, a place of their own (issue 23, item 6), given as ideas:
    quoted as "their own words" they claimed a consent no one was asked for."""
    if not question["expert_voices"]:
        return
    b.heading(word, EXPERT_IDEAS_HEADING, 3)
    b.keep(b.para(word, EXPERT_IDEAS_NOTE, style="Note"))
    for idea in question["expert_voices"]:
        paragraph = b.para(word, style="List Bullet")
        b.run(paragraph, idea["text"])
        if words.made_where(idea):
            b.run(paragraph, words.made_where(idea), muted=True)


def _idea_table(word, doc, ideas):
    """Ranked ideas; each idea's votes by role and tags on a small line under its text."""
    rows = []
    for idea in ideas:
        text = idea["text"]
        if idea["status"] != "shown":
            text += f" ({idea['status']})"
        # Each part labelled and closed: "Theme: Learning disability; Community
        # Development; Adults receiving care" read as one theme of three names.
        details = [f"Theme: {idea['theme']}"] if idea.get("theme") else []
        details += ["Tags: " + "; ".join(idea["tags"])] if idea["tags"] else []
        by_role = " \u00b7 ".join(f"{v['label']} {v['count']}" for v in idea["votes_by_role"])
        details.append(f"Votes: {by_role}" if by_role else "No votes")
        if idea["divides"]:
            details.append("Divides the roles")
        # Who typed it, if not its author, goes with its words.
        typed = words.typed_by(idea) or ""
        rows.append(
            [
                idea["rank"],
                (text, ". ".join(details)),
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
