"""Say it instead of typing it (issue 25): voice stories and flip-chart photos.

The limits and bad input (nothing written, never a 500), the console's access,
the archive round trip, the report's place for a transcript, hide and purge.
"""

import io
import json

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from harness.clients import join, socket_for, wait_for
from workshop.cli import restore
from workshop.report import archive, export
from workshop.room import maintenance, media, moderation, stories, workshops
from workshop.room.rules import Upload
from workshop.storage import media_rows, records

# The first bytes of a WebM file as Chrome's MediaRecorder writes it: enough for
# the container check (a browser test sends a real recording).
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + bytes(200)


def jpeg_with_exif():
    """A photo carrying a camera maker and a GPS position, as a phone writes them."""
    picture = Image.new("RGB", (640, 480), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCamMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 17.0, 3.0), 3: "E", 4: (0.0, 31.0, 12.0)}  # GPSInfo
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert b"SpyCamMaker" in data
    return data


def counts(db):
    return {
        t: db.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("stories", "media")
    }


def voice_form(data=WEBM, **fields):
    form = {"seconds": "12.5", "may_quote": "yes", "client_id": "voice-000001"}
    form.update(fields)
    if data is not None:
        form["audio"] = (io.BytesIO(data), "story")
    return {k: v for k, v in form.items() if v is not None}


def multipart(form):
    """(content type, body) built in memory: the test client's own builder keeps a big
    body in a temporary file it never closes."""
    values = {
        k: FileStorage(stream=v[0], filename=v[1]) if isinstance(v, tuple) else v
        for k, v in form.items()
    }
    boundary, body = encode_multipart(values)
    return f"multipart/form-data; boundary={boundary}", body


def post_voice(client, workshop, form, header=True, headers=None):
    content_type, body = multipart(form)
    return client.post(
        f"/api/w/{workshop['code']}/voice-stories",
        data=body,
        content_type=content_type,
        headers={**({"X-Workshop-Upload": "1"} if header else {}), **(headers or {})},
    )


def facilitator(app, workshop):
    client = app.test_client()
    response = client.post(
        f"/api/w/{workshop['code']}/facilitator/session", json={"key": workshop["facilitator_key"]}
    )
    assert response.status_code == 200
    return client


def test_a_voice_story_is_kept_with_its_story_and_played_only_on_the_console(
    app, db, workshop, open_question
):
    phone = join(app.test_client(), workshop, "person_receiving_care")
    response = post_voice(phone, workshop, voice_form(question_id=str(open_question["id"])))
    assert response.status_code == 201, response.get_json()
    story = response.get_json()["story"]
    assert story["voice"] == {"seconds": 12.5}
    assert story["text"] == media.VOICE_ONLY and story["may_quote"] is True
    assert story["question_id"] == open_question["id"]
    # The same client id again: the same story, one recording.
    again = post_voice(phone, workshop, voice_form())
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    assert counts(db) == {"stories": 1, "media": 1}
    [row] = media_rows.media_of(db, workshop["id"])
    assert (row["kind"], row["mime"], row["size"], row["story_id"]) == (
        "voice",
        "audio/webm",
        len(WEBM),
        story["id"],
    )
    console = facilitator(app, workshop)
    [listed] = console.get(f"/api/w/{workshop['code']}/stories").get_json()["stories"]
    assert listed["voice"]["id"] == row["id"] and listed["voice"]["seconds"] == 12.5
    played = console.get(f"/api/w/{workshop['code']}/media/{row['id']}")
    assert played.status_code == 200 and played.data == WEBM
    assert played.mimetype == "audio/webm" and "no-store" in played.headers["Cache-Control"]
    assert played.headers["X-Content-Type-Options"] == "nosniff"
    # Nobody else hears it: not the phone that sent it, not a stranger.
    assert phone.get(f"/api/w/{workshop['code']}/media/{row['id']}").status_code == 403
    assert app.test_client().get(f"/api/w/{workshop['code']}/media/{row['id']}").status_code == 403
    # Hidden, it is still the facilitator's to hear (moderation), and it says so.
    hidden = console.post(
        f"/api/w/{workshop['code']}/console/hide_story", json={"story_id": story["id"]}
    )
    assert hidden.get_json()["story"]["voice"]["id"] == row["id"]


def test_typed_words_go_with_the_recording(app, db, workshop):
    phone = join(app.test_client(), workshop, "carer")
    form = voice_form(text="  About my mum's visits. ", may_quote="no")
    story = post_voice(phone, workshop, form).get_json()["story"]
    assert story["text"] == "About my mum's visits." and story["may_quote"] is False


@pytest.mark.parametrize(
    "form, code",
    [
        (voice_form(data=b"hello, I am a text file pretending" * 4), "not_a_recording"),
        (voice_form(data=b"<html><script>alert(1)</script></html>" + bytes(64)), "not_a_recording"),
        (
            voice_form(data=b"\x1a\x45\xdf\xa3" + bytes(100)),
            "not_a_recording",
        ),  # Matroska, not WebM
        (voice_form(data=b"\x89PNG\r\n\x1a\n" + bytes(100)), "not_a_recording"),
        (voice_form(data=WEBM[:20]), "not_a_recording"),
        (voice_form(data=b""), "no_recording"),
        (voice_form(data=None), "no_recording"),
        (voice_form(seconds="121"), "recording_too_long"),
        (voice_form(seconds="nan"), "bad_seconds"),
        (voice_form(seconds="-3"), "bad_seconds"),
        (voice_form(seconds=None), "bad_seconds"),
        (voice_form(may_quote=None), "quote_choice_needed"),
        (voice_form(may_quote="maybe"), "bad_flag"),
        (voice_form(question_id="999999"), "not_found"),
        (voice_form(question_id="one"), "bad_id"),
        (voice_form(on_behalf_of="nobody"), "unknown_role"),
        (voice_form(client_id="x"), "bad_client_id"),
        (voice_form(text="x" * 3001), "too_long"),
    ],
)
def test_bad_voice_stories_are_refused_plainly_and_write_nothing(app, db, workshop, form, code):
    phone = join(app.test_client(), workshop, "provider")
    before = counts(db)
    response = post_voice(phone, workshop, form)
    assert response.status_code in (400, 404, 409), response.get_data(as_text=True)[:200]
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    assert counts(db) == before


def test_size_limits_and_the_upload_checks(app, db, workshop):
    phone = join(app.test_client(), workshop, "provider")
    big = WEBM + bytes(media.VOICE_MAX_BYTES)  # just over 5 MB: refused in plain words
    response = post_voice(phone, workshop, voice_form(data=big))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "recording_too_big"
    assert "5 MB" in response.get_json()["error"]["message"]
    huge = WEBM + bytes(media.VOICE_MAX_BYTES + 200 * 1024)  # over the body's own limit
    response = post_voice(phone, workshop, voice_form(data=huge))
    assert response.status_code == 413 and response.get_json()["error"]["message"]
    # A page on another site can post a form, but not add the header or our Origin.
    assert post_voice(phone, workshop, voice_form(), header=False).status_code == 400
    response = post_voice(phone, workshop, voice_form(), headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    # JSON cannot carry a recording.
    response = phone.post(
        f"/api/w/{workshop['code']}/voice-stories", json={"audio": "UklGR", "may_quote": True}
    )
    assert response.get_json()["error"]["code"] == "multipart_required"
    # Nor can the typed story's route smuggle one in.
    response = phone.post(
        f"/api/w/{workshop['code']}/stories", json={"text": "Hi", "may_quote": True, "audio": "x"}
    )
    assert response.status_code == 201 and counts(db)["media"] == 0
    assert counts(db)["stories"] == 1


def test_a_socket_cannot_send_a_recording(app, db, workshop):
    client = join(app.test_client(), workshop, "provider")
    socket = socket_for(app, client, workshop, "phone")
    try:
        wait_for(socket, "snapshot")
        ack = socket.emit("submit_voice_story", {"audio": "x", "may_quote": True}, callback=True)
        assert not ack or ack.get("ok") is not True
    finally:
        socket.disconnect()
    assert counts(db) == {"stories": 0, "media": 0}


def test_no_voice_story_after_the_end_and_none_from_a_stranger(app, db, workshop):
    phone = join(app.test_client(), workshop, "provider")
    assert post_voice(app.test_client(), workshop, voice_form()).status_code in (401, 403)
    maintenance.end(db, workshop)
    response = post_voice(phone, workshop, voice_form())
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "workshop_ended"
    assert counts(db) == {"stories": 0, "media": 0}


# Flip-chart photos


def scribed(db, workshop, question, text="Flip chart: transport to day centres"):
    return moderation.scribe(
        db, workshop, question_id=question["id"], text=text, role="carer"
    ).value


def post_photo(client, workshop, idea_id, data, header=True):
    content_type, body = multipart({"photo": (io.BytesIO(data), "chart.jpg")})
    return client.post(
        f"/api/w/{workshop['code']}/ideas/{idea_id}/photos",
        data=body,
        content_type=content_type,
        headers={"X-Workshop-Upload": "1"} if header else {},
    )


def test_a_flip_chart_photo_goes_on_the_scribes_entry_without_its_exif(
    app, db, workshop, open_question
):
    entry = scribed(db, workshop, open_question)
    console = facilitator(app, workshop)
    response = post_photo(console, workshop, entry["id"], jpeg_with_exif())
    assert response.status_code == 201, response.get_json()
    photo = response.get_json()["media"]
    assert photo["kind"] == "photo" and photo["idea_id"] == entry["id"]
    served = console.get(f"/api/w/{workshop['code']}/media/{photo['id']}")
    assert served.mimetype == "image/jpeg"
    assert b"SpyCamMaker" not in served.data and b"Exif" not in served.data
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.format == "JPEG" and image.size == (640, 480)
        assert not image.getexif()
    listed = console.get(f"/api/w/{workshop['code']}/photos").get_json()
    assert listed["entries"][0]["id"] == entry["id"]
    assert [p["id"] for p in listed["photos"]] == [photo["id"]]
    # A big photo is made smaller.
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000), (0, 0, 255)).save(out, "PNG")
    bigger = post_photo(console, workshop, entry["id"], out.getvalue()).get_json()["media"]
    with Image.open(io.BytesIO(media_rows.media_data(db, bigger["id"]))) as image:
        assert image.size == (media.PHOTO_SIDE, 512)


def test_bad_photos_are_refused_and_write_nothing(app, db, workshop, open_question):
    entry = scribed(db, workshop, open_question)
    phone = join(app.test_client(), workshop, "provider")
    typed = phone.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": open_question["id"], "text": "A phone's own idea"},
    ).get_json()["idea"]
    console = facilitator(app, workshop)
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    cases = [
        (console, entry["id"], b"not a picture at all" * 10, 400, "not_a_photo"),
        (console, entry["id"], WEBM, 400, "not_a_photo"),
        (console, entry["id"], gif.getvalue(), 400, "not_a_photo"),
        (console, entry["id"], b"\xff\xd8\xff\xe0" + bytes(100), 400, "not_a_photo"),  # a cut JPEG
        (console, entry["id"], b"", 400, "no_photo"),
        (console, typed["id"], jpeg_with_exif(), 409, "not_scribed"),
        (console, 999999, jpeg_with_exif(), 404, "not_found"),
        (phone, entry["id"], jpeg_with_exif(), 403, None),
    ]
    for client, idea_id, data, status, code in cases:
        response = post_photo(client, workshop, idea_id, data)
        assert response.status_code == status, (code, response.get_json())
        if code:
            assert response.get_json()["error"]["code"] == code
    too_big = post_photo(console, workshop, entry["id"], b"\xff\xd8" + bytes(media.PHOTO_MAX_BYTES))
    assert too_big.status_code == 400 and too_big.get_json()["error"]["code"] == "photo_too_big"
    # A JSON body cannot carry one either (the console's action route).
    response = console.post(
        f"/api/w/{workshop['code']}/console/attach_photo",
        json={"idea_id": entry["id"], "photo": "x"},
    )
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_upload"
    assert counts(db)["media"] == 0
    for _ in range(media.PHOTOS_PER_IDEA):
        assert post_photo(console, workshop, entry["id"], jpeg_with_exif()).status_code == 201
    response = post_photo(console, workshop, entry["id"], jpeg_with_exif())
    assert response.get_json()["error"]["code"] == "too_many_photos"
    other = scribed(db, workshop, open_question, "Another table's chart")
    maintenance.end(db, workshop)
    response = post_photo(console, workshop, other["id"], jpeg_with_exif())
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "workshop_ended"
    assert counts(db)["media"] == media.PHOTOS_PER_IDEA


def test_a_decompression_bomb_is_refused(app, db, workshop, open_question):
    entry = scribed(db, workshop, open_question)
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # small file, 81 million pixels
    response = post_photo(facilitator(app, workshop), workshop, entry["id"], out.getvalue())
    assert response.status_code == 400 and response.get_json()["error"]["code"] in (
        "photo_too_big",
        "not_a_photo",
    )


# The archive, the report, hide and purge


def voice_room(db, workshop, question):
    teller = workshops.join(db, workshop, "person_receiving_care")[0].value
    quiet = workshops.join(db, workshop, "carer")[0].value
    told = stories.submit_story(
        db,
        workshop,
        teller,
        text=None,
        may_quote=True,
        audio=Upload(WEBM, "65"),
        question_id=question["id"],
    ).value
    private = stories.submit_story(
        db,
        workshop,
        quiet,
        text="Please keep this one",
        may_quote=False,
        audio=Upload(WEBM + b"private", "9"),
    ).value
    entry = scribed(db, workshop, question)
    media.attach_photo(db, workshop, idea_id=entry["id"], photo=Upload(jpeg_with_exif()))
    return told, private, entry


def test_the_archive_carries_recordings_and_photos_and_import_restores_them(
    db, workshop, open_question, tmp_path
):
    from workshop.storage import db as store

    told, private, entry = voice_room(db, workshop, open_question)
    first = export.render(db, [workshop], "json", include_private=True).content
    data = json.loads(first)
    kept = data["workshops"][0]["media"]
    assert sorted(m["kind"] for m in kept) == ["photo", "voice", "voice"]
    other = store.migrate(store.connect(tmp_path / "other.db"))
    try:
        [(restored, _)] = restore.restore(other, restore.loads(first))
        again = export.render(other, [restored], "json", include_private=True).content
        assert again == first
        rows = media_rows.media_of(other, restored["id"])
        assert sorted(
            media_rows.media_data(other, r["id"]) for r in rows if r["kind"] == "voice"
        ) == [
            WEBM,
            WEBM + b"private",
        ]
    finally:
        other.conn.close()
    # Without --include-private the "do not quote" story leaves, and its recording with it.
    shared = json.loads(export.render(db, [workshop], "json").content)["workshops"][0]
    assert [m["kind"] for m in shared["media"]].count("voice") == 1
    # A damaged recording is refused whole.
    data["workshops"][0]["media"][0]["data"] = "not base64!"
    with pytest.raises(restore.Invalid):
        restore.restore(db, data)


def test_a_hidden_or_flagged_story_takes_its_recording_out_of_every_export(
    db, workshop, open_question
):
    told, _, _ = voice_room(db, workshop, open_question)
    stories.hide_story(db, workshop, told["id"])
    entry = archive.export(db, [workshop], include_private=True)["workshops"][0]
    assert [m["kind"] for m in entry["media"]] == ["voice", "photo"]
    assert "Told aloud" not in export.render(db, [workshop], "md").content.decode()


def test_the_report_lists_a_voice_story_with_a_place_for_its_transcript(
    db, workshop, open_question
):
    voice_room(db, workshop, open_question)
    for fmt in ("md", "html"):
        text = export.render(db, [workshop], fmt).content.decode()
        assert "Told aloud (1 min 5 s). Transcript: not yet written" in text
        assert "Please keep this one" not in text
    assert export.render(db, [workshop], "docx").content


def test_purge_deletes_every_recording_and_photo(db, workshop, open_question):
    voice_room(db, workshop, open_question)
    assert records.workshop_row_counts(db, workshop["id"])["media"] == 3
    maintenance.purge(db, workshop)
    assert db.conn.execute("SELECT COUNT(*) FROM media").fetchone()[0] == 0


def test_the_facilitator_types_a_transcript_and_the_report_prints_it(
    app, db, workshop, open_question
):
    told, private, _ = voice_room(db, workshop, open_question)
    console = facilitator(app, workshop)
    url = f"/api/w/{workshop['code']}/console/set_transcript"
    reply = console.post(url, json={"story_id": told["id"], "text": "  My carer comes at nine. "})
    assert reply.status_code == 200, reply.get_json()
    assert reply.get_json()["media"]["transcript"] == "My carer comes at nine."
    text = export.render(db, [workshop], "md").content.decode()
    assert "Told aloud (1 min 5 s). Transcript: My carer comes at nine." in text
    entry = archive.export(db, [workshop])["workshops"][0]
    assert [m["transcript"] for m in entry["media"] if m["kind"] == "voice"] == [
        "My carer comes at nine."
    ]
    # The log says it changed, never what it says; phones and boards do not hear of it.
    [event] = db.conn.execute("SELECT data FROM events WHERE type = 'transcript_set'").fetchall()
    assert "nine" not in event[0]
    # Refused plainly: a typed story, another's, too long, not text, not the facilitator.
    typed = stories.submit_story(
        db, workshop, workshops.join(db, workshop, "carer")[0].value, text="Typed", may_quote=True
    ).value
    for body, status in (
        ({"story_id": typed["id"], "text": "x"}, 404),
        ({"story_id": 999999, "text": "x"}, 404),
        ({"story_id": told["id"], "text": "x" * 6001}, 400),
        ({"story_id": told["id"], "text": ["x"]}, 400),
    ):
        assert console.post(url, json=body).status_code == status, body
    phone = join(app.test_client(), workshop, "provider")
    assert phone.post(url, json={"story_id": told["id"], "text": "x"}).status_code == 403
    cleared = console.post(url, json={"story_id": told["id"], "text": " "}).get_json()
    assert cleared["media"]["transcript"] is None
    assert "Transcript: not yet written" in export.render(db, [workshop], "md").content.decode()
