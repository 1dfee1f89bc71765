"""Benchmark: export a workshop of 500 participants and 3,000 ideas.

    .venv/bin/python benchmarks/export_bench.py [--runs 7] [--format docx --format xlsx]

Builds the room once in a temporary database (through db.py's own insert
functions, in one transaction, so building is quick), then times
`export.render` end to end: reading the database, building the report, the
charts and the file, for each format asked for (Word and the Excel workbook
by default). The Plan questions' answers are about ten provisional outcomes,
with risk ratings, so the Plan section and its grid are full size too.
Prints each run, the median and the 95th percentile, and the machine. A
figure, not a test: nothing here asserts a time.
"""

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from workshop.report import export
from workshop.room import rules, workshops
from workshop.storage import db as store
from workshop.storage import outcomes as outcome_rows

PARTICIPANTS = 500
IDEAS = 3000
OUTCOMES = 10
RATINGS = ("low", "medium", "high", None)
WORDS = (
    "care",
    "local",
    "jobs",
    "training",
    "buddy",
    "cafe",
    "garden",
    "volunteers",
    "staff",
    "transport",
    "college",
    "apprentices",
    "green",
    "waste",
    "library",
    "school",
    "carers",
    "support",
    "community",
    "energy",
    "meals",
    "visits",
    "peer",
    "mentor",
    "board",
)


def build_room(db, rng):
    """A workshop with PARTICIPANTS people, IDEAS ideas over every question, and votes."""
    workshop = workshops.create(
        db, "Benchmark: county-wide home care engagement", stages=("analyse", "plan")
    )
    framework = workshop["framework"]
    roles = [r["key"] for r in framework["roles"]]
    priorities = [p["key"] for p in framework["priorities"]] + [None]
    kinds = [k["key"] for k in framework["outcome_kinds"]] + [None]
    questions = rules.agenda(db, workshop)
    outcomes = []
    with store.transaction(db):
        people = []
        for n in range(PARTICIPANTS):
            role = rng.choices(roles, weights=(4, 2, 6, 2, 2, 1))[0]
            people.append(
                (
                    store.insert_participant(
                        db, workshop_id=workshop["id"], token=f"bench-token-{n}", role=role
                    ),
                    role,
                )
            )
        by_question = {}
        for n in range(IDEAS):
            question = questions[n % len(questions)]
            plan = question["stage"] == "plan"
            if plan and len(outcomes) < OUTCOMES:
                source = rng.choice(by_question[questions[0]["id"]])
                outcomes.append(
                    outcome_rows.insert_outcome(
                        db,
                        workshop_id=workshop["id"],
                        source_idea_id=source,
                        text=f"Provisional outcome {len(outcomes) + 1}",
                        position=len(outcomes) + 1,
                    )
                )
            author, role = rng.choice(people)
            text = " ".join(rng.choices(WORDS, k=rng.randint(6, 30))).capitalize() + "."
            idea_id = store.insert_idea(
                db,
                workshop_id=workshop["id"],
                question_id=question["id"],
                participant_id=author,
                client_id=f"bench-idea-{n}",
                author_role=role,
                entered_by="self",
                text=text,
                priority=rng.choice(priorities),
                outcome_kind=rng.choice(kinds),
                outcome_id=rng.choice(outcomes) if plan else None,
                rating=rng.choice(RATINGS) if plan and question["kind"] == "risk" else None,
            )
            by_question.setdefault(question["id"], []).append(idea_id)
        votes = 0
        for question_id, ideas in by_question.items():
            for person, role in people:
                for idea_id in rng.sample(ideas, workshop["vote_budget"]):
                    store.insert_vote(
                        db,
                        workshop_id=workshop["id"],
                        question_id=question_id,
                        idea_id=idea_id,
                        participant_id=person,
                        voter_role=role,
                        client_id=f"bench-vote-{votes}",
                    )
                    votes += 1
        for question in questions:
            store.set_question_status(db, question["id"], "closed")
    return store.workshop_by_id(db, workshop["id"]), votes


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


DEFAULT = ("docx", "xlsx")


def _time(db, workshop, fmt, runs):
    times, size = [], 0
    for run in range(1, runs + 1):
        started = time.perf_counter()
        document = export.render(db, [workshop], fmt)
        times.append(time.perf_counter() - started)
        size = len(document.content)
        print(f"{fmt} run {run}: {times[-1]:.2f} s")
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"export --format {fmt}: median {statistics.median(times):.2f} s, "
        f"p95 {p95:.2f} s over {len(times)} runs ({size / 1e6:.1f} MB file; the first run "
        "includes loading the libraries this format needs)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--format", action="append", dest="formats", choices=list(export.FORMATS))
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        db = store.migrate(store.connect(Path(folder) / "bench.db"))
        try:
            started = time.perf_counter()
            workshop, votes = build_room(db, rng)
            print(
                f"room: {PARTICIPANTS} participants, {IDEAS} ideas, {votes} votes "
                f"(built in {time.perf_counter() - started:.1f} s)"
            )
            results = [_time(db, workshop, fmt, args.runs) for fmt in args.formats or DEFAULT]
        finally:
            db.conn.close()
    for line in results:
        print(line)
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
