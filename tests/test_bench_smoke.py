"""A small run of the load benchmark in the normal suite: about 50 phones for about
10 s against a real `workshop serve`. It asserts no timing (the figures are
printed), only that every phone connected and no acknowledged write is missing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_fifty_phones_connect_and_every_acknowledged_write_is_stored(tmp_path):
    out = tmp_path / "smoke.json"
    # Its own process, as `make bench-smoke` runs it: the benchmark owns its event loop.
    run = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(run.stdout)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.read_text())

    connect, writes = result["connect"], result["writes"]
    assert connect["failed"] == 0, connect["failures"]
    assert connect["connected"] == connect["phones"] == 50
    assert result["still_connected_at_end"] == 50
    votes_acked = sum(phase["votes_acked"] for phase in result["phases"].values())
    assert votes_acked > 0 and writes["ideas"][0] > 0
    assert writes["missing"] == 0, writes
    assert writes["found"] == writes["acknowledged"]
