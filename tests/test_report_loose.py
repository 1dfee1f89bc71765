"""Session 28's loose ends in the report, each read from the exported files: a merged
duplicate points to its idea, the formats agree on the commissioner's actions table and
on the order of what is at risk, the workbook gives the outcomes' order, and ideas are
given as ideas, never quoted as a person's words."""

import html
import io
import re

from docx import Document
from docx.table import Table
from openpyxl import load_workbook

from harness.report_themes import WORK, themed_room
from harness.word_doc import under
from workshop.cli import demo
from workshop.report import export, gather, question_parts, summary, word_plan
from workshop.room import contributions, moderation
from workshop.room import workshops as rooms

FORMATS = ("docx", "html", "md")


def word(db, workshop):
    return Document(io.BytesIO(export.render(db, [workshop], "docx").content))


def appendix_rows(db, workshop, fmt):
    """{contribution cell: (#, tags cell, votes cell)} of the appendix, as each format
    prints it."""
    content = export.render(db, [workshop], fmt).content
    if fmt == "docx":
        blocks = list(Document(io.BytesIO(content)).iter_inner_content())
        tables = [b for b in under(blocks, "Appendix: every contribution") if isinstance(b, Table)]
        return {
            r.cells[1].text: (r.cells[0].text, r.cells[3].text, r.cells[4].text)
            for t in tables
            for r in t.rows[1:]
        }
    text = content.decode()
    part = text[text.index("Appendix: every contribution") :]
    if fmt == "md":
        cells = [line.split(" | ") for line in part.splitlines() if line.startswith("| ")]
        return {
            c[1].replace("\\", ""): (c[0].strip("| "), c[3], c[4].rstrip(" |"))
            for c in cells
            if len(c) == 5 and c[0] != "| #"
        }
    found = re.findall(
        r"<tr><td class=\"num\">(\d+)</td><td>(.*?)</td><td>.*?</td><td>(.*?)</td>"
        r"<td class=\"num\">(.*?)</td>",
        part,
    )
    # The tags cell as written: a theme's label is user text, escaped.
    return {html.unescape(re.sub("<.*?>", "", a)): (n, b, c) for n, a, b, c in found}


def test_a_merged_duplicate_names_the_idea_its_votes_and_theme_are_counted_in(db):
    """A merged duplicate's row said "(merged)", no theme and 0 votes: read as an idea no
    one wanted, in no theme. It now says which idea it was merged into, by that idea's
    number, and is in that idea's theme; merged into an idea later merged itself, it
    names the last one; merged into an idea hidden since, it says that idea is not in
    the draft (hidden words never reach a report)."""
    workshop, first = themed_room(db, risks=False)
    writer = rooms.join(db, workshop, "provider")[0].value

    def idea(text):
        return contributions.submit_idea(
            db, workshop, writer, question_id=first["id"], text=text
        ).value

    work, via, lunch = idea("Real work for us"), idea("A job for us"), None
    moderation.merge(db, workshop, via["id"], work["id"])
    jobs = db.conn.execute(
        "SELECT id FROM ideas WHERE text = 'Paid jobs for people who get care'"
    ).fetchone()[0]
    moderation.merge(db, workshop, work["id"], jobs)
    lunch = db.conn.execute(
        "SELECT id FROM ideas WHERE text = 'A lunch club in the village hall'"
    ).fetchone()[0]
    lost = idea("A lunch club at the hall")
    moderation.merge(db, workshop, lost["id"], lunch)
    moderation.hide(db, workshop, lunch)
    for fmt in FORMATS:
        rows = appendix_rows(db, workshop, fmt)
        number = rows["Paid jobs for people who get care"][0]
        theme = WORK if fmt == "docx" else html.escape(WORK) if fmt == "html" else None
        for text in ("Real work for us", "A job for us"):
            _, tags, votes = rows[f"{text} (merged into #{number})"]
            assert votes == f"in #{number}", (fmt, votes)
            assert tags.startswith("Theme: "), (fmt, tags)
            assert tags.endswith(f"(with #{number})."), (fmt, tags)
            if theme:
                assert theme in tags, (fmt, tags)
        assert "A lunch club at the hall (merged into an idea not in this draft)" in rows, fmt
        assert "A lunch club in the village hall" not in rows, fmt
        assert not [t for t in rows if t.endswith("(merged)")], fmt
    text = export.render(db, [workshop], "md").content.decode()
    assert "where its votes are counted" in text[text.index("## Appendix") :]


def test_every_format_gives_the_commissioner_the_same_actions_tables(db):
    """Word's actions table had 6 empty rows, HTML's 4 and Markdown's 3; under each
    provisional outcome Word gave a table and HTML and Markdown a line of prompt. Word's
    (the draft the commissioner edits) is the one: the same rows and captions everywhere."""
    workshop, _ = themed_room(db)
    rows, tables = word_plan.ACTION_ROWS, 2  # the event's and its one outcome's
    document = Document(io.BytesIO(export.render(db, [workshop], "docx").content))
    found = [t for t in document.tables if t.rows[0].cells[0].text == "Action"]
    assert [len(t.rows) - 1 for t in found] == [rows] * tables
    said = {}
    for fmt in ("html", "md"):
        said[fmt] = export.render(db, [workshop], fmt).content.decode()
    assert said["html"].count("<tr><td></td><td></td><td></td></tr>") == rows * tables
    assert said["md"].splitlines().count("| | | |") == rows * tables
    for text in (*said.values(), "\n".join(p.text for p in document.paragraphs)):
        assert text.count(word_plan.ACTIONS_CAPTION.rstrip(".")) == 1
        assert text.count(word_plan.OUTCOME_ACTIONS_CAPTION.rstrip(".")) == 1
        assert "[To be written by the commissioner: the actions" not in text


def test_what_is_at_risk_puts_the_higher_rating_first_in_every_format(db):
    """The summary's "At risk" lines quoted an outcome's two most-voted risks: a risk its
    writer rated high, with 7 votes, gave way to one rated medium with 19. A commissioner
    reads the rating first and the room's votes beside it: high before medium, each by
    votes, both said, and the risks not quoted counted, in every format."""
    workshop, _ = themed_room(db)
    risk = db.conn.execute(
        "SELECT question_id FROM ideas WHERE text = 'Rotas are stretched already'"
    ).fetchone()[0]
    outcome = db.conn.execute("SELECT id FROM provisional_outcomes").fetchone()[0]
    voters = [rooms.join(db, workshop, "provider")[0].value for _ in range(19)]

    def answer(text, rating):
        return contributions.submit_idea(
            db, workshop, voters[0], question_id=risk, text=text, outcome_id=outcome, rating=rating
        ).value["id"]

    high = db.conn.execute("SELECT id FROM ideas WHERE text = 'Rotas are stretched already'")
    high = high.fetchone()[0]
    medium = answer("Lots take longer to set up", "medium")
    other = answer("Cover for holidays is thin", "medium")
    for n, person in enumerate(voters):
        contributions.cast_vote(db, workshop, person, idea_id=medium)
        contributions.cast_vote(db, workshop, person, idea_id=high if n < 7 else other)
    said = (
        "\u201cRotas are stretched already\u201d (rated high risk; 7 votes) and "
        "\u201cLots take longer to set up\u201d (rated medium risk; 19 votes), in answer to "
    )
    more = "; 1 more answer rated medium or high is in the Plan section."
    texts = {"docx": "\n".join(p.text for p in word(db, workshop).paragraphs)}
    for fmt in ("html", "md"):
        texts[fmt] = html.unescape(export.render(db, [workshop], fmt).content.decode())
    book = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    texts["xlsx"] = "\n".join(
        str(c) for row in book["Themes"].iter_rows(values_only=True) for c in row if c
    )
    for fmt, text in texts.items():
        line = next(line for line in text.splitlines() if "Rotas are stretched" in line)
        assert said in line.replace("\\", ""), (fmt, line)
        assert more in line, (fmt, line)
        assert "Cover for holidays" not in line, fmt


def test_the_workbook_summary_gives_the_outcomes_order_as_the_word_summary_does(db):
    """The Word summary gives the room's order of the provisional outcomes and each
    role's; the workbook's Summary sheet gave neither (only its Rankings sheet, as
    scores), nor which outcome each number is."""
    workshop = demo.create(db, "Home care re-commissioning, West Kent: market engagement")
    order = gather.build(db, [workshop])["summary"]["outcome_order"]
    book = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    rows = [r for r in book["Summary"].iter_rows(min_row=2, values_only=True)]
    assert ("The room's order of the outcomes", order["lead"]) in rows
    assert order["lead"].endswith("The room's order: outcome 1 first, then 4, 2, 5 and 3.")
    roles = [value for figure, value in rows if figure == "Each role's own order"]
    assert roles == order["by_role"] != []
    named = [figure for figure, _ in rows if (figure or "").startswith("Provisional outcome ")]
    assert named == [f"Provisional outcome {n}" for n in range(1, 6)]
    said = "\n".join(p.text for p in word(db, workshop).paragraphs)
    assert order["lead"] in said and order["by_role"][0] in said


def test_the_body_gives_experts_ideas_as_ideas_not_as_their_quoted_words(db):
    """The summary quotes experts' stories whose tellers agreed, and gives ideas as ideas;
    under each Analyse question the body still quoted every expert's idea as "Experts by
    experience, in their own words", and the method said experts' ideas were "quoted in
    their own words". No one was asked whether an idea may be quoted as their words (the
    join page says ideas are written for the board and the report): every format now
    lists them as ideas, and only stories are quoted."""
    workshop = demo.create(db, "Home care re-commissioning, West Kent: market engagement")
    heading = question_parts.EXPERT_IDEAS_HEADING
    document = word(db, workshop)
    paragraphs = document.paragraphs
    at = [n for n, p in enumerate(paragraphs) if p.text == heading]
    assert len(at) == 3  # one for each Analyse question
    for n in at:
        assert paragraphs[n + 1].text == question_parts.EXPERT_IDEAS_NOTE
        listed = paragraphs[n + 2]
        assert listed.style.name == "List Bullet" and not listed.text.startswith("\u201c")
    quoted = [p.text for p in paragraphs if p.style.name == "Quote" and p.text[:1] == "\u201c"]
    stories = {s["text"] for s in gather.build(db, [workshop])["stories"]}
    assert quoted and all(q.strip("\u201c\u201d") in stories for q in quoted), quoted
    texts = {"docx": "\n".join(p.text for p in paragraphs)}
    for fmt in ("html", "md"):
        texts[fmt] = html.unescape(export.render(db, [workshop], fmt).content.decode())
    assert "<blockquote>People who get support" not in texts["html"]
    assert "\n> People who get support" not in texts["md"]
    for fmt, text in texts.items():
        # The summary's stories, told with consent, keep the heading; nothing else does.
        assert text.count("in their own words") == 1, fmt
        assert text.count(heading) == 3, fmt
        assert "as ideas. Only stories are quoted as people's own words" in text, fmt


def test_html_and_markdown_say_the_summary_s_notes_word_says(db):
    """Word said under "What experts by experience put first" what the list is, under
    "For the commissioner to complete" what the places are for, and closed the summary
    saying where its figures are; HTML and Markdown said none of the three."""
    workshop, _ = themed_room(db)
    notes = (
        summary.EXPERTS_FIRST_NOTE,
        word_plan.COMMISSIONER_NOTE,
        gather.build(db, [workshop])["summary"]["figures_note"],
    )
    assert notes[2].startswith("Every figure above is in the tables that follow")
    texts = {"docx": "\n".join(p.text for p in word(db, workshop).paragraphs)}
    for fmt in ("html", "md"):
        texts[fmt] = html.unescape(export.render(db, [workshop], fmt).content.decode())
    for fmt, text in texts.items():
        text = text.replace("\\", "")
        summary_part = text[: text.rindex(word_plan.COMMISSIONER_HEADING)]
        start = text.rindex(word_plan.COMMISSIONER_HEADING)
        places = text[start : text.index(word_plan.PLACES[0][0], start)]
        assert notes[0] in summary_part and notes[2] in summary_part, fmt
        assert notes[1] in places, fmt
