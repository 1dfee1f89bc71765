"""The JSON archive: everything needed to rebuild a workshop, and nothing secret.

What it carries, per workshop: the workshop's settings and its framework
snapshot; the questions with their status and times; the participants as
roles and join times only; every idea with its tags, status and authorship
role; every vote (standing and withdrawn, with the voter's role); stories and
provisional outcomes when those tables exist. Rows point at each other by
`ref`, their position in the archive, never by a database id.

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
- stories whose tellers said "do not quote", unless `--include-private`: the
  archive is offered beside the reports, and those words were given on the
  promise that they are not passed on. The archive says how many it left out.

A redaction list applies here as in every format, and the archive then
carries an empty list: the list is made of the very names it hides. Export then import then
export gives the same bytes: nothing time-dependent is written.
"""

import json
import sqlite3
from typing import Any

import msgspec

from ..room import framework as fw
from ..room import workshops as ws
from ..room.errors import Invalid
from ..storage import db as store
from ..storage import records
from .gather import SHOWN, VISIBLE

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
    "provisional_outcomes": {"source_idea_id": "ideas"},
}
DROPPED = {"id", "workshop_id", "client_id", "token"}
# The venue Wi-Fi password is for the printed poster, not for archives that travel.
WORKSHOP_DROPPED = {"id", "facilitator_key", "ended_at", "wifi_password"}
JSON_COLUMNS = ("framework", "stages", "redactions")
REDACTED = ("text", "original_text", "title", "service", "area", "easy_read")


def export(db, workshops, *, redact=None, include_hidden=False, include_private=False):
    """The archive of one or more workshops, as plain data."""
    entries = [_one(db, w, redact, include_hidden) for w in workshops]
    left_out = 0
    if not include_private:
        for entry in entries:
            kept = [s for s in entry["stories"] if s.get("may_quote")]
            left_out += len(entry["stories"]) - len(kept)
            entry["stories"] = kept
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
    rows["stories"] = [
        s for s in rows["stories"] if s.get("status") in (None, *SHOWN) and not s.get("follow_up")
    ]
    return rows


def _archived(table, row, refs, redact):
    out = {"ref": refs[table][row["id"]]}
    for column, value in row.items():
        if column in DROPPED:
            continue
        target = REFERENCES[table].get(column)
        out[column] = refs[target].get(value) if target and value is not None else value
    return _redacted(out, redact)


def _redacted(row, redact):
    if not redact:
        return row
    return {k: redact(v) if k in REDACTED and isinstance(v, str) else v for k, v in row.items()}


# Import


def loads(content):
    """Parse archive bytes, or Invalid with a plain reason."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid(f"That file is not a workshop archive (not valid JSON: {exc}).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Invalid("That file is not a workshop archive.")
    if data.get("version") != VERSION:
        raise Invalid(
            f"This archive is version {data.get('version')!r}; this workshop app "
            f"reads version {VERSION}."
        )
    if not isinstance(data.get("workshops"), list) or not data["workshops"]:
        raise Invalid("The archive holds no workshop.")
    try:
        msgspec.convert(data["workshops"], list[_Archived])
    except msgspec.ValidationError as exc:
        raise Invalid(f"The archive is damaged: {_where(str(exc))}.") from None
    return data


# The shape restore relies on: each workshop a table of its row and lists of rows.
_Rows = list[dict[str, Any]]
_Archived = msgspec.defstruct(
    "_Archived", [("workshop", dict[str, Any])] + [(name, _Rows, []) for name in TABLES]
)


def _where(message):
    text, _, where = message.partition(" - at `$")
    return f"workshops{where.rstrip('`')}: {text[0].lower()}{text[1:]}" if where else text


def restore(db, data):
    """Rebuild every workshop in the archive; return [(workshop, facilitator_key)].

    All or nothing: one transaction, so a bad archive changes nothing.
    """
    restored = []
    with store.transaction(db):
        for entry in data["workshops"]:
            restored.append(_restore_one(db, entry))
    return [(store.workshop_by_id(db, workshop_id), key) for workshop_id, key in restored]


def _restore_one(db, entry):
    try:
        info = dict(entry["workshop"])
        framework = json.loads(json.dumps(info["framework"]))
        framework = fw.validate(framework)
    except (KeyError, TypeError, fw.FrameworkError) as exc:
        raise Invalid(f"The archive's workshop is incomplete: {exc}") from exc
    code = info.get("code")
    if not _valid_code(code) or store.workshop_by_code(db, code):
        code = _unused_code(db)
    title = info.get("title")
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= ws.TITLE_MAX:
        raise Invalid("The archive's workshop has no usable title.")
    key = ws.new_secret()
    info.update(code=code, facilitator_key=key, ended_at=None)
    for column in JSON_COLUMNS:
        if column in info and info[column] is not None:
            info[column] = json.dumps(info[column])
    try:
        workshop_id = records.restore_workshop(db, info)
        ids, later = {}, []
        for table in TABLES:
            rows = entry.get(table) or []
            if rows and not records.table_exists(db, table):
                raise Invalid(f"This archive has {table}, which this version cannot store.")
            ids[table] = {}
            for row in rows:
                values, forward = _restored(table, row, ids, workshop_id)
                ids[table][row["ref"]] = records.insert_row(db, table, values)
                later += [(table, ids[table][row["ref"]], *f) for f in forward]
        for table, row_id, column, target, ref in later:
            if ref not in ids[target]:
                raise ValueError(f"{table}.{column} points at missing {target} {ref}")
            records.set_reference(db, table, row_id, column, ids[target][ref])
    except (KeyError, TypeError, ValueError) as exc:
        raise Invalid(f"The archive is damaged: {exc}") from exc
    except sqlite3.IntegrityError as exc:
        raise Invalid(f"The archive's rows do not fit together: {exc}") from exc
    store.append_event(db, workshop_id, "workshop_imported", {"title": info.get("title")})
    return workshop_id, key


def _restored(table, row, ids, workshop_id):
    """The row's values for this database, and the references to rows not yet inserted."""
    values, forward = {"workshop_id": workshop_id}, []
    for column, value in row.items():
        if column == "ref":
            continue
        target = REFERENCES[table].get(column)
        if target and value is not None:
            if value not in ids.get(target, {}):
                if target != table and target != "provisional_outcomes":
                    raise ValueError(f"{table} {row['ref']} points at missing {target} {value}")
                forward.append((column, target, value))  # set once that row exists
                continue
            value = ids[target][value]
        values[column] = value
    if table == "participants":
        values["token"] = ws.new_secret()
    if table in ("ideas", "votes", "stories"):
        values["client_id"] = ws.new_secret()
    return values, forward


def _valid_code(code):
    """A code the app itself could have made: it goes into URLs and onto the wall."""
    return (
        isinstance(code, str)
        and len(code) == ws.CODE_LENGTH
        and all(c in ws.CODE_ALPHABET for c in code)
    )


def _unused_code(db):
    while True:
        code = ws.new_code()
        if not store.workshop_by_code(db, code):
            return code
