"""Theme suggestions (workshop/room/themes.py): offline, deterministic, shown
ideas only, labels from shown words, near-duplicates, the facilitator's
corrections, and a quality floor on a slice of the labelled set."""

import socket

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from benchmarks import themes_bench
from harness import big_room, themed
from workshop.room import framework as fw
from workshop.room import theme_labels, theme_text, themes

KENT = fw.load()
SET = themes_bench.read_set(themes_bench.DATA)


def ideas(*texts, start=1):
    return [{"id": k, "text": t, "status": "shown"} for k, t in enumerate(texts, start=start)]


# The theme tests' eight ideas (harness/themed.py) and one more about carers.
ROOM = ideas(*themed.TEXTS, "Support for unpaid carers at home")


@pytest.fixture
def offline(monkeypatch):
    """No socket may connect: the model must load and run from the wheel's files."""

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_suggests_offline_from_a_fresh_load(offline, monkeypatch):
    monkeypatch.setattr(theme_text, "_model", None)
    result = themes.suggest(ROOM, KENT)
    assert result["message"] is None
    assert theme_text._model is not None
    grouped = sorted(i for g in result["groups"] for i in g["ideas"])
    assert grouped == [i["id"] for i in ROOM]  # every shown idea once
    assert all(isinstance(g["label"], str) and 0 < len(g["label"]) <= 80 for g in result["groups"])
    assert 2 <= len(result["groups"]) <= 5
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))


def test_same_input_same_suggestion_in_any_order():
    first = themes.suggest(ROOM, KENT)
    again = themes.suggest(list(reversed(ROOM)), KENT)
    assert first == again


def test_too_few_ideas_get_a_sentence_not_a_suggestion():
    for n in range(3):
        result = themes.suggest(ROOM[:n], KENT)
        assert result["groups"] == []
        assert f"There are {n} ideas" in result["message"]


def test_hidden_merged_and_pending_ideas_are_never_suggested_nor_labelled():
    rude = [
        {"id": 90, "text": "Paid jobs zonkwords zonkwords", "status": "hidden"},
        {"id": 91, "text": "zonkwords paid work", "status": "merged", "merged_into": 1},
        {"id": 92, "text": "zonkwords jobs", "status": "pending"},
    ]
    result = themes.suggest(ROOM + rude, KENT)
    ids = {i for g in result["groups"] for i in g["ideas"]}
    assert ids == {i["id"] for i in ROOM}
    assert not any("zonk" in g["label"].lower() for g in result["groups"])
    # Three shown ideas and a hidden one: still only the shown are counted.
    few = themes.suggest(ROOM[:2] + rude, KENT)
    assert few["groups"] == [] and "There are 2 ideas" in few["message"]


def test_bad_input_gives_no_groups_and_no_error():
    odd = ideas("", "   ", "!!!", "?", "a")
    result = themes.suggest(odd, KENT)
    # "" is not an idea; the rest have no content words and still come back grouped.
    assert {i for g in result["groups"] for i in g["ideas"]} == {2, 3, 4, 5}
    assert themes.suggest([], None) == {"groups": [], "message": themes.TOO_FEW.format(n=0)}


def test_ideas_that_all_say_one_thing_are_one_group():
    same = ideas(*["Paid jobs for people who get care"] * 4, "paid jobs for people who get care!")
    result = themes.suggest(same, KENT)
    assert result["groups"] == [{"label": "Paid jobs", "ideas": [1, 2, 3, 4, 5]}]
    typed = themes.suggest(ideas("Paid jobs", "paid jobs!", "PAID JOBS", "electric cars"), KENT)
    assert [g["ideas"] for g in typed["groups"]] == [[1, 2, 3], [4]]


def test_labels_come_from_the_members_own_words():
    result = themes.suggest(ROOM, KENT)
    words = {w for i in ROOM for w in theme_text.words(i["text"])}
    for group in result["groups"]:
        for word in theme_text.words(group["label"]):
            assert word in words, group


def test_a_moved_idea_teaches_the_next_suggestion():
    first = themes.suggest(ROOM, KENT)
    where = {i: k for k, g in enumerate(first["groups"]) for i in g["ideas"]}
    # The facilitator puts the solar panels with the carers' breaks, and the
    # first job idea apart from the second.
    corrections = [[6, 7, 8], [1], [2]]
    assert where[6] != where[7] or where[1] == where[2]
    taught = themes.suggest(ROOM, KENT, corrections)
    after = {i: k for k, g in enumerate(taught["groups"]) for i in g["ideas"]}
    assert after[6] == after[7] == after[8]
    assert after[1] != after[2]


def test_a_small_question_s_accepted_themes_stay_apart_in_the_next_suggestion():
    """Eight ideas in the facilitator's three themes: the cuts went up to a third
    of the ideas (two groups), so every cut put two of the themes together and
    the suggestion came back as one group of all eight."""
    ids = [i["id"] for i in ROOM[:8]]
    corrections = [ids[name] for _, name in themed.THEMES]
    found = themes.suggest(ROOM[:8], KENT, corrections)["groups"]
    where = {i: k for k, g in enumerate(found) for i in g["ideas"]}
    assert [sorted({where[i] for i in group}) for group in corrections] == [
        [where[group[0]]] for group in corrections
    ]
    assert len({where[group[0]] for group in corrections}) == 3, found


def test_a_chain_of_near_duplicates_is_not_one_theme():
    """The board's 150-idea room (harness/big_room.py: twelve openings, each
    with a reason shared across openings): a few pairs that share a reason ("...
    so money stays in the local economy") chained the pay, jobs, recruiting and
    local staff ideas into one suggested theme of 59 ideas."""
    texts = big_room.idea_texts(150)
    opening = {
        n: next((o for o in big_room.OPENINGS if t.startswith(o)), "long")
        for n, t in enumerate(texts, start=1)
    }
    found = themes.suggest(ideas(*texts), KENT)["groups"]
    assert max(len(g["ideas"]) for g in found) <= 20, [len(g["ideas"]) for g in found]
    for group in found:
        assert len({opening[i] for i in group["ideas"]}) == 1, group


def _pay_room():
    texts = big_room.idea_texts(150)
    pay = [n for n, t in enumerate(texts, start=1) if t.startswith("Fair pay and travel")]
    return ideas(*texts), pay


def test_one_opening_told_for_different_reasons_is_one_theme():
    """The board's 150-idea room: its 20 "Fair pay and travel time for staff"
    ideas came out as three groups by the reasons they give, labelled "Fair pay
    and travel", "Pay and travel" and "Fair pay" side by side on the wall."""
    room, pay = _pay_room()
    found = themes.suggest(room, KENT)["groups"]
    [group] = [g for g in found if set(pay) & set(g["ideas"])]
    assert sorted(group["ideas"]) == pay and group["label"] == "Fair pay and travel", group
    assert len(found) == 13, [g["label"] for g in found]  # the twelve openings and the long story
    labels = [g["label"] for g in found]
    for n, label in enumerate(labels):
        assert not any(theme_labels.confusable(label, other) for other in labels[n + 1 :]), labels


def test_groups_the_facilitator_keeps_apart_stay_apart_whatever_their_labels():
    room, pay = _pay_room()
    corrections = [pay[:10], pay[10:]]
    found = themes.suggest(room, KENT, corrections)["groups"]
    holding = [g for g in found if set(pay) & set(g["ideas"])]
    assert len(holding) == 2, holding
    assert not theme_labels.confusable(holding[0]["label"], holding[1]["label"]), holding


def test_no_suggested_theme_holds_more_than_a_third_of_a_question():
    """A 70% subset of the labelled set's risk question (the bench's 14th, seed
    13): the most distinct cut was two groups, 25 of its 35 ideas in one."""
    rng = np.random.default_rng(13)
    for key, question in SET.items():
        kept = sorted(rng.permutation(len(question))[: int(0.7 * len(question))])
        new_ids = rng.permutation(len(question)) + 1
        if key == "risk_of_losing":
            part = [{"id": int(new_ids[k]), "text": question[k]["text"]} for k in kept]
    found = themes.suggest(part, KENT)["groups"]
    assert max(len(g["ideas"]) for g in found) <= len(part) / 3, [len(g["ideas"]) for g in found]


def test_near_duplicates_stay_together_where_most_pairs_are_near_duplicates():
    n = 13
    together = np.eye(n, dtype=bool)

    def tie(*pairs):
        for a, b in pairs:
            together[a, b] = together[b, a] = True

    tie((0, 1), (1, 2), (2, 3), (3, 4), (4, 5))  # a chain of pairs
    tie((6, 7), (7, 8), (6, 8))  # three alike, each pair
    kept = np.zeros((n, n), dtype=bool)
    kept[np.ix_([9, 10, 11], [9, 10, 11])] = True  # the facilitator's group
    tie((9, 10), (9, 11), (10, 11), (11, 12))  # and a near-duplicate of one of its ideas
    groups = {tuple(g) for g in themes._tied_groups(together, np.zeros_like(kept), kept)}
    assert (6, 7, 8) in groups and (9, 10, 11, 12) in groups
    assert max(len(g) for g in groups if g[0] < 6) <= 3  # the chain: in pairs and threes


def test_near_duplicate_finds_the_idea_it_looks_like():
    pool = ROOM + [{"id": 20, "text": "Hidden thing about gardens", "status": "hidden"}]
    same = themes.near_duplicate(pool, "paid jobs for people who get care!")
    assert same["id"] == 1 and same["how"] == "same words"
    typo = themes.near_duplicate(pool, "Short braeks for carers who look after famly")
    assert typo["id"] == 8
    meant = themes.near_duplicate(pool, "Electric vehicles for care workers")
    assert meant["id"] == 4 and meant["how"] == "the same meaning"
    assert themes.near_duplicate(pool, "A choir for people with dementia") is None
    assert themes.near_duplicate(pool, "Hidden thing about gardens") is None  # hidden: not offered
    assert themes.near_duplicate(pool, "   ") is None
    itself = themes.near_duplicate(ROOM, ROOM[0]["text"], exclude=1)
    assert itself is None or itself["id"] != 1  # an idea is not its own duplicate


def test_near_duplicates_of_a_whole_question_agree_with_one_at_a_time():
    pool = ROOM + [
        {"id": 20, "text": "Hidden thing about gardens", "status": "hidden"},
        {"id": 21, "text": "paid jobs for people who get care!"},
        {"id": 22, "text": "Short braeks for carers who look after famly"},
        {"id": 23, "text": "Electric vehicles for care workers"},
        {"id": 24, "text": "A choir for people with dementia"},
        {"id": 25, "text": "Hidden thing about gardens"},
    ]
    found = themes.near_duplicates(pool)
    one_by_one = {}
    for idea in themes.shown(pool):
        earlier = [i for i in pool if i["id"] < idea["id"]]
        like = themes.near_duplicate(earlier, idea["text"], exclude=idea["id"])
        if like:
            one_by_one[idea["id"]] = like
    assert found == one_by_one
    assert found[21]["id"] == 1 and found[21]["how"] == "same words"
    assert found[22]["id"] == 8 and found[23]["id"] == 4
    assert 24 not in found and 25 not in found  # nothing like it; the hidden one not offered
    assert themes.near_duplicates([]) == {}


def test_quality_floor_on_one_question_of_the_labelled_set():
    """Not told how many themes: well above the TF-IDF baseline, groups within twice."""
    question = SET["standard_practice"]
    truth = [i["theme"] for i in question]
    found = themes_bench.engine(question, KENT)
    ari = adjusted_rand_score(truth, [found[i["id"]] for i in question])
    base = themes_bench.baseline(question)
    base_ari = adjusted_rand_score(truth, [base[i["id"]] for i in question])
    assert ari >= 0.35 and ari > base_ari + 0.1, (ari, base_ari)
    assert len(set(found.values())) <= 2 * len(set(truth))


def test_quality_floor_on_the_whole_labelled_set():
    """The benchmark's figures as a floor (docs/THEMES.md, "How good"): mean ARI
    0.475 and V-measure 0.680 with the meaning view's damped weights; 0.453 and
    0.670 before them. The issue's targets are ARI 0.45 and V-measure 0.70."""
    rows = themes_bench.quality(SET, KENT)
    engine = [r["engine"] for r in rows]
    ari = sum(r["ari"] for r in engine) / len(engine)
    v_measure = sum(r["v_measure"] for r in engine) / len(engine)
    assert ari >= 0.46 and v_measure >= 0.675, (ari, v_measure)
    assert all(r["groups"] <= 2 * r["true_groups"] for r in engine)
    assert sum(r["near_duplicates"] for r in engine) / len(engine) >= 0.9
    # On random 70% subsets with the ids shuffled it holds, not only on the whole set.
    robust = themes_bench.subsets(SET, KENT, runs=2)
    assert robust["ari"] >= 0.4 and robust["v_measure"] >= 0.64, robust


def test_a_real_question_in_any_order_gets_the_same_suggestion():
    question = [{"id": i["id"], "text": i["text"]} for i in SET["risk_of_losing"]]
    first = themes.suggest(question, KENT, question="What could be lost?")
    again = themes.suggest(question[::-1], KENT, question="What could be lost?")
    assert first == again and len(first["groups"]) >= 2


def test_stems_stay_the_words_they_came_from():
    # 'caring' once stemmed to 'car', so care met the vehicles' ideas.
    stem = theme_text.stem
    assert stem("caring") == stem("care") == "care" != stem("cars")
    assert [stem(w) for w in ("living", "sharing", "shopping", "training", "visiting")] == [
        "live",
        "share",
        "shop",
        "train",
        "visit",
    ]
    assert stem("carers") == stem("carer") and stem("volunteering") == "volunteer"


WORDS = [
    "paid",
    "jobs",
    "care",
    "carers",
    "electric",
    "cars",
    "local",
    "buy",
    "lonely",
    "friends",
    "staff",
    "wage",
    "tablet",
    "club",
]
TEXT = st.one_of(
    st.text(min_size=0, max_size=80),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join),
)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    texts=st.lists(TEXT, max_size=25),
    statuses=st.lists(st.sampled_from(["shown", "shown", "hidden", "merged"]), max_size=25),
)
def test_any_text_any_status_gives_every_shown_idea_one_group(texts, statuses):
    room = [
        {"id": k, "text": t, "status": statuses[k - 1] if k <= len(statuses) else "shown"}
        for k, t in enumerate(texts, start=1)
    ]
    result = themes.suggest(room, KENT, corrections=[[1, 2], [3]])
    shown = sorted(i["id"] for i in room if i["status"] == "shown" and i["text"])
    grouped = sorted(i for g in result["groups"] for i in g["ideas"])
    assert grouped == shown or (result["groups"] == [] and len(shown) < 3)
    assert all(g["label"] for g in result["groups"])
    themes.near_duplicate(room, texts[0] if texts else "")


def test_the_bench_scores_the_demo_rooms_answer_key_too():
    """The second check of docs/THEMES.md in one command (`--demo-key`): the
    demo's three Analyse questions, each idea under the theme it was written for."""
    key = themes_bench.demo_set()
    assert list(key) == ["added_differences", "standard_practice", "risk_of_losing"]
    ids = [i["id"] for ideas in key.values() for i in ideas]
    assert len(ids) == len(set(ids)) >= 300
    assert all(len({i["theme"] for i in ideas}) == 10 for ideas in key.values())
    rows = themes_bench.quality({"risk_of_losing": key["risk_of_losing"]}, KENT)
    engine = rows[0]["engine"]
    assert engine["ari"] > rows[0]["baseline"]["ari"] and engine["groups"] <= 2 * 10, engine
