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
