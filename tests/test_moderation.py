"""Moderation: approve-before-shown, hide and restore, typo fixes, merging
duplicates (and undoing it), the scribe; through the domain, sockets and HTTP."""

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.clients import join, socket_for, wait_for
from workshop.room import agenda, contributions, moderation, rules, workshops
from workshop.room.errors import Conflict, Invalid, NotFound
from workshop.storage import db as store
from workshop.web import state


def person(db, workshop, role="provider"):
    return workshops.join(db, workshop, role)[0].value


def idea(db, workshop, question, author, text):
    return contributions.submit_idea(
        db, workshop, author, question_id=question["id"], text=text
    ).value


def vote(db, workshop, voter, target):
    return contributions.cast_vote(db, workshop, voter, idea_id=target["id"]).value


def totals(db, workshop):
    return {i: sum(r.values()) for i, r in store.tallies(db, workshop["id"]).items()}


def board_ideas(db, workshop):
    return {i["id"]: i for i in state.snapshot(db, workshop, "board")["ideas"]}


def test_approve_before_shown_keeps_an_idea_off_board_and_phones(db, workshop, open_question):
    moderation.set_approval(db, workshop, True)
    workshop = workshops.get(db, workshop["code"])
    author = person(db, workshop, "person_receiving_care")
    change = contributions.submit_idea(
        db, workshop, author, question_id=open_question["id"], text="Paid jobs for us"
    )
    assert change.value["status"] == "pending"
    assert [e["type"] for e in change.events] == ["idea_pending"]
    assert board_ideas(db, workshop) == {}
    assert state.snapshot(db, workshop, "phone", author)["ideas"] == []
    assert [i["status"] for i in state.snapshot(db, workshop, "console")["ideas"]] == ["pending"]
    board_catch_up = state.catch_up(db, workshop, 0, view="board")
    assert "idea_pending" not in [e["type"] for e in board_catch_up["events"]]
    assert "idea_pending" in [
        e["type"] for e in state.catch_up(db, workshop, 0, view="console")["events"]
    ]
    voter = person(db, workshop)
    with pytest.raises(NotFound):
        vote(db, workshop, voter, change.value)
    approved = moderation.approve(db, workshop, change.value["id"])
    assert approved.events[0]["type"] == "idea_approved"
    assert list(board_ideas(db, workshop)) == [change.value["id"]]
    with pytest.raises(Conflict):
        moderation.approve(db, workshop, change.value["id"])


def test_hide_gives_dots_back_and_restore_brings_the_idea_back(db, workshop, open_question):
    author, voter = person(db, workshop), person(db, workshop, "carer")
    target = idea(db, workshop, open_question, author, "Something rude")
    vote(db, workshop, voter, target)
    hidden = moderation.hide(db, workshop, target["id"])
    assert hidden.events[0]["data"] == {"idea_id": target["id"], "votes_returned": 1}
    assert board_ideas(db, workshop) == {} and totals(db, workshop) == {}
    assert state.my_votes(db, workshop, voter, open_question["id"])["votes_left"] == 3
    for action in (moderation.hide, moderation.approve):
        with pytest.raises(Conflict):
            action(db, workshop, target["id"])
    with pytest.raises(Conflict):
        moderation.edit(db, workshop, target["id"], "Fixed")
    moderation.restore(db, workshop, target["id"])
    assert list(board_ideas(db, workshop)) == [target["id"]]
    with pytest.raises(Conflict):
        moderation.restore(db, workshop, target["id"])


def test_edit_keeps_the_original_words(db, workshop, open_question):
    target = idea(db, workshop, open_question, person(db, workshop), "Peer mentros")
    moderation.edit(db, workshop, target["id"], "Peer mentors")
    moderation.edit(db, workshop, target["id"], "Paid peer mentors")
    row = store.idea_by_id(db, target["id"])
    assert (row["text"], row["original_text"]) == ("Paid peer mentors", "Peer mentros")
    assert board_ideas(db, workshop)[target["id"]]["text"] == "Paid peer mentors"
    assert "original_text" not in board_ideas(db, workshop)[target["id"]]
    with pytest.raises(Invalid):
        moderation.edit(db, workshop, target["id"], "  ")
    with pytest.raises(Invalid):
        moderation.edit(db, workshop, target["id"], "x" * 501)


def test_merge_keeps_every_vote_and_author_and_undo_restores_it(db, workshop, open_question):
    expert, provider = person(db, workshop, "person_receiving_care"), person(db, workshop)
    jobs = idea(db, workshop, open_question, expert, "Paid jobs for us")
    work = idea(db, workshop, open_question, provider, "Employ people who use the service")
    both, one = person(db, workshop, "carer"), person(db, workshop, "commissioner")
    vote(db, workshop, both, jobs)
    vote(db, workshop, both, work)
    vote(db, workshop, one, jobs)
    merged = moderation.merge(db, workshop, jobs["id"], work["id"])
    assert merged.retally == [jobs["id"], work["id"]]
    assert totals(db, workshop) == {work["id"]: 3}
    shown = board_ideas(db, workshop)
    assert list(shown) == [work["id"]]
    assert shown[work["id"]]["author_roles"] == ["person_receiving_care", "provider"]
    assert shown[work["id"]]["expert_by_experience"] is True
    # The carer keeps two dots (not refunded, not added); nobody can vote twice for one idea.
    assert state.my_votes(db, workshop, both, open_question["id"])["votes_left"] == 1
    mine = state.snapshot(db, workshop, "phone", both)["me"]["votes"]
    assert [(v["idea_id"], v["counts_for"]) for v in mine] == [
        (jobs["id"], work["id"]),
        (work["id"], work["id"]),
    ]
    with pytest.raises(Conflict):
        vote(db, workshop, one, work)
    with pytest.raises(Conflict):  # a merged idea cannot be merged, hidden or edited
        moderation.merge(db, workshop, jobs["id"], work["id"])
    with pytest.raises(Conflict):
        moderation.hide(db, workshop, jobs["id"])
    moderation.unmerge(db, workshop, jobs["id"])
    assert totals(db, workshop) == {jobs["id"]: 2, work["id"]: 1}
    with pytest.raises(Conflict):
        moderation.unmerge(db, workshop, jobs["id"])


def test_merge_refuses_other_questions_and_other_workshops(db, workshop, open_question):
    author = person(db, workshop)
    first = idea(db, workshop, open_question, author, "One")
    second_question = rules.agenda(db, workshop)[1]
    agenda.open_question(db, workshop, second_question["id"])
    other = idea(db, workshop, second_question, author, "Two")
    with pytest.raises(Invalid):
        moderation.merge(db, workshop, first["id"], other["id"])
    with pytest.raises(Invalid):
        moderation.merge(db, workshop, other["id"], other["id"])
    elsewhere = workshops.create(db, "Another workshop")
    with pytest.raises(NotFound):
        moderation.hide(db, elsewhere, first["id"])
    with pytest.raises(NotFound):
        moderation.merge(db, workshop, first["id"], "2")


def test_scribe_types_in_an_idea_with_role_and_tags(db, workshop, open_question):
    change = moderation.scribe(
        db,
        workshop,
        question_id=open_question["id"],
        text="From a paper card: a cafe run by us",
        role="person_receiving_care",
        priority="local_employment",
        outcome_kind="adults_receiving_care",
        client_id="card-0001",
    )
    assert change.value["entered_by"] == "scribe"
    assert change.value["expert_by_experience"] is True
    assert store.idea_by_id(db, change.value["id"])["participant_id"] is None
    again = moderation.scribe(
        db,
        workshop,
        question_id=open_question["id"],
        text="anything",
        role="carer",
        client_id="card-0001",
    )
    assert again.duplicate and again.value["id"] == change.value["id"]
    with pytest.raises(Invalid):
        moderation.scribe(db, workshop, question_id=open_question["id"], text="x", role="king")
    with pytest.raises(Invalid):
        moderation.scribe(
            db,
            workshop,
            question_id=open_question["id"],
            text="x",
            role="carer",
            priority="world_peace",
        )


# Merge and unmerge, property-tested: any sequence of votes, withdrawals,
# merges and unmerges keeps every participant within the budget and counts
# every standing vote exactly once, for the idea its chain ends at.

steps = st.lists(
    st.tuples(
        st.sampled_from(["vote", "withdraw", "merge", "unmerge"]),
        st.integers(0, 3),
        st.integers(0, 5),
        st.integers(0, 5),
    ),
    max_size=30,
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_votes_survive_any_merges_and_unmerges(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("prop") / "prop.db"
    db = store.migrate(store.connect(path))
    try:
        workshop = workshops.create(db, "Property", vote_budget=3)
        question = rules.agenda(db, workshop)[0]
        agenda.open_question(db, workshop, question["id"])
        people = [
            person(db, workshop, role)
            for role in ("provider", "carer", "person_receiving_care", "vcse")
        ]
        ideas = [idea(db, workshop, question, people[n % 4], f"Idea {n}")["id"] for n in range(6)]
        for action, who, a, b in steps:
            try:
                if action == "vote":
                    contributions.cast_vote(db, workshop, people[who], idea_id=ideas[a])
                elif action == "withdraw":
                    standing = [v for v in store.votes_of(db, people[who]["id"])]
                    if standing:
                        contributions.withdraw_vote(
                            db,
                            workshop,
                            people[who],
                            client_id=standing[a % len(standing)]["client_id"],
                        )
                elif action == "merge":
                    moderation.merge(db, workshop, ideas[a], ideas[b])
                else:
                    moderation.unmerge(db, workshop, ideas[a])
            except (Conflict, Invalid, NotFound):
                pass
            check_votes(db, workshop, people, question)
    finally:
        db.conn.close()


def check_votes(db, workshop, people, question):
    rows = {r["id"]: r for r in store.all_ideas_of(db, workshop["id"])}

    def root(idea_id):
        while rows[idea_id]["merged_into"]:
            idea_id = rows[idea_id]["merged_into"]
        return idea_id

    standing = store.standing_votes_on(db, rows)
    expected = {}
    for v in standing:
        expected[root(v["idea_id"])] = expected.get(root(v["idea_id"]), 0) + 1
    assert totals(db, workshop) == expected  # nothing lost, nothing counted twice
    assert all(rows[i]["status"] == "shown" for i in expected)
    for p in people:
        mine = [v for v in standing if v["participant_id"] == p["id"]]
        assert len(mine) <= workshop["vote_budget"]
        # one dot per participant per merged group, unless they voted both before a merge
        assert state.my_votes(db, workshop, p, question["id"])["votes_left"] == 3 - len(mine)


def test_schema_refuses_a_vote_past_the_budget_even_on_merged_ideas(db, workshop, open_question):
    voter = person(db, workshop)
    ideas = [idea(db, workshop, open_question, voter, f"Idea {n}") for n in range(4)]
    for target in ideas[:3]:
        vote(db, workshop, voter, target)
    moderation.merge(db, workshop, ideas[0]["id"], ideas[3]["id"])
    with pytest.raises(Conflict):
        vote(db, workshop, voter, ideas[3])
    with pytest.raises(sqlite3.IntegrityError), store.transaction(db):
        store.insert_vote(
            db,
            workshop_id=workshop["id"],
            question_id=open_question["id"],
            idea_id=ideas[3]["id"],
            participant_id=voter["id"],
            voter_role="provider",
            client_id="sneaky-vote-1",
        )


# Through sockets and HTTP


def console_for(app, workshop):
    client = app.test_client()
    socket = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    wait_for(socket, "snapshot")
    return socket


def test_two_consoles_and_the_board_see_moderation_live(app, client, db, workshop, open_question):
    first, second = console_for(app, workshop), console_for(app, workshop)
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board, "snapshot")
    ack = first.emit("set_approval", {"on": True}, callback=True)
    assert ack["settings"].pop("board_page_at")  # when the open question put the board on page 1
    assert ack == {
        "ok": True,
        "settings": {
            "approve_ideas": True,
            "results_hidden": False,
            "extra_time_percent": 0,
            "board_view": "ideas",
            "board_theme_id": None,
            "board_rank": "room",
            "board_seconds": 20,
            "board_paused": False,
            "board_waiting": False,
            "board_wording": "framework",
            "board_page": 0,
            "spotlight_idea_id": None,
            "door_locked": False,
            "capacity": None,
            "phone_timer": False,
            "easy_read_first": False,
        },
    }
    join(client, workshop, "person_receiving_care")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    sent = phone.emit(
        "submit_idea",
        {"question_id": open_question["id"], "text": "Jobs", "client_id": "phone-idea-1"},
        callback=True,
    )
    assert sent["ok"] and sent["awaiting_approval"] is True
    pending = wait_for(second, "event", lambda e: e["type"] == "idea_pending")
    assert pending["data"]["idea"]["text"] == "Jobs"
    assert first.emit("approve_idea", {"idea_id": sent["idea"]["id"]}, callback=True)["ok"]
    shown = wait_for(board, "event", lambda e: e["type"] == "idea_approved")
    assert shown["data"]["idea"]["id"] == sent["idea"]["id"]
    assert wait_for(second, "event", lambda e: e["type"] == "idea_approved")
    # the board never heard of the pending idea
    assert phone.emit("catch_up", {"since": 0}, callback=True)["events"][-1]["type"] == (
        "idea_approved"
    )


def test_console_actions_refuse_wrong_key_other_workshop_and_phones(
    app, client, db, workshop, open_question
):
    author = person(db, workshop)
    target = idea(db, workshop, open_question, author, "Keep me")
    other = workshops.create(db, "Another workshop")
    join(client, workshop, "provider")
    phone = socket_for(app, client, workshop, "phone")
    before = store.last_seq(db, workshop["id"])
    # HTTP: no key, a wrong key, another workshop's key
    path = f"/api/w/{workshop['code']}/console/hide_idea"
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {other['facilitator_key']}"},
    ):
        response = client.post(path, json={"idea_id": target["id"]}, headers=headers)
        assert response.status_code == 403, headers
    # this workshop's key on the other workshop's idea
    response = client.post(
        f"/api/w/{other['code']}/console/hide_idea",
        json={"idea_id": target["id"]},
        headers={"Authorization": f"Bearer {workshop['facilitator_key']}"},
    )
    assert response.status_code == 403
    other_console = console_for(app, other)
    ack = other_console.emit("hide_idea", {"idea_id": target["id"]}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "not_found"
    assert (
        phone.emit("hide_idea", {"idea_id": target["id"]}, callback=True)["error"]["code"]
        == "forbidden"
    )
    assert store.last_seq(db, workshop["id"]) == before
    assert store.idea_by_id(db, target["id"])["status"] == "shown"


def test_http_console_actions_with_the_key(client, db, workshop, open_question):
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    base = f"/api/w/{workshop['code']}/console"
    scribed = client.post(
        f"{base}/scribe_idea",
        headers=key,
        json={
            "question_id": open_question["id"],
            "text": "Said aloud: a buddy scheme",
            "role": "carer",
            "priority": "community_development",
        },
    )
    assert scribed.status_code == 200 and scribed.get_json()["idea"]["entered_by"] == "scribe"
    idea_id = scribed.get_json()["idea"]["id"]
    edited = client.post(
        f"{base}/edit_idea", headers=key, json={"idea_id": idea_id, "text": "A buddy scheme"}
    )
    assert edited.get_json()["idea"]["original_text"] == "Said aloud: a buddy scheme"
    assert (
        client.post(f"{base}/hide_idea", headers=key, json={"idea_id": idea_id}).status_code == 200
    )
    again = client.post(f"{base}/hide_idea", headers=key, json={"idea_id": idea_id})
    assert again.status_code == 409 and "hidden" in again.get_json()["error"]["message"]
    assert client.post(f"{base}/no_such_thing", headers=key, json={}).status_code == 404
    assert client.post(f"{base}/hide_idea", headers=key, data="x").status_code == 400


def test_facilitator_tags_an_idea_with_a_strategic_outcome_for_the_report(
    app, client, db, workshop, open_question
):
    from workshop.report import gather as report

    author = person(db, workshop, "vcse")
    target = idea(db, workshop, open_question, author, "School visits by the day service")
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board, "snapshot")
    ack = console.emit(
        "tag_idea",
        {
            "idea_id": target["id"],
            "priority": "community_development",
            "strategic_outcome": "best_start",
        },
        callback=True,
    )
    assert ack["ok"], ack
    assert ack["idea"]["strategic_outcome"] == "best_start"
    edited = wait_for(board, "event", lambda e: e["type"] == "idea_edited")
    assert edited["data"]["idea"]["priority"] == "community_development"
    row = store.idea_by_id(db, target["id"])
    assert (row["priority"], row["outcome_kind"], row["strategic_outcome"]) == (
        "community_development",
        None,
        "best_start",
    )
    before = store.last_seq(db, workshop["id"])
    for bad in (
        {"idea_id": target["id"], "strategic_outcome": "world_peace"},
        {
            "idea_id": target["id"],
            "priority": "community_development",
            "strategic_outcome": "best_start",
        },  # unchanged
        {"idea_id": 99999, "priority": "good_employer"},
    ):
        assert console.emit("tag_idea", bad, callback=True)["ok"] is False
    phone_client = app.test_client()
    join(phone_client, workshop, "carer")
    phone = socket_for(app, phone_client, workshop, "phone")
    refused = phone.emit(
        "tag_idea", {"idea_id": target["id"], "priority": "good_employer"}, callback=True
    )
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    assert store.last_seq(db, workshop["id"]) == before + 1  # only the phone's join
    coverage = {c["key"]: c for c in report.build(db, [workshop])["coverage"]}
    strategic = {r["label"]: r["ideas"] for r in coverage["strategic_outcomes"]["rows"]}
    assert strategic["Children and young people in Kent get the best start in life"] == 1
