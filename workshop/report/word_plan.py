"""The Word report's Plan section, the commissioner's own sections, and the appendix."""

from . import appendix as appendix_note
from . import kinds, words
from . import word_blocks as b
from .plan_section import PRINCIPLES_HEADING

PLAN_HEADING = "Plan stage: provisional outcomes, requirements, measures and risks"
COMMISSIONER_HEADING = "For the commissioner to complete"
# Under that heading in every format (Word printed it alone).
COMMISSIONER_NOTE = (
    "The draft gives what the room said. The shaded places are for the commissioner: "
    "replace each prompt with your own words before sending. Each provisional outcome "
    "in the Plan section has its own places too."
)
GRID_HEADING = "Each provisional outcome by risk"
# Empty rows of the actions table, in every format (HTML had 4, Markdown 3).
ACTION_ROWS = 6
ACTIONS_CAPTION = "Actions agreed after the event (to be filled in)."
OUTCOME_ACTIONS_CAPTION = "Actions agreed for this outcome after the event (to be filled in)."


def plan_headings(doc):
    """The Plan section's level 2 headings, for the contents."""
    plan = doc["plan"]
    heads = [outcome_heading(n, o) for n, o in enumerate(plan["outcomes"], start=1)]
    if plan["unlinked"]:
        heads.append("Answers not tied to one outcome")
    if plan["grid"]:
        heads.append(GRID_HEADING)
    if plan["principles"]:
        heads.append(PRINCIPLES_HEADING)
    return heads


def kind_sections(word, doc):
    """The sections of the kinds of question with their own answer (a ranking's order)."""
    for heading, sections in kinds.grouped(doc["kind_sections"]):
        b.heading(word, heading, 1)
        for section in sections:
            kinds.of(section).word_section(word, section, b)


def outcome_heading(n, outcome):
    return f"Provisional outcome {n}: {outcome['text']}"


def plan(word, doc):
    plan = doc["plan"]
    b.heading(word, PLAN_HEADING, 1)
    framing = plan["framing"]
    if framing:
        b.keep(b.para(word, "The framework sets out the Plan stage in these words:"))
        for key in ("opening", "answers", "after_risks"):
            if framing.get(key):
                b.para(word, framing[key], style="Quote")
    if plan["answer_kinds"]:
        b.keep(
            b.para(
                word,
                "Each answer below is marked as the facilitator marked it, as one of the "
                "framework's two ways of asking bidders:",
            )
        )
        for kind in plan["answer_kinds"]:
            paragraph = b.para(word, style="List Bullet")
            b.run(paragraph, kind["name"] + ": ", bold=True)
            b.run(paragraph, kind["definition"])
    if not plan["outcomes"]:
        b.para(word, doc["wording"]["outcomes"])
    for n, outcome in enumerate(plan["outcomes"], start=1):
        _outcome(word, doc, n, outcome)
    if plan["unlinked"]:
        b.heading(word, "Answers not tied to one outcome", 2)
        for group in plan["unlinked"]:
            _answers(word, doc, group)
    if plan["grid"]:
        _grid(word, plan)
    if plan["principles"]:
        _principles(word, plan)


def _outcome(word, doc, n, outcome):
    b.heading(word, outcome_heading(n, outcome), 2)
    origin = outcome["origin"]
    # Where the outcome came from and why it was carried: one short block, on one page.
    if origin:
        paragraph = b.keep(b.para(word))
        b.run(paragraph, "From the Analyse stage: ", bold=True)
        b.run(paragraph, f"\u201c{origin['original']}\u201d")
        b.run(paragraph, f" ({words.origin_note(origin)})", muted=True)
        if outcome["reworded"]:
            b.keep(
                b.para(
                    word,
                    # One clause each ("the room's, the heading is..." ran two together).
                    "Reworded by the facilitator: the heading is the facilitator's wording; "
                    "the words quoted above, and their votes, are the room's.",
                    style="Note",
                )
            )
        elif origin["edited"]:
            b.keep(
                b.para(
                    word,
                    "The facilitator corrected the idea's wording to "
                    f"\u201c{origin['text']}\u201d.",
                    style="Note",
                )
            )
    else:
        b.keep(b.para(word, "The idea this outcome came from is no longer in the record.", "Note"))
    paragraph = b.para(word)
    b.run(paragraph, "Why it was carried: ", bold=True)
    b.run(paragraph, outcome["why"])
    if doc["combined"]:
        b.para(word, f"Event: {outcome['event_name']}", style="Note")
    for group in outcome["answers"]:
        _answers(word, doc, group)
    if outcome["principles_note"]:
        b.para(word, outcome["principles_note"], style="Note")
    places(word, 3, outcome=True)


def _answers(word, doc, group):
    """A question's answers about one outcome as a table (fast at a thousand answers)."""
    b.heading(word, group["question"], 3)
    ideas = group.get("ideas", group.get("answers", []))
    if not ideas:
        b.para(word, "No answers were recorded about this outcome.")
        return
    kind = kinds.of(group)
    rows = []
    for idea in ideas:
        text = idea["text"] + ("" if idea["status"] == "shown" else f" ({idea['status']})")
        marked = kind.word_mark(idea)
        rows.append([text, marked, words.who(idea, doc["combined"]), idea["votes"]])
    if not any(kind.marked(idea) for idea in ideas):
        # Nothing marked (the measures, in the demo): a column of "Not yet marked" under
        # every outcome says nothing a reader can use.
        rows = [[row[0], *row[2:]] for row in rows]
        b.table(word, ["Answer", "From", "Votes"], rows, [0.64, 0.24, 0.12], numeric={2})
        return
    b.table(
        word,
        ["Answer", kind.MARK_HEADING, "From", "Votes"],
        rows,
        [0.5, 0.18, 0.22, 0.1],
        numeric={3},
    )


def _grid(word, plan):
    b.heading(word, GRID_HEADING, 2)
    split = plan["grid_by_priority"]
    b.keep(
        b.para(
            word,
            "For each provisional outcome and each of the framework's two risk questions: how "
            "many answers gave each rating"
            + (", under each Social Value priority the answers were tagged with," if split else "")
            + " and their weight (the answers, and the votes the room gave them).",
        )
    )
    if plan["grid_note"]:
        b.para(word, plan["grid_note"])
    if not plan["grid_answers"]:
        return
    rows = []
    numbers = {o["text"]: n for n, o in enumerate(plan["outcomes"], start=1)}
    for row in plan["grid"]:
        for n, cell in enumerate(row["cells"]):
            # The outcome once, on its first row, with its number: its words are in its heading.
            number = numbers.get(row["outcome"])
            named = f"{number}. {row['outcome']}" if number else row["outcome"]
            rows.append(
                _grid_row("" if n else named, cell["question"], "All priorities", cell, plan)
            )
            for part in cell["by_priority"]:
                rows.append(_grid_row("", "", part["priority"], part, plan))
    headers = ["Provisional outcome", "Risk question", "Social Value priority"]
    widths = [0.15, 0.18, 0.16, 0.07, 0.1, 0.07, 0.08, 0.11, 0.08]
    if not split:
        # Every row would say "All priorities": the column says nothing.
        rows = [r[:2] + r[3:] for r in rows]
        headers, widths = headers[:2], [0.22, 0.28, 0.07, 0.1, 0.07, 0.08, 0.1, 0.08]
    first = len(headers)
    # An outcome is named on its first row only: its rows stay on one page together.
    held = {n for n in range(len(rows) - 1) if not rows[n + 1][0]}
    b.table(
        word,
        headers + [r.capitalize() for r in plan["ratings"]] + ["Not rated", "Answers", "Votes"],
        rows,
        widths,
        numeric=set(range(first, first + 6)),
        small=True,
        held=held,
    )


def _grid_row(outcome, question, priority, cell, plan):
    return (
        [outcome, question, priority]
        + [cell["counts"][r] for r in plan["ratings"]]
        + [cell["counts"]["not rated"], cell["answers"], cell["votes"]]
    )


def _principles(word, plan):
    """The framework's principles once, in its words, with a box for each outcome the
    commissioner ticks when that outcome's requirements and measures meet it."""
    b.heading(word, PRINCIPLES_HEADING, 2)
    outcomes = len(plan["outcomes"])
    b.keep(b.para(word, plan["principles_intro"] + " In Word, click a box to tick it.", "Note"))
    rows = []
    for item in plan["principles"]:
        applies = set(item["outcomes"])
        rows.append(
            [(f"Principle {item['number']}: {item['short']}", item["list"]), item["text"]]
            + [b.CHECK_BOX if n in applies else "\u2013" for n in range(1, outcomes + 1)]
        )
    # A box is about 0.4 cm: the outcomes' columns share up to a third of the width.
    box = min(0.06, 0.33 / outcomes)
    b.table(
        word,
        ["Principle", "The framework's words"] + [str(n) for n in range(1, outcomes + 1)],
        rows,
        [0.24, 0.76 - box * outcomes] + [box] * outcomes,
    )


# The commissioner's places: after the summary (the whole event), and under each
# provisional outcome (that outcome alone: its prompt asks about it, not about all of them).
PLACES = (
    (
        "Commissioner's analysis",
        "What the room's priorities mean for this service, read beside the cross-role "
        "rankings, the ideas that divide the roles and who was not in the room.",
        "What the room's answers about this outcome mean for this service, read beside "
        "the risks raised about it, the votes they drew and who was not in the room.",
    ),
    (
        "Recommendations",
        "Which provisional outcomes to specify as requirements, which to leave to an open "
        "question, and what to change in the specification.",
        "Whether to specify this outcome as a requirement or leave it to an open question, "
        "which measures to use, and what to change in the specification.",
    ),
)
ACTIONS_HEADING = "Actions and owners"
PLACE_HEADINGS = tuple(title for title, *_ in PLACES) + (ACTIONS_HEADING,)


def commissioner(word, doc):
    """Marked, empty places for the commissioner's own words, right after the summary."""
    b.heading(word, COMMISSIONER_HEADING, 1)
    b.para(word, COMMISSIONER_NOTE, style="Note")
    places(word, 2)


def places(word, level, outcome=False):
    """The three marked places as headings (Word's navigation finds them) with fill-in boxes;
    under a provisional outcome, prompts about that outcome."""
    for title, event_prompt, outcome_prompt in PLACES:
        prompt = outcome_prompt if outcome else event_prompt
        b.heading(word, title, level)
        b.table(
            word,
            None,
            [[f"[To be written by the commissioner. {prompt}]"]],
            [1.0],
            fill=b.FILL_IN,
            bands=False,
        )
    b.heading(word, ACTIONS_HEADING, level)
    b.table(
        word,
        ["Action", "Owner", "By when"],
        [["", "", ""] for _ in range(ACTION_ROWS)],
        [0.6, 0.22, 0.18],
        fill=b.FILL_IN,
        caption=OUTCOME_ACTIONS_CAPTION if outcome else ACTIONS_CAPTION,
    )


def appendix(word, doc):
    b.heading(word, "Appendix: every contribution", 1)
    b.para(word, appendix_note.NOTE, "Note")
    if not doc["appendix"]:
        b.para(word, "No contributions were recorded.")
    for group in doc["appendix"]:
        b.heading(word, f"{group['stage']}: {group['question']}", 3)
        rows = []
        for idea in group["ideas"]:
            status = idea["status_text"]
            who = words.who({**idea, "also_from": []}, doc["combined"]) + words.entered_note(idea)
            rows.append(
                (
                    idea["number"],
                    idea["text"] + (f" ({status})" if status else ""),
                    who,
                    idea["tags_text"],
                    idea["votes_text"],
                )
            )
        b.table(
            word,
            ("#", "Contribution", "From", group["tags_heading"], "Votes"),
            rows,
            [0.06, 0.42, 0.17, 0.27, 0.08],
            numeric={0, 4},
            small=True,
        )
