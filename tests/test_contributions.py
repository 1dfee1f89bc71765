"""Ideas and votes through the domain functions, on a real temporary database."""

import pytest

from workshop.room import agenda, contributions, rules, workshops
from workshop.room.errors import Conflict, Forbidden, Invalid, NotFound
from workshop.storage import db as store


def person(db, workshop, role="provider"):
    change, _ = workshops.join(db, workshop, role)
    return change.value


def counts(db):
    return {
        t: db.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("ideas", "votes", "events")
    }


def test_an_idea_is_stored_with_role_tags_and_an_event(db, workshop, open_question):
    carer = person(db, workshop, "carer")
    change = contributions.submit_idea(
        db,
        workshop,
        carer,
        question_id=open_question["id"],
        text="  A carers' cafe  ",
        priority="community_development",
        outcome_kind="communities",
        client_id="idea-0001",
    )
    assert change.value["text"] == "A carers' cafe"
    assert change.value["author_role"] == "carer"
    assert change.value["expert_by_experience"] is False
    assert "participant_id" not in change.value and "client_id" not in change.value
    assert [e["type"] for e in change.events] == ["idea_added"]
    assert store.ideas_of(db, workshop["id"])[0]["priority"] == "community_development"


def test_ideas_from_people_who_receive_care_are_marked(db, workshop, open_question):
    expert = person(db, workshop, "person_receiving_care")
    idea = contributions.submit_idea(
        db, workshop, expert, question_id=open_question["id"], text="Paid jobs for us"
    ).value
    assert idea["expert_by_experience"] is True


def test_the_same_idea_sent_five_times_is_stored_once(db, workshop, open_question):
    provider = person(db, workshop)
    replies = [
        contributions.submit_idea(
            db,
            workshop,
            provider,
            question_id=open_question["id"],
            text="Local apprenticeships",
            client_id="same-client-id",
        )
        for _ in range(5)
    ]
    assert [r.duplicate for r in replies] == [False, True, True, True, True]
    assert {r.value["id"] for r in replies} == {replies[0].value["id"]}
    assert counts(db)["ideas"] == 1


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "empty"),
        ("   \n ", "empty"),
        (None, "empty"),
        (42, "empty"),
        ("x" * 501, "too_long"),
    ],
)
def test_bad_idea_text_is_refused_and_changes_nothing(db, workshop, open_question, text, code):
    provider = person(db, workshop)
    before = counts(db)
    with pytest.raises(Invalid) as error:
        contributions.submit_idea(
            db, workshop, provider, question_id=open_question["id"], text=text
        )
    assert error.value.code == code
    assert counts(db) == before


def test_ideas_only_go_to_an_open_question_of_this_workshop(db, workshop, open_question):
    provider = person(db, workshop)
    waiting = rules.agenda(db, workshop)[1]
    with pytest.raises(Conflict):
        contributions.submit_idea(db, workshop, provider, question_id=waiting["id"], text="x")
    other = workshops.create(db, "Elsewhere")
    foreign = rules.agenda(db, other)[0]
    with pytest.raises(NotFound):
        contributions.submit_idea(db, workshop, provider, question_id=foreign["id"], text="x")
    with pytest.raises(Invalid):
        contributions.submit_idea(
            db,
            workshop,
            provider,
            question_id=open_question["id"],
            text="x",
            priority="world_peace",
        )


def test_a_client_id_cannot_be_hijacked(db, workshop, open_question):
    first, second = person(db, workshop), person(db, workshop)
    contributions.submit_idea(
        db,
        workshop,
        first,
        question_id=open_question["id"],
        text="mine",
        client_id="shared-client-id",
    )
    with pytest.raises(Conflict):
        contributions.submit_idea(
            db,
            workshop,
            second,
            question_id=open_question["id"],
            text="theirs",
            client_id="shared-client-id",
        )


@pytest.fixture
def ideas(db, workshop, open_question):
    author = person(db, workshop, "vcse")
    return [
        contributions.submit_idea(
            db, workshop, author, question_id=open_question["id"], text=f"Idea {n}"
        ).value
        for n in range(5)
    ]


def test_votes_respect_the_budget_and_can_be_taken_back(db, workshop, ideas):
    voter = person(db, workshop, "person_receiving_care")
    cast = [contributions.cast_vote(db, workshop, voter, idea_id=ideas[n]["id"]) for n in range(3)]
    with pytest.raises(Invalid) as error:
        contributions.cast_vote(db, workshop, voter, idea_id=ideas[3]["id"])
    assert error.value.code == "budget_spent"
    with pytest.raises(Conflict):
        contributions.cast_vote(db, workshop, voter, idea_id=ideas[0]["id"])
    back = contributions.withdraw_vote(db, workshop, voter, client_id=cast[0].value["client_id"])
    assert back.events[0]["type"] == "vote_withdrawn"
    again = contributions.withdraw_vote(db, workshop, voter, client_id=cast[0].value["client_id"])
    assert again.duplicate and not again.events
    contributions.cast_vote(db, workshop, voter, idea_id=ideas[3]["id"])
    tallies = store.tallies(db, workshop["id"])
    assert {idea_id: sum(r.values()) for idea_id, r in tallies.items()} == {
        ideas[1]["id"]: 1,
        ideas[2]["id"]: 1,
        ideas[3]["id"]: 1,
    }
    assert tallies[ideas[3]["id"]] == {"person_receiving_care": 1}


def test_a_repeated_vote_counts_once_even_after_its_question_closed(
    db, workshop, ideas, open_question
):
    voter = person(db, workshop)
    for _ in range(5):
        contributions.cast_vote(
            db, workshop, voter, idea_id=ideas[0]["id"], client_id="vote-abc-123"
        )
    agenda.close_question(db, workshop, open_question["id"])
    late = contributions.cast_vote(
        db, workshop, voter, idea_id=ideas[0]["id"], client_id="vote-abc-123"
    )
    assert late.duplicate
    assert sum(store.tallies(db, workshop["id"])[ideas[0]["id"]].values()) == 1


def test_no_voting_or_taking_back_on_a_closed_question(db, workshop, ideas, open_question):
    voter = person(db, workshop)
    vote = contributions.cast_vote(db, workshop, voter, idea_id=ideas[0]["id"]).value
    agenda.close_question(db, workshop, open_question["id"])
    before = counts(db)
    with pytest.raises(Conflict):
        contributions.cast_vote(db, workshop, voter, idea_id=ideas[1]["id"])
    with pytest.raises(Conflict):
        contributions.withdraw_vote(db, workshop, voter, client_id=vote["client_id"])
    assert counts(db) == before


def test_only_your_own_vote_can_be_taken_back(db, workshop, ideas):
    voter, stranger = person(db, workshop), person(db, workshop)
    vote = contributions.cast_vote(db, workshop, voter, idea_id=ideas[0]["id"]).value
    with pytest.raises(Forbidden):
        contributions.withdraw_vote(db, workshop, stranger, client_id=vote["client_id"])


def test_facilitator_key_and_codes(db, workshop):
    assert len(workshop["facilitator_key"]) >= 22  # 24 random bytes, base64
    assert workshops.key_matches(workshop, workshop["facilitator_key"])
    key = workshop["facilitator_key"]
    wrong = key[:-1] + ("y" if key.endswith("x") else "x")  # always one character off
    assert not workshops.key_matches(workshop, wrong)
    assert not workshops.key_matches(workshop, None)
    assert workshops.get(db, workshop["code"].lower())["id"] == workshop["id"]
    with pytest.raises(NotFound):
        workshops.get(db, "NOSUCH")


def test_opening_a_question_closes_the_last_and_out_of_order_is_refused(db, workshop):
    first, second = rules.agenda(db, workshop)[:2]
    agenda.open_question(db, workshop, first["id"])
    change = agenda.open_question(db, workshop, second["id"])
    # ...and every board starts the new question on its first page (issue 24).
    assert [e["type"] for e in change.events] == [
        "question_closed",
        "question_opened",
        "settings_changed",
    ]
    with pytest.raises(Conflict):
        agenda.open_question(db, workshop, second["id"])
    with pytest.raises(Conflict):
        agenda.close_question(db, workshop, first["id"])


def test_create_refuses_bad_input(db):
    with pytest.raises(Invalid):
        workshops.create(db, "   ")
    with pytest.raises(Invalid):
        workshops.create(db, "x", stages=["analyse", "dream"])
    with pytest.raises(Invalid):
        workshops.create(db, "x", vote_budget=0)
    assert store.list_workshops(db) == []
