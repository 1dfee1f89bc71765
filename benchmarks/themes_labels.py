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
    """[{"label", "size", "coverage"}] of one suggestion's groups."""
    return [
        {
            "label": g["label"],
            "size": len(g["ideas"]),
            "coverage": theme_labels.coverage(g["label"], [texts[i] for i in g["ideas"]], question),
        }
        for g in groups
    ]


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
    """The distribution of one room's labels' coverage."""
    fits = [f for _, found in questions for f in found]
    shares = [f["coverage"] for f in fits]
    ideas = sum(f["size"] for f in fits)
    return {
        "labels": len(fits),
        "mean": statistics.mean(shares),
        "median": statistics.median(shares),
        "lowest": min(shares),
        "under_half": sum(s < THIN for s in shares),
        "under_third": sum(s < 1 / 3 for s in shares),
        # Weighted by group size: the share of the room's ideas whose label meets them.
        "ideas_met": sum(f["coverage"] * f["size"] for f in fits) / ideas,
        "one_word": sum(" " not in f["label"] for f in fits),
        "longer_than_line": sum(len(f["label"]) > 26 for f in fits),
    }


def report(rooms, every=False):
    out = []
    for name, questions in rooms.items():
        s = summary(questions)
        out.append(
            f"{name}: {s['labels']} labels, coverage mean {s['mean']:.2f}, median"
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
    args = parser.parse_args(argv)
    framework = fw.load()
    rooms = {
        "demo": demo_room(),
        "150-idea room": big_room(framework),
        "labelled set": labelled(framework),
    }
    if args.json:
        figures = {k: {"summary": summary(v), "questions": v} for k, v in rooms.items()}
        print(json.dumps(figures, indent=2))
    else:
        print(report(rooms, every=args.list))


if __name__ == "__main__":
    main()
