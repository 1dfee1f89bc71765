"""CPU per burst vote on the real path, round after round, and where it goes by layer.

    python -m benchmarks.vote_path                       # 5 rounds, 200 phones, 3,000 votes each
    python -m benchmarks.vote_path --rounds 9 --phones 2000
    python -m benchmarks.vote_path --rounds 0 --yappi       # one profiled round, by layer

Each round starts a fresh `workshop serve` (compare.py's launcher) and drives a
burst with benchmarks/loadgen.js (raw WebSocket phones that join over HTTP):
`--rate` votes a second for `--seconds`, no steady phase. The server's CPU over
the burst (its /proc times, as loadgen measures them) divided by the votes
acknowledged is the figure; with a few hundred phones it is mostly the vote's
own path (frame, engine.io, python-socketio, Flask's context, the handler, the
group commit, the acknowledgement), not the push to every phone. Rounds give a
median and a spread, printed with the machine's load.

`--yappi [DIR]` adds a profiled round: the server loads `layer_probe` (yappi, CPU
clock, one context per greenlet: `pip install -e '.[profile]'`, or a DIR
holding it), profiles the burst, and the CPU is split by layer, in microseconds a
vote. yappi's own cost inflates small calls, so read its layers as shares, and
the unprofiled rounds for the total.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import compare

ROOT = compare.ROOT

# Inclusive layers of a burst vote, outermost first: (label, file, function), each
# nested in the one above it unless it starts a new group (indent 0).
GROUP = "workshop/storage/group_commit.py"
LAYERS = (
    (0, "a message, from engine.io's receive", "engineio/socket.py", "Socket.receive"),
    (1, "python-socketio", "socketio/server.py", "Server._handle_eio_message"),
    (2, "Flask-SocketIO's handler", "flask_socketio/__init__.py", "_handler"),
    (3, "our context (LeanSocketIO)", "workshop/web/sockets.py", "LeanSocketIO._handle_event"),
    (4, "the socket handler (events.acknowledged)", "workshop/web/events.py", "wrapper"),
    (5, "the action table (actions.dispatch)", "workshop/web/actions.py", "dispatch"),
    (6, "waiting for the group (GroupCommit.run)", GROUP, "GroupCommit.run"),
    (2, "the acknowledgement (Server._send_packet)", "socketio/server.py", "Server._send_packet"),
    (0, "reading frames (Wire.wait)", "workshop/web/wire.py", "Wire.wait"),
    (0, "the group commit's writer", GROUP, "GroupCommit._loop"),
    (1, "the writes (in savepoints)", GROUP, "GroupCommit._commit"),
    (1, "publishing after COMMIT", GROUP, "GroupCommit._after"),
    (0, "the pump (tallies to every screen)", "workshop/web/live.py", "TallyPump._run"),
)


def run_round(args, folder, probe=None):
    """One burst on a fresh server; loadgen's result (and the probe's rows, if profiled)."""
    argv = [
        "--phones",
        str(args.phones),
        "--duration",
        "0",
        "--burst-rate",
        str(args.rate),
        "--burst-duration",
        str(args.seconds),
        "--settle",
        str(args.settle),
    ]
    options = compare.parse(argv)
    env_before = dict(os.environ)
    if probe is not None:
        # The server inherits these: `sitecustomize` in `site` loads the probe.
        site = folder / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(
            "from benchmarks import layer_probe\nlayer_probe.install()\n"
        )
        paths = [str(site), str(ROOT), args.yappi, os.environ.get("PYTHONPATH", "")]
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        os.environ["WORKSHOP_LAYER_PROBE"] = str(probe)
    try:
        with ExitStack() as stack:
            pids, bases, code, _, _ = compare.start_workshop(folder, 20, 1, stack)
            command = [
                "node",
                str(compare.LOADGEN),
                "--url",
                bases[0],
                "--code",
                code,
                "--server-pid",
                str(pids[0]),
                "--vote-budget",
                "20",
                "--out",
                str(folder / "load.json"),
            ]
            for name in compare.LOAD_OPTIONS:
                value = getattr(options, name)
                if value is not None:
                    command += [f"--{name.replace('_', '-')}", str(value)]
            drive(command, pids[0], probe, args.seconds)
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    result = json.loads((folder / "load.json").read_text())
    rows = json.loads(probe.read_text()) if probe is not None else None
    return result, rows


def drive(command, pid, probe, seconds):
    """Run the generator; with a probe, profile the burst from its start for `seconds`."""
    generator = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    timer = None
    try:
        errors = []
        for line in generator.stderr:
            errors.append(line)
            if probe is not None and line.startswith("phase burst"):
                os.kill(pid, signal.SIGUSR1)
                timer = threading.Timer(seconds, os.kill, (pid, signal.SIGUSR2))
                timer.start()
        if generator.wait(timeout=600) != 0:
            raise RuntimeError("the generator failed:\n" + "".join(errors)[-3000:])
    finally:
        if timer is not None:
            timer.join(timeout=seconds + 5)
        if generator.poll() is None:
            generator.kill()
            generator.wait()


def per_vote_ms(result):
    burst = result["phases"]["burst"]
    return 1000 * burst["server_cpu_s"] / max(1, burst["votes_acked"])


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def layers(rows, votes):
    """Microseconds a vote for each layer, inclusive, and what the profile saw in all."""
    total = defaultdict(float)
    for row in rows:
        for _, _, path, name in LAYERS:
            if row["module"].endswith(path) and row["name"] == name:
                total[(path, name)] += row["total"]
    seen = sum(row["own"] for row in rows)
    table = [
        (depth, label, 1e6 * total[(path, name)] / votes) for depth, label, path, name in LAYERS
    ]
    by_package = defaultdict(float)
    for row in rows:
        by_package[_package(row["module"])] += row["own"]
    return table, 1e6 * seen / votes, {k: 1e6 * v / votes for k, v in by_package.items()}


def _package(module):
    parts = Path(module).parts
    for anchor in ("site-packages", "wt-burst", "main"):
        if anchor in parts:
            rest = parts[parts.index(anchor) + 1 :]
            if rest and rest[0] == "workshop" and len(rest) > 2:
                return "/".join(rest[:2])
            return rest[0].removesuffix(".py") if rest else module
    return Path(module).name if "python3" in module else module


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="unprofiled rounds (5)")
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--rate", type=float, default=300, help="votes a second (300)")
    parser.add_argument("--seconds", type=float, default=10, help="the burst's length (10)")
    parser.add_argument("--settle", type=float, default=1, help="seconds after the burst (1)")
    parser.add_argument(
        "--yappi",
        nargs="?",
        const="",
        metavar="DIR",
        help="one profiled round (yappi: the 'profile' extra, or a DIR holding it)",
    )
    parser.add_argument("--top", type=int, default=0, help="list the N costliest functions")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    print(
        f"{datetime.now(UTC).isoformat(timespec='seconds')} {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.2f}; {args.phones} phones, {args.rate:g} votes/s for "
        f"{args.seconds:g} s; checkout {ROOT}",
        flush=True,
    )
    figures = []
    for n in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="vote-path-") as folder:
            result, _ = run_round(args, Path(folder))
        burst = result["phases"]["burst"]
        figures.append(per_vote_ms(result))
        print(
            f"round {n + 1}: {figures[-1]:.3f} ms a vote ({burst['votes_acked']} acked), ack p50 / "
            f"p95 {burst['ack_ms']['p50']} / {burst['ack_ms']['p95']} ms, server wait "
            f"{burst['server_cpu_wait_percent']} %, load {burst['load_average'][0]}",
            flush=True,
        )
    if figures:
        print(
            f"ms a vote: median {statistics.median(figures):.3f}, min {min(figures):.3f}, "
            f"p90 {percentile(figures, 90):.3f}, max {max(figures):.3f} ({len(figures)} rounds)"
        )
    if args.yappi is not None:
        with tempfile.TemporaryDirectory(prefix="vote-path-") as folder:
            probe = Path(folder) / "probe.json"
            result, rows = run_round(args, Path(folder), probe)
        votes = args.rate * args.seconds
        table, seen, packages = layers(rows, votes)
        print(
            f"\nprofiled round (yappi): {per_vote_ms(result):.3f} ms a vote by /proc, "
            f"{seen:.0f} us a vote seen by the profiler; inclusive us a vote:"
        )
        for depth, label, us in table:
            print(f"  {'  ' * depth}{us:7.1f}  {label}")
        print("own CPU by package, us a vote:")
        for name, us in sorted(packages.items(), key=lambda kv: -kv[1])[:16]:
            print(f"  {us:7.1f}  {name}")
        if args.top:
            print("own CPU by function, us a vote (calls a vote):")
            for row in sorted(rows, key=lambda r: -r["own"])[: args.top]:
                where = f"{_package(row['module'])}:{row['name']}"
                print(f"  {1e6 * row['own'] / votes:7.1f}  ({row['calls'] / votes:5.1f})  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
