"""Kinds of question as a seam (issue 21): each kind declared once per layer, and
the ranking kind built on it: the facilitator's short list, each phone's order,
the room's order by a per-role Borda count, on screens and in the report."""

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harness.clients import join, socket_for, wait_for
from workshop.cli import demo
from workshop.report import export, gather
from workshop.room import (
    agenda,
    contributions,
    kinds,
    maintenance,
    moderation,
    outreach,
    plan,
    workshops,
)
from workshop.room.errors import Conflict, Invalid
from workshop.room.kinds import ranking
from workshop.web import state

ROOT = Path(__file__).resolve().parent.parent
RISK_MODULES = {
    "workshop/room/kinds/risk.py",
    "workshop/report/kinds/risk.py",
    "static/js/kinds/risk.js",
    # The framework's own questions are data: it declares two of them risk questions.
    "workshop/room/frameworks/kent.toml",
}


def test_risk_is_named_only_in_the_risk_kinds_own_modules():
    found = subprocess.run(
        ["grep", "-rln", '"risk"', "workshop", "static/js"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout.split()
    assert set(found) <= RISK_MODULES
    assert {"workshop/room/kinds/risk.py", "static/js/kinds/risk.js"} <= set(found)


def test_every_kind_is_declared_in_every_layer():
    from workshop.report import kinds as report_kinds

    script = (ROOT / "static/js/kinds/index.js").read_text()
    for name in kinds.names():
        assert name in report_kinds.KINDS
        assert (ROOT / f"static/js/kinds/{name}.js").exists()
        assert f'from "./{name}.js"' in script
    with pytest.raises(Invalid) as refused:
        kinds.checked("poll")
    assert refused.value.code == "bad_kind"
    assert "order of a short list" in str(refused.value)


def _framework(*roles):
    return {"roles": [{"key": r, "label": r.title()} for r in roles]}


def test_each_role_present_counts_the_same_however_many_came():
    options = [{"id": 1}, {"id": 2}, {"id": 3}]
    orders = [{"role": "provider", "option_ids": [1, 2, 3]} for _ in range(9)]
    orders += [
        {"role": "carer", "option_ids": [3, 2, 1]},
        {"role": "commissioner", "option_ids": [3, 1, 2]},
    ]
    result = ranking.standing(
        {"framework": _framework("carer", "provider", "commissioner", "vcse")}, options, orders
    )
    # By head count item 1 would win (19 points to 4); each role counting the same, 3 does.
    assert result["room"] == [3, 1, 2]
    assert result["answers"] == 11
    assert [r["role"] for r in result["roles"]] == ["carer", "provider", "commissioner"]
    provider = next(r for r in result["roles"] if r["role"] == "provider")
    assert provider["order"] == [1, 2, 3] and provider["answers"] == 9
    assert not provider["expert_by_experience"]
    assert result["scores"][3] == pytest.approx(4 / 3, abs=0.001)


def test_ties_keep_the_lists_order_and_stale_orders_are_not_counted():
    options = [{"id": 5}, {"id": 6}]
    orders = [
        {"role": "carer", "option_ids": [5, 6]},
        {"role": "provider", "option_ids": [6, 5]},
        {"role": "provider", "option_ids": [6, 7]},  # a list since changed
    ]
    result = ranking.standing({"framework": _framework("carer", "provider")}, options, orders)
    assert result["room"] == [5, 6] and result["answers"] == 2
    empty = ranking.standing({"framework": _framework("carer")}, options, [])
    assert empty == {"answers": 0, "room": [5, 6], "scores": {5: 0.0, 6: 0.0}, "roles": []}


def _ranking_question(db, workshop, options=None, stage="analyse"):
    return agenda.add_question(
        db,
        workshop,
        stage=stage,
        text="Which matters most?",
        kind="ranking",
        options=options,
    ).value


def test_a_ranking_question_takes_a_typed_list_or_the_plans_outcomes(db):
    workshop = demo.create(db, plan_stage=False)
    for bad in (["Only one"], [], "\n\n", ["x"] * 11, [3, 4], {"a": 1}):
        with pytest.raises(Invalid):
            _ranking_question(db, workshop, bad or "Only one")
    with pytest.raises(Invalid, match="carry outcomes"):
        _ranking_question(db, workshop)  # no outcomes carried yet, nothing typed
    typed = _ranking_question(db, workshop, "Jobs\n\n  Transport  \nFood")
    snap = state.snapshot(db, workshop, "console")["rankings"][str(typed["id"])]
    assert [o["text"] for o in snap["options"]] == ["Jobs", "Transport", "Food"]
    chosen = [c["ideas"][0]["id"] for c in plan.candidates(db, workshop)]
    outcomes = plan.carry_forward(db, workshop, chosen).value
    listed = _ranking_question(db, workshop, stage="plan")
    snap = state.snapshot(db, workshop, "board")["rankings"][str(listed["id"])]
    assert [o["outcome_id"] for o in snap["options"]] == [o["id"] for o in outcomes]
    with pytest.raises(Invalid, match="Only a ranking"):
        agenda.add_question(db, workshop, stage="plan", text="Why?", options=["a", "b"])
    with pytest.raises(Conflict):
        agenda.edit_question(db, workshop, listed["id"], text="Why?", kind="ideas")


def test_a_phone_sends_its_order_and_only_its_latest_counts(db):
    workshop = demo.create(db, plan_stage=False)
    question = _ranking_question(db, workshop, ["Jobs", "Transport", "Food"])
    agenda.open_question(db, workshop, question["id"])
    ids = [o["id"] for o in ranking.rows.options_of(db, workshop["id"])[question["id"]]]
    carer = workshops.join(db, workshop, "carer")[0].value
    for bad in (ids[:2], ids + ids[:1], [ids[0], ids[0], ids[1]], "1,2,3", [True, 2, 3], None):
        with pytest.raises(Invalid) as refused:
            ranking.submit_ranking(db, workshop, carer, question["id"], bad)
        assert refused.value.code == "bad_order"
    ranking.submit_ranking(db, workshop, carer, question["id"], ids)
    change = ranking.submit_ranking(db, workshop, carer, question["id"], ids[::-1])
    [event] = change.events
    assert event["type"] == "ranking_changed" and event["data"]["answers"] == 1
    assert event["data"]["room"] == ids[::-1]
    assert state.snapshot(db, workshop, "phone", carer)["rankings"][str(question["id"])] == {
        "options": ranking.rows.options_of(db, workshop["id"])[question["id"]],
        "mine": ids[::-1],
    }
    # No ideas on a ranking question, from a phone or typed in by the facilitator.
    with pytest.raises(Invalid) as refused:
        contributions.submit_idea(db, workshop, carer, question_id=question["id"], text="Hi")
    assert refused.value.code == "not_for_ideas"
    with pytest.raises(Invalid):
        moderation.scribe(db, workshop, question_id=question["id"], text="Hi", role="carer")
    # An ideas question takes no order.
    other = next(q for q in agenda.agenda(db, workshop) if q["kind"] == "ideas")
    agenda.open_question(db, workshop, other["id"])
    with pytest.raises(Invalid):
        ranking.submit_ranking(db, workshop, carer, other["id"], ids)


def test_ranking_through_sockets_reaches_boards_not_phones(app, client, db):
    workshop = demo.create(db, plan_stage=False)
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    added = console.emit(
        "add_question",
        {"stage": "analyse", "text": "Rank these", "kind": "ranking", "options": ["A", "B", "C"]},
        callback=True,
    )
    assert added["ok"], added
    question_id = added["question"]["id"]
    assert added["question"]["kind"] == "ranking"
    console.emit("open_question", {"question_id": question_id}, callback=True)
    board = socket_for(app, app.test_client(), workshop, "board")
    snap = wait_for(board, "snapshot")
    options = snap["rankings"][str(question_id)]["options"]
    ids = [o["id"] for o in options]
    join(client, workshop, "provider")
    phone = socket_for(app, client, workshop, "phone")
    assert "room" not in wait_for(phone, "snapshot")["rankings"][str(question_id)]
    sent = phone.emit(
        "submit_ranking",
        {"question_id": question_id, "order": [ids[2], ids[0], ids[1]]},
        callback=True,
    )
    assert sent["ok"] and sent["ranking"]["order"] == [ids[2], ids[0], ids[1]]
    event = wait_for(board, "event", lambda e: e["type"] == "ranking_changed")
    assert event["data"]["room"] == [ids[2], ids[0], ids[1]]
    assert event["data"]["roles"][0]["role"] == "provider"
    wrong = phone.emit("submit_idea", {"question_id": question_id, "text": "x"}, callback=True)
    assert wrong["ok"] is False and wrong["error"]["code"] == "not_for_ideas"
    assert not [
        e
        for e in phone.get_received("/")
        if e["name"] == "event" and e["args"][0]["type"] == "ranking_changed"
    ]
    # Hidden results: the board's snapshot holds the list, not the order.
    console.emit("hide_results", {}, callback=True)
    assert (
        "room"
        not in state.snapshot(db, workshops.get(db, workshop["code"]), "board")["rankings"][
            str(question_id)
        ]
    )


PLAIN = "every role's voice counts the same, however many people came in it."


def test_the_report_gives_the_fair_order_with_its_method(db):
    workshop = demo.create(db, plan_stage=False)
    question = _ranking_question(db, workshop, ["Jobs", "Transport", "Food"])
    agenda.open_question(db, workshop, question["id"])
    ids = [o["id"] for o in ranking.rows.options_of(db, workshop["id"])[question["id"]]]
    jobs, transport, food = ids
    for _ in range(6):
        person = workshops.join(db, workshop, "provider")[0].value
        ranking.submit_ranking(db, workshop, person, question["id"], [jobs, transport, food])
    for _ in range(5):
        person = workshops.join(db, workshop, "person_receiving_care")[0].value
        ranking.submit_ranking(db, workshop, person, question["id"], [food, transport, jobs])
    carer = workshops.join(db, workshop, "carer")[0].value
    ranking.submit_ranking(db, workshop, carer, question["id"], [food, jobs, transport])
    doc = gather.build(db, [workshop])
    [section] = doc["kind_sections"]
    # Providers 6, people receiving care 5, a carer 1: food first, each role the same weight.
    assert [r["text"] for r in section["rows"]] == ["Food", "Jobs", "Transport"]
    assert section["answers"] == 12 and section["small_roles"] == ["Family or unpaid carer"]
    assert "Family or unpaid carer" not in section["shown_roles"]
    word = export.render(db, [workshop], "docx").content
    with zipfile.ZipFile(io.BytesIO(word)) as docx:
        body = docx.read("word/document.xml").decode()
    text = re.sub(r"<[^>]+>", "", body)
    # Plain words beside the list (the report goes unedited to providers and experts by
    # experience), the technical name once, in the method section's note.
    assert "Rankings: the room" in text and PLAIN in text
    assert "With 3 items, a person's first choice gets 2 points" in text
    assert text.count("Borda") == 1 and "Technical note: the room's order of a short list" in text
    assert "fewer than 5 people in the role ranked" in text
    book = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content), read_only=True)
    sheet = next(
        s for s in book.worksheets if any("Which matters most?" in str(c.value) for c in s[1])
    )
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[2][:2] == [1, "Food"]
    assert any(PLAIN in str(r[0]) for r in rows if r)
    assert not any("Borda" in str(c) for r in rows for c in r)


def test_the_kinds_easy_read_is_short_and_plain():
    from tests.test_easy_read import problems

    found = []
    for script in sorted((ROOT / "static/js/kinds").glob("*.js")):
        text = script.read_text()
        pattern = r'words\((?:kit, )?\s*"[^"]*",\s*"([^"]*)"|"for-easy-read", "([^"]*)"'
        for match in re.finditer(pattern, text):
            found.append((script.name, match[1] or match[2]))
        for match in re.finditer(r'\["\w+", "\w+", "(\w+)"\]', text):
            found.append((script.name, match[1]))
        for match in re.finditer(r'kit\.easy\(\) \? "([^"]*)"', text):
            found.append((script.name, match[1]))
    assert {name for name, _ in found} >= {"risk.js", "ranking.js"}
    assert len(found) >= 10
    assert [p for where, text in found for p in problems(where, text)] == []


def test_outreach_offers_no_ranking_question(db):
    workshop = demo.create(db, plan_stage=False)
    question = _ranking_question(db, workshop, ["Jobs", "Food"])
    with pytest.raises(Invalid) as refused:
        outreach.set_window(
            db,
            workshop,
            opens_on="2027-01-04",
            closes_on="2027-01-08",
            question_ids=[question["id"]],
        )
    assert refused.value.code == "not_for_ideas"


def test_the_html_and_markdown_reports_carry_the_ranking_too(db):
    workshop = demo.create(db, plan_stage=False)
    question = _ranking_question(db, workshop, ["Jobs <b>now</b>", "Food"])
    agenda.open_question(db, workshop, question["id"])
    ids = [o["id"] for o in ranking.rows.options_of(db, workshop["id"])[question["id"]]]
    person = workshops.join(db, workshop, "provider")[0].value
    ranking.submit_ranking(db, workshop, person, question["id"], ids[::-1])
    html = export.render(db, [workshop], "html").content.decode()
    assert "Rankings: the room" in html and "Jobs &lt;b&gt;now&lt;/b&gt;" in html
    assert "<b>now" not in html
    section = html[html.index('id="kind-ranking"') :]
    assert section.index("Food") < section.index("Jobs &lt;b&gt;")
    # Not also printed as a question with no ideas in its stage.
    assert html.count("Which matters most?") == 1
    markdown = export.render(db, [workshop], "md").content.decode()
    assert "## Rankings: the room" in markdown and PLAIN in markdown
    assert markdown.count("Borda") == 1
    # Pages print each score to two places, so 2.07 and 2.231 line up as 2.07 and 2.23.
    assert "| 1.00 |" in markdown and "| 0.00 |" in markdown


def test_a_listed_outcome_reworded_rewords_its_item_and_keeps_its_orders(db):
    """Issue 22 part 6: an item made from an outcome says the outcome's words now
    (and its easy read), before any order and after some; the orders stay on it."""
    workshop = demo.create(db, plan_stage=False)
    chosen = [c["ideas"][0]["id"] for c in plan.candidates(db, workshop)]
    outcomes = plan.carry_forward(db, workshop, chosen).value
    question = _ranking_question(db, workshop, stage="plan")
    agenda.open_question(db, workshop, question["id"])

    def listed(view="console", who=None):
        return state.snapshot(db, workshop, view, who)["rankings"][str(question["id"])]

    first = outcomes[0]["id"]
    # Reworded before any order: every screen's list and the report say the new words.
    plan.edit_outcome(db, workshop, first, "Paid work for people who get care", "Paid jobs")
    item = next(o for o in listed()["options"] if o["outcome_id"] == first)
    assert (item["text"], item["easy_read"]) == ("Paid work for people who get care", "Paid jobs")
    ids = [o["id"] for o in listed()["options"]]
    carer = workshops.join(db, workshop, "carer")[0].value
    ranking.submit_ranking(db, workshop, carer, question["id"], ids[::-1])
    # Reworded after an order: the order stays on the same item, which says the new words.
    plan.edit_outcome(db, workshop, first, "Paid work, with support", "")
    phone = listed("phone", carer)
    assert phone["mine"] == ids[::-1]
    item = next(o for o in phone["options"] if o["outcome_id"] == first)
    assert (item["id"], item["text"], item["easy_read"]) == (
        ids[0],
        "Paid work, with support",
        None,
    )
    board = listed("board")
    assert board["answers"] == 1 and board["room"] == ids[::-1]
    [section] = gather.build(db, [workshop])["kind_sections"]
    assert section["rows"][-1]["text"] == "Paid work, with support"
    assert not any("Paid work for people" in r["text"] for r in section["rows"])
    # Still refused: removing an outcome on the list.
    with pytest.raises(Conflict, match="ranking question"):
        plan.remove_outcome(db, workshop, first)
    # After End the outcome keeps its words, and so does its item.
    maintenance.end(db, workshop)
    with pytest.raises(Conflict):
        plan.edit_outcome(db, workshop, first, "Something else")
    assert listed("board")["options"][0]["text"] == "Paid work, with support"
