"""What a question's block in the report prints, in its order, for every format
(Word, HTML, Markdown): the ranked table's rows, then the comparisons, which
name an idea by its number in that table.

Each idea's text is printed once in a question's block: "Give us paid jobs"
is read in the ranked table, and after it the cross-role ranking, each role's
own top choices and the ideas that divide the roles say "No. 3" (issue 23,
item 8). An idea past the table's top rows is written out the first time it
is named, since the body shows it nowhere else.
"""

from . import words

FULL_LIST = 5  # side-by-side rankings show this many
BODY_LIST = 15  # a question's ranked table in the body; the appendix has every one
SIDE_HEADING = "Cross-role support beside the room's ranking"
# Ideas experts by experience wrote, together after a question's comparisons. Given as
# ideas: the join page says ideas are written for the board and the report, and no one
# was asked whether an idea may be quoted as their words (stories are, summary.py).
EXPERT_IDEAS_HEADING = "Ideas from experts by experience"
EXPERT_IDEAS_NOTE = (
    "The ideas experts by experience wrote on this question, in the room's order: written "
    "for the board and this report, not quoted as anyone's own words."
)
SIDE_NOTE = (
    "The ideas with the widest support across the roles, by their number in the "
    "table above (the room's ranking)."
)


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


def parts(question):
    """The block's pieces as plain data; the comparisons are named in reading order,
    so the first to name an idea past the table gives its words."""
    ideas = question["ideas"]
    shown = ideas[:BODY_LIST]
    named = Names(shown)
    found = {
        "shown": shown,
        "table_heading": "Every idea, in the room's order"
        if len(ideas) <= BODY_LIST
        else f"The top {BODY_LIST} ideas, in the room's order",
        "table_note": None
        if len(ideas) <= BODY_LIST
        else f"All {len(ideas):,} ideas on this question, with their tags and votes, are in "
        "the appendix (every contribution), question by question.",
        "side": [],
        "role_tops": [],
        "divided": [],
    }
    if not question["votes"]:
        return found
    found["side"] = [
        {"n": n, "name": named(idea), "idea": idea}
        for n, idea in enumerate(question["by_support"][:FULL_LIST], start=1)
    ]
    found["role_tops"] = [
        {**top, "named": [{"name": named(idea), "idea": idea} for idea in top["ideas"]]}
        for top in question["role_tops"]
    ]
    found["divided"] = [{"name": named(idea), "idea": idea} for idea in question["divided"]]
    return found


def summary_words(doc=None):
    """The summary's words for an idea: whole, every time. A list of the ideas with the
    widest support, or of what experts by experience put first, is read on its own;
    "\u201cPictures help me\u2026\u201d (above)" cut a person's words and sent the
    reader to a theme pages back. `doc` is unused: the templates call it so."""

    def say(idea, quoted=False):
        text = idea["text"]
        return f"\u201c{text}\u201d{words.made_where(idea)}" if quoted else text

    return say
