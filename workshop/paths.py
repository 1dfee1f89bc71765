"""Where the shipped files are: beside the package in a wheel, or in the checkout.

A wheel carries templates/, static/ and the vendored browser libraries inside
the package (pyproject.toml maps them in); a checkout or an editable install
keeps them at the top level, as the design card has it.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_INSTALLED = (PACKAGE / "templates").is_dir()
ROOT = PACKAGE if _INSTALLED else PACKAGE.parent

TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
# Front-end libraries from the npm lock file: node_modules in a checkout,
# copied into the wheel under vendor/ by the build.
VENDOR = PACKAGE / "vendor" if _INSTALLED else ROOT / "node_modules"
