"""Approve-first at the size of a real room (issue 24, item 2): the queue
flags only the waiting ideas that need a human (a person's name, a phone
number or email, a word from better-profanity's list, very long text) and
approves the rest in one action, over HTTP as the console sends it."""

import pytest

from harness.big_room import idea_texts
from workshop.room import contributions, moderation, workshops
from workshop.room.errors import Invalid, NotFound
from workshop.web import state


def kinds(workshop, text):
    return [c["kind"] for c in moderation.checks(workshop, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Keep the same care worker every week", []),
        ("Buy food from Kent farms for the lunch club on Fridays", []),
        ("Kent County Council should pay carers for travel time", []),
        ("Social Value: Local Employment for people who use the service", []),
        ("Our carer Sarah is wonderful, keep her", ["name"]),
        ("Mrs Patel at the day centre runs the best lunch club", ["name"]),
        ("my worker is called Dave and he is late", ["name"]),
        ("Ring me on 07700 900123 about this", ["contact"]),
        ("Call +44 1622 694000 for more", ["contact"]),
        ("Email me at jo.bloggs@example.org", ["contact"]),
        ("The old provider was shit at turning up", ["profanity"]),
        ("x" * 301, ["long"]),
        ("x" * 300, []),
    ],
)
def test_checks_flag_what_needs_a_human_and_pass_the_rest(workshop, text, expected):
    assert kinds(workshop, text) == expected


def test_the_big_rooms_ideas_need_no_look_but_the_long_ones(workshop):
    texts = idea_texts(150)
    flagged = [t for t in texts if kinds(workshop, t)]
    assert flagged == [t for t in texts if len(t) > moderation.LONG_IDEA]
    assert 0 < len(flagged) < 10


def person(db, workshop, role="provider"):
    return workshops.join(db, workshop, role)[0].value


def test_a_name_is_named_once(workshop):
    [found] = moderation.checks(workshop, "Ask Mrs Patel, or her son Ravi Patel")
    assert found == {"kind": "name", "detail": "Mrs Patel, Ravi"}


def test_a_waiting_idea_reaches_the_console_with_its_checks(db, workshop, open_question):
    moderation.set_approval(db, workshop, True)
    workshop = workshops.get(db, workshop["code"])
    author = person(db, workshop)
    change = contributions.submit_idea(
        db, workshop, author, question_id=open_question["id"], text="Ask Sarah about it"
    )
    [event] = change.events
    assert event["data"]["idea"]["checks"] == [{"kind": "name", "detail": "Sarah"}]
    assert "checks" not in change.value  # the phone's reply is the public idea
    [seen] = state.snapshot(db, workshop, "console")["ideas"]
    assert seen["checks"] == [{"kind": "name", "detail": "Sarah"}]
    assert "checks" not in str(state.snapshot(db, workshop, "phone", author))


def test_approve_many_approves_what_was_seen_once(db, workshop, open_question):
    moderation.set_approval(db, workshop, True)
    workshop = workshops.get(db, workshop["code"])
    author = person(db, workshop)
    made = [
        contributions.submit_idea(
            db, workshop, author, question_id=open_question["id"], text=f"Idea {n}"
        ).value
        for n in range(4)
    ]
    ids = [i["id"] for i in made]
    moderation.hide(db, workshop, ids[3])
    change = moderation.approve_many(db, workshop, ids[:2] + [ids[3]])
    assert change.value == 2
    assert [e["type"] for e in change.events] == ["idea_approved", "idea_approved"]
    statuses = {i["id"]: i["status"] for i in state.snapshot(db, workshop, "console")["ideas"]}
    assert statuses == {ids[0]: "shown", ids[1]: "shown", ids[2]: "pending", ids[3]: "hidden"}
    again = moderation.approve_many(db, workshop, ids[:2])  # a second press changes nothing
    assert (again.value, again.events) == (0, [])
    with pytest.raises(Invalid):
        moderation.approve_many(db, workshop, [])
    other = workshops.create(db, "Another workshop")
    with pytest.raises(NotFound):
        moderation.approve_many(db, other, [ids[2]])
    assert statuses[ids[2]] == "pending"


def test_approve_ideas_over_http_and_bad_input_is_one_clear_4xx(
    client, db, workshop, open_question
):
    moderation.set_approval(db, workshop, True)
    workshop = workshops.get(db, workshop["code"])
    author = person(db, workshop)
    made = [
        contributions.submit_idea(
            db, workshop, author, question_id=open_question["id"], text=f"Idea {n}"
        ).value
        for n in range(150)
    ]
    path = f"/api/w/{workshop['code']}/console/approve_ideas"
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    for bad in (
        {},
        {"idea_ids": "all"},
        {"idea_ids": [1.5]},
        {"idea_ids": [True]},
        {"idea_ids": []},
    ):
        reply = client.post(path, json=bad, headers=key)
        assert 400 <= reply.status_code < 500, (bad, reply.status_code)
    assert client.post(path, json={"idea_ids": [made[0]["id"]]}).status_code in (401, 403)
    assert {i["status"] for i in state.snapshot(db, workshop, "console")["ideas"]} == {"pending"}
    reply = client.post(path, json={"idea_ids": [i["id"] for i in made]}, headers=key)
    assert reply.status_code == 200, reply.get_json()
    assert reply.get_json()["approved"] == 150
    assert len(state.snapshot(db, workshop, "board")["ideas"]) == 150
