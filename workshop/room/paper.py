"""Paper idea cards: each printed with a number, each entered once.

The scribe types a card in from the console with its number; the database's
unique index (storage/schema.py) is the final word, this is the plain reply.
"""

from ..storage import setup_store
from .errors import Conflict, Invalid, NotFound

CARD_MAX = 99_999
# How many numbered cards a print run makes when the organiser does not say.
DEFAULT_CARDS = 40


def already_entered(number):
    return Conflict(
        f"Card {number} has already been typed in. Check the number on the card.",
        code="card_entered",
    )


def card_number(db, workshop, number):
    """A card number checked (a whole number, not entered before), or None for no card.

    Text typed off a card is already a number here: the action table's
    card_number field (rules._card) reads it.
    """
    if number in (None, ""):
        return None
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= CARD_MAX:
        raise Invalid(
            f"The card number is the number printed on the card (1 to {CARD_MAX}).",
            code="bad_card_number",
        )
    if setup_store.idea_by_card(db, workshop["id"], number):
        raise already_entered(number)
    return number


def numbers(first, count):
    """The card numbers of a print run, checked."""
    if not 1 <= first <= CARD_MAX or not 1 <= count <= 400 or first + count - 1 > CARD_MAX:
        raise Invalid("Print from 1 to 400 cards, numbered up to 99999.", code="bad_cards")
    return list(range(first, first + count))


def _typed_number(value, default, name, high):
    """A number typed in a query string: digits only, and short enough to read
    (Python refuses to read an int of more than 4,300 digits)."""
    if value in (None, ""):
        return default
    digits = isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 6
    if not digits or not 1 <= int(value) <= high:
        raise Invalid(f"{name} must be a whole number from 1 to {high}.", code="bad_cards")
    return int(value)


def print_run(questions, question_id=None, first=None, count=None):
    """(question, card numbers) for a print run, from the text of a query string.

    No question_id means the first question; one that is not this workshop's
    is refused, never swapped for the first question's cards.
    """
    if not questions:
        raise Invalid("This workshop has no questions to print cards for.")
    if question_id in (None, ""):
        target = questions[0]
    else:
        target = next((q for q in questions if str(q["id"]) == question_id), None)
        if target is None:
            raise NotFound("There is no such question in this workshop.", code="no_question")
    # Each question's cards start at its position x 100 + 1, so numbers never
    # overlap between questions and the scribe can tell the question from the number.
    first = _typed_number(first, target["position"] * 100 + 1, "first", CARD_MAX)
    count = _typed_number(count, DEFAULT_CARDS, "count", 400)
    return target, numbers(first, count)
