"""The report's summary opens with the room's accepted themes (issue 22, item 7):
support by role counted once a person per theme, small roles kept together,
experts' own words, tags and Plan risks; the workbook's Themes sheet and each
idea's theme in the CSV; `workshop themes --accept-suggested` for the preview."""

import csv
import io
import json
import os

import pytest
from docx import Document
from openpyxl import load_workbook

from harness.report_themes import MEETING, WORK, themed_room
from workshop.cli import cli
from workshop.report import export, gather
from workshop.room import ranking, theme_support, theming
from workshop.storage import db as store


def test_theme_support_counts_each_person_once_and_scores_like_an_idea():
    votes = [(1, "provider", 10), (1, "provider", 11), (2, "provider", 11), (3, "carer", 12)]
    found = ranking.theme_support(votes, [10, 11], {"provider": 5, "carer": 5})
    assert found["supporters"] == {"provider": 2}
    assert found["people"] == 2
    # The mean of the counted roles' shares: provider 2/5, carer 0/5; a carer not voting
    # for the theme lowers its score and never zeroes it.
    assert found["cross_role"] == pytest.approx(0.2)
    assert ranking.theme_support([], [10], {})["cross_role"] == 0.0


def test_theme_support_from_the_database(db):
    workshop, first = themed_room(db, risks=False)
    [question] = theme_support.support(db, workshop)
    assert question["question_id"] == first["id"]
    assert question["voters"] == {
        "provider": 10,
        "person_receiving_care": 6,
        "carer": 2,
        "commissioner": 1,
    }
    by_label = {g["label"]: g for g in question["groups"]}
    assert by_label[WORK]["supporters"] == {"provider": 10, "person_receiving_care": 6}
    assert by_label[WORK]["people"] == 16
    assert by_label[MEETING]["supporters"] == {
        "person_receiving_care": 3,
        "carer": 2,
        "commissioner": 1,
    }


def test_the_summary_opens_with_themes_in_every_format(db):
    workshop, _ = themed_room(db)
    doc = gather.build(db, [workshop])
    [first, *rest] = doc["theme_summary"]
    assert [t["label"] for t in first["themes"]] == [WORK, MEETING]  # by cross-role support
    assert all(q["themes"] == [] and "No themes were accepted" in q["note"] for q in rest)
    work, meeting = first["themes"]
    assert work["lead"] == (
        "2 ideas; 16 of 19 (84%) of the question's voters voted for at least one of them."
    )
    # Counts under a base of 10, percentages from 10; the small roles only together.
    assert work["by_role_text"] == (
        "Person who receives care and support 6 of 6; Care provider 10 of 10 (100%); "
        "roles of fewer than 5 people, together 0 of 3"
    )
    assert "together 3 of 3" in meeting["by_role_text"]
    assert work["experts"].startswith("Experts by experience wrote 1 of its 2 ideas")
    assert "6 of 6 of the experts by experience" in work["experts"]
    # Its experts' idea is counted, not quoted: an idea carries no consent to be quoted.
    assert "quotes" not in work
    assert work["touches"] == "Social Value priorities: Local Employment (2 ideas)."
    assert meeting["touches"] == (
        "Social Value priorities: Community Development (1 idea). "
        "Kinds of outcome: People and communities in Kent (1 idea)."
    )
    # What the room said is at risk: the Plan risk answers rated medium or high about
    # the outcome carried from one of its ideas (a low rating says it is not).
    assert work["carried"] == [
        "Carried to the Plan stage as provisional outcome 1: "
        "\u201cPaid jobs for people who get care\u201d."
    ]
    assert work["at_risk"] == [
        {
            "outcome": "Paid jobs for people who get care",
            "text": "\u201cRotas are stretched already\u201d (rated high risk; 0 votes), in answer "
            "to \u201cDo these Social Value requirements risk compromising the quality of core "
            "delivery?\u201d",
            "said_of": "provisional outcome 1",
        }
    ]
    assert meeting["at_risk"] == [] and meeting["carried"] == []

    md = export.render(db, [workshop], "md").content.decode()
    html = export.render(db, [workshop], "html").content.decode()
    assert md.index("### The room's themes") < md.index(doc["wording"]["lead"][:40])
    assert md.index("### The room's themes") < md.index("#### Work and jobs")
    assert "<b>now</b>" not in html and "Work and jobs &lt;b&gt;now&lt;/b&gt;" in html
    assert html.index("The room's themes") < html.index(doc["wording"]["lead"][:40])
    assert "Rotas are stretched already" in html and "Rotas are stretched already" in md
    assert "We can manage this one" not in md.split("## For the commissioner")[0]
    assert (
        "- Social Value priorities: Local Employment (2 ideas).\n"
        "- Carried to the Plan stage as provisional outcome 1: \u201cPaid jobs for people who get "
        "care\u201d.\n- At risk, the room said of provisional outcome 1: \u201cRotas" in md
    )

    word = Document(io.BytesIO(export.render(db, [workshop], "docx").content))
    texts = [p.text for p in word.paragraphs]
    summary = texts.index("Summary")
    themes_at = texts.index("The room's themes")
    lead_at = next(n for n, t in enumerate(texts) if t.startswith(doc["wording"]["lead"][:40]))
    figures = texts.index("The event in figures, and the ideas with the widest support")
    assert summary < themes_at < texts.index(WORK) < figures < lead_at
    assert not any("In their own words" in t for t in texts)
    # The question's ranked table names each idea's theme, in every format.
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert any(
        c.startswith("A lunch club in the village hall") and "Theme: Meeting people" in c
        for c in cells
    )
    assert "A lunch club in the village hall *(Theme: Meeting people)*" in md
    assert (
        'A lunch club in the village hall <span class="tags">Theme: Meeting people</span>' in html
    )


def test_a_room_without_themes_says_so_and_keeps_todays_summary(db):
    workshop, _ = themed_room(db, accept=False, risks=False)
    md = export.render(db, [workshop], "md").content.decode()
    assert "No themes were accepted for this question" in md
    assert "### Widest support across the roles" in md


def test_workbook_has_a_themes_sheet_and_csv_and_tables_carry_each_ideas_theme(db):
    workshop, _ = themed_room(db)
    book = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    assert book.sheetnames[:2] == ["Summary", "Themes"]
    rows = list(book["Themes"].iter_rows(values_only=True))
    assert rows[1][:4] == ("Question", "Theme", "Ideas", "People who voted for its ideas")
    assert [r[1] for r in rows[2:]] == [WORK, MEETING]
    assert rows[2][2:4] == (2, 16)
    sheet = list(book[book.sheetnames[2]].iter_rows(values_only=True))
    assert sheet[1][-1] == "Theme"
    assert {r[1]: r[-1] for r in sheet[2:]}["A lunch club in the village hall"] == MEETING

    text = export.render(db, [workshop], "csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    by_text = {r["text"]: r for r in table}
    assert by_text["Paid jobs for people who get care"]["theme"] == WORK
    assert by_text["Rotas are stretched already"]["theme"] == ""


def test_accept_suggested_accepts_the_laptops_groups_on_analyse_questions(runner):
    path = os.environ["WORKSHOP_DB"]
    db = store.migrate(store.connect(path))
    workshop, first = themed_room(db, accept=False)
    suggested = theming.suggestion(db, workshop, first["id"])["groups"]
    assert suggested
    result = runner.invoke(cli, ["themes", workshop["code"], "--accept-suggested", "--json"])
    assert result.exit_code == 0, result.output
    accepted = json.loads(result.output)["questions"]
    # The first Analyse question only: the Plan answer's question is not themed.
    assert [q["question_id"] for q in accepted] == [first["id"]]
    assert accepted[0]["groups"] == suggested
    db.conn.close()


def test_themes_past_the_first_few_are_named_in_one_line(db, monkeypatch):
    from workshop.report import theme_summary

    monkeypatch.setattr(theme_summary, "IN_FULL", 1)
    workshop, _ = themed_room(db, risks=False)
    [first, *_] = gather.build(db, [workshop])["theme_summary"]
    assert [t["label"] for t in first["in_full"]] == [WORK]
    assert first["others"] == (
        "1 other theme, by cross-role support (each in full in the workbook's Themes sheet): "
        "\u201cMeeting people\u201d (2 ideas, 6 people)."
    )
