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


def test_top_ideas_across_the_roles_are_suggested_and_carried_forward(db):
    workshop = demo.create(db, plan_stage=False)
    candidates = plan.candidates(db, workshop)
    assert len(candidates) == 3
    first = candidates[0]["ideas"]
    assert [i["suggested"] for i in first[:4]] == [True, True, True, False]
    # Suggested in the fair cross-role order (room/ranking.py), not by raw votes.
    assert first[0]["cross_role"] >= first[1]["cross_role"] >= first[2]["cross_role"]
    assert [i["rank"] for i in first[:3]] == [1, 2, 3]
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


def fair_room(db):
    """12 providers, 5 experts by experience, 5 carers, and four ideas whose right
    order is plain: "Broad" has support in every role, "Loud" and "Louder" only
    the providers'."""
    workshop = workshops.create(db, "Fair suggestions")
    people = {
        role: [workshops.join(db, workshop, role)[0].value for _ in range(n)]
        for role, n in (("provider", 12), ("person_receiving_care", 5), ("carer", 5))
    }
    question = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, question["id"])
    ideas = {
        text: contributions.submit_idea(
            db, workshop, people["provider"][0], question_id=question["id"], text=text
        ).value
        for text in ("Loud", "Louder", "Broad", "Other")
    }
    providers, experts, carers = (
        people["provider"],
        people["person_receiving_care"],
        people["carer"],
    )
    backers = {
        "Loud": providers,
        "Louder": providers[:8],
        "Broad": providers[8:] + experts[:3] + carers[:3],
        "Other": experts[3:] + carers[3:],
    }
    for text, who in backers.items():
        for person in who:
            contributions.cast_vote(db, workshop, person, idea_id=ideas[text]["id"])
    return store.workshop_by_id(db, workshop["id"]), ideas


def test_plan_suggests_by_cross_role_support_and_the_report_says_why_each_was_carried(client, db):
    from workshop.report import export

    workshop, _ = fair_room(db)
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    listing = client.get(f"/api/w/{workshop['code']}/plan", headers=key).get_json()
    ideas = listing["candidates"][0]["ideas"]
    # By votes the room would carry Loud (12), Broad (10) and Louder (8); across
    # the roles Broad, Loud and Other lead (Louder is one group's third choice).
    assert [i["text"] for i in ideas] == ["Broad", "Loud", "Other", "Louder"]
    assert [i["text"] for i in ideas if i["suggested"]] == ["Broad", "Loud", "Other"]
    assert [(i["room_rank"], i["cross_rank"]) for i in ideas] == [(2, 1), (1, 2), (4, 3), (3, 4)]
    chosen = [i["id"] for i in ideas if i["suggested"]] + [ideas[3]["id"]]
    reply = client.post(
        f"/api/w/{workshop['code']}/console/carry_forward",
        json={"idea_ids": chosen},
        headers=key,
    )
    assert reply.status_code == 200, reply.get_json()
    doc = gather.build(db, [workshop])
    why = [o["why"] for o in doc["plan"]["outcomes"]]
    assert why[2] == (
        "Chosen by the facilitator, one of the ideas the app suggested (the top three across "
        "the roles). When chosen it stood 3rd of 4 on cross-role support, 4th on the room's "
        "votes and 2nd on the votes of experts by experience."
    )
    assert why[3].startswith("Chosen by the facilitator, not one the app suggested.")
    for fmt in ("md", "html"):
        text = export.render(db, [workshop], fmt).content.decode()
        assert "Why it was carried" in text and "3rd of 4 on cross-role support" in text


def carer_s_ideas(app, client, workshop, question, texts):
    """A carer's phone, joined, and the ids of the ideas it sent (in order)."""
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    sent = (
        phone.emit("submit_idea", {"question_id": question["id"], "text": t}, callback=True)
        for t in texts
    )
    return phone, [reply["idea"]["id"] for reply in sent]


def test_outcomes_are_reordered_and_close_up_after_a_removal(
    app, client, db, workshop, open_question
):
    """The facilitator puts the outcome the room cares most about first (phones,
    board and report list them in that order); a removal leaves no gap."""
    phone, ids = carer_s_ideas(app, client, workshop, open_question, ("Jobs", "Cafe", "Buses"))
    made = plan.carry_forward(db, workshop, ids).value
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    moved = console.emit(
        "move_outcome", {"outcome_id": made[2]["id"], "position": 1}, callback=True
    )
    assert [(o["text"], o["position"]) for o in moved["outcomes"]] == [
        ("Buses", 1),
        ("Jobs", 2),
        ("Cafe", 3),
    ]
    event = wait_for(phone, "event", lambda e: e["type"] == "outcomes_changed")
    assert [o["text"] for o in event["data"]["outcomes"]] == ["Buses", "Jobs", "Cafe"]
    for bad in (0, 4, -1, "1", True, None, 1.5):
        refused = console.emit(
            "move_outcome", {"outcome_id": made[0]["id"], "position": bad}, callback=True
        )
        assert refused["ok"] is False, bad
        assert refused["error"]["code"] in ("bad_position", "bad_number"), bad
    with pytest.raises(Invalid, match="already"):
        plan.move_outcome(db, workshop, made[2]["id"], 1)
    with pytest.raises(NotFound):
        plan.move_outcome(db, workshop, 999_999, 1)
    assert [o["text"] for o in plan.outcomes(db, workshop)] == ["Buses", "Jobs", "Cafe"]
    left = plan.remove_outcome(db, workshop, made[0]["id"]).value
    assert [(o["text"], o["position"]) for o in left] == [("Buses", 1), ("Cafe", 2)]


def test_after_end_the_outcomes_stay_as_the_room_answered_about_them(
    app, client, db, workshop, open_question
):
    """After End nobody answers about an outcome, so none is carried, reworded,
    moved or removed: each is refused with workshop_ended, nothing changes and no
    event goes out, even from a console that still holds the workshop as it was
    before End (the check reads the workshop in the write). Reopen lets them change."""
    _, ids = carer_s_ideas(app, client, workshop, open_question, ("Jobs", "Cafe", "Buses"))
    made = plan.carry_forward(db, workshop, ids[:2]).value
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    assert console.emit("end_workshop", {}, callback=True)["ok"]
    before = plan.outcomes(db, workshop)
    events = db["events"].count_where("workshop_id = ?", [workshop["id"]])
    asks = [
        ("carry_forward", {"idea_ids": [ids[2]]}),
        ("edit_outcome", {"outcome_id": made[0]["id"], "text": "Paid work", "easy_read": "Jobs"}),
        ("move_outcome", {"outcome_id": made[1]["id"], "position": 1}),
        ("remove_outcome", {"outcome_id": made[0]["id"]}),
    ]
    for name, payload in asks:
        refused = console.emit(name, payload, callback=True)
        assert refused["ok"] is False, name
        assert refused["error"]["code"] == "workshop_ended", name
        assert "Reopen the workshop" in refused["error"]["message"], name
    # The workshop as it was read before End (a console's request already under way).
    with pytest.raises(Conflict) as stale:
        plan.edit_outcome(db, workshop, made[0]["id"], "Paid work")
    assert stale.value.code == "workshop_ended"
    assert plan.outcomes(db, workshop) == before
    assert db["events"].count_where("workshop_id = ?", [workshop["id"]]) == events
    # Reopened, the outcomes change again.
    assert console.emit("reopen_workshop", {"confirm": True}, callback=True)["ok"]
    moved = console.emit("move_outcome", asks[2][1], callback=True)
    assert [o["text"] for o in moved["outcomes"]] == ["Cafe", "Jobs"]


def test_an_outcome_on_a_ranking_questions_list_stays(app, client, db, workshop, open_question):
    """A ranking question added on the Plan stage copies the outcomes into its list:
    one removed after would leave the room putting in order an outcome that is no
    more (the report printing it beside none). Removing it is refused, saying why;
    an outcome on no list is still removed."""
    phone, ids = carer_s_ideas(app, client, workshop, open_question, ("Jobs", "Cafe"))
    made = plan.carry_forward(db, workshop, ids).value
    agenda.add_question(db, workshop, stage="plan", kind="ranking", text="Which matters most?")
    late = plan.carry_forward(
        db,
        workshop,
        [
            phone.emit(
                "submit_idea", {"question_id": open_question["id"], "text": "Buses"}, callback=True
            )["idea"]["id"]
        ],
    ).value[-1]
    with pytest.raises(Conflict, match="on the list of the ranking question “Which matters most"):
        plan.remove_outcome(db, workshop, made[0]["id"])
    assert len(plan.outcomes(db, workshop)) == 3
    left = plan.remove_outcome(db, workshop, late["id"]).value
    assert [o["text"] for o in left] == ["Jobs", "Cafe"]
