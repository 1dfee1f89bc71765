"""Carrying Analyse ideas into the Plan stage as provisional outcomes, and the
room's Plan answers about each one (with risk ratings)."""

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.cli import demo
from workshop.report import gather
from workshop.room import agenda, contributions, plan, rules, workshops
from workshop.room.errors import Conflict, Invalid, NotFound
from workshop.storage import db as store
from workshop.web import state


def plan_questions(db, workshop):
    return {q["framework_key"]: q for q in rules.agenda(db, workshop) if q["stage"] == "plan"}


def test_top_voted_ideas_are_suggested_and_carried_forward(db):
    workshop = demo.create(db, plan_stage=False)
    candidates = plan.candidates(db, workshop)
    assert len(candidates) == 3
    first = candidates[0]["ideas"]
    assert [i["suggested"] for i in first[:4]] == [True, True, True, False]
    assert first[0]["votes"] >= first[1]["votes"] >= first[2]["votes"]
    chosen = [i["id"] for c in candidates for i in c["ideas"] if i["suggested"]]
    change = plan.carry_forward(db, workshop, chosen)
    assert [o["source_idea_id"] for o in change.value] == chosen
    assert change.events[0]["type"] == "outcomes_changed"
    assert state.snapshot(db, workshop, "phone")["outcomes"] == change.value
    with pytest.raises(Conflict, match="already"):
        plan.carry_forward(db, workshop, chosen[:1])
    assert not any(i["suggested"] for c in plan.candidates(db, workshop) for i in c["ideas"])
    for bad in ([], "1", [chosen[0], chosen[0]], [True], None):
        with pytest.raises(Invalid):
            plan.carry_forward(db, workshop, bad)
    with pytest.raises(NotFound):
        plan.carry_forward(db, workshop, [999_999])


def test_plan_answers_name_an_outcome_and_risks_are_rated(db, workshop, open_question):
    author = workshops.join(db, workshop, "provider")[0].value
    idea = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=open_question["id"],
        text="Paid jobs for people who use the service",
    ).value
    outcome = plan.carry_forward(db, workshop, [idea["id"]]).value[0]
    plan.edit_outcome(db, workshop, outcome["id"], "People who use the service get paid jobs")
    questions = plan_questions(db, workshop)
    with pytest.raises(Invalid, match="Plan-stage"):  # an Analyse answer names no outcome
        contributions.submit_idea(
            db,
            workshop,
            author,
            question_id=open_question["id"],
            text="x",
            outcome_id=outcome["id"],
        )
    agenda.open_question(db, workshop, questions["define_requirements"]["id"])
    requirement = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=questions["define_requirements"]["id"],
        text="Two paid posts a year",
        outcome_id=outcome["id"],
    ).value
    assert requirement["outcome_id"] == outcome["id"] and requirement["rating"] is None
    with pytest.raises(Invalid, match="Only the risk"):
        contributions.submit_idea(
            db,
            workshop,
            author,
            question_id=questions["define_requirements"]["id"],
            text="x",
            outcome_id=outcome["id"],
            rating="low",
        )
    risk = questions["risk_core_quality"]
    agenda.open_question(db, workshop, risk["id"])
    rated = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=risk["id"],
        text="Only if posts are on top of core staffing",
        outcome_id=outcome["id"],
        rating="medium",
    ).value
    assert rated["rating"] == "medium"
    for bad in ({"rating": "huge"}, {"outcome_id": 999_999}, {"outcome_id": "1"}):
        with pytest.raises((Invalid, NotFound)):
            contributions.submit_idea(
                db,
                workshop,
                author,
                question_id=risk["id"],
                text="x",
                **{"outcome_id": outcome["id"], **bad},
            )
    with pytest.raises(Conflict, match="already answered"):
        plan.remove_outcome(db, workshop, outcome["id"])
    ideas = store.all_ideas_of(db, workshop["id"])
    summary = plan.answers(
        workshop,
        [dict(i, expert_by_experience=False) for i in ideas],
        {},
        plan.outcomes(db, workshop),
        rules.agenda(db, workshop),
    )
    by_key = {q["question_id"]: q for q in summary[0]["questions"]}
    assert by_key[risk["id"]]["ratings"] == {"low": 0, "medium": 1, "high": 0}
    assert [a["text"] for a in by_key[questions["define_requirements"]["id"]]["answers"]] == [
        "Two paid posts a year"
    ]


def test_carry_forward_and_answers_through_sockets(app, client, db, workshop, open_question):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    join(client, workshop, "person_receiving_care")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    idea = phone.emit(
        "submit_idea", {"question_id": open_question["id"], "text": "A cafe job"}, callback=True
    )["idea"]
    ack = console.emit("carry_forward", {"idea_ids": [idea["id"]]}, callback=True)
    assert [o["text"] for o in ack["outcomes"]] == ["A cafe job"]
    event = wait_for(phone, "event", lambda e: e["type"] == "outcomes_changed")
    outcome_id = event["data"]["outcomes"][0]["id"]
    risk = plan_questions(db, workshop)["risk_excluding_providers"]
    console.emit("open_question", {"question_id": risk["id"]}, callback=True)
    answer = phone.emit(
        "submit_idea",
        {
            "question_id": risk["id"],
            "text": "Small providers",
            "outcome_id": outcome_id,
            "rating": "high",
        },
        callback=True,
    )
    assert answer["ok"] and answer["idea"]["rating"] == "high"
    removed = console.emit("remove_outcome", {"outcome_id": outcome_id}, callback=True)
    assert removed["ok"] is False and removed["error"]["code"] == "conflict"
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    listing = app.test_client().get(f"/api/w/{workshop['code']}/plan", headers=key).get_json()
    assert listing["outcomes"][0]["id"] == outcome_id


def test_phone_page_loads_the_plan_script(client, workshop):
    join(client, workshop, "carer")
    html = client.get(f"/w/{workshop['code']}").get_data(as_text=True)
    assert "js/plan.js" in html
    response = client.get("/static/js/plan.js")
    script = response.get_data(as_text=True)
    response.close()
    assert "outcome_id" in script and "innerHTML" not in script


def test_the_facilitator_marks_plan_answers_through_the_console_action(client, db):
    workshop = demo.create(db, plan_stage=False)
    [outcome] = plan.carry_forward(
        db, workshop, [plan.candidates(db, workshop)[0]["ideas"][0]["id"]]
    ).value
    questions = plan_questions(db, workshop)
    agenda.open_question(db, workshop, questions["define_requirements"]["id"])
    person = workshops.join(db, workshop, "provider")[0].value
    answer = contributions.submit_idea(
        db,
        workshop,
        person,
        question_id=questions["define_requirements"]["id"],
        text="Two paid posts a year.",
        outcome_id=outcome["id"],
    ).value
    url = f"/api/w/{workshop['code']}/console/mark_answer"
    assert (
        client.post(url, json={"idea_id": answer["id"], "answer_kind": "open_question"}).status_code
        == 403
    )
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    reply = client.post(
        url, json={"idea_id": answer["id"], "answer_kind": "specified_requirement"}, headers=key
    )
    assert reply.status_code == 200, reply.get_json()
    assert store.idea_by_id(db, answer["id"])["answer_kind"] == "specified_requirement"
    bad = client.post(url, json={"idea_id": answer["id"], "answer_kind": "maybe"}, headers=key)
    assert bad.status_code == 400
    analyse_idea = plan.candidates(db, workshop)[0]["ideas"][1]["id"]
    wrong = client.post(
        url, json={"idea_id": analyse_idea, "answer_kind": "open_question"}, headers=key
    )
    assert wrong.status_code == 400
    assert store.idea_by_id(db, analyse_idea)["answer_kind"] is None

    doc = gather.build(db, [store.workshop_by_id(db, workshop["id"])])
    [block] = doc["plan"]["outcomes"]
    assert block["answers"][0]["ideas"][0]["answer_kind"] == "Specified requirement"
