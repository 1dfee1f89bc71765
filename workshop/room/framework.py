"""The commissioning framework as data: stages, key questions, priorities.

Kent's *Together for Social Value* ships as the default; a council passes its
own copy of the file with `--framework`. Nothing Kent-specific lives in code.
A file is checked against a schema (msgspec) before anything is written, and
a mistake is named by where it is: "roles[0]: expected a table, got a string".
"""

import copy
import re
import tomllib
from pathlib import Path

import msgspec

DEFAULT_PATH = Path(__file__).parent / "frameworks" / "kent.toml"


class FrameworkError(ValueError):
    """The framework file is missing something the app relies on, or has the wrong shape."""


# The shape the app relies on. Fields not named here (a council's own notes,
# newer tables) are allowed and kept as they are.
class _Entry(msgspec.Struct):
    key: str


class _Role(_Entry):
    label: str
    expert_by_experience: bool = False


class _Question(_Entry):
    text: str
    easy_read: str | None = None
    kind: str = "ideas"


class _Stage(_Entry):
    name: str
    questions: list[_Question] = []


class _Labelled(_Entry):
    label: str | None = None
    name: str | None = None


class _About(msgspec.Struct):
    title: str


class _Framework(msgspec.Struct):
    framework: _About
    roles: list[_Role]
    stages: list[_Stage]
    priorities: list[_Labelled]
    outcome_kinds: list[_Labelled]
    strategic_outcomes: list[_Labelled] = []
    care_act_themes: list[_Labelled] = []
    experts_by_experience_value: list[_Labelled] = []
    # What the report quotes (issue 13); each entry is keyed, its text is free.
    development_principles: list[_Entry] = []
    measuring_principles: list[_Entry] = []
    answer_kinds: list[_Labelled] = []


_REQUIRED = ("roles", "stages", "priorities", "outcome_kinds")
_KEYED = _REQUIRED + (
    "strategic_outcomes",
    "care_act_themes",
    "experts_by_experience_value",
    "development_principles",
    "measuring_principles",
    "answer_kinds",
)
# msgspec's names for JSON types, in the words of a TOML file's author.
_TYPES = {
    "object": "a table",
    "array": "a list",
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "nothing",
}


def load(path=None):
    """Read and check a framework file; return it as plain data."""
    path = Path(path or DEFAULT_PATH)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(f"Cannot read framework {path}: {exc}") from exc
    except RecursionError:
        raise FrameworkError(f"Cannot read framework {path}: it has {TOO_DEEP}.") from None
    return validate(data)


def loads(content, name="the framework file"):
    """Check a framework given as TOML text or bytes (an upload); return it as plain data."""
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise FrameworkError(f"Cannot read {name}: it is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"Cannot read {name}: {exc}.") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise FrameworkError(f"Cannot read {name}: it has {TOO_DEEP}.") from None
    return validate(data)


# A framework nests five levels (stages, their questions, a question's
# fields); copying, cleaning and storing a much deeper one would recurse past
# Python's limit, so it is refused before anything else reads it.
MAX_DEPTH = 16
TOO_DEEP = f"lists or tables nested more than {MAX_DEPTH} deep"


def _depth(data):
    """How deeply lists and tables nest in parsed data, walked without recursion."""
    deepest, todo = 0, [(data, 0)]
    while todo:
        value, level = todo.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, level + 1)
            if deepest > MAX_DEPTH:
                break
            todo.extend((item, level + 1) for item in value)
    return deepest


def validate(data):
    """Check a framework against the schema; return a checked copy with defaults filled in.

    The input is never changed, so a refused file leaves nothing half-filled.
    """
    if _depth(data) > MAX_DEPTH:
        raise FrameworkError(f"The framework has {TOO_DEEP}.")
    try:
        msgspec.convert(data, _Framework)
    except msgspec.ValidationError as exc:
        raise FrameworkError(_plain(str(exc))) from None
    for name in _REQUIRED:
        if not data[name]:
            raise FrameworkError(f"The framework needs at least one entry in [[{name}]].")
    for name in _KEYED:
        keys = [item["key"] for item in data.get(name, [])]
        if len(set(keys)) != len(keys):
            raise FrameworkError(f"Every entry in [[{name}]] needs a unique key.")
    if not any(role.get("expert_by_experience") for role in data["roles"]):
        raise FrameworkError("At least one role must be marked expert_by_experience.")
    checked = copy.deepcopy(data)
    for name in _KEYED:
        checked.setdefault(name, [])
    for stage in checked["stages"]:
        for question in stage.setdefault("questions", []):
            question.setdefault("easy_read", question["text"])
            question.setdefault("kind", "ideas")
    return checked


def _plain(message):
    """msgspec's "Expected `object`, got `str` - at `$.roles[0]`" as a plain sentence."""
    text, _, where = message.partition(" - at `$")
    where = where.rstrip("`").lstrip(".") or "the file"
    found = re.fullmatch(r"Expected `([\w |]+)`, got `(\w+)`", text)
    if found:
        wanted = " or ".join(_TYPES.get(t.strip(), t.strip()) for t in found[1].split("|"))
        return f"{where}: expected {wanted}, got {_TYPES.get(found[2], found[2])}."
    missing = re.fullmatch(r"Object missing required field `(\w+)`", text)
    if missing:
        return f"{where}: missing {missing[1]}."
    return f"{where}: {text[0].lower()}{text[1:]}."


def stage_keys(data):
    """Stage keys in the framework's order."""
    return [stage["key"] for stage in data["stages"]]


def lookup(data, list_name):
    """Map key -> entry for one of the framework's lists."""
    return {item["key"]: item for item in data.get(list_name, [])}


def expert_roles(data):
    """Role keys whose ideas count as experts-by-experience voices."""
    return {role["key"] for role in data["roles"] if role.get("expert_by_experience")}


# What the report quotes. Each reads the framework's own words and returns
# nothing (never made-up text) when a council's file leaves them out.


def principles(data, list_name):
    """The development or measuring principles, in the framework's numbering."""
    return sorted(data.get(list_name, []), key=lambda p: p.get("number", 0))


def themes(data, list_name):
    """A list of themes (Care Act, what experts by experience value) with their definitions."""
    definitions = {
        d["key"]: d["definition"]
        for d in data.get("theme_definitions", [])
        if d.get("list") == list_name
    }
    return [{**t, "definition": definitions.get(t["key"])} for t in data.get(list_name, [])]


def stage_framing(data, stage_key):
    """The framework's own sentences about a stage (the Plan stage's, say), or {}."""
    return data.get("stage_framing", {}).get(stage_key, {})


def other_wordings(data):
    """{strategic outcome key: (its other wording, the note that says so)}."""
    return {
        w["key"]: (w["wording"], w.get("note", ""))
        for w in data.get("strategic_outcome_wordings", [])
    }


def limitation(data):
    """The framework's limitation on who was in the room: (quote, where it is from)."""
    found = data.get("limitation") or {}
    quote = found.get("quote") or data["framework"].get("most_vulnerable_note")
    return (quote, found.get("source")) if quote else (None, None)


def catch_all_roles(data):
    """Roles that are a catch-all ("Other"): an empty one is not a missing voice."""
    return set(data.get("report", {}).get("catch_all_roles", []))
