"""Easy read's pictures, one meaning each, served from this server.

Two sets, both local (a venue may have no internet, and no CDN is used):

- OpenMoji (https://openmoji.org, CC BY-SA 4.0), the npm package `openmoji`
  installed from the lock file: a recognised, openly licensed symbol set.
  SYMBOLS names the few this app uses and what each one means; a picture
  is never used for anything else.
- Our own pictures in static/img (roles, priorities, kinds of outcome, the
  steps of the day), drawn for this app, for the framework's own categories.

`/symbols/<name>.svg` serves either, so a page or a script names a picture by
its meaning alone. docs/SYMBOLS.md lists them with the attribution.
"""

import re

from flask import Blueprint, abort, current_app, send_from_directory, url_for

from .. import paths

symbols = Blueprint("symbols", __name__)

# name: (OpenMoji hexcode, the one meaning). Each file is mapped into the
# wheel by pyproject.toml (tests/test_symbols.py keeps the two in step).
SYMBOLS = {
    "yes": ("2705", "Yes: I agree"),
    "no": ("274C", "No: I do not agree"),
    "problem": ("2757", "Something needs fixing"),
    "ended": ("1F3C1", "The meeting has finished"),
    "delete": ("1F5D1", "Delete: throw these words away"),
    "take-back": ("21A9", "Take my vote back"),
    "standard-words": ("1F4C4", "The usual words, without pictures"),
}
OPENMOJI = "openmoji/color/svg"
_NAME = re.compile(r"^[a-z0-9_-]{1,60}$")


def symbol_url(name):
    """The address of the picture that means `name`."""
    return url_for("symbols.symbol", name=name)


@symbols.get("/symbols/<name>.svg")
def symbol(name):
    """One picture: an OpenMoji symbol from node_modules, or one of our own."""
    if not _NAME.match(name):
        abort(404)
    if name in SYMBOLS:
        folder = current_app.config["NODE_MODULES"] / OPENMOJI
        return send_from_directory(folder, f"{SYMBOLS[name][0]}.svg", max_age=86400)
    own = paths.STATIC / "img"
    if not (own / f"{name}.svg").is_file():
        abort(404)
    return send_from_directory(own, f"{name}.svg", max_age=86400)
