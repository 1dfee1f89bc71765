"""Phones after themes are accepted (issue 22 item 5, issue 24 item 2): the
phone-safe themes live, in the snapshot and on catch-up; "that is not what I
meant" through the action table to the console and the archive; the approval
queue's waiting ideas grouped by suggested theme."""

import json

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.cli import restore
from workshop.report import archive
from workshop.room import moderation
from workshop.storage import db as store

pytestmark = pytest.mark.timeout(60)

TEXTS = [
    "Paid jobs for people who get care",
    "paid work for people who receive care and support",
    "I want a job. I want to earn money.",
    "Respite for family carers so they get a break",
    "Short breaks for carers who look after family",
    "A lunch club on Friday",
]


def _ideas(phone, workshop, question, texts):
    path = f"/api/w/{workshop['code']}/ideas"
    ids = []
    for n, text in enumerate(texts):
        body = {"question_id": question["id"], "text": text, "client_id": f"c-{id(phone)}-{n}"}
        reply = phone.post(path, json=body)
        assert reply.status_code == 201, reply.get_json()
        ids.append(reply.get_json()["idea"]["id"])
    return ids


@pytest.fixture
def room(app, client, workshop, open_question):
    author = join(app.test_client(), workshop, "carer")
    other = join(app.test_client(), workshop, "provider")
    mine = _ideas(author, workshop, open_question, TEXTS[:3])
    theirs = _ideas(other, workshop, open_question, TEXTS[3:])
    return {"author": author, "other": other, "mine": mine, "theirs": theirs}


def _accept(client, workshop, question, groups):
    reply = client.post(
        f"/api/w/{workshop['code']}/console/accept_themes",
        json={"question_id": question["id"], "groups": groups},
        headers={"Authorization": f"Bearer {workshop['facilitator_key']}"},
    )
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()["themes"]


def test_phones_get_themes_live_in_the_snapshot_and_on_catch_up(
    app, client, db, workshop, open_question, room
):
    code = workshop["code"]
    before = store.last_seq(db, workshop["id"])
    phone = socket_for(app, room["other"], workshop, "phone")
    wait_for(phone, "snapshot")
    groups = [{"label": "<b>Paid work</b>", "ideas": room["mine"]}]
    themes = _accept(client, workshop, open_question, groups)
    live = wait_for(phone, "event", lambda e: e["type"] == "themes_changed")
    assert live["data"] == themes and live["data"]["groups"][0]["label"] == "<b>Paid work</b>"
    # A reconnecting phone catches up on the themes it missed.
    again = socket_for(app, room["other"], workshop, "phone", since=before)
    caught = wait_for(again, "caught_up")
    assert [e["data"] for e in caught["events"] if e["type"] == "themes_changed"] == [themes]
    # A fresh load has them in its snapshot, with shown ideas only.
    moderation.hide(db, workshop, room["mine"][0])
    snap = room["author"].get(f"/api/w/{code}/snapshot").get_json()
    assert snap["themes"] == [
        {
            "question_id": open_question["id"],
            "groups": [{**themes["groups"][0], "ideas": room["mine"][1:]}],
        }
    ]
    assert snap["my_ideas"] == {"ideas": room["mine"][1:], "not_meant": []}
    # A board has the same themes (its themes view) but no one's own ideas.
    board = client.get(f"/api/w/{code}/snapshot?view=board").get_json()
    assert board["themes"] == snap["themes"] and "my_ideas" not in board


def test_not_what_i_meant_once_by_the_author_reaches_the_console_and_the_archive(
    app, client, db, workshop, open_question, room
):
    code = workshop["code"]
    _accept(client, workshop, open_question, [{"label": "Paid work", "ideas": room["mine"][:2]}])
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    wait_for(console, "snapshot")
    idea = room["mine"][0]
    path = f"/api/w/{code}/ideas/{idea}/not-meant"
    assert room["other"].post(path, json={}).status_code == 403  # not theirs
    loose = room["author"].post(f"/api/w/{code}/ideas/{room['mine'][2]}/not-meant", json={})
    assert loose.status_code == 409  # in no theme
    assert room["author"].post(f"/api/w/{code}/ideas/99999/not-meant", json={}).status_code == 404
    first = room["author"].post(path, json={})
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["not_meant"]["theme"] == "Paid work"
    heard = wait_for(console, "event", lambda e: e["type"] == "idea_not_meant")
    assert heard["data"]["idea_id"] == idea
    # A double tap (or a resend) is one: no second event.
    seq = store.last_seq(db, workshop["id"])
    second = room["author"].post(path, json={})
    assert second.status_code == 200 and second.get_json()["duplicate"] is True
    assert store.last_seq(db, workshop["id"]) == seq
    # Over the socket too, one per idea.
    phone = socket_for(app, room["author"], workshop, "phone")
    wait_for(phone, "snapshot")
    ack = phone.emit("not_what_i_meant", {"idea_id": idea}, callback=True)
    assert ack["duplicate"] is True
    bad = phone.emit("not_what_i_meant", {"idea_id": "x"}, callback=True)
    assert "error" in bad
    facilitator = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    snap = client.get(f"/api/w/{code}/snapshot", headers=facilitator).get_json()
    assert snap["not_meant"] == [{"idea_id": idea, "question_id": open_question["id"]}]
    mine = room["author"].get(f"/api/w/{code}/snapshot").get_json()["my_ideas"]
    assert mine["not_meant"] == [idea]
    # Phones never hear it: it is the facilitator's.
    events = room["other"].get(f"/api/w/{code}/events?since=0").get_json()["events"]
    assert "idea_not_meant" not in {e["type"] for e in events}
    saved = json.loads(archive.dumps(archive.export(db, [workshop])))
    rows = saved["workshops"][0]["ideas"]
    assert [r["not_meant_at"] is not None for r in rows] == [True] + [False] * 5
    # `workshop import` brings it back.
    (again, _), *_ = restore.restore(db, saved)
    back = store.ideas_of(db, again["id"])
    kept = db.conn.execute(
        "SELECT count(*) FROM ideas WHERE workshop_id = ? AND not_meant_at IS NOT NULL",
        (again["id"],),
    ).fetchone()[0]
    assert len(back) == 6 and kept == 1


def test_waiting_ideas_grouped_by_suggested_theme_for_the_console(
    app, client, db, workshop, open_question
):
    moderation.set_approval(db, workshop, True)
    phone = join(app.test_client(), workshop, "carer")
    ids = _ideas(phone, workshop, open_question, TEXTS)
    code = workshop["code"]
    facilitator = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    path = f"/api/w/{code}/themes/waiting?question_id={open_question['id']}"
    assert phone.get(path).status_code == 403
    assert client.get(f"/api/w/{code}/themes/waiting", headers=facilitator).status_code == 400
    found = client.get(path, headers=facilitator).get_json()
    grouped = [i for g in found["groups"] for i in g["ideas"]]
    assert found["groups"] and set(grouped) <= set(ids) and len(grouped) == len(set(grouped))
    # Approving one theme's ideas is the existing one action.
    reply = client.post(
        f"/api/w/{code}/console/approve_ideas",
        json={"idea_ids": found["groups"][0]["ideas"]},
        headers=facilitator,
    )
    assert reply.status_code == 200, reply.get_json()
    shown = {i["id"] for i in store.ideas_of(db, workshop["id"])}
    assert shown == set(found["groups"][0]["ideas"])
