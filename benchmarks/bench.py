"""Load a real `workshop serve` with simulated phones and a board; print and save figures.

    python benchmarks/bench.py --phones 500              # the full run (make bench)
    python benchmarks/bench.py --smoke                   # ~50 phones for ~10 s

The server runs in its own process on loopback with a fresh database. Every
phone joins over HTTP (its session cookie), then opens a Socket.IO connection
over WebSocket, as a real phone does; one board connects too. The run then
drives ideas and votes at fixed rates (a steady phase, then a burst) and
measures, from the load generator's clock:

- connect: socket connect until the snapshot arrives (after the HTTP join);
- vote-to-board: a phone's send until the board's tally for that idea first
  reaches the vote's rank among that idea's votes (ranked by vote id, which
  SQLite hands out in commit order; nothing is withdrawn, so counts only grow);
- vote-to-last-phone: the same, until the last phone has seen it;
- ack: a write's send until its acknowledgement.

Afterwards, with the server stopped, every acknowledged write is looked up in
the database. The generator shares the machine with the server: its own CPU
is printed so a saturated generator is not mistaken for a slow server.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import engineio
import psutil
import socketio

from workshop.room import agenda, rules, workshops
from workshop.storage import db as store

ROOT = Path(__file__).resolve().parents[1]

ROLES = ("person_receiving_care", "carer", "provider", "commissioner", "vcse")
RESULTS = ROOT / "benchmarks" / "results"


def percentile(values, p):
    """Nearest-rank percentile in milliseconds, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[rank] * 1000, 1)


def summary(values):
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": percentile(values, 100),
    }


def reach(levels, seen, idea, total, now, first):
    """Record when a screen's count for an idea rose from what it had seen to `total`."""
    before = seen.get(idea, 0)
    if total <= before:
        return
    seen[idea] = total
    times = levels.setdefault(idea, [])
    if len(times) < total:
        times.extend([None] * (total - len(times)))
    for level in range(before, total):
        # The board keeps the first time; for phones the loop runs in time
        # order, so overwriting keeps the last phone to see it.
        if not first or times[level] is None:
            times[level] = now


def run_queue_wait(pid):
    """Seconds a process's threads were ready to run but had no CPU (Linux schedstat):
    on a shared machine this tells a starved server from a slow one."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(task.read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`workshop serve` in its own process, and psutil's view of it."""

    def __init__(self, db, async_mode, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        options = [
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--db",
            str(db),
            "--public-url",
            self.base,
        ]
        if async_mode == "gevent":
            command = [sys.executable, "-m", "workshop", "serve", *options]
        else:  # the comparison only: `workshop serve` is gevent
            command = [sys.executable, str(ROOT / "benchmarks" / "threaded_server.py"), *options]
        self.command = " ".join(["python", *command[1:]])
        self.log = open(log, "w")  # noqa: SIM115  (closed in stop)
        # The simulated hall arrives in a second, which the door's join rate
        # (docs/SECURITY.md) would rightly slow; a real one takes minutes.
        env = {**os.environ, "WORKSHOP_JOIN_RATE": "1000000"}
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env=env
        )
        self.ps = psutil.Process(self.process.pid)

    def processes(self):
        return [self.ps, *self.ps.children(recursive=True)]

    def cpu(self):
        return sum(p.cpu_times().user + p.cpu_times().system for p in self.processes())

    def waited(self):
        """Seconds the server's threads have spent runnable but waiting for a CPU."""
        return sum(run_queue_wait(p.pid) for p in self.processes())

    def rss(self):
        return sum(p.memory_info().rss for p in self.processes())

    async def wait_up(self, http, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited; see {self.log.name}")
            try:
                async with http.get(self.base + "/") as reply:
                    if reply.status == 200:
                        return
            except aiohttp.ClientError:
                await asyncio.sleep(0.1)
        raise RuntimeError("server did not start in time")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class InlineEngineIO(engineio.AsyncClient):
    """Handle each received message in the read loop instead of a new task per message.

    The handlers below only record what arrived, so nothing waits; this halves
    the generator's cost per message, which matters with 2,000 phones on 2 cores.
    """

    async def _trigger_event(self, event, *args, **kwargs):
        kwargs.pop("run_async", None)
        return await super()._trigger_event(event, *args, **kwargs)


class PhoneClient(socketio.AsyncClient):
    def _engineio_client_class(self):
        return InlineEngineIO


class Screen:
    """A Socket.IO client (phone or board) that records what it is sent."""

    def __init__(self, bench, http, view, cookie=None):
        self.bench, self.view = bench, view
        headers = {"Cookie": cookie} if cookie else {}
        self.sio = PhoneClient(
            http_session=http,
            reconnection=False,
            handle_sigint=False,
            websocket_extra_options={"headers": headers},
        )
        self.seen = {}
        self.ready = asyncio.Event()
        self.sio.on("snapshot", self._snapshot)
        self.sio.on("tallies", self._tallies)
        self.sio.on("event", self._event)
        self.sio.on("disconnect", self._disconnect)

    def _disconnect(self, reason=None):
        if not self.bench.closing:
            self.bench.error(f"{self.view}_disconnected:{reason}")

    def _snapshot(self, data):
        for idea, tally in data["tallies"].items():
            self.seen[idea] = tally["total"]
        if self.view == "board":
            self.bench.ideas.extend(i["id"] for i in data["ideas"])
        self.ready.set()

    def _tallies(self, data):
        now = time.perf_counter()
        board = self.view == "board"
        levels = self.bench.board_levels if board else self.bench.phone_levels
        for idea, tally in data["tallies"].items():
            reach(levels, self.seen, idea, tally["total"], now, first=board)

    def _event(self, data):
        if self.view == "board" and data["type"] == "idea_added":
            self.bench.ideas.append(data["data"]["idea"]["id"])

    async def connect(self, base, code, timeout):
        await self.sio.connect(
            base,
            auth={"code": code, "view": self.view},
            transports=["websocket"],
            wait_timeout=timeout,
        )
        await asyncio.wait_for(self.ready.wait(), timeout)


class Phone(Screen):
    def __init__(self, bench, http, cookie, index):
        super().__init__(bench, http, "phone", cookie)
        self.index = index
        self.voted = set()
        self.busy = False


class Bench:
    def __init__(self, args):
        self.args = args
        self.ideas = []
        self.board_levels, self.phone_levels = {}, {}
        self.votes = []  # dicts: phase, sent, ack, idea, vote_id, client_id, ok
        self.idea_acks = []
        self.errors = {}
        self.sequence = 0
        self.closing = False

    def client_id(self, kind):
        self.sequence += 1
        return f"bench-{kind}-{self.sequence:08d}"

    def error(self, code):
        self.errors[code] = self.errors.get(code, 0) + 1

    async def join(self, http, base, code, index, timeout):
        """Join over HTTP as a person would, then open the phone's socket."""
        started = time.perf_counter()
        role = ROLES[index % len(ROLES)]
        async with http.post(f"{base}/api/w/{code}/participants", json={"role": role}) as reply:
            if reply.status != 201:
                raise RuntimeError(f"join answered {reply.status}")
            cookie = "; ".join(f"{k}={m.value}" for k, m in reply.cookies.items())
        joined = time.perf_counter()
        phone = Phone(self, http, cookie, index)
        try:
            await phone.connect(base, code, timeout)
        except BaseException:
            await phone.sio.disconnect()
            raise
        return phone, joined - started, time.perf_counter() - joined

    async def connect_all(self, http, base, code):
        limit = asyncio.Semaphore(self.args.connect_concurrency)
        phones, joins, connects, failures = [], [], [], []

        async def one(index):
            async with limit:
                try:
                    phone, join_s, connect_s = await self.join(
                        http, base, code, index, self.args.connect_timeout
                    )
                except Exception as exc:  # every failure is counted and reported
                    failures.append(f"{type(exc).__name__}: {exc}")
                    return
                phones.append(phone)
                joins.append(join_s)
                connects.append(connect_s)

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(self.args.phones)))
        return phones, {
            "phones": self.args.phones,
            "connected": len(phones),
            "failed": len(failures),
            "failures": sorted(set(failures))[:10],
            "all_connected_s": round(time.perf_counter() - started, 2),
            "join_ms": summary(joins),
            "connect_ms": summary(connects),
        }

    def voter(self, phones):
        """A phone with dots left and no vote in flight (a person taps one at a time),
        and the idea it votes for; both taken at once, before any other vote is sent."""
        for _ in range(20):
            phone = random.choice(phones)
            if not phone.busy and len(phone.voted) < min(self.args.vote_budget, len(self.ideas)):
                idea = random.choice([i for i in self.ideas if i not in phone.voted])
                phone.busy = True
                phone.voted.add(idea)
                return phone, idea
        return None, None

    async def vote(self, phone, idea, phase):
        """Cast one vote and record its send, acknowledgement and vote id."""
        if phone is None:
            self.error("no_free_phone")
            return
        client_id = self.client_id("vote")
        record = {
            "phase": phase,
            "idea": str(idea),
            "client_id": client_id,
            "sent": time.perf_counter(),
            "ack": None,
            "vote_id": None,
        }
        self.votes.append(record)
        try:
            reply = await phone.sio.call(
                "cast_vote",
                {"idea_id": idea, "client_id": client_id},
                timeout=self.args.ack_timeout,
            )
        except Exception as exc:
            self.error(type(exc).__name__)
            return
        finally:
            phone.busy = False
        record["ack"] = time.perf_counter()
        if reply.get("ok"):
            record["vote_id"] = reply["vote"]["id"]
        else:
            self.error(reply["error"]["code"])

    async def idea(self, phone, phase, question_id):
        client_id = self.client_id("idea")
        sent = time.perf_counter()
        try:
            reply = await phone.sio.call(
                "submit_idea",
                {
                    "question_id": question_id,
                    "client_id": client_id,
                    "text": f"Idea {client_id}: paid roles for experts by experience",
                },
                timeout=self.args.ack_timeout,
            )
        except Exception as exc:
            self.error(type(exc).__name__)
            return
        if reply.get("ok"):
            self.idea_acks.append(
                {"phase": phase, "client_id": client_id, "ack_s": time.perf_counter() - sent}
            )
        else:
            self.error(reply["error"]["code"])

    async def drive(self, phones, phase, seconds, vote_rate, idea_rate, question_id):
        """Fire votes and ideas on a fixed schedule; a late tick fires at once."""
        tasks = set()
        start = time.perf_counter()
        schedule = []
        if vote_rate:
            schedule += [(start + n / vote_rate, "vote") for n in range(int(seconds * vote_rate))]
        if idea_rate:
            schedule += [(start + n / idea_rate, "idea") for n in range(int(seconds * idea_rate))]
        schedule.sort()
        for at, kind in schedule:
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if kind == "vote":
                job = self.vote(*self.voter(phones), phase)
            else:
                job = self.idea(random.choice(phones), phase, question_id)
            task = asyncio.create_task(job)
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=self.args.ack_timeout + 5)
        return time.perf_counter() - start

    def latencies(self, phase):
        """Vote-to-board, vote-to-last-phone and ack latencies for one phase."""
        ranked = {}
        for record in self.votes:
            if record["vote_id"] is not None:
                ranked.setdefault(record["idea"], []).append(record)
        board, last_phone, unseen = [], [], 0
        for idea, records in ranked.items():
            records.sort(key=lambda r: r["vote_id"])
            for rank, record in enumerate(records):
                if record["phase"] != phase:
                    continue
                seen = self.board_levels.get(idea, [])
                if rank < len(seen) and seen[rank] is not None:
                    board.append(seen[rank] - record["sent"])
                else:
                    unseen += 1
                everyone = self.phone_levels.get(idea, [])
                if rank < len(everyone) and everyone[rank] is not None:
                    last_phone.append(everyone[rank] - record["sent"])
        acks = [
            r["ack"] - r["sent"] for r in self.votes if r["phase"] == phase and r["ack"] is not None
        ]
        sent = sum(1 for r in self.votes if r["phase"] == phase)
        acked = sum(1 for r in self.votes if r["phase"] == phase and r["vote_id"])
        return {
            "votes_sent": sent,
            "votes_acked": acked,
            # A vote stored but never acknowledged shifts the ranks of the votes
            # after it, so latencies are only exact when every vote was acked.
            "latencies_exact": sent == acked,
            "vote_to_board_ms": summary(board),
            "board_never_saw": unseen,
            "vote_to_last_phone_ms": summary(last_phone),
            "ack_ms": summary(acks),
            "idea_ack_ms": summary([i["ack_s"] for i in self.idea_acks if i["phase"] == phase]),
        }


def prepare(db_path, budget):
    """A fresh database with one workshop whose first key question is open."""
    db = store.migrate(store.connect(db_path))
    try:
        workshop = workshops.create(db, "Benchmark: a full hall", vote_budget=budget)
        question = rules.agenda(db, workshop)[0]
        agenda.open_question(db, workshop, question["id"])
        return workshop, question["id"]
    finally:
        db.conn.close()


def verify(db_path, workshop, bench, joined):
    """Look up every acknowledged write in the database, after the server stopped."""
    db = store.connect(db_path)
    try:
        acked_votes = [r for r in bench.votes if r["vote_id"] is not None]
        votes_found = sum(
            1 for r in acked_votes if store.vote_by_client_id(db, workshop["id"], r["client_id"])
        )
        ideas_found = sum(
            1
            for i in bench.idea_acks
            if store.idea_by_client_id(db, workshop["id"], i["client_id"])
        )
        people = sum(store.role_counts(db, workshop["id"]).values())
    finally:
        db.conn.close()
    acked = len(acked_votes) + len(bench.idea_acks) + joined
    found = votes_found + ideas_found + min(people, joined)
    return {
        "acknowledged": acked,
        "found": found,
        "missing": acked - found,
        "votes": [len(acked_votes), votes_found],
        "ideas": [len(bench.idea_acks), ideas_found],
        "participants": [joined, people],
    }


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def run(args):
    raise_file_limit()
    folder = Path(tempfile.mkdtemp(prefix="workshop-bench-"))
    db_path = folder / "bench.db"
    workshop, question_id = prepare(db_path, args.vote_budget)
    server = Server(db_path, args.async_mode, folder / "server.log")
    bench = Bench(args)
    machine = {"nproc": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}
    http = aiohttp.ClientSession(
        cookie_jar=aiohttp.DummyCookieJar(), connector=aiohttp.TCPConnector(limit=0)
    )
    phones = []
    try:
        await server.wait_up(http)
        rss_idle = server.rss()
        board = Screen(bench, http, "board")
        await board.connect(server.base, workshop["code"], args.connect_timeout)
        phones, connect = await bench.connect_all(http, server.base, workshop["code"])
        rss_connected = server.rss()
        if not phones:
            raise RuntimeError(f"no phone connected: {connect['failures']}")
        seeders = random.sample(phones, min(args.seed_ideas, len(phones)))
        await asyncio.gather(*(bench.idea(p, "seed", question_id) for p in seeders))
        deadline = time.monotonic() + args.connect_timeout
        while len(bench.ideas) < len(bench.idea_acks):  # the board has seen every seed idea
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the board saw {len(bench.ideas)} of "
                    f"{len(bench.idea_acks)} seed ideas; errors {bench.errors}"
                )
            await asyncio.sleep(0.05)

        phases = {}
        for phase, seconds, vote_rate, idea_rate in (
            ("steady", args.duration, args.vote_rate, args.idea_rate),
            ("burst", args.burst_duration, args.burst_rate, 0),
        ):
            if not seconds:
                continue
            cpu0, mine0, wait0 = server.cpu(), time.process_time(), server.waited()
            mywait0 = run_queue_wait(os.getpid())
            elapsed = await bench.drive(phones, phase, seconds, vote_rate, idea_rate, question_id)
            await asyncio.sleep(args.settle)  # let the last tallies reach everyone
            wall = elapsed + args.settle
            phases[phase] = {
                "seconds": seconds,
                "vote_rate": vote_rate,
                "idea_rate": idea_rate,
                **bench.latencies(phase),
                "server_cpu_percent": round(100 * (server.cpu() - cpu0) / wall, 1),
                "server_cpu_wait_percent": round(100 * (server.waited() - wait0) / wall, 1),
                "generator_cpu_percent": round(100 * (time.process_time() - mine0) / wall, 1),
                "generator_cpu_wait_percent": round(
                    100 * (run_queue_wait(os.getpid()) - mywait0) / wall, 1
                ),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "server_rss_mb": round(server.rss() / 2**20, 1),
            }
        rss_end = server.rss()
        still = sum(1 for p in phones if p.sio.connected)
        bench.closing = True
        await asyncio.gather(
            *(p.sio.disconnect() for p in phones), board.sio.disconnect(), return_exceptions=True
        )
    finally:
        await http.close()
        server.stop()
    writes = verify(db_path, workshop, bench, len(phones))
    per_phone = (max(rss_connected, rss_end) - rss_idle) / max(1, len(phones))
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "async_mode": args.async_mode,
        "server_command": server.command,
        "bench_command": " ".join(sys.argv),
        "machine": machine,
        "connect": connect,
        "phases": phases,
        "still_connected_at_end": still,
        "memory": {
            "rss_idle_mb": round(rss_idle / 2**20, 1),
            "rss_connected_mb": round(rss_connected / 2**20, 1),
            "rss_end_mb": round(rss_end / 2**20, 1),
            "rss_per_phone_kb": round(per_phone / 1024, 1),
            "rss_per_phone_connected_kb": round(
                (rss_connected - rss_idle) / max(1, len(phones)) / 1024, 1
            ),
        },
        "writes": writes,
        "errors": bench.errors,
        "database": str(db_path),
    }


def report(result):
    connect, memory, writes = result["connect"], result["memory"], result["writes"]
    lines = [
        f"async mode {result['async_mode']}; machine {result['machine']}",
        f"connected {connect['connected']}/{connect['phones']} phones + board in "
        f"{connect['all_connected_s']} s; failed {connect['failed']}; "
        f"join p50/p95 {connect['join_ms']['p50']}/{connect['join_ms']['p95']} ms; "
        f"connect p50/p95 {connect['connect_ms']['p50']}/{connect['connect_ms']['p95']} ms",
    ]
    for name, phase in result["phases"].items():
        board, last, ack = (
            phase["vote_to_board_ms"],
            phase["vote_to_last_phone_ms"],
            phase["ack_ms"],
        )
        lines.append(
            f"{name}: {phase['vote_rate']} votes/s + {phase['idea_rate']} ideas/s for "
            f"{phase['seconds']} s: acked {phase['votes_acked']}/{phase['votes_sent']}; "
            f"vote-to-board p50/p95/p99 {board['p50']}/{board['p95']}/{board['p99']} ms "
            f"(never seen {phase['board_never_saw']}"
            f"{'' if phase['latencies_exact'] else '; NOT EXACT: votes went unacknowledged'}); "
            f"vote-to-last-phone p95 {last['p95']} ms; "
            f"ack p50/p95 {ack['p50']}/{ack['p95']} ms; server CPU "
            f"{phase['server_cpu_percent']}% (waiting for a CPU "
            f"{phase['server_cpu_wait_percent']}%)"
            f", generator CPU {phase['generator_cpu_percent']}% (waiting "
            f"{phase['generator_cpu_wait_percent']}%); load {phase['load_average']}"
        )
    lines += [
        f"server RSS idle {memory['rss_idle_mb']} MB, connected {memory['rss_connected_mb']} MB, "
        f"end {memory['rss_end_mb']} MB: {memory['rss_per_phone_kb']} KB per phone at the peak, "
        f"{memory['rss_per_phone_connected_kb']} KB once connected",
        f"writes acknowledged {writes['acknowledged']}, found in the database {writes['found']}, "
        f"missing {writes['missing']}; still connected at the end "
        f"{result['still_connected_at_end']}; errors {result['errors'] or 'none'}",
    ]
    return "\n".join(lines)


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument(
        "--async-mode",
        choices=("gevent", "threading"),
        default="gevent",
        help="gevent: `workshop serve`; threading: benchmarks/threaded_server.py",
    )
    parser.add_argument("--vote-rate", type=float, default=50, help="votes/s, steady phase")
    parser.add_argument("--idea-rate", type=float, default=5, help="ideas/s, steady phase")
    parser.add_argument("--duration", type=float, default=60, help="steady phase, seconds")
    parser.add_argument("--burst-rate", type=float, default=300, help="votes/s, burst phase")
    parser.add_argument("--burst-duration", type=float, default=10, help="burst phase, seconds")
    parser.add_argument("--seed-ideas", type=int, default=20, help="ideas before voting starts")
    parser.add_argument("--vote-budget", type=int, default=20, help="dots per phone")
    parser.add_argument("--connect-concurrency", type=int, default=50)
    parser.add_argument("--connect-timeout", type=float, default=30)
    parser.add_argument("--ack-timeout", type=float, default=30)
    parser.add_argument("--settle", type=float, default=3, help="seconds to wait after a phase")
    parser.add_argument(
        "--smoke", action="store_true", help="a small quick run: 50 phones, 6 s steady, 2 s burst"
    )
    parser.add_argument("--out", type=Path, help="JSON file (default benchmarks/results/...)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.phones, args.duration, args.burst_duration, args.burst_rate = 50, 6, 2, 100
        args.seed_ideas, args.settle = 10, 1
    return args


def main(argv=None):
    args = parse(argv)
    result = asyncio.run(run(args))
    out = args.out or RESULTS / (
        f"{result['when'][:19].replace(':', '')}-{args.async_mode}-{args.phones}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(report(result))
    print(f"written to {out}")
    return result


if __name__ == "__main__":
    main()
