"""A node of a site sharded by workshop code (docs/DEPLOY.md), without
server processes: its codes begin with its letter, its organiser list names
it, and it can take another node's organiser key."""

import pytest

from workshop import settings
from workshop.cli import cli
from workshop.room import setting_up, workshops
from workshop.room.errors import Invalid
from workshop.storage import db as store


def test_every_code_a_node_makes_begins_with_its_letter(db, monkeypatch):
    monkeypatch.setenv("WORKSHOP_NODE", "c")
    codes = {workshops.create(db, f"Workshop {n}")["code"] for n in range(30)}
    assert all(code.startswith("C") and len(code) == workshops.CODE_LENGTH for code in codes)
    assert len(codes) == 30
    monkeypatch.delenv("WORKSHOP_NODE")
    assert len({workshops.new_code()[0] for _ in range(200)}) > 1  # unsharded: any letter


@pytest.mark.parametrize("letter", ["O", "1", "BC", "-", "é"])
def test_a_node_letter_a_code_cannot_begin_with_is_refused(letter, monkeypatch):
    monkeypatch.setenv("WORKSHOP_NODE", letter)
    with pytest.raises(ValueError, match="one letter or digit"):
        settings.value("NODE")


def test_the_organiser_list_names_this_node_and_every_node(app, db):
    app.config.update(NODE="B", NODES=("B", "C"))
    client = app.test_client()
    key = setting_up.organiser_key(db)
    assert client.post("/api/organiser/session", json={"key": key}).status_code == 200
    reply = client.get("/api/organiser/workshops").get_json()
    assert reply["node"] == "B" and reply["nodes"] == ["B", "C"]


def test_share_key_gives_a_second_node_the_first_nodes_organiser_key(runner, tmp_path):
    first = runner.invoke(cli, ["organiser", "--db", str(tmp_path / "b.db")])
    key = first.output.strip().split("#key=")[1]
    shared = runner.invoke(
        cli, ["organiser", "--db", str(tmp_path / "c.db"), "--share-key"], input=key + "\n"
    )
    assert shared.exit_code == 0, shared.output
    assert shared.output.strip().endswith(f"#key={key}")
    second = store.connect(tmp_path / "c.db")
    try:
        assert setting_up.organiser_key_matches(second, key)
    finally:
        second.conn.close()
    refused = runner.invoke(
        cli, ["organiser", "--db", str(tmp_path / "c.db"), "--share-key"], input="short\n"
    )
    assert refused.exit_code == 2 and "after #key=" in refused.output


def test_a_key_too_short_or_not_a_key_is_refused(db):
    for bad in ("", "abc", "x" * 23, "a b" * 20, "é" * 40):
        with pytest.raises(Invalid):
            setting_up.share_organiser_key(db, bad)
