"""The board's settings: hidden results (enforced on the server), views,
results by role and coverage; through the domain, sockets and HTTP."""

from datetime import datetime, timedelta

import pytest

from harness.clients import join, socket_for, wait_for
from workshop.cli import demo
from workshop.room import agenda, board, contributions, moderation, rules, workshops
from workshop.room.errors import Conflict, Invalid, WorkshopError
from workshop.storage import db as store
from workshop.web import state


def person(db, workshop, role):
    return workshops.join(db, workshop, role)[0].value


def test_hidden_results_send_no_counts_to_board_or_phones(app, client, db, workshop, open_question):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    board_socket = socket_for(app, app.test_client(), workshop, "board")
    wait_for(console, "snapshot"), wait_for(board_socket, "snapshot")
    assert console.emit("hide_results", {}, callback=True)["settings"]["results_hidden"]
    assert console.emit("hide_results", {}, callback=True)["error"]["code"] == "conflict"
    wait_for(board_socket, "event", lambda e: e["type"] == "results_hidden")
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    snap = wait_for(phone, "snapshot")
    assert snap["tallies"] == {} and snap["settings"]["results_hidden"] is True
    idea = phone.emit(
        "submit_idea", {"question_id": open_question["id"], "text": "Cafe"}, callback=True
    )["idea"]
    assert phone.emit("cast_vote", {"idea_id": idea["id"]}, callback=True)["ok"]
    pushed = wait_for(console, "tallies", lambda t: str(idea["id"]) in t["tallies"])
    assert pushed["tallies"][str(idea["id"])]["total"] == 1
    board_socket.get_received(), phone.get_received()
    workshop = workshops.get(db, workshop["code"])
    for view in ("board", "phone"):
        assert state.snapshot(db, workshop, view)["tallies"] == {}
        assert state.catch_up(db, workshop, 0, view=view)["tallies"] == {}
    assert state.snapshot(db, workshop, "console")["tallies"][str(idea["id"])]["total"] == 1
    assert phone.emit("catch_up", {"since": 0}, callback=True)["tallies"] == {}
    assert client.get(f"/api/w/{workshop['code']}/snapshot").get_json()["tallies"] == {}
    assert (
        client.get(
            f"/api/w/{workshop['code']}/results?question_id={open_question['id']}"
        ).status_code
        == 403
    )
    # no tally push reached the board or the phone while hidden
    assert all(m["name"] != "tallies" for m in board_socket.get_received() + phone.get_received())
    assert console.emit("reveal_results", {}, callback=True)["ok"]
    revealed = wait_for(board_socket, "tallies", lambda t: t.get("full"))
    assert revealed["tallies"][str(idea["id"])]["total"] == 1
    assert wait_for(phone, "event", lambda e: e["type"] == "results_revealed")


def test_board_view_is_broadcast_and_remembered(app, db, workshop):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    board_socket = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board_socket, "snapshot")
    ack = console.emit("set_board_view", {"view": "priority"}, callback=True)
    assert ack["settings"]["board_view"] == "priority"
    event = wait_for(board_socket, "event", lambda e: e["type"] == "board_view")
    assert event["data"] == {"view": "priority", "rank": "room"}
    console.emit("set_board_view", {"rank": "experts"}, callback=True)
    later = socket_for(app, app.test_client(), workshop, "board")
    settings = wait_for(later, "snapshot")["settings"]
    assert (settings["board_view"], settings["board_rank"]) == ("priority", "experts")
    for bad in ({"view": "cats"}, {"rank": "loudest"}):
        assert console.emit("set_board_view", bad, callback=True)["ok"] is False
    with pytest.raises(Invalid):
        board.set_view(db, workshop, "cats")


def test_results_by_role_rank_the_room_or_the_experts(db, workshop, open_question):
    expert = person(db, workshop, "person_receiving_care")
    room_favourite = contributions.submit_idea(
        db, workshop, expert, question_id=open_question["id"], text="Apprenticeships"
    ).value
    expert_favourite = contributions.submit_idea(
        db, workshop, expert, question_id=open_question["id"], text="Paid jobs for us"
    ).value
    for role in ("provider", "provider", "commissioner"):
        contributions.cast_vote(
            db, workshop, person(db, workshop, role), idea_id=room_favourite["id"]
        )
    for _ in range(2):
        contributions.cast_vote(
            db,
            workshop,
            person(db, workshop, "person_receiving_care"),
            idea_id=expert_favourite["id"],
        )
    room = board.results(db, workshop, open_question["id"], "room")
    assert [r["text"] for r in room] == ["Apprenticeships", "Paid jobs for us"]
    assert room[0]["by_role"] == {"provider": 2, "commissioner": 1}
    assert (room[0]["votes"], room[0]["expert_votes"]) == (3, 0)
    experts = board.results(db, workshop, open_question["id"], "experts")
    assert [r["text"] for r in experts] == ["Paid jobs for us", "Apprenticeships"]
    assert experts[0]["by_role"] == {"person_receiving_care": 2}
    with pytest.raises(Invalid):
        board.results(db, workshop, open_question["id"], "loudest")


def test_coverage_names_the_priorities_and_outcome_kinds_with_no_ideas(db, workshop, open_question):
    author = person(db, workshop, "provider")
    contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=open_question["id"],
        text="Local jobs",
        priority="local_employment",
        outcome_kind="communities",
    )
    hidden = contributions.submit_idea(
        db,
        workshop,
        author,
        question_id=open_question["id"],
        text="Solar panels",
        priority="green_and_sustainable",
    )
    moderation.hide(db, workshop, hidden.value["id"])
    covered = board.workshop_coverage(db, workshop)
    assert covered["missing_priorities"] == [
        "Buy Kent First",
        "Community Development",
        "Good Employer",
        "Green and Sustainable",
    ]
    assert covered["missing_outcome_kinds"] == [
        "Adults receiving care",
        "People who engage with them",
        "Environment and economy",
    ]
    assert [r["count"] for r in covered["priorities"]] == [1, 0, 0, 0, 0]


def test_coverage_and_results_over_http(client, db, workshop, open_question):
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    base = f"/api/w/{workshop['code']}"
    assert client.get(f"{base}/coverage").status_code == 403
    coverage = client.get(f"{base}/coverage?question_id={open_question['id']}", headers=key)
    assert len(coverage.get_json()["coverage"]["missing_priorities"]) == 5
    assert client.get(f"{base}/coverage?question_id=x", headers=key).status_code == 400
    results = client.get(
        f"{base}/results?question_id={open_question['id']}&rank=experts", headers=key
    )
    assert results.get_json() == {"results": [], "rank": "experts"}
    assert client.get(f"{base}/results?question_id=999", headers=key).status_code == 404


def test_everything_works_on_the_demo_workshop(db):
    workshop = demo.create(db)
    analyse = [q for q in rules.agenda(db, workshop) if q["stage"] == "analyse"]
    ranked = board.results(db, workshop, analyse[0]["id"], "experts")
    assert ranked[0]["expert_votes"] >= ranked[-1]["expert_votes"]
    assert sum(r["votes"] for r in ranked) == sum(
        sum(t.values())
        for i, t in store.tallies(db, workshop["id"]).items()
        if i in {r["id"] for r in ranked}
    )
    first, second = ranked[0], ranked[1]
    before = first["votes"] + second["votes"]
    moderation.merge(db, workshop, second["id"], first["id"])
    merged = {r["id"]: r for r in board.results(db, workshop, analyse[0]["id"])}
    assert merged[first["id"]]["votes"] == before and second["id"] not in merged
    moderation.unmerge(db, workshop, second["id"])
    board.hide_results(db, workshop)
    with pytest.raises(Conflict):
        board.hide_results(db, workshops.get(db, workshop["code"]))


# The board's pages, spotlight and waiting (issue 11)


def test_board_paging_spotlight_and_waiting_are_settings_every_screen_hears(
    db, workshop, open_question
):
    person = workshops.join(db, workshop, "provider")[0].value
    idea = contributions.submit_idea(
        db, workshop, person, question_id=open_question["id"], text="Shared transport"
    ).value
    change = board.set_paging(db, workshop, seconds=20, paused=True)
    assert change.events[0]["type"] == "settings_changed"
    assert change.events[0]["data"]["board_seconds"] == 20
    assert change.events[0]["data"]["board_paused"] is True
    for bad in ({"seconds": 2}, {"seconds": "ten"}, {"paused": "no"}, {}):
        try:
            board.set_paging(db, workshop, **bad)
        except WorkshopError:
            pass
        else:
            raise AssertionError(f"set_paging accepted {bad}")
    lit = board.spotlight(db, store.workshop_by_id(db, workshop["id"]), idea["id"])
    assert lit.events[0]["data"]["spotlight_idea_id"] == idea["id"]
    waiting = board.set_waiting(db, lit.value, True)
    assert waiting.value["board_waiting"] == 1 and waiting.value["spotlight_idea_id"] is None
    # Opening the next question brings the board back from waiting.
    second = [q for q in store.questions_of(db, workshop["id"]) if q["status"] == "waiting"][0]
    opened = agenda.open_question(db, waiting.value, second["id"])
    settings = [e for e in opened.events if e["type"] == "settings_changed"]
    assert settings and settings[-1]["data"]["board_waiting"] is False


def test_an_idea_hidden_or_merged_leaves_the_spotlight_and_does_not_come_back_to_it(
    db, workshop, open_question
):
    """Kept in the spotlight, a hidden or merged idea came back full screen when
    restored or unmerged; another idea's spotlight is left alone."""
    person = workshops.join(db, workshop, "provider")[0].value
    one, two, three = (
        contributions.submit_idea(
            db, workshop, person, question_id=open_question["id"], text=text
        ).value
        for text in ("Shared transport", "Paid jobs", "Same carer each visit")
    )

    def lit(idea):
        return board.spotlight(db, store.workshop_by_id(db, workshop["id"]), idea["id"])

    def spotlit():
        return store.workshop_by_id(db, workshop["id"])["spotlight_idea_id"]

    lit(one)
    hidden = moderation.hide(db, workshop, one["id"])
    settings = [e for e in hidden.events if e["type"] == "settings_changed"]
    assert spotlit() is None and settings[-1]["data"]["spotlight_idea_id"] is None
    moderation.restore(db, workshop, one["id"])
    assert spotlit() is None
    lit(two)
    merged = moderation.merge(db, workshop, two["id"], three["id"])
    assert spotlit() is None and any(e["type"] == "settings_changed" for e in merged.events)
    moderation.unmerge(db, workshop, two["id"])
    assert spotlit() is None
    # Hiding or merging another idea leaves the spotlight where it is.
    lit(one)
    quiet = moderation.hide(db, workshop, two["id"])
    assert spotlit() == one["id"] and [e["type"] for e in quiet.events] == ["idea_hidden"]


def test_boards_and_consoles_get_the_server_s_orderings_live_phones_do_not(
    app, client, db, workshop, open_question
):
    """Ranking once (issue 21): screens display the orders room/ranking.py computes."""
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    board_socket = socket_for(app, app.test_client(), workshop, "board")
    wait_for(console, "snapshot"), wait_for(board_socket, "snapshot")
    join(client, workshop, "person_receiving_care")
    phone = socket_for(app, client, workshop, "phone")
    assert wait_for(phone, "snapshot")["orders"] == {}
    first, second = (
        phone.emit(
            "submit_idea", {"question_id": open_question["id"], "text": text}, callback=True
        )["idea"]
        for text in ("Older", "Newer")
    )
    key = str(open_question["id"])
    assert phone.emit("cast_vote", {"idea_id": second["id"]}, callback=True)["ok"]
    for screen in (board_socket, console):
        pushed = wait_for(
            screen,
            "tallies",
            lambda t: (
                t["tallies"].get(str(second["id"]), {}).get("total") == 1
                and key in t.get("orders", {})
            ),
        )
        order = pushed["orders"][key]
        assert order["room"] == order["experts"] == order["cross_role"]
        assert order["room"] == [second["id"], first["id"]]
    phone_pushes = [m["args"][0] for m in phone.get_received() if m["name"] == "tallies"]
    assert phone_pushes and all("orders" not in t for t in phone_pushes)
    workshop = workshops.get(db, workshop["code"])
    snap = state.snapshot(db, workshop, "board")
    assert snap["orders"][key]["room"] == [second["id"], first["id"]]
    assert state.catch_up(db, workshop, 0, view="board")["orders"] == snap["orders"]
    # While results are hidden an order would say how the votes stand: boards get none.
    console.emit("hide_results", {}, callback=True)
    workshop = workshops.get(db, workshop["code"])
    assert state.snapshot(db, workshop, "board")["orders"] == {}
    assert state.snapshot(db, workshop, "console")["orders"] == snap["orders"]


def test_the_board_can_rank_across_the_roles(db, workshop, open_question):
    change = board.set_view(db, workshop, rank="cross_role")
    assert change.value["board_rank"] == "cross_role"
    results = board.results(db, workshop, open_question["id"], "cross_role")
    assert results == []


def test_a_restored_idea_is_in_the_orders_the_board_is_sent(
    app, client, db, workshop, open_question
):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    board_socket = socket_for(app, app.test_client(), workshop, "board")
    wait_for(console, "snapshot"), wait_for(board_socket, "snapshot")
    join(client, workshop, "carer")
    phone = socket_for(app, client, workshop, "phone")
    wait_for(phone, "snapshot")
    ideas = [
        phone.emit(
            "submit_idea", {"question_id": open_question["id"], "text": text}, callback=True
        )["idea"]
        for text in ("First", "Second")
    ]
    assert phone.emit("cast_vote", {"idea_id": ideas[0]["id"]}, callback=True)["ok"]
    key = str(open_question["id"])
    assert console.emit("hide_idea", {"idea_id": ideas[0]["id"]}, callback=True)["ok"]
    # Waits for the push whose order no longer holds the hidden idea (fails by timeout).
    wait_for(
        board_socket,
        "tallies",
        lambda t: t.get("orders", {}).get(key, {}).get("room") == [ideas[1]["id"]],
    )
    assert console.emit("restore_idea", {"idea_id": ideas[0]["id"]}, callback=True)["ok"]
    restored = wait_for(
        board_socket,
        "tallies",
        lambda t: len(t.get("orders", {}).get(key, {}).get("room", [])) == 2,
    )
    # Its votes went back when it was hidden: level at none, the oldest first.
    assert restored["orders"][key]["room"] == [ideas[0]["id"], ideas[1]["id"]]


@pytest.mark.browser
def test_the_projected_board_shows_the_server_s_cross_role_order(chromium, live_server):
    """The board displays the order room/ranking.py computed, and never ranks itself."""
    import json
    import urllib.request

    from playwright.sync_api import expect

    from harness.servers import workshop_cli

    base, db_path = live_server
    demo_links = json.loads(
        workshop_cli("demo", "--analyse-only", "--json", "--public-url", base, db=db_path).stdout
    )
    key = demo_links["console_url"].split("#key=")[1]
    request = urllib.request.Request(
        f"{base}/api/w/{demo_links['code']}/plan", headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        candidates = json.load(reply)["candidates"]
    page = chromium.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    page.goto(demo_links["board_url"] + "?view=results&rank=cross_role")
    expect(page.locator(".result").first).to_be_visible()
    expect(page.locator("#view-heading")).to_contain_text("ranked across the roles")
    shown = page.locator("#question-text").inner_text()
    [question] = [c for c in candidates if c["text"].startswith(shown.rstrip("…")[:60])]
    texts = page.locator(".result .card-text").all_inner_texts()
    assert len(texts) >= 3
    assert texts == [i["text"] for i in question["ideas"]][: len(texts)]
    # The room's order differs: the board is showing the cross-role one, not votes.
    assert (
        texts
        != [i["text"] for i in sorted(question["ideas"], key=lambda i: i["room_rank"])][
            : len(texts)
        ]
    )
    page.context.close()


# The board's page is the server's (issue 24): every board turns in step


def at(workshop, seconds_later):
    since = datetime.fromisoformat(workshop["board_page_at"])
    return (since + timedelta(seconds=seconds_later)).isoformat(timespec="milliseconds")


def test_every_view_change_and_turn_starts_every_board_from_the_servers_page(db, workshop):
    paced = board.set_paging(db, workshop, seconds=10, paused=False).value
    assert board.page_now(paced, at(paced, 35)) == 3  # three pages turned in 35 seconds
    turned = board.turn_page(db, paced, "next").value
    assert turned["board_page"] == board.page_now(paced, turned["board_page_at"]) + 1
    assert board.page_now(turned, at(turned, 9)) == turned["board_page"]
    back = board.turn_page(db, turned, "previous").value
    assert back["board_page"] == turned["board_page"] - 1
    first = board.turn_page(db, back, "first").value
    assert first["board_page"] == 0
    moved = board.turn_page(db, first, "next").value
    change = board.set_view(db, moved, view="results")
    assert change.value["board_page"] == 0
    assert change.events[-1]["data"]["board_page"] == 0  # every board hears it
    assert change.events[-1]["data"]["board_page_at"] == change.value["board_page_at"]
    # A pause holds the page in view: the clock stops counting.
    paused = board.set_paging(db, change.value, paused=True).value
    assert board.page_now(paused, at(paused, 600)) == paused["board_page"]
    for bad in ("last", "", None, 2, ["next"]):
        with pytest.raises(Invalid):
            board.turn_page(db, paused, bad)


def test_turning_the_page_is_a_facilitators_socket_action(app, workshop):
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    reply = console.emit("turn_board_page", {"to": "next"}, callback=True)
    assert reply["settings"]["board_page"] == 1
    bad = console.emit("turn_board_page", {"to": "sideways"}, callback=True)
    assert bad["error"]["code"] == "bad_turn"
    board_socket = socket_for(app, app.test_client(), workshop, "board")
    assert wait_for(board_socket, "snapshot")["settings"]["board_page"] == 1
    assert board_socket.emit("turn_board_page", {"to": "first"}, callback=True)["error"]


def test_a_new_question_starts_the_board_on_page_one_in_the_view_it_needs(db, workshop):
    questions = rules.agenda(db, workshop)
    agenda.open_question(db, workshop, questions[0]["id"])
    workshop = board.set_view(db, workshop, view="results").value
    workshop = board.turn_page(db, workshop, "next").value
    agenda.open_question(db, workshop, questions[1]["id"])
    workshop = workshops.get(db, workshop["code"])
    assert (workshop["board_view"], workshop["board_page"]) == ("ideas", 0)
    # An Analyse question keeps a grouped view; a Plan question is drawn by outcome.
    workshop = board.set_view(db, workshop, view="priority").value
    agenda.open_question(db, workshop, questions[2]["id"])
    assert workshops.get(db, workshop["code"])["board_view"] == "priority"
    plan_question = next(q for q in questions if q["stage"] == "plan")
    change = agenda.open_question(db, workshops.get(db, workshop["code"]), plan_question["id"])
    assert workshops.get(db, workshop["code"])["board_view"] == "ideas"
    assert any(e["type"] == "board_view" and e["data"]["view"] == "ideas" for e in change.events)
