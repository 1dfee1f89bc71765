"""Stories on the console (issue 11): listed with their marks, hidden and
restored, flagged for follow-up; kept out of every export while hidden and
out of the report while flagged, their words kept."""

from harness.clients import socket_for, wait_for
from workshop.report import export
from workshop.room import stories, workshops
from workshop.storage import story_rows

QUOTED = "My support worker helped me get a job at the garden centre."
CONCERN = "Nobody came for three days and I had no food."


def tell(db, workshop, role, text, client_id, **extra):
    person = workshops.join(db, workshop, role)[0].value
    return stories.submit_story(
        db, workshop, person, text=text, may_quote=True, client_id=client_id, **extra
    ).value


def every_export(db, workshop):
    return {
        fmt: export.render(db, [workshop], fmt).content.decode("utf-8")
        for fmt in ("md", "html", "csv", "json")
    }


def test_the_console_lists_every_story_with_its_marks(db, workshop):
    tell(db, workshop, "person_receiving_care", QUOTED, "story-a001")
    tell(db, workshop, "carer", CONCERN, "story-a002", on_behalf_of="person_receiving_care")
    listed = stories.console_listing(db, workshop)
    assert [(s["text"], s["entered_by"], s["expert_by_experience"]) for s in listed] == [
        (QUOTED, "self", True),
        (CONCERN, "supporter", True),
    ]
    assert all(s["may_quote"] and s["status"] == "shown" and not s["follow_up"] for s in listed)


def test_a_hidden_story_is_out_of_every_export_and_comes_back_when_restored(db, workshop):
    story = tell(db, workshop, "person_receiving_care", QUOTED, "story-b001")
    assert all(QUOTED in text for text in every_export(db, workshop).values())
    hidden = stories.hide_story(db, workshop, story["id"])
    assert hidden.value["status"] == "hidden"
    # The log records the change, never the words.
    assert QUOTED not in str(hidden.events)
    for fmt, text in every_export(db, workshop).items():
        assert QUOTED not in text, fmt
    assert story_rows.story_by_id(db, story["id"])["text"] == QUOTED  # the original is kept
    stories.restore_story(db, workshop, story["id"])
    assert all(QUOTED in text for text in every_export(db, workshop).values())


def test_a_story_needing_follow_up_stays_out_of_the_report_even_with_hidden_items(db, workshop):
    story = tell(db, workshop, "person_receiving_care", CONCERN, "story-c001")
    flagged = stories.flag_story(db, workshop, story["id"], True)
    assert flagged.value["follow_up"] is True
    for fmt, text in every_export(db, workshop).items():
        assert CONCERN not in text, fmt
    with_hidden = export.render(db, [workshop], "md", include_hidden=True).content.decode()
    assert CONCERN not in with_hidden
    # Listed for the facilitator only.
    assert [s["text"] for s in stories.console_listing(db, workshop) if s["follow_up"]] == [CONCERN]
    stories.flag_story(db, workshop, story["id"], False)
    assert CONCERN in every_export(db, workshop)["md"]


def test_story_moderation_refusals(db, workshop):
    story = tell(db, workshop, "provider", QUOTED, "story-d001")
    other = workshops.create(db, "Another event")
    for call, args, code in (
        (stories.restore_story, (story["id"],), "conflict"),
        (stories.flag_story, (story["id"], "yes"), "bad_flag"),
        (stories.flag_story, (story["id"], False), "conflict"),
        (stories.hide_story, ("7",), "not_found"),
        (stories.hide_story, (10**9,), "not_found"),
    ):
        try:
            call(db, workshop, *args)
        except Exception as error:  # noqa: BLE001
            assert error.code == code, (call, args)
        else:
            raise AssertionError(f"{call.__name__}{args} was accepted")
    try:
        stories.hide_story(db, other, story["id"])
    except Exception as error:  # noqa: BLE001
        assert error.code == "not_found"
    else:
        raise AssertionError("a story was hidden from another workshop")


def test_stories_over_the_console_socket_and_http(app, db, workshop):
    story = tell(db, workshop, "person_receiving_care", QUOTED, "story-e001")
    facilitator = app.test_client()
    facilitator.post(
        f"/api/w/{workshop['code']}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    socket = socket_for(app, facilitator, workshop, "console", key=workshop["facilitator_key"])
    wait_for(socket, "snapshot")
    board = socket_for(app, app.test_client(), workshop, "board")
    wait_for(board, "snapshot")
    reply = socket.emit("hide_story", {"story_id": story["id"]}, callback=True)
    assert reply["ok"] and reply["story"]["status"] == "hidden"
    event = wait_for(board, "event", lambda e: e["type"] == "story_hidden")
    assert event["data"] == {"id": story["id"], "status": "hidden", "follow_up": False}
    listed = facilitator.get(f"/api/w/{workshop['code']}/stories")
    assert listed.status_code == 200
    assert [s["status"] for s in listed.get_json()["stories"]] == ["hidden"]
    # Nobody else may list them.
    assert app.test_client().get(f"/api/w/{workshop['code']}/stories").status_code == 403
    flagged = facilitator.post(
        f"/api/w/{workshop['code']}/console/flag_story", json={"story_id": story["id"], "on": True}
    )
    assert flagged.status_code == 200 and flagged.get_json()["story"]["follow_up"] is True
