"""Issue 22 item 6 in a real browser at the framework's own size (90 phones,
150 ideas on a question, harness/big_room.py): the console's Plan panel
suggests accepted themes by the fair cross-role order with why, carries one
forward, the facilitator words it with its easy-read wording, and a phone in
easy read shows that wording on a Plan question."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harness import big_room
from harness.attendee import AXE, join
from harness.browser import live_console
from workshop.report.words import ordinal

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
ROLES = {
    "person_receiving_care": "Person who receives care and support",
    "carer": "Family or unpaid carer",
    "provider": "Care provider",
    "commissioner": "Commissioner",
    "vcse": "Voluntary or community organisation",
    "other": "Other",
}
SHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "screenshots"))


def level(row, rows, field="cross_rank"):
    """' (level with N others)' where other rows share its place in an ordering
    (room/ranking.py: the same measure and votes share a place)."""
    n = sum(1 for r in rows if r["id"] != row["id"] and r[field] == row[field])
    return f" (level with {n} other{'s' if n > 1 else ''})" if n else ""


def places(row, rows, total):
    """The start of a theme's or idea's why: its three places, each level where it is."""
    experts = (
        f"{ordinal(row['expert_rank'])} with experts by experience{level(row, rows, 'expert_rank')}"
        if row["expert_votes"]
        else "no votes from experts by experience"
    )
    return (
        f"{ordinal(row['cross_rank'])} of {total} across the roles{level(row, rows)} · "
        f"{ordinal(row['room_rank'])} with the whole room{level(row, rows, 'room_rank')} · "
        f"{experts}"
    )


def serious_axe_violations(page):
    """axe-core's serious and critical WCAG violations (evaluated through the driver,
    so the console's CSP allows it)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa',"
        " 'wcag22aa'], resultTypes: ['violations']})"
    )
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    db = tmp_path_factory.mktemp("plan") / "room.db"
    with big_room.served(db) as built:
        # The facilitator's themes: the ideas grouped by how they open, the long
        # story about a carer kept apart.
        groups = {}
        for idea in built.ideas:
            opening = next(
                (o for o in big_room.OPENINGS if idea["text"].startswith(o)),
                "Keep the care workers people know",
            )
            groups.setdefault(opening, []).append(idea["id"])
        labels = {o: o if n else "Jobs & <b>local</b> staff" for n, o in enumerate(groups)}
        built.console(
            "accept_themes",
            question_id=built.question["id"],
            groups=[{"label": labels[o], "ideas": ids} for o, ids in groups.items()],
        )
        yield built


def carry_panel(chromium, room):
    """A laptop's console, live, on the Plan stage's carry-forward panel."""
    return live_console(chromium, room.links["console_url"], LAPTOP, tab="carry")


def test_carry_a_theme_forward_at_150_ideas(chromium, room):
    plan = room.facilitator.get(f"{room.api}/plan").json()
    (entry,) = [c for c in plan["candidates"] if c["question_id"] == room.question["id"]]
    themes = entry["themes"]
    count = len(themes)
    assert count >= 12
    suggested = [t for t in themes if t["suggested"]]
    assert [t["rank"] for t in suggested] == [1, 2, 3]
    context, page = carry_panel(chromium, room)
    try:
        rows = page.locator("#carry-themes-form .carry-theme")
        expect(rows).to_have_count(count)
        # The server's order, the top three ticked, each with why.
        labels = [t["label"] for t in themes]
        assert page.locator(".carry-theme-label").all_text_contents() == labels
        for t in themes:
            expect(page.locator(f"#carry-theme-{t['id']}")).to_be_checked(checked=t["suggested"])
            why = page.locator(f"#carry-theme-why-{t['id']}").text_content()
            # In words said aloud: places as ordinals, then who supported it, role by role.
            assert why.startswith(places(t, themes, count)), why
            assert f"{t['ideas_count']} ideas · {t['votes']} people voted for its ideas: " in why
            for key, people in t["by_role"].items():
                assert f"{ROLES[key]} {people}" in why
        # The question is carried by its themes: none of its single ideas is ticked.
        assert page.locator("#carry input[id^=carry-]:not([id^=carry-theme]):checked").count() == 0
        # Theme names are user text: shown as typed, never as markup.
        assert page.locator("#carry-themes-form b").count() == 0
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "console-plan-themes-1366.png"), full_page=True)
        assert serious_axe_violations(page) == []
        # Carry only the first: untick the other two.
        for t in suggested[1:]:
            page.locator(f"#carry-theme-{t['id']}").uncheck()
        page.get_by_role("button", name="Carry the ticked themes into the Plan stage").click()
        outcome = page.locator("#outcomes .outcome")
        expect(outcome).to_have_count(1)
        # Wording it is the next step, below a dozen single ideas: focus goes there.
        expect(page.get_by_label("Outcome 1", exact=True)).to_be_focused()
        expect(page.get_by_label("Outcome 1", exact=True)).to_be_in_viewport()
        expect(outcome.locator(".hint")).to_contain_text(f"From the theme “{themes[0]['label']}”")
        expect(rows).to_have_count(count - 1)
        page.get_by_label("Outcome 1", exact=True).fill("Paid work for people who receive care")
        easy = page.get_by_label("Outcome 1 in easy read", exact=True)
        easy.fill("People who get care can get a paid job.")
        # Enter saves, and focus lands on the outcome's Save (not lost to the page).
        easy.press("Enter")
        expect(page.locator("#panel-carry .status")).to_contain_text("Outcome reworded.")
        expect(page.get_by_role("button", name="Save the wording of outcome 1")).to_be_focused()
        page.screenshot(path=str(SHOTS / "console-plan-outcome-1366.png"), full_page=True)
        # From the top: scrolled, the sticky header (a fifth of the screen) lies over
        # whichever row is under it, and axe counts that row's tick as too small.
        page.evaluate("window.scrollTo(0, 0)")
        assert serious_axe_violations(page) == []
    finally:
        context.close()
    (saved,) = room.facilitator.get(f"{room.api}/plan").json()["outcomes"]
    assert saved["easy_read"] == "People who get care can get a paid job."
    assert saved["source_theme"] == themes[0]["label"]
    assert sorted(saved["ideas"]) == sorted(themes[0]["ideas"])
    # A phone in easy read on a Plan question shows the easy-read wording.
    plan_index = next(n for n, q in enumerate(room.questions) if q["stage"] == "plan")
    room.open(plan_index)
    phone_context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone_context.add_init_script("localStorage.setItem('workshop:easy-read', 'true')")
    phone = phone_context.new_page()
    try:
        join(phone, room.links, supporter="carer")
        options = phone.locator("#plan-outcome option")
        expect(options.nth(1)).to_have_text("People who get care can get a paid job.")
        # A supporter writing for someone tags what the idea means to them
        # (issue 23 item 5); the choice shows only for someone else's idea.
        expect(phone.locator("#idea-value-box")).to_be_hidden()
        phone.locator("#idea-for").select_option("person_receiving_care")
        expect(phone.locator("#idea-value-box")).to_be_visible()
        phone.locator("#idea-value").select_option("being_employed")
        phone.screenshot(path=str(SHOTS / "phone-plan-supporter-360-easy.png"), full_page=True)
        assert serious_axe_violations(phone) == []
        phone.locator("#plan-outcome").select_option(str(saved["id"]))
        phone.locator("#idea-text").fill("Two paid posts a year for people who get care")
        phone.locator("#idea-send").click()
        expect(phone.locator("#idea-value-box")).to_be_hidden()
        for _ in range(100):
            rows = room.rows(
                "SELECT experts_value, entered_by FROM ideas WHERE text LIKE 'Two paid posts%'"
            )
            if rows:
                break
            phone.wait_for_timeout(100)
        assert rows == [{"experts_value": "being_employed", "entered_by": "supporter"}]
    finally:
        phone_context.close()


def test_the_console_tags_an_idea_with_an_experts_by_experience_theme(chromium, room):
    questions = room.facilitator.get(room.api).json()["questions"]
    (open_now,) = [q for q in questions if q["status"] == "open"]
    body = {"question_id": open_now["id"], "text": "Peer mentors paid for their time"}
    if open_now["stage"] == "plan":  # after the test above: an answer about the whole plan
        body["outcome_id"] = "whole"
    reply = room.attendee("carer").post(f"{room.api}/ideas", json=body)
    assert reply.status_code == 201, reply.text
    idea = reply.json()["idea"]
    context = chromium.new_context(viewport=LAPTOP)
    page = context.new_page()
    try:
        page.goto(room.links["console_url"])
        expect(page.locator("#connection")).to_have_text("Live")
        page.locator("#tab-ideas").click()
        page.get_by_role("button", name="Edit: Peer mentors paid for their time").click()
        select = page.get_by_label("What experts by experience value")
        expect(select.locator("option")).to_have_count(4)  # none and the framework's three
        select.select_option("give_back")
        page.get_by_role("button", name="Save", exact=True).click()
        # Saved: the form closes once the server has acknowledged the tags.
        expect(select).to_have_count(0)
        assert serious_axe_violations(page) == []
    finally:
        context.close()
    (row,) = room.rows("SELECT experts_value FROM ideas WHERE id = ?", (idea["id"],))
    assert row["experts_value"] == "give_back"


def test_a_vote_on_the_themes_reorders_the_plan_panel_live(chromium, room):
    """The room's dots go on the themes (questions.vote_on): the open Plan panel
    reads the order again, by the themes' own dots (none yet: the facilitator's
    order, nothing ticked), and says whose dots placed each theme."""
    context, page = carry_panel(chromium, room)
    try:
        expect(page.locator("#carry-themes-form .carry-why").first).to_contain_text(
            "voted for its ideas"
        )
        room.console("set_vote_on", question_id=room.question["id"], vote_on="themes")
        expect(page.locator("#carry-themes-form .carry-why").first).to_contain_text(
            "No one has voted for it yet, so it has no place in the rankings."
        )
        accepted = room.facilitator.get(f"{room.api}/themes").json()["questions"][0]["groups"]
        carried = {
            o["source_theme"] for o in room.facilitator.get(f"{room.api}/plan").json()["outcomes"]
        }
        listed = [g["label"] for g in accepted if g["label"] not in carried]
        assert page.locator(".carry-theme-label").all_text_contents() == listed
        assert page.locator("#carry-themes-form input:checked").count() == 0
    finally:
        room.console("set_vote_on", question_id=room.question["id"], vote_on="ideas")
        context.close()


def test_single_ideas_say_why_and_are_carried_in_the_cross_role_order(chromium, room):
    """Single ideas of a question with themes: none ticked, each with its places and
    its votes by role; two carried go in the order across the roles, not by raw
    votes, and the console says so and moves to the first one's wording."""
    (entry,) = [
        c
        for c in room.facilitator.get(f"{room.api}/plan").json()["candidates"]
        if c["question_id"] == room.question["id"]
    ]
    uncarried = [i for i in entry["ideas"] if not i["carried"]]
    listed = uncarried[:12]
    # Two listed ideas where the one placed higher across the roles has fewer votes.
    higher, lower = next(
        (a, b) for n, a in enumerate(listed) for b in listed[n + 1 :] if a["votes"] < b["votes"]
    )
    context, page = carry_panel(chromium, room)
    try:
        rows = page.locator("#carry-ideas-form .carry-idea")
        expect(rows).to_have_count(len(listed))
        assert page.locator("#carry-ideas-form input:checked").count() == 0
        why = page.locator(f"#carry-why-{higher['id']}").text_content()
        total = len(entry["ideas"])
        # Each place is level with others where they share it (1, 2, 2, 4), in
        # every ordering, not only across the roles.
        for idea in listed:
            if idea["votes"]:
                expect(page.locator(f"#carry-why-{idea['id']}")).to_contain_text(
                    places(idea, entry["ideas"], total)
                )
        assert any(level(i, entry["ideas"], "room_rank") for i in listed if i["votes"])
        # An idea inside the theme carried already says which outcome holds it.
        (carried,) = room.facilitator.get(f"{room.api}/plan").json()["outcomes"]
        inside = [i for i in listed if i["id"] in carried["ideas"]]
        assert inside and len(inside) < len(listed)
        for idea in listed:
            note = page.locator(f"#carry-why-{idea['id']}")
            held = (
                f"It is already in outcome {carried['position']}, “{carried['text']}”, "
                "carried with its theme."
            )
            if idea in inside:
                expect(note).to_contain_text(held)
            else:
                expect(note).not_to_contain_text("already in outcome")
        assert f"{higher['votes']} votes: " in why
        for key, votes in higher["by_role"].items():
            assert f"{ROLES[key]} {votes}" in why
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "console-plan-ideas-1366.png"), full_page=True)
        # Nothing ticked: the refusal shows beside the button, not only at the panel's top.
        go = page.get_by_role("button", name="Carry the ticked ideas into the Plan stage")
        go.click()
        refused = page.locator("#carry-ideas-form .status-error")
        expect(refused).to_have_text("Tick at least one idea to carry forward.")
        expect(refused).to_be_in_viewport()
        expect(go).to_be_focused()
        page.locator(f"#carry-{lower['id']}").check()
        page.locator(f"#carry-{higher['id']}").check()
        page.get_by_role("button", name="Carry the ticked ideas into the Plan stage").click()
        expect(page.locator("#panel-carry .status")).to_contain_text(
            "2 ideas are now provisional outcomes."
        )
        outcomes = room.facilitator.get(f"{room.api}/plan").json()["outcomes"]
        assert [o["source_idea_id"] for o in outcomes[-2:]] == [higher["id"], lower["id"]]
        first = outcomes[-2]["position"]
        expect(page.get_by_label(f"Outcome {first}", exact=True)).to_be_focused()
        expect(rows).to_have_count(min(12, len(uncarried) - 2))
        page.evaluate("window.scrollTo(0, 0)")
        assert serious_axe_violations(page) == []
    finally:
        context.close()


def test_a_theme_merged_after_it_was_carried_names_the_outcome_holding_its_ideas(chromium, room):
    """The carried theme is merged into another in the Themes panel: the other is
    offered (its name is not a carried one), and its why says which outcome holds
    some of its ideas already, so they are not carried twice unawares."""
    carried = room.facilitator.get(f"{room.api}/plan").json()["outcomes"]
    (first,) = [o for o in carried if o["source_theme"]]
    groups = room.facilitator.get(f"{room.api}/themes").json()["questions"][0]["groups"]
    (source,) = [g for g in groups if g["label"] == first["source_theme"]]
    target = next(g for g in groups if g["label"] not in {o["source_theme"] for o in carried})
    room.console("merge_themes", theme_id=source["id"], into=target["id"])
    merged = next(
        g
        for g in room.facilitator.get(f"{room.api}/themes").json()["questions"][0]["groups"]
        if g["label"] == target["label"]
    )
    shared = len(set(merged["ideas"]) & set(first["ideas"]))
    assert shared == len(first["ideas"])
    context, page = carry_panel(chromium, room)
    try:
        why = page.locator(f"#carry-theme-why-{merged['id']}")
        expect(why).to_contain_text(
            f"{shared} of its ideas are already in outcome {first['position']}, “{first['text']}”."
        )
        # A theme holding a single idea carried on its own says so; one sharing none, nothing.
        held = {o["source_idea_id"]: o for o in carried if o["source_idea_id"]}
        for g in room.facilitator.get(f"{room.api}/themes").json()["questions"][0]["groups"]:
            if g["id"] == merged["id"] or g["label"] in {o["source_theme"] for o in carried}:
                continue
            note = page.locator(f"#carry-theme-why-{g['id']}")
            alone = [held[i] for i in g["ideas"] if i in held]
            if alone:
                expect(note).to_contain_text(
                    f"1 of its ideas is already in outcome {alone[0]['position']}"
                )
            else:
                expect(note).not_to_contain_text("already in outcome")
    finally:
        context.close()
