"""A dot vote on themes instead of ideas (issue 22 item 5, room/theme_votes.py):
the setting, the budget and resends, what each theme change does to the dots,
closing and ending, and the live path through real Flask-SocketIO."""

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.room import (
    agenda,
    contributions,
    maintenance,
    moderation,
    theme_votes,
    theming,
    workshops,
)
from workshop.room.errors import Conflict, Forbidden, Invalid, NotFound
from workshop.storage import db as store
from workshop.web import state


def person(db, workshop, role="carer"):
    return workshops.join(db, workshop, role)[0].value


def dot(db, workshop, who, theme_id, client_id):
    return theme_votes.cast_theme_vote(
        db, workshop, who, theme_id=theme_id, client_id=cid(client_id)
    )


def cid(name):
    """A client id of the length phones send."""
    return f"client-{name}"


def standing(db, workshop, question_id):
    return theme_votes.tallies(db, workshop, question_id).get(str(question_id), {})


def test_the_setting_needs_accepted_themes_and_reaches_every_screen(db, workshop, open_question):
    with pytest.raises(Conflict) as refused:
        theme_votes.set_vote_on(db, workshop, open_question["id"], "themes")
    assert refused.value.code == "no_themes"
    with pytest.raises(Invalid):
        theme_votes.set_vote_on(db, workshop, open_question["id"], "everything")
    # Back to ideas is always allowed (and is what a question starts with).
    change = theme_votes.set_vote_on(db, workshop, open_question["id"], "ideas")
    assert change.events[0]["type"] == "vote_on_changed"
    assert state.audience("vote_on_changed") == ("phone", "board", "console")


def test_dots_on_themes_keep_the_budget_and_count_once(db, workshop, accepted_themes):
    question, ids, (jobs, travel, breaks) = accepted_themes
    carer = person(db, workshop)
    with pytest.raises(Conflict) as refused:  # the room still votes on ideas
        dot(db, workshop, carer, jobs, "c1")
    assert refused.value.code == "voting_on_ideas"
    # A dot on an idea before the switch: it stays, and does not spend the theme budget.
    contributions.cast_vote(db, workshop, carer, idea_id=ids[0], client_id=cid("idea-1"))
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    with pytest.raises(Conflict) as on_themes:
        contributions.cast_vote(db, workshop, carer, idea_id=ids[1], client_id=cid("idea-2"))
    assert on_themes.value.code == "voting_on_themes"

    first = dot(db, workshop, carer, jobs, "c1")
    assert first.events[0]["type"] == "theme_vote_cast" and not first.duplicate
    again = dot(db, workshop, carer, jobs, "c1")  # a double tap or a resend after reconnect
    assert again.duplicate and again.value["id"] == first.value["id"] and not again.events
    with pytest.raises(Conflict) as twice:
        dot(db, workshop, carer, jobs, "c2")
    assert twice.value.code == "already_voted"
    dot(db, workshop, carer, travel, "c3")
    dot(db, workshop, carer, breaks, "c4")  # the third of the default budget of 3
    with pytest.raises(NotFound):
        dot(db, workshop, person(db, workshop, "provider"), 999999, "x")
    other = person(db, workshop, "provider")
    dot(db, workshop, other, jobs, "p1")
    assert standing(db, workshop, question["id"])[str(jobs)] == {
        "total": 2,
        "by_role": {"carer": 1, "provider": 1},
    }
    # A budget spent is refused with the idea vote's words, and nothing changes.
    extra = person(db, workshop)
    for n, theme in enumerate((jobs, travel, breaks)):
        dot(db, workshop, extra, theme, f"e{n}")
    assert theme_votes.my_votes(db, workshop, extra, question["id"])["votes_left"] == 0


def test_budget_spent_and_take_back(db, workshop, accepted_themes):
    question, _, (jobs, travel, breaks) = accepted_themes
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    workshop = store.workshop_by_id(db, workshop["id"])
    db.conn.execute("UPDATE workshops SET vote_budget = 2 WHERE id = ?", (workshop["id"],))
    workshop = store.workshop_by_id(db, workshop["id"])
    carer = person(db, workshop)
    dot(db, workshop, carer, jobs, "a")
    dot(db, workshop, carer, travel, "b")
    with pytest.raises(Invalid) as spent:
        dot(db, workshop, carer, breaks, "c")
    assert spent.value.code == "budget_spent" and "2 votes" in str(spent.value)
    back = theme_votes.withdraw_theme_vote(db, workshop, carer, client_id=cid("a"))
    assert back.events[0]["type"] == "theme_vote_withdrawn"
    assert theme_votes.withdraw_theme_vote(db, workshop, carer, client_id=cid("a")).duplicate
    dot(db, workshop, carer, breaks, "c")
    assert sorted(v["theme_id"] for v in theme_votes.mine(db, carer)) == sorted([travel, breaks])
    with pytest.raises(NotFound):
        theme_votes.withdraw_theme_vote(db, workshop, carer, client_id=cid("never"))
    with pytest.raises(Forbidden):  # another person's dot
        theme_votes.withdraw_theme_vote(db, workshop, person(db, workshop), client_id=cid("b"))


def test_theme_changes_carry_or_give_back_the_dots(db, workshop, accepted_themes):
    question, ids, (jobs, travel, breaks) = accepted_themes
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    both, one = person(db, workshop), person(db, workshop, "provider")
    dot(db, workshop, both, jobs, "b1")
    dot(db, workshop, both, travel, "b2")
    dot(db, workshop, one, travel, "o1")
    q = question["id"]

    # A rename and a moved idea keep the theme's id, so its dots.
    theming.rename_theme(db, workshop, jobs, "Paid work")
    theming.move_to_theme(db, workshop, ids[5], breaks)
    assert standing(db, workshop, q)[str(jobs)]["total"] == 1
    assert standing(db, workshop, q)[str(travel)]["total"] == 2

    # A split: the part keeping the name keeps the dots; the new part starts at none.
    split = theming.split_theme(db, workshop, travel, [ids[4]], "EV fleet").value
    new_part = next(g["id"] for g in split["groups"] if g["label"] == "EV fleet")
    assert str(new_part) not in standing(db, workshop, q)
    assert standing(db, workshop, q)[str(travel)]["total"] == 2

    # A merge: the dots follow into the theme it joins; a person with a dot on
    # both gets one back (one dot a person a theme), and phones are told.
    merged = theming.merge_themes(db, workshop, travel, jobs)
    assert merged.value["votes_moved"] == {str(travel): jobs}
    after = standing(db, workshop, q)
    assert after[str(jobs)] == {"total": 2, "by_role": {"carer": 1, "provider": 1}}
    assert str(travel) not in after
    assert theme_votes.my_votes(db, workshop, both, q)["votes_left"] == 2

    # Hidden ideas: a theme whose ideas are all hidden leaves the vote, and comes back.
    moderation.hide(db, workshop, ids[4])
    assert str(new_part) not in standing(db, workshop, q)

    # A new list of themes (accepting again) gives back dots on themes that are gone.
    theming.accept_themes(db, workshop, q, [{"label": "All of it", "ideas": ids[:4]}])
    remaining = standing(db, workshop, q)
    assert set(remaining) <= {str(g["id"]) for g in theming.accepted(db, workshop, q)[0]["groups"]}


def test_undo_of_a_new_list_gives_the_dots_back_and_nothing_counts_twice(
    db, workshop, accepted_themes
):
    question, ids, (jobs, travel, _) = accepted_themes
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    carer = person(db, workshop)
    dot(db, workshop, carer, jobs, "j")
    theming.merge_themes(db, workshop, jobs, travel)  # jobs' dot goes to travel
    assert theme_votes.mine(db, carer)[0]["theme_id"] == travel
    theming.undo_themes(db, workshop, question["id"])  # jobs is back, the dot stays on travel
    tallies = standing(db, workshop, question["id"])
    assert sum(t["total"] for t in tallies.values()) == 1


def test_closing_and_the_end_stop_theme_dots(db, workshop, accepted_themes):
    question, _, (jobs, travel, _) = accepted_themes
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    carer = person(db, workshop)
    dot(db, workshop, carer, jobs, "j")
    agenda.close_question(db, workshop, question["id"])
    with pytest.raises(Conflict) as closed:
        dot(db, workshop, carer, travel, "t")
    assert closed.value.code == "question_closed"
    with pytest.raises(Conflict):
        theme_votes.withdraw_theme_vote(db, workshop, carer, client_id=cid("j"))
    # The dots cast stand after closing.
    assert standing(db, workshop, question["id"])[str(jobs)]["total"] == 1
    maintenance.end(db, workshop)
    ended = store.workshop_by_id(db, workshop["id"])
    with pytest.raises(Conflict):
        theme_votes.set_vote_on(db, ended, question["id"], "ideas")


def test_live_through_real_socketio(app, client, db, workshop, accepted_themes):
    question, _, (jobs, _, _) = accepted_themes
    console = socket_for(app, client, workshop, "console", key=workshop["facilitator_key"])
    board_client = app.test_client()
    board = socket_for(app, board_client, workshop, "board")
    phone_client = app.test_client()
    join(phone_client, workshop, "carer")
    phone = socket_for(app, phone_client, workshop, "phone")
    for screen in (console, board, phone):
        wait_for(screen, "snapshot")
    ack = phone.emit("cast_theme_vote", {"theme_id": jobs, "client_id": cid("d1")}, callback=True)
    assert ack["error"]["code"] == "voting_on_ideas"
    ack = console.emit(
        "set_vote_on", {"question_id": question["id"], "vote_on": "themes"}, callback=True
    )
    assert ack["ok"] and ack["question"]["vote_on"] == "themes"
    heard = wait_for(phone, "event", lambda e: e["type"] == "vote_on_changed")
    assert heard["data"] == {"question_id": question["id"], "vote_on": "themes"}
    wait_for(board, "event", lambda e: e["type"] == "vote_on_changed")
    # Attendees cannot change it.
    refused = phone.emit(
        "set_vote_on", {"question_id": question["id"], "vote_on": "ideas"}, callback=True
    )
    assert not refused["ok"]

    ack = phone.emit("cast_theme_vote", {"theme_id": jobs, "client_id": cid("d1")}, callback=True)
    assert ack["ok"] and ack["votes_left"] == 2 and not ack["duplicate"]
    assert [v["theme_id"] for v in ack["theme_votes"]] == [jobs]
    resent = phone.emit(
        "cast_theme_vote", {"theme_id": jobs, "client_id": cid("d1")}, callback=True
    )
    assert resent["ok"] and resent["duplicate"] and resent["votes_left"] == 2

    def counted(t):
        return t.get("theme_tallies", {}).get(str(question["id"]), {}).get(str(jobs), {})

    pushed = wait_for(board, "tallies", lambda t: counted(t).get("total") == 1)
    assert counted(pushed)["by_role"] == {"carer": 1}
    wait_for(console, "tallies", lambda t: counted(t).get("total") == 1)

    # A fresh snapshot carries the counts to big screens, and a phone its own dots.
    assert state.snapshot(db, workshop, "board")["theme_tallies"][str(question["id"])]
    mine = phone_client.get(f"/api/w/{workshop['code']}/snapshot").get_json()["me"]
    assert [v["client_id"] for v in mine["theme_votes"]] == [cid("d1")]
    assert state.snapshot(db, workshop, "phone")["theme_tallies"] == {}

    ack = phone.emit("withdraw_theme_vote", {"client_id": cid("d1")}, callback=True)
    assert ack["ok"] and ack["votes_left"] == 3
    wait_for(
        board,
        "tallies",
        lambda t: str(question["id"]) in t.get("theme_tallies", {}) and not counted(t),
    )


def test_archive_round_trip_keeps_theme_dots_under_new_ids(db, workshop, accepted_themes, tmp_path):
    from workshop.cli import restore
    from workshop.report import export

    question, _, (jobs, travel, _) = accepted_themes
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    carer, provider = person(db, workshop), person(db, workshop, "provider")
    dot(db, workshop, carer, jobs, "a")
    dot(db, workshop, provider, jobs, "b")
    dot(db, workshop, provider, travel, "c")
    theme_votes.withdraw_theme_vote(db, workshop, provider, client_id=cid("c"))
    first = export.render(db, [workshop], "json").content
    # Imported beside the original: every theme and question gets a new id.
    [(copy, _)] = restore.restore(db, restore.loads(first))
    [copied] = [q for q in store.questions_of(db, copy["id"]) if q["vote_on"] == "themes"]
    assert copied["vote_on"] == "themes" and copied["id"] != question["id"]

    def by_label(w, q):
        labels = {g["id"]: g["label"] for g in theming.accepted(db, w, q)[0]["groups"]}
        counts = theme_votes.tallies(db, w, q).get(str(q), {})
        return {labels[int(t)]: c for t, c in counts.items()}

    assert by_label(copy, copied["id"]) == by_label(workshop, question["id"])
    assert by_label(copy, copied["id"])["Jobs"]["by_role"] == {"carer": 1, "provider": 1}
    # Export, import, export: the same bytes (the withdrawn dot kept as withdrawn).
    other = store.migrate(store.connect(tmp_path / "other.db"))
    try:
        [(restored, _)] = restore.restore(other, restore.loads(first))
        assert export.render(other, [restored], "json").content == first
    finally:
        other.conn.close()


def test_the_report_says_the_room_voted_on_themes_from_the_data(db):
    import csv
    import io

    from docx import Document
    from openpyxl import load_workbook

    from harness.report_themes import MEETING, WORK, themed_room
    from workshop.report import export

    workshop, first = themed_room(db, risks=False)
    before = export.render(db, [workshop], "md").content.decode()
    assert "voted on themes" not in before  # no theme votes, no sentence
    [accepted] = theming.accepted(db, workshop, first["id"])
    ids = {g["label"]: g["id"] for g in accepted["groups"]}
    theme_votes.set_vote_on(db, workshop, first["id"], "themes")
    for n in range(10):
        who = person(db, workshop, "provider")
        dot(db, workshop, who, ids[WORK], f"w{n}")
        if n < 4:
            dot(db, workshop, who, ids[MEETING], f"m{n}")
    carer = person(db, workshop, "person_receiving_care")
    dot(db, workshop, carer, ids[MEETING], "c0")

    md = export.render(db, [workshop], "md").content.decode()
    # 11 people voted on the themes; 10 put a dot on Work (a base of ten: a percentage).
    assert (
        "The room voted on themes: 10 of 11 (91%) of the people who voted on this "
        "question's themes voted for this one." in md
    )
    assert "The room voted on themes: 5 of 11 (45%)" in md
    assert (
        "Votes on this theme by role: Person who receives care and support 1 of 1; "
        "Care provider 4 of 10 (40%)." in md
    )
    word = Document(io.BytesIO(export.render(db, [workshop], "docx").content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "The room voted on themes: 10 of 11 (91%)" in text
    book = load_workbook(io.BytesIO(export.render(db, [workshop], "xlsx").content))
    rows = list(book["Themes"].iter_rows(values_only=True))
    assert rows[1][-2:] == ("Votes on the theme", "Votes on the theme by role")
    assert {r[1]: r[-2] for r in rows[2:]} == {WORK: 10, MEETING: 5}
    table = csv.DictReader(
        io.StringIO(export.render(db, [workshop], "csv").content.decode("utf-8-sig"))
    )
    by_text = {r["text"]: r for r in table}
    assert by_text["A lunch club in the village hall"]["theme_votes"] == "5"


def test_http_routes_cast_and_take_back_a_theme_dot(app, client, db, workshop, accepted_themes):
    question, _, (jobs, _, _) = accepted_themes
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    join(client, workshop, "carer")
    path = f"/api/w/{workshop['code']}/theme-votes"
    body = {"theme_id": jobs, "client_id": cid("http-1")}
    first = client.post(path, json=body)
    assert first.status_code == 201 and first.get_json()["votes_left"] == 2
    again = client.post(path, json=body)
    assert again.status_code == 200 and again.get_json()["duplicate"]
    bad = client.post(path, json={"theme_id": "jobs", "client_id": cid("http-2")})
    assert bad.status_code == 400
    back = client.delete(f"{path}/{cid('http-1')}")
    assert back.status_code == 200 and back.get_json()["votes_left"] == 3
    assert standing(db, workshop, question["id"]) == {}


def test_hidden_results_keep_theme_counts_off_boards_and_phones(
    app, client, db, workshop, accepted_themes
):
    from workshop.room import board as board_room

    question, _, (jobs, _, _) = accepted_themes
    theme_votes.set_vote_on(db, workshop, question["id"], "themes")
    board_room.hide_results(db, workshop)
    hidden = store.workshop_by_id(db, workshop["id"])
    console = socket_for(app, client, hidden, "console", key=hidden["facilitator_key"])
    board = socket_for(app, app.test_client(), hidden, "board")
    phone_client = app.test_client()
    join(phone_client, hidden, "carer")
    phone = socket_for(app, phone_client, hidden, "phone")
    for screen in (console, board, phone):
        wait_for(screen, "snapshot")
    ack = phone.emit("cast_theme_vote", {"theme_id": jobs, "client_id": cid("h1")}, callback=True)
    assert ack["ok"]
    wait_for(console, "tallies", lambda t: str(question["id"]) in t.get("theme_tallies", {}))
    with pytest.raises(AssertionError):  # the board hears no count while results are hidden
        wait_for(board, "tallies", lambda t: "theme_tallies" in t, timeout=1.0)
    assert state.snapshot(db, hidden, "board")["theme_tallies"] == {}
    assert state.snapshot(db, hidden, "console")["theme_tallies"][str(question["id"])]
    # Revealed: every count, theme dots included, goes to the big screens at once.
    assert console.emit("reveal_results", {}, callback=True)["ok"]
    full = wait_for(board, "tallies", lambda t: t.get("full") and "theme_tallies" in t)
    assert full["theme_tallies"][str(question["id"])][str(jobs)]["total"] == 1
    assert state.snapshot(db, store.workshop_by_id(db, hidden["id"]), "board")["theme_tallies"]
