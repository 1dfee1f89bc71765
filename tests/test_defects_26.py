"""Issue 26, items 1, 2 and 8: the day's people filed as the room, stories
held back in every export, and nobody let in after End."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from harness.clients import open_first
from workshop.report import export
from workshop.room import maintenance, outreach, setting_up, stories, workshops
from workshop.storage import db as store
from workshop.storage import waiting_list


def today():
    return date.fromisoformat(store.now()[:10])


def days(n):
    return (today() + timedelta(days=n)).isoformat()


def set_window(db, workshop, first, last):
    chosen = [q["id"] for q in store.questions_of(db, workshop["id"])[:2]]
    outreach.set_window(
        db, workshop, opens_on=days(first), closes_on=days(last), question_ids=chosen
    )


def set_day(db, workshop, offset):
    setting_up.set_up(db, workshop, event_date=days(offset))


def origins(db, workshop):
    rows = db.conn.execute(
        "SELECT origin FROM participants WHERE workshop_id = ? ORDER BY id", (workshop["id"],)
    )
    return [row[0] for row in rows]


def csrf(client, path):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def join_by_phone(client, workshop):
    return client.post(f"/api/w/{workshop['code']}/participants", json={"role": "carer"})


def join_by_form(client, workshop):
    code = workshop["code"]
    page = client.get(f"/j/{code}")
    if page.status_code != 200:  # closed: the join page itself says so
        return page
    return client.post(
        f"/j/{code}", data={"csrf_token": csrf(client, f"/j/{code}"), "role": "carer"}
    )


def join_as_supporter(client, workshop):
    """A supporter enters one person, then "Start with the next person"."""
    code = workshop["code"]
    page = client.get(f"/j/{code}")
    if page.status_code != 200:
        return page
    token = csrf(client, f"/j/{code}")
    first = client.post(
        f"/j/{code}",
        data={"csrf_token": token, "role": "person_receiving_care", "supporter_role": "provider"},
    )
    if first.status_code != 302:
        return first
    page = client.get(first.headers["Location"])
    if page.status_code == 302:  # /w/CODE sends an outreach participant to /o/CODE
        page = client.get(page.headers["Location"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    return client.post(
        f"/j/{code}/next-person", data={"csrf_token": token.group(1), "role": "carer"}
    )


def join_by_outreach_link(client, workshop):
    """The outreach page's link, opened with no session, leads to the same join."""
    code = workshop["code"]
    found = client.get(f"/o/{code}")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/j/{code}")
    return join_by_form(client, workshop)


JOINS = {
    "phone": join_by_phone,
    "form": join_by_form,
    "supporter": join_as_supporter,
    "outreach link": join_by_outreach_link,
}


# (window from, window to) in days from today; the event's day in days from today.
WINDOWS = {"before the day": (-10, -1), "over the day": (-3, 3), "after the day": (1, 10)}


@pytest.mark.parametrize("how", sorted(JOINS))
@pytest.mark.parametrize("window", sorted(WINDOWS))
@pytest.mark.parametrize("moment", ["before the start", "during"])
def test_on_the_day_everyone_joins_the_room_wherever_the_window_is(
    app, db, workshop, how, window, moment
):
    set_window(db, workshop, *WINDOWS[window])
    set_day(db, workshop, 0)
    if moment == "during":
        open_first(db, workshop)
    client = app.test_client()
    reply = JOINS[how](client, workshop)
    assert reply.status_code in (201, 302), reply.get_data(as_text=True)
    if how == "supporter":  # the next person goes back to the room's phone page, not outreach
        assert f"/w/{workshop['code']}" in reply.headers["Location"]
        assert client.get(f"/w/{workshop['code']}").status_code == 200
    assert set(origins(db, workshop)) == {"room"}


@pytest.mark.parametrize("how", sorted(JOINS))
def test_a_question_open_is_the_day_even_with_no_date_set(app, db, workshop, how):
    set_window(db, workshop, -3, 3)
    open_first(db, workshop)
    assert JOINS[how](app.test_client(), workshop).status_code in (201, 302)
    assert set(origins(db, workshop)) == {"room"}


@pytest.mark.parametrize("how", sorted(JOINS))
def test_away_from_the_day_the_window_makes_outreach_and_outside_it_nobody_joins(
    app, db, workshop, how
):
    set_day(db, workshop, 5)
    set_window(db, workshop, -3, 3)
    client = app.test_client()
    reply = JOINS[how](client, workshop)
    assert reply.status_code in (201, 302)
    if how == "supporter":
        assert f"/o/{workshop['code']}" in reply.headers["Location"]
    assert set(origins(db, workshop)) == {"outreach"}
    set_window(db, workshop, 1, 4)  # today is neither the window nor the day
    before = origins(db, workshop)
    refused = JOINS[how](app.test_client(), workshop)
    assert refused.status_code == 409
    assert origins(db, workshop) == before


@pytest.mark.parametrize("how", sorted(JOINS))
@pytest.mark.parametrize("window", sorted(WINDOWS))
def test_after_end_on_the_day_nobody_joins(app, db, workshop, how, window):
    set_window(db, workshop, *WINDOWS[window])
    set_day(db, workshop, 0)
    open_first(db, workshop)
    maintenance.end(db, store.workshop_by_id(db, workshop["id"]))
    reply = JOINS[how](app.test_client(), workshop)
    assert reply.status_code == 409
    assert origins(db, workshop) == []


def test_the_word_report_counts_the_day_in_the_room(app, db, workshop):
    set_window(db, workshop, -3, 3)
    set_day(db, workshop, 5)  # before the day: outreach
    join_by_phone(app.test_client(), workshop)
    set_day(db, workshop, 0)  # the day itself: the room, window or not
    for _ in range(3):
        join_by_phone(app.test_client(), workshop)
    current = store.workshop_by_id(db, workshop["id"])
    word = Document(io.BytesIO(export.render(db, [current], "docx").content))
    [table] = [t for t in word.tables if [c.text for c in t.rows[0].cells][1:2] == ["In the room"]]
    rows = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in table.rows[1:]}
    assert rows["Family or unpaid carer"] == ("3", "1")
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Outreach reached 1 person" in text


# Item 2: a story hidden or marked "needs follow-up" is in no export, in any
# format, with or without include_hidden.

STATES = {
    "shown": (False, False),
    "hidden": (True, False),
    "needs follow-up": (False, True),
    "hidden and needs follow-up": (True, True),
}


@pytest.fixture
def told(db, workshop):
    """One story in each state, each quotable, each with its own words."""
    person, _ = workshops.join(db, workshop, "person_receiving_care")
    person = person.value
    words = {}
    for n, (state, (hide, flag)) in enumerate(STATES.items()):
        text = f"Story number {n} told in state {state.replace(' ', '-')}"
        story = stories.submit_story(
            db, workshop, person, text=text, may_quote=True, client_id=f"story-client-{n}"
        ).value
        if hide:
            stories.hide_story(db, workshop, story["id"])
        if flag:
            stories.flag_story(db, workshop, story["id"], True)
        words[state] = text
    return words


def as_text(fmt, content):
    if fmt == "docx":
        word = Document(io.BytesIO(content))
        cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in word.paragraphs] + cells)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
        )
    text = content.decode("utf-8")
    if fmt == "csv":
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(text)))
    if fmt == "json":
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


@pytest.mark.parametrize("include_hidden", [False, True])
@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx", "csv", "json"])
def test_a_hidden_or_flagged_story_is_in_no_export(db, workshop, told, fmt, include_hidden):
    current = store.workshop_by_id(db, workshop["id"])
    for private in (False, True):
        content = export.render(
            db, [current], fmt, include_hidden=include_hidden, include_private=private
        ).content
        text = as_text(fmt, content)
        assert told["shown"] in text
        for state in ("hidden", "needs follow-up", "hidden and needs follow-up"):
            assert told[state] not in text, (state, fmt, include_hidden)


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "xlsx", "csv", "json"])
def test_the_api_export_with_include_hidden_holds_them_back(client, db, workshop, told, fmt):
    code = workshop["code"]
    session = client.post(
        f"/api/w/{code}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    assert session.status_code == 200
    reply = client.get(f"/api/w/{code}/export.{fmt}?include_hidden=1&include_private=1")
    assert reply.status_code == 200
    text = as_text(fmt, reply.data)
    assert told["shown"] in text
    for state in ("hidden", "needs follow-up", "hidden and needs follow-up"):
        assert told[state] not in text, (state, fmt)


def test_the_cli_export_with_include_hidden_holds_them_back(runner, tmp_path):
    from workshop.cli import cli

    result = runner.invoke(cli, ["new", "Stories", "--json"])
    code = json.loads(result.output)["code"]
    db = store.connect(str(tmp_path / "cli.db"))
    workshop = workshops.get(db, code)
    person = workshops.join(db, workshop, "carer")[0].value
    flagged = stories.submit_story(
        db, workshop, person, text="A worry to follow up", may_quote=True, client_id="flag-1-abc"
    ).value
    stories.flag_story(db, workshop, flagged["id"], True)
    out = tmp_path / "out"
    for fmt in ("json", "csv", "md"):
        ran = runner.invoke(
            cli, ["export", code, "--format", fmt, "--include-hidden", "--out", str(out)]
        )
        assert ran.exit_code == 0, ran.output
    for path in out.iterdir():
        assert "A worry to follow up" not in path.read_text(encoding="utf-8"), path.name


# Item 8: after End nobody is let in, whether by let_in or by opening the door.


@pytest.fixture
def waiting(db, workshop):
    workshops.lock_door(db, workshop, True)
    for _ in range(3):
        change, _token = workshops.join(db, workshop, "carer")
        assert change.value["waiting"]
    maintenance.end(db, store.workshop_by_id(db, workshop["id"]))
    return store.workshop_by_id(db, workshop["id"])


def test_let_in_after_end_is_refused_and_lets_nobody_in(db, waiting):
    with pytest.raises(Exception) as refused:
        workshops.let_in(db, waiting)
    assert getattr(refused.value, "code", None) == "workshop_ended"
    assert store.participant_count(db, waiting["id"]) == 0
    assert waiting_list.waiting_count(db, waiting["id"]) == 3


def test_opening_the_door_or_raising_the_head_count_after_end_lets_nobody_in(db, waiting):
    workshops.lock_door(db, waiting, False)
    workshops.set_capacity(db, waiting, 50)
    assert store.participant_count(db, waiting["id"]) == 0
    assert waiting_list.waiting_count(db, waiting["id"]) == 3


def test_the_console_gets_one_clear_refusal_after_end(app, client, db, waiting):
    code = waiting["code"]
    session = client.post(
        f"/api/w/{code}/facilitator/session", json={"key": waiting["facilitator_key"]}
    )
    assert session.status_code == 200
    reply = client.post(f"/api/w/{code}/console/let_in", json={})
    assert reply.status_code == 409
    assert reply.get_json()["error"]["code"] == "workshop_ended"
    opened = client.post(f"/api/w/{code}/console/lock_door", json={"on": False})
    assert opened.status_code == 200
    assert store.participant_count(db, waiting["id"]) == 0
