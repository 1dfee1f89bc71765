"""Start real `workshop serve` processes for end-to-end tests and benchmarks."""

import json
import os
import shutil
import signal
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


def workshop_cli(*args, db, check=True, env=None, input=None):
    """Run the `workshop` command in a subprocess, as a person would."""
    env = {**os.environ, "WORKSHOP_DB": str(db), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "workshop", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
        input=input,
    )


class Serve:
    """A `workshop serve` process with its stdout (the banner) and stderr (the log) kept apart."""

    # `program` and `cwd` let the wheel test run an installed `workshop` away from the checkout.
    def __init__(
        self,
        db,
        *extra,
        scheme="http",
        env=None,
        verify=True,
        port=None,
        program=(sys.executable, "-m", "workshop"),
        cwd=ROOT,
        public_url=None,
    ):
        self.db, self.port = Path(db), port or free_port()
        self.base = f"{scheme}://127.0.0.1:{self.port}"
        self.out = self.db.with_name(f"stdout-{self.port}.txt")
        self.err = self.db.with_name(f"stderr-{self.port}.txt")
        command = [
            *program,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--db",
            str(self.db),
            "--public-url",
            public_url or self.base,  # a proxy's address, when one stands in front
            *extra,
        ]
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                stdout=out,
                stderr=err,
                env={**os.environ, "PYTHONTRACEMALLOC": "", **(env or {})},
            )
        self.wait_until_up(verify)

    def wait_until_up(self, verify, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.stdout()} {self.stderr()}")
            try:
                if requests.get(self.base + "/", timeout=1, verify=verify).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"server did not start in time: {self.stdout()} {self.stderr()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self):
        """SIGKILL: no shutdown handlers, no flushing; what a power cut does to a process."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stdout(self):
        return self.out.read_text()

    def stderr(self):
        return self.err.read_text()


@contextmanager
def server(db, *extra, port=None, env=None):
    """A `workshop serve` process on loopback for the length of a block; yields its base URL."""
    serve = Serve(db, *extra, port=port, env=env)
    try:
        yield serve.base
    finally:
        serve.stop()


@contextmanager
def served_workshop(db, title, *new_options):
    """A real server on a new database at `db` with one new workshop (made with
    `workshop new`'s `new_options`, e.g. "--framework", path); yields (base URL,
    its links). The screenshot scripts and the big room start this way."""
    workshop_cli("list", db=db)  # creates the database
    with server(db) as base:
        made = workshop_cli("new", title, *new_options, "--json", "--public-url", base, db=db)
        yield base, json.loads(made.stdout)


@contextmanager
def redis_server(tmp_path):
    """Debian's redis-server on a free loopback port, in memory only."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
