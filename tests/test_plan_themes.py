"""Issue 22 item 6 and issue 23 item 5: the Plan stage carries accepted themes
forward as provisional outcomes, suggested by the fair cross-role ranking of
themes; and ideas are tagged with what experts by experience value."""

import json

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.room import (
    contributions,
    experts_values,
    maintenance,
    moderation,
    plan,
    ranking,
    theme_votes,
    theming,
)
from workshop.room import workshops as rooms
from workshop.room.errors import Conflict, Invalid, NotFound
from workshop.storage import db as store
from workshop.storage import outcomes as outcome_rows

EXPERTS = {"person_receiving_care"}


def test_a_themes_support_counts_each_person_once_and_no_role_zeroes_it():
    # Three near-duplicates dotted by the same five carers: five supporters, not 15.
    people = {
        1: {p: "carer" for p in range(5)},
        2: {p: "carer" for p in range(5)},
        3: {p: "carer" for p in range(5)},
        4: {10 + p: "person_receiving_care" for p in range(4)} | {20: "provider"},
        5: {30 + p: "provider" for p in range(4)},
    }
    assert ranking.theme_supporters([1, 2, 3], people) == {"carer": 5}
    assert ranking.theme_supporters([4, 5], people) == {"person_receiving_care": 4, "provider": 5}
    voters = {"carer": 10, "person_receiving_care": 5, "provider": 10}
    themes = [
        {"id": 100, "label": "Said three ways", "ideas": [1, 2, 3]},
        {"id": 200, "label": "Across the roles", "ideas": [4, 5]},
    ]
    orders = ranking.rank_themes(themes, people, voters, EXPERTS)
    # Raw dots (15 against 9) would put the first ahead; across the roles the
    # second leads: 0.8 of the people who receive care and half the providers.
    assert [t["id"] for t in orders["cross_role"]] == [200, 100]
    # The room's order counts people too: 9 behind the second theme, 5 behind the first.
    assert [t["id"] for t in orders["room"]] == [200, 100]
    by_id = {t["id"]: t for t in themes}
    assert by_id[100]["votes"] == 5 and by_id[200]["votes"] == 9
    assert by_id[200]["expert_rank"] == 1 and by_id[200]["ideas_count"] == 2
    assert by_id[100]["cross_role"] == pytest.approx((0.5 + 0 + 0) / 3)


def _room(db, workshop, question):
    """Eight ideas, two themes: "Jobs" (three ideas, dotted by everyone) and
    "Cars" (three ideas, every dot from providers, more dots in all)."""
    author = rooms.join(db, workshop, "provider")[0].value
    texts = [
        "Paid jobs for people who get care",
        "paid work for people who receive care",
        "I want a job",
        "Electric cars for the staff",
        "EV fleet for the rounds",
        "Electric vans",
        "Respite for carers",
        "Short breaks for carers",
    ]
    ids = [
        contributions.submit_idea(db, workshop, author, question_id=question["id"], text=t).value[
            "id"
        ]
        for t in texts
    ]
    for n in range(6):  # providers dot all three car ideas
        voter = rooms.join(db, workshop, "provider")[0].value
        for idea in ids[3:6]:
            contributions.cast_vote(db, workshop, voter, idea_id=idea)
    for role in ("person_receiving_care", "carer", "provider"):
        for n in range(5):
            voter = rooms.join(db, workshop, role)[0].value
            contributions.cast_vote(db, workshop, voter, idea_id=ids[n % 3])
    change = theming.accept_themes(
        db,
        workshop,
        question["id"],
        [{"label": "Cars", "ideas": ids[3:6]}, {"label": "Jobs <b>", "ideas": ids[:3]}],
    )
    groups = {g["label"]: g for g in change.value["groups"]}
    return ids, groups


def test_themes_are_suggested_across_the_roles_and_carried_with_their_ideas(
    db, workshop, open_question
):
    ids, groups = _room(db, workshop, open_question)
    (entry,) = [c for c in plan.candidates(db, workshop) if c["question_id"] == open_question["id"]]
    themes = entry["themes"]
    # "Cars" has 18 dots from 6 people, "Jobs" 15 people from three roles: Jobs leads.
    assert [t["label"] for t in themes] == ["Jobs <b>", "Cars"]
    jobs, cars = themes
    assert (jobs["rank"], jobs["room_rank"], jobs["expert_rank"]) == (1, 1, 1)
    assert jobs["ideas_count"] == 3 and jobs["votes"] == 15 and jobs["suggested"]
    assert cars["votes"] == 6 and cars["cross_rank"] == 2
    change = plan.carry_themes(db, workshop, [jobs["id"]])
    (outcome,) = change.value
    assert outcome["text"] == "Jobs <b>" and outcome["source_theme"] == "Jobs <b>"
    assert outcome["source_question_id"] == open_question["id"]
    assert outcome["ideas"] == groups["Jobs <b>"]["ideas"] and outcome["source_idea_id"] is None
    assert change.events[0]["type"] == "outcomes_changed"
    why = json.loads(outcome_rows.outcome_by_id(db, outcome["id"])["carried_why"])
    assert why == {
        "room": 1,
        "cross_role": 1,
        "experts": 1,
        "of": 2,
        "votes": 15,
        "cross_role_score": jobs["cross_role"],
        "suggested": True,
        "ideas": 3,
        "theme": "Jobs <b>",
    }
    from workshop.report.words import carried_note

    assert carried_note(why, "facilitator") == (
        "Chosen by the facilitator, one of the themes the app suggested (the top three across "
        "the roles). From the theme \u201cJobs <b>\u201d (3 ideas). When chosen it stood 1st of 2 "
        "themes on cross-role support, 1st on how many people supported it and 1st on support "
        "from experts by experience."
    )
    again = plan.candidates(db, workshop)[0]["themes"]
    assert [t["carried"] for t in again] == [True, False]
    with pytest.raises(Conflict, match="already"):
        plan.carry_themes(db, workshop, [jobs["id"]])
    for bad in ([], "1", [cars["id"], cars["id"]], [True], None, [-1]):
        with pytest.raises(Invalid):
            plan.carry_themes(db, workshop, bad)
    with pytest.raises(NotFound):
        plan.carry_themes(db, workshop, [999_999])
    # The facilitator words it as an outcome, with its easy-read wording.
    worded = plan.edit_outcome(
        db,
        workshop,
        outcome["id"],
        "Paid work for people who receive care",
        easy_read="People who get care can get a paid job.",
    ).value[0]
    assert worded["easy_read"] == "People who get care can get a paid job."
    kept = plan.edit_outcome(db, workshop, outcome["id"], "Paid work for people in care").value
    assert kept[0]["easy_read"] == "People who get care can get a paid job."
    cleared = plan.edit_outcome(db, workshop, outcome["id"], "Paid work", easy_read=" ").value
    assert cleared[0]["easy_read"] is None
    # Moving an idea later does not rewrite what the outcome was carried from.
    theming.move_to_theme(db, workshop, ids[0], None)
    assert plan.outcomes(db, workshop)[0]["ideas"] == groups["Jobs <b>"]["ideas"]


def test_a_theme_renamed_after_it_was_carried_is_not_carried_twice(db, workshop, open_question):
    """The facilitator tidies a carried theme's name in the Themes panel: it holds
    the same ideas, so the Plan panel still counts it carried and the server refuses
    it again (it was offered, and carried, as a second outcome)."""
    _, groups = _room(db, workshop, open_question)
    jobs = groups["Jobs <b>"]
    plan.carry_themes(db, workshop, [jobs["id"]])
    renamed = theming.rename_theme(db, workshop, jobs["id"], "Paid work").value["groups"]
    (work,) = [g for g in renamed if g["label"] == "Paid work"]
    (entry,) = [c for c in plan.candidates(db, workshop) if c["question_id"] == open_question["id"]]
    assert {t["label"]: t["carried"] for t in entry["themes"]} == {
        "Paid work": True,
        "Cars": False,
    }
    with pytest.raises(Conflict, match="already"):
        plan.carry_themes(db, workshop, [work["id"]])
    assert len(plan.outcomes(db, workshop)) == 1


def test_a_question_with_themes_suggests_no_single_idea(db, workshop, open_question):
    """Its themes carry it: a single idea carried from it anyway was not "suggested"
    (the report's note would say so, though the console ticked none)."""
    ids, _ = _room(db, workshop, open_question)
    (entry,) = [c for c in plan.candidates(db, workshop) if c["question_id"] == open_question["id"]]
    assert entry["themes"] and entry["ideas"][0]["votes"] > 0
    assert not any(i["suggested"] for i in entry["ideas"])
    (outcome,) = plan.carry_forward(db, workshop, [entry["ideas"][0]["id"]]).value
    why = json.loads(outcome_rows.outcome_by_id(db, outcome["id"])["carried_why"])
    assert why["suggested"] is False and why["cross_role"] == 1


def _order(db, workshop, question):
    (entry,) = [c for c in plan.candidates(db, workshop) if c["question_id"] == question["id"]]
    return entry, [(t["label"], t["votes"], t["suggested"]) for t in entry["themes"]]


def test_where_the_room_voted_on_themes_they_rank_by_their_own_dots(db, workshop, open_question):
    """By its ideas' dots "Jobs" leads (_room); the room then puts its dots on the
    themes, mostly on "Cars", and Plan suggests by those: with no dots yet, a tie,
    a hidden idea, all of a theme's ideas hidden, a merge, and back to ideas."""
    ids, groups = _room(db, workshop, open_question)
    q = open_question["id"]
    cars, jobs = groups["Cars"]["id"], groups["Jobs <b>"]["id"]
    assert _order(db, workshop, open_question)[1][0][0] == "Jobs <b>"
    theme_votes.set_vote_on(db, workshop, q, "themes")
    # No dots on the themes yet: a tie at none, in the facilitator's order, none suggested.
    entry, order = _order(db, workshop, open_question)
    assert entry["vote_on"] == "themes"
    assert order == [("Cars", 0, False), ("Jobs <b>", 0, False)]

    def dot(role, theme_id, n):
        who = rooms.join(db, workshop, role)[0].value
        theme_votes.cast_theme_vote(db, workshop, who, theme_id=theme_id, client_id=f"client-{n}")
        return who

    # A tie: one carer's dots on both themes; the theme listed first leads.
    both = dot("carer", cars, "t1")
    theme_votes.cast_theme_vote(db, workshop, both, theme_id=jobs, client_id="client-t2")
    assert _order(db, workshop, open_question)[1] == [("Cars", 1, True), ("Jobs <b>", 1, True)]
    # Cars across the roles (five people who receive care, five carers), Jobs from providers.
    for n in range(5):
        dot("person_receiving_care", cars, f"p{n}")
        dot("carer", cars, f"c{n}")
        dot("provider", jobs, f"v{n}")
    entry, order = _order(db, workshop, open_question)
    assert order == [("Cars", 11, True), ("Jobs <b>", 6, True)]
    first = entry["themes"][0]
    assert first["by_role"] == {"carer": 6, "person_receiving_care": 5}
    assert (first["rank"], first["expert_rank"], first["room_rank"]) == (1, 1, 1)
    # A hidden idea leaves the theme; its dots stay on the theme.
    moderation.hide(db, workshop, ids[3])
    first = _order(db, workshop, open_question)[0]["themes"][0]
    assert (first["label"], first["ideas_count"], first["votes"]) == ("Cars", 2, 11)
    # All of a theme's ideas hidden: it leaves the vote and the suggestions.
    for idea in ids[4:6]:
        moderation.hide(db, workshop, idea)
    assert _order(db, workshop, open_question)[1] == [("Jobs <b>", 6, True)]
    for idea in ids[3:6]:
        moderation.restore(db, workshop, idea)
    # A merge: Cars' dots follow into Jobs, the carer with a dot on both counted once.
    theming.merge_themes(db, workshop, cars, jobs)
    assert _order(db, workshop, open_question)[1] == [("Jobs <b>", 16, True)]
    # Back to ideas: ranked by its ideas' dots again.
    theme_votes.set_vote_on(db, workshop, q, "ideas")
    entry, order = _order(db, workshop, open_question)
    # (Hiding Cars' ideas gave their dots back, so the 15 behind Jobs' ideas remain.)
    assert entry["vote_on"] == "ideas" and order == [("Jobs <b>", 15, True)]


def test_carry_themes_through_the_console_and_the_archive_round_trip(
    app, client, db, workshop, open_question, tmp_path
):
    from workshop.cli import restore
    from workshop.report import export

    ids, groups = _room(db, workshop, open_question)
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    wait_for(console, "snapshot")
    headers = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    base = f"/api/w/{workshop['code']}"
    listed = client.get(f"{base}/plan", headers=headers).get_json()
    assert [t["label"] for t in listed["candidates"][0]["themes"]] == ["Jobs <b>", "Cars"]
    theme_id = groups["Jobs <b>"]["id"]
    bad = client.post(f"{base}/console/carry_themes", json={"theme_ids": "x"}, headers=headers)
    assert bad.status_code == 400 and plan.outcomes(db, workshop) == []
    reply = client.post(
        f"{base}/console/carry_themes", json={"theme_ids": [theme_id]}, headers=headers
    )
    assert reply.status_code == 200, reply.get_json()
    (outcome,) = reply.get_json()["outcomes"]
    heard = wait_for(console, "event", lambda e: e["type"] == "outcomes_changed")
    assert heard["data"]["outcomes"][0]["source_theme"] == "Jobs <b>"
    ack = console.emit(
        "edit_outcome",
        {"outcome_id": outcome["id"], "text": "Paid work", "easy_read": "A paid job."},
        callback=True,
    )
    assert ack["ok"] and ack["outcomes"][0]["easy_read"] == "A paid job."
    first = export.render(db, [workshop], "json").content
    entry = json.loads(first)["workshops"][0]
    (archived,) = entry["provisional_outcomes"]
    assert archived["source_theme"] == "Jobs <b>" and archived["easy_read"] == "A paid job."
    assert len(entry["outcome_ideas"]) == 3
    other = store.migrate(store.connect(tmp_path / "other.db"))
    try:
        [(restored, _)] = restore.restore(other, restore.loads(first))
        texts = {i["id"]: i["text"] for i in store.ideas_of(other, restored["id"])}
        (back,) = plan.outcomes(other, restored)
        assert back["source_theme"] == "Jobs <b>" and back["easy_read"] == "A paid job."
        assert [texts[i] for i in back["ideas"]] == [
            "Paid jobs for people who get care",
            "paid work for people who receive care",
            "I want a job",
        ]
        assert export.render(other, [restored], "json").content == first
    finally:
        other.conn.close()


def test_experts_by_experience_values_tag_ideas_live_and_in_the_archive(
    app, client, db, workshop, open_question
):
    author = rooms.join(db, workshop, "carer")[0].value
    idea = contributions.submit_idea(
        db, workshop, author, question_id=open_question["id"], text="Paid jobs for us"
    ).value
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    wait_for(console, "snapshot")
    keys = [v["key"] for v in workshop["framework"]["experts_by_experience_value"]]
    assert keys == ["give_back", "influence_services", "being_employed"]
    ack = console.emit(
        "tag_idea", {"idea_id": idea["id"], "experts_value": "being_employed"}, callback=True
    )
    assert ack["ok"], ack
    assert ack["idea"]["experts_value"] == "being_employed"
    heard = wait_for(console, "event", lambda e: e["type"] == "idea_edited")
    assert heard["data"]["idea"]["experts_value"] == "being_employed"
    # A message without the field (an older console) leaves the tag as it is.
    ack = console.emit(
        "tag_idea", {"idea_id": idea["id"], "priority": "local_employment"}, callback=True
    )
    assert store.idea_by_id(db, idea["id"])["experts_value"] == "being_employed", ack
    bad = console.emit(
        "tag_idea", {"idea_id": idea["id"], "experts_value": "flying"}, callback=True
    )
    assert bad["error"]["code"] == "unknown_experts_value"
    assert store.idea_by_id(db, idea["id"])["experts_value"] == "being_employed"
    with pytest.raises(Invalid):
        moderation.tag(db, workshop, idea["id"], experts_value=["being_employed"])
    # A supporter writing for someone may tag it; a person for themself may not.
    helper = app.test_client()
    join(helper, workshop, "provider")
    sent = helper.post(
        f"/api/w/{workshop['code']}/ideas",
        json={
            "question_id": open_question["id"],
            "text": "Be a peer mentor",
            "on_behalf_of": "person_receiving_care",
            "experts_value": "give_back",
        },
    )
    assert sent.status_code == 201, sent.get_json()
    assert sent.get_json()["idea"]["experts_value"] == "give_back"
    mine = helper.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": open_question["id"], "text": "x", "experts_value": "give_back"},
    )
    assert mine.status_code == 400 and mine.get_json()["error"]["code"] == "not_supporter"
    # The report's data: ideas by value, every value listed, in the framework's order.
    shown = store.ideas_of(db, workshop["id"])
    found = experts_values.by_value(workshop, shown)
    assert [(v["key"], [i["text"] for i in v["ideas"]]) for v in found] == [
        ("give_back", ["Be a peer mentor"]),
        ("influence_services", []),
        ("being_employed", ["Paid jobs for us"]),
    ]
    assert found[2]["definition"].startswith("Where it is achievable")
    from workshop.report import export

    archived = json.loads(export.render(db, [workshop], "json").content)["workshops"][0]
    assert sorted(i["experts_value"] or "" for i in archived["ideas"]) == [
        "being_employed",
        "give_back",
    ]
    # ...and the report's coverage has a block for them, with the framework's definitions.
    from workshop.report import gather

    doc = gather.build(db, [workshop])
    (block,) = [b for b in doc["coverage"] if b["key"] == "experts_by_experience_value"]
    assert block["title"] == "Experts-by-experience themes"
    assert [(r["full"], r["ideas"]) for r in block["rows"]] == [
        ("The chance to \u201cgive something back\u201d.", 1),
        ("Influencing services as \u2018experts by experience\u2019.", 0),
        ("Being employed.", 1),
    ]
    assert block["rows"][2]["definition"].startswith("Where it is achievable")
    (tagged,) = [i for g in doc["appendix"] for i in g["ideas"] if i["text"] == "Paid jobs for us"]
    assert "Being employed." in tagged["tags"]


def test_after_end_no_theme_is_carried_forward(db, workshop, open_question):
    _, groups = _room(db, workshop, open_question)
    maintenance.end(db, workshop)
    with pytest.raises(Conflict) as refused:
        plan.carry_themes(db, workshop, [groups["Jobs <b>"]["id"]])
    assert refused.value.code == "workshop_ended"
    assert plan.outcomes(db, workshop) == []
