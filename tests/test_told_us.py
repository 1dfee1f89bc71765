"""The easy-read "What you told us" (issue 23, item 13): the themes and what happens
next in short sentences with a picture beside each point, for the organiser and
the facilitator only, the room's words escaped; axe-core clean in chromium."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from harness.report_themes import MEETING, WORK, themed_room
from harness.servers import workshop_cli
from tests.test_easy_read import problems
from workshop.report import gather
from workshop.report.told_us import told_us
from workshop.room import agenda, contributions, rules, setting_up, theming
from workshop.room import workshops as rooms
from workshop.storage import db as store

ROOT = Path(__file__).resolve().parents[1]


class Said(HTMLParser):
    """The text of each .easy-say element (our sentences) and the pictures."""

    def __init__(self):
        super().__init__()
        self.stack, self.found, self.pictures = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.pictures.append(attrs.get("src"))
            return
        self.stack.append("easy-say" in (attrs.get("class") or "").split())
        if self.stack[-1]:
            self.found.append("")

    def handle_endtag(self, tag):
        if tag != "img" and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if any(self.stack):
            self.found[-1] += data


def page(client, workshop):
    return client.get(f"/organiser/{workshop['code']}/print/told-us")


def as_organiser(client, db):
    key = setting_up.organiser_key(db)
    assert client.post("/api/organiser/session", json={"key": key}).status_code == 200


def read(app, db, workshop):
    """The page as the organiser prints it: (its HTML, its sentences, its pictures)."""
    client = app.test_client()
    as_organiser(client, db)
    html = page(client, workshop).get_data(as_text=True)
    parser = Said()
    parser.feed(html)
    return html, [" ".join(t.split()) for t in parser.found], parser.pictures


def test_only_the_organiser_or_the_facilitator_can_open_it(app, db):
    workshop, _ = themed_room(db)
    code = workshop["code"]
    anyone = app.test_client()
    assert page(anyone, workshop).status_code == 403
    assert anyone.get(f"/console/{code}/told-us").status_code == 403
    # The organiser from the organiser page; the facilitator from the console.
    organiser = app.test_client()
    as_organiser(organiser, db)
    assert page(organiser, workshop).status_code == 200
    assert organiser.get(f"/console/{code}/told-us").status_code == 403
    facilitator = app.test_client()
    bearer = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    assert facilitator.get(f"/console/{code}/told-us", headers=bearer).status_code == 200
    assert page(facilitator, workshop).status_code == 403  # organiser routes stay the organiser's
    assert anyone.get("/console/NOPE99/told-us").status_code == 404


def test_themes_and_next_steps_in_easy_read_with_a_picture_each(app, db):
    workshop, _ = themed_room(db)
    html, said, pictures = read(app, db, workshop)
    assert "19 people took part. Thank you." in said
    # The themes, widest support first, with how many chose each: the room's own figures.
    assert html.index("Work and jobs &lt;b&gt;now&lt;/b&gt;") < html.index(MEETING)
    assert "<b>now</b>" not in html and WORK not in html
    assert "16 people voted for this." in said and "6 people voted for this." in said
    assert "We have not put them into groups yet." not in said
    assert "These ideas go forward to the plan." in said
    assert "Paid jobs for people who get care" in html  # the provisional outcome
    assert "Next: Plan what we will ask for." in said
    # A picture beside each point: the theme's most-tagged priority, or the idea picture.
    assert "/static/img/priority-local_employment.svg" in pictures
    assert "/static/img/priority-community_development.svg" in pictures
    # Every sentence of ours is easy read; theme names and outcomes are the room's words.
    assert len(said) > 10
    assert [p for text in said for p in problems("told us", text)] == []


def spread_and_crowd(db):
    """A theme 12 providers chose (12 people, one role) and one that 3 people of each
    of three roles chose (9 people): the wider support has fewer people. The other
    half of the people who get care and the carers chose a third theme."""
    workshop = rooms.create(db, "Day services, Thanet")
    people = {
        role: [rooms.join(db, workshop, role)[0].value for _ in range(n)]
        for role, n in (("provider", 12), ("person_receiving_care", 6), ("carer", 6))
    }
    first = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, first["id"])

    def idea(text):
        made = contributions.submit_idea(
            db, workshop, people["provider"][0], question_id=first["id"], text=text
        )
        return made.value["id"]

    rotas, out, quiet = idea("Rotas that give carers time"), idea("Trips out"), idea("A quiet room")
    voting = [(who, rotas) for who in people["provider"]]
    voting += [(who, out) for role in people for who in people[role][:3]]
    voting += [
        (who, quiet) for role in ("person_receiving_care", "carer") for who in people[role][3:]
    ]
    for who, target in voting:
        contributions.cast_vote(db, workshop, who, idea_id=target)
    groups = [("Rotas", rotas), ("Getting out", out), ("Quiet", quiet)]
    theming.accept_themes(
        db, workshop, first["id"], [{"label": label, "ideas": [i]} for label, i in groups]
    )
    return workshop


def test_themes_are_in_the_reports_order_and_the_page_says_so(app, db):
    """It ordered by head count while the report's summary orders by cross-role
    support: the people who took part were told a different "matters most" from
    the council's report. Now the same order, said in the words."""
    workshop = spread_and_crowd(db)
    told = told_us(db, workshop)
    [question] = [q for q in told["questions"] if q["themes"]]
    assert [(t["label"], t["people"]) for t in question["themes"]] == [
        ("Getting out", 9),
        ("Rotas", 12),
        ("Quiet", 6),
    ]
    [summary, *_] = gather.build(db, [workshop])["theme_summary"]
    assert [t["label"] for t in summary["themes"]] == ["Getting out", "Rotas", "Quiet"]

    html, said, _ = read(app, db, workshop)
    assert "The first ones got votes from all kinds of people." in said
    assert "The report for the council uses this order too." in said
    assert html.index("Getting out") < html.index("Rotas")
    assert [p for text in said for p in problems("told us", text)] == []


def test_a_question_without_themes_says_so_plainly(app, db):
    workshop, _ = themed_room(db, accept=False, risks=False)
    _, said, _ = read(app, db, workshop)
    assert "You wrote 4 ideas here." in said
    assert "We have not put them into groups yet." in said


@pytest.mark.browser
def test_axe_core_finds_nothing(chromium, live_server):
    from harness.attendee import axe_violations

    base, path = live_server
    db = store.connect(path)
    try:
        workshop, _ = themed_room(db)
    finally:
        db.conn.close()
    # bypass_csp lets the test inject axe-core; the page itself runs under the CSP.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(workshop_cli("organiser", "--public-url", base, db=path).stdout.strip())
        page.wait_for_selector("#organiser:not([hidden])")
        page.goto(f"{base}/organiser/{workshop['code']}/print/told-us")
        assert re.search("What you told us", page.title())
        assert axe_violations(page, every=True) == []
    finally:
        context.close()


def test_the_console_and_the_organiser_page_link_to_it(client, workshop):
    console = client.get(f"/console/{workshop['code']}").get_data(as_text=True)
    assert f'href="/console/{workshop["code"]}/told-us"' in console
    organiser = (ROOT / "static/js/organiser.js").read_text()
    assert '["told-us", "What you told us' in organiser


def test_workshop_print_makes_the_page_from_a_terminal(runner, tmp_path):
    from workshop.cli import cli

    path = os.environ["WORKSHOP_DB"]  # the runner fixture's database
    db = store.migrate(store.connect(path))
    try:
        workshop, _ = themed_room(db)
    finally:
        db.conn.close()
    out = tmp_path / "told-us.html"
    result = runner.invoke(cli, ["print", workshop["code"], "told-us", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "What you told us" in html and "16 people voted for this." in html
    assert 'src="/static/' not in html
