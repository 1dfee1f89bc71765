"""The room's side of issue 12: a Plan answer names its outcome, the one-minute
warning, the phone timer setting, and a role changed after joining."""

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.report import gather
from workshop.room import agenda, contributions, plan, rules, workshops
from workshop.room.errors import Conflict, Invalid
from workshop.storage import db as store
from workshop.web import state


def test_a_plan_answer_must_name_an_outcome_or_the_whole_plan(db, workshop, open_question):
    author = workshops.join(db, workshop, "provider")[0].value
    seed = contributions.submit_idea(
        db, workshop, author, question_id=open_question["id"], text="Paid jobs"
    ).value
    outcome = plan.carry_forward(db, workshop, [seed["id"]]).value[0]
    requirements = next(q for q in rules.agenda(db, workshop) if q["stage"] == "plan")
    agenda.open_question(db, workshop, requirements["id"])
    with pytest.raises(Invalid) as refused:
        contributions.submit_idea(
            db, workshop, author, question_id=requirements["id"], text="Unattached"
        )
    assert refused.value.code == "outcome_choice_needed"
    whole = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=requirements["id"],
        text="About everything",
        outcome_id="whole",
    ).value
    assert whole["outcome_id"] is None
    named = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=requirements["id"],
        text="Two posts",
        outcome_id=outcome["id"],
    ).value
    assert named["outcome_id"] == outcome["id"]
    texts = [i["text"] for i in store.all_ideas_of(db, workshop["id"])]
    assert "Unattached" not in texts


def test_whole_plan_passes_the_message_parser_and_nothing_else_does():
    assert rules.message_fields(("outcome_id",), {"outcome_id": "whole"}) == {"outcome_id": "whole"}
    assert rules.message_fields(("outcome_id",), {"outcome_id": 7}) == {"outcome_id": 7}
    for bad in ("Whole", "1", [1], True):
        with pytest.raises(Invalid):
            rules.message_fields(("outcome_id",), {"outcome_id": bad})


def test_an_analyse_answer_needs_no_outcome(db, workshop, open_question):
    author = workshops.join(db, workshop, "carer")[0].value
    idea = contributions.submit_idea(
        db, workshop, author, question_id=open_question["id"], text="A cafe"
    ).value
    assert idea["outcome_id"] is None


def test_one_minute_warning_reaches_phones_and_survives_a_reload(app, client, db, workshop):
    question = rules.agenda(db, workshop)[0]
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    refused = console.emit("warn_closing", {"question_id": question["id"]}, callback=True)
    assert refused["ok"] is False and refused["error"]["code"] == "question_closed"
    console.emit("open_question", {"question_id": question["id"]}, callback=True)
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    ack = console.emit("warn_closing", {"question_id": question["id"]}, callback=True)
    assert ack["ok"] and ack["question"]["closing_soon"] is True
    event = wait_for(phone, "event", lambda e: e["type"] == "closing_soon")
    assert event["data"]["question_id"] == question["id"]
    snap = state.snapshot(db, workshop, "phone")
    assert snap["questions"][0]["closing_soon"] is True
    # Reopened later, the question starts without the warning.
    agenda.close_question(db, workshop, question["id"])
    agenda.open_question(db, workshop, question["id"])
    assert state.snapshot(db, workshop, "phone")["questions"][0]["closing_soon"] is False
    with pytest.raises(Conflict):
        agenda.warn_closing(db, workshop, rules.agenda(db, workshop)[1]["id"])


def test_phone_timer_is_off_by_default_and_the_facilitators_choice(db, workshop):
    assert state.snapshot(db, workshop, "phone")["settings"]["phone_timer"] is False
    change = agenda.set_phone_timer(db, workshop, True)
    assert change.events[0]["type"] == "settings_changed"
    assert change.events[0]["data"]["phone_timer"] is True
    for bad in ("yes", 1, None):
        with pytest.raises(Invalid):
            agenda.set_phone_timer(db, workshop, bad)


def test_a_role_change_counts_from_then_on_and_in_the_report(app, client, db, workshop):
    question = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, question["id"])
    join(client, workshop, "provider")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    first = phone.emit(
        "submit_idea", {"question_id": question["id"], "text": "Before"}, callback=True
    )
    for bad in ("nobody", None, 3, "provider"):
        refused = phone.emit("change_role", {"role": bad}, callback=True)
        assert refused["ok"] is False, bad
    ack = phone.emit("change_role", {"role": "carer"}, callback=True)
    assert ack == {"ok": True, "me": {"role": "carer"}}
    second = phone.emit(
        "submit_idea", {"question_id": question["id"], "text": "After"}, callback=True
    )
    assert first["idea"]["author_role"] == "provider"
    assert second["idea"]["author_role"] == "carer"
    assert store.role_counts(db, workshop["id"]) == {"carer": 1}
    report = gather.assemble([gather.gather(db, workshops.get(db, workshop["code"]))])
    people = {row["key"]: row["count"] for row in report["participation"]["by_role"]}
    assert people["carer"] == 1 and people["provider"] == 0
