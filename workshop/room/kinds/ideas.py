"""The ideas kind: each person writes ideas (answers) and the room votes on them.

On the Plan stage the facilitator marks each answer a specified requirement or
an open question; an ideas question takes no rating.
"""

from ..errors import Invalid

NAME = "ideas"
ASKS_FOR = "ideas"
# Answers come in through submit_idea, and are voted on.
TAKES_IDEAS = True
# The facilitator marks a Plan answer a specified requirement or an open question.
MARKS_ANSWERS = True


def rating(value):
    """An ideas answer carries no rating."""
    if value in (None, ""):
        return None
    raise Invalid("Only the risk questions take a rating.", code="not_risk")


def tally(answers):
    """Nothing to count beyond the answers and their votes."""
    return {}


def added(db, workshop, question_id, options):
    """Nothing more to store for a new question of this kind; it takes no list."""
    if options:
        raise Invalid("Only a ranking question has a list to put in order.", code="not_ranking")
