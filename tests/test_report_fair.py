"""Fair ranking, counts under ten, plural phrasing, the Plan grid and the workbook."""

import io
import re

import openpyxl
import pytest
from docx import Document

from harness.report_room import room
from workshop.cli import demo
from workshop.report import export
from workshop.report import gather as report
from workshop.room import agenda, contributions, rules, workshops


def test_cross_role_support_puts_an_idea_every_role_backs_above_one_group_s_favourite(db):
    workshop = workshops.create(db, "Fair ranking")
    people = {}
    for role, n in (("provider", 12), ("person_receiving_care", 5), ("carer", 5)):
        people[role] = [workshops.join(db, workshop, role)[0].value for _ in range(n)]
    question = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, question["id"])
    author = people["provider"][0]

    def idea(text):
        return contributions.submit_idea(
            db, workshop, author, question_id=question["id"], text=text
        ).value

    loud, broad, other = idea("Loud"), idea("Broad"), idea("Other")
    # Every provider dots "Loud"; a third of the providers and three in five of
    # the experts and carers dot "Broad"; the other experts and carers "Other".
    for person in people["provider"]:
        contributions.cast_vote(db, workshop, person, idea_id=loud["id"])
    backers = people["provider"][:4] + people["person_receiving_care"][:3] + people["carer"][:3]
    for person in backers:
        contributions.cast_vote(db, workshop, person, idea_id=broad["id"])
    for person in people["person_receiving_care"][3:] + people["carer"][3:]:
        contributions.cast_vote(db, workshop, person, idea_id=other["id"])
    q = report.build(db, [workshop])["stages"][0]["questions"][0]
    assert [(i["text"], i["votes"]) for i in q["ideas"]] == [
        ("Loud", 12),
        ("Broad", 10),
        ("Other", 4),
    ]
    assert [i["text"] for i in q["by_support"]] == ["Broad", "Loud", "Other"]
    # The mean of the shares: Loud (1 + 0 + 0) / 3, Broad (4/12 + 3/5 + 3/5) / 3.
    assert q["ideas"][0]["cross_role"] == pytest.approx(1 / 3)
    assert q["by_support"][0]["cross_role"] == pytest.approx((1 / 3 + 0.6 + 0.6) / 3)
    assert [i["text"] for i in q["divided"]] == ["Loud"]
    tops = {t["key"]: [i["text"] for i in t["ideas"]] for t in q["role_tops"]}
    assert tops["provider"] == ["Loud", "Broad"] and tops["carer"] == ["Broad", "Other"]


def _docx_text(content):
    word = Document(io.BytesIO(content))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def _texts(db, workshops_):
    for fmt in ("md", "html", "csv", "docx"):
        content = export.render(db, workshops_, fmt).content
        yield fmt, _docx_text(content) if fmt == "docx" else content.decode("utf-8")


def test_no_percentage_with_a_base_under_ten_and_no_1_ideas_in_any_format(db):
    workshop, _, _ = room(db)
    big = demo.create(db)
    for fmt, text in [*_texts(db, [workshop]), *_texts(db, [big])]:
        assert not re.search(r"(?<![\d,])1 (ideas|votes|voters|people|stories)\b", text), fmt
        assert not re.search(r"(?<![\d,])(0|[2-9]) (idea|vote|voter|story)\b(?! (was|is))", text)
        assert not re.search(r"\b\w+ and \w+ and \w+\b stage", text), fmt
        for part, whole in re.findall(r"(\d+) of (\d+) \(\d+%\)", text):
            assert int(whole) >= 10, (fmt, part, whole)


def test_demo_reworded_outcome_grid_and_workbook_equal_the_database(db):
    workshop = demo.create(db)
    doc = report.build(db, [workshop])
    assert doc["plan"]["outcomes"][0]["reworded"]
    for fmt, text in _texts(db, [workshop]):
        if fmt != "csv":
            assert "reworded by the facilitator" in text.lower(), fmt
    outcomes = dict(
        db.conn.execute(
            "SELECT text, id FROM provisional_outcomes WHERE workshop_id = ?", (workshop["id"],)
        ).fetchall()
    )
    counted = db.conn.execute(
        "SELECT i.outcome_id, q.text, i.rating, COUNT(*) FROM ideas i"
        " JOIN questions q ON q.id = i.question_id"
        " WHERE i.workshop_id = ? AND q.kind = 'risk' AND i.status = 'shown'"
        " GROUP BY i.outcome_id, q.text, i.rating",
        (workshop["id"],),
    ).fetchall()
    expected = {(o, q, r): n for o, q, r, n in counted}
    assert doc["plan"]["grid"]
    for row in doc["plan"]["grid"]:
        for cell in row["cells"]:
            for rating in ("high", "medium", "low"):
                key = (outcomes[row["outcome"]], cell["question"], rating)
                assert cell["counts"][rating] == expected.get(key, 0)
    book = openpyxl.load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    assert {"Summary", "Stories", "Participation", "Plan grid"} <= set(book.sheetnames)
    votes = db.conn.execute(
        "SELECT q.position, COUNT(*) FROM votes v JOIN ideas i ON i.id = v.idea_id"
        " JOIN questions q ON q.id = v.question_id WHERE v.workshop_id = ?"
        " AND v.withdrawn_at IS NULL AND i.status IN ('shown', 'merged')"
        " GROUP BY q.position ORDER BY q.position",
        (workshop["id"],),
    ).fetchall()
    sheets = [n for n in book.sheetnames if re.fullmatch(r"(Analyse|Plan) \d", n)]
    # The Plan stage's ranking question has a sheet of places, not votes (issue 21).
    sheets = [n for n in sheets if book[n].cell(2, 1).value != "Room's place"]
    sheet_votes = [
        sum(r[2] for r in book[n].iter_rows(min_row=3, values_only=True)) for n in sheets
    ]
    assert sheet_votes == [n for _, n in votes]
    people = sum(r[2] for r in book["Participation"].iter_rows(min_row=2, values_only=True))
    assert people == sum(doc["participation"]["by_role"][i]["count"] for i in range(6))
    assert people == workshop_people(db, workshop)
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Votes, all stages"] == sum(n for _, n in votes)
    assert book["Analyse 1"].freeze_panes == "A3" and book["Analyse 1"].auto_filter.ref
    stories = list(book["Stories"].iter_rows(min_row=2, values_only=True))
    # Only the stories the report may quote: consent given, not hidden, no follow-up.
    quotable = db.conn.execute(
        "SELECT COUNT(*) FROM stories WHERE workshop_id = ? AND may_quote = 1"
        " AND status = 'shown' AND follow_up = 0",
        (workshop["id"],),
    ).fetchone()[0]
    assert len(stories) == doc["summary"]["stories"] == quotable >= 2


def workshop_people(db, workshop):
    return db.conn.execute(
        "SELECT COUNT(*) FROM participants WHERE workshop_id = ?", (workshop["id"],)
    ).fetchone()[0]


def test_the_summary_figures_are_the_tables_figures(db):
    workshop = demo.create(db)
    doc = report.build(db, [workshop])
    s = doc["summary"]
    assert s["participants"] == sum(r["count"] for r in doc["participation"]["by_role"])
    by_text = {q["text"]: q for q in doc["analyse"]["questions"]}
    for question in s["questions"]:
        table = by_text[question["text"]]["by_support"]
        assert question["ideas"] == table[: len(question["ideas"])]
    # Every Analyse question has its list, the risk and standard-practice ones too.
    assert [q["text"] for q in s["questions"]] == list(by_text)
    assert [o["text"] for o in s["outcomes"]] == [o["text"] for o in doc["plan"]["outcomes"]]
    assert s["votes"] == sum(q["votes"] for st in doc["stages"] for q in st["questions"])


def small_room(db, n):
    """A room with n of everything: people per role, ideas, votes, stories, entries, outcomes."""
    from workshop.room import moderation, plan, stories

    workshop = workshops.create(db, f"Room of {n}")
    people = [
        workshops.join(db, workshop, role)[0].value
        for role in ("person_receiving_care", "provider")
        for _ in range(n)
    ]
    first = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, first["id"])
    ideas = []
    for k in range(n):
        ideas.append(
            contributions.submit_idea(
                db, workshop, people[k], question_id=first["id"], text=f"Idea {k}"
            ).value
        )
        ideas.append(
            contributions.submit_idea(
                db,
                workshop,
                people[n + k],
                question_id=first["id"],
                text=f"Helped idea {k}",
                on_behalf_of="person_receiving_care",
            ).value
        )
        moderation.scribe(db, workshop, question_id=first["id"], text=f"Card {k}", role="carer")
        stories.submit_story(db, workshop, people[k], text=f"Story {k}", may_quote=True)
        stories.submit_story(db, workshop, people[n + k], text=f"Private {k}", may_quote=False)
    for person in people[:n]:
        for idea in ideas[:n]:
            contributions.cast_vote(db, workshop, person, idea_id=idea["id"])
    if n:
        plan.carry_forward(db, workshop, [i["id"] for i in ideas[:n]])
    return store_workshop(db, workshop)


def store_workshop(db, workshop):
    from workshop.storage import db as store

    return store.workshop_by_id(db, workshop["id"])


SINGULAR_AFTER_MANY = re.compile(
    r"(?<![\d,.])(0|[2-9]|\d{2,}) (idea|vote|voter|person|story|answer|event)\b(?!s)"
)
PLURAL_AFTER_ONE = re.compile(r"(?<![\d,.])1 (ideas|votes|voters|people|stories|answers|events)\b")
NO_SINGULAR = re.compile(r"\bno (idea|vote|story|answer)\b(?!s)")


@pytest.mark.parametrize("n", [0, 1, 2])
def test_every_renderer_words_counts_of_0_1_and_2_right(db, n):
    workshop = small_room(db, n)
    book = openpyxl.load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    sheet_text = "\n".join(
        str(v) for s in book for row in s.iter_rows(values_only=True) for v in row if v
    )
    for fmt, text in [*_texts(db, [workshop]), ("xlsx", sheet_text)]:
        for pattern in (SINGULAR_AFTER_MANY, PLURAL_AFTER_ONE, NO_SINGULAR):
            found = pattern.search(text)
            assert not found, (fmt, n, text[max(0, found.start() - 80) : found.end() + 40])
        assert not re.search(r"\d+ of \d \(\d+%\)", text), (fmt, n)


def test_stories_the_facilitator_hid_or_flagged_for_follow_up_are_left_out(db):
    from workshop.room import stories

    workshop, people, _ = room(db)
    expert = people["person_receiving_care"][0]

    def story(text):
        return stories.submit_story(db, workshop, expert, text=text, may_quote=True).value

    kept, hidden, flagged = story("Kept story."), story("Hidden story."), story("Flagged story.")
    stories.hide_story(db, workshop, hidden["id"])
    stories.flag_story(db, workshop, flagged["id"], True)
    doc = report.build(db, [workshop])
    assert [s["text"] for s in doc["stories"]] == [kept["text"]]
    assert doc["stories_held_back"] == 2
    for fmt, text in _texts(db, [workshop]):
        assert "Hidden story." not in text and "Flagged story." not in text, fmt
        if fmt != "csv":
            assert "2 stories the facilitator hid or flagged for follow-up are left out." in text
