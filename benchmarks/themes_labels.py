"""How well suggested labels fit their groups (issue 22, docs/THEMES.md, "Labels").

For each suggested theme, the share of its members whose words (stems or care
concepts) meet the label's content words (`theme_labels.coverage`): a label
one member in eight wrote covers little of its group however well its words
belong to it. Three rooms: `workshop demo`'s seven questions (built in a
temporary database), the board's 150-idea room (harness/big_room.py, seed 11
as the screenshots build it) and the labelled set (benchmarks/data/
themes_kent.tsv). Prints the distribution per room and the labels below a
half; `--list` prints every label with its coverage. Quality only: no timing.

    .venv/bin/python -m benchmarks.themes_labels [--list] [--json]
    .venv/bin/python -m benchmarks.themes_labels --dump labels.json   # in another checkout
    .venv/bin/python -m benchmarks.themes_labels --scores labels.json  # scored by this one
"""

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from benchmarks import themes_bench
from workshop.room import framework as fw
from workshop.room import theme_labels, themes

THIN = 0.5  # a label that covers less than half its group


def _fits(groups, texts, question):
    """[{"label", "size", "members"}] of one suggestion's groups, scored later."""
    return [
        {"label": g["label"], "size": len(g["ideas"]), "members": [texts[i] for i in g["ideas"]]}
        for g in groups
    ]


def scored(rooms):
    """Each label's coverage of its members (`theme_labels.coverage`), in place."""
    for questions in rooms.values():
        for question, fits in questions:
            for f in fits:
                f["coverage"] = theme_labels.coverage(f["label"], f["members"], question)
    return rooms


def demo_room():
    """`workshop demo`'s seven questions: [(question text, fits)]."""
    from workshop.cli import demo
    from workshop.room import theming
    from workshop.storage import db as store

    with tempfile.TemporaryDirectory() as folder:
        db = store.migrate(store.connect(Path(folder) / "demo.db"))
        workshop = demo.create(db)
        questions = {q["id"]: q["text"] for q in store.questions_of(db, workshop["id"])}
        texts = {i["id"]: i["text"] for i in store.ideas_of(db, workshop["id"])}
        found = [
            (questions[s["question_id"]], _fits(s["groups"], texts, questions[s["question_id"]]))
            for s in theming.suggestions(db, workshop)
        ]
        db.conn.close()
    return found


def _first_question(framework):
    return framework["stages"][0]["questions"][0]["text"]


def big_room(framework, seed=11):
    """The board's 150-idea room on the first question."""
    from harness import big_room as room

    ideas = [{"id": n + 1, "text": t} for n, t in enumerate(room.idea_texts(150, seed=seed))]
    question = _first_question(framework)
    texts = {i["id"]: i["text"] for i in ideas}
    groups = themes.suggest(ideas, framework, question=question)["groups"]
    return [(question, _fits(groups, texts, question))]


def labelled(framework):
    """The labelled set's three questions."""
    asked = {q["key"]: q["text"] for stage in framework["stages"] for q in stage["questions"]}
    found = []
    for key, ideas in themes_bench.read_set(themes_bench.DATA).items():
        plain = [{"id": i["id"], "text": i["text"]} for i in ideas]
        texts = {i["id"]: i["text"] for i in ideas}
        question = asked.get(key, "")
        groups = themes.suggest(plain, framework, question=question)["groups"]
        found.append((question, _fits(groups, texts, question)))
    return found


def summary(questions):
    """The distribution of one room's labels' coverage; "Other ideas" (a mixed
    group that says so) is counted apart, not as a label that covers nothing."""
    every = [f for _, found in questions for f in found]
    fits = [f for f in every if f["label"] != theme_labels.MIXED_LABEL]
    shares = [f["coverage"] for f in fits]
    ideas = sum(f["size"] for f in fits)
    return {
        "labels": len(every),
        "mixed": len(every) - len(fits),
        "mean": statistics.mean(shares),
        "median": statistics.median(shares),
        "lowest": min(shares),
        "under_half": sum(s < THIN for s in shares),
        "under_third": sum(s < 1 / 3 for s in shares),
        # Weighted by group size: the share of the named groups' ideas their label meets.
        "ideas_met": sum(f["coverage"] * f["size"] for f in fits) / ideas,
        "one_word": sum(" " not in f["label"] for f in fits),
        "longer_than_line": sum(len(f["label"]) > 26 for f in fits),
    }


def report(rooms, every=False):
    out = []
    for name, questions in rooms.items():
        s = summary(questions)
        out.append(
            f'{name}: {s["labels"]} labels ({s["mixed"]} "{theme_labels.MIXED_LABEL}"),'
            f" the rest's coverage mean {s['mean']:.2f}, median"
            f" {s['median']:.2f}, lowest {s['lowest']:.2f}; under a half {s['under_half']},"
            f" under a third {s['under_third']}; ideas met {s['ideas_met']:.0%};"
            f" one word {s['one_word']}, over 26 characters {s['longer_than_line']}"
        )
        for n, (_, found) in enumerate(questions, 1):
            for f in found:
                if every or f["coverage"] < THIN:
                    out.append(f"  q{n} {f['coverage']:4.0%} of {f['size']:>2}  {f['label']}")
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="every label, not only thin ones")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--dump", metavar="FILE", help="write the labels and their members, unscored, to FILE"
    )
    parser.add_argument(
        "--scores", metavar="FILE", help="score a --dump (another checkout's labels) instead"
    )
    args = parser.parse_args(argv)
    if args.scores:
        rooms = json.loads(Path(args.scores).read_text(encoding="utf-8"))
    else:
        framework = fw.load()
        rooms = {
            "demo": demo_room(),
            "150-idea room": big_room(framework),
            "labelled set": labelled(framework),
        }
    if args.dump:
        Path(args.dump).write_text(json.dumps(rooms), encoding="utf-8")
        return
    scored(rooms)
    if args.json:
        figures = {k: {"summary": summary(v), "questions": v} for k, v in rooms.items()}
        print(json.dumps(figures, indent=2))
    else:
        print(report(rooms, every=args.list))


if __name__ == "__main__":
    main()
