"""Looking after the database: end workshops, purge personal data, take backups.

Used by `workshop end`, `workshop purge`, `workshop backup` and at every
`workshop serve` start (the retention setting). docs/PRIVACY.md describes the
policy these carry out.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..storage import db as store
from ..storage import records
from .errors import Conflict, Invalid
from .rules import Change


def end(db, workshop):
    """End a workshop: no more joins, ideas, votes or stories; its retention clock starts.

    Nothing already stored changes, and the export still works.
    """
    with store.transaction(db):
        if not records.set_workshop_ended(db, workshop["id"]):
            return Change(store.workshop_by_id(db, workshop["id"]), duplicate=True)
        event = store.append_event(db, workshop["id"], "workshop_ended", {})
    return Change(store.workshop_by_id(db, workshop["id"]), [event])


def reopen(db, workshop, confirm=False):
    """Let attendees back in after End; asks for an explicit confirmation."""
    if not workshop.get("ended_at"):
        raise Conflict("This workshop has not ended.", code="not_ended")
    if confirm is not True:
        raise Conflict(
            "The workshop has ended. Reopen it only if the room should take part again: "
            "send confirm to reopen.",
            code="confirm_needed",
        )
    with store.transaction(db):
        records.reopen_workshop(db, workshop["id"])
        event = store.append_event(db, workshop["id"], "workshop_reopened", {})
    return Change(store.workshop_by_id(db, workshop["id"]), [event])


def purge(db, workshop):
    """Delete a workshop and everything people wrote in it, for good.

    secure_delete overwrites the freed pages with zeros, and the checkpoint
    copies that into the database file and empties the write-ahead log, so
    the words are not left behind on disk. Returns the rows removed per table.
    """
    counts = records.workshop_row_counts(db, workshop["id"])
    records.set_secure_delete(db)
    try:
        with store.transaction(db):
            records.delete_workshop(db, workshop["id"])
    finally:
        records.checkpoint(db)
        records.set_secure_delete(db, on=False)
    return counts


def cutoff(days, now=None):
    """The timestamp before which an ended or idle workshop has expired."""
    if not isinstance(days, int) or days < 1:
        raise Invalid("Retention must be a whole number of days, 1 or more.")
    return ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="milliseconds")


def purge_expired(db, days, now=None):
    """Purge every workshop ended (or untouched) more than `days` days ago; return them."""
    expired = records.expired_workshops(db, cutoff(days, now))
    for workshop in expired:
        purge(db, workshop)
    return expired


def backup(db, target):
    """A consistent copy of the live database at `target`; returns SQLite's integrity verdict."""
    target = Path(target)
    if target.exists():
        raise Invalid(f"{target} already exists; choose a new file name for the backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    records.backup_to(db, target)
    copy = store.connect(target)
    try:
        return records.integrity_check(copy)
    finally:
        copy.conn.close()
