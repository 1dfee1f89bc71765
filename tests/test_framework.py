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
