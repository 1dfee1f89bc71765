"""The one ranking (workshop/room/ranking.py) on made-up rooms whose right answer is plain."""

import pytest

from workshop.room import ranking

EXPERTS = {"expert"}


def ideas(**supporters):
    """One idea per keyword, oldest first, each {role: people who dotted it}."""
    return [
        {"id": n, "text": text, "by_role": dict(by_role)}
        for n, (text, by_role) in enumerate(supporters.items(), start=1)
    ]


def rank(found, voters, catch_all=frozenset()):
    return ranking.rank(found, voters, EXPERTS, catch_all)


def texts(ordered):
    return [i["text"] for i in ordered]


def test_no_single_role_that_did_not_dot_an_idea_can_zero_it():
    # Issue 23's example: 27 votes, 11 of 20 experts by experience, no carer's.
    found = ideas(board={"expert": 11, "provider": 16}, rota={"carer": 3, "provider": 2})
    voters = {"expert": 20, "provider": 20, "carer": 10}
    orders = rank(found, voters)
    board = found[0]
    assert board["votes"] == 27
    assert board["cross_role"] == pytest.approx((11 / 20 + 16 / 20 + 0) / 3)
    assert texts(orders["cross_role"]) == ["board", "rota"]
    # A role of fewer than 5 voters is not counted at all: three carers say little.
    small = ideas(board={"expert": 11, "provider": 16})
    rank(small, {"expert": 20, "provider": 20, "carer": 3})
    assert small[0]["cross_role"] == pytest.approx((11 / 20 + 16 / 20) / 2)
    assert small[0]["divides"] is None


def test_an_idea_divides_the_roles_only_when_the_evidence_is_there():
    voters = {"expert": 10, "provider": 10, "carer": 4}
    found = ideas(
        split={"provider": 10},  # all of one role, none of another: divides
        mild={"provider": 3},  # 3 of 10 against 0 of 10: a preference, not division
        small={"carer": 4},  # every carer, but 4 carers are not counted
        even={"provider": 6, "expert": 5},
    )
    rank(found, voters)
    marks = {i["text"]: i["divides"] for i in found}
    assert marks == {"split": ("provider", "expert"), "mild": None, "small": None, "even": None}
    # Two roles of five: 5 of 5 against 0 of 5 is a split; 3 of 5 against 0 of 5 could be chance.
    few = ideas(all_={"provider": 5}, some={"provider": 3})
    rank(few, {"provider": 5, "expert": 5})
    assert [i["divides"] is not None for i in few] == [True, False]


def test_a_room_too_small_to_count_any_role_is_ranked_as_one_group():
    found = ideas(a={"expert": 1}, b={"expert": 2, "provider": 2})
    rank(found, {"expert": 3, "provider": 3})
    assert [i["cross_role"] for i in found] == [pytest.approx(1 / 6), pytest.approx(4 / 6)]


def test_a_catch_all_role_counts_in_the_room_but_not_across_the_roles():
    found = ideas(a={"other": 10}, b={"provider": 5})
    orders = rank(found, {"other": 10, "provider": 10}, catch_all={"other"})
    assert texts(orders["room"]) == ["a", "b"]
    assert texts(orders["cross_role"]) == ["b", "a"] and found[0]["cross_role"] == 0


def test_one_tie_break_for_every_ordering_votes_then_oldest_first():
    voters = {"expert": 10, "provider": 10}
    found = ideas(
        first={"expert": 2},
        second={"expert": 2, "provider": 1},
        third={"expert": 2},
        fourth={},
    )
    orders = rank(found, voters)
    # Experts' votes level: the one with more votes in the room first, then the oldest.
    assert texts(orders["experts"]) == ["second", "first", "third", "fourth"]
    assert texts(orders["room"]) == ["second", "first", "third", "fourth"]
    # first and third are level on both (oldest first, the same place).
    assert [i["expert_rank"] for i in found] == [2, 1, 2, 4]
    level = ideas(a={"expert": 5}, b={"provider": 5})
    orders = rank(level, voters)
    assert texts(orders["cross_role"]) == ["a", "b"]  # the same score and votes: oldest first
    assert ranking.orders(level, voters, EXPERTS)["cross_role"] == [1, 2]


def test_the_orders_screens_are_sent_carry_level_places():
    """Issue 22 part 6: a board numbers ideas from these places, so level ideas
    share a place there as on the console and in the report (1, 2, 2, 4)."""
    voters = {"expert": 10, "provider": 10}
    found = ideas(
        first={"expert": 2},
        second={"expert": 2, "provider": 1},
        third={"expert": 2},
        fourth={},
    )
    sent = ranking.orders(found, voters, EXPERTS)
    assert sent["room"] == [2, 1, 3, 4]
    assert sent["places"]["room"] == [1, 2, 2, 4]
    assert sent["places"]["experts"] == [1, 2, 2, 4]
    by_id = {i["id"]: i["cross_rank"] for i in found}
    assert sent["places"]["cross_role"] == [by_id[i] for i in sent["cross_role"]]


def test_distinct_supporters_are_counted_when_one_person_dotted_merged_duplicates():
    found = [{"id": 1, "by_role": {"expert": 6}, "supporters": {"expert": 5}}]
    rank(found, {"expert": 5})
    assert found[0]["votes"] == 6 and found[0]["cross_role"] == 1


def test_ideas_level_across_the_roles_stay_level_whatever_order_the_shares_are_summed_in():
    """Shares of 1, 2 and 3 in 10 and of 3, 2 and 1 in 10 are the same score: the
    tie-break (votes, then oldest) orders them, not a float sum's rounding, and
    voters counted in another order (room/standing.py keeps them) change nothing."""
    found = ideas(older={"a": 3, "b": 2, "c": 1}, newer={"a": 1, "b": 2, "c": 3})
    for voters in ({"a": 10, "b": 10, "c": 10}, {"c": 10, "a": 10, "b": 10}):
        orders = rank([dict(i) for i in found], voters)
        assert texts(orders["cross_role"]) == ["older", "newer"]
        assert orders["cross_role"][0]["cross_role"] == orders["cross_role"][1]["cross_role"]


def test_ideas_level_on_an_ordering_share_its_place_in_every_ordering():
    """Level on the ordering's own measure and on the room's votes, two ideas are
    set apart only by which was written first: they share the place (the next
    one after them takes the place after both, 1, 2, 2, 4), in the room's,
    the experts' and the cross-role ordering alike; the order stays oldest first."""
    voters = {"expert": 10, "provider": 10}
    found = ideas(
        top={"expert": 3, "provider": 3},
        older={"expert": 2, "provider": 1},
        newer={"expert": 2, "provider": 1},
        last={"provider": 1},
    )
    orders = rank(found, voters)
    for name in ranking.ORDERINGS:
        assert texts(orders[name]) == ["top", "older", "newer", "last"]
    assert [i["rank"] for i in found] == [1, 2, 2, 4]
    assert [i["expert_rank"] for i in found] == [1, 2, 2, 4]
    assert [i["cross_rank"] for i in found] == [1, 2, 2, 4]
    # Level on experts' votes but not in the room: the room's votes still set them apart.
    apart = ideas(a={"expert": 2}, b={"expert": 2, "provider": 1})
    rank(apart, voters)
    assert [i["expert_rank"] for i in apart] == [2, 1]
    # Nobody's votes: every idea level first.
    none = ideas(a={}, b={}, c={})
    rank(none, voters)
    assert {(i["rank"], i["expert_rank"], i["cross_rank"]) for i in none} == {(1, 1, 1)}


def test_the_report_gives_level_places_in_words_and_one_number_an_idea():
    """The report names an idea of its ranked table by its number ("No. 2"), so
    each idea keeps a number of its own in the room's order; the place it gives in
    words ("2nd in the room") is shared by ideas the room put level."""
    from workshop.report import ranking as report_ranking
    from workshop.report import words

    found = ideas(a={"expert": 3}, b={"expert": 2}, c={"expert": 2}, d={"expert": 1})
    for n, idea in enumerate(found):
        idea.update(created=f"10:0{n}", event=1, supporters={})
    room, by_support, _ = report_ranking.rank(found, {"expert": 10}, ["expert"], str)
    assert [i["text"] for i in room] == ["a", "b", "c", "d"]
    assert [i["rank"] for i in room] == [1, 2, 3, 4]
    assert [i["room_place"] for i in room] == [1, 2, 2, 4]
    assert [i["cross_rank"] for i in room] == [1, 2, 2, 4]
    assert [words.support_note(i) for i in room[1:3]] == [
        "2nd on cross-role support; 2 votes, 2nd in the room"
    ] * 2
