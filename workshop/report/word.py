"""The report draft as a Word document a commissioner edits rather than rewrites.

Real heading styles (so Word's navigation pane and contents work), a title
page, a contents field, page numbers in the footer, styled tables whose header
row repeats on every page, charts as pictures with alt text, each followed by
its figures. Sections follow the commissioning cycle; the Plan section, the
commissioner's own sections and the appendix are in word_plan.py, and the
building blocks in word_blocks.py.
"""

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from . import (
    charts,
    kinds,
    origins,
    question_parts,
    summary,
    word_plan,
    word_questions,
    word_themes,
    words,
)
from . import word_blocks as b
from .word_questions import stage_heading

EXPERT_MARK = b.EXPERT_MARK
BODY_LIST = question_parts.BODY_LIST


def render(doc):
    """The report document as .docx bytes."""
    doc = {**doc, "charts": chart_images(doc)}
    word = Document()
    b.styles(word)
    b.page_setup(word, f"{doc['title']} (draft): {doc['subtitle']}")
    _title_page(word, doc)
    _contents(word, doc)
    for section in _sections(doc):
        section(word, doc)
    word.core_properties.title = f"{doc['title']} (draft)"
    word.core_properties.subject = b.clean(doc["subtitle"])
    word.core_properties.author = doc["framework"].get("publisher") or ""
    word.core_properties.comments = "Draft generated from the workshop's data for editing."
    return b.save(word)


def _sections(doc):
    # The commissioner's places follow the summary they answer.
    sections = [
        _summary,
        word_plan.commissioner,
        _participation,
        _origins,
        word_questions.analyse,
        _coverage,
    ]
    if doc["plan"]:
        sections.append(word_plan.plan)
    if doc["kind_sections"]:
        sections.append(word_plan.kind_sections)
    return sections + [
        word_questions.later_stages,
        _stories,
        _method,
        word_plan.appendix,
    ]


def headings(doc):
    """The level 1 and 2 headings the sections write, in order (the contents)."""
    entries = [(1, "Summary"), (1, word_plan.COMMISSIONER_HEADING)]
    entries += [(2, h) for h in word_plan.PLACE_HEADINGS]
    entries.append((1, "Who took part"))
    if (doc.get("origins") or {}).get("any"):
        entries.append((1, ORIGINS_HEADING))
    if doc["analyse"]:
        entries.append((1, stage_heading(doc["analyse"])))
        entries += [(2, q["text"]) for q in kinds.idea_questions(doc["analyse"])]
    entries.append((1, "Coverage of the framework"))
    if doc["plan"]:
        entries.append((1, word_plan.PLAN_HEADING))
        entries += [(2, h) for h in word_plan.plan_headings(doc)]
    for heading, sections in kinds.grouped(doc["kind_sections"]):
        entries.append((1, heading))
        entries += [(2, s["question"]) for s in sections]
    for stage in doc["later_stages"]:
        entries.append((1, stage_heading(stage)))
        entries += [(2, q["text"]) for q in kinds.idea_questions(stage)]
    entries += [
        (1, "Stories"),
        (1, "Method and limitations"),
        (1, "Appendix: every contribution"),
    ]
    return entries


# Title page and contents


def _title_page(word, doc):
    fw = doc["framework"]
    kicker = b.para(word)
    kicker.paragraph_format.space_before = Cm(3)
    run = b.run(kicker, "DRAFT FOR EDITING", bold=True)
    run.font.color.rgb, run.font.size = b.TEAL, Pt(11)
    b.para(word, doc["title"], style="Title")
    b.para(word, doc["subtitle"], style="Subtitle")
    # The workshop's own service and area (workshop describe); a fact not recorded is left
    # off rather than printed as "Not recorded" under a title that may name it.
    rows = [
        ("Service", doc["service"]),
        ("Area", doc["area"] or fw.get("area")),
        ("Date", doc["date"]),
        ("Stage", doc["stage_list"]),
        ("Events" if doc["combined"] else "Event", "; ".join(e["name"] for e in doc["events"])),
        ("Framework", f"{fw.get('publisher', '')}, {fw.get('title', '')}".strip(", ")),
    ]
    b.para(word).paragraph_format.space_after = Cm(1)
    rows = [row for row in rows if row[1]]
    b.table(word, None, rows, [0.25, 0.75], bands=False, first_bold=True)
    note = b.para(word, style="Note")
    note.paragraph_format.space_before = Cm(1.5)
    b.run(
        note,
        "Prepared from what the room said at the event and nothing else: every figure, idea "
        "and quotation below comes from the workshop's record. The shaded sections are for "
        f"the commissioner to write. Generated {doc['generated_at']}.",
    )
    b.para(word).add_run().add_break(WD_BREAK.PAGE)


def _contents(word, doc):
    """A real TOC field; until Word updates it, it shows the headings without page numbers."""
    heading = b.para(word, "Contents", style="Subtitle")
    heading.runs[0].bold = True
    heading.runs[0].font.color.rgb = b.NAVY
    first = b.para(word, style="TOC 1")
    for xml in (
        '<w:r {}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>',
        '<w:r {}><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>',
        '<w:r {}><w:fldChar w:fldCharType="separate"/></w:r>',
    ):
        first._p.append(parse_xml(xml.format(nsdecls("w"))))
    paragraph = first
    for index, (level, text) in enumerate(headings(doc)):
        if index:
            paragraph = b.para(word, style=f"TOC {level}")
        b.run(paragraph, text)
        # Each entry's page number is a PAGEREF to its heading's bookmark (word_blocks.heading):
        # filled in when Word (or LibreOffice) lays the pages out, not left blank.
        paragraph.add_run("\t")
        b.field(paragraph, f"PAGEREF {b.toc_bookmark(index + 1)} \\h", "")
    paragraph._p.append(
        parse_xml('<w:r {}><w:fldChar w:fldCharType="end"/></w:r>'.format(nsdecls("w")))
    )
    b.para(
        word,
        "Page numbers appear in the contents when Word updates the field "
        "(it offers to on opening; or right-click the contents and choose Update Field).",
        style="Note",
    )
    # The report proper starts in its own section: footer on every page of it.
    word.add_section(WD_SECTION.NEW_PAGE).different_first_page_header_footer = False


# Summary


def _summary(word, doc):
    s, w = doc["summary"], doc["wording"]
    b.heading(word, "Summary", 1)
    # The room's themes (issue 22) open the summary, before the lead.
    word_themes.themes(word, doc)
    b.para(word, w["lead"])
    if doc["combined"]:
        _event_table(word, doc)
    b.para(word, w["experts"])
    b.para(word, " ".join(w["not_in_room"][:-1]))
    # Each list is read on its own: an idea's words whole in each (no "(above)").
    printed = question_parts.summary_words(doc)
    if s["questions"]:
        # One heading over every question's list, each list under its own.
        b.heading(word, s["widest_heading"], 3)
        b.keep(b.para(word, s["widest_note"], style="Note"))
    for question in s["questions"]:
        _summary_list(word, question, printed)
    if s["experts_first"]:
        b.heading(word, summary.EXPERTS_FIRST_HEADING, 3)
        b.keep(b.para(word, summary.EXPERTS_FIRST_NOTE, style="Note"))
        for item in s["experts_first"]:
            # Which question each answers, and its people with their base.
            paragraph = b.para(word, style="List Bullet")
            b.run(paragraph, f"{item['heading']}: ")
            # The room's idea, not a quotation: no one was asked to be quoted for an idea.
            b.run(paragraph, printed(item["idea"]))
            b.run(paragraph, f" ({item['note']})", muted=True)
    if s["experts_words"]:
        b.heading(word, summary.EXPERTS_WORDS_HEADING, 3)
        b.keep(b.para(word, s["experts_words"]["note"], style="Note"))
        for story in s["experts_words"]["stories"]:
            b.keep(b.para(word, f"\u201c{story['text']}\u201d", style="Quote"))
            b.para(word, f"\u2014 {story['who']}", style="Note")
    b.heading(word, "Provisional outcomes carried to the Plan stage", 3)
    b.keep(b.para(word, w["outcomes"]))
    for block in s["outcomes"]:
        paragraph = b.para(word, style="List Number")
        b.run(paragraph, block["text"])
        if block["reworded"]:
            b.run(paragraph, " (reworded by the facilitator)", muted=True)
        if doc["combined"]:
            b.run(paragraph, f" ({block['event_name']})", muted=True)
    _outcome_order(word, s["outcome_order"])
    b.para(word, s["figures_note"], style="Note")
    b.para(word).add_run().add_break(WD_BREAK.PAGE)


def _outcome_order(word, order):
    """The room's order of the provisional outcomes, and each role's (outcome_order.py)."""
    if not order:
        return
    b.para(word, order["lead"])
    b.keep(b.para(word, order["by_role_heading"]))
    for line in order["by_role"]:
        b.para(word, line, style="List Bullet")
    if order["small"]:
        b.para(word, order["small"], style="Note")


def _event_table(word, doc):
    s = doc["summary"]
    rows = [
        (e["title"], e["date"], e["participants"], e["contributors"], e["ideas"], e["votes"])
        for e in doc["events"]
    ]
    rows.append(
        ("All events combined", "", s["participants"], s["contributors"], s["ideas"], s["votes"])
    )
    b.table(
        word,
        ("Event", "Date", "People", "Contributors", "Ideas", "Votes"),
        rows,
        [0.34, 0.18, 0.11, 0.15, 0.11, 0.11],
        numeric={2, 3, 4, 5},
        last_bold=True,
        caption="Figures for each event and combined",
    )


def _summary_list(word, question, printed):
    b.heading(word, question["heading"], 4)
    if question["asked"]:
        b.keep(b.para(word, f"Asked: \u201c{question['text']}\u201d", style="Note"))
    if not question["ideas"]:
        b.para(word, "No idea on this question received a vote.")
    for idea in question["ideas"]:
        paragraph = b.para(word, style="List Bullet")
        b.run(paragraph, printed(idea))
        b.run(paragraph, f" ({words.support_note(idea)})", muted=True)


# Who took part


def _participation(word, doc):
    p = doc["participation"]
    b.heading(word, "Who took part", 1)
    # The sentence, the chart and the table are one block on one page: the table
    # is a handful of rows (page 9 ended on two of them, the rest on page 10).
    b.keep(b.para(word, doc["wording"]["experts"]))
    headers = ["Role"] + ([e["name"] for e in doc["events"]] if doc["combined"] else [])
    headers += ["People"] + (["Expected", "Against expected"] if p["has_expected"] else [])
    headers += [p["ideas_heading"]]
    rows = []
    for row in p["by_role"]:
        label = row["label"] + (f" {EXPERT_MARK}" if row["expert_by_experience"] else "")
        cells = [label] + (row["per_event"] if doc["combined"] else []) + [row["count"]]
        if p["has_expected"]:
            cells += [row["expected"] or "", row["against_expected"] or ""]
        rows.append(cells + [row["ideas"]])
    total = ["Total"] + ([e["participants"] for e in doc["events"]] if doc["combined"] else [])
    total += [p["total"]] + ([p["expected_total"], ""] if p["has_expected"] else [])
    rows.append(total + [sum(r["ideas"] for r in p["by_role"])])
    # "30 of 30 (100%)" needs more room than a count: it broke onto two lines.
    weights = [
        1.7 if h == "Against expected" else 1.2 if h == p["ideas_heading"] else 1.0
        for h in headers[1:]
    ]
    widths = [0.38] + [0.62 * w / sum(weights) for w in weights]
    b.chart(word, doc["charts"]["participation"])
    b.table(
        word,
        headers,
        rows,
        widths,
        numeric=set(range(1, len(headers))),
        last_bold=True,
        held=set(range(len(rows) - 1)),
        caption=f"People by role. {EXPERT_MARK} marks experts by experience."
        + (
            " Expected: the numbers the facilitator expected, set before the event."
            if p["has_expected"]
            else ""
        ),
    )
    b.heading(word, "Who was not in this room", 3)
    for line in doc["wording"]["not_in_room"]:
        b.para(word, line, style="List Bullet")
    if doc["limitation"]:
        b.heading(word, "The framework's own limitation", 3)
        b.keep(
            b.para(
                word,
                "The framework says this of its own co-production workshop; it applies "
                "to any event like this one:",
            )
        )
        quote = b.para(word, doc["limitation"], style="Quote")
        if doc["limitation_source"]:
            # The source goes with its quote: it opened page 10 on its own.
            b.keep(quote)
            b.para(
                word,
                f"{doc['framework'].get('title', 'The framework')}, "
                f"\u201c{doc['limitation_source']}\u201d. \u2026 marks sentences left out.",
                style="Note",
            )


# Room, outreach and paper (issue 16; the data is report/origins.py's)

ORIGINS_HEADING = "In the room, in outreach and on paper"


def _origins(word, doc):
    o = doc.get("origins")  # absent when a document is assembled without the database
    if not o or not o["any"]:
        return
    b.heading(word, ORIGINS_HEADING, 1)
    b.keep(b.para(word, o["section_sentence"]))
    rows = [[r["label"], r["room"], r["outreach"]] for r in o["people"]]
    b.table(
        word,
        ["Role", "In the room", "Through outreach"],
        rows,
        [0.5, 0.25, 0.25],
        numeric={1, 2},
        caption="People by role: in the room and through outreach.",
    )
    for q in o["questions"]:
        b.heading(word, q["text"], 3)
        cols = (q["room"], q["outreach"], q["together"])
        rows = [
            [
                "Ideas",
                # Paper cards named where there were some: "(0 on paper)" says nothing.
                f"{q['room']['ideas']}" + (f" ({q['paper']} on paper)" if q["paper"] else ""),
                q["outreach"]["ideas"],
                q["together"]["ideas"],
            ]
        ]
        for n in range(3):
            rows.append([f"Top {n + 1}"] + [origins.top_cell(cols, i, n) for i in range(3)])
        b.table(
            word,
            ["", "In the room", "Outreach", "Together"],
            rows,
            [0.13, 0.29, 0.29, 0.29],
            first_bold=True,
            caption="The top ideas in the room, in outreach and together.",
            # Four rows: whole on one page, not its last row alone over the page.
            held=set(range(len(rows) - 1)),
        )


# Coverage


def _coverage(word, doc):
    b.heading(word, "Coverage of the framework", 1)
    b.para(word, doc["wording"]["coverage_lead"])
    for block in doc["coverage"]:
        b.heading(word, block["title"], 3)
        headers = [block["title"]]
        headers += [e["name"] for e in doc["events"]] if doc["combined"] else []
        headers += ["Ideas", "Votes"]
        rows = []
        for r in block["rows"]:
            name = r["full"]
            if r["described"]:
                name = (r["full"], r["described"])
            elif r["other_wording"]:
                name = (r["full"], f"{r['wording_note']} \u201c{r['other_wording']}\u201d")
            rows.append(
                [name] + (r["per_event"] if doc["combined"] else []) + [r["ideas"], r["votes"]]
            )
        rows.append(
            ["Not tagged"]
            + ([""] * len(doc["events"]) if doc["combined"] else [])
            + [block["untagged"], ""]
        )
        extra = len(headers) - 3
        widths = [0.6] + [0.2 / max(extra, 1)] * extra + [0.1, 0.1] if extra else [0.7, 0.15, 0.15]
        if block["tagged"]:
            b.chart(word, doc["charts"][block["key"]])
            b.table(word, headers, rows, b.normalise(widths), numeric=set(range(1, len(headers))))
        if doc["wording"]["coverage"].get(block["key"]):
            b.para(word, doc["wording"]["coverage"][block["key"]], style="Note")


# Stories, method


def _stories(word, doc):
    b.heading(word, "Stories", 1)
    stories_principle = next(
        (p for p in doc["principles"]["measuring"] if p["key"] == "stories"), None
    )
    if stories_principle:
        b.para(
            word,
            f"Principle {stories_principle['number']} for measuring and reporting: "
            f"{stories_principle['text']} Only stories whose authors agreed to be quoted "
            "appear here.",
            style="Note",
        )
    if not doc["stories"]:
        b.para(word, "No stories were shared for quoting.")
    for story in doc["stories"]:
        b.keep(b.para(word, f"\u201c{story['text']}\u201d", style="Quote"))
        who = words.who(story, doc["combined"])
        if words.typed_by(story):
            who += f", {words.typed_by(story)}"
        b.para(word, f"\u2014 {who}", style="Note")
        if story.get("voice"):
            b.para(word, words.voice_note(story), style="Note")
    for line in doc["wording"]["stories"]:
        b.para(word, line, style="Note")


def _method(word, doc):
    b.heading(word, "Method and limitations", 1)
    for text in doc["wording"]["method"]:
        b.para(word, text)
    b.heading(word, "How the rankings are computed", 3)
    for text in doc["wording"]["ranking"]:
        b.para(word, text, style="List Bullet")
    b.heading(word, "Limitations", 3)
    b.para(
        word,
        "The figures describe the people in the room and what they chose to say and vote for; "
        "they are not a survey of everyone the service reaches. Who was not in this room, "
        "and the framework's own limitation, are set out under Who took part.",
    )


def chart_images(doc):
    """The report's charts with PNG bytes, keyed by chart key."""
    return {
        chart["key"]: {**chart, "png": None if chart["empty"] else charts.png(chart)}
        for chart in charts.specs(doc)
    }
