"""The ranking kind (issue 21) in the JSON archive and `workshop import`: each
question's list and each person's order travel by ref, and come back with this
database's ids; a damaged order is refused and nothing is written. And in the CSV."""

import csv
import io
import json

import pytest

from workshop.cli import cli, demo, restore
from workshop.report import export
from workshop.room import agenda, plan, workshops
from workshop.room.errors import Invalid
from workshop.room.kinds import ranking
from workshop.storage import db as store
from workshop.storage import rankings


def fresh(tmp_path, name):
    return store.migrate(store.connect(tmp_path / name))


def ranked_room(db):
    """A workshop with a typed ranking question and one of the carried outcomes,
    each ranked by a few people of several roles."""
    workshop = demo.create(db, plan_stage=False)
    chosen = [c["ideas"][0]["id"] for c in plan.candidates(db, workshop)]
    plan.carry_forward(db, workshop, chosen)
    typed = agenda.add_question(
        db,
        workshop,
        stage="analyse",
        text="Which first?",
        kind="ranking",
        options=["Jobs", "Transport", "Food"],
    ).value
    carried = agenda.add_question(
        db, workshop, stage="plan", text="Which outcome first?", kind="ranking"
    ).value
    lists = rankings.options_of(db, workshop["id"])
    for question in (typed, carried):
        agenda.open_question(db, workshop, question["id"])
        ids = [o["id"] for o in lists[question["id"]]]
        for n, role in enumerate(("provider", "provider", "carer", "commissioner") * 2):
            person = workshops.join(db, workshop, role)[0].value
            order = ids[n % len(ids) :] + ids[: n % len(ids)]
            ranking.submit_ranking(db, workshop, person, question["id"], order)
    return workshop, typed, carried


def complete(db, workshop):
    return export.render(db, [workshop], "json", include_hidden=True, include_private=True).content


def test_rankings_round_trip_with_their_ids_remapped(db, tmp_path):
    workshop, typed, carried = ranked_room(db)
    first = complete(db, workshop)
    entry = json.loads(first)["workshops"][0]
    assert [o["text"] for o in entry["ranking_options"][:3]] == ["Jobs", "Transport", "Food"]
    assert len(entry["rankings"]) == 16
    refs = {o["ref"] for o in entry["ranking_options"]}
    assert all(set(r["option_ids"]) <= refs for r in entry["rankings"])
    assert not {"id", "workshop_id", "participant_id_db"} & set(entry["rankings"][0])
    other = fresh(tmp_path, "other.db")
    # Ids in the other database are not the same numbers: a workshop there already.
    demo.create(other, plan_stage=False)
    try:
        [(restored, _)] = restore.restore(other, restore.loads(first))
        assert complete(other, restored) == first
        lists = rankings.options_of(other, restored["id"])
        for q, given in ((typed, 8), (carried, 8)):
            [copy] = [
                r
                for r in restore.records.rows_of(other, "questions", restored["id"])
                if r["text"] == q["text"]
            ]
            ids = [o["id"] for o in lists[copy["id"]]]
            orders = rankings.rankings_of(other, restored["id"], copy["id"])
            assert len(orders) == given
            assert all(sorted(o["option_ids"]) == sorted(ids) for o in orders)
        outcomes = {o["outcome_id"] for listed in lists.values() for o in listed} - {None}
        mine = {
            r[0]
            for r in other.conn.execute(
                "SELECT id FROM provisional_outcomes WHERE workshop_id = ?", [restored["id"]]
            )
        }
        assert outcomes and outcomes <= mine
        for fmt in ("md", "csv"):
            before = export.render(db, [workshop], fmt).content.decode()
            after = export.render(other, [restored], fmt).content.decode()
            assert "Which outcome first?" in after
            assert _undated(before) == _undated(after)
    finally:
        other.conn.close()


def _undated(text):
    return "\n".join(line for line in text.splitlines() if "Generated" not in line)


def _damage(entry, how):
    order = entry["rankings"][0]["option_ids"]
    other_question = next(
        o["ref"]
        for o in entry["ranking_options"]
        if o["question_id"] != entry["rankings"][0]["question_id"]
    )
    changes = {
        "short": order[:-1],
        "twice": order[:-1] + order[:1],
        "another question's": order[:-1] + [other_question],
        "missing": order[:-1] + [999],
        "text": "1, 2, 3",
        "none": None,
    }
    entry["rankings"][0]["option_ids"] = changes[how]


@pytest.mark.parametrize("how", ["short", "twice", "another question's", "missing", "text", "none"])
def test_a_damaged_order_is_refused_and_nothing_is_written(db, how):
    workshop, _, _ = ranked_room(db)
    data = json.loads(complete(db, workshop))
    _damage(data["workshops"][0], how)
    before = store.list_workshops(db)
    rows = db.conn.execute("SELECT count(*) FROM rankings").fetchone()
    with pytest.raises(Invalid, match="is not an order of its question's list"):
        restore.restore(db, restore.loads(json.dumps(data)))
    assert store.list_workshops(db) == before
    assert db.conn.execute("SELECT count(*) FROM rankings").fetchone() == rows


def test_a_list_where_one_value_belongs_is_refused(db):
    workshop, _, _ = ranked_room(db)
    data = json.loads(complete(db, workshop))
    data["workshops"][0]["rankings"][0]["role"] = [1, 2]
    with pytest.raises(Invalid, match="has a list in role"):
        restore.restore(db, restore.loads(json.dumps(data)))
    data["workshops"][0]["ranking_options"][0]["text"] = [1]
    with pytest.raises(Invalid, match="damaged"):
        restore.loads(json.dumps(data))


def test_cli_import_refuses_a_damaged_order_in_one_sentence(runner, tmp_path, db):
    workshop, _, _ = ranked_room(db)
    data = json.loads(complete(db, workshop))
    _damage(data["workshops"][0], "twice")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    other = tmp_path / "other.db"
    refused = runner.invoke(cli, ["import", str(broken), "--db", str(other)])
    assert refused.exit_code == 2
    assert "is not an order of its question's list" in refused.output
    assert refused.output.strip().count("\n") == 0
    check = fresh(tmp_path, "other.db")
    try:
        assert store.list_workshops(check) == []
    finally:
        check.conn.close()


def test_the_csv_has_each_ranking_in_the_rooms_order(db):
    workshop = demo.create(db, plan_stage=False)
    question = agenda.add_question(
        db,
        workshop,
        stage="analyse",
        text="Which first?",
        kind="ranking",
        options=["Jobs", "=Transport", "Food"],
    ).value
    agenda.open_question(db, workshop, question["id"])
    jobs, transport, food = [
        o["id"] for o in rankings.options_of(db, workshop["id"])[question["id"]]
    ]
    for _ in range(5):
        person = workshops.join(db, workshop, "provider")[0].value
        ranking.submit_ranking(db, workshop, person, question["id"], [jobs, transport, food])
    carer = workshops.join(db, workshop, "carer")[0].value
    ranking.submit_ranking(db, workshop, carer, question["id"], [food, transport, jobs])
    text = export.render(db, [workshop], "csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    ranked = [r for r in table if r["kind"] == "ranking"]
    # Each role counts the same: the carer's order is the providers' reversed, so
    # every item scores the same and all three share the first place (the
    # list's own order lists them). They were numbered 1, 2, 3, as if the room
    # had put Jobs first; the board and the console said them level.
    assert [(r["ranking_place"], r["text"]) for r in ranked] == [
        ("1", "Jobs"),
        ("1", "'=Transport"),
        ("1", "Food"),
    ]
    page = export.render(db, [workshop], "md").content.decode()
    assert page.count("1 (level)") == 3 and "share a place (marked level)" in page
    assert {r["question"] for r in ranked} == {"Which first?"}
    assert {r["ranking_answers"] for r in ranked} == {"6"}
    assert ranked[0]["ranking_score"] == "1.0"
    # Providers are 5 and get their own places; one carer's order is not printed.
    assert ranked[0]["ranking_by_role"] == "Care provider 1"
    ideas = [r for r in table if r["kind"] == "idea"]
    assert ideas and all(r["ranking_place"] == "" for r in ideas)
