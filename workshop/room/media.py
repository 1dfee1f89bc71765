"""Say it instead of typing it (issue 25): voice stories and flip-chart photos.

Framework principle 13 values audio accounts, first-hand from people who
receive care. A phone records a short voice story; it is kept with the story,
under the story's quote consent, moderation and purge rules (stories.py). A
facilitator (a table host at the console) attaches a photo of a flip chart to
the scribe's entry. Every check runs before anything is written: a wrong type,
a file too big or too long, or bytes that are not a real recording or picture
are refused with a plain reason.

A recording is kept as the phone made it (its container is checked by its
first bytes; it is only ever served back with the type we named, never the
one the phone claimed). A photo is decoded and encoded again as a JPEG, no
bigger than PHOTO_SIDE pixels a side: that drops its EXIF data (the camera,
the time, the place it was taken) and anything that is not the picture.
"""

import io
import warnings

from ..storage import db as store
from ..storage import media_rows
from .errors import Conflict, Invalid, NotFound
from .rules import Change, Upload, clean_text, still_running

VOICE_MAX_BYTES = 5 * 1024 * 1024
VOICE_MAX_SECONDS = 120
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIDE = 2048
PHOTO_MAX_PIXELS = 50_000_000
PHOTOS_PER_IDEA = 3
# The most an upload's body may be: the largest file and the form around it.
UPLOAD_MAX_BYTES = PHOTO_MAX_BYTES + 64 * 1024

# Words a story keeps when its teller said it all aloud (stories.text is never empty).
VOICE_ONLY = "(A voice story: no words typed. Listen to the recording.)"


def _audio_type(data):
    """The recording's container from its first bytes, or None."""
    head = data[:64]
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM (Chrome, Firefox, Android)
        return "audio/webm" if b"webm" in head else None
    if head.startswith(b"OggS"):  # Ogg (Firefox)
        return "audio/ogg"
    if head[4:8] == b"ftyp":  # MP4 (Safari, iPhone)
        return "audio/mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    return None


def checked_voice(audio):
    """A checked recording: {mime, data, seconds}; Invalid (nothing written) if it is not one."""
    if not isinstance(audio, Upload) or not audio.data:
        raise Invalid("Please record your story before sending.", code="no_recording")
    if len(audio.data) > VOICE_MAX_BYTES:
        raise Invalid(
            f"Your recording is too big: please keep it under {VOICE_MAX_BYTES // (1024 * 1024)}"
            " MB (about 2 minutes).",
            code="recording_too_big",
        )
    mime = _audio_type(audio.data)
    if mime is None or len(audio.data) < 32:
        raise Invalid("That file is not a recording we can keep.", code="not_a_recording")
    seconds = _seconds(audio.seconds)
    if seconds > VOICE_MAX_SECONDS:
        raise Invalid(
            f"Your recording is too long: please keep it under {VOICE_MAX_SECONDS // 60} minutes.",
            code="recording_too_long",
        )
    return {"mime": mime, "data": audio.data, "seconds": seconds}


def _seconds(value):
    # The phone's own measure of the recording; a container's header need not say.
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise Invalid("Say how long the recording is, in seconds.", code="bad_seconds") from None
    if not 0 <= seconds < 10**6:  # nan and inf fail this too
        raise Invalid("Say how long the recording is, in seconds.", code="bad_seconds")
    return round(seconds, 1)


def checked_photo(upload):
    """A checked photo as JPEG bytes without EXIF: {mime, data}; Invalid if it is not one."""
    from PIL import Image, ImageOps  # Pillow comes with qrcode[pil]; only photos need it

    if not isinstance(upload, Upload) or not upload.data:
        raise Invalid("Please choose a photo first.", code="no_photo")
    if len(upload.data) > PHOTO_MAX_BYTES:
        raise Invalid(
            f"That photo is too big: please keep it under {PHOTO_MAX_BYTES // (1024 * 1024)} MB.",
            code="photo_too_big",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(upload.data)) as image:
                if image.format not in ("JPEG", "PNG", "WEBP"):
                    raise Invalid("Please send a JPEG, PNG or WebP photo.", code="not_a_photo")
                if image.width * image.height > PHOTO_MAX_PIXELS:
                    raise Invalid("That photo has too many pixels.", code="photo_too_big")
                image.load()
                picture = ImageOps.exif_transpose(image).convert("RGB")
    except Invalid:
        raise
    except Exception:  # Pillow raises many kinds for a damaged or hostile file
        raise Invalid("That file is not a photo we can keep.", code="not_a_photo") from None
    picture.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)  # no exif= given: none is written
    return {"mime": "image/jpeg", "data": out.getvalue()}


def keep_voice(db, workshop, story_id, recording):
    """Store a checked recording with its story (inside the story's transaction)."""
    return media_rows.insert_media(
        db,
        workshop_id=workshop["id"],
        story_id=story_id,
        kind="voice",
        mime=recording["mime"],
        data=recording["data"],
        seconds=recording["seconds"],
    )


def public_media(row):
    """What screens and the report know of a recording or photo: never its bytes."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "mime": row["mime"],
        "size": row["size"],
        "seconds": row["seconds"],
        "transcript": row["transcript"],
        "story_id": row["story_id"],
        "idea_id": row["idea_id"],
    }


def by_owner(db, workshop):
    """({story id: [media]}, {idea id: [media]}) of a workshop, facts only."""
    stories, ideas = {}, {}
    for row in media_rows.media_of(db, workshop["id"]):
        owner = stories.setdefault(row["story_id"], []) if row["story_id"] else None
        owner = owner if owner is not None else ideas.setdefault(row["idea_id"], [])
        owner.append(public_media(row))
    return stories, ideas


def attach_photo(db, workshop, *, idea_id, photo):
    """A table host's photo of a flip chart, on the scribe's entry it goes with."""
    still_running(workshop)
    idea = store.idea_by_id(db, idea_id) if store.is_row_id(idea_id) else None
    if not idea or idea["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such idea in this workshop.")
    if idea["entered_by"] != "scribe":
        raise Conflict("Photos go on the scribe's entries only.", code="not_scribed")
    if media_rows.photos_on(db, idea["id"]) >= PHOTOS_PER_IDEA:
        raise Conflict(f"That entry has {PHOTOS_PER_IDEA} photos already.", code="too_many_photos")
    picture = checked_photo(photo)
    with store.transaction(db):
        media_id = media_rows.insert_media(
            db,
            workshop_id=workshop["id"],
            idea_id=idea["id"],
            kind="photo",
            mime=picture["mime"],
            data=picture["data"],
        )
        about = public_media(media_rows.media_about(db, media_id))
        event = store.append_event(db, workshop["id"], "photo_added", {"media": about})
    return Change(about, [event])


TRANSCRIPT_MAX = 6000


def set_transcript(db, workshop, *, story_id, text):
    """The facilitator types what a voice story says, for the report (empty clears it).

    The transcript goes with the recording: its story's quote choice, hiding
    and purge cover it; the log records that it changed, never its words.
    """
    recording = media_rows.voice_of_story(db, workshop["id"], story_id)
    if recording is None:
        raise NotFound("There is no such voice story in this workshop.")
    text = None if text in (None, "") or not str(text).strip() else text
    if text is not None:
        text = clean_text(text, TRANSCRIPT_MAX, "transcript")
    with store.transaction(db):
        media_rows.set_transcript(db, recording["id"], text)
        about = public_media(media_rows.media_about(db, recording["id"]))
        event = store.append_event(
            db, workshop["id"], "transcript_set", {"story_id": recording["story_id"]}
        )
    return Change(about, [event])


def console_photos(db, workshop):
    """For the console's flip-chart photos: the scribe's entries and the photos on them."""
    _, on_ideas = by_owner(db, workshop)
    return {
        "entries": media_rows.scribed_entries(db, workshop["id"]),
        "photos": [m for ideas in on_ideas.values() for m in ideas],
    }


def served(db, workshop, media_id):
    """(mime, bytes) of one of the workshop's recordings or photos, or NotFound."""
    about = media_rows.media_about(db, media_id) if store.is_row_id(media_id) else None
    if not about or about["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such recording or photo in this workshop.")
    return about["mime"], media_rows.media_data(db, media_id)
