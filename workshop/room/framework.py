"""The commissioning framework as data: stages, key questions, priorities.

Kent's *Together for Social Value* ships as the default; a council passes its
own copy of the file with `--framework`. Nothing Kent-specific lives in code.
"""

import tomllib
from pathlib import Path

DEFAULT_PATH = Path(__file__).parent / "frameworks" / "kent.toml"

_LISTS = ("roles", "stages", "priorities", "outcome_kinds")
_OPTIONAL_LISTS = (
    "strategic_outcomes",
    "care_act_themes",
    "experts_by_experience_value",
    "development_principles",
    "measuring_principles",
    "answer_kinds",
)


class FrameworkError(ValueError):
    """The framework file is missing something the app relies on."""


def load(path=None):
    """Read and check a framework file; return it as plain data."""
    path = Path(path or DEFAULT_PATH)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(f"Cannot read framework {path}: {exc}") from exc
    validate(data)
    return data


def validate(data):
    """Raise FrameworkError unless every list the app needs is present and keyed."""
    if "framework" not in data or "title" not in data["framework"]:
        raise FrameworkError("The framework needs a [framework] table with a title.")
    for name in _LISTS:
        if not data.get(name):
            raise FrameworkError(f"The framework needs at least one entry in [[{name}]].")
    for name in _LISTS + _OPTIONAL_LISTS:
        data.setdefault(name, [])
        keys = [item.get("key") for item in data[name]]
        if not all(keys) or len(set(keys)) != len(keys):
            raise FrameworkError(f"Every entry in [[{name}]] needs a unique key.")
    for stage in data["stages"]:
        for question in stage.setdefault("questions", []):
            if not question.get("key") or not question.get("text"):
                raise FrameworkError(f"A question in stage {stage['key']!r} lacks key or text.")
            question.setdefault("easy_read", question["text"])
            question.setdefault("kind", "ideas")
    if not any(role.get("expert_by_experience") for role in data["roles"]):
        raise FrameworkError("At least one role must be marked expert_by_experience.")


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
