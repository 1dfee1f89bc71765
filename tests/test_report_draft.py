"""Issue 23's defects in the report draft, each on a room whose right answer is plain."""

import io

from docx import Document
from markupsafe import escape

from harness.report_room import room
from workshop.report import export
from workshop.room import plan
from workshop.storage import db as store

PLACES = ["Commissioner's analysis", "Recommendations", "Actions and owners"]


def word(db, workshops):
    return Document(io.BytesIO(export.render(db, workshops, "docx").content))


def outline(document):
    """(level, text) of every heading, in order: what Word's navigation pane lists."""
    return [
        (int(p.style.name[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]


def with_outcomes(db):
    workshop, _, ideas = room(db)
    plan.carry_forward(db, workshop, [ideas["jobs"]["id"], ideas["formula"]["id"]])
    return store.workshop_by_id(db, workshop["id"])


def test_the_commissioner_has_marked_places_after_the_summary_and_under_each_outcome(db):
    workshop = with_outcomes(db)
    heads = outline(word(db, [workshop]))
    top = [h for h in heads if h[0] <= 2]
    summary = top.index((1, "Summary"))
    # Right after the summary, before the figures: a level 1 heading and its three places.
    assert top[summary + 1] == (1, "For the commissioner to complete")
    assert top[summary + 2 : summary + 5] == [(2, p) for p in PLACES]
    assert top[summary + 5] == (1, "Who took part")
    outcomes = [
        n for n, (level, text) in enumerate(heads) if text.startswith("Provisional outcome ")
    ]
    assert len(outcomes) == 2 and all(heads[n][0] == 2 for n in outcomes)
    for n in outcomes:
        following = heads[n + 1 :]
        end = next(i for i, (level, _) in enumerate(following) if level <= 2)
        assert [text for level, text in following[:end] if level == 3][-3:] == PLACES
    marks = {
        "md": ("## Summary", "## For the commissioner to complete", "## Who took part"),
        "html": ('<section id="summary">', '<section id="commissioner">', '<section id="who'),
    }
    for fmt, (summary_at, places_at, after) in marks.items():
        text = export.render(db, [workshop], fmt).content.decode()
        assert text.index(summary_at) < text.index(places_at) < text.index(after), fmt
        assert text.count("Actions and owners") == 3, fmt


def _docx_text(content):
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_quote_or_listed_idea_typed_by_a_supporter_or_the_scribe_says_so(db):
    from workshop.room import agenda, contributions, moderation, rules, stories, workshops

    workshop, people, _ = room(db)
    first = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, first["id"])
    helper = workshops.join(db, workshop, "provider")[0].value
    helped = contributions.submit_idea(
        db,
        workshop,
        helper,
        question_id=first["id"],
        text="Helped words about buses",
        on_behalf_of="person_receiving_care",
    ).value
    moderation.scribe(
        db,
        workshop,
        question_id=first["id"],
        text="Card words about gardens",
        role="person_receiving_care",
        card_number=7,
    )
    stories.submit_story(
        db, workshop, helper, text="A helped story.", may_quote=True, on_behalf_of="carer"
    )
    for person in people["person_receiving_care"]:
        contributions.cast_vote(db, workshop, person, idea_id=helped["id"])
    marks = {
        "Helped words about buses": "typed by a supporter",
        "Card words about gardens": "from paper card 7",
        "A helped story.": "typed by a supporter",
    }
    # A story is quoted; an idea is listed as an idea (under "Ideas from experts by
    # experience"), not quoted as anyone's words: each says who typed it.
    openers = {
        "docx": ("\u201c", "\n"),
        "md": ("> ", "\n- "),
        "html": ("<blockquote>", "<li>"),
    }
    for fmt in ("docx", "md", "html"):
        content = export.render(db, [workshop], fmt).content
        if fmt == "docx":  # its paragraphs: a table's cells name ideas, not quote them
            text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
        else:
            text = content.decode()
        for words, mark in marks.items():
            quotes = [
                n
                for n in range(len(text))
                if text.startswith(words, n) and text[:n].endswith(openers[fmt])
            ]
            assert quotes, (fmt, words)
            for n in quotes:
                assert mark in text[n : n + len(words) + 120], (fmt, text[n : n + 160])


def test_figures_say_each_stage_apart_and_name_the_framework_s_three_groups(db):
    from workshop.report import gather
    from workshop.room import agenda, contributions, rules, workshops

    workshop = with_outcomes(db)
    [outcome] = plan.outcomes(db, workshop)[:1]
    requirement = next(q for q in rules.agenda(db, workshop) if q["stage"] == "plan")
    agenda.open_question(db, workshop, requirement["id"])
    author = workshops.join(db, workshop, "provider")[0].value
    contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=requirement["id"],
        text="Two paid posts",
        outcome_id=outcome["id"],
    )
    doc = gather.build(db, [workshop])
    analyse, plan_stage = doc["summary"]["by_stage"][:2]
    lead = doc["wording"]["lead"]
    assert (
        f"On the Analyse stage's questions the room put forward {analyse['ideas']} ideas and "
        f"cast {analyse['votes']} votes; on the Plan stage's, 1 answer and no votes" in lead
    )
    assert f"{doc['summary']['ideas']} ideas" not in lead  # never the stages added together
    p = doc["participation"]
    assert p["analyse_ideas"] == analyse["ideas"]
    assert "; of the Analyse stage's ideas, they wrote" in doc["wording"]["experts"]
    assert doc["wording"]["not_in_room"][0] == (
        "All three groups the framework brings together took part: commissioners, providers "
        "and people who receive care and support."
    )
    for fmt in ("docx", "md", "html"):
        content = export.render(db, [workshop], fmt).content
        text = _docx_text(content) if fmt == "docx" else content.decode()
        assert "All three groups the framework brings together took part" in text, fmt
        assert "Every role the framework lists" not in text, fmt


def test_a_missing_group_is_named_and_the_cover_never_says_not_recorded(db):
    from workshop.report import gather

    workshop, _, _ = room(db, service=None, area=None, roles=("provider", "provider", "vcse"))
    doc = gather.build(db, [workshop])
    assert doc["wording"]["not_in_room"][0] == (
        "Of the framework's groups, no one took part from: commissioners and people who "
        "receive care and support."
    )
    for fmt in ("docx", "md", "html"):
        content = export.render(db, [workshop], fmt).content
        text = _docx_text(content) if fmt == "docx" else content.decode()
        assert "Not recorded" not in text, fmt
    facts = dict((r.cells[0].text, r.cells[1].text) for r in word(db, [workshop]).tables[0].rows)
    assert "Service" not in facts and facts["Area"] == "Kent"


def test_markdown_gives_each_story_its_own_quote_and_its_own_teller(db):
    from workshop.room import stories, workshops

    workshop, people, _ = room(db)
    carer = workshops.join(db, workshop, "carer")[0].value
    expert = people["person_receiving_care"][0]
    stories.submit_story(db, workshop, carer, text="The carer's story.", may_quote=True)
    stories.submit_story(db, workshop, expert, text="The expert's story.", may_quote=True)
    text = export.render(db, [workshop], "md").content.decode()
    section = text[text.index("## Stories") : text.index("## Method and limitations")]
    quotes = [block for block in section.split("\n\n") if block.lstrip().startswith(">")]
    assert len(quotes) == 2, section
    carer_quote, expert_quote = quotes
    assert "carer's story" in carer_quote and "Family or unpaid carer" in carer_quote
    assert "expert" not in carer_quote and "receives care" not in carer_quote
    assert "expert's story" in expert_quote and "Person who receives care" in expert_quote


def test_the_workbook_opens_each_sheet_with_its_words_prints_landscape_and_has_plan_sheets(db):
    import openpyxl

    from workshop.room import rules

    workshop = with_outcomes(db)
    book = openpyxl.load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    first = rules.agenda(db, workshop)[0]
    analyse = book["Analyse 1"]
    assert analyse["A1"].value == f"Analyse: {first['text']}"
    assert analyse["A2"].value == "Rank" and analyse.freeze_panes == "A3"
    outcomes = plan.outcomes(db, workshop)
    for n, outcome in enumerate(outcomes, start=1):
        sheet = book[f"Plan outcome {n}"]
        assert sheet["A1"].value == f"Provisional outcome {n}: {outcome['text']}"
        assert sheet["A3"].value == "Why it was carried"
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows in ("$1:$1", "$2:$2"), sheet.title
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert (summary["Service"], summary["Area"]) == ("Home care", "West Kent")


def _framework_principles():
    from workshop.room import framework

    data = framework.load()
    return data["development_principles"], data["measuring_principles"]


def test_the_principles_are_printed_once_with_a_box_for_each_outcome_they_apply_to(db):
    """The framework's 19 principles once, in its words, not under every outcome:
    a column of Word check boxes an outcome, and each outcome names them by number
    (principle 6 only where an answer about it raised small providers)."""
    from workshop.room import agenda, contributions, rules, workshops

    workshop = with_outcomes(db)
    first, second = plan.outcomes(db, workshop)
    risk = next(
        q for q in rules.agenda(db, workshop) if q["framework_key"] == "risk_excluding_providers"
    )
    agenda.open_question(db, workshop, risk["id"])
    author = workshops.join(db, workshop, "provider")[0].value
    contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=risk["id"],
        text="Small local firms could not pay for this",
        outcome_id=second["id"],
        rating="high",
    )
    development, measuring = _framework_principles()
    assert (len(development), len(measuring)) == (6, 13)
    document = word(db, [workshop])
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Principle"]
    assert len(tables) == 1
    (table,) = tables
    assert [c.text for c in table.rows[0].cells] == ["Principle", "The framework's words", "1", "2"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    expected = development + measuring
    assert len(rows) == len(expected) == 19
    for row, principle in zip(rows, expected, strict=True):
        assert row[0].startswith(f"Principle {principle['number']}: {principle['short']}")
        assert row[1] == principle["text"]  # the principle itself, not a gloss
    # Principle 6 (SMEs) applies to the second outcome only: an answer raised it.
    sixth = rows[5]
    assert sixth[0].startswith("Principle 6:") and sixth[2] == "\u2013"
    xml = document.element.xml
    assert xml.count("<w14:checkbox>") == 19 * 2 - 1
    paragraphs = [p.text for p in document.paragraphs]
    notes = [t for t in paragraphs if t.startswith("Check this outcome against")]
    assert notes[0] == (
        "Check this outcome against the framework's principles 1 to 5 for developing Social "
        "Value outcomes and principles 1 to 13 for measuring and reporting Social Value "
        "outcomes, in the column for this outcome under \u201cThe framework's principles: a "
        "checklist for each outcome\u201d."
    )
    assert "principles 1 to 6 for developing" in notes[1]
    assert "Small local firms could not pay for this" in notes[1]
    for fmt in ("md", "html"):
        text = export.render(db, [workshop], fmt).content.decode()
        for principle in development + measuring:
            said = principle["text"]
            if fmt == "html":
                said = str(escape(said))
            # The stories principle is quoted again where the stories are, as their basis.
            once = 2 if principle["key"] == "stories" else 1
            assert text.count(said) == once, (fmt, principle["key"])
        assert text.count("Check this outcome against") == 2, fmt


def _risk_answer(db, workshop, outcome, **tags):
    """A provider's answer to the first Plan risk question about the outcome, dotted by a carer."""
    from workshop.room import agenda, contributions, rules, workshops

    risks = [q for q in rules.agenda(db, workshop) if q["kind"] == "risk" and q["stage"] == "plan"]
    author = workshops.join(db, workshop, "provider")[0].value
    voter = workshops.join(db, workshop, "carer")[0].value
    agenda.open_question(db, workshop, risks[0]["id"])
    answer = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=risks[0]["id"],
        text="Costs fall on small firms",
        outcome_id=outcome["id"],
        rating="high",
        **tags,
    ).value
    contributions.cast_vote(db, workshop, voter, idea_id=answer["id"])


def _grid_table(document):
    """The Plan grid's header and rows, or None where the report has no grid table."""
    return next(
        (
            [[c.text for c in r.cells] for r in t.rows]
            for t in document.tables
            if len(t.columns) > 2 and t.rows[0].cells[1].text == "Risk question"
        ),
        None,
    )


def test_the_plan_grid_gives_each_outcome_the_priorities_its_answers_were_tagged_with(db):
    import openpyxl

    from workshop.report import gather

    workshop = with_outcomes(db)
    first, second = plan.outcomes(db, workshop)
    _risk_answer(db, workshop, first, priority="local_employment")
    doc = gather.build(db, [workshop])
    assert len(workshop["framework"]["priorities"]) == 5
    grid = doc["plan"]["grid"]
    assert [len(r["cells"]) for r in grid] == [2, 2]
    cell = grid[0]["cells"][0]
    # One priority was tagged: its row only, not a row of zeros for the other four.
    [jobs] = cell["by_priority"]
    assert (jobs["answers"], jobs["votes"], jobs["counts"]["high"]) == (1, 1, 1)
    assert cell["answers"] == 1 and doc["plan"]["grid_note"] is None
    assert [c["by_priority"] for r in grid for c in r["cells"]][1:] == [[], [], []]
    header, *rows = _grid_table(word(db, [workshop]))
    assert header[2] == "Social Value priority"
    # Each outcome by each risk question in total, and the one priority under the first.
    assert len(rows) == 2 * 2 + 1
    assert [jobs["priority"], "1", "0", "0", "0", "1", "1"] in [r[2:] for r in rows]
    assert not [r for r in rows if r[2] != "All priorities" and r[-2] == "0"]
    book = openpyxl.load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    sheet = list(book["Plan grid"].iter_rows(values_only=True))
    assert sheet[0][2] == "Social Value priority" and len(sheet) == 1 + 2 * 2 + 1
    for fmt in ("md", "html"):
        text = export.render(db, [workshop], fmt).content.decode()
        assert text.count(jobs["priority"]) >= 1
        assert "No priority given" not in text


def test_a_plan_grid_with_no_priority_tagged_says_so_in_one_sentence(db):
    workshop = with_outcomes(db)
    first, _ = plan.outcomes(db, workshop)
    _risk_answer(db, workshop, first)  # rated, but tagged with no priority
    sentence = "None of the answers to the risk questions was tagged with a Social Value priority"
    header, *rows = _grid_table(word(db, [workshop]))
    # No column of "All priorities" on every row: the sentence says why.
    assert "Social Value priority" not in header and len(rows) == 4
    assert rows[0][2:] == ["1", "0", "0", "0", "1", "1"]
    assert sentence in _docx_text(export.render(db, [workshop], "docx").content)
    for fmt in ("md", "html"):
        text = export.render(db, [workshop], fmt).content.decode()
        assert sentence in text and "All priorities" not in text, fmt


def test_a_plan_grid_with_no_risk_answers_is_one_sentence_not_a_table_of_zeros(db):
    workshop = with_outcomes(db)
    sentence = "No answers to the risk questions were recorded about any provisional outcome."
    assert _grid_table(word(db, [workshop])) is None
    assert sentence in _docx_text(export.render(db, [workshop], "docx").content)
    for fmt in ("md", "html"):
        text = export.render(db, [workshop], fmt).content.decode()
        assert sentence in text and "All priorities" not in text, fmt


def test_a_role_of_fewer_than_five_people_is_never_split_out_on_its_own(db):
    import csv

    import openpyxl

    from workshop.report import gather

    roles = ("provider",) * 6 + ("person_receiving_care",) * 2
    workshop, _, _ = room(db, roles=roles)  # everyone dots "Paid jobs for us"
    doc = gather.build(db, [workshop])
    assert "Votes: Care provider 6 \u00b7 Roles of fewer than 5 people, together 2" in (
        _docx_text(export.render(db, [workshop], "docx").content)
    )
    question = doc["analyse"]["questions"][0]
    assert [t["key"] for t in question["role_tops"]] == ["provider"]
    assert [s["key"] for s in question["ideas"][0]["shares"]] == ["provider"]
    book = openpyxl.load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    headers = [c.value for c in book["Analyse 1"][2]]
    assert "Votes: Care provider" in headers
    assert "Votes: Person who receives care and support" not in headers
    assert "Votes: Roles of fewer than 5 people, together" in headers
    text = export.render(db, [workshop], "csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert "votes: Person who receives care and support" not in header
    for fmt in ("md", "html"):
        text = export.render(db, [workshop], fmt).content.decode()
        assert "Person who receives care and support 2" not in text, fmt
        assert "Roles of fewer than 5 people, together" in text, fmt


def test_the_contents_field_has_every_entry_and_a_page_reference_to_its_heading(db):
    import re

    workshop = with_outcomes(db)
    document = word(db, [workshop])
    xml = document.element.xml
    entries = [p for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    heads = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [e.text.rstrip("\t") for e in entries] == [h.text for h in heads]
    for n, (entry, head) in enumerate(zip(entries, heads, strict=True), start=1):
        name = f"_Toc{n:06d}"
        assert f"PAGEREF {name} \\h" in entry._p.xml
        assert re.search(rf'<w:bookmarkStart [^>]*w:name="{name}"', head._p.xml)
    assert 'TOC \\o "1-2"' in xml and '<w:updateFields w:val="true"/>' in (
        document.settings.element.xml
    )


def test_no_long_table_is_printed_in_both_the_body_and_the_appendix(db):
    from workshop.report import word as word_report
    from workshop.room import contributions, rules

    workshop, people, _ = room(db)
    first = rules.agenda(db, workshop)[0]
    from workshop.room import agenda

    agenda.open_question(db, workshop, first["id"])
    author = people["provider"][0]
    for n in range(word_report.BODY_LIST + 5):
        contributions.submit_idea(
            db, workshop, author, question_id=first["id"], text=f"Numbered idea {n:02d}"
        )
    document = word(db, [workshop])
    body = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert f"The top {word_report.BODY_LIST} ideas, in the room's order" in body
    text = _docx_text(export.render(db, [workshop], "docx").content)
    # The newest ideas (no votes, last in the room's order) are in the appendix only.
    assert text.count("Numbered idea 19") == 1


def test_who_took_part_says_its_count_holds_the_plan_answers_too(db):
    from workshop.report import gather

    workshop = with_outcomes(db)
    first, _ = plan.outcomes(db, workshop)
    _risk_answer(db, workshop, first)
    p = gather.build(db, [workshop])["participation"]
    # The summary counts the Analyse stage's ideas; this column counts the answers as well.
    assert p["ideas"] == p["analyse_ideas"] + 1
    table = next(t for t in word(db, [workshop]).tables if t.rows[0].cells[0].text == "Role")
    assert table.rows[0].cells[-1].text == "Ideas and answers written"
    assert table.rows[-1].cells[-1].text == str(p["ideas"])
    for fmt in ("md", "html"):
        assert "Ideas and answers written" in export.render(db, [workshop], fmt).content.decode()


def test_a_framework_list_nobody_tagged_is_one_sentence_naming_it_not_a_table_of_noughts(db):
    workshop, _, _ = room(db)  # no idea tagged with an experts-by-experience theme
    document = word(db, [workshop])
    assert not [t for t in document.tables if t.rows[0].cells[0].text.startswith("Experts-by")]
    text = _docx_text(export.render(db, [workshop], "docx").content)
    note = next(line for line in text.splitlines() if "experts-by-experience themes (" in line)
    assert "The chance to \u201cgive something back\u201d; Being employed" not in note
    assert "Influencing services as \u2018experts by experience\u2019; Being employed)" in note
    for fmt in ("md", "html"):
        out = export.render(db, [workshop], fmt).content.decode()
        assert "| Experts-by-experience themes |" not in out
        assert '<th scope="col">Experts-by-experience themes</th>' not in out
    # A definition that names its entry is not run on after the name ("Being employed., ...").
    assert "., " not in text
