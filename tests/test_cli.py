"""The `workshop` command, through click's CliRunner."""

import json

import pytest

from harness.servers import ROOT
from workshop import settings
from workshop.cli import cli


def test_new_json_prints_code_and_links(runner):
    result = runner.invoke(cli, ["new", "Day services, Thanet", "--json"])
    assert result.exit_code == 0, result.output
    links = json.loads(result.output)
    assert set(links) == {"code", "join_url", "board_url", "console_url"}
    assert links["join_url"] == f"http://workshop.test:5000/j/{links['code']}"
    assert links["console_url"].startswith(
        f"http://workshop.test:5000/console/{links['code']}#key="
    )
    listed = json.loads(runner.invoke(cli, ["list", "--json"]).output)
    assert [w["code"] for w in listed] == [links["code"]]


def test_new_with_stages_and_framework(runner, tmp_path):
    from workshop.room import framework as fw

    own = tmp_path / "medway.toml"
    own.write_text(fw.DEFAULT_PATH.read_text().replace("Kent County Council", "Medway Council"))
    result = runner.invoke(
        cli, ["new", "Medway event", "--stages", "analyse", "--framework", str(own)]
    )
    assert result.exit_code == 0, result.output
    bad = runner.invoke(cli, ["new", "x", "--stages", "analyse,dream"])
    assert bad.exit_code != 0 and "Stages must be some of" in bad.output


def test_list_when_empty(runner):
    assert "No workshops yet" in runner.invoke(cli, ["list"]).output


def test_demo_then_export_markdown(runner, tmp_path):
    result = runner.invoke(cli, ["demo", "--json"])
    assert result.exit_code == 0, result.output
    code = json.loads(result.output)["code"]
    listed = json.loads(runner.invoke(cli, ["list", "--json"]).output)[0]
    # 90 in the room and a few more by outreach (tests/test_demo.py counts them).
    assert listed["participants"] >= 90 and listed["ideas"] >= 300
    out = tmp_path / "reports"
    exported = runner.invoke(cli, ["export", code, "--format", "md", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    text = (out / f"diagnostic-report-{code}.md").read_text()
    assert "## Who took part" in text and "## Analyse stage" in text
    assert "Ideas from experts by experience" in text


def test_export_unknown_code_fails_clearly(runner, tmp_path):
    out = tmp_path / "reports"
    result = runner.invoke(cli, ["export", "NOPE99", "--out", str(out)])
    assert result.exit_code != 0 and "no workshop with that code" in result.output
    assert not out.exists()


def test_db_option_overrides_environment(runner, tmp_path):
    other = tmp_path / "other.db"
    runner.invoke(cli, ["new", "Elsewhere", "--db", str(other)])
    assert json.loads(runner.invoke(cli, ["list", "--json"]).output) == []
    assert len(json.loads(runner.invoke(cli, ["list", "--json", "--db", str(other)]).output)) == 1


def test_list_and_links_give_every_workshops_links_back(runner):
    first = json.loads(runner.invoke(cli, ["new", "Home care, West Kent", "--json"]).output)
    second = json.loads(runner.invoke(cli, ["new", "Day services, Thanet", "--json"]).output)
    listed = json.loads(runner.invoke(cli, ["list", "--json"]).output)
    assert [w["code"] for w in listed] == [second["code"], first["code"]]
    for made, row in zip((second, first), listed, strict=True):
        assert {k: row[k] for k in made} == made
        assert row["ended_at"] is None
    text = runner.invoke(cli, ["list"]).output
    assert first["console_url"] in text and second["board_url"] in text
    one = runner.invoke(cli, ["links", first["code"].lower()])
    assert one.exit_code == 0
    assert first["join_url"] in one.output and first["console_url"] in one.output
    assert json.loads(runner.invoke(cli, ["links", first["code"], "--json"]).output) == first
    missing = runner.invoke(cli, ["links", "NOPE22"])
    assert missing.exit_code != 0 and "no workshop with that code" in missing.output


def test_end_without_a_running_server_ends_in_the_database(runner):
    made = json.loads(runner.invoke(cli, ["new", "Home care, West Kent", "--json"]).output)
    result = runner.invoke(cli, ["end", made["code"], "--public-url", "http://127.0.0.1:9"])
    assert result.exit_code == 0 and "ended at" in result.output
    assert "told straight away" not in result.output
    listed = json.loads(runner.invoke(cli, ["list", "--json"]).output)
    assert listed[0]["ended_at"]


BAD_FRAMEWORKS = {
    'roles = ["a"]\n[framework]\ntitle = "X"\n': "roles[0]: expected a table, got text.",
    '[framework]\ntitle = "X"\n[[roles]]\nkey = 1\n': "roles[0].key: expected text, got a whole number.",
    "[framework\n": "Cannot read framework",
}


@pytest.mark.parametrize("text", BAD_FRAMEWORKS)
def test_a_bad_framework_file_gets_one_sentence_exit_2_and_nothing_written(runner, tmp_path, text):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    result = runner.invoke(cli, ["new", "Day services", "--framework", str(bad)])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {BAD_FRAMEWORKS[text]}" or (
        BAD_FRAMEWORKS[text] in result.output and len(result.output.strip().splitlines()) == 1
    )
    assert "Traceback" not in result.output and result.exception.__class__.__name__ == "SystemExit"
    listed = runner.invoke(cli, ["list"])
    assert "Day services" not in listed.output


def test_a_bad_archive_gets_one_sentence_exit_2_and_nothing_written(runner, tmp_path):
    made = json.loads(runner.invoke(cli, ["new", "Home care", "--json"]).output)
    exported = runner.invoke(
        cli, ["export", made["code"], "--format", "json", "--out", str(tmp_path)]
    )
    assert exported.exit_code == 0, exported.output
    [archive_file] = tmp_path.glob("*.json")
    good = json.loads(archive_file.read_text())
    damaged = []
    wrong_roles = json.loads(json.dumps(good))
    wrong_roles["workshops"][0]["workshop"]["framework"]["roles"] = ["a"]
    damaged.append(wrong_roles)
    no_entry = json.loads(json.dumps(good))
    no_entry["workshops"] = ["not a workshop"]
    damaged.append(no_entry)
    bad_rows = json.loads(json.dumps(good))
    bad_rows["workshops"][0]["questions"] = "not rows"
    damaged.append(bad_rows)
    for number, data in enumerate(damaged):
        path = tmp_path / f"damaged-{number}.json"
        path.write_text(json.dumps(data))
        result = runner.invoke(cli, ["import", str(path)])
        assert result.exit_code == 2, (number, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert result.output.startswith("Error: "), result.output
    listed = runner.invoke(cli, ["list", "--json"])
    assert len(json.loads(listed.output)) == 1


def test_docs_list_every_setting_exactly_as_declared(runner):
    """docs/DEPLOY.md's table is `workshop settings`, so no setting goes undocumented."""

    deploy = (ROOT / "docs" / "DEPLOY.md").read_text()
    table = deploy.split("<!-- settings: the output of `workshop settings` -->\n")[1]
    table = table.split("\n<!-- /settings -->")[0]
    assert table == runner.invoke(cli, ["settings"]).output.strip() == settings.markdown()
    for setting in settings.SETTINGS:
        assert f"`{setting.env}`" in table


def test_describe_sets_who_was_expected_and_the_report_sets_people_against_it(runner, tmp_path):
    created = runner.invoke(cli, ["new", "Day services, Thanet", "--json"])
    code = json.loads(created.output)["code"]
    result = runner.invoke(cli, ["describe", code, "--expected", "provider=4,carer=12"])
    assert result.exit_code == 0, result.output
    assert "expected provider=4, carer=12" in result.output
    refused = runner.invoke(cli, ["describe", code, "--expected", "wizard=3"])
    assert refused.exit_code != 0 and "not one of this workshop's" in refused.output
    out = tmp_path / "out"
    exported = runner.invoke(cli, ["export", code, "--format", "md", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    text = next(out.glob("*.md")).read_text()
    assert "| Care provider | 0 | 4 | 0 of 4 |" in text
    assert (
        "Fewer took part than expected as: Family or unpaid carer (0 of the 12 expected); "
        "Care provider (0 of the 4 expected)." in text
    )
