"""The report read by the three people it goes to the same afternoon (session 26):
the commissioner who sends it unedited, a provider reading what the council
heard, an expert by experience reading it with a supporter. Each test reads the
exported file, as they do."""

import copy
import csv
import html
import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from harness.report_themes import WORK, themed_room
from harness.word_doc import level, under
from workshop.cli import demo
from workshop.report import export, gather, theme_summary
from workshop.room import agenda, contributions, plan, rules, setting_up, workshops
from workshop.room import framework as fw


@pytest.fixture
def demo_room(db):
    """The preview's room: outreach, paper cards, stories, five provisional outcomes."""
    return demo.create(db, "Home care re-commissioning, West Kent: market engagement")


def word(db, workshop):
    return Document(io.BytesIO(export.render(db, [workshop], "docx").content))


def summary_text(fmt, content):
    """The summary as each format prints it, tags dropped."""
    if fmt == "docx":
        blocks = list(Document(io.BytesIO(content)).iter_inner_content())
        return "\n".join(b.text for b in under(blocks, "Summary") if isinstance(b, Paragraph))
    text = content.decode()
    if fmt == "md":
        start = text.index("\n## Summary")
        return text[start : text.index("\n## ", start + 1)]
    start = text.index("<h2>Summary</h2>")
    return html.unescape(re.sub(r"<[^>]+>", "", text[start : text.index("<h2>", start + 1)]))


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_the_summary_gives_experts_words_and_each_idea_whole(db, demo_room, fmt):
    """'“Pictures help me…” (above)' under 'What experts by experience put first, in
    their own words' cut a person's four words to three, and pointed to a page the
    reader was not on."""
    doc = gather.build(db, [demo_room])
    said = summary_text(fmt, export.render(db, [demo_room], fmt).content)
    if fmt == "md":
        said = said.replace("\\", "")
    assert "(above)" not in said and "\u2026" not in said
    first = doc["summary"]["experts_first"]
    assert len(first) == 3
    for item in first:
        # Whole, and as the room's idea: an idea carries no consent to be quoted (session 28).
        assert f"{item['heading']}: {item['idea']['text']} (" in said, item["idea"]["text"]
        assert f"\u201c{item['idea']['text']}\u201d" not in said, item["idea"]["text"]
    for question in doc["summary"]["questions"]:
        for idea in question["ideas"]:
            assert idea["text"] in said, idea["text"]


def test_how_the_room_s_order_is_worked_out_runs_on_after_its_colon(db, demo_room):
    """'How the room's order is worked out: Every role's voice...' had a capital
    after a colon, in the Word report and the workbook's ranking sheet."""
    said = "\n".join(p.text for p in word(db, demo_room).paragraphs)
    assert "How the room's order is worked out: every role's voice counts the same" in said
    assert "worked out: Every" not in said


def test_who_took_part_keeps_its_sentence_chart_and_table_on_one_page(db, demo_room):
    """Page 9 ended on the table's first two roles and page 10 began with the rest."""
    blocks = list(word(db, demo_room).iter_inner_content())
    part = under(blocks, "Who took part")
    table = next(b for b in part if isinstance(b, Table))
    rows = table.rows[1:]
    for row in rows[:-1]:
        assert row.cells[0].paragraphs[0]._p.pPr.find(qn("w:keepNext")) is not None, row
    for block in part[: part.index(table)]:
        if block.text.strip() or block._p.xpath(".//w:drawing"):
            assert block.paragraph_format.keep_with_next, block.text


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_the_summary_gives_places_not_a_bare_cross_role_score(db, demo_room, fmt):
    """'(cross-role 0.14, 1st; 9 votes, 3rd in the room)': a provider reading the
    summary has no base for 0.14; the places say the same in words."""
    said = summary_text(fmt, export.render(db, [demo_room], fmt).content)
    assert not re.search(r"cross-role 0\.\d", said)
    assert "(1st on cross-role support; " in said
    assert re.search(r"on cross-role support; \d+ votes, \d+(st|nd|rd|th) in the room\)", said)


def test_a_theme_s_risk_answers_say_their_question_once():
    """'“A fixed number of posts...” (rated high risk; 26 votes; asked: Do these Social
    Value requirements risk excluding any high quality providers from tendering?);
    “Small providers...” (rated high risk; 19 votes; asked: Do these Social Value
    requirements risk excluding...)': one line said the same 16-word question twice."""
    excluding = "Do these requirements risk excluding small providers?"
    quality = "Do these requirements risk the quality of care?"
    answers = [
        {
            "outcome": "Paid jobs.",
            "text": text,
            "votes": votes,
            "question": question,
            "note": f"rated {rating} risk; {votes} votes",
        }
        for text, votes, question, rating in (
            ("Posts rule out micro-providers.", 26, excluding, "high"),
            ("Panels take longer.", 12, quality, "medium"),
            ("Small providers cannot fund posts.", 19, excluding, "high"),
        )
    ]
    [risk] = theme_summary._at_risk(answers)
    assert risk["text"] == (
        "\u201cPosts rule out micro-providers.\u201d (rated high risk; 26 votes) and "
        "\u201cSmall providers cannot fund posts.\u201d (rated high risk; 19 votes), in answer "
        f"to \u201c{excluding}\u201d; 1 more answer rated medium or high is in the Plan section."
    )
    assert risk["text"].count(excluding) == 1 and quality not in risk["text"]  # two quoted
    answers[0]["votes"] = 5
    [risk] = theme_summary._at_risk(answers)
    assert risk["text"].index(excluding) < risk["text"].index(quality)
    assert f"in answer to \u201c{excluding}\u201d; \u201cPanels take longer.\u201d" in risk["text"]


def test_the_analyse_stage_gives_the_framework_s_words_as_the_framework_s(db, demo_room):
    """'Responses to these questions will be included in the diagnostic report.' stood
    under the heading as the report's own note, inside the diagnostic report."""
    blocks = list(word(db, demo_room).iter_inner_content())
    lead = under(blocks, "Analyse stage: what the room said")
    said = lead[: next(n for n, b in enumerate(lead) if level(b))]
    assert said[0].text == "The framework sets out the Analyse stage in these words:"
    assert [b.text for b in said[1:]] == [
        "Key questions for providers and people who receive care and support.",
        "Responses to these questions will be included in the diagnostic report.",
    ]
    assert {b.style.name for b in said[1:]} == {"Quote"}
    assert all(b.paragraph_format.keep_with_next for b in said)


def test_the_themes_sheet_gives_each_count_its_base_and_ends_its_risks_once(db):
    """'People who voted for its ideas: 16' stood without the question's voters beside
    it, and an at-risk cell ended '...core delivery?”.'."""
    workshop, _ = themed_room(db)
    book = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    rows = list(book["Themes"].iter_rows(values_only=True))
    headers = rows[1]
    assert headers[3:5] == ("People who voted for its ideas", "People who voted on the question")
    work = {r[1]: dict(zip(headers, r, strict=True)) for r in rows[2:]}[WORK]
    assert (work["People who voted for its ideas"], work["People who voted on the question"]) == (
        16,
        19,
    )
    assert work["At risk"].endswith("core delivery?\u201d")


@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_the_origins_section_compares_only_where_outreach_or_paper_added(db, demo_room, fmt):
    """Four Plan questions nobody answered through outreach or on paper each had a
    table of 'Outreach 0' and 'As the room's top 1' three times: a page saying nothing
    the ranking under each question does not. The CSV and workbook keep every question."""
    content = export.render(db, [demo_room], fmt).content
    if fmt == "docx":
        blocks = list(Document(io.BytesIO(content)).iter_inner_content())
        section = under(blocks, "In the room, in outreach and on paper")
        headings = [b.text for b in section if level(b)]
        said = "\n".join(
            b.text if isinstance(b, Paragraph) else "\n".join(c.text for c in b._cells)
            for b in section
        )
    else:
        text = content.decode()
        start = text.index("## In the room, in outreach and on paper")
        section = text[start : text.index("\n## ", start + 1)]
        headings = re.findall(r"^### (.*)$", section, re.M)
        said = section
    doc = gather.build(db, [demo_room])
    analyse = [q["text"] for q in doc["analyse"]["questions"]]
    assert headings == [analyse[0], analyse[2]]
    assert "On the other 5 questions every idea came from the room" in said
    assert "As the room's top 1" in said  # where the columns do differ
    rows = list(
        csv.DictReader(
            io.StringIO(export.render(db, [demo_room], "csv").content.decode("utf-8-sig"))
        )
    )
    assert all(r["question_ideas_together"] for r in rows if r["kind"] == "idea")
    book = load_workbook(io.BytesIO(export.render(db, [demo_room], "xlsx").content))
    assert len(list(book["Questions by origin"].iter_rows())) == 1 + 7


def test_a_reworded_outcome_says_whose_words_are_whose_in_one_clause_each(db, demo_room):
    said = [p.text for p in word(db, demo_room).paragraphs]
    reworded = [t for t in said if t.startswith("Reworded by the facilitator")]
    assert len(reworded) == 4
    assert set(reworded) == {
        "Reworded by the facilitator: the heading is the facilitator's wording; the words "
        "quoted above, and their votes, are the room's."
    }


def test_the_framework_s_limitation_keeps_with_its_source(db, demo_room):
    """'Together for Social Value, “Co-production with...”. … marks sentences left out.'
    opened page 10 alone, its quote at the foot of page 9."""
    blocks = list(word(db, demo_room).iter_inner_content())
    part = under(blocks, "The framework's own limitation")
    quote = next(b for b in part if b.style.name == "Quote")
    source = part[part.index(quote) + 1]
    assert source.text.startswith("Together for Social Value, \u201c")
    assert quote.paragraph_format.keep_with_next


def test_who_took_part_gives_against_expected_room_for_one_line(db, demo_room):
    """'30 of 30 (100%)' broke onto two lines in a column as narrow as a count's."""
    # The preview's numbers (make report-preview): the column shows only when set.
    expected = {"provider": 30, "person_receiving_care": 30, "carer": 15, "commissioner": 10}
    setting_up.set_up(db, demo_room, expected_roles=expected)
    blocks = list(word(db, demo_room).iter_inner_content())
    table = next(b for b in under(blocks, "Who took part") if isinstance(b, Table))
    headers = [c.text for c in table.rows[0].cells]
    cols = dict(zip(headers, table._tbl.tblGrid.findall(qn("w:gridCol")), strict=True))
    width = {h: int(c.get(qn("w:w"))) for h, c in cols.items()}
    assert width["Against expected"] >= 1.6 * width["People"]
    assert width["Against expected"] >= 1900  # twips: 3.4 cm, "30 of 30 (100%)" and margins


def test_a_plan_table_with_nothing_marked_has_no_column_of_not_yet_marked(db, demo_room):
    """Every measures table under every outcome had a column saying 'Not yet marked'
    four or five times; a table where the facilitator marked some keeps it."""
    blocks = list(word(db, demo_room).iter_inner_content())
    plan = under(blocks, "Plan stage: provisional outcomes, requirements, measures and risks")
    headers = {}
    for n, block in enumerate(plan):
        if isinstance(block, Table) and level(plan[n - 1]) == 3:
            cells = [c.text for c in block.rows[0].cells]
            headers.setdefault(plan[n - 1].text, []).append(cells)
            body = "\n".join(c.text for r in block.rows[1:] for c in r.cells)
            assert "Not yet marked" not in body or "Specified" in body or "Open" in body
    measures = headers["How should those requirements be measured and evidenced?"]
    assert measures == [["Answer", "From", "Votes"]] * 5
    requirements = headers[
        "How should the added differences we want to make be defined as specific Social Value "
        "requirements in this contract?"
    ]
    assert (
        requirements == [["Answer", "Specified requirement or open question", "From", "Votes"]] * 5
    )


def test_coverage_gives_its_counts_a_base(db, demo_room):
    """'Local Employment 35': 35 of how many? The lead-in gives the Analyse stage's
    ideas, which each table's rows add up to."""
    doc = gather.build(db, [demo_room])
    blocks = list(word(db, demo_room).iter_inner_content())
    coverage = under(blocks, "Coverage of the framework")
    total = doc["participation"]["analyse_ideas"]
    assert coverage[0].text.startswith(f"How the Analyse stage's {total} ideas spread across")
    for table in (b for b in coverage if isinstance(b, Table)):
        assert sum(int(r.cells[-2].text) for r in table.rows[1:]) == total


def test_every_short_table_stays_whole_on_one_page(db, demo_room):
    """The Social Value priorities table left 'Not tagged' alone at the top of page 21;
    any table of up to eight rows (coverage, Who took part, an outcome's answers)
    keeps each row with the next."""
    tables = word(db, demo_room).tables
    short = [t for t in tables if 2 < len(t.rows) <= 9]  # a header and up to 8 rows
    assert len(short) > 20
    for table in short:
        for row in table.rows[1:-1]:
            assert row.cells[0].paragraphs[0]._p.pPr.find(qn("w:keepNext")) is not None, (
                table.rows[0].cells[0].text
            )


def test_an_outcome_s_origin_gives_no_bare_score(db, demo_room):
    """'(written by person who receives care and support ★; 7 votes, cross-role support
    0.06; ...)': 0.06 of what? 'Why it was carried' below gives its places in words."""
    said = [p.text for p in word(db, demo_room).paragraphs]
    origins = [t for t in said if t.startswith("From the Analyse stage: ")]
    assert len(origins) == 5
    assert not any("cross-role support 0" in t for t in origins)
    assert any("; 7 votes; asked" in t for t in origins)
    assert any("When chosen it stood 8th of 129 on cross-role support" in t for t in said)


def idea_details(document):
    """The small line under each idea of the ranked tables."""
    return [
        p.text
        for t in document.tables
        if len(t.columns) > 1 and t.rows[0].cells[1].text == "Idea, its tags and votes by role"
        for r in t.rows[1:]
        for p in r.cells[1].paragraphs[1:]
    ]


def test_a_ranked_idea_s_theme_tags_and_votes_are_told_apart(db, demo_room):
    """'Theme: Learning disability; Community Development; Adults receiving care;
    Votes: ...' read as one theme with three names."""
    details = idea_details(word(db, demo_room))
    assert len(details) == 3 * 15
    assert (
        "Tags: Community Development; Adults receiving care. Votes: Person who receives "
        "care and support 4 \u00b7 Family or unpaid carer 1"
    ) in "\n".join(details)
    assert any(d.endswith(". Divides the roles") for d in details)
    themed, _ = themed_room(db)
    details = idea_details(word(db, themed))
    assert any(d.startswith(f"Theme: {WORK}. Tags: Local Employment. Votes: ") for d in details), (
        details
    )
    assert not any(re.search(r"Theme: [^.]*; ", d) for d in details)


def between(text, start, end):
    """The text from a heading to the next, tags dropped: the HTML and Markdown exports."""
    first = text.index(start)
    return html.unescape(re.sub(r"<[^>]+>", "", text[first : text.index(end, first + 1)]))


@pytest.mark.parametrize(
    ("fmt", "stage", "coverage", "end"),
    [
        ("md", "## Analyse stage", "## Coverage of the framework", "\n## "),
        ("html", '<section id="stage-analyse">', '<section id="coverage">', "</section>"),
    ],
)
def test_the_html_and_markdown_say_what_word_says_of_the_stage_and_the_coverage(
    db, demo_room, fmt, stage, coverage, end
):
    """The two templates kept their own copies of these sentences: the framework's
    'Responses ... will be included in the diagnostic report.' printed as the report's
    own note, and coverage's lead-in without the count its tables add up to."""
    text = export.render(db, [demo_room], fmt).content.decode()
    total = gather.build(db, [demo_room])["participation"]["analyse_ideas"]
    said = between(text, stage, end)
    assert "The framework sets out the Analyse stage in these words:" in said
    assert said.index("in these words:") < said.index("Responses to these questions")
    lead = f"How the Analyse stage's {total} ideas spread across the framework's lists"
    assert lead in between(text, coverage, end)


QUESTION_HEADINGS = [
    "What added differences we can make",
    "What should become standard practice",
    "What is at risk of being lost in re-commissioning",
]


def widest_support(fmt, content):
    """[(heading, what is under it)] for each list under "Widest support across the roles"."""
    if fmt == "docx":
        blocks = list(Document(io.BytesIO(content)).iter_inner_content())
        parts = []
        for block in under(blocks, "Widest support across the roles"):
            if level(block) == 4:
                parts.append((block.text, ""))
            elif parts and isinstance(block, Paragraph):
                parts[-1] = (parts[-1][0], parts[-1][1] + "\n" + block.text)
        return parts
    text = content.decode()
    if fmt == "md":
        start = text.index("\n### Widest support across the roles\n")
        # As Markdown shows it: escapes and entities resolved.
        section = html.unescape(text[start : text.index("\n### ", start + 1)].replace("\\", ""))
        pieces = section.split("\n#### ")[1:]
    else:
        start = text.index("<h3>Widest support across the roles</h3>")
        section = text[start : text.index("<h3>", start + 1)]
        pieces = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in section.split("<h4>")[1:]]
    return [tuple(p.split("\n", 1)) for p in pieces]


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_widest_support_heads_every_analyse_question_s_list(db, demo_room, fmt):
    """'Widest support across the roles' stood over the first Analyse question's
    list only; the next two lists sat under headings of their own that did not
    say they were ranked the same way."""
    doc = gather.build(db, [demo_room])
    parts = widest_support(fmt, export.render(db, [demo_room], fmt).content)
    assert [heading for heading, _ in parts] == QUESTION_HEADINGS
    for (_, said), question in zip(parts, doc["summary"]["questions"], strict=True):
        assert "Asked: " in said and question["text"] in said
        assert question["ideas"]
        for idea in question["ideas"]:
            assert idea["text"] in said, (idea["text"], said)


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_widest_support_names_another_framework_s_question_by_its_words(db, fmt):
    """A council's own framework: an Analyse question the report has no short
    name for is headed by its own words (escaped, not said twice); one with no
    voted idea says so under its heading."""
    framework = copy.deepcopy(fw.load())
    analyse = framework["stages"][0]["questions"]
    analyse[0].update(key="local_voices", text="How do we hear <b>local</b> voices & carers?")
    workshop = workshops.create(db, "Day services", framework=framework)
    people = [workshops.join(db, workshop, role)[0].value for role in ("carer", "provider")]
    first = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, first["id"])
    idea = contributions.submit_idea(
        db, workshop, people[0], question_id=first["id"], text="A carers' forum each month"
    ).value
    for person in people:
        contributions.cast_vote(db, workshop, person, idea_id=idea["id"])
    content = export.render(db, [workshop], fmt).content
    parts = dict(widest_support(fmt, content))
    assert list(parts) == [analyse[0]["text"], *QUESTION_HEADINGS[1:]]
    assert "A carers' forum each month" in parts[analyse[0]["text"]]
    assert "Asked" not in parts[analyse[0]["text"]]
    assert "No idea on this question received a vote." in parts[QUESTION_HEADINGS[1]]
    if fmt == "html":
        assert (
            "How do we hear &lt;b&gt;local&lt;/b&gt; voices &amp; carers?</h4>" in content.decode()
        )


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_what_experts_put_first_names_its_question_and_its_base(db, demo_room, fmt):
    """'“Please let me keep my job.” (4 votes from experts)': three quotes with no
    question beside them, and 4 votes out of how many? Each names its question and
    counts the experts who voted for it against those who voted on the question."""
    said = summary_text(fmt, export.render(db, [demo_room], fmt).content)
    if fmt == "md":
        said = said.replace("\\", "")
    assert "from experts)" not in said
    for heading, quote, took, voted in (
        ("What added differences we can make", "People who get support should sit on", 5, 19),
        ("What should become standard practice", "Pictures help me understand.", 8, 18),
        ("What is at risk of being lost in re-commissioning", "Please let me keep my job.", 4, 19),
    ):
        start = said.index(f"{heading}: {quote}")
        item = said[start : said.index(")", start) + 1]
        assert item.endswith(
            f"(voted for by {took} of the {voted} experts by experience who voted on the question)"
        ), item


def test_the_summary_says_where_a_theme_s_figures_are(db):
    """'Every figure above is in the tables that follow' closed a summary whose themes'
    '34 of 85 voted for at least one of them' is in no table of the Word report: the
    commissioner checking a figure would look for it in vain."""
    workshop, _ = themed_room(db)
    blocks = list(word(db, workshop).iter_inner_content())
    said = [b.text for b in under(blocks, "Summary") if isinstance(b, Paragraph)]
    closing = next(t for t in said if t.startswith("Every figure above"))
    assert closing.endswith(
        "except the themes' counts of people, which are in the workbook's Themes sheet."
    )
    sheets = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content)).sheetnames
    assert "Themes" in sheets


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_the_summary_says_who_came_short_of_expected_in_a_sentence(db, demo_room, fmt):
    """'...took part: commissioners, providers and people who receive care and support.
    Person who receives care and support: 27 of the 30 expected took part. Family or
    unpaid carer: 12 of the 15 expected took part.' ran list items together as prose."""
    expected = {"person_receiving_care": 30, "carer": 15, "provider": 30}
    setting_up.set_up(db, demo_room, expected_roles=expected)
    said = summary_text(fmt, export.render(db, [demo_room], fmt).content)
    assert ": 27 of the 30 expected took part" not in said
    assert (
        "Fewer took part than expected as: Person who receives care and support (27 of the 30 "
        "expected); Family or unpaid carer (12 of the 15 expected)."
    ) in said


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_every_asked_in_the_summary_quotes_the_question(db, demo_room, fmt):
    """The Markdown's widest-support lists had '*Asked: Are there added differences...?*'
    with no quotation marks, where its themes, the Word report and the HTML quote it."""
    said = summary_text(fmt, export.render(db, [demo_room], fmt).content)
    if fmt == "md":
        said = said.replace("\\", "")
    asked = re.findall(r"Asked: (.)", said)
    assert len(asked) >= 3 and set(asked) == {"\u201c"}, asked


def test_the_workbook_summary_does_not_call_plan_answers_ideas(db, demo_room):
    """The Summary sheet said 'Ideas (merged duplicates counted once): 426' where the
    report says the room put forward 353 ideas: the other 73 were the Plan stage's
    answers, added in under the name of ideas."""
    book = load_workbook(io.BytesIO(export.render(db, [demo_room], "xlsx").content))
    rows = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert "Ideas (merged duplicates counted once)" not in rows and "Votes" not in rows
    total = rows["Ideas and answers, all stages (merged duplicates counted once)"]
    assert total == rows["Analyse stage: ideas or answers"] + rows["Plan stage: ideas or answers"]
    votes = rows["Votes, all stages"]
    assert votes == rows["Analyse stage: votes"] + rows["Plan stage: votes"]


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_the_appendix_gives_each_idea_its_theme(db, fmt):
    """'9 other themes ... “Contract” (8 ideas, 17 people)': which eight? Beyond the top
    15 a theme's ideas were in no table of the report; the appendix now says each
    idea's theme beside its tags, its label escaped like any user text."""
    workshop, _ = themed_room(db)
    content = export.render(db, [workshop], fmt).content
    if fmt == "docx":
        blocks = list(Document(io.BytesIO(content)).iter_inner_content())
        tables = [b for b in under(blocks, "Appendix: every contribution") if isinstance(b, Table)]
        rows = {r.cells[1].text: r.cells[3].text for t in tables for r in t.rows[1:]}
        assert tables[0].rows[0].cells[3].text == "Theme and tags"
    else:
        text = content.decode()
        part = text[text.index("Appendix: every contribution") :]
        if fmt == "md":
            cells = [line.split(" | ") for line in part.splitlines() if line.startswith("| ")]
            rows = {c[1]: c[3] for c in cells if len(c) == 5}
        else:
            found = re.findall(
                r"<tr><td class=\"num\">\d+</td><td>(.*?)</td><td>.*?</td>"
                r"<td>(.*?)</td>",
                part,
            )
            rows = dict(found)
    jobs = rows["Paid jobs for people who get care"]
    if fmt != "docx":
        assert "Theme and tags" in part
    if fmt == "html":
        assert jobs.startswith("Theme: Work and jobs &lt;b&gt;now&lt;/b&gt;. Local Employment")
    elif fmt == "md":
        assert jobs.startswith("Theme: Work and jobs") and "<b>" not in jobs
    else:
        assert jobs.startswith(f"Theme: {WORK}. Local Employment"), jobs


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_a_theme_says_it_was_carried_to_the_plan_even_at_no_risk(db, fmt):
    """A theme whose idea became a provisional outcome said so only through 'At risk,
    the room said of the outcome ...': with no answer rated medium or high, nothing in
    the summary linked the theme to the Plan stage."""
    workshop, first = themed_room(db, risks=False)
    jobs = next(
        i
        for i in db.conn.execute(
            "SELECT id, text FROM ideas WHERE workshop_id = ?", (workshop["id"],)
        ).fetchall()
        if i[1] == "Paid jobs for people who get care"
    )
    agenda.close_question(db, workshop, first["id"])
    plan.carry_forward(db, workshop, [jobs[0]])
    said = summary_text(fmt, export.render(db, [workshop], fmt).content)
    if fmt == "md":
        said = said.replace("\\", "")
    carried = (
        "Carried to the Plan stage as provisional outcome 1: "
        "\u201cPaid jobs for people who get care\u201d."
    )
    assert said.count(carried) == 1 and "At risk" not in said
    assert said.index(WORK if fmt == "docx" else "Work and jobs") < said.index(carried)
