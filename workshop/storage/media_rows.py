"""Recordings and photos (issue 25): a voice story's audio, a flip chart's photo.

The bytes live in the database beside the story or idea they belong to, so
one write path, the backups, the archive and the purge cover them (the purge's
secure delete overwrites their pages too). Lists never read the bytes.
"""

import base64

from .connection import now

_ABOUT = "id, workshop_id, story_id, idea_id, kind, mime, size, seconds, transcript, created_at"


def insert_media(db, *, workshop_id, kind, mime, data, story_id=None, idea_id=None, seconds=None):
    """Keep one recording or photo; returns its id."""
    return db.conn.execute(
        "INSERT INTO media (workshop_id, story_id, idea_id, kind, mime, size, seconds, data,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (workshop_id, story_id, idea_id, kind, mime, len(data), seconds, data, now()),
    ).lastrowid


def media_about(db, media_id):
    """One recording's or photo's facts (not its bytes), or None."""
    row = db.conn.execute(f"SELECT {_ABOUT} FROM media WHERE id = ?", (media_id,)).fetchone()
    return dict(row) if row else None


def media_data(db, media_id):
    """The bytes of one recording or photo, or None."""
    row = db.conn.execute("SELECT data FROM media WHERE id = ?", (media_id,)).fetchone()
    return bytes(row[0]) if row else None


def set_transcript(db, media_id, transcript):
    """Keep what a recording says, typed by the facilitator (None clears it)."""
    db.conn.execute("UPDATE media SET transcript = ? WHERE id = ?", (transcript, media_id))


def media_of(db, workshop_id):
    """Every recording's and photo's facts in a workshop, oldest first (no bytes)."""
    return [
        dict(row)
        for row in db.conn.execute(
            f"SELECT {_ABOUT} FROM media WHERE workshop_id = ? ORDER BY id", (workshop_id,)
        )
    ]


def voice_of_story(db, workshop_id, story_id):
    """A story's recording's facts (not its bytes), or None."""
    row = db.conn.execute(
        f"SELECT {_ABOUT} FROM media WHERE workshop_id = ? AND story_id = ?",
        (workshop_id, story_id),
    ).fetchone()
    return dict(row) if row else None


def photos_on(db, idea_id):
    """How many photos an idea has."""
    return db.conn.execute("SELECT COUNT(*) FROM media WHERE idea_id = ?", (idea_id,)).fetchone()[0]


def table_exists(db):
    """True once the migration has made the media table."""
    return db["media"].exists()


# The JSON archive (report/archive.py, cli/restore.py): the bytes as base64,
# the story or idea named by its archive ref.

ARCHIVE_KINDS = {"voice": "audio/", "photo": "image/"}


def archived(db, workshop_id, refs):
    """The workshop's recordings and photos for the archive, each on its story or idea
    by ref ({table: {id: ref}}); those whose story or idea is left out are left out."""
    if not table_exists(db):
        return []
    out = []
    for row in db.conn.execute(
        "SELECT story_id, idea_id, kind, mime, seconds, transcript, created_at, data"
        " FROM media WHERE workshop_id = ? ORDER BY id",
        (workshop_id,),
    ):
        row = dict(row)
        story = refs["stories"].get(row.pop("story_id"))
        idea = refs["ideas"].get(row.pop("idea_id"))
        if story is None and idea is None:
            continue
        data = base64.b64encode(bytes(row.pop("data"))).decode("ascii")
        out.append({**row, "story": story, "idea": idea, "data": data})
    return out


def restore_archived(db, workshop_id, media, ids):
    """Write an archive's recordings and photos back, refs mapped to this database's ids
    ({table: {ref: id}}); KeyError, TypeError or ValueError if they do not fit."""
    for item in media:
        kind, mime = item["kind"], item["mime"]
        if kind not in ARCHIVE_KINDS or not str(mime).startswith(ARCHIVE_KINDS[kind]):
            raise ValueError(f"a recording or photo of unknown kind {kind!r} ({mime!r})")
        owner = "stories" if kind == "voice" else "ideas"
        owner_id = ids[owner][item["story" if kind == "voice" else "idea"]]
        data = base64.b64decode(item["data"], validate=True)
        seconds, transcript = item.get("seconds"), item.get("transcript")
        if seconds is not None and not isinstance(seconds, int | float):
            raise TypeError("a recording's seconds must be a number")
        if transcript is not None and not isinstance(transcript, str):
            raise TypeError("a transcript must be text")
        media_id = insert_media(
            db,
            workshop_id=workshop_id,
            kind=kind,
            mime=mime,
            data=data,
            seconds=seconds,
            **{"story_id" if kind == "voice" else "idea_id": owner_id},
        )
        db.conn.execute(
            "UPDATE media SET transcript = ?, created_at = ? WHERE id = ?",
            (transcript, str(item.get("created_at") or now()), media_id),
        )


def scribed_entries(db, workshop_id, limit=200):
    """The scribe's latest entries (id, question, words), newest first: what a photo goes on."""
    return [
        dict(row)
        for row in db.conn.execute(
            "SELECT id, question_id, text FROM ideas"
            " WHERE workshop_id = ? AND entered_by = 'scribe' ORDER BY id DESC LIMIT ?",
            (workshop_id, limit),
        )
    ]
