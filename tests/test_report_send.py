"""The report as a commissioner sends it, unedited (session 24): one word for
voting, the phone's; no paragraph split across a page and no heading or
lead-in left alone at a page's foot; nothing said twice in a row; prompts,
notes, tags and dates that read as finished text. Each read from the
exported file, as the commissioner reads it."""

import html
import io
import re
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from harness.report_themes import themed_room
from harness.word_doc import level, under
from workshop.cli import demo
from workshop.report import document as report_document
from workshop.report import (
    export,
    gather,
    outcome_order,
    plan_section,
    theme_summary,
    word_plan,
    words,
)

# The phone says "vote" for the act ("Vote for this", "You have 2 of 3 votes left").
DOT = re.compile(r"\bdot(s|ted|ting)?\b", re.IGNORECASE)


@pytest.fixture
def demo_room(db):
    """The preview's room: outreach, paper cards, stories, five provisional outcomes."""
    return demo.create(db, "Home care re-commissioning, West Kent: market engagement")


def word(db, workshop):
    return Document(io.BytesIO(export.render(db, [workshop], "docx").content))


def text_of(document):
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def resolved(paragraph, name):
    """A paragraph's keep_with_next or keep_together, as Word reads it through its styles."""
    value, style = getattr(paragraph.paragraph_format, name), paragraph.style
    while value is None and style is not None:
        value, style = getattr(style.paragraph_format, name), style.base_style
    return bool(value)


def test_every_format_says_votes_as_the_phone_does(db):
    workshop, _ = themed_room(db)
    document = word(db, workshop)
    text = text_of(document)
    assert "of the question's voters voted for at least one of them." in text
    assert "Each attendee had 3 votes to use on each question." in text
    said = {"docx": text}
    for fmt in ("md", "html"):
        said[fmt] = re.sub(r"<[^>]+>", " ", export.render(db, [workshop], fmt).content.decode())
    book = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    said["xlsx"] = "\n".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    )
    assert "People who voted for its ideas" in said["xlsx"]
    for fmt, written in said.items():
        assert not DOT.search(written), (fmt, DOT.search(written))


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
        lines = under(blocks, heading.text)
        why = next(n for n, b in enumerate(lines) if b.text.startswith("Why it was carried"))
        assert all(isinstance(b, Paragraph) for b in lines[: why + 1]), heading.text
        assert all(resolved(b, "keep_with_next") for b in lines[:why]), heading.text


def test_the_risk_grid_keeps_an_outcome_s_rows_on_one_page(db, demo_room):
    """The grid names an outcome on its first row only: a row that leads into one that
    does not name it keeps with it, so no page opens on a row without its outcome."""
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    [grid] = [b for b in under(blocks, word_plan.GRID_HEADING) if isinstance(b, Table)]
    rows = grid.rows[1:]
    continued = [n for n in range(len(rows) - 1) if not rows[n + 1].cells[0].text]
    assert continued
    for n in continued:
        assert rows[n].cells[0].paragraphs[0]._p.pPr.find(qn("w:keepNext")) is not None, n


def test_a_theme_s_label_never_ends_a_page_and_its_long_block_may_break(db, demo_room):
    """Its label goes with the theme's size and who supports it. Before session 28 every
    line was held together: a theme of nine lines moved whole to the next page and left
    a third of page 3 blank, so only the first lines are held now and the rest may break
    between lines (each line itself is never split, nor any table row)."""
    for room in (themed_room(db)[0], demo_room):
        document = word(db, room)
        labels = {
            t["label"] for q in gather.build(db, [room])["theme_summary"] for t in q["in_full"]
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
                assert resolved(p, "keep_with_next"), p.text
                assert [resolved(q, "keep_with_next") for q in lines[:2]] == [True, False]
                assert not any(resolved(q, "keep_with_next") for q in lines[2:]), p.text
                assert all(resolved(q, "keep_together") for q in lines), p.text
        assert seen == len(labels)
        rows = [r for t in document.tables for r in t.rows]
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)


def test_whom_outreach_reached_is_said_once_before_the_origins_section(db, demo_room):
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    reach = "Outreach reached 10 people. Every role it reached was also in the room."
    missing = "\n".join(b.text for b in under(blocks, "Who was not in this room"))
    assert reach in missing
    origins = "\n".join(
        b.text
        for b in under(blocks, "In the room, in outreach and on paper")
        if isinstance(b, Paragraph) and not level(b)
    )
    assert "Outreach reached" not in origins
    assert origins.startswith("Outreach answers are voted on only if the room sees them")
    for fmt in ("md", "html"):
        text = export.render(db, [demo_room], fmt).content.decode()
        start = text.rindex("In the room, in outreach and on paper")
        assert "Outreach reached" not in text[start:], fmt
        assert "Outreach reached 10 people" in text[:start], fmt
    # The workbook's sheet stands alone: it still says whom outreach reached.
    book = load_workbook(io.BytesIO(export.render(db, [demo_room], "xlsx").content))
    rows = list(book["People by origin"].iter_rows(values_only=True))
    assert any(r[0] == "Whom outreach reached" and r[1].startswith(reach) for r in rows)


def test_each_outcome_s_places_ask_about_that_outcome(db, demo_room):
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())

    def prompts(heading):
        return [
            b.cell(0, 0).text
            for b in under(blocks, heading)
            if isinstance(b, Table) and b.cell(0, 0).text.startswith("[To be written")
        ]

    event = prompts(word_plan.COMMISSIONER_HEADING)
    assert len(event) == 2 and "Which provisional outcomes to specify" in event[1]
    outcomes = [b.text for b in blocks if level(b) == 2 and b.text.startswith("Provisional out")]
    assert len(outcomes) == 5
    for heading in outcomes:
        analysis, recommendation = prompts(heading)
        assert "this outcome" in analysis and "this outcome" in recommendation, heading
        assert "provisional outcomes" not in analysis + recommendation, heading


def test_the_checklist_says_how_to_tick_it_in_whole_sentences(db, demo_room):
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    [note, table, *_] = under(blocks, plan_section.PRINCIPLES_HEADING)
    assert note.text.startswith("Tick a principle in an outcome's column")
    assert note.text.endswith(" In Word, click a box to tick it.")
    assert "; \u2013" not in note.text
    dashes = any(c.text == "\u2013" for r in table.rows for c in r.cells)
    assert ("A dash (\u2013) marks" in note.text) == dashes
    # Where a principle does not apply to an outcome, the dash is explained.
    listed = [{"outcomes": [1, 2]}, {"outcomes": [1]}]
    assert plan_section.checklist_intro(listed, 2).endswith(
        "A dash (\u2013) marks a principle that does not apply to that outcome."
    )
    assert "dash" not in plan_section.checklist_intro(listed[:1], 2)


def test_the_lead_gives_the_stories_a_sentence_of_their_own(db, demo_room):
    lead = gather.build(db, [demo_room])["wording"]["lead"]
    assert "votes and shared" not in lead
    assert re.search(r" votes\. People also shared \d+ stories that may be quoted\.$", lead), lead


def test_the_appendix_says_who_typed_words_as_the_quotes_do(db, demo_room):
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    tables = [b for b in under(blocks, "Appendix: every contribution") if isinstance(b, Table)]
    rows = [r for t in tables for r in t.rows[1:]]
    whos = [r.cells[2].text for r in rows]
    assert not [w for w in whos if "(by " in w]
    assert any(w.endswith("(typed by a supporter)") for w in whos)
    assert any(w.endswith("(typed in by the facilitator from what was said)") for w in whos)
    # A paper card says so once: "paper card 3", not again as who typed it.
    assert any(w.endswith(", paper card 3") for w in whos)
    tags = [r.cells[3].text for r in rows if r.cells[3].text]
    assert any(t.startswith("About provisional outcome") for t in tags)
    assert all(t[0].isupper() for t in tags), [t for t in tags if not t[0].isupper()][:3]


def test_the_cover_writes_its_two_dates_alike(db, demo_room):
    assert report_document._generated(datetime(2026, 12, 7, 9, 5, tzinfo=UTC)) == (
        "7 December 2026, 09:05 UTC"
    )
    document = word(db, demo_room)
    cover = next(p.text for p in document.paragraphs if "Generated " in p.text)
    generated = re.search(r"Generated (\d+ \w+ \d{4}), \d\d:\d\d UTC\.", cover)
    assert generated and not generated.group(1).startswith("0")
    [date] = [r.cells[1].text for r in document.tables[0].rows if r.cells[0].text == "Date"]
    today = datetime.now(UTC)
    assert generated.group(1) == f"{today.day} {today:%B %Y}"
    assert re.fullmatch(r"[1-9]\d? \w+ \d{4}", date)


def test_an_outcome_nobody_had_voted_for_is_not_given_places_by_tie_break(db, demo_room):
    """Outcome 2's idea had no votes when chosen: its "117th of 129" three times over was
    where the tie-break (oldest first) put it, not a place the room gave it."""
    why = {"room": 117, "cross_role": 117, "experts": 117, "of": 129, "votes": 0}
    assert words.carried_note({**why, "suggested": False}, "facilitator") == (
        "Chosen by the facilitator, not one the app suggested. When chosen it had no votes "
        "yet, so it had no place in the rankings."
    )
    voted = words.carried_note({**why, "votes": 1, "suggested": False}, "facilitator")
    assert "stood 117th of 129" in voted
    text = text_of(word(db, demo_room))
    assert "When chosen it had no votes yet, so it had no place in the rankings." in text
    assert "117th" not in text


def test_each_origins_table_stays_whole_and_names_paper_cards_only_where_there_were_some(
    db, demo_room
):
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    tables = [
        b for b in under(blocks, "In the room, in outreach and on paper") if isinstance(b, Table)
    ][1:]  # the first is people by role; then one table a question outreach or paper added to
    assert len(tables) == 2
    for table in tables:
        rows = table.rows[1:]
        for row in rows[:-1]:  # each row keeps with the next: a four-row table is not split
            assert row.cells[0].paragraphs[0]._p.pPr.find(qn("w:keepNext")) is not None
        ideas = rows[0].cells[1].text
        assert "(0 on paper)" not in ideas
    assert "124 (2 on paper)" in [t.rows[1].cells[1].text for t in tables]


def test_the_summary_quotes_experts_words_only_from_stories_they_agreed_to_have_quoted(
    db, demo_room
):
    """Issue 22 item 7: experts' own words "with consent only". The phone asks a story's
    teller whether it may be quoted and asks no such thing of an idea; the summary quoted
    ideas ("In their own words: ...") under each theme and under what experts put first.
    It now quotes experts' stories whose tellers said yes, and gives ideas as ideas."""
    doc = gather.build(db, [demo_room])
    told = doc["summary"]["experts_words"]
    assert [s["text"][:30] for s in told["stories"]] == [
        "I could not come to the meetin",
        "My buddy takes me to the allot",
        "He wanted to tell you that his",
    ]
    assert told["stories"][0]["who"] == (
        "Person who receives care and support \u2605, through outreach, typed by a supporter"
    )
    assert told["note"].startswith(
        "From the stories experts by experience told and agreed to have quoted: the first 3 "
        "of 4, all under Stories."
    )
    # A carer's story is not an expert's; a "do not quote" or follow-up story never appears.
    held = ["The carers' cafe", "A client we supported", "Three times this month"]
    for fmt in ("docx", "md", "html"):
        if fmt == "docx":
            text = text_of(word(db, demo_room))
        else:
            text = html.unescape(export.render(db, [demo_room], fmt).content.decode())
        summary = text[: text.rindex("For the commissioner to complete")]
        assert "In their own words:" not in summary, fmt
        assert "The words quoted from experts by experience are the ideas" not in summary
        assert "I could not come to the meeting because of my chest." in summary, fmt
        assert not [h for h in held if h in summary], fmt
        # What experts put first is the room's idea, not a quotation.
        assert "What added differences we can make: People who get support should sit" in (
            summary.replace("\\", "")
        ), fmt


def test_coverage_gives_the_untagged_count_once_in_its_table(db, demo_room):
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    coverage = under(blocks, "Coverage of the framework")
    tables = [b for b in coverage if isinstance(b, Table)]
    assert [t.rows[-1].cells[0].text for t in tables] == ["Not tagged"] * len(tables) != []
    said = "\n".join(b.text for b in coverage if isinstance(b, Paragraph))
    assert "not tagged with any of them" not in said


def test_an_outcome_named_inside_a_sentence_drops_its_own_full_stop():
    """'...the outcome “Organise rounds ... between visits.”: ' read as a typo."""
    answer = {"outcome": "Organise rounds in local patches.", "votes": 3, "text": "Rain."}
    [risk] = theme_summary._at_risk([{**answer, "note": "rated high risk", "question": "Q?"}])
    assert risk["outcome"] == "Organise rounds in local patches"
    assert words.named("Wait and see...") == "Wait and see..."
    assert words.named("Keep my buddy") == "Keep my buddy"


def test_every_appendix_names_the_outcome_a_plan_answer_is_about(db, demo_room):
    """Word's appendix said "about provisional outcome 4" and the rating; the HTML and
    Markdown appendices gave only the mark, so a risk answer's row named no outcome."""
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    tables = [b for b in under(blocks, "Appendix: every contribution") if isinstance(b, Table)]
    said = {r.cells[1].text: r.cells[3].text for t in tables for r in t.rows[1:]}
    risk = "Rural patches cannot be walked; do not score us down for that."
    assert said[risk] == "Rated high; about provisional outcome 4"
    for fmt in ("html", "md"):
        text = export.render(db, [demo_room], fmt).content.decode()
        appendix = text[text.rindex("Appendix: every contribution") :]
        row = next(line for line in appendix.splitlines() if "Rural patches cannot" in line)
        assert "Rated high; about provisional outcome 4" in row, (fmt, row)
        assert "Specified requirement; about provisional outcome 1" in appendix, fmt


def test_a_theme_s_plan_answers_are_named_arguments():
    """_theme took its Plan answers as one (risks, carried) pair, unpacked inside."""
    import inspect

    params = inspect.signature(theme_summary._theme).parameters
    for name in ("risks", "carried"):
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, name


def test_the_summary_gives_the_room_s_order_of_the_outcomes_by_role_with_bases(db, demo_room):
    """The demo's room ranked its five provisional outcomes; the summary named them and
    said nothing of the order. It now gives the room's order and each role's, by the
    outcomes' numbers, with how many people of the role sent an order."""
    order = gather.build(db, [demo_room])["summary"]["outcome_order"]
    assert order["lead"].endswith(
        "90 people sent an order; every role counted the same, however many people came "
        "in it. The room's order: outcome 1 first, then 4, 2, 5 and 3."
    )
    assert order["by_role"][0] == (
        "Person who receives care and support, 20 people: outcome 5 first, then 1, 2, 4 and 3."
    )
    # Two items of the same score are level, not put one before the other by list order.
    assert (
        "Other, 6 people: outcome 1 first, then 3 and 4 level, then 2, then 5."
        in (order["by_role"])
    )
    said = {"docx": text_of(word(db, demo_room))}
    for fmt in ("html", "md"):
        said[fmt] = html.unescape(export.render(db, [demo_room], fmt).content.decode())
    for fmt, text in said.items():
        summary = text[: text.rindex("For the commissioner to complete")]
        assert "The room's order: outcome 1 first, then 4, 2, 5 and 3." in summary, fmt
        assert "Commissioner, 12 people: outcome 1 first" in summary, fmt
    # Its figures are in the Rankings section's table, and the closing note says so.
    assert "Who took part and the room's order of the outcomes under Rankings." in said["docx"]


def _ranking(rows, small=()):
    return {
        "kind": "ranking",
        "question": "Which matters most?",
        "answers": 12,
        "rows": rows,
        "roles": [{"label": "Care provider", "answers": 9}, {"label": "Carer", "answers": 3}],
        "shown_roles": ["Care provider"],
        "small_roles": list(small),
    }


def test_a_typed_list_in_the_outcomes_words_is_their_order_and_any_other_list_is_not():
    outcomes = [
        {"event": "A", "id": 7, "text": "Paid jobs."},
        {"event": "A", "id": 8, "text": "Keep my buddy"},
    ]

    def row(text, score, place, outcome=None):
        return {
            "text": text,
            "score": score,
            "outcome": outcome,
            "by_role": {"Care provider": place},
            "role_scores": {"Care provider": 1.0 - place},
        }

    typed = [row("keep my  buddy.", 0.8, 1), row("Paid jobs", 0.8, 2)]
    doc = {"plan": {"outcomes": outcomes}, "kind_sections": [_ranking(typed, ["Carer"])]}
    found = outcome_order.section(doc)
    assert found["lead"].endswith("The room's order: outcomes 2 and 1 level first.")
    assert found["by_role"] == ["Care provider, 9 people: outcome 2 first, then 1."]
    assert found["small"].endswith("fewer than 5 people in the role sent an order: Carer.")
    made = [row("Renamed since", 0.9, 1, ("A", 8)), row("Paid jobs.", 0.1, 2, ("A", 7))]
    doc["kind_sections"] = [_ranking(made)]
    assert outcome_order.section(doc)["lead"].endswith("outcome 2 first, then 1.")
    # A list that is not the outcomes (one item is something else) says nothing of them.
    doc["kind_sections"] = [_ranking([row("Paid jobs", 0.9, 1), row("Lunch club", 0.1, 2)])]
    assert outcome_order.section(doc) is None
    assert outcome_order.section({"plan": None, "kind_sections": []}) is None
    # Asked, but no one has sent an order yet: nothing to say, not "all level".
    doc["kind_sections"] = [{**_ranking(made), "answers": 0}]
    assert outcome_order.section(doc) is None


def test_each_expert_s_idea_is_an_item_of_its_own_in_markdown(db, demo_room):
    """A "{% endif %}" at a line's end ate the blank line after each "> ..." line, so the
    Markdown's experts' words under a question ran together as one paragraph. They are a
    list of ideas now (not quoted as anyone's words): one item a line."""
    text = export.render(db, [demo_room], "md").content.decode()
    start = text.index("**Ideas from experts by experience:**")
    block = text[start : text.index("\n\n#", start)]
    items = [line for line in block.splitlines() if line.startswith("- ")]
    assert len(items) > 5
    assert "- People who get support should sit on the provider's board.\n- " in block
    assert block.rstrip().endswith(items[-1])
    assert not [line for line in block.splitlines() if line.startswith("> ")]


def test_the_method_says_who_rated_a_risk(db, demo_room):
    """'...and the room rated the risk medium or high': a Plan answer's rating is its
    writer's (room/kinds/risk.py), and the room's part is its votes."""
    said = " ".join(gather.build(db, [demo_room])["wording"]["ranking"])
    assert "the room rated the risk" not in said
    assert "whoever wrote the answer rated the risk medium or high; its votes are how many" in said


def test_an_idea_no_one_voted_for_is_no_one_s_top(db, demo_room):
    """Outreach's "Top 3" on the risk question was "My day centre. My friends are there.
    (0 votes)": a top place no vote gave it."""
    document = word(db, demo_room)
    blocks = list(document.iter_inner_content())
    tables = [
        b for b in under(blocks, "In the room, in outreach and on paper") if isinstance(b, Table)
    ][1:]
    cells = [c.text for t in tables for r in t.rows for c in r.cells]
    assert not [c for c in cells if c.endswith("(0 votes)")]
    assert "No other idea had a vote" in cells
    for fmt in ("md", "html"):
        text = export.render(db, [demo_room], fmt).content.decode()
        assert "(0 votes)" not in text and "No other idea had a vote" in text, fmt


def test_every_format_gives_the_commissioner_s_places_the_same_prompts(db, demo_room):
    """Word asked "Which provisional outcomes to specify as requirements..." and, under each
    outcome, about that outcome; HTML and Markdown said only "[To be written by the
    commissioner.]". The prompts are word_plan.PLACES in every format now. A risk's
    rating is its writer's, so the outcome's prompt no longer says the room rated it."""
    for fmt in ("html", "md"):
        text = html.unescape(export.render(db, [demo_room], fmt).content.decode())
        for _title, event_prompt, outcome_prompt in word_plan.PLACES:
            assert text.count(f"[To be written by the commissioner. {event_prompt}]") == 1, fmt
            assert text.count(f"[To be written by the commissioner. {outcome_prompt}]") == 5, fmt
        assert "[To be written by the commissioner.]" not in text, fmt
        assert "risks the room rated" not in text, fmt
