"""Kinds of question: what a question asks for, declared once per kind.

Each kind is one module here (its answer fields and their checks, whether it
takes ideas, what it counts), one under report/kinds (its report section) and
one script under static/js/kinds (how each screen shows it). A new kind is its
modules plus one line in each registry: the line below is this layer's.
"""

from ...storage import outcomes as outcome_rows
from .. import rules
from ..errors import Invalid
from ..rules import WHOLE_PLAN
from . import ideas, ranking, risk

KINDS = {kind.NAME: kind for kind in (ideas, risk, ranking)}


def names():
    """Every kind a question may be, in the order the console offers them."""
    return tuple(KINDS)


def of(question):
    """The module that declares this question's kind (ideas when it names none)."""
    return KINDS.get(question.get("kind") or ideas.NAME, ideas)


def snapshot(db, workshop, view, participant=None):
    """What each kind adds to a screen's snapshot (a ranking question's list and standing)."""
    result = {}
    for kind in KINDS.values():
        if hasattr(kind, "snapshot"):
            result.update(kind.snapshot(db, workshop, view, participant))
    return result


def checked(name):
    """A kind's name, checked: Invalid when no kind is called that."""
    if name not in KINDS:
        asks = ", or ".join(kind.ASKS_FOR for kind in KINDS.values())
        raise Invalid(f"A question asks for {asks}.", code="bad_kind")
    return name


def answer_fields(db, workshop, question, outcome_id=None, rating=None, *, must_choose=False):
    """Check an idea's answer to this question: which outcome it is about and the
    fields its kind adds (a risk's rating); return them cleaned.

    With `must_choose` (an attendee's Plan answer while outcomes are carried
    forward) the answer names an outcome or the whole plan: an answer nobody
    attached must not be credited to the first outcome in a list.
    """
    kind = of(question)
    if not kind.TAKES_IDEAS:
        raise Invalid(kind.NOT_IDEAS, code="not_for_ideas")
    whole_plan = outcome_id == WHOLE_PLAN
    if outcome_id in (None, "", WHOLE_PLAN):
        outcome_id = None
    else:
        if question["stage"] != "plan":
            raise Invalid(
                "Only Plan-stage answers are about a provisional outcome.", code="not_plan"
            )
        outcome_id = rules.outcome(db, workshop, outcome_id)["id"]
    if (
        must_choose
        and outcome_id is None
        and not whole_plan
        and question["stage"] == "plan"
        and outcome_rows.outcomes_of(db, workshop["id"])
    ):
        raise Invalid(
            "Please choose which outcome your answer is about, or the whole plan.",
            code="outcome_choice_needed",
        )
    return outcome_id, kind.rating(rating)
