"""A small run of the load benchmark in the normal suite: the lean generator's 50
phones (offering permessage-deflate, as Chrome does) for a few seconds against a
real `workshop serve` and the Node baseline. It asserts no timing (the figures
are printed), only that every phone connected and stayed, and that no
acknowledged write is missing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # its subprocess may take 300 s


def test_fifty_phones_connect_and_every_acknowledged_write_is_stored(tmp_path):
    out = tmp_path / "smoke.json"
    # Its own process, as `make bench-smoke` runs it.
    run = subprocess.run(
        [sys.executable, "benchmarks/compare.py", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    runs = {r["server"]: r for r in json.loads(out.read_text())["runs"]}
    assert set(runs) == {"workshop", "baseline"}

    for server, result in runs.items():
        connect, writes = result["connect"], result["writes"]
        assert connect["deflate_offered"], server
        assert connect["failed"] == 0, (server, connect["failures"])
        assert connect["connected"] == connect["phones"] == 50, server
        assert result["still_connected_at_end"] == 50, server
        votes_acked = sum(phase["votes_acked"] for phase in result["phases"].values())
        assert votes_acked > 0 and writes["ideas"][0] > 0, server
        assert writes["missing"] == 0, (server, writes)
        assert writes["found"] == writes["acknowledged"], server
