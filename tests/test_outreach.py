"""Outreach: the workshop open for a set period to people who cannot come,
at their own pace, with supporters; every contribution marked with its origin."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.report import export
from workshop.room import agenda, maintenance, outreach
from workshop.storage import db as store


def today():
    """The server's day (UTC, as store.now()), read when used: a module-level
    date went stale for a run that crossed midnight."""
    return date.fromisoformat(store.now()[:10])


def window(db, workshop, first, last, questions=None):
    chosen = questions or [q["id"] for q in store.questions_of(db, workshop["id"])[:2]]
    return outreach.set_window(
        db, workshop, opens_on=first.isoformat(), closes_on=last.isoformat(), question_ids=chosen
    ).value


@pytest.fixture
def open_window(db, workshop):
    return window(db, workshop, today() - timedelta(days=3), today() + timedelta(days=10))


def csrf(client, path):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def answer(client, workshop, question_id, text, **extra):
    code = workshop["code"]
    token = csrf(client, f"/o/{code}")
    return client.post(
        f"/o/{code}", data={"csrf_token": token, "question_id": question_id, "text": text, **extra}
    )


def test_the_same_join_link_leads_to_the_outreach_questions(client, db, workshop, open_window):
    code = workshop["code"]
    token = csrf(client, f"/j/{code}")
    joined = client.post(f"/j/{code}", data={"csrf_token": token, "role": "person_receiving_care"})
    assert joined.status_code == 302
    assert client.get(f"/w/{code}").headers["Location"].endswith(f"/o/{code}")
    page = client.get(f"/o/{code}").get_data(as_text=True)
    chosen = open_window["question_ids"]
    assert len(re.findall(r'<section class="outreach-question"', page)) == len(chosen)
    assert "There is no timer" in page
    first = chosen[0]
    sent = answer(client, workshop, first, "A bus to the day centre", priority="local_employment")
    assert sent.status_code == 302 and f"sent={first}" in sent.headers["Location"]
    assert "A bus to the day centre" in client.get(f"/o/{code}").get_data(as_text=True)
    idea = store.ideas_of(db, workshop["id"])[0]
    assert (idea["origin"], idea["entered_by"], idea["priority"]) == (
        "outreach",
        "self",
        "local_employment",
    )
    origin = db.conn.execute("SELECT origin FROM participants").fetchone()[0]
    assert origin == "outreach"


def test_an_unchosen_question_and_bad_input_are_refused_plainly(client, db, workshop, open_window):
    join(client, workshop, "carer")
    other = [q["id"] for q in store.questions_of(db, workshop["id"])][-1]
    refused = answer(client, workshop, other, "Something")
    assert refused.status_code == 409
    assert "not open for outreach" in refused.get_data(as_text=True)
    empty = answer(client, workshop, open_window["question_ids"][0], "   ")
    assert empty.status_code == 400 and "Please write" in empty.get_data(as_text=True)
    for nonsense in ("x", "\u00b2", "\u0661", "9" * 5000):  # a superscript, Arabic-Indic, too long
        assert answer(client, workshop, nonsense, "Something").status_code == 404
    assert store.ideas_of(db, workshop["id"]) == []


def test_outside_the_window_joins_and_writes_are_refused_with_a_plain_message(client, db, workshop):
    window(db, workshop, today() + timedelta(days=5), today() + timedelta(days=19))
    workshop = store.workshop_by_id(db, workshop["id"])
    code = workshop["code"]
    page = client.get(f"/j/{code}")
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert "This workshop is not open at the moment" in text and "You can take part from" in text
    api = client.post(f"/api/w/{code}/participants", json={"role": "carer"})
    assert api.status_code == 409 and api.get_json()["error"]["code"] == "outreach_closed"
    assert store.role_counts(db, workshop["id"]) == {}
    # Someone who joined while it was open cannot write once it has closed.
    window(db, workshop, today() - timedelta(days=20), today() + timedelta(days=1))
    join(client, workshop, "carer")
    window(db, workshop, today() - timedelta(days=20), today() - timedelta(days=1))
    question_id = outreach.questions(db, workshop)[0]["id"]
    late = client.post(
        f"/api/w/{code}/console/submit_outreach_idea",
        json={"question_id": question_id, "text": "Late"},
    )
    assert late.status_code == 404  # the console route takes facilitator actions only
    socket = socket_for(client.application, client, workshop)
    wait_for(socket, "snapshot")
    ack = socket.emit(
        "submit_outreach_idea", {"question_id": question_id, "text": "Late"}, callback=True
    )
    assert ack["ok"] is False and ack["error"]["code"] == "outreach_closed"
    assert "You can take part from" in ack["error"]["message"]
    assert store.ideas_of(db, workshop["id"]) == []


def test_on_the_day_the_room_still_joins_outside_the_window(client, db, workshop, open_question):
    window(db, workshop, today() + timedelta(days=5), today() + timedelta(days=19))
    join(client, workshop, "provider")  # a question is open in the room: the day itself
    assert db.conn.execute("SELECT origin FROM participants").fetchone()[0] == "room"


def test_a_supporter_records_three_people_on_one_phone_each_counted_once(
    client, db, workshop, open_window
):
    code = workshop["code"]
    token = csrf(client, f"/j/{code}")
    client.post(
        f"/j/{code}",
        data={"csrf_token": token, "role": "person_receiving_care", "supporter_role": "provider"},
    )
    first_question = open_window["question_ids"][0]
    page = client.get(f"/o/{code}").get_data(as_text=True)
    assert "You are helping someone" in page
    for n, role in enumerate(("person_receiving_care", "carer", "person_receiving_care"), 1):
        if n > 1:
            moved = client.post(
                f"/j/{code}/next-person",
                data={"csrf_token": csrf(client, f"/o/{code}"), "role": role},
            )
            assert moved.status_code == 302 and f"/o/{code}" in moved.headers["Location"]
        assert answer(client, workshop, first_question, f"Idea from person {n}").status_code == 302
    people = db.conn.execute(
        "SELECT role, origin, supporter_role FROM participants WHERE workshop_id = ? ORDER BY id",
        (workshop["id"],),
    ).fetchall()
    assert [tuple(p) for p in people] == [
        ("person_receiving_care", "outreach", "provider"),
        ("carer", "outreach", "provider"),
        ("person_receiving_care", "outreach", "provider"),
    ]
    ideas = store.ideas_of(db, workshop["id"])
    assert len({i["participant_id"] for i in ideas}) == 3
    assert {i["entered_by"] for i in ideas} == {"supporter"}
    assert store.role_counts(db, workshop["id"]) == {"person_receiving_care": 2, "carer": 1}
    # The supporter themself is not counted as a participant.
    assert "provider" not in store.role_counts(db, workshop["id"])
    # Each person sees only their own answers.
    assert "Idea from person 2" not in client.get(f"/o/{code}").get_data(as_text=True)


def test_origins_are_in_the_right_columns_of_every_export(app, db, workshop, open_question):
    room = join(app.test_client(), workshop, "provider")
    assert (
        room.post(
            f"/api/w/{workshop['code']}/ideas",
            json={"question_id": open_question["id"], "text": "In the room"},
        ).status_code
        == 201
    )
    window(
        db,
        workshop,
        today() - timedelta(days=1),
        today() + timedelta(days=1),
        [open_question["id"]],
    )
    # The day is live (a question is open), so new phones join the room; outreach
    # answers come from someone who joined away from the day.
    agenda.close_question(db, workshop, open_question["id"])
    away = join(app.test_client(), workshop, "person_receiving_care")
    socket = socket_for(app, away, workshop)
    wait_for(socket, "snapshot")
    ack = socket.emit(
        "submit_outreach_idea",
        {"question_id": open_question["id"], "text": "From outreach", "client_id": "outreach-0001"},
        callback=True,
    )
    assert ack["ok"] is True, ack
    workshop = store.workshop_by_id(db, workshop["id"])
    rows = list(
        csv.DictReader(
            io.StringIO(export.render(db, [workshop], "csv").content.decode("utf-8-sig"))
        )
    )
    origin = {r["text"]: r["origin"] for r in rows}
    assert origin == {"In the room": "room", "From outreach": "outreach"}
    archive = json.loads(export.render(db, [workshop], "json").content)
    ideas = archive["workshops"][0]["ideas"]
    assert {i["text"]: i["origin"] for i in ideas} == origin
    md = export.render(db, [workshop], "md").content.decode()
    assert "## In the room, in outreach and on paper" in md
    assert (
        "Outreach reached 1 person. It reached people the room did not: "
        "person who receives care and support." in md
    )
    html = export.render(db, [workshop], "html").content.decode()
    assert "In the room, in outreach and on paper" in html and "From outreach" in html
    from docx import Document

    text = "\n".join(
        p.text
        for p in Document(io.BytesIO(export.render(db, [workshop], "docx").content)).paragraphs
    )
    assert "In the room, in outreach and on paper" in text


def test_the_window_is_checked(db, workshop):
    first = store.questions_of(db, workshop["id"])[0]["id"]
    with pytest.raises(outreach.Invalid):
        window(db, workshop, today(), today() - timedelta(days=1))
    with pytest.raises(outreach.Invalid):
        window(db, workshop, today(), today() + timedelta(days=200))
    with pytest.raises(outreach.Invalid):
        outreach.set_window(db, workshop, opens_on="soon", closes_on="later", question_ids=[first])
    with pytest.raises(outreach.Invalid):
        outreach.set_window(
            db,
            workshop,
            opens_on=today().isoformat(),
            closes_on=today().isoformat(),
            question_ids=[],
        )
    state = window(db, workshop, today(), today(), [first])
    assert state == {
        "opens_on": today().isoformat(),
        "closes_on": today().isoformat(),
        "open_now": True,
        "question_ids": [first],
    }
    closed = outreach.close_window(db, store.workshop_by_id(db, workshop["id"])).value
    assert closed["opens_on"] is None and closed["question_ids"] == []


def test_an_ended_workshop_takes_no_outreach(client, db, workshop, open_window):
    join(client, workshop, "carer")
    token = csrf(client, f"/o/{workshop['code']}")
    maintenance.end(db, workshop)
    page = client.get(f"/o/{workshop['code']}")
    assert page.status_code == 409
    assert "This workshop has ended. Thank you." in page.get_data(as_text=True)
    refused = client.post(
        f"/o/{workshop['code']}",
        data={"csrf_token": token, "question_id": open_window["question_ids"][0], "text": "Late"},
    )
    assert refused.status_code == 409
    assert store.ideas_of(db, workshop["id"]) == []


# Stories in outreach, as in the room (issue 16): stories.submit_story, origin outreach


def tell(client, workshop, text, may_quote=None, token=None, **extra):
    code = workshop["code"]
    data = {"csrf_token": token or csrf(client, f"/o/{code}"), "text": text, **extra}
    if may_quote is not None:
        data["may_quote"] = may_quote
    return client.post(f"/o/{code}/story", data=data)


def test_an_outreach_story_is_kept_with_its_consent_and_origin(client, db, workshop, open_window):
    join(client, workshop, "person_receiving_care")
    page = client.get(f"/o/{workshop['code']}").get_data(as_text=True)
    assert "May we quote your words in the report?" in page
    sent = tell(client, workshop, "The bus never came, so I missed <b>my</b> day.", "yes")
    assert sent.status_code == 302 and "sent=story" in sent.headers["Location"]
    again = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Your story is kept" in again and "You have told us 1 story" in again
    tell(client, workshop, "Please do not print this one.", "no")
    rows = db.conn.execute(
        "SELECT text, may_quote, origin, author_role, entered_by FROM stories ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (
            "The bus never came, so I missed <b>my</b> day.",
            1,
            "outreach",
            "person_receiving_care",
            "self",
        ),
        ("Please do not print this one.", 0, "outreach", "person_receiving_care", "self"),
    ]
    # The log says a story arrived and from where, never its words.
    logged = [
        e for e in store.events_since(db, workshop["id"], 0, 100) if e["type"] == "story_added"
    ]
    assert [e["data"]["origin"] for e in logged] == ["outreach", "outreach"]
    assert "bus" not in json.dumps([e["data"] for e in logged])


def test_an_outreach_story_without_a_choice_or_words_is_refused_and_kept_in_the_box(
    client, db, workshop, open_window
):
    join(client, workshop, "carer")
    refused = tell(client, workshop, "My mother's carers change every week.")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Please choose whether we may quote your story" in page
    assert "My mother&#39;s carers change every week.</textarea>" in page  # kept, escaped
    assert tell(client, workshop, "   ", "yes").status_code == 400
    assert tell(client, workshop, "Odd consent", "maybe").status_code == 400
    assert tell(client, workshop, "x" * 3001, "yes").status_code == 400
    assert db.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 0


def test_an_outreach_story_is_kept_once_and_refused_outside_the_window(client, db, workshop):
    window(db, workshop, today() - timedelta(days=20), today() + timedelta(days=1))
    join(client, workshop, "carer")
    twice = [tell(client, workshop, "Sent twice", "yes", client_id="story-twice-01") for _ in "ab"]
    assert [r.status_code for r in twice] == [302, 302]
    token = csrf(client, f"/o/{workshop['code']}")
    window(db, workshop, today() - timedelta(days=20), today() - timedelta(days=1))
    late = tell(client, workshop, "Too late", "yes", token=token)
    assert late.status_code == 409 and "You can take part from" in late.get_data(as_text=True)
    socket = socket_for(client.application, client, workshop)
    wait_for(socket, "snapshot")
    ack = socket.emit("submit_outreach_story", {"text": "Late", "may_quote": True}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "outreach_closed"
    # A resend of what was kept is still answered as the first send was.
    resent = socket.emit(
        "submit_outreach_story",
        {"text": "Sent twice", "may_quote": True, "client_id": "story-twice-01"},
        callback=True,
    )
    assert resent["ok"] is True and resent["duplicate"] is True
    assert [r[0] for r in db.conn.execute("SELECT text FROM stories")] == ["Sent twice"]


def test_the_outreach_page_reads_aloud_with_the_rooms_script(client, db, workshop, open_window):
    join(client, workshop, "carer")
    page = client.get(f"/o/{workshop['code']}").get_data(as_text=True)
    # The room's one read-aloud and easy-read script (easy-read.js), no copy of it.
    assert page.count("js/easy-read.js") == 1
    assert "speechSynthesis" not in page
    heads = re.findall(r'<div class="question-head" data-listen="question \d+">', page)
    assert len(heads) == len(open_window["question_ids"])
    assert 'data-listen="about stories"' in page and 'data-listen="how this works"' in page


def test_every_format_shows_origins_for_ideas_and_stories_and_whom_outreach_reached(
    app, db, workshop, open_question
):
    from docx import Document
    from openpyxl import load_workbook

    code, qid = workshop["code"], open_question["id"]
    room = join(app.test_client(), workshop, "provider")
    assert room.post(f"/api/w/{code}/ideas", json={"question_id": qid, "text": "In the room"})
    console = app.test_client()
    console.post(f"/api/w/{code}/facilitator/session", json={"key": workshop["facilitator_key"]})
    card = {"question_id": qid, "text": "From a card", "role": "carer", "card_number": 12}
    assert console.post(f"/api/w/{code}/console/scribe_idea", json=card).status_code == 200
    window(db, workshop, today() - timedelta(days=1), today() + timedelta(days=1), [qid])
    agenda.close_question(db, workshop, qid)
    away = join(app.test_client(), workshop, "person_receiving_care")
    assert answer(away, workshop, qid, "From outreach").status_code == 302
    assert tell(away, workshop, "My story from home", "yes").status_code == 302
    workshop = store.workshop_by_id(db, workshop["id"])

    def render(fmt):
        return export.render(db, [workshop], fmt).content

    reach = "It reached people the room did not: person who receives care and support."
    md = render("md").decode()
    who_took_part = md.split("## Who took part")[1].split("\n## ")[0]
    assert reach in who_took_part
    assert "Person who receives care and support ★, through outreach" in md  # the story
    assert "Family or unpaid carer, paper card 12" in md
    assert md.count("through outreach") >= 2  # the idea and the story
    html = render("html").decode()
    who_html = html.split('<section id="who-took-part">')[1].split("</section>")[0]
    assert reach in who_html
    stories_html = html.split('<section id="stories">')[1].split("</section>")[0]
    assert "My story from home" in stories_html and "through outreach" in stories_html
    paragraphs = [p.text for p in Document(io.BytesIO(render("docx"))).paragraphs]
    # Who took part's own list "Who was not in this room" (an H3, not in the contents).
    start = paragraphs.index("Who was not in this room")
    took_part = paragraphs[start : paragraphs.index("In the room, in outreach and on paper", start)]
    assert any(reach in p for p in took_part)
    assert any("joined on the day or through outreach" in p for p in took_part)
    assert "\u2014 Person who receives care and support \u2605, through outreach" in paragraphs
    assert "From outreach (through outreach)" in paragraphs  # an expert's idea, as an idea
    rows = list(csv.DictReader(io.StringIO(render("csv").decode("utf-8-sig"))))
    assert {(r["kind"], r["text"], r["origin"], r["card_number"]) for r in rows} == {
        ("idea", "In the room", "room", ""),
        ("idea", "From a card", "paper", "12"),
        ("idea", "From outreach", "outreach", ""),
        ("story", "My story from home", "outreach", ""),
    }
    counts = ("question_ideas_room", "question_ideas_outreach", "question_ideas_together")
    assert {tuple(r[c] for c in counts) for r in rows if r["kind"] == "idea"} == {("2", "1", "3")}

    book = load_workbook(io.BytesIO(render("xlsx")), read_only=True)
    sheet = next(name for name in book.sheetnames if name.startswith("Analyse 1"))
    # The sheet opens with the question's words (issue 23), then the header row.
    _question, header, *ideas = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    by_text = {r[1]: dict(zip(header, r, strict=True)) for r in ideas}
    assert {t: (r["Origin"], r["Paper card"]) for t, r in by_text.items()} == {
        "In the room": ("room", None),
        "From a card": ("paper", 12),
        "From outreach": ("outreach", None),
    }
    header, *stories = list(book["Stories"].iter_rows(values_only=True))
    assert [dict(zip(header, r, strict=True))["Origin"] for r in stories] == ["outreach"]
    header, *questions = list(book["Questions by origin"].iter_rows(values_only=True))
    [row] = [dict(zip(header, r, strict=True)) for r in questions]
    assert (
        row["Ideas in the room"],
        row["Of them on paper cards"],
        row["Ideas in outreach"],
        row["Ideas together"],
    ) == (2, 1, 1, 3)
    assert row["Outreach: top 1"] == "From outreach (0 votes)"
    people = [r for r in book["People by origin"].iter_rows(values_only=True)]
    assert ("Person who receives care and support", 0, 1, "yes") in people
    assert any(r[0] == "Whom outreach reached" and reach in r[1] for r in people)
