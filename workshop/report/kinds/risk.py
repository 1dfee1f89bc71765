"""A risk question in the report: each answer's rating, and the Plan's grid of
outcome by risk question counting the ratings (plan_section.py builds it)."""

from ...room.kinds.risk import RATINGS

NAME = "risk"
PLAN_ANSWERS = False
# Its answers are ideas: idea tables and sheets.
IDEAS = True
RISK_GRID = True
MARK_HEADING = "Rating"
# Highest first, as a reader scans a risk grid.
RATING_ORDER = tuple(sorted(RATINGS, key=("high", "medium", "low").index))


def mark(idea):
    """The answer's rating, in lower case."""
    return idea["rating"] or "not rated"


def word_mark(idea):
    """The same, as the Word report's table prints it."""
    return idea["rating"].capitalize() if idea["rating"] else "Not rated"


def marked(idea):
    """Whether the answer was rated."""
    return bool(idea["rating"])
