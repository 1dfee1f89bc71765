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


def test_names_keep_their_capital_and_a_large_group_is_labelled_quickly():
    texts = ["Buy from Kent firms", "buy from Kent farms first", "Kent firms. Buy local", "Shops"]
    assert theme_labels.labels(texts, [[0, 1, 2], [3]])[0].startswith("Buy from Kent")
    import time

    many = [f"Lunch club number {k} for older men" for k in range(1500)]
    start = time.process_time()
    theme_labels.labels(many, [list(range(1500))])
    assert time.process_time() - start < 0.5


def test_a_label_fits_one_line_of_the_board_when_its_group_has_a_short_phrase():
    texts = [
        "Intergenerational reminiscence projects with nurseries",
        "intergenerational reminiscence projects with nurseries please",
        "Nurseries",
        "nurseries visiting",
    ]
    [name] = theme_labels.labels(texts, [[0, 1, 2, 3]])
    assert len(name) <= 26, name
