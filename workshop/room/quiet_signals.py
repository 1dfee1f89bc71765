"""Quiet signals (issue 25): a person can say "I need more time" or "I don't
understand" from any phone without speaking up. Each counts once per person
and question; the console (and the board, if the facilitator chooses) shows
only how many people sent each, for the question open now; the report's
method section counts them.
"""

from ..storage import db as store
from ..storage import quiet_signals as rows
from .errors import Invalid
from .rules import Change, open_for_answers
from .shapes import settings_event

KINDS = ("more_time", "not_understood")
# How the console, the board and the report name them.
LABELS = {"more_time": "I need more time", "not_understood": "I don't understand"}


def counts(db, workshop):
    """{question_id (as text, as JSON keys are): {kind: people}}: the anonymous counts."""
    found = rows.counts(db, workshop["id"])
    return {str(q): {k: kinds.get(k, 0) for k in KINDS} for q, kinds in found.items()}


def mine(db, participant):
    """{question_id: [kinds]} one phone has sent, so it shows them as sent after a reload."""
    sent = {}
    for question_id, kind in rows.sent_by(db, participant["id"]):
        sent.setdefault(str(question_id), []).append(kind)
    return sent


def send(db, workshop, participant, *, question_id, kind):
    """Note a quiet signal on the open question; a second one of a kind is a duplicate."""
    if kind not in KINDS:
        raise Invalid("Send kind as more_time or not_understood.", code="bad_signal")
    q = open_for_answers(db, workshop, question_id)
    with store.transaction(db):
        added = rows.add(db, workshop["id"], q["id"], participant["id"], kind)
        now = rows.counts(db, workshop["id"]).get(q["id"], {})
        result = {"question_id": q["id"], "kind": kind, **{k: now.get(k, 0) for k in KINDS}}
        if not added:
            return Change(result, duplicate=True)
        event = store.append_event(db, workshop["id"], "quiet_signal", result)
    return Change(result, [event])


def set_on_board(db, workshop, on):
    """Show the quiet signals' counts on the board too (off by default)."""
    if not isinstance(on, bool):
        raise Invalid("Send on as true or false.")
    with store.transaction(db):
        store.update_workshop(db, workshop["id"], quiet_on_board=int(on))
        updated = store.workshop_by_id(db, workshop["id"])
        event = settings_event(db, updated)
    return Change(updated, [event])


def method_line(db, workshop):
    """The report's method section: how many quiet signals were sent, or None."""
    found = rows.counts(db, workshop["id"])
    totals = {k: sum(kinds.get(k, 0) for kinds in found.values()) for k in KINDS}
    if not any(totals.values()):
        return None
    return (
        "Quiet signals, sent from phones without speaking up and reset for each question: "
        f"“{LABELS['more_time']}” {totals['more_time']} times, "
        f"“{LABELS['not_understood']}” {totals['not_understood']} times, "
        f"on {len(found)} question{'s' if len(found) != 1 else ''}."
    )
