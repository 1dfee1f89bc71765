"""JSON from the outside, read with a nesting limit: HTTP bodies and Socket.IO packets.

Python's json module recurses once per level, so a body of 30,000 `[` ends
in RecursionError (a 500). No message of ours nests more than a few levels,
so anything deeper than MAX_DEPTH is refused before it is parsed.
"""

import json
import re
from types import SimpleNamespace

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 32
# A Socket.IO event packet's JSON starts with the event's name.
_EVENT = re.compile(r'\s*\[\s*"([A-Za-z_]{1,64})"')
# The one argument an unreadable event packet is handed on with.
UNREADABLE = "__unreadable__"


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
    # Nesting never exceeds the count of brackets opened (counted in C); only a
    # text with more than MAX_DEPTH of them is walked character by character.
    if text.count("[") + text.count("{") > MAX_DEPTH and depth(text) > MAX_DEPTH:
        raise TooDeep(f"JSON nested deeper than {MAX_DEPTH} levels")
    return json.loads(text, **kwargs)


def dumps(obj, **kwargs):
    return json.dumps(obj, **kwargs)


def packet_loads(text, **kwargs):
    """Socket.IO packets: an event whose arguments cannot be read (too deep, a
    5,000-digit number) still reaches its handler, marked UNREADABLE, so the
    sender gets an error acknowledgement instead of silence and the log no
    traceback."""
    try:
        return loads(text, **kwargs)
    except ValueError:
        if isinstance(text, bytes | bytearray):
            text = text.decode("utf-8", "replace")
        match = _EVENT.match(text)
        if not match:
            raise
        return [match.group(1), {UNREADABLE: True}]


# What Flask-SocketIO is given as its `json` module.
socket_json = SimpleNamespace(loads=packet_loads, dumps=dumps)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with request bodies read through `loads`."""

    def loads(self, s, **kwargs):
        return loads(s, **kwargs)
