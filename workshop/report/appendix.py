"""The appendix's tags cell, worked out once for every format (Word, HTML, Markdown).

A Plan answer names the provisional outcome it is about by its number ("about
provisional outcome 2"), its words being in that outcome's heading; an idea in
an accepted theme names the theme first. The HTML and Markdown appendices
wrote their own cell and left out the rating and the outcome (session 28).
"""

from . import words

# Said above the appendix in every format (Word printed it alone).
NOTE = (
    "Every idea, question by question, in the order it was written, with its theme, "
    "tags and votes. A duplicate the facilitator merged gives the number of the idea "
    "it was merged into, where its votes are counted. No names or other identifiers "
    "are kept."
)


def outcome_numbers(doc):
    """Each provisional outcome's words -> its number in the Plan section's headings."""
    outcomes = (doc.get("plan") or {}).get("outcomes") or []
    return {o["text"]: n for n, o in enumerate(outcomes, start=1)}


def plan_tags(idea, numbers):
    """A Plan answer's mark, rating and the outcome it is about (issue 23, item 8)."""
    tags = [idea["answer_kind"]] if idea.get("answer_kind") else []
    if idea.get("rating"):
        tags.append(f"rated {idea['rating']}")
    if idea.get("outcome") in numbers:
        tags.append(f"about provisional outcome {numbers[idea['outcome']]}")
    elif idea.get("outcome"):
        tags.append(f"about \u201c{idea['outcome']}\u201d")
    return tags


def label(doc):
    """Give each appendix idea its "tags_text", "status_text" and "votes_text", and each
    group its "tags_heading"."""
    numbers = outcome_numbers(doc)
    listed = {(i["event"], i["id"]): i for g in doc["appendix"] for i in g["ideas"]}
    for group in doc["appendix"]:
        for idea in group["ideas"]:
            into = listed.get((idea["event"], idea.get("merged_into_id")))
            tags = words.capital("; ".join(idea["tags"] + plan_tags(idea, numbers)))
            theme = _theme(idea, into)
            idea["tags_text"] = " ".join(t for t in (theme, tags) if t)
            idea["status_text"] = _status(idea, into)
            # A merged duplicate's votes are its idea's: "0" read as no one wanted it.
            idea["votes_text"] = f"in #{into['number']}" if into else idea["votes"]
        themed = any(i.get("theme") for i in group["ideas"])
        group["tags_heading"] = "Theme and tags" if themed else "Tags"


def _theme(idea, into):
    """'Theme: Paid jobs.'; a merged duplicate is in the theme of the idea it was merged
    into (themes hold only ideas on the board), said with that idea's number."""
    if idea.get("theme"):
        return f"Theme: {idea['theme']}."
    if into and into.get("theme"):
        return f"Theme: {into['theme']} (with #{into['number']})."
    return ""


def _status(idea, into):
    """'merged into #12'; 'hidden'; '' for an idea on the board. A duplicate whose idea is
    not in this draft (hidden after the merge) says so, not a number it cannot find."""
    if idea["merged"]:
        return f"merged into #{into['number']}" if into else "merged into an idea not in this draft"
    return "" if idea["status"] == "shown" else idea["status"]
