"""The JSON archive: export, import into a fresh database, export again."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from harness.report_room import room, tokens_and_keys
from workshop.cli import cli, restore
from workshop.report import export
from workshop.room import contributions, rules, workshops
from workshop.room.errors import Invalid
from workshop.storage import db as store
from workshop.storage import records


def fresh(tmp_path, name):
    return store.migrate(store.connect(tmp_path / name))


def test_round_trip_is_identical(db, tmp_path):
    from workshop.room import stories

    workshop, people, _ = room(db)
    for n, person in enumerate(people["person_receiving_care"]):
        stories.submit_story(db, workshop, person, text=f"Story {n}", may_quote=bool(n))
    first = export.render(db, [workshop], "json", include_hidden=True, include_private=True).content
    other = fresh(tmp_path, "other.db")
    try:
        [(restored, key)] = restore.restore(other, restore.loads(first))
        again = export.render(
            other, [restored], "json", include_hidden=True, include_private=True
        ).content
        assert again == first
        assert restored["code"] == workshop["code"]
        assert key != workshop["facilitator_key"] and workshops.key_matches(restored, key)
        # The report rebuilt from the restored workshop says the same thing.
        for fmt in ("md", "csv"):
            before = export.render(db, [workshop], fmt).content.decode()
            after = export.render(other, [restored], fmt).content.decode()
            assert _undated(before) == _undated(after)
    finally:
        other.conn.close()


def _undated(text):
    return "\n".join(line for line in text.splitlines() if "Generated" not in line)


def test_archive_holds_no_secrets_or_ids(db):
    workshop, _, _ = room(db)
    content = export.render(db, [workshop], "json", include_hidden=True).content.decode()
    for secret in tokens_and_keys(db):
        assert secret not in content
    data = json.loads(content)["workshops"][0]
    assert "facilitator_key" not in data["workshop"] and "id" not in data["workshop"]
    for table in ("questions", "participants", "ideas", "votes"):
        for row in data[table]:
            assert not {"id", "workshop_id", "token", "client_id"} & set(row)
    assert {row["role"] for row in data["participants"]} >= {"provider", "commissioner"}


def test_hidden_ideas_and_their_votes_stay_out_unless_asked(db):
    workshop, _, ideas = room(db)
    contents = json.loads(export.render(db, [workshop], "json").content)["workshops"][0]
    assert "Something the facilitator hid." not in [i["text"] for i in contents["ideas"]]
    idea_refs = {i["ref"] for i in contents["ideas"]}
    assert all(v["idea_id"] in idea_refs for v in contents["votes"])


def test_restored_workshop_works(db, tmp_path):
    workshop, _, _ = room(db)
    other = fresh(tmp_path, "other.db")
    try:
        [(restored, _)] = restore.restore(
            other, restore.loads(export.render(db, [workshop], "json").content)
        )
        tokens = [r[0] for r in other.conn.execute("SELECT token FROM participants")]
        assert tokens and not set(tokens) & set(tokens_and_keys(db))
        change, _token = workshops.join(other, restored, "carer")
        risk = next(q for q in rules.agenda(other, restored) if q["status"] == "open")
        idea = contributions.submit_idea(
            other, restored, change.value, question_id=risk["id"], text="Joined after the restore."
        ).value
        contributions.cast_vote(other, restored, change.value, idea_id=idea["id"])
        assert store.tallies(other, restored["id"])[idea["id"]] == {"carer": 1}
        types = [e["type"] for e in store.events_since(other, restored["id"], 0, 10)]
        assert types[0] == "workshop_imported"
    finally:
        other.conn.close()


def test_a_restored_workshop_is_not_purged_for_its_old_end(db, tmp_path):
    from workshop.room import maintenance

    workshop, _, _ = room(db)
    maintenance.end(db, workshop)
    data = json.loads(export.render(db, [workshop], "json").content)
    assert "ended_at" not in data["workshops"][0]["workshop"]
    data["workshops"][0]["workshop"]["ended_at"] = "2020-01-01T00:00:00.000+00:00"
    other = fresh(tmp_path, "other.db")
    try:
        [(restored, _)] = restore.restore(other, data)
        assert restored["ended_at"] is None
        assert maintenance.purge_expired(other, 30) == []
        later = datetime.now(UTC) + timedelta(days=31)
        assert [w["code"] for w in maintenance.purge_expired(other, 30, now=later)] == [
            restored["code"]
        ]
    finally:
        other.conn.close()


def test_import_next_to_the_original_gets_a_new_code(db):
    workshop, _, _ = room(db)
    [(copy, _)] = restore.restore(db, restore.loads(export.render(db, [workshop], "json").content))
    assert copy["code"] != workshop["code"] and copy["title"] == workshop["title"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json", "not valid JSON"),
        (b'{"format": "something else"}', "not a workshop archive"),
        (b'{"format": "workshop-archive", "version": 99, "workshops": []}', "version 99"),
        (b'{"format": "workshop-archive", "version": 1, "workshops": []}', "holds no workshop"),
    ],
)
def test_bad_archives_are_refused_clearly(content, message):
    with pytest.raises(Invalid, match=message):
        restore.loads(content)


def test_an_odd_code_is_replaced_and_a_missing_title_refused(db):
    workshop, _, _ = room(db)
    data = json.loads(export.render(db, [workshop], "json").content)
    data["workshops"][0]["workshop"]["code"] = "<b>x</b>"
    [(copy, _)] = restore.restore(db, data)
    assert copy["code"] != "<b>x</b>" and workshops.get(db, copy["code"])
    data["workshops"][0]["workshop"]["title"] = ""
    with pytest.raises(Invalid, match="no usable title"):
        restore.restore(db, data)


def test_a_damaged_archive_changes_nothing(db):
    workshop, _, _ = room(db)
    data = json.loads(export.render(db, [workshop], "json").content)
    data["workshops"][0]["votes"][0]["idea_id"] = 999
    before = store.list_workshops(db)
    with pytest.raises(Invalid, match="missing ideas 999"):
        restore.restore(db, data)
    assert store.list_workshops(db) == before


def test_cli_import(runner, tmp_path):
    code = json.loads(runner.invoke(cli, ["demo", "--json"]).output)["code"]
    out = tmp_path / "out"
    # The demo has a story its teller asked not to be quoted: a complete copy keeps it,
    # so the restored workshop exports the same file.
    complete = ["--format", "json", "--include-private"]
    assert runner.invoke(cli, ["export", code, *complete, "--out", str(out)]).exit_code == 0
    archive_file = out / f"workshop-archive-{code}.json"
    other = tmp_path / "other.db"
    result = runner.invoke(cli, ["import", str(archive_file), "--db", str(other), "--json"])
    assert result.exit_code == 0, result.output
    [restored] = json.loads(result.output)
    assert restored["code"] == code and "#key=" in restored["console_url"]
    again = tmp_path / "again"
    runner.invoke(cli, ["export", code, *complete, "--out", str(again), "--db", str(other)])
    assert (again / archive_file.name).read_bytes() == archive_file.read_bytes()
    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    refused = runner.invoke(cli, ["import", str(broken), "--db", str(other)])
    assert refused.exit_code != 0 and "not a workshop archive" in refused.output


def test_round_trip_with_merges_outcomes_plan_answers_and_stories(db, tmp_path):
    from workshop.room import moderation, plan, stories

    workshop, people, ideas = room(db, hidden=False)
    moderation.hide(db, workshop, ideas["secret"]["id"])
    moderation.merge(db, workshop, ideas["formula"]["id"], ideas["jobs"]["id"])
    stories.submit_story(
        db, workshop, people["provider"][0], text="Kept, not quoted.", may_quote=False
    )
    [outcome] = plan.carry_forward(db, workshop, [ideas["jobs"]["id"]]).value
    risk = next(q for q in rules.agenda(db, workshop) if q["framework_key"] == "risk_core_quality")
    moderation.scribe(
        db,
        workshop,
        question_id=risk["id"],
        text="Staff stretched thin.",
        role="provider",
        outcome_id=outcome["id"],
        rating="high",
    )
    first = export.render(db, [workshop], "json", include_hidden=True, include_private=True).content
    other = fresh(tmp_path, "other.db")
    try:
        [(restored, _)] = restore.restore(other, restore.loads(first))
        assert (
            export.render(
                other, [restored], "json", include_hidden=True, include_private=True
            ).content
            == first
        )
        before = export.render(db, [workshop], "md").content.decode()
        after = export.render(other, [restored], "md").content.decode()
        assert _undated(before) == _undated(after)
        assert "Staff stretched thin. (rated high;" in after
        merged = [i for i in records.rows_of(other, "ideas", restored["id"]) if i["merged_into"]]
        assert len(merged) == 1
    finally:
        other.conn.close()
