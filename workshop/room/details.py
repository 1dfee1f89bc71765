"""What a workshop's report says about it: the service, the area, the redaction list.

Set when the workshop is created (`workshop new --service --area`) or later
(`workshop describe CODE`); the report's title page reads them.
"""

from ..storage import db as store
from ..storage import records
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


def describe(db, workshop, *, service=None, area=None, redactions=None):
    """Set any of service, area and the redaction list; others keep their value."""
    row = records.workshop_row(db, workshop["id"])
    service = _clean(service, "service") if service is not None else row.get("service")
    area = _clean(area, "area") if area is not None else row.get("area")
    terms = (
        redaction.clean_terms(redactions)
        if redactions is not None
        else workshop.get("redactions") or []
    )
    with store.transaction(db):
        records.set_workshop_details(
            db, workshop["id"], service=service, area=area, redactions=terms
        )
        # The log records that the details changed, never the redacted words.
        store.append_event(
            db,
            workshop["id"],
            "workshop_described",
            {"service": service, "area": area, "redactions": len(terms)},
        )
    return store.workshop_by_id(db, workshop["id"])
