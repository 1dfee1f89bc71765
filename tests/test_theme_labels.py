"""Suggested themes' labels (workshop/room/theme_labels.py): a short phrase
taken word for word from one of the group's own shown ideas."""

import re

from benchmarks import themes_bench
from workshop.room import framework as fw
from workshop.room import theme_labels, themes

KENT = fw.load()
SET = themes_bench.read_set(themes_bench.DATA)


def _flat(text):
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def test_every_label_is_a_phrase_one_member_wrote():
    for key, question in SET.items():
        ideas = [{"id": i["id"], "text": i["text"]} for i in question]
        text = {i["id"]: i["text"] for i in question}
        for group in themes.suggest(ideas, KENT)["groups"]:
            label = group["label"]
            assert "," not in label and 1 <= len(label.split()) <= 6, (key, label)
            assert label[0].isupper()
            assert any(f" {_flat(label)} " in f" {_flat(text[i])} " for i in group["ideas"]), (
                key,
                label,
            )


def test_a_phrase_ends_at_punctuation_and_keeps_abbreviations():
    texts = [
        "EV fleet for care staff",
        "An EV fleet, please",
        "More EV fleet cars",
        "Lunch club on Fridays",
        "lunch club for older men",
        "A lunch club, every week",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5]])
    assert names == ["EV fleet", "Lunch club"]


def test_groups_get_different_labels_where_their_words_allow():
    texts = ["Paid jobs", "paid jobs for us", "paid jobs now", "Paid jobs, real contracts"]
    names = theme_labels.labels(texts, [[0, 1], [2, 3]])
    assert names[0] != names[1]


def test_no_shared_word_still_gets_a_label_from_a_member():
    names = theme_labels.labels(["Swimming", "Choir practice", "Allotments"], [[0, 1, 2]])
    assert names[0] in {"Swimming", "Choir practice", "Allotments", "Choir"}
    assert theme_labels.labels(["!!!", "??"], [[0, 1]]) == ["Other ideas"]


def test_a_large_question_gets_a_room_of_themes_not_slivers():
    """150 ideas: every theme holds at least 1 in 30 of them (5), so some ten themes, not twenty."""
    room = themes_bench.synthetic(150, SET)
    groups = themes.suggest(room, KENT)["groups"]
    assert min(len(g["ideas"]) for g in groups) >= 5, [len(g["ideas"]) for g in groups]
    assert themes.smallest_group(20) == 2 and themes.smallest_group(60) == 3


def test_a_label_does_not_end_on_a_describing_word_nor_repeat_another():
    texts = [
        "Keep rounds in small local patches",
        "rounds in small local areas",
        "Shorter rounds in small local towns",
        "Staff rounds",
        "More staff",
        "Staff, staff, staff",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5]])
    assert not names[0].lower().endswith(("local", "small")), names
    assert names[0].lower() != names[1].lower()


def test_names_keep_their_capital():
    # How fast a large group is labelled: benchmarks/themes_bench.py (2,000 ideas).
    texts = ["Buy from Kent firms", "buy from Kent farms first", "Kent firms. Buy local", "Shops"]
    assert theme_labels.labels(texts, [[0, 1, 2], [3]])[0].startswith("Buy from Kent")


def test_a_label_fits_one_line_of_the_board_when_its_group_has_a_short_phrase():
    texts = [
        "Intergenerational reminiscence projects with nurseries",
        "intergenerational reminiscence projects with nurseries please",
        "Nurseries",
        "nurseries visiting",
    ]
    [name] = theme_labels.labels(texts, [[0, 1, 2, 3]])
    assert len(name) <= 26, name


def _reads_as_a_thing(label):
    """Not a verb alone, no tense anywhere, no function word at either end but
    who an easy-read action is for ("Ask us")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = label.lower().split()
    assert not set(words) & theme_labels._DONE, label
    assert not (len(words) == 1 and words[0] in theme_labels._DOING), label
    assert words[0] not in ENGLISH_STOP_WORDS, label
    assert words[-1] not in ENGLISH_STOP_WORDS or words[-1] in theme_labels._US, label


def test_a_group_about_what_depends_on_the_contract_is_not_labelled_with_a_verb():
    """The demo's third Analyse question was labelled "Depends": every other
    theme spoke of the contract too, so only the verb was this group's own."""
    depends = [
        "The social enterprise that does our laundry depends on this contract.",
        "The buddy scheme depends on our coordinator, paid from this contract.",
        "Our lunch club depends on the day service staying open.",
        "Training we paid for walks out of the door.",
    ]
    contract = [
        "A new contract could break the minibus run",
        "Longer contract, five years not three",
        "The contract must keep the sitting service",
        "Put the carers' cafe in the new contract",
    ]
    names = theme_labels.labels(depends + contract, [[0, 1, 2, 3], [4, 5, 6, 7]])
    for name in names:
        _reads_as_a_thing(name)
    # Not "Paid for walks" either: "we paid" is a verb, whatever list it is missing from.
    assert names[0] in {"Social enterprise", "Buddy scheme", "Lunch club", "Day service"}, names


def test_a_sentence_fragment_is_not_a_label():
    """ "Staff learn", "Did boards", "Staff stay longer": a verb makes a clause of them."""
    texts = [
        "Staff learn Makaton from the people they support",
        "staff learn on the job",
        "You said, we did boards in every service.",
        "We did boards. Staff stay longer.",
        "Staff stay longer when they are trained",
        "Training for staff in Makaton",
    ]
    for name in theme_labels.labels(texts, [[0, 1, 5], [2, 3, 4]]):
        _reads_as_a_thing(name)
        assert name.lower() not in {"staff learn", "did boards", "staff stay longer"}, name


def test_a_lone_word_is_widened_with_the_members_own_words():
    texts = ["Keep experienced staff", "experienced staff know us", "Staff!", "staff", "STAFF"]
    assert theme_labels.labels(texts, [[0, 1, 2, 3, 4]]) == ["Experienced staff"]
    # An action opens a sentence; "people who receive care" is no label of "Receive care".
    texts = ["Volunteers who receive care", "Volunteering roles for people who receive care"]
    [name] = theme_labels.labels(texts * 2, [[0, 1, 2, 3]])
    assert not name.lower().startswith("receive"), name


def test_easy_read_asks_keep_who_is_asked():
    texts = [
        "ask us before you change things",
        "ask us every year",
        "Ask me. Then do it.",
        "Ask us what we think every year and show what changed.",
    ]
    assert theme_labels.labels(texts, [[0, 1, 2, 3]]) == ["Ask us"]


def test_let_us_is_not_who_an_action_is_for():
    """The board's 150-idea room labelled its recruiting theme "Let us": in "Let
    us help interview new staff" the action comes after "us"."""
    texts = [
        "Let us help interview new staff because it builds trust",
        "Let us help interview new staff so money stays local",
        "Let us help interview new staff with easy-read information",
    ]
    assert theme_labels.labels(texts, [[0, 1, 2]]) != ["Let us"]


def test_two_themes_never_share_a_label_even_when_their_members_wrote_the_same():
    texts = [
        "Paid jobs",
        "paid jobs for us",
        "Paid jobs now",
        "Paid jobs please",
        "paid jobs",
        "Paid jobs, real contracts",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5]])
    assert len({n.lower() for n in names}) == 2, names
    for name, group in zip(names, [[0, 1, 2], [3, 4, 5]], strict=True):
        assert any(f" {_flat(name)} " in f" {_flat(texts[i])} " for i in group), name


def test_a_hidden_ideas_word_never_widens_a_label():
    ideas = [
        {"id": 1, "text": "Staff!"},
        {"id": 2, "text": "More staff"},
        {"id": 3, "text": "staff staff"},
        {"id": 4, "text": "Zonking staff", "status": "hidden"},
        {"id": 5, "text": "zonking staff now", "status": "hidden"},
        {"id": 6, "text": "Zonking staff again", "status": "hidden"},
    ]
    for group in themes.suggest(ideas, KENT)["groups"]:
        assert "zonk" not in group["label"].lower(), group


def test_the_labelled_sets_labels_name_things_and_few_are_one_word():
    """Before: 10 of 30 labels one word ("Pays", "Staff", "Clubs") and "Staff learn"."""
    names = []
    for question in SET.values():
        ideas = [{"id": i["id"], "text": i["text"]} for i in question]
        found = [g["label"] for g in themes.suggest(ideas, KENT)["groups"]]
        assert len({n.lower() for n in found}) == len(found), found
        names += found
    for name in names:
        _reads_as_a_thing(name)
    assert sum(len(n.split()) == 1 for n in names) <= len(names) // 5, names


def test_a_label_keeps_a_name_whole_and_its_things_ending_in_ing():
    """The board's 150-idea room (harness/big_room.py) read "Leaving care and
    count", "Week", "Monthly coffee" and "Carers trained in sign"."""
    question = "What added differences can we make for people who need care and support?"
    texts = [
        "Carers trained in sign language with easy-read information sent before (idea 5)",
        "Carers trained in sign language with easy-read information sent before (idea 9)",
        "Carers trained in sign language so people feel known (idea 20)",
        "A monthly coffee morning with the day centre and count how many hours (idea 4)",
        "A monthly coffee morning with the day centre so it feels local (idea 14)",
        "A monthly coffee morning with the day centre and count how many hours (idea 71)",
        "Keep the same care worker every week so it feels like family (idea 1)",
        "Keep the same care worker every week so money stays local (idea 2)",
        "Keep the same care worker every week (idea 3)",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5], [6, 7, 8]], question=question)
    assert names == ["Sign language", "Monthly coffee morning", "Care worker"], names
    for name in names:
        _reads_as_a_thing(name)
    # "Aprons going", "service helping": an -ing that is not a thing's name closes nothing.
    texts = ["Plastic aprons going to landfill", "aprons going in the bin", "Aprons going"]
    assert theme_labels.labels(texts, [[0, 1, 2]]) != ["Aprons going"]
