"""The JSON archive: everything needed to rebuild a workshop, and nothing secret.

What it carries, per workshop: the workshop's settings and its framework
snapshot; the questions with their status and times; the participants as
roles and join times only; every idea with its tags, status and authorship
role; every vote (standing and withdrawn, with the voter's role); stories and
provisional outcomes when those tables exist; the accepted themes; voice
stories' recordings and flip-chart photos (base64, with their story or idea);
a ranking question's list and each person's latest order of it (with their
role; the order is a list of the list's refs, most important first). Rows
point at each other by `ref`, their position in the archive, never by a
database id.

What it leaves out, and why:
- participant tokens and the facilitator key: they are secrets that let
  someone act in the room; import makes fresh ones (old phones must rejoin,
  and the facilitator gets a new console link);
- database ids and the clients' idempotency ids: they mean nothing in another
  database and could tie a phone to what it sent;
- the live event log: screens only need it while the event runs, and its
  payloads name database ids; import starts a new log;
- when the workshop was ended: a restored workshop starts afresh, so the
  retention purge (`workshop serve`, `workshop purge --expired`) counts from
  the import, not from an end months ago (`workshop end CODE` ends it again);
- hidden, rejected and pending ideas (and votes on them), unless
  `--include-hidden` asks for a complete copy;
- stories hidden or marked for follow-up, always (PRIVACY.md: in no export);
- stories whose tellers said "do not quote", unless `--include-private`: the
  archive is offered beside the reports, and those words were given on the
  promise that they are not passed on. The archive says how many it left out.

A redaction list applies here as in every format, and the archive then
carries an empty list: the list is made of the very names it hides. Export then import then
export gives the same bytes: nothing time-dependent is written.
"""

import json

from ..storage import db as store
from ..storage import media_rows, records
from ..storage import themes as theme_rows
from .gather import VISIBLE, reportable

FORMAT = "workshop-archive"
VERSION = 1
TABLES = records.ARCHIVE_TABLES
# Columns holding another row's id, and the table that row is in.
REFERENCES = {
    "questions": {},
    "participants": {},
    "ideas": {
        "question_id": "questions",
        "participant_id": "participants",
        "merged_into": "ideas",
        "outcome_id": "provisional_outcomes",
    },
    "votes": {"question_id": "questions", "idea_id": "ideas", "participant_id": "participants"},
    "stories": {"question_id": "questions", "participant_id": "participants"},
    "provisional_outcomes": {"source_idea_id": "ideas", "source_question_id": "questions"},
    # The ideas of the theme an outcome was carried from (issue 22).
    "outcome_ideas": {"outcome_id": "provisional_outcomes", "idea_id": "ideas"},
    # The ranking kind (issue 21); a ranking's `option_ids` is a list of ORDERS' refs.
    "ranking_options": {"question_id": "questions", "outcome_id": "provisional_outcomes"},
    "rankings": {"question_id": "questions", "participant_id": "participants"},
}
# Columns holding a JSON list of another table's ids (an order), and that table.
ORDERS = {"rankings": ("option_ids", "ranking_options")}
DROPPED = {"id", "workshop_id", "client_id", "token"}
# The venue Wi-Fi password is for the printed poster, not for archives that travel.
WORKSHOP_DROPPED = {"id", "facilitator_key", "ended_at", "wifi_password"}
JSON_COLUMNS = ("framework", "stages", "redactions")
REDACTED = ("text", "original_text", "title", "service", "area", "easy_read", "transcript")


def export(db, workshops, *, redact=None, include_hidden=False, include_private=False):
    """The archive of one or more workshops, as plain data."""
    entries = [_one(db, w, redact, include_hidden) for w in workshops]
    left_out = 0
    if not include_private:
        for entry in entries:
            kept = [s for s in entry["stories"] if s.get("may_quote")]
            left_out += len(entry["stories"]) - len(kept)
            entry["stories"] = kept
            # A recording leaves with its story (issue 25).
            refs = {s["ref"] for s in kept}
            entry["media"] = [m for m in entry["media"] if m["story"] is None or m["story"] in refs]
    about = (
        "A workshop archive: restore it with `workshop import FILE`. It holds no "
        "participant tokens, facilitator keys or database ids."
    )
    if left_out:
        about += (
            f" {left_out} {'story' if left_out == 1 else 'stories'} whose tellers said "
            '"do not quote" are left out (`--include-private` keeps them).'
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "about": about,
        "private_stories_left_out": left_out,
        "workshops": entries,
    }


def dumps(data):
    """Archive bytes: sorted keys, so the same workshop always gives the same file."""
    return (json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _one(db, workshop, redact, include_hidden):
    with store.reading(db):
        row = records.workshop_row(db, workshop["id"])
        rows = {table: records.rows_of(db, table, workshop["id"]) for table in TABLES}
    if not include_hidden:
        rows = _shown_only(rows)
    # A hidden or flagged story is in no export, even a complete copy (PRIVACY.md).
    rows["stories"] = [s for s in rows["stories"] if reportable(s)]
    refs = {table: {r["id"]: n for n, r in enumerate(rows[table], start=1)} for table in TABLES}
    info = {k: v for k, v in row.items() if k not in WORKSHOP_DROPPED}
    for column in JSON_COLUMNS:
        if column in info:
            info[column] = json.loads(info[column]) if info[column] is not None else None
    if redact and "redactions" in info:
        # The list is the names themselves; the text it protects is already redacted.
        info["redactions"] = []
    result = {"workshop": _redacted(info, redact)}
    for table in TABLES:
        result[table] = [_archived(table, r, refs, redact) for r in rows[table]]
    # Accepted themes (issue 22): by question and idea refs.
    result["themes"] = theme_rows.archived(db, workshop["id"], refs)
    # Voice stories' recordings and flip-chart photos (issue 25), as base64 on the
    # story or idea they belong to: they leave with it, and only with it.
    result["media"] = [_redacted(m, redact) for m in media_rows.archived(db, workshop["id"], refs)]
    return result


def _shown_only(rows):
    ideas = [i for i in rows["ideas"] if i["status"] in VISIBLE]
    kept = {i["id"] for i in ideas}
    rows = dict(rows)
    rows["ideas"] = [
        dict(i, merged_into=i["merged_into"] if i.get("merged_into") in kept else None)
        if "merged_into" in i
        else i
        for i in ideas
    ]
    rows["votes"] = [v for v in rows["votes"] if v["idea_id"] in kept]
    rows["outcome_ideas"] = [o for o in rows["outcome_ideas"] if o["idea_id"] in kept]
    return rows


def _archived(table, row, refs, redact):
    out = {"ref": refs[table][row["id"]]}
    for column, value in row.items():
        if column in DROPPED:
            continue
        target = REFERENCES[table].get(column)
        out[column] = refs[target].get(value) if target and value is not None else value
    if table in ORDERS:
        column, target = ORDERS[table]
        out[column] = [refs[target].get(i) for i in json.loads(row[column])]
    return _redacted(out, redact)


def _redacted(row, redact):
    if not redact:
        return row
    return {k: redact(v) if k in REDACTED and isinstance(v, str) else v for k, v in row.items()}
