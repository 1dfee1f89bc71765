"""Moderation sticks and bad input changes nothing (issue 15, items 1, 2, 7, 10).

Catch-up replays each idea as it is now, so no path hands a board or phone
words a facilitator hid or edited out; one cleaning step and one id parser
keep odd input out of the database and the reports.
"""

import io
import json

import pytest
from docx import Document

from harness.clients import join, socket_for, wait_for
from harness.servers import workshop_cli
from workshop.report import export
from workshop.room import contributions, moderation, rules, stories, workshops
from workshop.storage import db as store

SECRET = "Call Mrs Jones on 01234"
FIXED = "Call the office"


def _facilitate(client, workshop):
    response = client.post(
        f"/api/w/{workshop['code']}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    assert response.status_code == 200


@pytest.fixture
def moderated(app, db, workshop, open_question):
    """An idea edited to remove a name, and another hidden, each after it reached the log."""
    writer, _ = workshops.join(db, workshop, "carer")
    edited = contributions.submit_idea(
        db, workshop, writer.value, question_id=open_question["id"], text=SECRET
    ).value
    hidden = contributions.submit_idea(
        db, workshop, writer.value, question_id=open_question["id"], text="Hidden " + SECRET
    ).value
    moderation.edit(db, workshop, edited["id"], FIXED)
    moderation.hide(db, workshop, hidden["id"])
    return edited, hidden


def test_http_catch_up_never_returns_words_a_facilitator_removed(app, client, workshop, moderated):
    join(client, workshop, "provider")
    reply = client.get(f"/api/w/{workshop['code']}/events?since=0")
    assert reply.status_code == 200
    body = json.dumps(reply.get_json())
    assert "Mrs Jones" not in body
    assert FIXED in body  # the edited idea is replayed as it reads now


def test_socket_catch_up_without_a_cookie_never_returns_removed_words(app, workshop, moderated):
    board = socket_for(app, app.test_client(), workshop, "board", since=1)
    caught = wait_for(board, "caught_up")
    assert "Mrs Jones" not in json.dumps(caught)
    ideas = [e["data"]["idea"]["id"] for e in caught["events"] if e["type"] == "idea_added"]
    assert ideas == [moderated[0]["id"]]  # the hidden idea's arrival is not replayed


def test_console_catch_up_still_has_the_original_words(app, client, workshop, moderated):
    _facilitate(client, workshop)
    reply = client.get(f"/api/w/{workshop['code']}/events?since=0").get_json()
    assert "Mrs Jones" in json.dumps(reply)


NASTY = "Keep \ufffe it \uffff local \ud800 now \U0010fffe\x01"


def test_non_characters_and_surrogates_are_cleaned_out_of_every_text_field():
    assert rules.clean_text(NASTY, 100) == "Keep  it  local  now"
    assert rules.writable({"a": ["x\ufffe"]}) == {"a": ["x\ufffe"]}  # strings only
    assert rules.writable_all({"a": ["x\ufffe", ("\uffff",)]}) == {"a": ["x", [""]]}


def test_word_report_survives_stored_non_characters(db, workshop, open_question):
    """Rows stored before input was cleaned still render: every renderer cleans what it writes."""
    writer, _ = workshops.join(db, workshop, "person_receiving_care")
    contributions.submit_idea(
        db, workshop, writer.value, question_id=open_question["id"], text="Local jobs"
    )
    stories.submit_story(
        db, workshop, writer.value, text="My story", may_quote=True, question_id=None
    )
    with store.transaction(db):
        db.conn.execute("UPDATE ideas SET text = ?", ("Local \ufffe jobs \uffff",))
        db.conn.execute("UPDATE stories SET text = ?", ("My \ufffe story",))
    for fmt in ("docx", "html", "md", "csv", "json"):
        document = export.render(db, [workshop], fmt)
        assert "\ufffe" not in document.content.decode("utf-8", "ignore"), fmt
    text = "\n".join(
        p.text
        for p in Document(io.BytesIO(export.render(db, [workshop], "docx").content)).paragraphs
    )
    assert "My  story" in text or "My story" in text


@pytest.mark.parametrize("value", [True, 2**63, -1, 1.0, "¹", "1" * 5000, [], {}, "٣"], ids=repr)
def test_one_id_parser_refuses_what_is_not_a_row_id(value):
    with pytest.raises(rules.Invalid):
        rules.row_id(value, text=True)


def test_row_id_takes_the_largest_sqlite_integer_and_ascii_digits():
    assert rules.row_id(2**63 - 1) == 2**63 - 1
    assert rules.row_id("42", text=True) == 42
    with pytest.raises(rules.Invalid):
        rules.row_id("42")  # a JSON id is a number, not text


ATTENDEE_CASES = [
    ("/ideas", {"text": "Hello \ud800"}, None),
    ("/ideas", {"text": "Hi", "on_behalf_of": []}, "bad_text"),
    ("/ideas", {"text": "Hi", "on_behalf_of": {}}, "bad_text"),
    ("/ideas", {"text": "Hi", "outcome_id": 2**63}, "bad_id"),
    ("/ideas", {"text": "Hi", "question_id": True}, "bad_id"),
    ("/ideas", {"text": "Hi", "question_id": int("9" * 300)}, "bad_id"),
    ("/stories", {"text": "A story \ud800", "may_quote": "yes"}, "bad_flag"),
    ("/votes", {"idea_id": 2**64}, "bad_id"),
]


@pytest.mark.parametrize("path,body,code", ATTENDEE_CASES, ids=lambda v: repr(v)[:30])
def test_odd_attendee_input_is_a_clear_400_or_stored_clean(
    app, client, db, workshop, open_question, path, body, code
):
    join(client, workshop, "carer")
    body = {"question_id": open_question["id"], **body}
    raw = json.dumps(body)  # json.dumps escapes a lone surrogate as \ud800
    response = client.post(
        f"/api/w/{workshop['code']}{path}", data=raw, content_type="application/json"
    )
    assert response.status_code < 500, response.get_json()
    if code:
        assert response.status_code == 400 and response.get_json()["error"]["code"] == code
    else:
        assert response.status_code == 201
        stored = db.conn.execute("SELECT text FROM ideas").fetchone()[0]
        assert stored == "Hello"


def test_deeply_nested_json_is_refused_not_a_500(app, client, workshop):
    join(client, workshop, "carer")
    response = client.post(
        f"/api/w/{workshop['code']}/ideas",
        data="[" * 30000 + "]" * 30000,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"


def test_surrogate_in_the_facilitator_key_is_just_a_wrong_key(app, client, workshop):
    response = client.post(
        f"/api/w/{workshop['code']}/facilitator/session",
        data='{"key": "\\ud800abc"}',
        content_type="application/json",
    )
    assert response.status_code == 403


def test_socket_withdraw_with_a_surrogate_client_id_is_refused(app, client, workshop):
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    reply = phone.emit("withdraw_vote", {"client_id": "abcdefgh\ud800"}, callback=True)
    # The surrogate is cleaned out like any unwritable character: no such vote.
    assert reply["ok"] is False and reply["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "action,body",
    [
        ("hide_idea", {"idea_id": 2**63}),
        ("hide_idea", {"idea_id": True}),
        ("move_question", {"question_id": 1, "offset": 1.0}),
        ("scribe_idea", {"question_id": 1, "text": "x", "role": []}),
        ("carry_forward", {"idea_ids": [2**63]}),
        ("set_timer", {"question_id": 1, "seconds": 2**80}),
    ],
    ids=lambda v: repr(v)[:40],
)
def test_facilitator_odd_ids_and_types_are_400_not_500(app, client, db, workshop, action, body):
    _facilitate(client, workshop)
    before = store.last_seq(db, workshop["id"])
    response = client.post(f"/api/w/{workshop['code']}/console/{action}", json=body)
    assert response.status_code == 400, response.get_json()
    assert store.last_seq(db, workshop["id"]) == before


def test_a_board_can_read_its_snapshot_over_http_and_it_holds_only_shown_ideas(
    app, workshop, moderated
):
    reply = app.test_client().get(f"/api/w/{workshop['code']}/snapshot?view=board")
    assert reply.status_code == 200
    body = reply.get_json()
    assert body["view"] == "board" and [i["text"] for i in body["ideas"]] == [FIXED]
    assert "Mrs Jones" not in json.dumps(body)
    assert app.test_client().get(f"/api/w/{workshop['code']}/snapshot").status_code == 403


def test_the_archive_leaves_out_do_not_quote_stories_unless_asked_and_says_so(
    db, workshop, tmp_path
):
    teller, _ = workshops.join(db, workshop, "person_receiving_care")
    stories.submit_story(db, workshop, teller.value, text="Quote me on the bus", may_quote=True)
    stories.submit_story(db, workshop, teller.value, text="Private about my son", may_quote=False)
    archive = json.loads(export.render(db, [workshop], "json").content)
    assert "Private about my son" not in json.dumps(archive)
    assert "Quote me on the bus" in json.dumps(archive)
    assert archive["private_stories_left_out"] == 1 and "do not quote" in archive["about"]
    full = json.loads(export.render(db, [workshop], "json", include_private=True).content)
    assert "Private about my son" in json.dumps(full) and full["private_stories_left_out"] == 0


def test_workshop_export_says_what_the_archive_left_out(tmp_path):
    path = tmp_path / "cli.db"
    code = json.loads(workshop_cli("new", "Stories", "--json", db=path).stdout)["code"]
    connection = store.connect(path)
    workshop = workshops.get(connection, code)
    teller, _ = workshops.join(connection, workshop, "carer")
    stories.submit_story(connection, workshop, teller.value, text="Not for print", may_quote=False)
    run = workshop_cli("export", code, "--format", "json", "--out", str(tmp_path), db=path)
    assert 'Left out 1 story whose tellers said "do not quote"' in run.stdout
    assert "Not for print" not in next(tmp_path.glob("*.json")).read_text()
    workshop_cli(
        "export",
        code,
        "--format",
        "json",
        "--out",
        str(tmp_path / "all"),
        "--include-private",
        db=path,
    )
    assert "Not for print" in next((tmp_path / "all").glob("*.json")).read_text()
