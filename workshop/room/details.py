"""What a workshop's report says about it: the service, the area, the redaction list,
and how many people of each role the facilitator expected.

Set when the workshop is created (`workshop new --service --area`) or later
(`workshop describe CODE`); the report's title page and its representation
table read them.
"""

import json

from ..storage import db as store
from . import framework as fw
from . import redaction
from .errors import Invalid

DETAIL_MAX = 200


def _clean(value, what):
    if value is None:
        return None
    value = " ".join(str(value).split())
    if len(value) > DETAIL_MAX:
        raise Invalid(f"The {what} must be under {DETAIL_MAX} characters.")
    return value or None


EXPECTED_MAX = 100_000


def parse_expected(text):
    """'provider=30,carer=10' -> {"provider": 30, "carer": 10}; Invalid on anything else."""
    expected = {}
    for part in (p.strip() for p in str(text or "").split(",")):
        if not part:
            continue
        role, _, number = part.partition("=")
        try:
            expected[role.strip()] = int(number)
        except ValueError:
            raise Invalid(f"Write each expected role as role=number, not {part!r}.") from None
    return expected


def clean_expected(workshop, expected):
    """Check expected numbers against the workshop's roles; 0 drops a role."""
    roles = fw.lookup(workshop["framework"], "roles")
    cleaned = {}
    for role, number in expected.items():
        if role not in roles:
            raise Invalid(f"{role!r} is not one of this workshop's roles: {', '.join(roles)}.")
        if isinstance(number, bool) or not isinstance(number, int):
            raise Invalid("Expected numbers must be whole numbers.")
        if not 0 <= number <= EXPECTED_MAX:
            raise Invalid(f"Expected numbers must be between 0 and {EXPECTED_MAX}.")
        if number:
            cleaned[role] = number
    return cleaned


def expected_of(row):
    """The expected numbers stored with a workshop row ({} when none were set)."""
    return json.loads(row.get("expected") or "{}")


def describe(db, workshop, *, service=None, area=None, redactions=None, expected=None):
    """Set any of service, area, the redaction list and who was expected; others keep theirs.

    `expected` replaces the whole set of expected numbers ({} clears them).
    """
    row = store.workshop_row(db, workshop["id"])
    expected = clean_expected(workshop, expected) if expected is not None else expected_of(row)
    service = _clean(service, "service") if service is not None else row.get("service")
    area = _clean(area, "area") if area is not None else row.get("area")
    terms = (
        redaction.clean_terms(redactions)
        if redactions is not None
        else workshop.get("redactions") or []
    )
    with store.transaction(db):
        store.set_workshop_details(
            db, workshop["id"], service=service, area=area, redactions=terms, expected=expected
        )
        # The log records that the details changed, never the redacted words.
        store.append_event(
            db,
            workshop["id"],
            "workshop_described",
            {
                "service": service,
                "area": area,
                "redactions": len(terms),
                "expected": expected,
            },
        )
    return store.workshop_by_id(db, workshop["id"])
