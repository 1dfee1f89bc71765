"""Screenshots of a room the size of the framework's own workshop: the board
at 150 ideas in every view (ideas, grouped, results, spotlight, Plan risk),
at 1280x720, 1920x1080 and 4K; its themes (the overview, one theme stepped
into, the room's vote on them) and a ranking of the carried outcomes at
1280x720 and 1920x1080; and each console panel.

Starts a real `workshop serve` on loopback, builds the room through the JSON
API (harness/big_room.py), drives Debian's chromium through Playwright
and writes PNGs into screenshots/ (git-ignored). Run with `make screenshots`.
"""

import json
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from harness import big_room
from harness.browser import launch
from harness.servers import free_port, server, workshop_cli

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "screenshots"
SIZES = {
    "720p": {"width": 1280, "height": 720},
    "1080p": {"width": 1920, "height": 1080},
    "4k": {"width": 3840, "height": 2160},
}
PANELS = ("agenda", "ideas", "queue", "stories", "board", "results", "carry", "report")


def act(room, action, body):
    reply = room.facilitator.post(f"{room.api}/console/{action}", json=body)
    assert reply.ok, reply.text
    return reply.json()


def board_shot(page, room, name, size, settle=600):
    page.wait_for_timeout(settle)
    path = OUT / f"room-board-{name}-{size}.png"
    page.screenshot(path=str(path))
    return path


STORIES = (
    (
        "My support worker helped me get a job at the garden centre. Now I train new staff.",
        True,
        None,
    ),
    (
        "Mum has had four different carers this month and none of them knew her.",
        True,
        "person_receiving_care",
    ),
    ("Nobody came for three days and I had no food.", False, None),
    ("Our group runs a lunch club that the contract never mentions.", True, None),
)


def add_stories(room):
    """Stories from the room: one through a supporter, one flagged for follow-up, one hidden."""
    made = []
    for n, (text, quote, behalf) in enumerate(STORIES):
        _, session = room.phones[n * 7]
        body = {"text": text, "may_quote": quote}
        if behalf:
            body["on_behalf_of"] = behalf
        reply = session.post(f"{room.api}/stories", json=body)
        assert reply.status_code == 201, reply.text
        made.append(reply.json()["story"])
    act(room, "flag_story", {"story_id": made[2]["id"], "on": True})
    act(room, "hide_story", {"story_id": made[3]["id"]})


def shoot_themes(browser, room, links):
    """The laptop's suggested themes accepted: the overview, the biggest stepped into, then the
    room's vote on them (80 phones, three dots each), at 720p and 1080p; back to ideas after."""
    question = room.question["id"]
    suggested = room.facilitator.get(
        f"{room.api}/themes", params={"suggest": 1, "question_id": question}
    ).json()["questions"][0]["groups"]
    groups = big_room.accept_themes(room, suggested)["groups"]
    biggest = max(groups, key=lambda g: len(g["ideas"]))
    steps = (
        ("themes", lambda: act(room, "set_board_view", {"view": "themes"})),
        (
            "themes-stepped-into",
            lambda: act(room, "set_board_view", {"view": "themes", "theme_id": biggest["id"]}),
        ),
        ("themes-vote", lambda: vote_on_themes(room, groups)),
    )
    written = []
    for name, step in steps:
        step()
        for size in ("720p", "1080p"):
            context = browser.new_context(viewport=SIZES[size])
            page = context.new_page()
            page.goto(links["board_url"])
            page.wait_for_selector("#view .theme-tile, #view .card")
            written.append(board_shot(page, room, name, size))
            context.close()
    act(room, "set_vote_on", {"question_id": question, "vote_on": "ideas"})
    act(room, "set_board_view", {"view": "ideas"})
    return written


def vote_on_themes(room, groups):
    act(room, "set_vote_on", {"question_id": room.question["id"], "vote_on": "themes"})
    act(room, "set_board_view", {"view": "themes"})
    big_room.vote_on_themes(room, [g["id"] for g in groups])


def plan_risk(room):
    """Carry the nine top ideas forward and answer the Plan risk question about them."""
    top = room.facilitator.get(f"{room.api}/results?question_id={room.question['id']}").json()
    ids = [r["id"] for r in top["results"][:9]]
    outcomes = act(room, "carry_forward", {"idea_ids": ids})["outcomes"]
    risk = [q for q in room.questions if q["stage"] == "plan" and q["kind"] == "risk"][0]
    room.open(room.questions.index(risk))
    room.outcomes = outcomes
    ratings = ("low", "medium", "high", "medium", "high")
    for n, (_, session) in enumerate(room.phones[:45]):
        outcome = outcomes[n % len(outcomes)]
        reply = session.post(
            f"{room.api}/ideas",
            json={
                "question_id": risk["id"],
                "text": f"Small providers may not manage the reporting (answer {n + 1})",
                "outcome_id": outcome["id"],
                "rating": ratings[n % len(ratings)],
            },
        )
        assert reply.status_code == 201, reply.text


def ranking(room):
    """A ranking question on the carried outcomes, open, every phone's order sent."""
    big_room.rank_outcomes(room, [o["id"] for o in room.outcomes])


def main():
    OUT.mkdir(exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "room.db"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        made = workshop_cli("new", "Home care, West Kent", "--json", "--public-url", base, db=db)
        links = json.loads(made.stdout)
        with server(db, port=port):
            room = big_room.build(base, db, links)
            add_stories(room)
            act(room, "set_board_paging", {"paused": True})
            act(room, "set_timer", {"question_id": room.question["id"], "seconds": 600})
            act(room, "start_timer", {"question_id": room.question["id"]})
            with sync_playwright() as playwright:
                browser = launch(playwright.chromium)
                try:
                    written += shoot_themes(browser, room, links)
                    written += shoot_board(browser, room, links)
                    written += shoot_console(browser, room, links)
                finally:
                    browser.close()
    for path in written:
        print(path.relative_to(ROOT))


def shoot_board(browser, room, links):
    written = []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for view in ("ideas", "priority", "outcome", "role", "results"):
            page.goto(f"{links['board_url']}?view={view}")
            page.wait_for_selector(".card")
            written.append(board_shot(page, room, view, size))
            if view == "ideas":
                page.keyboard.press("ArrowRight")
                written.append(board_shot(page, room, "ideas-page2", size))
        context.close()
    context = browser.new_context(viewport=SIZES["1080p"])
    page = context.new_page()
    page.goto(links["board_url"])
    page.wait_for_selector(".card")
    long_one = [i for i in room.ideas if len(i["text"]) > 300][0]
    act(room, "spotlight_idea", {"idea_id": long_one["id"]})
    page.wait_for_selector(".spotlight")
    written.append(board_shot(page, room, "spotlight", "1080p"))
    act(room, "spotlight_idea", {})
    # Issue 25: quiet signals' counts on the board, when the facilitator ticks it.
    for kind in ("more_time", "more_time", "not_understood"):
        room.attendee("carer").post(
            f"{room.api}/quiet-signals", json={"question_id": room.question["id"], "kind": kind}
        )
    act(room, "set_quiet_on_board", {"on": True})
    page.wait_for_selector("#quiet-board:visible")
    written.append(board_shot(page, room, "quiet-signals", "1080p"))
    act(room, "set_quiet_on_board", {"on": False})
    room.facilitator.post(f"{room.api}/questions/{room.question['id']}/close")
    page.wait_for_selector("#question-stage:has-text('closed')")
    # The room's results are shown in this flow (big_room leaves them so): the
    # closed question as it is, then with the results hidden, each named so.
    written.append(board_shot(page, room, "closed-results-shown", "1080p"))
    act(room, "hide_results", {})
    page.wait_for_selector("#results-note:visible")
    written.append(board_shot(page, room, "closed-results-hidden", "1080p"))
    act(room, "reveal_results", {})
    page.wait_for_selector("#results-note", state="hidden")
    plan_risk(room)
    page.wait_for_selector(".card-rating")
    written.append(board_shot(page, room, "plan-risk", "1080p"))
    ranking(room)
    # A board open before the ranking question was added has not its list
    # (agenda_changed carries no options; a snapshot does): load it afresh.
    page.goto(links["board_url"])
    page.wait_for_selector(".rank-room li")
    written.append(board_shot(page, room, "ranking", "1080p"))
    page.set_viewport_size(SIZES["720p"])
    written.append(board_shot(page, room, "ranking", "720p"))
    page.set_viewport_size(SIZES["1080p"])
    act(room, "end_workshop", {})
    page.wait_for_selector("#ended-note:visible")
    written.append(board_shot(page, room, "ended", "1080p"))
    act(room, "reopen_workshop", {"confirm": True})
    context.close()
    return written


def shoot_console(browser, room, links):
    written = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(links["console_url"])
    page.wait_for_selector("#connection:has-text('Live')")
    for panel in PANELS:
        tab = page.locator(f"#tab-{panel}")
        if tab.count():
            tab.click()
            page.wait_for_timeout(400)
        path = OUT / f"room-console-{panel}-1440x900.png"
        page.screenshot(path=str(path))
        written.append(path)
    context.close()
    return written


if __name__ == "__main__":
    main()
