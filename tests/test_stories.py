"""Stories (principle 13) and supporter entry: domain, HTTP and socket."""

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.room import contributions, rules, stories, workshops
from workshop.room.errors import Conflict, Invalid, NotFound
from workshop.storage import db as store
from workshop.storage import story_rows


def person(db, workshop, role="provider"):
    change, _ = workshops.join(db, workshop, role)
    return change.value


def counts(db):
    return {
        t: db.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("ideas", "stories", "events")
    }


# Domain


def test_a_story_is_kept_with_its_quoting_choice_and_logged_without_its_words(
    db, workshop, open_question
):
    expert = person(db, workshop, "person_receiving_care")
    change = stories.submit_story(
        db,
        workshop,
        expert,
        text="  My buddy takes me to the football every week.  ",
        may_quote=True,
        question_id=open_question["id"],
        client_id="story-0001",
    )
    story = change.value
    assert story["text"] == "My buddy takes me to the football every week."
    assert story["may_quote"] is True and story["expert_by_experience"] is True
    assert story["entered_by"] == "self" and story["question_id"] == open_question["id"]
    assert "participant_id" not in story and "client_id" not in story
    [event] = change.events
    assert event["type"] == "story_added"
    assert event["data"]["may_quote"] is True and "text" not in event["data"]
    row = story_rows.story_by_id(db, story["id"])
    assert (row["participant_id"], row["client_id"], row["may_quote"], row["status"]) == (
        expert["id"],
        "story-0001",
        1,
        "shown",
    )


def test_a_story_needs_no_open_question(db, workshop):
    carer = person(db, workshop, "carer")
    story = stories.submit_story(
        db, workshop, carer, text="Changing carers is hard.", may_quote=False
    ).value
    assert story["question_id"] is None and story["may_quote"] is False


def test_the_same_story_sent_twice_is_stored_once(db, workshop):
    carer = person(db, workshop, "carer")
    first = stories.submit_story(
        db, workshop, carer, text="One", may_quote=True, client_id="story-same-1"
    )
    before = counts(db)
    again = stories.submit_story(
        db, workshop, carer, text="One", may_quote=True, client_id="story-same-1"
    )
    assert again.duplicate and again.value == first.value and again.events == []
    assert counts(db) == before
    with pytest.raises(Conflict):  # someone else's client id is not theirs to replay
        stories.submit_story(
            db, workshop, person(db, workshop), text="One", may_quote=True, client_id="story-same-1"
        )


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"text": "", "may_quote": True}, "empty"),
        ({"text": "x" * (stories.STORY_MAX + 1), "may_quote": True}, "too_long"),
        ({"text": "Fine", "may_quote": None}, "quote_choice_needed"),
        ({"text": "Fine", "may_quote": "yes"}, "quote_choice_needed"),
        ({"text": "Fine", "may_quote": True, "client_id": "bad id!"}, "bad_client_id"),
        ({"text": "Fine", "may_quote": True, "on_behalf_of": "king"}, "unknown_role"),
    ],
)
def test_bad_stories_are_refused_and_change_nothing(db, workshop, fields, code):
    teller = person(db, workshop)
    before = counts(db)
    with pytest.raises(Invalid) as refused:
        stories.submit_story(db, workshop, teller, **fields)
    assert refused.value.code == code and refused.value.message
    assert counts(db) == before


def test_a_story_about_another_workshops_question_is_refused(db, workshop):
    other = workshops.create(db, "Another workshop")
    foreign = rules.agenda(db, other)[0]
    with pytest.raises(NotFound):
        stories.submit_story(
            db, workshop, person(db, workshop), text="Hi", may_quote=True, question_id=foreign["id"]
        )


def test_the_report_lists_only_shown_stories_and_can_ask_for_quotable_ones(db, workshop):
    teller = person(db, workshop, "person_receiving_care")
    yes = stories.submit_story(db, workshop, teller, text="Quote me", may_quote=True).value
    stories.submit_story(db, workshop, teller, text="Do not quote me", may_quote=False)
    assert [s["text"] for s in stories.listing(db, workshop)] == ["Quote me", "Do not quote me"]
    assert stories.listing(db, workshop, quotable_only=True) == [yes]
    db.conn.execute("UPDATE stories SET status = 'hidden' WHERE id = ?", (yes["id"],))
    assert stories.listing(db, workshop, quotable_only=True) == []
    assert len(story_rows.stories_of(db, workshop["id"], include_hidden=True)) == 2


def test_a_supporter_enters_an_idea_and_a_story_for_the_person_they_help(
    db, workshop, open_question
):
    supporter = person(db, workshop, "other")
    idea = contributions.submit_idea(
        db,
        workshop,
        supporter,
        question_id=open_question["id"],
        text="Jobs at the cafe",
        on_behalf_of="person_receiving_care",
    ).value
    assert (idea["author_role"], idea["entered_by"], idea["expert_by_experience"]) == (
        "person_receiving_care",
        "supporter",
        True,
    )
    row = store.idea_by_id(db, idea["id"])
    assert row["participant_id"] == supporter["id"]
    story = stories.submit_story(
        db,
        workshop,
        supporter,
        text="She loves her job.",
        may_quote=True,
        on_behalf_of="person_receiving_care",
    ).value
    assert (story["author_role"], story["entered_by"]) == ("person_receiving_care", "supporter")
    mine = contributions.submit_idea(
        db,
        workshop,
        supporter,
        question_id=open_question["id"],
        text="My own idea",
        on_behalf_of="",
    ).value
    assert (mine["author_role"], mine["entered_by"]) == ("other", "self")


def test_a_supporter_must_name_a_real_role(db, workshop, open_question):
    supporter = person(db, workshop)
    before = counts(db)
    with pytest.raises(Invalid) as refused:
        contributions.submit_idea(
            db,
            workshop,
            supporter,
            text="Hi",
            question_id=open_question["id"],
            on_behalf_of="mayor",
        )
    assert refused.value.code == "unknown_role"
    assert counts(db) == before


# HTTP


def test_stories_over_http(app, client, db, workshop):
    url = f"/api/w/{workshop['code']}/stories"
    assert client.post(url, json={"text": "Hi", "may_quote": True}).status_code == 403
    join(client, workshop, "carer")
    body = {"text": "Respite saved us.", "may_quote": False, "client_id": "http-story-1"}
    created = client.post(url, json=body)
    assert created.status_code == 201
    assert created.get_json()["story"]["may_quote"] is False
    again = client.post(url, json=body)
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    refused = client.post(url, json={"text": "No choice made"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "quote_choice_needed"
    assert len(story_rows.stories_of(db, workshop["id"])) == 1


def test_supporter_idea_over_http(app, client, db, workshop, open_question):
    join(client, workshop, "provider")
    reply = client.post(
        f"/api/w/{workshop['code']}/ideas",
        json={
            "question_id": open_question["id"],
            "text": "Buddy scheme",
            "on_behalf_of": "person_receiving_care",
        },
    )
    assert reply.status_code == 201
    assert reply.get_json()["idea"]["entered_by"] == "supporter"
    bad = client.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": open_question["id"], "text": "x", "on_behalf_of": "nobody"},
    )
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "unknown_role"
    assert len(store.ideas_of(db, workshop["id"])) == 1


# Socket


def test_stories_and_supporter_ideas_over_the_socket(app, client, db, workshop, open_question):
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board, "snapshot")
    join(client, workshop, "vcse")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    payload = {
        "text": "The day centre is where I see my friends.",
        "may_quote": True,
        "client_id": "sock-story-1",
        "on_behalf_of": "person_receiving_care",
        "question_id": open_question["id"],
    }
    ack = phone.emit("submit_story", payload, callback=True)
    assert ack["ok"] and ack["duplicate"] is False
    assert ack["story"]["entered_by"] == "supporter"
    assert story_rows.story_by_id(db, ack["story"]["id"])  # committed before the ack
    event = wait_for(board, "event", lambda e: e["type"] == "story_added")
    assert "text" not in event["data"] and event["data"]["may_quote"] is True
    assert phone.emit("submit_story", payload, callback=True)["duplicate"] is True
    refused = phone.emit("submit_story", {"text": "No choice"}, callback=True)
    assert refused["ok"] is False and refused["error"]["code"] == "quote_choice_needed"
    assert len(story_rows.stories_of(db, workshop["id"])) == 1
    idea = phone.emit(
        "submit_idea",
        {
            "question_id": open_question["id"],
            "text": "Paid jobs",
            "on_behalf_of": "person_receiving_care",
        },
        callback=True,
    )
    assert idea["ok"] and idea["idea"]["author_role"] == "person_receiving_care"
    assert idea["idea"]["entered_by"] == "supporter"
