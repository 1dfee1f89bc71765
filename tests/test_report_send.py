"""The report as a commissioner sends it, unedited (session 24): no paragraph
split across a page and no heading or lead-in left alone at a page's foot.
Each read from the exported file, as the commissioner reads it."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from harness.report_themes import themed_room
from workshop.cli import demo
from workshop.report import export, gather, word_plan


@pytest.fixture
def demo_room(db):
    """The preview's room: outreach, paper cards, stories, five provisional outcomes."""
    return demo.create(db, "Home care re-commissioning, West Kent: market engagement")


def word(db, workshop):
    return Document(io.BytesIO(export.render(db, [workshop], "docx").content))


def resolved(paragraph, name):
    """A paragraph's keep_with_next or keep_together, as Word reads it through its styles."""
    value, style = getattr(paragraph.paragraph_format, name), paragraph.style
    while value is None and style is not None:
        value, style = getattr(style.paragraph_format, name), style.base_style
    return bool(value)


def level(block):
    """A heading's level; 0 for a body paragraph or a table."""
    if isinstance(block, Paragraph) and block.style.name.startswith("Heading "):
        return int(block.style.name[-1])
    return 0


def after(blocks, heading):
    """The blocks under a heading, up to the next heading of its level or above."""
    start = next(n for n, b in enumerate(blocks) if level(b) and b.text == heading)
    found = []
    for block in blocks[start + 1 :]:
        if level(block) and level(block) <= level(blocks[start]):
            break
        found.append(block)
    return found


def test_no_paragraph_splits_and_no_heading_or_lead_in_ends_a_page_alone(db, demo_room):
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    for n, block in enumerate(blocks[:-1]):
        if not isinstance(block, Paragraph) or not block.text.strip():
            continue
        where = (block.style.name, block.text[:70])
        # Short blocks hold together: a note read as two halves is edited back together.
        assert resolved(block, "keep_together"), where
        if level(block):
            assert resolved(block, "keep_with_next"), where
        # The words leading into a table stay on its first page.
        if isinstance(blocks[n + 1], Table):
            assert resolved(block, "keep_with_next"), where
        # A section's lead-in (between its heading and a deeper one) stays with both.
        above, below = level(blocks[n - 1]) if n else 0, level(blocks[n + 1])
        if above and not level(block) and below > above:
            assert resolved(block, "keep_with_next"), where
    # The outcome's "From" and "Why it was carried" go with its heading.
    for heading in (b for b in blocks if level(b) == 2 and b.text.startswith("Provisional out")):
        lines = after(blocks, heading.text)
        why = next(n for n, b in enumerate(lines) if b.text.startswith("Why it was carried"))
        assert all(isinstance(b, Paragraph) for b in lines[: why + 1]), heading.text
        assert all(resolved(b, "keep_with_next") for b in lines[:why]), heading.text


def test_the_risk_grid_keeps_an_outcome_s_rows_on_one_page(db, demo_room):
    """The grid names an outcome on its first row only: a row that leads into one that
    does not name it keeps with it, so no page opens on a row without its outcome."""
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    [grid] = [b for b in after(blocks, word_plan.GRID_HEADING) if isinstance(b, Table)]
    rows = grid.rows[1:]
    continued = [n for n in range(len(rows) - 1) if not rows[n + 1].cells[0].text]
    assert continued
    for n in continued:
        assert rows[n].cells[0].paragraphs[0]._p.pPr.find(qn("w:keepNext")) is not None, n


def test_a_theme_s_lines_stay_on_one_page(db):
    workshop, _ = themed_room(db)
    document = word(db, workshop)
    labels = {
        t["label"] for q in gather.build(db, [workshop])["theme_summary"] for t in q["in_full"]
    }
    paragraphs = document.paragraphs
    seen = 0
    for n, p in enumerate(paragraphs):
        if p.text in labels and p.style.name == "Normal":
            seen += 1
            lines = []
            for q in paragraphs[n + 1 :]:
                if q.style.name != "List Bullet":
                    break
                lines.append(q)
            assert len(lines) > 2
            assert all(resolved(q, "keep_with_next") for q in lines[:-1]), p.text
    assert seen == len(labels)
