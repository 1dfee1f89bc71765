"""The organiser's page in chromium: create a workshop with its own question,
print its materials, open outreach, end, export and purge."""

from datetime import date, timedelta

import pytest
import requests

from harness.attendee import axe_violations
from harness.servers import Serve, workshop_cli
from workshop.storage import db as store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def in_words(day):
    return f"{day.day} {day:%B %Y}"


def organiser_link(base, db):
    return workshop_cli("organiser", "--public-url", base, db=db).stdout.strip()


def test_a_wrong_or_missing_key_shows_how_to_get_in(desktop, live_server):
    base, db = live_server
    for url in (f"{base}/organiser", f"{base}/organiser#key=not-the-key"):
        desktop.goto("about:blank")  # a fragment change alone would not reload the page
        desktop.goto(url)
        desktop.wait_for_selector("#signed-out:not([hidden])")
        assert desktop.locator("#organiser").is_hidden()
        assert "#key" not in desktop.url  # the fragment is wiped either way


def test_dates_read_day_first_as_in_the_uk(desktop, live_server):
    """The browsers the tests and screenshots drive are British English
    (harness/browser.py): a date field reads day, month, year, and the page's
    scripts see en-GB."""
    base, db = live_server
    desktop.goto(organiser_link(base, db))
    desktop.wait_for_selector("#organiser:not([hidden])")
    assert desktop.evaluate("navigator.language") == "en-GB"
    if desktop.locator("#create-date").is_hidden():
        desktop.locator("#create-details summary").click()
    desktop.wait_for_selector("#create-date")
    cdp = desktop.context.new_cdp_session(desktop)
    fields = [
        node["name"]["value"]
        for node in cdp.send("Accessibility.getFullAXTree")["nodes"]
        if node.get("role", {}).get("value") == "spinbutton" and "name" in node
    ]
    # A date field's parts, in the order they are shown: day, month, year.
    parts = [f.split()[0] for f in fields if f.split()[0] in ("Day", "Month", "Year")]
    assert parts[:3] == ["Day", "Month", "Year"]


@pytest.fixture
def laptop(chromium):
    # bypass_csp lets the test inject axe-core; the page itself runs under the CSP.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_the_organiser_journey(laptop, live_server):
    base, db = live_server
    page = laptop
    page.goto(organiser_link(base, db))
    page.wait_for_selector("#organiser:not([hidden])")
    assert "#key" not in page.url
    # `workshop serve` made a first workshop, so the form starts folded.
    page.locator("#create-details summary").click()

    page.fill("#create-title", "Day services re-commissioning, East Kent")
    page.fill("#create-service", "Day services")
    page.fill("#create-area", "East Kent")
    page.fill("#create-date", (date.today() + timedelta(days=20)).isoformat())
    page.fill("#create-start", "10:00")
    page.fill("#create-help", "Sam at the door")
    page.check("#create-stage-review")
    page.fill("#create-votes", "4")
    page.check("#create-approve")
    page.fill("#create-expect-provider", "30")
    page.fill("#create-head-count", "60")
    page.get_by_role("button", name="Create the workshop").click()
    page.wait_for_selector("#manage:not([hidden]) #agenda li")
    assert "Created Day services re-commissioning" in page.locator("#status").inner_text()
    row = page.locator("#workshop-rows tr").first
    assert "Day services" in row.inner_text() and "East Kent" in row.inner_text()
    # Dates in words, as the printed agenda says them, in any browser language.
    assert in_words(date.today() + timedelta(days=20)) in row.inner_text()
    code = store.list_workshops(store.connect(db))[0]["code"]
    workshop = store.workshop_by_code(store.connect(db), code)
    assert workshop["stages"] == ["analyse", "plan", "review"] and workshop["approve_ideas"] == 1
    assert workshop["vote_budget"] == 4 and workshop["expected_head_count"] == 60

    page.select_option("#new-q-stage", "analyse")
    page.fill("#new-q-text", "What would help you get to the day centre?")
    page.fill("#new-q-easy", "How can we help you get there?")
    page.get_by_role("button", name="Add the question").click()
    page.wait_for_selector("text=What would help you get to the day centre?")
    own = page.locator(".agenda-item", has_text="What would help you get to the day centre?")
    assert own.get_by_role("button", name="Reword, question 4").count() == 1
    assert "your own question" in own.inner_text()
    page.get_by_role("button", name="Move up, question 4").click()
    page.locator(".agenda-item").nth(2).filter(has_text="day centre").wait_for()
    page.get_by_role("button", name="Reword, question 3").click()
    page.fill(
        "#manage form.reword textarea[name=text]", "What would help you get to the day service?"
    )
    page.get_by_role("button", name="Save the wording").click()
    page.wait_for_selector("text=What would help you get to the day service?")
    assert page.locator(".agenda-item").count() == 9
    assert axe_violations(page) == []

    # Printed materials open in a new tab, from this page's links.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Join poster").click()
    poster = opened.value
    poster.wait_for_load_state()
    assert poster.locator(".poster-code").inner_text() == f"Code: {code}"
    poster.close()
    with page.context.expect_page() as opened:
        page.fill("#cards-count", "4")
        page.get_by_role("button", name="Open the cards to print").click()
    cards = opened.value
    cards.wait_for_load_state()
    assert cards.locator(".idea-card").count() == 4
    cards.close()

    first_day, last_day = date.today(), date.today() + timedelta(days=13)
    page.fill("#outreach-opens", first_day.isoformat())
    page.fill("#outreach-closes", last_day.isoformat())
    page.locator("#outreach-questions input").nth(2).check()  # the workshop's own question
    page.get_by_role("button", name="Open outreach").click()
    page.wait_for_selector("text=(open now)")
    assert page.locator("#outreach-now").inner_text() == (
        f"Outreach runs from {in_words(first_day)} to {in_words(last_day)} (open now)."
    )
    assert page.locator("#workshop-rows .state").first.inner_text() == "outreach open"

    with page.expect_download() as download:
        page.get_by_role("link", name="Spreadsheet (CSV)").click()
    assert download.value.suggested_filename == f"diagnostic-report-{code}.csv"
    with page.expect_download() as download:
        page.get_by_role("link", name="Word report").click()
    assert download.value.suggested_filename.endswith(".docx")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="End this workshop").click()
    page.wait_for_selector("#workshop-rows .state-ended")

    page.fill("#purge-confirm", "WRONG1")
    page.get_by_role("button", name="Purge this workshop").click()
    page.wait_for_selector("#status.status-error")
    assert "type the workshop's code" in page.locator("#status").inner_text()
    page.fill("#purge-confirm", code)
    page.get_by_role("button", name="Purge this workshop").click()
    page.wait_for_selector("text=and everything in it is deleted")
    assert page.locator("#manage").is_hidden()
    page.locator("#workshop-rows tr", has_text=code).wait_for(state="detached")
    assert store.workshop_by_code(store.connect(db), code) is None


def test_serve_prints_the_organiser_link_and_it_works(tmp_path):
    serve = Serve(tmp_path / "banner.db")
    try:
        banner = serve.stdout()
        line = next(line for line in banner.splitlines() if line.startswith("Organiser"))
        link = line.split()[-1]
        assert link.startswith(f"{serve.base}/organiser#key=") and len(link.split("#key=")[1]) >= 32
        session = requests.Session()
        key = link.split("#key=")[1]
        assert session.get(f"{serve.base}/api/organiser/workshops").status_code == 403
        assert session.post(f"{serve.base}/api/organiser/session", json={"key": key}).ok
        assert len(session.get(f"{serve.base}/api/organiser/workshops").json()["workshops"]) == 1
        assert key not in serve.stderr()  # the key reaches no log
    finally:
        serve.stop()


def test_a_council_framework_file_from_the_page(laptop, live_server, tmp_path):
    """Issue 16: a council's own framework file, chosen on the page; a bad one is
    refused with its reason and nothing is created."""
    from workshop.room import framework as fw

    base, db = live_server
    page = laptop
    page.goto(organiser_link(base, db))
    page.wait_for_selector("#organiser:not([hidden])")
    before = len(store.list_workshops(store.connect(db)))
    page.locator("#create-details summary").click()
    bad = tmp_path / "broken.toml"
    bad.write_text('roles = "provider"\n[framework]\ntitle = "Broken"\n', encoding="utf-8")
    page.fill("#create-title", "Day services, Medway")
    page.set_input_files("#create-framework", str(bad))
    page.get_by_role("button", name="Create the workshop").click()
    status = page.locator("#status")
    status.filter(has_text="The framework file was not used").wait_for()
    assert "Roles: expected a list" in status.inner_text()
    beside = page.locator("#create-error")  # and beside the button, in view
    assert beside.is_visible() and "Roles: expected a list" in beside.inner_text()
    assert len(store.list_workshops(store.connect(db))) == before
    medway = tmp_path / "medway.toml"
    medway.write_text(
        fw.DEFAULT_PATH.read_text(encoding="utf-8").replace(
            'title = "Together for Social Value', 'title = "Medway Social Value', 1
        ),
        encoding="utf-8",
    )
    page.set_input_files("#create-framework", str(medway))
    page.get_by_role("button", name="Create the workshop").click()
    page.wait_for_selector("#manage:not([hidden]) #agenda li")
    assert "Created Day services, Medway" in status.inner_text()
    assert page.locator("#create-error").is_hidden()
    made = store.list_workshops(store.connect(db))[0]
    found = store.workshop_by_code(store.connect(db), made["code"])
    assert found["framework"]["framework"]["title"].startswith("Medway Social Value")
