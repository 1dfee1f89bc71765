"""Start real `workshop serve` processes for end-to-end tests and benchmarks."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workshop_cli(*args, db, check=True):
    """Run the `workshop` command in a subprocess, as a person would."""
    env = {**os.environ, "WORKSHOP_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "workshop", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=check, timeout=120)


@contextmanager
def server(db, *extra, port=None, env=None):
    """A `workshop serve` process on loopback; yields its base URL."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "workshop", "serve", "--host", "127.0.0.1", "--port",
               str(port), "--db", str(db), "--public-url", base, *extra]
    log = Path(db).with_name(f"server-{port}.log")
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base, process, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {Path(log).read_text()}")
        try:
            if requests.get(base + "/", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("server did not start in time")
