"""An order of a ranking question's list that reached the server only after
End, on a real 360 px phone in both wordings: refused (workshop_ended) and
never counted, and the ended section says so, once with the end, whether the
phone was offline and came back or left (a reload) with the order in its
outbox; kept through another reload, gone when the facilitator reopens. An
order that arrived before End counts, and the phone says nothing of it. An
order sent again and again while offline is one order the person made: one
line, not one a send."""

import pytest
from playwright.sync_api import expect

from harness.attendee import (
    axe_violations,
    heard,
    join,
    record_heard,
    said_once_on_screen,
)

pytestmark = [pytest.mark.browser, pytest.mark.phone(bypass_csp=True, announcements=True)]

THINGS = ["Paid jobs", "Buses after six", "Friends nearby"]
NOT_COUNTED = {
    False: "Your latest order of the list was not counted: the workshop ended before it arrived.",
    True: "Your new order did not get to us before the end. It was not counted.",
}
SENT = {
    False: "Your order is sent. You can change it and send it again.",
    True: "Thank you. We have your order. You can change it and send it again.",
}


def open_ranking(room):
    added = room.console(
        "add_question", stage="plan", text="Which matters most?", kind="ranking", options=THINGS
    )
    room.console("open_question", question_id=added["question"]["id"])
    return added["question"]


def orders(room):
    return [r["option_ids"] for r in room.rows("SELECT option_ids FROM rankings")]


def offline(phone):
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_text("Connected")


CASES = ["online", "offline", "offline-after-one", "reload"]


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
@pytest.mark.parametrize("when", CASES)
def test_an_order_refused_at_the_end_is_said(room, new_workshop, make_phone, easy, when):
    """Online when End came (the order counted: nothing said of it); offline
    with an order unsent (the first, or a change of one that counted) and back
    online; or gone with it in the outbox and back after End (a reload)."""
    open_ranking(room)
    phone = make_phone(easy)
    record_heard(phone)
    join(phone, new_workshop)
    address = phone.url
    send = phone.locator("#rank-send")
    if when in ("online", "offline-after-one"):
        send.click()
        expect(phone.locator("#rank-feedback")).to_have_text(SENT[easy])
        assert len(orders(room)) == 1
    counted = orders(room)
    if when != "online":
        offline(phone)
        phone.locator(".rank-item").nth(1).locator(".rank-move").first.click()  # a change
        send.click()
        outbox = phone.evaluate(f"localStorage.getItem('workshop:{new_workshop['code']}:outbox')")
        assert "submit_ranking" in outbox, outbox
    if when == "reload":
        phone.goto("about:blank")  # the phone leaves, its outbox kept
    room.console("end_workshop")
    phone.context.set_offline(False)
    if when == "reload":
        phone.goto(address)  # (what is heard is recorded from here again)

    expect(phone.locator("#ended")).to_be_visible()
    said_once_on_screen(phone)
    line = phone.locator("#ended-orders")
    if when == "online":
        phone.wait_for_timeout(1000)  # nothing more comes
        expect(line).to_be_hidden()
    else:
        expect(line).to_have_text(NOT_COUNTED[easy], use_inner_text=True)
    assert axe_violations(phone) == []
    # The truth on the server: an order that arrived before End stands; the later one never arrived.
    assert orders(room) == counted
    code = new_workshop["code"]
    assert phone.evaluate(f"localStorage.getItem('workshop:{code}:outbox')") == "[]"
    phone.wait_for_timeout(1500)  # the live region speaks a moment after the last change
    said = heard(phone)
    # The end is heard once (a page opened on it after a reload is told so too).
    assert len([t for t in said if "has ended" in t]) == 1, said
    assert len([t for t in said if NOT_COUNTED[easy] in t]) == (when != "online"), said
    assert len([t for t in said if "not counted" in t]) == (when != "online"), said

    phone.reload()  # still said, truthfully, on screen and to a screen reader, once
    expect(phone.locator("#ended")).to_be_visible()
    if when == "online":
        expect(line).to_be_hidden()
    else:
        expect(line).to_have_text(NOT_COUNTED[easy], use_inner_text=True)
    phone.wait_for_timeout(1500)
    said = heard(phone)
    assert len([t for t in said if "has ended" in t]) == 1, said
    assert len([t for t in said if "not counted" in t]) == (when != "online"), said
    room.console("reopen_workshop", confirm=True)  # the line is over: the list can be sent again
    expect(phone.locator("#connection")).to_have_text("Connected")
    expect(line).to_be_hidden()
    expect(phone.locator("#rank-send")).to_be_visible()


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy"])
def test_an_order_sent_again_and_again_offline_is_one_order_not_counted(
    room, new_workshop, make_phone, easy
):
    """Offline, the person changes the order and presses Send three times (three
    sends in the outbox, one order of one list); End comes, then the connection:
    the server refuses all three, and the phone says one order was not counted,
    in the singular, on screen, to a screen reader and after a reload."""
    open_ranking(room)
    phone = make_phone(easy)
    record_heard(phone)
    join(phone, new_workshop)
    offline(phone)
    send = phone.locator("#rank-send")
    for _ in range(3):
        phone.locator(".rank-item").nth(1).locator(".rank-move").first.click()
        send.click()
    code = new_workshop["code"]
    outbox = phone.evaluate(f"localStorage.getItem('workshop:{code}:outbox')")
    assert outbox.count("submit_ranking") == 3, outbox
    room.console("end_workshop")
    phone.context.set_offline(False)

    expect(phone.locator("#ended")).to_be_visible()
    line = phone.locator("#ended-orders")
    expect(line).to_have_text(NOT_COUNTED[easy], use_inner_text=True)
    phone.wait_for_function(f"localStorage.getItem('workshop:{code}:outbox') === '[]'")
    phone.wait_for_timeout(1500)  # all three replies in, and the live region has spoken
    expect(line).to_have_text(NOT_COUNTED[easy], use_inner_text=True)
    said = heard(phone)
    assert len([t for t in said if "not counted" in t]) == 1, said
    assert [t for t in said if NOT_COUNTED[easy] in t], said
    assert orders(room) == []
    phone.reload()
    expect(line).to_have_text(NOT_COUNTED[easy], use_inner_text=True)
