"""The Word report, opened with python-docx and checked against the database."""

import io

from docx import Document
from docx.table import Table

from harness.report_room import NAME, room
from workshop.report import export
from workshop.storage import db as store


def word(db, workshops, **options):
    content = export.render(db, workshops, "docx", **options).content
    return Document(io.BytesIO(content))


def headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def table_after(document, heading_text):
    """The first table that follows the paragraph with this text."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if found:
                return block
        elif block.text == heading_text and block.style.name.startswith("Heading"):
            found = True
    raise AssertionError(f"no table after {heading_text!r}")


def rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_sections_are_real_headings_in_the_framework_order(db):
    workshop, _, _ = room(db)
    document = word(db, [workshop])
    # The commissioning cycle's order: Analyse, coverage, Plan, then the rest.
    assert headings(document, 1) == [
        "Summary",
        "For the commissioner to complete",
        "Who took part",
        "Analyse stage: what the room said",
        "Coverage of the framework",
        "Plan stage: provisional outcomes, requirements, measures and risks",
        "Stories",
        "Method and limitations",
        "Appendix: every contribution",
    ]
    questions = [q["text"] for q in store.questions_of(db, workshop["id"])]
    assert headings(document, 2)[3:6] == [q for q in questions][:3]


def test_title_page_contents_field_and_page_numbers(db):
    workshop, _, _ = room(db)
    document = word(db, [workshop])
    text = [p.text for p in document.paragraphs[:6]]
    assert "DRAFT FOR EDITING" in text and "Diagnostic report" in text
    assert "Home care, West Kent" in text
    facts = dict(rows(document.tables[0]))
    assert facts["Service"] == "Home care" and facts["Area"] == "West Kent"
    assert facts["Stage"] == "Analyse and Plan" and workshop["title"] in facts["Event"]
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml
    title, body = document.sections
    # No footer on the title page; page numbers on every page after it.
    assert title.different_first_page_header_footer
    assert not body.different_first_page_header_footer and body.footer.is_linked_to_previous
    footer = title.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer


def test_participation_table_matches_the_database(db):
    workshop, _, _ = room(db)
    document = word(db, [workshop])
    counts = store.role_counts(db, workshop["id"])
    table = rows(table_after(document, "Who took part"))
    assert table[0] == ["Role", "People", "Ideas written"]
    labels = {r["key"]: r["label"] for r in workshop["framework"]["roles"]}
    by_label = {row[0].rstrip(" ★"): int(row[1]) for row in table[1:-1]}
    assert by_label == {labels[k]: counts.get(k, 0) for k in labels}
    assert table[-1][:2] == ["Total", str(sum(counts.values()))]
    gaps = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "No one took part as: Family or unpaid carer." in gaps


def test_ideas_ranked_by_votes_split_by_role_from_the_database(db):
    workshop, _, ideas = room(db)
    document = word(db, [workshop])
    first = store.questions_of(db, workshop["id"])[0]
    table = rows(table_after(document, "Every idea, in the room's order"))
    assert table[0] == ["Rank", "Idea, its tags and votes by role", "From", "Votes", "Cross-role"]
    tallies = store.tallies(db, workshop["id"])
    shown = [i for i in store.ideas_of(db, workshop["id"], first["id"])]
    expected = sorted(shown, key=lambda i: (-sum(tallies.get(i["id"], {}).values()), i["id"]))
    assert [int(r[3]) for r in table[1:]] == [
        sum(tallies.get(i["id"], {}).values()) for i in expected
    ]
    assert table[1][1].startswith("Paid jobs for us") and table[1][2].endswith("\u2605")
    # Every role here has fewer than 5 people: none is split out on its own (issue 23).
    assert "Votes: Roles of fewer than 5 people, together 6" in table[1][1]
    assert "Something the facilitator hid" not in document.element.xml
    # An expert's idea is listed as an idea (no one consented to its being quoted).
    listed = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert f"Paid jobs for us, ask {NAME} at the day centre." in listed


def test_charts_are_pictures_with_alt_text(db):
    workshop, _, _ = room(db)
    document = word(db, [workshop])
    shapes = document.inline_shapes
    # Participation, priorities, outcome kinds; no idea carries a strategic outcome, so
    # that chart is left out and a note says why.
    assert len(shapes) == 3
    notes = [p.text for p in document.paragraphs if p.style.name == "Note"]
    assert any(
        n.startswith("No Analyse-stage idea was tagged with one of the strategic") for n in notes
    )
    for shape in shapes:
        alt = shape._inline.docPr.get("descr")
        assert alt.startswith("Bar chart,")
    assert "Local Employment: 1" in shapes[1]._inline.docPr.get("descr")


def appendix(document):
    """The appendix's rows: one table per question after the appendix heading."""
    found, result = False, []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if found:
                result += rows(block)[1:]
        elif block.style.name == "Heading 1":
            found = block.text == "Appendix: every contribution"
    return result


def test_appendix_lists_every_shown_contribution_and_no_ids(db):
    workshop, people, _ = room(db)
    document = word(db, [workshop])
    table = appendix(document)
    shown = store.ideas_of(db, workshop["id"])
    assert [int(r[0]) for r in table] == list(range(1, len(shown) + 1))
    assert sorted(r[1] for r in table) == sorted(i["text"] for i in shown)
    xml = document.element.xml
    for token in [r[0] for r in db.conn.execute("SELECT token FROM participants")]:
        assert token not in xml
    assert workshop["facilitator_key"] not in xml


def test_hidden_ideas_only_when_asked(db):
    workshop, _, _ = room(db)
    document = word(db, [workshop], include_hidden=True)
    assert any(r[1] == "Something the facilitator hid. (hidden)" for r in appendix(document))
