"""The framework file: complete, keyed, and quoting Kent's framework word for word."""

from pathlib import Path

import pytest

from workshop.room import framework as fw

SOURCE = (
    Path(__file__).resolve().parents[2] / "shared" / "framework" / "together-for-social-value.txt"
)


def normalise(text):
    for fancy, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(fancy, plain)
    # The source keeps the PDF's bold markers and list dashes; the words are what count.
    text = text.replace("**", "").replace("\n- ", "\n")
    return " ".join(text.split())


def test_kent_framework_has_every_list():
    data = fw.load()
    assert [s["key"] for s in data["stages"]] == ["analyse", "plan", "do", "review"]
    assert [p["name"] for p in data["priorities"]] == [
        "Local Employment",
        "Buy Kent First",
        "Community Development",
        "Good Employer",
        "Green and Sustainable",
    ]
    assert len(data["outcome_kinds"]) == 4
    assert len(data["strategic_outcomes"]) == 3
    assert [t["name"] for t in data["care_act_themes"]] == [
        "Wellbeing",
        "Prevention",
        "Market Shaping",
    ]
    assert len(data["experts_by_experience_value"]) == 3
    assert fw.expert_roles(data) == {"person_receiving_care"}


def test_stage_question_counts_match_the_framework():
    counts = {s["key"]: len(s["questions"]) for s in fw.load()["stages"]}
    assert counts == {"analyse": 3, "plan": 4, "do": 1, "review": 1}


def test_key_questions_and_priorities_are_quoted_word_for_word():
    assert SOURCE.exists(), "../shared/framework must sit beside the checkout"
    source = normalise(SOURCE.read_text(encoding="utf-8"))
    data = fw.load()
    quoted = [q["text"] for s in data["stages"] for q in s["questions"]]
    quoted += [p["description"] for p in data["priorities"]]
    quoted += [s["name"] for s in data["strategic_outcomes"]]
    for text in quoted:
        assert normalise(text) in source, text
    for question in (q for s in data["stages"] for q in s["questions"]):
        assert question["easy_read"] and question["easy_read"] != question["text"]


def test_principles_themes_and_plan_framing_are_quoted_word_for_word():
    source = normalise(SOURCE.read_text(encoding="utf-8"))
    data = fw.load()
    development = fw.principles(data, "development_principles")
    measuring = fw.principles(data, "measuring_principles")
    assert [p["number"] for p in development] == list(range(1, 7))
    assert [p["number"] for p in measuring] == list(range(1, 14))
    assert all(p["short"] for p in development + measuring)
    quoted = [p["text"] for p in development + measuring]
    for list_name in ("care_act_themes", "experts_by_experience_value"):
        for theme in fw.themes(data, list_name):
            assert theme["definition"], theme
            quoted.append(theme["definition"])
    # A Care Act theme reads "Wellbeing, which means ..." in the framework.
    quoted += [f"{t['name']}, {t['definition']}" for t in fw.themes(data, "care_act_themes")]
    quoted += list(fw.stage_framing(data, "plan").values())
    quoted += [k["definition"] for k in data["answer_kinds"]]
    quoted += [c["text"] for c in data["plan_checklist"]]
    quoted += [wording for wording, _ in fw.other_wordings(data).values()]
    for text in quoted:
        assert normalise(text) in source, text
    assert len(fw.stage_framing(data, "plan")) == 5
    assert len(data["plan_checklist"]) == 6


def test_strategic_outcome_three_has_both_wordings():
    data = fw.load()
    names = {s["key"]: s["name"] for s in data["strategic_outcomes"]}
    [(key, (other, note))] = fw.other_wordings(data).items()
    assert "supported" in names[key] and "supported" not in other
    assert note


def test_the_limitation_is_quoted_faithfully_with_ellipses_where_cut():
    source = normalise(SOURCE.read_text(encoding="utf-8"))
    quote, where = fw.limitation(fw.load())
    parts = [normalise(part) for part in quote.split("\u2026")]
    assert len(parts) == 2 and where
    # Each run of words is the framework's, and in the framework's order.
    positions = [source.index(part) for part in parts]
    assert positions == sorted(positions)
    # Only whole sentences are left out, so nothing reads as if it were said together.
    assert all(part.rstrip().endswith(".") for part in parts)


def test_a_council_can_bring_its_own_framework(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text(fw.DEFAULT_PATH.read_text().replace("Kent County Council", "Medway Council"))
    assert fw.load(own)["framework"]["publisher"] == "Medway Council"


@pytest.mark.parametrize(
    "damage",
    [
        ("[[priorities]]", "[[not_priorities]]"),
        ('key = "local_employment"', 'key = "buy_kent_first"'),
        ("expert_by_experience = true", "expert_by_experience = false"),
        ("[framework]", "[nothing]"),
    ],
)
def test_a_broken_framework_is_refused_with_a_reason(tmp_path, damage):
    broken = tmp_path / "broken.toml"
    broken.write_text(fw.DEFAULT_PATH.read_text().replace(*damage))
    with pytest.raises(fw.FrameworkError):
        fw.load(broken)
