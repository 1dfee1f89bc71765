"""Restoring a JSON archive (`workshop import`): it writes the database, so
it lives with the command that uses it; the archive's format, and the export
that writes it, stay in report/archive.py.

All or nothing: a bad archive is refused with a plain reason and changes
nothing. Restored workshops get fresh codes where theirs are taken, a fresh
facilitator key and fresh attendee tokens.
"""

import json
import sqlite3
from typing import Annotated, Any

import msgspec

from ..report.archive import FORMAT, JSON_COLUMNS, ORDERS, REFERENCES, TABLES, VERSION
from ..room import framework as fw
from ..room import workshops as ws
from ..room.errors import Invalid
from ..storage import db as store
from ..storage import media_rows, records
from ..storage import themes as theme_rows


def loads(content):
    """Parse archive bytes, or Invalid with a plain reason."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid(f"That file is not a workshop archive (not valid JSON: {exc}).") from exc
    except RecursionError:  # json recurses once per level
        raise Invalid("That file is not a workshop archive (it is nested too deeply).") from None
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
    for n, entry in enumerate(data["workshops"]):
        try:
            _check_workshop(entry)
        except msgspec.ValidationError as exc:
            where = _where(str(exc)).removeprefix("workshops")
            raise Invalid(f"The archive is damaged: workshops[{n}].workshop{where}.") from None
    return data


# The shape restore relies on: each workshop a table of its row and lists of
# rows. A column holds one value SQLite can store as it is: text, a number
# that fits its 64-bit integers, or nothing (sqlite-utils would store a list
# as JSON text, and a larger number fails deep inside the insert). Only the
# workshop's JSON columns hold lists and tables, checked where they are read.
_Integer = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_Value = str | _Integer | float | None
_Rows = list[dict[str, _Value]]
# A ranking's order is a list of its question's option refs (checked on restore).
_Ordered = list[dict[str, _Value | list[_Integer]]]
_Workshop = msgspec.defstruct(
    "_Workshop",
    [
        ("framework", dict[str, Any] | None, None),
        ("stages", list[str] | None, None),
        ("redactions", list[str] | None, None),
    ],
)
_Archived = msgspec.defstruct(
    "_Archived",
    [("workshop", dict[str, Any])]
    + [(name, _Ordered if name in ORDERS else _Rows, []) for name in TABLES],
)


def _check_workshop(entry):
    """The workshop row: its JSON columns in their shapes, every other column one value."""
    row = entry["workshop"]
    msgspec.convert({k: v for k, v in row.items() if k in JSON_COLUMNS}, _Workshop)
    msgspec.convert({k: v for k, v in row.items() if k not in JSON_COLUMNS}, dict[str, _Value])


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
                values, forward = _restored(table, row, ids, workshop_id, entry)
                ids[table][row["ref"]] = records.insert_row(db, table, values)
                later += [(table, ids[table][row["ref"]], *f) for f in forward]
        for table, row_id, column, target, ref in later:
            if ref not in ids[target]:
                raise ValueError(f"{table}.{column} points at missing {target} {ref}")
            records.set_reference(db, table, row_id, column, ids[target][ref])
        theme_rows.restore_archived(db, workshop_id, entry.get("themes") or [], ids)
        media_rows.restore_archived(db, workshop_id, entry.get("media") or [], ids)
    except (KeyError, TypeError, ValueError) as exc:
        raise Invalid(f"The archive is damaged: {exc}") from exc
    except sqlite3.IntegrityError as exc:
        raise Invalid(f"The archive's rows do not fit together: {exc}") from exc
    store.append_event(db, workshop_id, "workshop_imported", {"title": info.get("title")})
    return workshop_id, key


def _restored(table, row, ids, workshop_id, entry):
    """The row's values for this database, and the references to rows not yet inserted."""
    values, forward = {"workshop_id": workshop_id}, []
    order = ORDERS.get(table, (None, None))[0]
    for column, value in row.items():
        if column == "ref":
            continue
        if column == order:
            values[column] = _order(table, row, ids, entry)
            continue
        if isinstance(value, list):
            raise ValueError(f"{table} {row['ref']} has a list in {column}")
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


def _order(table, row, ids, entry):
    """A ranking's order with this database's ids: every option of its question's
    list once, as the app itself stores it, or ValueError."""
    column, target = ORDERS[table]
    refs = row[column]
    listed = sorted(
        option["ref"]
        for option in entry.get(target) or []
        if option.get("question_id") == row.get("question_id")
    )
    if not isinstance(refs, list) or not listed or sorted(refs) != listed:
        raise ValueError(f"{table} {row['ref']} is not an order of its question's list")
    return json.dumps([ids[target][ref] for ref in refs])


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
