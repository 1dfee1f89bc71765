"""The appendix's tags cell, worked out once for every format (Word, HTML, Markdown).

A Plan answer names the provisional outcome it is about by its number ("about
provisional outcome 2"), its words being in that outcome's heading; an idea in
an accepted theme names the theme first. The HTML and Markdown appendices
wrote their own cell and left out the rating and the outcome (session 28).
"""

from . import words


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
    """Give each appendix idea its "tags_text" and each group its "tags_heading"."""
    numbers = outcome_numbers(doc)
    for group in doc["appendix"]:
        for idea in group["ideas"]:
            tags = words.capital("; ".join(idea["tags"] + plan_tags(idea, numbers)))
            theme = f"Theme: {idea['theme']}." if idea.get("theme") else ""
            idea["tags_text"] = " ".join(t for t in (theme, tags) if t)
        themed = any(i.get("theme") for i in group["ideas"])
        group["tags_heading"] = "Theme and tags" if themed else "Tags"
