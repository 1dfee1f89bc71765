"""The risk kind: an idea with a rating (low, medium or high) and the reason why.

The framework's two Plan risk questions are this kind. Answers are ideas; each
may carry a rating, and the ratings are counted per outcome.
"""

from ..errors import Invalid

NAME = "risk"
ASKS_FOR = "a risk rating with a reason"
TAKES_IDEAS = True
# A rated answer is not also marked a requirement or an open question.
MARKS_ANSWERS = False
RATINGS = ("low", "medium", "high")


def rating(value):
    """A rating checked: None when none was given."""
    if value in (None, ""):
        return None
    if value not in RATINGS:
        raise Invalid("Rate the risk as low, medium or high.", code="bad_rating")
    return value


def tally(answers):
    """How many answers gave each rating."""
    return {r: sum(1 for a in answers if a["rating"] == r) for r in RATINGS}


def added(db, workshop, question_id, options):
    """Nothing more to store for a new question of this kind; it takes no list."""
    if options:
        raise Invalid("Only a ranking question has a list to put in order.", code="not_ranking")
