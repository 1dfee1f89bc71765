"""Accepted themes as data (workshop/room/theming.py): accept all or some,
rename, merge, split, move, undo; through the action table to consoles; and
the `workshop themes` command on a real database."""

import json
import os

import pytest

from harness import themed
from harness.clients import join, socket_for, wait_for
from workshop.cli import cli
from workshop.room import contributions, moderation, theming, workshops
from workshop.room.errors import Conflict, Invalid, NotFound
from workshop.storage import db as store
from workshop.web import state


def test_accept_rename_merge_split_move_and_undo(db, workshop, room_ideas):
    question, ids = room_ideas
    suggested = theming.suggestion(db, workshop, question["id"])
    assert suggested["question_id"] == question["id"] and suggested["groups"]
    every = theming.accept_themes(db, workshop, question["id"], suggested["groups"]).value
    assert [g["ideas"] for g in every["groups"]] == [g["ideas"] for g in suggested["groups"]]
    theming.undo_themes(db, workshop, question["id"])
    # Some: the facilitator's own two groups, two ideas left in no theme.
    mine = [{"label": "Jobs", "ideas": ids[:3]}, {"label": "Travel", "ideas": ids[3:6]}]
    change = theming.accept_themes(db, workshop, question["id"], mine)
    assert change.events[0]["type"] == "themes_changed"
    assert state.audience("themes_changed") == ("phone", "board", "console")  # phones group by them
    accepted = change.value["groups"]
    assert [g["ideas"] for g in accepted] == [ids[:3], ids[3:6]]
    first, second = accepted[0]["id"], accepted[1]["id"]

    named = theming.rename_theme(db, workshop, first, "  <b>Paid work</b>  ").value
    assert named["groups"][0]["label"] == "<b>Paid work</b>"  # cleaned, stored as text

    merged = theming.merge_themes(db, workshop, second, first).value["groups"]
    assert len(merged) == 1 and set(merged[0]["ideas"]) == set(
        accepted[0]["ideas"] + accepted[1]["ideas"]
    )
    out = merged[0]["ideas"][-1:]
    split = theming.split_theme(db, workshop, first, out, "Split off").value["groups"]
    assert [g["label"] for g in split] == ["<b>Paid work</b>", "Split off"]
    assert split[1]["ideas"] == out

    loose = ids[7]
    moved = theming.move_to_theme(db, workshop, loose, first).value["groups"]
    assert loose in moved[0]["ideas"]
    taken = theming.move_to_theme(db, workshop, loose, None).value["groups"]
    assert loose not in taken[0]["ideas"]

    # Undo walks back one change at a time, to nothing at all.
    assert theming.undo_themes(db, workshop, question["id"]).value["groups"] == moved
    assert theming.undo_themes(db, workshop, question["id"]).value["groups"] == split
    theming.undo_themes(db, workshop, question["id"])
    theming.undo_themes(db, workshop, question["id"])
    back = theming.undo_themes(db, workshop, question["id"]).value["groups"]
    assert [g["ideas"] for g in back] == [g["ideas"] for g in accepted]
    assert theming.undo_themes(db, workshop, question["id"]).value["groups"] == []
    with pytest.raises(Conflict, match="no change"):
        theming.undo_themes(db, workshop, question["id"])


def test_hidden_and_merged_ideas_leave_a_theme_and_a_restore_brings_them_back(
    db, workshop, room_ideas
):
    question, ids = room_ideas
    theming.accept_themes(db, workshop, question["id"], [{"label": "All", "ideas": ids[:4]}])
    moderation.hide(db, workshop, ids[0])
    moderation.merge(db, workshop, ids[1], ids[2])
    (shown,) = theming.accepted(db, workshop, question["id"])
    assert shown["groups"][0]["ideas"] == ids[2:4]
    moderation.restore(db, workshop, ids[0])
    (shown,) = theming.accepted(db, workshop, question["id"])
    assert shown["groups"][0]["ideas"] == [ids[0], *ids[2:4]]
    with pytest.raises(Conflict):
        theming.move_to_theme(db, workshop, ids[1], shown["groups"][0]["id"])  # merged


def test_bad_input_changes_nothing(db, workshop, room_ideas):
    question, ids = room_ideas
    other = workshops.create(db, "Another workshop")
    bad_groups = [
        None,
        [],
        "all",
        [{"label": "", "ideas": ids[:2]}],
        [{"label": "x" * 81, "ideas": ids[:2]}],
        [{"label": "Jobs", "ideas": []}],
        [{"label": "Jobs", "ideas": [ids[0], ids[0]]}],
        [{"label": "Jobs", "ideas": [True]}],
        [{"label": "A", "ideas": ids[:2]}, {"label": "B", "ideas": ids[1:3]}],
        ["Jobs"],
    ]
    for groups in bad_groups:
        with pytest.raises((Invalid, Conflict)):
            theming.accept_themes(db, workshop, question["id"], groups)
    with pytest.raises(Conflict):
        theming.accept_themes(db, workshop, question["id"], [{"label": "J", "ideas": [2**62]}])
    with pytest.raises(NotFound):
        theming.accept_themes(db, other, question["id"], [{"label": "J", "ideas": ids[:1]}])
    with pytest.raises(NotFound):
        theming.rename_theme(db, workshop, 12345, "Nope")
    assert theming.accepted(db, workshop) == []
    assert store.events_since(db, workshop["id"], 0, 500)[-1]["type"] != "themes_changed"


def test_actions_reach_consoles_and_phones_and_refuse_attendees(
    app, client, db, workshop, room_ideas
):
    question, ids = room_ideas
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    phone_client = app.test_client()
    join(phone_client, workshop, "carer")
    phone = socket_for(app, phone_client, workshop, "phone")
    wait_for(console, "snapshot")
    wait_for(phone, "snapshot")
    headers = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    path = f"/api/w/{workshop['code']}/console/accept_themes"
    body = {"question_id": question["id"], "groups": [{"label": "Jobs", "ideas": ids[:3]}]}
    assert phone_client.post(path, json=body).status_code == 403
    reply = client.post(path, json=body, headers=headers)
    assert reply.status_code == 200, reply.get_json()
    themes = reply.get_json()["themes"]
    assert themes["groups"][0]["label"] == "Jobs"
    heard = wait_for(console, "event", lambda e: e["type"] == "themes_changed")
    assert heard["data"]["groups"] == themes["groups"]
    # Phones group their vote list by accepted themes (issue 22 item 5).
    assert wait_for(phone, "event", lambda e: e["type"] == "themes_changed")["data"] == themes
    bad = client.post(path, json={"question_id": question["id"], "groups": "nope"}, headers=headers)
    assert bad.status_code == 400
    ack = console.emit(
        "rename_theme", {"theme_id": themes["groups"][0]["id"], "label": ""}, callback=True
    )
    assert ack["error"]["code"] == "empty"


def test_command_suggests_without_writing_and_prints_accepted(runner):
    from workshop.cli import demo

    path = os.environ["WORKSHOP_DB"]  # the runner fixture's database
    db = store.migrate(store.connect(path))
    workshop = demo.create(db, plan_stage=False)
    db.conn.close()
    before = store.connect(path)
    events = store.last_seq(before, workshop["id"])

    result = runner.invoke(cli, ["themes", workshop["code"], "--suggest", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)["questions"]
    shown = store.ideas_of(before, workshop["id"])
    with_ideas = [q["id"] for q in store.questions_of(before, workshop["id"])]
    with_ideas = [q for q in with_ideas if any(i["question_id"] == q for i in shown)]
    assert [q["question_id"] for q in printed] == with_ideas
    for q in printed:
        own = {i["id"] for i in shown if i["question_id"] == q["question_id"]}
        listed = [i for g in q["groups"] for i in g["ideas"]]
        assert sorted(listed) == sorted(own) or (not q["groups"] and len(own) < 3)
        assert all(set(g) == {"label", "ideas"} for g in q["groups"])
    assert store.last_seq(before, workshop["id"]) == events  # nothing written
    assert theming.accepted(before, workshop) == []

    one = printed[0]
    only = runner.invoke(
        cli,
        ["themes", workshop["code"], "--suggest", "--question", str(one["question_id"]), "--json"],
    )
    assert json.loads(only.output)["questions"] == [one]

    theming.accept_themes(before, workshop, one["question_id"], one["groups"][:1])
    accepted = json.loads(runner.invoke(cli, ["themes", workshop["code"], "--json"]).output)
    assert accepted == {
        "questions": [{"question_id": one["question_id"], "groups": one["groups"][:1]}]
    }
    text = runner.invoke(cli, ["themes", workshop["code"]]).output
    assert one["groups"][0]["label"] in text

    missing = runner.invoke(cli, ["themes", "NOPE99", "--suggest"])
    assert missing.exit_code == 2 and "no workshop with that code" in missing.output
    elsewhere = runner.invoke(
        cli, ["themes", workshop["code"], "--suggest", "--question", "999999"]
    )
    assert elsewhere.exit_code == 2 and "no such question" in elsewhere.output
    before.conn.close()


def test_archive_carries_themes_and_import_round_trips_them(db, workshop, room_ideas, tmp_path):
    from workshop.cli import restore
    from workshop.report import export

    question, ids = room_ideas
    theming.accept_themes(
        db,
        workshop,
        question["id"],
        [{"label": "Jobs & <work>", "ideas": ids[:3]}, {"label": "Travel", "ideas": ids[3:6]}],
    )
    moderation.hide(db, workshop, ids[3])  # hidden: left out of the archive's themes
    first = export.render(db, [workshop], "json").content
    entry = json.loads(first)["workshops"][0]
    assert [(t["label"], len(t["ideas"])) for t in entry["themes"]] == [
        ("Jobs & <work>", 3),
        ("Travel", 2),
    ]
    other = store.migrate(store.connect(tmp_path / "other.db"))
    try:
        [(restored, _)] = restore.restore(other, restore.loads(first))
        texts = {i["id"]: i["text"] for i in store.ideas_of(other, restored["id"])}
        (q,) = theming.accepted(other, restored)
        assert [(g["label"], [texts[i] for i in g["ideas"]]) for g in q["groups"]] == [
            ("Jobs & <work>", themed.TEXTS[:3]),
            ("Travel", themed.TEXTS[4:6]),
        ]
        assert export.render(other, [restored], "json").content == first
        # An archive from before themes (no "themes" key) still imports.
        old = json.loads(first)
        del old["workshops"][0]["themes"]
        [(again, _)] = restore.restore(other, old)
        assert theming.accepted(other, again) == []
        broken = json.loads(first)
        broken["workshops"][0]["themes"][0]["ideas"] = [9999]
        with pytest.raises(Invalid, match="damaged"):
            restore.restore(other, broken)
    finally:
        other.conn.close()


def test_read_routes_for_the_console(client, db, workshop, room_ideas):
    question, ids = room_ideas
    author = workshops.join(db, workshop, "carer")[0].value
    again = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=question["id"],
        text="Short braeks for carers who look after famly",
    ).value
    base = f"/api/w/{workshop['code']}"
    headers = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    assert client.get(f"{base}/themes?suggest=1").status_code == 403
    suggested = client.get(f"{base}/themes?suggest=1", headers=headers).get_json()["questions"]
    assert [q["question_id"] for q in suggested] == [question["id"]]
    assert sorted(i for g in suggested[0]["groups"] for i in g["ideas"]) == [*ids, again["id"]]
    assert client.get(f"{base}/themes", headers=headers).get_json() == {"questions": []}
    assert client.get(f"{base}/themes?question_id=x", headers=headers).status_code == 400
    assert client.get(f"{base}/themes?question_id=999999", headers=headers).status_code == 404
    looks = client.get(f"{base}/ideas/{again['id']}/looks-like", headers=headers).get_json()
    assert looks["looks_like"]["id"] == ids[7]
    first = client.get(f"{base}/ideas/{ids[0]}/looks-like", headers=headers).get_json()
    assert first == {"looks_like": None}  # nothing came before it
    assert client.get(f"{base}/ideas/999999/looks-like", headers=headers).status_code == 404
    # The whole question at once, for a console that opens on a full room.
    alike = f"{base}/questions/{question['id']}/looks-like"
    assert client.get(alike).status_code == 403
    every = client.get(alike, headers=headers).get_json()["looks_like"]
    assert every[str(again["id"])] == looks["looks_like"]
    assert str(ids[0]) not in every
    assert client.get(f"{base}/questions/999999/looks-like", headers=headers).status_code == 404


def test_purge_removes_themes_their_ideas_and_undo(db, workshop, room_ideas):
    from workshop.room import maintenance

    question, ids = room_ideas
    theming.accept_themes(db, workshop, question["id"], [{"label": "Jobs", "ideas": ids[:3]}])
    theming.rename_theme(db, workshop, theming.accepted(db, workshop)[0]["groups"][0]["id"], "Work")
    maintenance.purge(db, workshop)
    for table in ("themes", "theme_ideas", "theme_undo"):
        assert db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table


def test_an_edited_or_hidden_ideas_old_words_never_reach_a_suggested_label(
    db, workshop, room_ideas
):
    question, ids = room_ideas
    author = workshops.join(db, workshop, "provider")[0].value
    rude = [
        contributions.submit_idea(
            db, workshop, author, question_id=question["id"], text=f"Blastwords jobs {n}"
        ).value["id"]
        for n in range(3)
    ]
    labels = [g["label"] for g in theming.suggestion(db, workshop, question["id"])["groups"]]
    assert any("blastwords" in label.lower() for label in labels)  # the check can fail
    moderation.edit(db, workshop, rude[0], "Paid jobs for carers")
    moderation.edit(db, workshop, rude[1], "Jobs in the community")
    moderation.hide(db, workshop, rude[2])
    labels = [g["label"] for g in theming.suggestion(db, workshop, question["id"])["groups"]]
    assert not any("blastwords" in label.lower() for label in labels), labels
