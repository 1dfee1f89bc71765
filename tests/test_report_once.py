"""Issue 23, item 8: in the Word report an idea's words are printed once in
each place they belong (the summary, its question's ranked table, the
appendix), not once per table: the comparisons name an idea by its number,
a Plan answer's outcome by the outcome's number."""

import io
import re
from collections import Counter

import pytest
from docx import Document
from docx.table import Table
from markupsafe import escape

from workshop.cli import demo
from workshop.report import export, question_parts
from workshop.storage import db as store


@pytest.fixture
def demo_report(db):
    workshop = demo.create(db, "Home care re-commissioning, West Kent: market engagement")
    content = export.render(db, [workshop], "docx").content
    return workshop, Document(io.BytesIO(content))


def sections(document):
    """(heading level, heading text, [texts under it]) for every heading; a table's
    cells each count once (merged cells are one)."""
    found = [(0, "", [])]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        found[-1][2].append(cell.text)
        elif block.style.name.startswith("Heading"):
            found.append((int(block.style.name[-1]), block.text, []))
        elif not block.style.name.startswith("TOC"):
            found[-1][2].append(block.text)
    return found


def under(found, level, title, leave_out=()):
    """Every text under the heading `title` until the next heading of its level or
    above, but for the sections headed `leave_out`."""
    texts, inside = [], False
    for lvl, text, body in found:
        if inside and lvl <= level:
            break
        if lvl == level and text == title:
            inside = True
        if inside and text not in leave_out:
            texts += body
    assert inside, f"no heading {title!r}"
    return "\n".join(texts)


def written(db, workshop):
    """Each distinct idea text (long enough to be unmistakable) -> questions it was written on."""
    rows = db.conn.execute(
        "SELECT text, COUNT(DISTINCT question_id) FROM ideas WHERE workshop_id = ? "
        "AND length(text) > 25 GROUP BY text",
        (workshop["id"],),
    ).fetchall()
    return dict(rows)


def test_a_questions_block_gives_each_idea_its_words_once(db, demo_report):
    workshop, document = demo_report
    found = sections(document)
    analyse = [q["text"] for q in store.questions_of(db, workshop["id"]) if q["stage"] == "analyse"]
    texts = written(db, workshop)
    for question in analyse:
        # Experts' ideas are listed together after: a place of their own.
        block = under(found, 2, question, {question_parts.EXPERT_IDEAS_HEADING})
        counts = {t: block.count(t) for t in texts if t in block}
        assert counts, question
        assert max(counts.values()) == 1, {t: n for t, n in counts.items() if n > 1}
        # The comparisons name the ideas of the table above by their number.
        assert re.search(r"No\. \d+", block)


def test_no_idea_is_printed_more_than_once_in_each_place_it_belongs(db, demo_report):
    workshop, document = demo_report
    found = sections(document)
    everything = "\n".join("\n".join(body) for _, _, body in found)
    summary = under(found, 1, "Summary")
    over = {}
    for text, questions in written(db, workshop).items():
        # For each question it was written on: its ranked table, experts' own words,
        # where ideas came from (room or outreach) and the appendix; then the Plan stage,
        # and the summary's lists, each read on its own (session 26: "“Pictures help
        # me…” (above)" cut a person's words): the themes' quotes, the widest support
        # and what experts by experience put first.
        places = 4 * questions + 1 + 3
        if everything.count(text) > places:
            over[text] = everything.count(text)
        assert summary.count(text) <= 3, text
    assert not over, over


def test_a_plan_answer_names_its_outcome_by_number_in_the_appendix(db, demo_report):
    workshop, document = demo_report
    appendix = under(sections(document), 1, "Appendix: every contribution")
    outcomes = Counter(re.findall(r"about provisional outcome (\d+)", appendix))
    assert outcomes and set(outcomes) <= {str(n) for n in range(1, 10)}
    assert "about \u201c" not in appendix


# The HTML and Markdown exports follow the same rule, from the same question_parts.
ESCAPE = {"md": export.md_text, "html": lambda text: str(escape(text))}
EXPERTS = {
    "md": f"**{question_parts.EXPERT_IDEAS_HEADING}:**",
    "html": f"<h4>{question_parts.EXPERT_IDEAS_HEADING}</h4>",
}


def question_block(text, fmt, question):
    """A question's block in the Analyse stage, up to experts' own words."""
    # Where ideas came from (origins) has a heading for each question too: start after it.
    if fmt == "md":
        stage = text.index("\n## Analyse stage: what the room said\n")
        start = text.index(f"\n### {export.md_text(question)}\n", stage)
        found = re.search(r"\n#{2,3} ", text[start + 1 :])
        block = text[start : start + 1 + found.start()]
    else:
        stage = text.index('<section id="stage-analyse">')
        start = text.index(f"<h3>{escape(question)}</h3>", stage)
        block = text[start : text.index("</article>", start)]
    return block.split(EXPERTS[fmt])[0]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_each_export_gives_each_idea_its_words_once_in_its_question_and_the_report(db, fmt):
    workshop = demo.create(db, "Home care re-commissioning, West Kent: market engagement")
    text = export.render(db, [workshop], fmt).content.decode()
    analyse = [q["text"] for q in store.questions_of(db, workshop["id"]) if q["stage"] == "analyse"]
    texts = {ESCAPE[fmt](t): n for t, n in written(db, workshop).items()}
    for question in analyse:
        block = question_block(text, fmt, question)
        counts = {t: block.count(t) for t in texts if t in block}
        assert counts, question
        assert max(counts.values()) == 1, {t: n for t, n in counts.items() if n > 1}
        assert re.search(r"No\. \d+", block)
    # As in Word: its question's ranked table, experts' own words, where ideas came
    # from and the appendix, for each question it was written on; the summary and Plan.
    over = {t: text.count(t) for t, n in texts.items() if text.count(t) > 4 * n + 2}
    assert not over, over


def test_markdown_keeps_the_space_before_where_a_quote_was_made(db):
    workshop = demo.create(db, "Home care re-commissioning, West Kent: market engagement")
    text = export.render(db, [workshop], "md").content.decode()
    assert "(typed" in text
    assert not re.search(r"[.!?\u201d]\((typed|from|through)", text)
