"""The console's provisional outcomes (Carry forward panel) in Debian's
chromium at a laptop's size: with none, "None yet." is a plain paragraph,
not a list of one; Remove asks first, naming the outcome with Cancel
focused, and wording typed and not saved survives the question."""

import re

import pytest
from playwright.sync_api import expect

from harness.attendee import Room
from harness.browser import PHONE, live_console
from harness.servers import served_workshop

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
IDEAS = ["Paid jobs in the service for people who receive care", "A lunch club on Fridays"]


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("console-outcomes") / "room.db"
    with served_workshop(db, "Day services, Kent") as (base, links):
        built = Room(base, db, links)
        built.question = built.open(0)
        someone = built.attendee()
        built.ideas = [built.idea(someone, built.question, text)["id"] for text in IDEAS]
        yield built


@pytest.fixture
def carry(chromium, room):
    context, page = live_console(chromium, room.links["console_url"], LAPTOP, tab="carry")
    yield page
    context.close()


def outcomes(room):
    """The provisional outcomes as the console gets them (with their positions)."""
    return room.facilitator.get(f"{room.api}/plan").json()["outcomes"]


def test_none_yet_is_a_paragraph_not_a_list_of_one(room, carry):
    assert outcomes(room) == []
    page = carry
    none = page.locator("#panel-carry p", has_text="None yet.")
    expect(none).to_be_visible()
    expect(page.locator("#outcomes li")).to_have_count(0)
    expect(page.get_by_role("listitem").filter(has_text="None yet.")).to_have_count(0)
    # Carried, the list shows and the paragraph goes; removed again, it comes back.
    room.console("carry_forward", idea_ids=room.ideas[:1])
    expect(page.locator("#outcomes .outcome")).to_have_count(1)
    expect(none).to_be_hidden()
    room.console("remove_outcome", outcome_id=outcomes(room)[0]["id"])
    expect(none).to_be_visible()
    expect(page.locator("#outcomes li")).to_have_count(0)


def test_remove_asks_first_naming_the_outcome(room, carry):
    room.console("carry_forward", idea_ids=room.ideas)
    page = carry
    expect(page.locator("#outcomes .outcome")).to_have_count(2)
    at = outcomes(room)[0]["position"]
    first = page.get_by_label(f"Outcome {at}", exact=True)
    first.fill("Paid work for people who get care")  # typed, not saved
    remove = page.get_by_role("button", name=f"Remove outcome: {IDEAS[0]}")
    remove.click()
    question = page.locator("#outcomes .confirm p")
    expect(question).to_have_text(
        f"Remove outcome {at}, “Paid work for people who get care”?"
        " Its wording and easy-read wording are lost."
    )
    cancel = page.get_by_role("button", name="Cancel")
    expect(cancel).to_be_focused()
    # A redraw (the room changes) keeps the question and the focus on Cancel.
    room.idea(room.attendee(), room.question, "Minibus to the day centre")
    page.wait_for_timeout(500)
    expect(cancel).to_be_focused()
    # Cancel: nothing removed, focus back on Remove, the typed wording still there.
    page.keyboard.press("Enter")
    expect(page.locator("#outcomes .confirm")).to_have_count(0)
    expect(remove).to_be_focused()
    expect(first).to_have_value("Paid work for people who get care")
    assert len(outcomes(room)) == 2
    # An outcome carried from a single idea says which; worded otherwise, the idea's words.
    hint = page.locator("#outcomes .outcome").first.locator(".hint")
    expect(hint).to_have_text(f"From the idea #{room.ideas[0]}.")
    page.get_by_role("button", name=f"Save the wording of outcome {at}").click()
    expect(page.locator("#panel-carry > .status")).to_have_text("Outcome reworded.")
    expect(hint).to_have_text(f"From the idea #{room.ideas[0]}, “{IDEAS[0]}”.")
    remove = page.get_by_role("button", name="Remove outcome: Paid work for people who get care")
    # Yes removes that one only.
    remove.click()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.locator("#outcomes .outcome")).to_have_count(1)
    expect(page.locator("#panel-carry .status")).to_have_text("Outcome removed.")
    assert [o["text"] for o in outcomes(room)] == [IDEAS[1]]


def test_an_outcome_moves_by_keyboard_and_focus_follows_it(room, carry):
    """The facilitator puts the outcomes in the order the room should meet them:
    Move down, twice with Enter, takes the first to the bottom; focus stays on the
    moved outcome's button (its Move up once at the bottom), the labels renumber."""
    extra = room.idea(room.attendee(), room.question, "Buses that run on Sundays")["id"]
    taken = {o["source_idea_id"] for o in outcomes(room)}
    room.console("carry_forward", idea_ids=[i for i in room.ideas + [extra] if i not in taken])
    page = carry
    before = [o["text"] for o in outcomes(room)]
    assert len(before) == 3
    expect(page.locator("#outcomes .outcome")).to_have_count(3)
    # No Move up on the first, no Move down on the last.
    expect(page.get_by_role("button", name=f"Move outcome 1 up: {before[0]}")).to_have_count(0)
    expect(page.get_by_role("button", name=f"Move outcome 3 down: {before[2]}")).to_have_count(0)
    page.get_by_role("button", name=f"Move outcome 1 down: {before[0]}").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Move outcome 2 down: {before[0]}")).to_be_focused()
    expect(page.locator("#panel-carry .status")).to_have_text("Outcome moved down.")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Move outcome 3 up: {before[0]}")).to_be_focused()
    assert [o["text"] for o in outcomes(room)] == [before[1], before[2], before[0]]
    assert [o["position"] for o in outcomes(room)] == [1, 2, 3]
    expect(page.get_by_label("Outcome 3", exact=True)).to_have_value(before[0])


def test_a_ranking_of_the_outcomes_added_while_the_console_is_open_shows_its_standing(
    chromium, room
):
    """The facilitator adds a ranking question on the carried outcomes and opens it
    with the console open: its Results show the list, then the room's order as
    phones send theirs (the console's snapshot held no list for it, and showed
    nothing at all)."""
    context, page = live_console(chromium, room.links["console_url"], LAPTOP, tab="results")
    try:
        carried = outcomes(room)
        assert len(carried) >= 2
        added = room.console(
            "add_question", stage="plan", kind="ranking", text="Which outcome matters most?"
        )["question"]
        assert room.facilitator.post(f"{room.api}/questions/{added['id']}/open").ok
        results = page.locator("#results")
        expect(results).to_contain_text("No one has sent an order yet.")
        expect(results.locator(".rank-standing li")).to_have_count(len(carried))
        phone = room.attendee("carer")
        listed = phone.get(f"{room.api}/snapshot").json()["rankings"][str(added["id"])]
        order = [o["id"] for o in reversed(listed["options"])]
        sent = phone.post(f"{room.api}/rankings", json={"question_id": added["id"], "order": order})
        assert sent.status_code == 201, sent.text
        expect(results.locator(".rank-room h2")).to_have_text("The room's order")
        expect(results.locator(".rank-room li").first).to_have_text(carried[-1]["text"])
    finally:
        context.close()


def test_a_refused_removal_says_why_beside_the_outcome(room, carry):
    """The room has answered about an outcome: Remove is refused, and the reason
    shows in that outcome's own box (the panel's status is at its top, out of
    sight below a long list), and goes when the next action succeeds."""
    questions = room.facilitator.get(room.api).json()["questions"]
    plan_q = next(q for q in questions if q["stage"] == "plan" and q["kind"] == "ideas")
    assert room.facilitator.post(f"{room.api}/questions/{plan_q['id']}/open").ok
    last = outcomes(room)[-1]
    answer = room.attendee("carer").post(
        f"{room.api}/ideas",
        json={"question_id": plan_q["id"], "text": "Start in the spring", "outcome_id": last["id"]},
    )
    assert answer.status_code == 201, answer.text
    page = carry
    box = page.locator("#outcomes .outcome").nth(len(outcomes(room)) - 1)
    box.get_by_role("button", name="Remove outcome").click()
    page.get_by_role("button", name="Yes, remove it").click()
    refused = box.locator(".status-error")
    expect(refused).to_have_text("The room has already answered about this outcome, so it stays.")
    expect(refused).to_be_in_viewport()
    # Across the outcome's box, not squeezed into the labels' narrow column.
    across = page.evaluate(
        "() => { const n = document.querySelector('#outcomes .said-beside');"
        " return n.offsetWidth / n.closest('li').offsetWidth; }"
    )
    assert across > 0.8, across
    # Said once, beside it (console-say.js): not again in the panel's status at the top.
    expect(page.locator("#panel-carry > .status")).to_have_text("")
    expect(page.locator("#panel-carry .status-error")).to_have_count(1)
    # The room's next answer redraws the list: the refusal stays with its outcome.
    again = room.attendee("provider").post(
        f"{room.api}/ideas",
        json={
            "question_id": plan_q["id"],
            "text": "Ask the people who use it",
            "outcome_id": last["id"],
        },
    )
    assert again.status_code == 201, again.text
    page.wait_for_timeout(500)
    expect(refused).to_have_text("The room has already answered about this outcome, so it stays.")
    expect(box.get_by_role("button", name="Remove outcome")).to_have_attribute(
        "aria-describedby", refused.get_attribute("id")
    )
    box.get_by_label(f"Outcome {last['position']} in easy read", exact=True).fill("Start soon")
    box.get_by_role("button", name=f"Save the wording of outcome {last['position']}").click()
    expect(page.locator("#panel-carry > .status")).to_have_text("Outcome reworded.")
    expect(refused).to_have_count(0)


def test_on_a_phone_size_console_each_wording_field_is_the_width_of_its_outcome(chromium, room):
    """At 360 px a label beside its field left the field 190 px: a wording of 50
    characters was never seen whole while it was typed. Each label goes above."""
    context, page = live_console(chromium, room.links["console_url"], PHONE, tab="carry")
    try:
        expect(page.locator("#outcomes .outcome").first).to_be_visible()
        widths = page.evaluate(
            "() => Array.from(document.querySelectorAll('#outcomes input')).map("
            "i => i.offsetWidth / i.closest('li').offsetWidth)"
        )
        assert widths and min(widths) > 0.9, widths
    finally:
        context.close()


def test_after_end_every_console_puts_the_plan_controls_away_and_reopen_brings_them_back(
    chromium, room
):
    """End from elsewhere while this console is wording an outcome: the carry lists,
    the fields and the buttons go, with a line saying why; the outcomes stay as
    text; the wording typed and not saved is shown as such, and focus goes to the
    panel's heading. A second console open shows the same. The server refuses a
    rewording sent anyway. Reopen brings the fields back with the typed wording."""
    if len(outcomes(room)) < 2:
        extra = room.idea(room.attendee(), room.question, "Transport to the day centre")["id"]
        room.console("carry_forward", idea_ids=[extra])
    one, page = live_console(chromium, room.links["console_url"], LAPTOP, tab="carry")
    two, other = live_console(chromium, room.links["console_url"], LAPTOP, tab="carry")
    try:
        # Said of a control about to be put away: said no more once ended.
        page.get_by_role("button", name=re.compile("^Move outcome 1 down")).click()
        status = page.locator("#panel-carry > .status")
        expect(status).to_have_text("Outcome moved down.")
        first = outcomes(room)[0]
        field = page.get_by_label(f"Outcome {first['position']}", exact=True)
        field.fill("Paid work, typed and not saved")
        expect(field).to_be_focused()
        room.console("end_workshop")
        for screen in (page, other):
            panel = screen.locator("#panel-carry")
            expect(panel.locator(".ended-hint").first).to_have_text(
                "The workshop has ended: the provisional outcomes stay as the room answered "
                "about them, and nothing more is carried forward. Reopen the workshop in Room "
                "and report to change them."
            )
            expect(panel.locator("input:visible, button:visible, textarea:visible")).to_have_count(
                0
            )
            expect(panel.locator("#carry")).to_be_hidden()
            expect(panel.locator("#outcomes .outcome").first).to_contain_text(
                f"Outcome {first['position']}: {first['text']}"
            )
            expect(panel.locator("#outcomes .outcome")).to_have_count(len(outcomes(room)))
        expect(page.locator("#outcomes .outcome").first).to_contain_text(
            "Typed and not saved, as the workshop ended first: “Paid work, typed and not saved”."
        )
        expect(other.locator("#outcomes")).not_to_contain_text("Typed and not saved")
        expect(page.locator("#carry-heading")).to_be_focused()
        expect(status).to_have_text("")
        refused = room.facilitator.post(
            f"{room.api}/console/edit_outcome",
            json={"outcome_id": first["id"], "text": "Changed after End"},
        )
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "workshop_ended"
        assert outcomes(room)[0]["text"] == first["text"]
        room.console("reopen_workshop", confirm=True)
        expect(field).to_have_value("Paid work, typed and not saved")
        expect(other.get_by_label(f"Outcome {first['position']}", exact=True)).to_have_value(
            first["text"]
        )
        expect(page.locator("#carry")).to_be_visible()
        expect(page.locator("#panel-carry .ended-hint")).to_be_hidden()
    finally:
        one.close()
        two.close()
