"""A small run of benchmarks/swarm.py in the suite (issue 15): delegates through a
real server with a vote burst, stories and console actions; no server_error,
no acknowledgement over a second, every screen equal to the database. The
full 300-delegate figures come from running the script itself."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # its subprocess may take 300 s

ROOT = Path(__file__).resolve().parents[1]


def test_a_small_swarm_ends_with_every_screen_equal_to_the_database():
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "swarm.py"),
            "--delegates",
            "20",
            "--rate",
            "40",
            "--burst-seconds",
            "2",
            "--ideas",
            "12",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert "server_error or no answer: 0" in run.stdout, run.stdout + run.stderr
    assert "screens equal to the database: 21 of 21" in run.stdout, run.stdout
    assert "sequence gaps seen by screens: 0" in run.stdout, run.stdout
    # The exit status also says no acknowledgement took over a second; on a
    # loaded shared machine that is a figure, so it is printed, not asserted.
    print(run.stdout)
