"""The report's figures as an Excel workbook (openpyxl), for the commissioner's own analysis.

A summary sheet; one sheet per key question (idea, votes, votes per role,
cross-role support, tags, author roles, status, origin and paper card); the
stories that may be quoted (with their origin); participation by role; the
people and each question's results in the room, in outreach and together
(report/origins.py); the Plan grid of outcome by risk; one sheet per provisional
outcome. A question's or outcome's sheet opens with its own words. Every sheet
has a frozen, filterable header row, repeated on every printed page, set column
widths, and prints landscape, fit to the page's width. User text is
written as text, never as a formula: a cell that starts like a formula gets
a leading quote, as in the CSV.

Write-only mode: rows stream to the file, so 3,000 ideas stay fast.
"""

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from . import kinds, words

# A spreadsheet runs a cell starting with these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADING_FONT = Font(bold=True, size=13)
# Characters a sheet name may not hold, and XML cannot carry.
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def cell_value(value):
    """A value a spreadsheet shows as text, never runs: formula starters get a quote."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = _NOT_XML.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def render(doc):
    """The workbook as .xlsx bytes."""
    book = Workbook(write_only=True)
    roles = doc["vote_columns"]
    _summary(book, doc)
    used = {"Summary"}
    if any(q["themes"] for q in doc.get("theme_summary") or []):
        _themes(book, doc)
        used.add("Themes")
    for stage in doc["stages"]:
        for n, question in enumerate(stage["questions"], start=1):
            name = _sheet_name(f"{stage['name']} {n}", used)
            if kinds.of(question).IDEAS:
                _question(book, name, stage, question, roles, doc)
            else:  # a kind with its own answer (a ranking) lays out its own sheet
                section = next(s for s in doc["kind_sections"] if s["question"] == question["text"])
                _sheet(book, name, *kinds.of(question).sheet(section))
    _stories(book, doc)
    _participation(book, doc)
    if doc.get("origins"):
        _origins(book, doc["origins"])
    if doc["plan"] and doc["plan"]["grid"]:
        _plan_grid(book, doc)
    if doc["plan"]:
        for n, outcome in enumerate(doc["plan"]["outcomes"], start=1):
            _plan_outcome(book, _sheet_name(f"Plan outcome {n}", used), n, outcome, doc)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(name, used):
    name = _SHEET_NAME.sub(" ", name)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _sheet(book, title, headers, widths, rows, heading=None):
    """A sheet: an optional heading row (a question's or outcome's own words), then a
    frozen, filterable header row repeated on every printed page, landscape, fit to width."""
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    top = 2 if heading else 1
    sheet.freeze_panes = f"A{top + 1}"
    rows = list(rows)
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A{top}:{last}{len(rows) + top}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{top}"
    if heading:
        cell = WriteOnlyCell(sheet, value=cell_value(heading))
        cell.font = HEADING_FONT
        sheet.append([cell])
    header = []
    for text in headers:
        cell = _styled(sheet, text)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    return sheet


def _styled(sheet, text):
    cell = WriteOnlyCell(sheet, value=cell_value(text))
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    return cell


def _totals(s):
    """The ideas and votes of every stage together, named as such: "Ideas 426" beside the
    report's "353 ideas" counted the Plan stage's 73 answers as ideas."""
    if sum(1 for st in s["by_stage"] if st["ideas"] or st["votes"]) < 2:
        return (("Ideas (merged duplicates counted once)", s["ideas"]), ("Votes", s["votes"]))
    return (
        ("Ideas and answers, all stages (merged duplicates counted once)", s["ideas"]),
        ("Votes, all stages", s["votes"]),
    )


def _summary(book, doc):
    s, p = doc["summary"], doc["participation"]
    rows = [
        ("Report", doc["title"]),
        ("Events", "; ".join(e["name"] for e in doc["events"])),
        ("Service", doc["service"] or ""),
        ("Area", doc["area"] or doc["framework"].get("area") or ""),
        ("Stages", doc["stage_list"]),
        ("People who took part", p["total"]),
        ("People who wrote an idea or story", p["contributors"]),
        ("Experts by experience", p["experts"]),
        *_totals(s),
        *(
            row
            for st in s["by_stage"]
            for row in (
                (f"{st['name']} stage: ideas or answers", st["ideas"]),
                (f"{st['name']} stage: votes", st["votes"]),
            )
        ),
        ("Stories that may be quoted", s["stories"]),
        ("Provisional outcomes", len(s["outcomes"])),
        ("", ""),
        ("In brief", doc["wording"]["lead"]),
        ("", doc["wording"]["experts"]),
    ]
    rows += [("Who was not in this room", line) for line in doc["wording"]["not_in_room"]]
    rows += _outcome_order(s)
    rows += [("How the rankings are computed", line) for line in doc["wording"]["ranking"]]
    _sheet(book, "Summary", ("Figure", "Value"), (40, 100), rows)


def _outcome_order(s):
    """The outcomes by number, then the room's order of them and each role's, as the Word
    summary says it (outcome_order.py); the Rankings sheet alone gave it as scores."""
    rows = [(f"Provisional outcome {n}", o["text"]) for n, o in enumerate(s["outcomes"], start=1)]
    order = s.get("outcome_order")
    if not order:
        return rows
    rows.append(("The room's order of the outcomes", order["lead"]))
    rows += [("Each role's own order", line) for line in order["by_role"]]
    if order["small"]:
        rows.append(("", order["small"]))
    return rows


def _themes(book, doc):
    """Each Analyse question's accepted themes with the summary's own figures and words."""
    # Its voters beside the question's: a count a spreadsheet can divide, not one without a base.
    headers = ["Question", "Theme", "Ideas", "People who voted for its ideas"]
    headers += ["People who voted on the question", "Cross-role support"]
    # No "In their own words" column: an idea carries no consent to be quoted (summary.py).
    headers += ["By role", "Experts by experience", "Tags"]
    headers += ["Carried to the Plan stage", "At risk"]
    # Where the room voted on the themes themselves (issue 22 item 5).
    dotted = any(t["dots_text"] for q in doc["theme_summary"] for t in q["themes"])
    if dotted:
        headers += ["Votes on the theme", "Votes on the theme by role"]
    rows = []
    for question in doc["theme_summary"]:
        for t in question["themes"]:
            risks = " ".join(
                words.ended(f"Of \u201c{r['outcome']}\u201d: {r['text']}") for r in t["at_risk"]
            )
            rows.append(
                [question["text"], t["label"], t["ideas"], t["people"], t["voters"]]
                + [round(t["cross_role"], 3)]
                + [t["by_role_text"], t["experts"], t["touches"]]
                + [" ".join(t["carried"]), risks]
                + ([t["dots"] if t["dots_text"] else "", t["dots_by_role_text"]] if dotted else [])
            )
    widths = (40, 30, 7, 10, 10, 10, 50, 50, 40, 40, 50) + ((10, 50) if dotted else ())
    _sheet(book, "Themes", headers, widths, rows, heading="The room's themes")


def _question(book, name, stage, question, roles, doc):
    plan = stage["key"] == "plan"
    headers = ["Rank", "Idea", "Votes"] + [f"Votes: {label}" for label in roles]
    headers += ["Cross-role support", "Cross-role rank", "Divides the roles", "Tags"]
    headers += ["Author roles", "Entered by", "Status", "Origin", "Paper card"]
    if doc["combined"]:
        headers.append("Event")
    if plan:
        headers += ["Provisional outcome", "Rating", "Requirement or open question"]
    themed = any(i.get("theme") for i in question["ideas"])
    if themed:
        headers.append("Theme")
    rows = []
    for idea in question["ideas"]:
        row = [idea["rank"], idea["text"], idea["votes"]]
        by_role = {v["label"]: v["count"] for v in idea["votes_by_role"]}
        row += [by_role.get(label, 0) for label in roles]
        row += [round(idea["cross_role"], 3), idea["cross_rank"], "yes" if idea["divides"] else ""]
        row += ["; ".join(idea["tags"]), "; ".join(idea["author_roles"]), idea["entered_by"]]
        row += [idea["status"], idea.get("origin") or "room", idea.get("card_number")]
        if doc["combined"]:
            row.append(idea["event_name"])
        if plan:
            row += [idea["outcome"] or "", idea["rating"] or "", idea["answer_kind"] or ""]
        if themed:
            row.append(idea.get("theme") or "")
        rows.append(row)
    widths = [6, 60, 7] + [12] * len(roles) + [10, 9, 9, 30, 30, 10, 9, 10, 8]
    widths += [30] * doc["combined"] + ([40, 9, 22] if plan else []) + [30] * themed
    _sheet(book, name, headers, widths, rows, heading=f"{stage['name']}: {question['text']}")


def _stories(book, doc):
    rows = [
        (
            s["text"],
            s["author_role"],
            "yes" if s["expert_by_experience"] else "no",
            "supporter" if s.get("entered_by") == "supporter" else s.get("entered_by") or "",
            s["event_name"],
            s.get("origin") or "room",
        )
        for s in doc["stories"]
    ]
    _sheet(
        book,
        "Stories",
        (
            "Story (may be quoted)",
            "Author role",
            "Expert by experience",
            "Entered by",
            "Event",
            "Origin",
        ),
        (80, 30, 12, 12, 30, 10),
        rows,
    )


def _participation(book, doc):
    p = doc["participation"]
    rows = [
        (
            r["label"],
            "yes" if r["expert_by_experience"] else "no",
            r["count"],
            r["expected"] if r["expected"] is not None else "",
            r["ideas"],
        )
        for r in p["by_role"]
    ]
    _sheet(
        book,
        "Participation",
        ("Role", "Expert by experience", "People", "Expected", p["ideas_heading"]),
        (40, 12, 9, 10, 12),
        rows,
    )


def _top(column, n):
    top = column["top"]
    return f"{top[n]['text']} ({words.count(top[n]['votes'], 'vote')})" if len(top) > n else ""


def _origins(book, origins):
    """The room, outreach and paper (report/origins.py): people, then each question's results."""
    reached = set(origins["reached"])
    rows = [
        (r["label"], r["room"], r["outreach"], "yes" if r["label"] in reached else "")
        for r in origins["people"]
    ]
    rows += [("", "", "", ""), ("Whom outreach reached", origins["sentence"], "", "")]
    _sheet(
        book,
        "People by origin",
        ("Role", "In the room", "Through outreach", "Reached only through outreach"),
        (40, 14, 16, 16),
        rows,
    )
    headers = ["Stage", "Question", "Ideas in the room", "Of them on paper cards"]
    headers += ["Ideas in outreach", "Ideas together"]
    for where in ("In the room", "Outreach", "Together"):
        headers += [f"{where}: top {n}" for n in (1, 2, 3)]
    rows = []
    for q in origins["every_question"]:
        row = [q["stage"], q["text"], q["room"]["ideas"], q["paper"]]
        row += [q["outreach"]["ideas"], q["together"]["ideas"]]
        for column in (q["room"], q["outreach"], q["together"]):
            row += [_top(column, n) for n in range(3)]
        rows.append(row)
    _sheet(book, "Questions by origin", headers, (12, 50, 10, 10, 10, 10) + (40,) * 9, rows)


def _plan_grid(book, doc):
    """Outcome x risk question x Social Value priority: the ratings and their weight."""
    plan = doc["plan"]
    rows = []
    for row in plan["grid"]:
        for cell in row["cells"]:
            for part in [{"priority": "All priorities", **cell}, *cell["by_priority"]]:
                rows.append(
                    [row["outcome"], cell["question"], part["priority"]]
                    + [part["counts"][r] for r in plan["ratings"]]
                    + [part["counts"]["not rated"], part["answers"], part["votes"]]
                )
    headers = ["Provisional outcome", "Risk question", "Social Value priority"]
    headers += [r.capitalize() for r in plan["ratings"]] + ["Not rated", "Answers", "Votes"]
    _sheet(book, "Plan grid", headers, (50, 60, 40, 8, 8, 8, 10, 9, 8), rows)


def _plan_outcome(book, name, n, outcome, doc):
    """One provisional outcome: why it was carried, then every Plan answer about it."""
    rows = [("Why it was carried", "", outcome["why"], "", "", "", "")]
    for group in outcome["answers"]:
        for idea in group["ideas"]:
            marked = kinds.of(group).mark(idea)
            rows.append(
                (
                    group["question"],
                    idea["text"],
                    marked,
                    idea["votes"],
                    idea.get("priority") or "",
                    words.who(idea, doc["combined"]),
                    idea["status"],
                )
            )
    _sheet(
        book,
        name,
        (
            "Question",
            "Answer",
            "Rating or kind",
            "Votes",
            "Social Value priority",
            "From",
            "Status",
        ),
        (45, 60, 16, 7, 30, 30, 9),
        rows,
        heading=f"Provisional outcome {n}: {outcome['text']}",
    )
