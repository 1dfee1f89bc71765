"""Moving several ideas into a theme at once (theming.move_ideas_to_theme, the
`move_ideas_to_theme` action): one write, one undo step, one event; bad input
changes nothing; the move teaches the next suggestion; consoles hear it."""

import pytest

from harness import themed
from harness.clients import join, open_first, socket_for, wait_for
from workshop.room import agenda, contributions, moderation, theming, workshops
from workshop.room.errors import Conflict, Invalid, NotFound
from workshop.storage import db as store


def groups_of(db, workshop, question):
    (found,) = theming.accepted(db, workshop, question["id"]) or [{"groups": []}]
    return {g["id"]: g["ideas"] for g in found["groups"]}


def events(db, workshop):
    return store.events_since(db, workshop["id"], 0, 5000)


def test_several_ideas_move_in_one_write_and_one_undo_takes_it_back(db, workshop, accepted_themes):
    question, ids, (jobs, travel, breaks) = accepted_themes
    before = groups_of(db, workshop, question)
    logged = len(events(db, workshop))
    # ids[0] is in Jobs already: it keeps its place; the others join the end, in order.
    change = theming.move_ideas_to_theme(
        db, workshop, question["id"], [ids[6], ids[0], ids[3]], jobs
    )
    assert [e["type"] for e in change.events] == ["themes_changed"]
    assert len(events(db, workshop)) == logged + 1
    now = groups_of(db, workshop, question)
    assert now[jobs] == ids[:3] + [ids[6], ids[3]]
    assert now[travel] == ids[4:6] and now[breaks] == ids[7:8]
    assert change.value["groups"] == theming.accepted(db, workshop, question["id"])[0]["groups"]
    # One undo takes the whole move back.
    theming.undo_themes(db, workshop, question["id"])
    assert groups_of(db, workshop, question) == before

    # Every idea of a theme moved out of it: the emptied theme is no longer listed.
    theming.move_ideas_to_theme(db, workshop, question["id"], ids[6:8], travel)
    assert breaks not in groups_of(db, workshop, question)
    # Out of every theme: theme_id None.
    out = theming.move_ideas_to_theme(db, workshop, question["id"], [ids[1], ids[4]], None)
    placed = {i for g in out.value["groups"] for i in g["ideas"]}
    assert not placed & {ids[1], ids[4]}
    theming.undo_themes(db, workshop, question["id"])
    theming.undo_themes(db, workshop, question["id"])
    assert groups_of(db, workshop, question) == before


def test_ideas_in_no_theme_can_be_put_in_one_together(db, workshop, room_ideas):
    question, ids = room_ideas
    jobs = theming.accept_themes(
        db, workshop, question["id"], [{"label": "Jobs", "ideas": ids[:1]}]
    )
    jobs = jobs.value["groups"][0]["id"]
    theming.move_ideas_to_theme(db, workshop, question["id"], ids[1:3], jobs)
    assert groups_of(db, workshop, question) == {jobs: ids[:3]}


def test_bad_input_is_refused_clearly_and_changes_nothing(db, workshop, accepted_themes):
    question, ids, (jobs, travel, breaks) = accepted_themes
    other_workshop = workshops.create(db, "Another workshop")
    stranger = themed.write_ideas(db, other_workshop, open_first(db, other_workshop))
    second = store.questions_of(db, workshop["id"])[1]
    agenda.open_question(db, workshop, second["id"])
    elsewhere = contributions.submit_idea(
        db,
        workshop,
        workshops.join(db, workshop, "carer")[0].value,
        question_id=second["id"],
        text="Ideas for the second question",
    ).value["id"]
    agenda.open_question(db, workshop, question["id"])
    other_theme = theming.accept_themes(
        db, workshop, second["id"], [{"label": "Second", "ideas": [elsewhere]}]
    ).value["groups"][0]["id"]
    moderation.hide(db, workshop, ids[4])
    moderation.merge(db, workshop, ids[5], ids[3])
    theming.move_ideas_to_theme(db, workshop, question["id"], [ids[7]], None)
    before = groups_of(db, workshop, question)
    logged = len(events(db, workshop))
    q = question["id"]
    refused = [
        (Invalid, "bad_ideas", q, [], jobs),
        (Invalid, "bad_ideas", q, None, jobs),
        (Invalid, "bad_ideas", q, "all", jobs),
        (Invalid, "bad_ideas", q, [ids[6], ids[6]], jobs),
        (Invalid, "bad_ideas", q, [True], jobs),
        (NotFound, "not_found", q, [2**62], jobs),
        (NotFound, "not_found", q, [ids[6], stranger[0]], jobs),
        (Conflict, "conflict", q, [ids[6], elsewhere], jobs),  # another question's idea
        (Conflict, "not_shown", q, [ids[6], ids[4]], jobs),  # hidden
        (Conflict, "not_shown", q, [ids[5], ids[7]], jobs),  # merged
        (NotFound, "not_found", q, [ids[6]], 12345),
        (Conflict, "conflict", q, [ids[6]], other_theme),  # another question's theme
        (Invalid, "unchanged", q, ids[:2], jobs),
        (Invalid, "unchanged", q, [ids[7]], None),
        (NotFound, "not_found", 99999, [ids[6]], jobs),
    ]
    for error, code, question_id, idea_ids, theme_id in refused:
        with pytest.raises(error) as caught:
            theming.move_ideas_to_theme(db, workshop, question_id, idea_ids, theme_id)
        assert caught.value.code == code, (idea_ids, theme_id, caught.value.message)
    with pytest.raises(Conflict, match=f"#{ids[4]} is hidden"):
        theming.move_ideas_to_theme(db, workshop, q, [ids[6], ids[4]], jobs)
    assert groups_of(db, workshop, question) == before
    assert len(events(db, workshop)) == logged
    # Nor was an undo step kept: undo takes back the last real change (ids[7] out).
    theming.undo_themes(db, workshop, q)
    assert ids[7] in groups_of(db, workshop, question)[breaks]


def test_a_move_of_several_teaches_the_next_suggestion(db, workshop, room_ideas):
    question, ids = room_ideas
    jobs = theming.accept_themes(
        db, workshop, question["id"], [{"label": "Jobs", "ideas": ids[:3]}]
    ).value["groups"][0]["id"]

    def with_first_job():
        groups = theming.suggestion(db, workshop, question["id"])["groups"]
        return next(set(g["ideas"]) for g in groups if ids[0] in g["ideas"])

    assert not with_first_job() & {ids[5], ids[6]}
    # The facilitator says the solar panels and the respite belong with jobs.
    theming.move_ideas_to_theme(db, workshop, question["id"], [ids[5], ids[6]], jobs)
    assert {ids[0], ids[1], ids[2], ids[5], ids[6]} <= with_first_job()


def test_the_action_reaches_every_console_and_refuses_attendees(
    app, client, db, workshop, accepted_themes
):
    question, ids, (jobs, travel, breaks) = accepted_themes
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    second = app.test_client()
    other = socket_for(app, second, workshop, "console", key=workshop["facilitator_key"])
    phone_client = app.test_client()
    join(phone_client, workshop, "carer")
    phone = socket_for(app, phone_client, workshop, "phone")
    for s in (console, other, phone):
        wait_for(s, "snapshot")
    payload = {"question_id": question["id"], "idea_ids": [ids[3], ids[6]], "theme_id": jobs}
    refused = phone.emit("move_ideas_to_theme", payload, callback=True)
    assert refused["ok"] is False
    ack = console.emit("move_ideas_to_theme", payload, callback=True)
    assert ack["ok"] is True, ack
    jobs_now = next(g for g in ack["themes"]["groups"] if g["id"] == jobs)
    assert jobs_now["ideas"] == ids[:3] + [ids[3], ids[6]]
    heard = wait_for(other, "event", lambda e: e["type"] == "themes_changed")
    assert heard["data"]["groups"] == ack["themes"]["groups"]
    assert (
        wait_for(phone, "event", lambda e: e["type"] == "themes_changed")["data"] == ack["themes"]
    )
    bad = console.emit(
        "move_ideas_to_theme", {**payload, "idea_ids": [ids[0], ids[0]]}, callback=True
    )
    assert bad["error"]["code"] == "bad_ideas"
    # Over HTTP too, with the same checks.
    path = f"/api/w/{workshop['code']}/console/move_ideas_to_theme"
    headers = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    assert phone_client.post(path, json=payload).status_code == 403
    for body in ({**payload, "idea_ids": "all"}, {**payload, "idea_ids": [1.5]}):
        assert client.post(path, json=body, headers=headers).status_code == 400
    out = client.post(path, json={**payload, "theme_id": None}, headers=headers)
    assert out.status_code == 200, out.get_json()
    placed = {i for g in out.get_json()["themes"]["groups"] for i in g["ideas"]}
    assert not placed & {ids[3], ids[6]}
