"""The report's data: sections filled from data only, honest about what stands in."""

import io
import json

from docx import Document

from harness.report_room import room
from harness.word_doc import under
from workshop.report import export
from workshop.report import gather as report
from workshop.room import framework as fw
from workshop.room import rules


def test_nothing_carried_forward_says_so_and_lists_nothing(db):
    workshop, _, _ = room(db)
    doc = report.build(db, [workshop])
    assert doc["summary"]["outcomes"] == []
    assert "No ideas have been carried forward" in doc["wording"]["outcomes"]


def test_who_took_part_names_the_missing_voices_and_the_framework_note(db):
    workshop, _, _ = room(db)
    doc = report.build(db, [workshop])
    p = doc["participation"]
    assert p["total"] == 6 and p["experts"] == 2
    # A base under ten is a count, never a percentage; "Other" is no missing voice.
    assert (
        "took part, 2 of 6 were experts" in doc["wording"]["experts"]
        and "%" not in doc["wording"]["experts"]
    )
    assert p["missing"] == ["Family or unpaid carer"]
    assert doc["limitation"] == fw.limitation(workshop["framework"])[0]


def test_at_risk_and_standard_practice_come_from_their_questions(db):
    """Read as the summary prints them, each under its question's own heading."""
    workshop, _, ideas = room(db)
    blocks = list(
        Document(io.BytesIO(export.render(db, [workshop], "docx").content)).iter_inner_content()
    )
    risk = under(blocks, "What is at risk of being lost in re-commissioning")
    standard = under(blocks, "What should become standard practice")
    assert [b.text for b in risk if b.style.name == "List Bullet"] == [
        f"{ideas['buddy']['text']} (1st on cross-role support; 1 vote, 1st in the room)"
    ]
    assert [b.text for b in standard if b.text and b.style.name != "Note"] == [
        "No idea on this question received a vote."
    ]


def test_coverage_counts_tags_and_never_guesses(db):
    workshop, _, _ = room(db)
    doc = report.build(db, [workshop])
    blocks = {b["key"]: b for b in doc["coverage"]}
    priorities = {r["label"]: r["ideas"] for r in blocks["priorities"]["rows"]}
    assert priorities["Local Employment"] == 1 and priorities["Community Development"] == 1
    assert blocks["priorities"]["untagged"] == 1  # the formula idea carries no priority
    assert blocks["strategic_outcomes"]["tagged"] == 0
    assert "does not guess" in doc["wording"]["coverage"]["strategic_outcomes"]


def gathered(framework):
    """One event's gathered data with a provisional outcome, plan answers and stories."""
    q = {"analyse": 1, "define": 2, "risk": 3}

    def idea(n, question, text, role, votes, **extra):
        return {
            "id": n,
            "event": "EVT111",
            "question_id": q[question],
            "text": text,
            "role_key": role,
            "entered_by": "self",
            "priority_key": None,
            "outcome_kind_key": None,
            "strategic_outcome_key": None,
            "status": "shown",
            "merged": False,
            "rating": None,
            "outcome": None,
            "by_role": votes,
            "votes": sum(votes.values()),
            "merged_role_keys": [],
            "created": f"2026-03-01T10:00:0{n}",
            **extra,
        }

    return {
        "code": "EVT111",
        "title": "Thanet day services",
        "service": "Day services",
        "area": "Thanet",
        "date": "2026-03-01",
        "vote_budget": 3,
        "stages": ["analyse", "plan"],
        "framework": framework,
        "counts": {"person_receiving_care": 3, "provider": 2},
        "participants": 5,
        "contributors": 3,
        "questions": [
            {
                "id": 1,
                "stage": "analyse",
                "framework_key": "added_differences",
                "kind": "ideas",
                "text": "Added differences?",
                "position": 1,
                "status": "closed",
            },
            {
                "id": 2,
                "stage": "plan",
                "framework_key": "define_requirements",
                "kind": "ideas",
                "text": "Define requirements?",
                "position": 4,
                "status": "closed",
            },
            {
                "id": 3,
                "stage": "plan",
                "framework_key": "risk_core_quality",
                "kind": "risk",
                "text": "Risk to core quality?",
                "position": 6,
                "status": "closed",
            },
        ],
        "ideas": [
            idea(
                1,
                "analyse",
                "Paid peer mentors",
                "person_receiving_care",
                {"person_receiving_care": 3, "provider": 1},
                merged_role_keys=["provider"],
            ),
            idea(
                2, "analyse", "A duplicate of mentors", "provider", {}, merged=True, status="merged"
            ),
            idea(
                3,
                "define",
                "Two paid mentor posts per 100 clients",
                "provider",
                {"provider": 2},
                outcome="Paid peer mentors",
                outcome_id=9,
            ),
            idea(
                4,
                "risk",
                "Small providers cannot fund the posts",
                "provider",
                {"person_receiving_care": 1},
                rating="high",
                outcome="Paid peer mentors",
                outcome_id=9,
            ),
        ],
        "stories": [
            {
                "text": "My mentor got me my first job.",
                "role_key": "person_receiving_care",
                "entered_by": "supporter",
                "question_id": 1,
                "created": "2026-03-01T11:00:00",
                "event": "EVT111",
            }
        ],
        "stories_not_quoted": 2,
        "outcomes": [
            {
                "id": 9,
                "text": "Paid peer mentors",
                "position": 1,
                "source_idea_id": 1,
                "event": "EVT111",
            }
        ],
    }


def test_chosen_outcomes_plan_answers_ratings_and_stories_in_every_format():
    framework = fw.load()
    doc = report.assemble([gathered(framework)])
    [block] = doc["plan"]["outcomes"]
    assert block["text"] == "Paid peer mentors" and not block["reworded"]
    assert block["origin"]["votes"] == 4
    assert block["origin"]["author_roles"] == [
        "Person who receives care and support",
        "Care provider",
    ]
    assert doc["summary"]["ideas"] == 3  # the merged duplicate is not counted twice
    assert "2 stories were shared on the understanding" in " ".join(doc["wording"]["stories"])
    for fmt in ("md", "html", "csv"):
        text = export._RENDERERS[fmt](doc).decode("utf-8")
        for expected in (
            "Paid peer mentors",
            "Two paid mentor posts per 100 clients",
            "Small providers cannot fund the posts",
            "high",
        ):
            assert expected in text, (fmt, expected)
        assert "My mentor got me my first job." in text
        if fmt != "csv":
            assert "typed by a supporter" in text
    word = Document(io.BytesIO(export._RENDERERS["docx"](doc)))
    quotes = [p.text for p in word.paragraphs if p.style.name == "Quote"]
    assert "\u201cMy mentor got me my first job.\u201d" in quotes
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "High" in cells
    # The merged duplicate's author keeps their say beside the idea it joined.
    assert "Person who receives care and support \u2605; also care provider (merged)" in cells


def test_only_stories_whose_authors_agreed_are_quoted(db):
    from workshop.room import stories

    workshop, people, _ = room(db)
    expert, provider = people["person_receiving_care"][0], people["provider"][0]
    stories.submit_story(
        db, workshop, expert, text="My buddy got me back to the allotment.", may_quote=True
    )
    stories.submit_story(db, workshop, provider, text="Not for quoting, please.", may_quote=False)
    doc = report.build(db, [workshop])
    assert [(s["text"], s["author_role"]) for s in doc["stories"]] == [
        ("My buddy got me back to the allotment.", "Person who receives care and support")
    ]
    assert doc["stories_not_quoted"] == 1 and doc["summary"]["stories"] == 1
    for fmt in ("docx", "html", "md", "csv"):
        content = export.render(db, [workshop], fmt).content
        assert b"Not for quoting" not in content
        if fmt != "docx":
            assert b"My buddy got me back to the allotment." in content
    # The complete archive (--include-private) keeps the story, and the author's "no";
    # the default one leaves it out (issue 15).
    stored = json.loads(export.render(db, [workshop], "json", include_private=True).content)[
        "workshops"
    ][0]
    assert {(s["text"], s["may_quote"]) for s in stored["stories"]} == {
        ("My buddy got me back to the allotment.", 1),
        ("Not for quoting, please.", 0),
    }


def test_moderation_outcomes_plan_and_stories_from_the_real_domain(db):
    from workshop.room import moderation, plan, stories

    workshop, people, ideas = room(db, hidden=False)
    moderation.hide(db, workshop, ideas["secret"]["id"])
    moderation.merge(db, workshop, ideas["formula"]["id"], ideas["jobs"]["id"])
    expert, provider = people["person_receiving_care"][0], people["provider"][0]
    stories.submit_story(
        db, workshop, expert, text="My buddy got me back to the allotment.", may_quote=True
    )
    stories.submit_story(db, workshop, provider, text="Not for quoting, please.", may_quote=False)
    [outcome] = plan.carry_forward(db, workshop, [ideas["jobs"]["id"]]).value
    agenda = {q["framework_key"]: q for q in rules.agenda(db, workshop)}
    moderation.scribe(
        db,
        workshop,
        question_id=agenda["define_requirements"]["id"],
        text="Two paid posts for people who use the service.",
        role="commissioner",
        outcome_id=outcome["id"],
    )
    moderation.scribe(
        db,
        workshop,
        question_id=agenda["risk_excluding_providers"]["id"],
        text="Small providers may not afford the posts.",
        role="provider",
        outcome_id=outcome["id"],
        rating="medium",
    )
    doc = report.build(db, [workshop])
    assert [o["text"] for o in doc["plan"]["outcomes"]] == [ideas["jobs"]["text"]]
    assert "carried 1 idea forward" in doc["wording"]["outcomes"]
    first = doc["stages"][0]["questions"][0]
    texts = [i["text"] for i in first["ideas"]]
    assert ideas["formula"]["text"] not in texts  # merged: counted once, under its root
    assert "Something the facilitator hid." not in texts
    jobs = first["ideas"][0]
    assert jobs["text"] == ideas["jobs"]["text"] and jobs["also_from"] == ["Care provider"]
    assert jobs["votes"] == 6
    appendix = {i["text"]: i for g in doc["appendix"] for i in g["ideas"]}
    assert appendix[ideas["formula"]["text"]]["merged"]
    [row] = doc["plan"]["grid"]
    excluding = next(c for c in row["cells"] if "excluding" in c["question"])
    assert excluding["counts"]["medium"] == 1 and excluding["answers"] == 1
    assert [s["text"] for s in doc["stories"]] == ["My buddy got me back to the allotment."]
    assert doc["stories_not_quoted"] == 1
    md = export.render(db, [workshop], "md").content.decode()
    assert "My buddy got me back to the allotment." in md and "Not for quoting" not in md
    assert "Person who receives care and support ★; also care provider (merged)" in md
    assert "Small providers may not afford the posts. (rated medium;" in md
    for fmt in ("docx", "html", "csv"):
        content = export.render(db, [workshop], fmt).content
        assert b"Not for quoting" not in content and b"Something the facilitator hid" not in content
    # The complete archive (--include-private) keeps the story, and the author's "no";
    # the default one leaves it out (issue 15).
    stored = json.loads(export.render(db, [workshop], "json", include_private=True).content)[
        "workshops"
    ][0]
    assert {(s["text"], s["may_quote"]) for s in stored["stories"]} == {
        ("My buddy got me back to the allotment.", 1),
        ("Not for quoting, please.", 0),
    }
