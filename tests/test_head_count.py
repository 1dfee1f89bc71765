"""One head count (issue 24, item 8): the figure expected at creation holds
the door, the join rate follows it so a whole hall can scan in the same
minute, outreach is counted apart, and the console is told when anyone is
asked to wait and why."""

from datetime import date, timedelta

from harness.clients import open_first, socket_for, wait_for
from workshop.room import outreach, setting_up, workshops
from workshop.storage import db as store


def join(client, workshop, role="provider"):
    return client.post(f"/api/w/{workshop['code']}/participants", json={"role": role})


def test_a_hall_of_300_scanning_in_one_minute_gets_in_and_the_console_hears_of_a_flood(app, db):
    # The default join rate (120 a minute) is in force; the head count is 300.
    workshop = setting_up.create_workshop(db, "Annual provider day", expected_head_count=300).value
    assert workshop["capacity"] == 300  # one head count: the expected figure holds the door
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    wait_for(console, "snapshot")
    codes = [join(app.test_client(), workshop).status_code for _ in range(300)]
    assert codes == [201] * 300, f"{codes.count(429)} of the hall were told to wait"
    # Past the head count the door holds people (202), not the rate limit.
    beyond = [join(app.test_client(), workshop).status_code for _ in range(120)]
    assert beyond == [202] * 120
    # A script joining on and on is still slowed, and the console says why.
    flood = join(app.test_client(), workshop)
    assert flood.status_code == 429
    held = wait_for(console, "door_held")
    assert held == {"per_minute": 420, "head_count": 300}
    assert store.participant_count(db, workshop["id"]) == 300


def test_outreach_is_counted_apart_from_the_rooms_head_count(app, db):
    workshop = setting_up.create_workshop(db, "Day services", expected_head_count=2).value
    today = date.fromisoformat(store.now()[:10])
    first = store.questions_of(db, workshop["id"])[0]["id"]
    outreach.set_window(
        db,
        workshop,
        opens_on=(today - timedelta(days=3)).isoformat(),
        closes_on=(today + timedelta(days=3)).isoformat(),
        question_ids=[first],
    )
    workshop = workshops.get(db, workshop["code"])
    for _ in range(3):
        assert join(app.test_client(), workshop).status_code == 201  # from home, before the day
    outreach.close_window(db, workshop)
    workshop = workshops.get(db, workshop["code"])
    open_first(db, workshop)
    codes = [join(app.test_client(), workshop).status_code for _ in range(3)]
    assert codes == [201, 201, 202]  # the room's two, then the door holds the third
    assert store.participant_count(db, workshop["id"], "room") == 2
    assert store.participant_count(db, workshop["id"], "outreach") == 3
    console = socket_for(
        app, app.test_client(), workshop, "console", key=workshop["facilitator_key"]
    )
    assert wait_for(console, "snapshot")["outreach_participants"] == 3
    # The board says "in the room" without them, from the same figure.
    board = socket_for(app, app.test_client(), workshop, "board")
    snap = wait_for(board, "snapshot")
    assert (snap["participants"], snap["outreach_participants"]) == (5, 3)
