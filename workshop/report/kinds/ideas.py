"""An ideas question in the report: a Plan answer is marked a specified
requirement or an open question by the facilitator."""

NAME = "ideas"
# Its answers are listed under each provisional outcome.
PLAN_ANSWERS = True
# Its answers are ideas: idea tables and sheets.
IDEAS = True
# Its answers are counted in the Plan's risk grid.
RISK_GRID = False
MARK_HEADING = "Specified requirement or open question"


def mark(idea):
    """How the facilitator marked the answer, in lower case (None if not marked)."""
    return idea["answer_kind"] or "not yet marked"


def word_mark(idea):
    """The same, as the Word report's table prints it."""
    return idea["answer_kind"] or "Not yet marked"


def marked(idea):
    """Whether the facilitator has marked the answer."""
    return bool(idea["answer_kind"])
