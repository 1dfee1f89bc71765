"""Render the report draft into files a commissioner opens."""

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import report
from .errors import Invalid

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Flask-free, so the CLI renders without an app; HTML output is autoescaped.
_jinja = Environment(
    loader=FileSystemLoader(TEMPLATES / "report"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)

FORMATS = {"md": "text/markdown; charset=utf-8"}
# Inline Markdown that could format, link or break a table cell.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Markers that only mean something at the start of a line.
_MD_LEADING = re.compile(r"^(#|[-+](?=\s))")
_MD_ORDERED = re.compile(r"^(\d+)([.)])(?=\s)")


@dataclass
class Document:
    filename: str
    mimetype: str
    content: bytes


def md_text(value):
    """Escape user text for Markdown: no HTML, no accidental formatting or links."""
    text = str(value or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MD_ORDERED.sub(r"\1\\\2", _MD_LEADING.sub(r"\\\1", text))


def render(db, workshops, fmt):
    """One report document for the workshops, in the given format."""
    if fmt not in FORMATS:
        raise Invalid(f"Unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    reports = [report.build(db, workshop) for workshop in workshops]
    text = _jinja.get_template("report.md").render(reports=reports, md=md_text)
    codes = "-".join(w["code"] for w in workshops)
    return Document(f"diagnostic-report-{codes}.{fmt}", FORMATS[fmt], text.encode("utf-8"))


def write(document, out_dir):
    """Save a document into a folder; return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / document.filename
    path.write_bytes(document.content)
    return path
