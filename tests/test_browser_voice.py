"""Say it instead of typing it (issue 25), in a real browser: a phone records a
voice story with Chromium's own MediaRecorder on its fake microphone (the
--use-fake-device-for-media-stream flags: a real recording of a test tone,
not a mock), sends it with its quote choice, and the console plays it; a
table host attaches a flip-chart photo. axe-core on every new state."""

import io
import sqlite3
from contextlib import closing

import pytest
from PIL import Image
from playwright.sync_api import expect

from harness.attendee import axe_violations, join
from harness.browser import PHONE, launch, no_dialogs

pytestmark = pytest.mark.browser

FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture
def recording_browser(chromium):
    """A second Chromium from the same Playwright, with a fake microphone."""
    browser = launch(chromium.browser_type, *FAKE_MICROPHONE)
    yield browser
    browser.close()


def blob(db, media_id):
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT data FROM media WHERE id = ?", (media_id,)).fetchone()[0]


@pytest.mark.parametrize("easy_read", [False, True], ids=["standard", "easy-read"])
def test_a_phone_records_a_voice_story_and_the_console_plays_it(
    recording_browser, room, new_workshop, easy_read
):
    question = room.open(0)
    context = recording_browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True
    )
    context.add_init_script(
        f"localStorage.setItem('workshop:easy-read', '{str(easy_read).lower()}')"
    )
    context.grant_permissions(["microphone"], origin=room.base)
    phone = context.new_page()
    dialogs = no_dialogs(phone)
    try:
        join(phone, new_workshop)
        phone.locator("#story-area summary").click()
        voice = phone.locator("#voice")
        expect(voice).to_be_visible()
        assert axe_violations(phone, every=True) == []
        record = "Start talking" if easy_read else "Record"
        stop = "Stop" if easy_read else "Stop recording"
        phone.get_by_role("button", name=record, exact=True).click()
        expect(phone.get_by_role("button", name=stop, exact=True)).to_be_focused()
        expect(phone.locator("#voice-time")).to_contain_text("0:0")
        phone.wait_for_timeout(2500)  # about two seconds of the fake microphone's tone
        assert axe_violations(phone, every=True) == []  # while recording
        phone.get_by_role("button", name=stop, exact=True).click()
        expect(phone.locator("#voice-preview")).to_be_visible()
        expect(phone.locator("#voice-status")).to_contain_text(
            "Your story is recorded." if easy_read else "Recorded 0:0"
        )
        assert axe_violations(phone, every=True) == []  # recorded, ready to play back
        # No quote choice yet: asked for, nothing sent.
        send = "Send my story" if easy_read else "Send story"
        phone.get_by_role("button", name=send).click()
        expect(phone.locator("#story-feedback")).to_have_text(
            "Please pick Yes or No first."
            if easy_read
            else "Please choose whether we may quote your story in the report."
        )
        assert room.rows("SELECT * FROM stories") == []
        phone.locator("#quote-yes").check()
        phone.get_by_role("button", name=send).click()
        expect(phone.locator("#story-feedback")).to_have_text(
            "Thank you. We have your story."
            if easy_read
            else "Thank you. Your voice story is kept."
        )
        expect(phone.locator("#voice-preview")).to_be_hidden()
        assert axe_violations(phone, every=True) == []  # sent
        assert dialogs == []
    finally:
        context.close()

    [story] = room.rows("SELECT * FROM stories")
    [media] = room.rows("SELECT id, story_id, kind, mime, size, seconds FROM media")
    assert story["may_quote"] == 1 and story["question_id"] == question["id"]
    assert (media["story_id"], media["kind"], media["mime"]) == (story["id"], "voice", "audio/webm")
    assert 1.5 <= media["seconds"] <= 10 and media["size"] > 1000
    assert blob(room.db, media["id"])[:4] == b"\x1a\x45\xdf\xa3"  # a real WebM file

    # The console lists it with a player; nothing loads until play is pressed.
    console_context = recording_browser.new_context(
        viewport={"width": 1280, "height": 800}, bypass_csp=True
    )
    console = console_context.new_page()
    try:
        console.goto(new_workshop["console_url"])
        console.wait_for_selector("#connection:text('Live')")  # the console has drawn itself
        console.get_by_role("tab", name="Stories").click()
        player = console.locator("#stories audio")
        expect(player).to_have_count(1)
        assert player.get_attribute("preload") == "none"
        expect(console.locator("#stories")).to_contain_text("Told aloud")
        assert axe_violations(console, every=True) == []
        duration = console.evaluate(
            """async () => {
                const audio = document.querySelector('#stories audio');
                audio.muted = true;
                await audio.play();
                // A loaded machine may take a while to move the clock on.
                for (let n = 0; n < 100 && audio.currentTime === 0; n++) {
                    await new Promise(r => setTimeout(r, 100));
                }
                audio.pause();
                return audio.currentTime;
            }"""
        )
        assert duration > 0  # the recording really plays
        console.get_by_text("Write its transcript").click()
        console.get_by_label("What the recording says, for the report").fill("A test tone.")
        console.get_by_role("button", name="Save the transcript").click()
        expect(console.locator("#stories .transcript [role=status]")).to_have_text(
            "Transcript saved."
        )
        assert axe_violations(console, every=True) == []
    finally:
        console_context.close()
    [transcript] = room.rows("SELECT transcript FROM media")
    assert transcript["transcript"] == "A test tone."


def test_a_phone_that_cannot_record_is_told_so(chromium, room, new_workshop):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script("delete window.MediaRecorder")
    phone = context.new_page()
    try:
        room.open(0)
        join(phone, new_workshop)
        phone.locator("#story-area summary").click()
        expect(phone.locator("#voice")).to_be_hidden()
        expect(phone.locator("#voice-none")).to_contain_text("You can type your story instead.")
    finally:
        context.close()


def test_a_table_host_attaches_a_flip_chart_photo_without_its_location(
    chromium, room, new_workshop, tmp_path
):
    question = room.open(0)
    room.console(
        "scribe_idea",
        question_id=question["id"],
        text="Table 3: transport to day centres",
        role="carer",
        client_id="scribe-photo-01",
    )
    picture = Image.new("RGB", (800, 600), (250, 250, 240))
    exif = Image.Exif()
    exif[0x010F] = "SpyCamMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 17.0, 3.0)}
    path = tmp_path / "flipchart.jpg"
    picture.save(path, "JPEG", exif=exif)
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    console = context.new_page()
    try:
        console.goto(new_workshop["console_url"])
        console.wait_for_selector("#connection:text('Live')")  # the console has drawn itself
        console.get_by_role("tab", name="Ideas").click()
        console.get_by_text("Add a photo of a flip chart to an entry").click()
        expect(console.locator("#photo-entry")).to_contain_text("Table 3: transport")
        console.locator("#photo-file").set_input_files(str(path))
        console.get_by_role("button", name="Attach the photo").click()
        expect(console.locator("#photo-feedback")).to_contain_text("Photo attached to entry")
        image = console.get_by_role("img", name="Flip chart photo for entry")
        expect(image).to_be_visible()
        console.wait_for_function("document.querySelector('#photos img').naturalWidth > 0")
        assert console.evaluate("document.querySelector('#photos img').naturalWidth") == 800
        assert axe_violations(console, every=True) == []
        # A file that is not a photo: a plain reason, nothing kept.
        bad = tmp_path / "notes.jpg"
        bad.write_text("not a photo")
        console.locator("#photo-file").set_input_files(str(bad))
        console.get_by_role("button", name="Attach the photo").click()
        expect(console.locator("#photo-feedback")).to_have_text(
            "That file is not a photo we can keep."
        )
        assert axe_violations(console, every=True) == []
    finally:
        context.close()
    [row] = room.rows("SELECT id, kind, mime FROM media")
    assert (row["kind"], row["mime"]) == ("photo", "image/jpeg")
    data = blob(room.db, row["id"])
    assert b"SpyCamMaker" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert not stored.getexif()
