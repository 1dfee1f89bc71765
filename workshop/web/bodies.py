"""JSON from the outside, read with a nesting limit: HTTP bodies and Socket.IO packets.

Python's json module recurses once per level, so a body of 30,000 `[` ends
in RecursionError (a 500). No message of ours nests more than a few levels,
so anything deeper than MAX_DEPTH is refused before it is parsed.
"""

import json

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 32


class TooDeep(ValueError):
    """A JSON document nested deeper than MAX_DEPTH."""


def depth(text):
    """The deepest nesting of arrays and objects in a JSON text (strings skipped)."""
    deepest = level = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def loads(text, **kwargs):
    """json.loads, refusing documents nested deeper than MAX_DEPTH."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8", "replace")
    if depth(text) > MAX_DEPTH:
        raise TooDeep(f"JSON nested deeper than {MAX_DEPTH} levels")
    return json.loads(text, **kwargs)


def dumps(obj, **kwargs):
    return json.dumps(obj, **kwargs)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with request bodies read through `loads`."""

    def loads(self, s, **kwargs):
        return loads(s, **kwargs)
