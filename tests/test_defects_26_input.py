"""Issue 26, items 6, 7, 9 and 11: bad input refused with one clear 4xx (or
one sentence and exit 2) and nothing written; printed cards only for this
workshop's questions; a reconnecting phone's counts right however applied."""

import io
import json

import pytest

from harness.clients import join, open_first, socket_for, wait_for
from harness.report_room import room
from workshop.cli import cli
from workshop.report import export
from workshop.room import contributions, setting_up, workshops
from workshop.storage import db as store


@pytest.fixture
def organiser(app, db):
    client = app.test_client()
    key = setting_up.organiser_key(db)
    assert client.post("/api/organiser/session", json={"key": key}).status_code == 200
    return client


def everything(db):
    """Every row of every table that people or organisers write, to compare."""
    tables = ("workshops", "questions", "participants", "ideas", "votes", "stories", "events")
    return {t: db.conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables}  # noqa: S608


# Item 6: 500s on bad input.


@pytest.mark.parametrize("key", ["\ud800", "\udc00\ud800", "abc\udfff", "\ud83d"])
def test_a_lone_or_reversed_surrogate_as_the_organiser_key_is_refused(app, db, key):
    assert setting_up.organiser_key(db)  # made when first asked for
    before = everything(db)
    body = json.dumps({"key": key})  # escaped as \ud800: valid JSON, not valid UTF-16
    reply = app.test_client().post(
        "/api/organiser/session", data=body, content_type="application/json"
    )
    assert reply.status_code == 403
    assert reply.get_json()["error"]["code"] == "forbidden"
    assert everything(db) == before


def deep_toml(levels, kind):
    head = '[framework]\ntitle = "Deep"\n'
    if kind == "arrays":
        return head.replace(
            "[framework]", "deep = " + "[" * levels + "]" * levels + "\n[framework]"
        )
    return head.replace(
        "[framework]", "deep = " + "{ a = " * levels + "1" + " }" * levels + "\n[framework]"
    )


@pytest.mark.parametrize("levels", [3_000, 100])
@pytest.mark.parametrize("kind", ["arrays", "inline tables"])
def test_a_framework_nested_deep_is_refused_as_json_and_as_an_upload(organiser, db, levels, kind):
    content = deep_toml(levels, kind)
    before = everything(db)
    as_json = organiser.post("/api/organiser/workshops", json={"title": "x", "framework": content})
    as_upload = organiser.post(
        "/api/organiser/workshops",
        data={
            "workshop": json.dumps({"title": "x"}),
            "framework": (io.BytesIO(content.encode()), "deep.toml"),
        },
        content_type="multipart/form-data",
        headers={"X-Workshop-Upload": "1"},
    )
    for reply in (as_json, as_upload):
        assert reply.status_code == 400, reply.get_data(as_text=True)[:200]
        error = reply.get_json()["error"]
        assert error["code"] == "bad_framework"
        assert "nested" in error["message"]
    assert everything(db) == before


def test_the_cli_refuses_a_deep_framework_file(runner, tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(deep_toml(3_000, "arrays"))
    result = runner.invoke(cli, ["new", "Deep", "--framework", str(path)])
    assert result.exit_code == 2, result.output
    assert "nested" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("levels", [30_000, 40])
def test_a_multipart_workshop_part_nested_deep_is_refused(organiser, db, levels):
    before = everything(db)
    reply = organiser.post(
        "/api/organiser/workshops",
        data={"workshop": "[" * levels + "]" * levels},
        content_type="multipart/form-data",
        headers={"X-Workshop-Upload": "1"},
    )
    assert reply.status_code == 400
    assert reply.get_json()["error"]["code"] == "bad_json"
    assert everything(db) == before


def cards(client, workshop, query):
    return client.get(f"/organiser/{workshop['code']}/print/cards?{query}")


@pytest.mark.parametrize("name", ["count", "first"])
def test_printed_cards_with_a_5000_digit_number_are_refused(organiser, db, workshop, name):
    before = everything(db)
    reply = cards(organiser, workshop, f"{name}={'9' * 5000}")
    assert reply.status_code == 400
    assert f"{name} must be a whole number" in reply.get_data(as_text=True)
    assert cards(organiser, workshop, f"{name}=0{'0' * 5000}1").status_code == 400
    assert everything(db) == before


# Item 7: cards only for a question of this workshop.


def test_printed_cards_for_a_question_not_of_this_workshop_are_refused(organiser, db, workshop):
    other = workshops.create(db, "Another workshop")
    theirs = store.questions_of(db, other["id"])[1]["id"]
    mine = store.questions_of(db, workshop["id"])
    for bad in (str(theirs), "-1", "1.5", "abc", "%00", str(10**30), " 1", "\u0661"):
        reply = cards(organiser, workshop, f"question_id={bad}")
        assert reply.status_code == 404, bad
        assert "There is no such question in this workshop." in reply.get_data(as_text=True)
    second = cards(organiser, workshop, f"question_id={mine[1]['id']}&count=2")
    assert second.status_code == 200
    page = second.get_data(as_text=True)
    assert 'aria-label="Paper card 201"' in page and "Paper card 101" not in page
    first = cards(organiser, workshop, "count=2").get_data(as_text=True)  # none: the first
    assert 'aria-label="Paper card 101"' in first


# Item 9: damaged archives.


@pytest.fixture
def archive_of(db):
    workshop, _, _ = room(db)
    return json.loads(export.render(db, [workshop], "json").content)


def damaged(data, how):
    entry = data["workshops"][0]
    if how == "idea text a list":
        entry["ideas"][0]["text"] = ["a", "list"]
    elif how == "idea text an object":
        entry["ideas"][0]["text"] = {"an": "object"}
    elif how == "vote budget 10**40":
        entry["workshop"]["vote_budget"] = 10**40
    elif how == "a vote 10**40":
        entry["votes"][0]["idea_id"] = 10**40
    elif how == "stages an object":
        entry["workshop"]["stages"] = {"analyse": True}
    return json.dumps(data)


HOWS = [
    "idea text a list",
    "idea text an object",
    "vote budget 10**40",
    "a vote 10**40",
    "stages an object",
]


@pytest.mark.parametrize("how", HOWS + ["nested 30,000 deep", "framework nested 500 deep"])
def test_a_damaged_archive_is_refused_with_one_sentence(runner, tmp_path, archive_of, how):
    if how == "nested 30,000 deep":
        text = json.dumps(archive_of)[:-1] + ', "extra": ' + "[" * 30_000 + "]" * 30_000 + "}"
    elif how == "framework nested 500 deep":
        archive_of["workshops"][0]["workshop"]["framework"]["deep"] = json.loads(
            "[" * 500 + "]" * 500
        )
        text = json.dumps(archive_of)
    else:
        text = damaged(archive_of, how)
    path = tmp_path / "damaged.json"
    path.write_text(text)
    target = tmp_path / "target.db"
    result = runner.invoke(cli, ["import", str(path), "--db", str(target)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    connection = store.connect(str(target))
    assert store.list_workshops(connection) == []
    assert connection.conn.execute("SELECT COUNT(*) FROM ideas").fetchone()[0] == 0


def test_a_sound_archive_still_imports(runner, tmp_path, archive_of):
    path = tmp_path / "sound.json"
    path.write_text(json.dumps(archive_of))
    result = runner.invoke(cli, ["import", str(path), "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 0, result.output


# Item 11, from docs/API.md alone: "tallies ... only the ideas that changed
# (an idea whose votes fell to none is sent with total 0)"; `caught_up` is
# "the full map"; a screen applying it either way must end with the same counts.


def test_a_reconnecting_phone_learns_that_an_ideas_votes_fell_to_none(app, db, workshop):
    question = open_first(db, workshop)
    author = join(app.test_client(), workshop, "provider")
    idea = author.post(
        f"/api/w/{workshop['code']}/ideas", json={"question_id": question["id"], "text": "Buses"}
    ).get_json()["idea"]
    voter = join(app.test_client(), workshop, "carer")
    cast = voter.post(
        f"/api/w/{workshop['code']}/votes", json={"idea_id": idea["id"], "client_id": "vote-abc-1"}
    )
    assert cast.status_code == 201
    watcher = join(app.test_client(), workshop, "carer")
    socket = socket_for(app, watcher, workshop)
    snapshot = wait_for(socket, "snapshot")
    counts = {k: t["total"] for k, t in snapshot["tallies"].items()}
    assert counts[str(idea["id"])] == 1
    socket.disconnect()
    # While the phone is away the only vote is taken back.
    assert voter.delete(f"/api/w/{workshop['code']}/votes/vote-abc-1").status_code == 200
    again = socket_for(app, watcher, workshop, since=snapshot["seq"])
    missed = wait_for(again, "caught_up")
    again.disconnect()
    assert missed["tallies"][str(idea["id"])]["total"] == 0
    merged = dict(counts)  # applied as a push is applied (merged)...
    merged.update({k: t["total"] for k, t in missed["tallies"].items()})
    replaced = {k: t["total"] for k, t in missed["tallies"].items()}  # ...or replacing
    assert merged[str(idea["id"])] == replaced[str(idea["id"])] == 0
    # The same answer over HTTP, and a console's too.
    events = watcher.get(f"/api/w/{workshop['code']}/events?since={snapshot['seq']}")
    assert events.get_json()["tallies"][str(idea["id"])]["total"] == 0


def test_catch_up_sends_zeroes_only_for_ideas_the_screen_may_see(app, db, workshop):
    question = open_first(db, workshop)
    person, _ = workshops.join(db, workshop, "provider")
    shown = contributions.submit_idea(
        db, workshop, person.value, question_id=question["id"], text="Shown", client_id="c-shown-1"
    ).value
    phone = join(app.test_client(), workshop, "carer")
    missed = phone.get(f"/api/w/{workshop['code']}/events?since=0").get_json()
    assert missed["tallies"][str(shown["id"])] == {"total": 0, "by_role": {}}
