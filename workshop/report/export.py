"""Render the report draft into files a commissioner opens: Word, HTML, Markdown, CSV, JSON.

Every format is drawn from the same report document (report.py), with the
same redaction applied, so no format says more than another. The JSON archive
is the one exception in shape: it carries the whole workshop so that
`workshop import` can rebuild it (see archive.py).
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import paths
from ..room.errors import Invalid
from ..room.redaction import for_workshops
from ..room.rules import writable_all
from . import appendix, archive, charts, origins, question_parts, summary, word_plan, words
from . import gather as report

TEMPLATES = paths.TEMPLATES
# Flask-free, so the CLI renders without an app; HTML output is autoescaped.
_jinja = Environment(
    loader=FileSystemLoader(TEMPLATES / "report"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


# The same phrasing helper as the Word report and the workbook.
_jinja.filters.update(words.FILTERS)
# The same question blocks as the Word report: each idea's words once, then its number.
_jinja.globals.update(
    question_parts=question_parts.parts,
    # The templates' name for it (summary_once): kept, the templates are not ours to edit.
    summary_once=question_parts.summary_words,
    origin_top=origins.top_cell,
    side_heading=question_parts.SIDE_HEADING,
    side_note=question_parts.SIDE_NOTE,
    expert_ideas_heading=question_parts.EXPERT_IDEAS_HEADING,
    expert_ideas_note=question_parts.EXPERT_IDEAS_NOTE,
    # The commissioner's places with the Word report's prompts (one wording for every format).
    places=word_plan.PLACES,
    commissioner_note=word_plan.COMMISSIONER_NOTE,
    experts_first_note=summary.EXPERTS_FIRST_NOTE,
    actions_heading=word_plan.ACTIONS_HEADING,
    # Word's actions table, its rows and captions, in every format.
    action_rows=word_plan.ACTION_ROWS,
    actions_caption=word_plan.ACTIONS_CAPTION,
    outcome_actions_caption=word_plan.OUTCOME_ACTIONS_CAPTION,
    appendix_note=appendix.NOTE,
)

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Inline Markdown that could format, link or break a table cell.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Markers that only mean something at the start of a line.
_MD_LEADING = re.compile(r"^(#|[-+](?=\s))")
_MD_ORDERED = re.compile(r"^(\d+)([.)])(?=\s)")
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def csv_cell(value):
    """A cell a spreadsheet shows as text, never runs: formula starters get a quote."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(db, workshops, fmt, *, redact_terms=(), include_hidden=False, include_private=False):
    """One document for the workshops, in the given format."""
    if fmt not in FORMATS:
        raise Invalid(f"Unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    if not workshops:
        raise Invalid("Choose at least one workshop to export.")
    redact = for_workshops(workshops, redact_terms)
    codes = "-".join(w["code"] for w in workshops)
    if fmt == "json":
        # Every format is cleaned of what XML (Word) or a screen cannot carry, in
        # one step, whatever was stored before input was cleaned the same way.
        content = archive.dumps(
            writable_all(
                archive.export(
                    db,
                    workshops,
                    redact=redact or None,
                    include_hidden=include_hidden,
                    include_private=include_private,
                )
            )
        )
        return Document(f"workshop-archive-{codes}.json", FORMATS[fmt], content)
    # build cleans every string with writable_all as it gathers each event.
    doc = report.build(db, workshops, redact=redact or None, include_hidden=include_hidden)
    content = _RENDERERS[fmt](doc)
    return Document(f"diagnostic-report-{codes}.{fmt}", FORMATS[fmt], content)


def _docx(doc):
    from . import word as docx_report  # python-docx is only loaded when Word is asked for

    return docx_report.render(doc)


def _html(doc):
    css = (TEMPLATES / "report" / "report.css").read_text(encoding="utf-8")
    svgs = {
        chart["key"]: {**chart, "svg": None if chart["empty"] else charts.svg(chart)}
        for chart in charts.specs(doc)
    }
    css = Markup(css)  # noqa: S704  (our own stylesheet, not user text)
    text = _jinja.get_template("report.html").render(doc=doc, charts=svgs, css=css, mark="\u2605")
    return text.encode("utf-8")


def _md(doc):
    specs = {chart["key"]: chart for chart in charts.specs(doc)}
    return (
        _jinja.get_template("report.md").render(doc=doc, charts=specs, md=md_text).encode("utf-8")
    )


CSV_COLUMNS = (
    "event",
    "stage",
    "question",
    "kind",
    "text",
    "author_role",
    "expert_by_experience",
    "entered_by",
    "priority",
    "outcome_kind",
    "strategic_outcome",
    "care_act_theme",
    "status",
    "rating",
    "answer_kind",
    "provisional_outcome",
    "votes",
    "cross_role_support",
    "created_at",
    "origin",
    "card_number",
    # The question's ideas in the room (paper cards included), in outreach and
    # together (report/origins.py), on each of its rows.
    "question_ideas_room",
    "question_ideas_outreach",
    "question_ideas_together",
    # The accepted theme the idea is in (issue 22), if any, and the dots on that
    # theme where the room voted on themes (issue 22 item 5).
    "theme",
    "theme_votes",
    # A ranking question's rows (issue 21), one per item of its list in the room's
    # order: its place, its score (the roles' average Borda points), how many
    # sent an order, and each role's place where the role had enough people.
    "ranking_place",
    "ranking_score",
    "ranking_answers",
    "ranking_by_role",
)
_RANKING = CSV_COLUMNS.index("ranking_place")


def _csv(doc):
    """One row per contribution (ideas, then quotable stories); votes by role as columns."""
    roles = doc["vote_columns"]  # roles of fewer than 5 people together
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS + tuple(f"votes: {role}" for role in roles))
    counts = {
        (q["stage"], q["text"]): (
            q["room"]["ideas"],
            q["outreach"]["ideas"],
            q["together"]["ideas"],
        )
        for q in (doc.get("origins") or {}).get("every_question", [])
    }
    for group in doc["appendix"]:
        per_question = counts.get((group["stage"], group["question"]), (None, None, None))
        for idea in group["ideas"]:
            by_role = {v["label"]: v["count"] for v in idea["votes_by_role"]}
            status = "merged" if idea["merged"] else idea["status"]
            row = (
                idea["event_name"],
                group["stage"],
                group["question"],
                "idea",
                idea["text"],
                idea["author_role"],
                "yes" if idea["expert_by_experience"] else "no",
                idea["entered_by"],
                idea["priority"],
                idea["outcome_kind"],
                idea["strategic_outcome"],
                idea["care_act_theme"],
                status,
                idea["rating"],
                idea["answer_kind"],
                idea["outcome"],
                idea["votes"],
                None if idea["merged"] else words.score(idea["cross_role"]),
                idea["created"],
                idea.get("origin") or "room",
                idea.get("card_number"),
                *per_question,
                idea.get("theme"),
                idea.get("theme_votes"),
                None,
                None,
                None,
                None,
            )
            writer.writerow([csv_cell(v) for v in row + tuple(by_role.get(r, 0) for r in roles)])
    for story in doc["stories"]:
        row = [story["event_name"], None, None, "story", story["text"], story["author_role"]]
        row += ["yes" if story["expert_by_experience"] else "no", story["entered_by"]]
        row += [None] * 4 + ["may be quoted"] + [None] * 5 + [story["created"]]
        row += [story.get("origin") or "room", None, None, None, None, None]
        row += [None] * (len(CSV_COLUMNS) - len(row))
        writer.writerow([csv_cell(v) for v in tuple(row) + ("",) * len(roles)])
    for row in _ranking_rows(doc):
        writer.writerow([csv_cell(v) for v in row + ("",) * len(roles)])
    # A byte-order mark so Excel opens UTF-8 (quotes, accents) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _ranking_rows(doc):
    """Each ranking question's list in the room's order (the method is in the reports)."""
    for section in doc.get("kind_sections", []):
        if section["kind"] != "ranking":
            continue
        for item in section["rows"]:
            by_role = "; ".join(f"{label} {place}" for label, place in item["by_role"].items())
            row = [None, section["stage"], section["question"], "ranking", item["text"]]
            row += [None] * (_RANKING - len(row))
            row += [item["place"], item["score"], section["answers"], by_role or None]
            yield tuple(row)


def _xlsx(doc):
    from . import workbook  # openpyxl is only loaded when a workbook is asked for

    return workbook.render(doc)


_RENDERERS = {"docx": _docx, "html": _html, "md": _md, "csv": _csv, "xlsx": _xlsx}


def write(document, out_dir):
    """Save a document into a folder; return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / document.filename
    path.write_bytes(document.content)
    return path
