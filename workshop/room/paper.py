"""Paper idea cards: each printed with a number, each entered once.

The scribe types a card in from the console with its number; the database's
unique index (storage/schema.py) is the final word, this is the plain reply.
"""

from ..storage import setup_store
from .errors import Conflict, Invalid

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
