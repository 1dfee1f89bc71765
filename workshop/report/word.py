"""The report draft as a Word document a commissioner edits rather than rewrites.

Real heading styles (so Word's navigation pane and contents work), a title
page, a contents field, page numbers in the footer, styled tables whose header
row repeats on every page, charts as pictures with alt text.

Big tables (an appendix of 3,000 ideas) are written as one XML fragment rather
than cell by cell through python-docx, which is far too slow at that size.
"""

import io
import itertools
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor

from . import charts

NAVY = RGBColor(0x1F, 0x4E, 0x79)
INK = RGBColor(0x1D, 0x2A, 0x3A)
MUTED = RGBColor(0x55, 0x60, 0x6E)
TEAL = RGBColor(0x00, 0x71, 0x6B)
HEADER_FILL = "1F4E79"
BAND_FILL = "F1F4F8"
BORDER = "BFC8D2"
FONT = "Arial"
PAGE_WIDTH = Cm(21.0)
MARGIN = Cm(2.2)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXPERT_MARK = "\u2605"


def render(doc):
    """The report document as .docx bytes."""
    doc = {**doc, "charts": chart_images(doc)}
    word = Document()
    _styles(word)
    _page_setup(word, doc)
    _title_page(word, doc)
    _contents(word, doc)
    for section in _sections(doc):
        section(word, doc)
    word.core_properties.title = f"{doc['title']} (draft)"
    word.core_properties.subject = _subtitle(doc)
    word.core_properties.author = doc["framework"].get("publisher") or ""
    word.core_properties.comments = "Draft generated from the workshop's data for editing."
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _sections(doc):
    sections = [_summary, _participation, _origins]
    sections += [_stages, _coverage, _risk_and_practice, _outcomes]
    if doc["plan"]:
        sections.append(_plan)
    return sections + [_stories, _method, _appendix]


# Styles and page


def _styles(word):
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    # British English, for spelling checks and screen readers.
    normal.element.rPr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB"/>'))
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size, before in ((1, 17, 18), (2, 13, 14), (3, 11, 10)):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = NAVY
        _plain_font(style)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle", "Quote", "Caption", "List Bullet", "List Number"):
        _plain_font(styles[name])
        styles[name].font.name = FONT
    styles["Title"].font.size = Pt(30)
    styles["Title"].font.color.rgb = NAVY
    styles["Subtitle"].font.size = Pt(16)
    styles["Subtitle"].font.color.rgb = INK
    styles["Subtitle"].font.italic = False
    quote = styles["Quote"]
    quote.font.color.rgb = INK
    quote.font.size = Pt(11)
    quote.paragraph_format.left_indent = Cm(0.8)
    quote.paragraph_format.space_after = Pt(8)
    styles["Caption"].font.color.rgb = MUTED
    styles["Caption"].font.size = Pt(9)
    styles["Caption"].font.bold = False
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.space_before = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9.5)
    note.font.color.rgb = MUTED
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        toc.font.bold = level == 1


def _plain_font(style):
    """Drop the theme font so the style's own font is the one used."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def _page_setup(word, doc):
    section = word.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, MARGIN)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.different_first_page_header_footer = True  # the title page has no footer
    footer = section.footer.paragraphs[0]
    footer.style = word.styles["Note"]
    footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(f"{doc['title']} (draft): {_subtitle(doc)}")
    footer.add_run("\tPage ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    # Ask Word to refresh the contents and page fields when the file is opened.
    settings = word.settings.element
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


def _field(paragraph, instruction, shown):
    """A Word field (PAGE, NUMPAGES...) with the value shown until it is updated."""
    for xml in (
        '<w:r {}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {{}}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        '<w:r {}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {{}}><w:t>{shown}</w:t></w:r>",
        '<w:r {}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(nsdecls("w"))))


def _subtitle(doc):
    return doc["subtitle"]


# Title page and contents


def _title_page(word, doc):
    fw = doc["framework"]
    kicker = _p(word)
    kicker.paragraph_format.space_before = Cm(3)
    run = kicker.add_run("DRAFT FOR EDITING")
    run.bold, run.font.color.rgb, run.font.size = True, TEAL, Pt(11)
    _p(word, doc["title"], style="Title")
    _p(word, _subtitle(doc), style="Subtitle")
    rows = [
        ("Service", doc["service"] or "Not recorded"),
        ("Area", doc["area"] or fw.get("area") or "Not recorded"),
        ("Date", doc["date"]),
        ("Stage", " and ".join(doc["stage_names"])),
        (
            "Events" if doc["combined"] else "Event",
            "; ".join(f"{e['title']} ({e['code']})" for e in doc["events"]),
        ),
        ("Framework", f"{fw.get('publisher', '')}, {fw.get('title', '')}".strip(", ")),
    ]
    _p(word).paragraph_format.space_after = Cm(1)
    _table(word, None, rows, [0.25, 0.75], bands=False, first_bold=True)
    note = _p(word, style="Note")
    note.paragraph_format.space_before = Cm(1.5)
    note.add_run(
        "Prepared from what the room said at the event and nothing else: every figure, idea "
        "and quotation below comes from the workshop's record. Edit it before sending. "
        f"Generated {doc['generated_at']}."
    )
    _p(word).add_run().add_break(WD_BREAK.PAGE)


def _contents(word, doc):
    """A real TOC field; until Word updates it, it shows the headings without page numbers."""
    heading = _p(word, "Contents", style="Subtitle")
    heading.runs[0].bold = True
    heading.runs[0].font.color.rgb = NAVY
    entries = _headings(doc)
    first = _p(word, style="TOC 1")
    for xml in (
        '<w:r {}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>',
        '<w:r {}><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>',
        '<w:r {}><w:fldChar w:fldCharType="separate"/></w:r>',
    ):
        first._p.append(parse_xml(xml.format(nsdecls("w"))))
    paragraph = first
    for index, (level, text) in enumerate(entries):
        if index:
            paragraph = _p(word, style=f"TOC {level}")
        paragraph.add_run(text)
    paragraph._p.append(
        parse_xml('<w:r {}><w:fldChar w:fldCharType="end"/></w:r>'.format(nsdecls("w")))
    )
    _p(
        word,
        "Page numbers appear in the contents when Word updates the field "
        "(it offers to on opening; or right-click the contents and choose Update Field).",
        style="Note",
    )
    # The report proper starts in its own section: footer on every page of it.
    word.add_section(WD_SECTION.NEW_PAGE).different_first_page_header_footer = False


def _headings(doc):
    """The level 1 and 2 headings the sections below will write, in order."""
    entries = [(1, "Summary"), (1, "Who took part")]
    if (doc.get("origins") or {}).get("any"):
        entries.append((1, ORIGINS_HEADING))
    for stage in doc["question_stages"]:
        entries.append((1, _stage_heading(stage)))
        entries += [(2, _question_heading(q)) for q in stage["questions"]]
    entries += [
        (1, "Coverage of Social Value priorities and outcomes"),
        (1, "At risk of being lost, and what should become standard practice"),
        (1, "Provisional Social Value outcomes for the commissioning plan"),
    ]
    if doc["plan"]:
        entries.append((1, "Plan stage: requirements, measures and risks"))
        entries += [(2, _question_heading(q)) for q in doc["plan"]["questions"]]
    entries += [(1, "Stories"), (1, "Method and limitations"), (1, "Appendix: every contribution")]
    return entries


def _stage_heading(stage):
    return f"{stage['name']} stage: what the room said"


def _question_heading(question):
    return question["text"]


# Sections


def _summary(word, doc):
    s = doc["summary"]
    _h(word, "Summary", 1)
    _p(word, doc["wording"]["lead"])
    _p(word, doc["wording"]["experts"])
    if doc["participation"]["missing"]:
        _p(
            word,
            "Voices missing from the room: " + "; ".join(doc["participation"]["missing"]) + ".",
        )
    if doc["combined"]:
        _event_table(word, doc)
    _h(word, "Top provisional outcomes", 3)
    _p(word, doc["wording"]["outcomes"])
    for item in s["top_outcomes"]:
        paragraph = _p(word, style="List Number")
        paragraph.add_run(item["text"])
        detail = _outcome_detail(item)
        if doc["combined"]:
            detail = f"{item['event']}; {detail}"
        if detail:
            paragraph.add_run(f" ({detail})").font.color.rgb = MUTED


def _votes(n):
    return f"{n} vote" if n == 1 else f"{n} votes"


def _outcome_detail(item):
    parts = []
    if item.get("votes") is not None:
        parts.append(_votes(item["votes"]))
    if item.get("author_role"):
        parts.append(
            f"from {item['author_role'].lower()}"
            + (f" {EXPERT_MARK}" if item["expert_by_experience"] else "")
        )
    parts += [p for p in (item.get("priority"), item.get("outcome_kind")) if p]
    return "; ".join(parts)


def _event_table(word, doc):
    rows = [
        (
            e["title"],
            e["code"],
            e["date"],
            e["participants"],
            e["contributors"],
            e["ideas"],
            e["votes"],
        )
        for e in doc["events"]
    ]
    s = doc["summary"]
    rows.append(
        (
            "All events combined",
            "",
            "",
            s["participants"],
            s["contributors"],
            s["ideas"],
            s["votes"],
        )
    )
    _table(
        word,
        ("Event", "Code", "Date", "People", "Contributors", "Ideas", "Votes"),
        rows,
        [0.27, 0.12, 0.17, 0.1, 0.15, 0.09, 0.1],
        numeric={3, 4, 5, 6},
        last_bold=True,
        caption="Figures for each event and combined",
    )


def _participation(word, doc):
    p = doc["participation"]
    _h(word, "Who took part", 1)
    _p(word, doc["wording"]["experts"])
    headers = ["Role"] + ([e["code"] for e in doc["events"]] if doc["combined"] else [])
    headers += ["People", "Ideas written"]
    rows = []
    for row in p["by_role"]:
        label = row["label"] + (f" {EXPERT_MARK}" if row["expert_by_experience"] else "")
        rows.append(
            [label] + (row["per_event"] if doc["combined"] else []) + [row["count"], row["ideas"]]
        )
    rows.append(
        ["Total"]
        + ([e["participants"] for e in doc["events"]] if doc["combined"] else [])
        + [p["total"], sum(r["ideas"] for r in p["by_role"])]
    )
    extra = len(headers) - 3
    widths = [0.5] + [0.3 / max(extra, 1)] * extra + [0.25, 0.25] if extra else [0.5, 0.25, 0.25]
    _table(
        word,
        headers,
        rows,
        _normalise(widths),
        numeric=set(range(1, len(headers))),
        last_bold=True,
        caption=f"People by role and kind of organisation. {EXPERT_MARK} "
        "marks experts by experience.",
    )
    _chart(word, doc["charts"]["participation"])
    _h(word, "Voices missing from the room", 3)
    if p["gaps"]:
        for gap in p["gaps"]:
            _p(word, gap, style="List Bullet")
    else:
        _p(word, "Every role the framework lists was represented.")
    if doc["limitations"]:
        _p(
            word,
            "The framework asks that the most vulnerable, who are often not in "
            "the room, be kept in mind:",
        )
        _p(word, doc["limitations"], style="Quote")


ORIGINS_HEADING = "In the room, in outreach and on paper"


def _origins(word, doc):
    """Room, outreach and paper (issue 16; the data is report/origins.py's)."""
    o = doc.get("origins")  # absent when a document is assembled without the database
    if not o or not o["any"]:
        return
    _h(word, ORIGINS_HEADING, 1)
    _p(word, o["sentence"])
    rows = [[r["label"], r["room"], r["outreach"]] for r in o["people"]]
    _table(
        word,
        ["Role", "In the room", "Through outreach"],
        rows,
        [0.5, 0.25, 0.25],
        numeric={1, 2},
        caption="People by role: in the room and through outreach.",
    )
    for q in o["questions"]:
        _h(word, q["text"], 3)
        cols = (q["room"], q["outreach"], q["together"])
        rows = [
            [
                "Ideas",
                f"{q['room']['ideas']} ({q['paper']} on paper)",
                q["outreach"]["ideas"],
                q["together"]["ideas"],
            ]
        ]
        for n in range(3):
            rows.append(
                [f"Top {n + 1}"]
                + [
                    f"{c['top'][n]['text']} ({_votes(c['top'][n]['votes'])})"
                    if len(c["top"]) > n
                    else ""
                    for c in cols
                ]
            )
        _table(
            word,
            ["", "In the room", "Outreach", "Together"],
            rows,
            [0.13, 0.29, 0.29, 0.29],
            first_bold=True,
            caption="The top ideas in the room, in outreach and together.",
        )


def _stages(word, doc):
    for stage in doc["question_stages"]:
        _h(word, _stage_heading(stage), 1)
        if stage["audience"] or stage["report_note"]:
            _p(
                word,
                " ".join(
                    x
                    for x in (stage["audience"] and stage["audience"] + ".", stage["report_note"])
                    if x
                ),
                style="Note",
            )
        for question in stage["questions"]:
            _question(word, doc, question)


def _question(word, doc, question):
    _h(word, _question_heading(question), 2)
    if not question["ideas"]:
        _p(
            word,
            "No ideas were recorded for this question."
            if question["asked"]
            else "This question was not asked.",
        )
        return
    votes = ", ".join(f"{v['label']} {v['count']}" for v in question["votes_by_role"])
    _p(
        word,
        f"{len(question['ideas'])} ideas and {question['votes']} votes"
        + (f" (votes by role: {votes})." if votes else "."),
    )
    _idea_table(word, doc, question["ideas"])
    if question["expert_voices"]:
        _h(word, "Experts by experience, in their own words", 3)
        for idea in question["expert_voices"]:
            _p(word, f"\u201c{idea['text']}\u201d", style="Quote")


def _idea_table(word, doc, ideas):
    """Ranked ideas; each idea's votes by role on a small line under its text."""
    rows = []
    for idea in ideas:
        text = idea["text"]
        if idea["status"] != "shown":
            text += f" ({idea['status']})"
        details = [t for t in (idea["priority"], idea["outcome_kind"]) if t]
        by_role = " \u00b7 ".join(f"{v['label']} {v['count']}" for v in idea["votes_by_role"])
        details.append(f"Votes: {by_role}" if by_role else "No votes")
        who = idea["author_role"] + (f" {EXPERT_MARK}" if idea["expert_by_experience"] else "")
        if idea["also_from"]:
            who += "; also " + "; ".join(idea["also_from"]).lower() + " (merged)"
        if doc["combined"]:
            who += f" ({idea['event']})"
        rows.append([idea["rank"], (text, "; ".join(details)), who, idea["votes"]])
    _table(
        word,
        ["Rank", "Idea, and its votes by role", "From", "Votes"],
        rows,
        [0.07, 0.63, 0.19, 0.11],
        numeric={0, 3},
    )


def _coverage(word, doc):
    _h(word, "Coverage of Social Value priorities and outcomes", 1)
    _p(
        word,
        "How the room's ideas spread across the framework, counted from the tags attendees and "
        "the facilitator gave them. A gap is a prompt for the next event, not a finding.",
    )
    for block in doc["coverage"]:
        _h(word, block["title"], 3)
        headers = [block["title"]]
        headers += [e["code"] for e in doc["events"]] if doc["combined"] else []
        headers += ["Ideas", "Votes"]
        rows = [
            [r["full"]] + (r["per_event"] if doc["combined"] else []) + [r["ideas"], r["votes"]]
            for r in block["rows"]
        ]
        rows.append(
            ["Not tagged"]
            + ([""] * len(doc["events"]) if doc["combined"] else [])
            + [block["untagged"], ""]
        )
        extra = len(headers) - 3
        widths = [0.6] + [0.2 / max(extra, 1)] * extra + [0.1, 0.1] if extra else [0.7, 0.15, 0.15]
        _chart(word, doc["charts"][block["key"]])
        _table(word, headers, rows, _normalise(widths), numeric=set(range(1, len(headers))))
        if doc["wording"]["coverage"].get(block["key"]):
            _p(word, doc["wording"]["coverage"][block["key"]], style="Note")


def _risk_and_practice(word, doc):
    _h(word, "At risk of being lost, and what should become standard practice", 1)
    for title, blocks, empty in (
        (
            "What the room said is at risk of being lost in re-commissioning",
            doc["at_risk"],
            "The question about what is at risk of being lost was not part of this event.",
        ),
        (
            "What should become standard practice",
            doc["standard_practice"],
            "The standard-practice question was not part of this event.",
        ),
    ):
        _h(word, title, 3)
        if not blocks:
            _p(word, empty)
        for block in blocks:
            _p(word, f"{block['stage']} stage: \u201c{block['text']}\u201d", style="Note")
            if not block["ideas"]:
                _p(word, "No ideas were recorded for this question.")
            for idea in block["ideas"][:10]:
                paragraph = _p(word, style="List Bullet")
                paragraph.add_run(idea["text"])
                paragraph.add_run(
                    f" ({_votes(idea['votes'])}; {idea['author_role'].lower()}"
                    + (f" {EXPERT_MARK}" if idea["expert_by_experience"] else "")
                    + ")"
                ).font.color.rgb = MUTED
            if len(block["ideas"]) > 10:
                _p(
                    word,
                    f"The ten most-voted of {len(block['ideas'])} ideas; all are "
                    "in the table above and in the appendix.",
                    style="Note",
                )


def _outcomes(word, doc):
    _h(word, "Provisional Social Value outcomes for the commissioning plan", 1)
    _p(word, doc["wording"]["outcomes"])
    items = doc["outcomes"]["items"]
    if items:
        rows = [
            (
                n,
                i["text"],
                i["votes"] if i["votes"] is not None else "",
                "; ".join(t for t in (i["priority"], i["outcome_kind"]) if t),
            )
            for n, i in enumerate(items, start=1)
        ]
        _table(
            word,
            ("#", "Outcome", "Votes", "Priority; kind of outcome"),
            rows,
            [0.06, 0.6, 0.1, 0.24],
            numeric={0, 2},
        )


def _plan(word, doc):
    _h(word, "Plan stage: requirements, measures and risks", 1)
    plan = doc["plan"]
    if not plan["answers"]:
        _p(word, "The Plan stage questions have not been answered yet.")
    for question in plan["questions"]:
        _h(word, _question_heading(question), 2)
        if not question["ideas"]:
            _p(word, "No answers were recorded.")
            continue
        if question["ratings"]:
            _p(
                word,
                "Ratings given: "
                + "; ".join(f"{k} {v}" for k, v in question["ratings"].items())
                + ".",
            )
        _plan_table(word, doc, question["ideas"], rating=question["kind"] == "risk")


def _plan_table(word, doc, ideas, rating):
    """Plan answers beside the provisional outcome each is about, most votes first."""
    headers = ["Provisional outcome", "Answer", "From", "Votes"]
    widths = [0.3, 0.42, 0.18, 0.1]
    if rating:
        headers.insert(3, "Rating")
        widths = [0.27, 0.37, 0.17, 0.1, 0.09]
    rows = []
    for idea in ideas:
        text = idea["text"] + ("" if idea["status"] == "shown" else f" ({idea['status']})")
        who = idea["author_role"] + (f" {EXPERT_MARK}" if idea["expert_by_experience"] else "")
        if doc["combined"]:
            who += f" ({idea['event']})"
        row = [idea["outcome"] or "Not linked to an outcome", text, who, idea["votes"]]
        if rating:
            row.insert(3, (idea["rating"] or "not rated").capitalize())
        rows.append(row)
    _table(word, headers, rows, widths, numeric={len(headers) - 1})


def _stories(word, doc):
    _h(word, "Stories", 1)
    _p(
        word,
        "Principle 13: commissioners will seek and value qualitative "
        "\u2018stories\u2019 of outcomes as well as quantitative data. Only stories "
        "whose authors "
        "agreed to be quoted appear here.",
        style="Note",
    )
    if not doc["stories"]:
        _p(word, "No stories were shared for quoting.")
    for story in doc["stories"]:
        _p(word, f"\u201c{story['text']}\u201d", style="Quote")
        who = story["author_role"] + (f" {EXPERT_MARK}" if story["expert_by_experience"] else "")
        if story.get("entered_by") == "supporter":
            who += ", written down by a supporter"
        _p(word, f"\u2014 {who}", style="Note")


def _method(word, doc):
    _h(word, "Method and limitations", 1)
    for text in doc["wording"]["method"]:
        _p(word, text)
    if doc["limitations"]:
        _p(word, "The framework's own limitation applies to this event too:")
        _p(word, doc["limitations"], style="Quote")


def _appendix(word, doc):
    _h(word, "Appendix: every contribution", 1)
    _p(
        word,
        "Every idea, question by question, in the order it was written, with its tags and "
        "votes. No names or other identifiers are kept.",
        "Note",
    )
    if not doc["appendix"]:
        _p(word, "No contributions were recorded.")
    groups = itertools.groupby(doc["appendix"], key=lambda idea: (idea["stage"], idea["question"]))
    number = 0
    for (stage, question), ideas in groups:
        _h(word, f"{stage}: {question}", 3)
        rows = []
        for idea in ideas:
            number += 1
            status = (
                "merged"
                if idea["merged"]
                else ("" if idea["status"] == "shown" else idea["status"])
            )
            tags = "; ".join(
                t for t in (idea["priority"], idea["outcome_kind"], idea["strategic_outcome"]) if t
            )
            who = idea["author_role"] + (f" {EXPERT_MARK}" if idea["expert_by_experience"] else "")
            if idea["entered_by"] != "self":
                who += f" (by {idea['entered_by']})"
            if doc["combined"]:
                who += f" ({idea['event']})"
            rows.append(
                (
                    number,
                    idea["text"] + (f" ({status})" if status else ""),
                    who,
                    tags,
                    idea["votes"],
                )
            )
        _table(
            word,
            ("#", "Contribution", "From", "Tags", "Votes"),
            rows,
            [0.07, 0.47, 0.19, 0.19, 0.08],
            numeric={0, 4},
            small=True,
        )


# Paragraphs, charts and tables


def _p(word, text="", style=None):
    """A paragraph in a style, set by id: python-docx's lookup by name is slow at scale."""
    paragraph = word.add_paragraph(text)
    if style is not None:
        # Every style used here, built in or added by _styles, has its name as id
        # without spaces ("Heading 1" is "Heading1").
        paragraph._p.style = style.replace(" ", "")
    return paragraph


def _h(word, text, level):
    return _p(word, text, f"Heading {level}")


def _chart(word, chart):
    if chart["empty"]:
        return  # nothing to draw: the note under the table says why
    shape = word.add_picture(io.BytesIO(chart["png"]), width=Cm(15))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart["alt"])
    doc_pr.set("title", chart["title"])
    word.paragraphs[-1].paragraph_format.keep_with_next = True
    _p(word, chart["title"], style="Caption")


def _normalise(widths):
    total = sum(widths)
    return [w / total for w in widths]


def _cell_text(value):
    return escape(_NOT_XML.sub("", str(value)))


def _table(
    word,
    headers,
    rows,
    widths,
    *,
    numeric=frozenset(),
    bands=True,
    first_bold=False,
    last_bold=False,
    small=False,
    caption=None,
):
    """Append a styled table, written as one XML fragment: fast for thousands of rows."""
    twips = [int(TEXT_WIDTH.twips * w) for w in widths]
    size = '<w:sz w:val="16"/>' if small else ""
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
        f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="50" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="50" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in twips),
        "</w:tblGrid>",
    ]

    def cell(index, value, fill=None, bold=False, colour=None):
        align = '<w:jc w:val="right"/>' if index in numeric else ""
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        rpr = ("<w:b/>" if bold else "") + (f'<w:color w:val="{colour}"/>' if colour else "")
        # A (text, detail) pair puts the detail on a small muted line underneath.
        value, detail = value if isinstance(value, tuple) else (value, None)
        under = (
            (
                f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r><w:rPr>'
                f'<w:color w:val="{MUTED}"/><w:sz w:val="15"/></w:rPr><w:t xml:space="preserve">'
                f"{_cell_text(detail)}</w:t></w:r></w:p>"
            )
            if detail
            else ""
        )
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{twips[index]}" w:type="dxa"/>{shade}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{align}</w:pPr>'
            f"<w:r><w:rPr>{rpr}{size}</w:rPr>"
            f'<w:t xml:space="preserve">{_cell_text(value)}</w:t></w:r></w:p>{under}</w:tc>'
        )

    if headers:
        parts.append("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
        parts += [cell(i, h, HEADER_FILL, True, "FFFFFF") for i, h in enumerate(headers)]
        parts.append("</w:tr>")
    for n, row in enumerate(rows):
        fill = BAND_FILL if bands and n % 2 else None
        bold_row = last_bold and n == len(rows) - 1
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts += [cell(i, v, fill, bold_row or (first_bold and i == 0)) for i, v in enumerate(row)]
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    word.element.body.insert_element_before(parse_xml("".join(parts)), "w:sectPr")
    if caption:
        _p(word, caption, style="Caption")
    else:
        # Word needs a paragraph between two tables or they merge into one.
        spacer = _p(word, style="Table Text")
        spacer.paragraph_format.space_after = Pt(4)


def chart_images(doc):
    """The report's charts with PNG bytes, keyed by chart key."""
    return {
        chart["key"]: {**chart, "png": None if chart["empty"] else charts.png(chart)}
        for chart in charts.specs(doc)
    }
