"""The sector's own synonyms (workshop/room/care_words.py): ideas that say one
thing in the sector's different words are grouped, and the concepts never
reach a label."""

from workshop.room import care_words, theme_text, themes
from workshop.room import framework as fw

KENT = fw.load()


def test_concepts_name_abbreviations_phrases_and_everyday_words():
    assert care_words.concepts(["ev", "fleet"]) == ["vehicle"]
    assert care_words.concepts(["electric", "cars", "for", "staff"]) == ["vehicle"]
    assert care_words.concepts(["lonely"]) == care_words.concepts(["isolation"]) == ["lonely"]
    assert care_words.concepts(["living", "wage"]) == ["pay"]
    assert care_words.concepts(["a", "choir"]) == []


def test_the_same_thing_in_other_words_is_grouped():
    ideas = [
        {"id": k, "text": t}
        for k, t in enumerate(
            (
                "EV fleet for domiciliary care workers",
                "Electric cars for the care staff doing rounds",
                "Cycle to work scheme and e-bikes",
                "Stop people feeling lonely at home",
                "Tackle isolation of older people living alone",
                "Befriending for people with no friends nearby",
                "Respite so family carers get a rest",
                "Short breaks for unpaid carers",
                "A sitting service so mum can have a break",
            ),
            start=1,
        )
    ]
    result = themes.suggest(ideas, KENT)
    where = {i: k for k, g in enumerate(result["groups"]) for i in g["ideas"]}
    assert where[1] == where[2]
    assert where[4] == where[5]
    assert where[7] == where[8]
    shown = {w for i in ideas for w in theme_text.words(i["text"])}
    for group in result["groups"]:
        assert set(theme_text.words(group["label"])) <= shown, group


def test_the_labelled_set_keeps_near_duplicates_together_and_its_ari_up():
    """Never told the number of themes (benchmarks/themes_bench.py has the figures)."""
    from benchmarks import themes_bench

    rows = themes_bench.quality(themes_bench.read_set(themes_bench.DATA), KENT)
    mean = {
        key: sum(r["engine"][key] for r in rows) / len(rows) for key in ("ari", "near_duplicates")
    }
    # 0.453 measured (docs/THEMES.md); 0.412 before the concepts. A little slack
    # for a framework file whose seed words change.
    assert mean["ari"] >= 0.43, mean
    assert mean["near_duplicates"] >= 0.90, mean
    assert all(r["engine"]["groups"] <= 2 * r["engine"]["true_groups"] for r in rows)
