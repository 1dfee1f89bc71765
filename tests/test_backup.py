"""`workshop backup PATH`: a consistent copy taken while a real server is serving
and being written to (issue 3, item 10)."""

import json
import sqlite3
import threading

import pytest
import requests

from harness.servers import Serve, workshop_cli
from workshop.cli import cli
from workshop.room import maintenance, workshops
from workshop.storage import db as store
from workshop.storage import records

pytestmark = pytest.mark.slow


def counts(path):
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ideas = conn.execute("SELECT COUNT(*) FROM ideas").fetchone()[0]
        logged = conn.execute("SELECT COUNT(*) FROM events WHERE type = 'idea_added'").fetchone()[0]
        people = conn.execute("SELECT COUNT(*) FROM participants").fetchone()[0]
        return ideas, logged, people
    finally:
        conn.close()


def test_backup_while_serving_and_writing_is_a_consistent_copy(tmp_path):
    db = tmp_path / "live.db"
    links = json.loads(workshop_cli("new", "Backed up", "--json", db=db).stdout)
    key = links["console_url"].split("#key=")[1]
    server = Serve(db)
    stop, acked = threading.Event(), []

    def write():
        api = f"{server.base}/api/w/{links['code']}"
        while not stop.is_set():
            with requests.Session() as session:
                session.post(f"{api}/participants", json={"role": "provider"})
                for n in range(10):
                    reply = session.post(
                        f"{api}/ideas",
                        json={"question_id": question_id, "text": f"Idea {len(acked)} {n}"},
                    )
                    assert reply.status_code == 201, reply.text
                    acked.append(reply.json()["idea"]["id"])

    try:
        api = f"{server.base}/api/w/{links['code']}"
        question_id = requests.get(api).json()["questions"][0]["id"]
        requests.post(
            f"{api}/questions/{question_id}/open", headers={"Authorization": f"Bearer {key}"}
        )
        writer = threading.Thread(target=write)
        writer.start()
        copies = []
        try:
            for n in range(3):
                while len(acked) < 10 * (n + 1):
                    stop.wait(0.01)
                before = len(acked)
                target = tmp_path / f"backup-{n}.db"
                result = workshop_cli("backup", str(target), db=db)
                assert "integrity check ok" in result.stdout
                copies.append((target, before))
        finally:
            stop.set()
            writer.join()
    finally:
        server.stop()
    for target, before in copies:
        ideas, logged, _ = counts(target)
        # Everything acknowledged before the backup began is in it, and the copy is one
        # moment in time: each idea with its event, never one without the other.
        assert ideas >= before and ideas == logged
        assert not target.with_name(target.name + "-wal").exists()  # a self-contained file
    assert counts(db)[0] == len(acked) >= counts(copies[-1][0])[0]


def test_backup_refuses_to_overwrite_and_reads_through_the_write_ahead_log(tmp_path, runner):
    db_path = tmp_path / "cli.db"
    db = store.migrate(store.connect(db_path))
    try:
        workshop = workshops.create(db, "Uncheckpointed")
        assert db_path.with_name("cli.db-wal").stat().st_size > 0  # the rows are still in the WAL
        target = tmp_path / "copy.db"
        result = runner.invoke(cli, ["backup", str(target), "--db", str(db_path)])
        assert result.exit_code == 0, result.output
        again = runner.invoke(cli, ["backup", str(target), "--db", str(db_path)])
        assert again.exit_code != 0 and "already exists" in again.output
        copy = store.connect(target)
        try:
            assert store.workshop_by_code(copy, workshop["code"])["title"] == "Uncheckpointed"
            assert records.integrity_check(copy) == "ok"
        finally:
            copy.conn.close()
        assert maintenance.backup(db, tmp_path / "second.db") == "ok"
    finally:
        db.conn.close()
