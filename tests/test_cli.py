"""The `workshop` command, through click's CliRunner."""

import json

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
    assert listed["participants"] == 90 and listed["ideas"] >= 20
    out = tmp_path / "reports"
    exported = runner.invoke(cli, ["export", code, "--format", "md", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    text = (out / f"diagnostic-report-{code}.md").read_text()
    assert "## Who took part" in text and "## Analyse stage" in text
    assert "Experts by experience, in their own words" in text


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
