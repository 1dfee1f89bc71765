"""Commit latency with PRAGMA synchronous FULL vs NORMAL (WAL mode), on this disk.

Each commit is one idea-sized INSERT plus its event row in one BEGIN IMMEDIATE
transaction, the shape of every write the app makes. Prints the median and
95th percentile in milliseconds; docs/SECURITY.md records the figures and the
choice. Usage: python benchmarks/sync_commit_latency.py [COMMITS] [FOLDER]
"""

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path


def measure(folder, mode, commits):
    path = Path(folder) / f"bench-{mode}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {mode}")
    conn.execute("CREATE TABLE ideas (id INTEGER PRIMARY KEY, client_id TEXT UNIQUE, text TEXT)")
    conn.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, data TEXT)")
    times = []
    for n in range(commits):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO ideas (client_id, text) VALUES (?, ?)",
            (f"client-{n}", "Travel time between visits should be paid " * 3),
        )
        conn.execute("INSERT INTO events (data) VALUES (?)", ('{"idea": "..."}',))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main():
    commits = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    folder = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        print(f"{commits} commits each, WAL mode, in {Path(tmp).parent}")
        for mode in ("FULL", "NORMAL", "FULL", "NORMAL"):  # twice, interleaved
            median, p95 = measure(tmp, mode, commits)
            print(f"synchronous={mode:<6}  median {median:6.3f} ms   p95 {p95:6.3f} ms")
            for leftover in Path(tmp).glob("bench-*"):
                leftover.unlink()


if __name__ == "__main__":
    main()
