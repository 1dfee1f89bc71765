"""Privacy by default: no names, no device details stored, purge for good, and
retention (issue 3, item 11)."""

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from harness.clients import join
from harness.servers import Serve
from workshop.cli import cli
from workshop.room import agenda, maintenance, rules, workshops
from workshop.storage import db as store
from workshop.storage import records

CANARY = "Zyxwvut my carer Mrs Quorndon-Smith comes at 7am"
DEVICE = {
    "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) DeviceCanary/3.3",
    "X-Forwarded-For": "203.0.113.77",
    "X-Real-IP": "198.51.100.23",
}


def raw_bytes(path):
    """Everything SQLite keeps on disk for this database: the file and its WAL."""
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")]
    return b"".join(p.read_bytes() for p in files if p.exists())


def test_join_needs_no_name_and_says_so_in_plain_words(client, workshop):
    html = client.get(f"/j/{workshop['code']}").get_data(as_text=True)
    note = re.search(r'<section class="privacy-note".*?</section>', html, re.S).group(0)
    for promise in (
        "We do not ask your name.",
        "does not say who you are",
        "We do not keep your phone's address or details.",
    ):
        assert promise in note
    fields = set(re.findall(r'<(?:input|textarea|select)[^>]*name="([^"]+)"', html))
    # Nothing that could hold a name: a supporter's own role is a choice from the list.
    assert fields == {"csrf_token", "role", "supporter_role"}
    assert '<select id="supporter-role" name="supporter_role"' in html


def test_no_ip_address_or_user_agent_is_stored(app, client, db, workshop, open_question):
    client.post(
        f"/api/w/{workshop['code']}/participants",
        json={"role": "carer"},
        headers=DEVICE,
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
    )
    client.post(
        f"/api/w/{workshop['code']}/ideas",
        headers=DEVICE,
        environ_base={"REMOTE_ADDR": "192.0.2.44"},
        json={"question_id": open_question["id"], "text": "Better rotas"},
    )
    db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    stored = raw_bytes(__import__("pathlib").Path(app.config["DATABASE"]))
    assert b"Better rotas" in stored  # we are looking in the right place
    for detail in ("192.0.2.44", "203.0.113.77", "198.51.100.23", "DeviceCanary", "iPhone"):
        assert detail.encode() not in stored, detail


def fill_workshop(app, db, title):
    workshop = workshops.create(db, title)
    question = rules.agenda(db, workshop)[0]
    agenda.open_question(db, workshop, question["id"])
    client = join(app.test_client(), workshop, "person_receiving_care")
    idea = client.post(
        f"/api/w/{workshop['code']}/ideas",
        json={"question_id": question["id"], "text": f"{CANARY} ({title})"},
    ).get_json()["idea"]
    vote = client.post(f"/api/w/{workshop['code']}/votes", json={"idea_id": idea["id"]})
    assert vote.status_code == 201
    return workshop


def test_purge_deletes_a_workshops_personal_data_for_good(app, db, runner, tmp_path):
    path = tmp_path / "test.db"
    assert app.config["DATABASE"] == str(path)
    gone = fill_workshop(app, db, "To be purged")
    kept = fill_workshop(app, db, "To be kept")
    by_cli = fill_workshop(app, db, "Purged by command")
    assert f"{CANARY} (To be purged)".encode() in raw_bytes(path)
    # As on SQLite builds where secure_delete is off by default (Debian's is on).
    db.conn.execute("PRAGMA secure_delete = OFF")
    counts = maintenance.purge(db, gone)
    assert counts["participants"] == counts["ideas"] == counts["votes"] == 1
    result = runner.invoke(cli, ["purge", by_cli["code"], "--yes", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert f"Purged workshop {by_cli['code']}: 1 participants, 1 ideas, 1 votes." in result.output
    for purged in (gone, by_cli):
        assert store.workshop_by_code(db, purged["code"]) is None
        assert set(records.workshop_row_counts(db, purged["id"]).values()) == {0}  # every table
    assert records.workshop_row_counts(db, kept["id"])["ideas"] == 1
    # Not left behind in free pages or the write-ahead log either.
    stored = raw_bytes(path)
    for words in (b"To be purged", b"Purged by command"):
        assert words not in stored, words
    assert f"{CANARY} (To be kept)".encode() in stored
    assert records.integrity_check(db) == "ok"


def test_purge_asks_before_deleting(runner, tmp_path):
    path = tmp_path / "ask.db"
    db = store.migrate(store.connect(path))
    try:
        workshop = workshops.create(db, "Keep me")
        result = runner.invoke(cli, ["purge", workshop["code"], "--db", str(path)], input="n\n")
        assert result.exit_code != 0 and store.workshop_by_code(db, workshop["code"])
        bad = runner.invoke(cli, ["purge", "--db", str(path)])
        assert bad.exit_code != 0 and "Give workshop codes, or --expired" in bad.output
    finally:
        db.conn.close()


def end_days_ago(db, workshop, days):
    """Mark a workshop as ended `days` days ago (the event log itself is append-only)."""
    then = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="milliseconds")
    db.conn.execute("UPDATE workshops SET ended_at = ? WHERE id = ?", (then, workshop["id"]))
    db.conn.commit()


def test_retention_purges_ended_and_long_idle_workshops_only(app, db, runner, tmp_path):
    path = str(tmp_path / "test.db")
    old_ended = fill_workshop(app, db, "Ended long ago")
    recent = fill_workshop(app, db, "Ended today")
    running = fill_workshop(app, db, "Running today")
    end_days_ago(db, old_ended, 40)
    ended = runner.invoke(cli, ["end", recent["code"], "--db", path])
    assert ended.exit_code == 0 and f"Workshop {recent['code']} ended at" in ended.output
    assert "had ended" in runner.invoke(cli, ["end", recent["code"], "--db", path]).output
    result = runner.invoke(cli, ["purge", "--expired", "--retention-days", "30", "--db", path])
    assert result.exit_code == 0, result.output
    assert (
        f"Purged 1 workshop(s) ended or untouched for over 30 days: {old_ended['code']}"
        in result.output
    )
    assert {w["code"] for w in store.list_workshops(db)} == {recent["code"], running["code"]}
    # The same rule 31 days on: the ended one goes, and so does the one nobody touched since.
    later = datetime.now(UTC) + timedelta(days=31)
    assert maintenance.purge_expired(db, 60, now=later) == []
    gone = maintenance.purge_expired(db, 30, now=later)
    assert [w["code"] for w in gone] == [recent["code"], running["code"]]
    with pytest.raises(Exception, match="whole number of days"):
        maintenance.purge_expired(db, 0)


def test_serve_applies_the_retention_setting_at_start(tmp_path):

    path = tmp_path / "serve.db"
    db = store.migrate(store.connect(path))
    try:
        old = workshops.create(db, "Old and ended")
        end_days_ago(db, old, 100)
        current = workshops.create(db, "Current")
    finally:
        db.conn.close()
    server = Serve(path, env={"WORKSHOP_RETENTION_DAYS": "30"})
    server.stop()
    assert f"Purged workshop {old['code']}" in server.stdout()
    conn = sqlite3.connect(path)
    try:
        codes = {row[0] for row in conn.execute("SELECT code FROM workshops")}
    finally:
        conn.close()
    assert codes == {current["code"]}
