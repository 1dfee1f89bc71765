"""How good and how fast the theme suggestions are (issue 22, docs/THEMES.md).

Runs workshop.room.themes.suggest on the labelled set (benchmarks/data/
themes_kent.tsv), never told how many themes there are, and prints per
question and overall: groups found against true, V-measure, adjusted Rand
index, the share of near-duplicate pairs put together; beside a TF-IDF +
average-linkage baseline in the same run (once cut at a distance, not told the
number either, and once told the true number). Then the time to suggest for
200 and 2,000 ideas with the model loaded (median and 95th percentile), with
the machine and its load average.

    .venv/bin/python -m benchmarks.themes_bench [--data FILE | --demo-key] [--no-timing] [--json]

`--demo-key` scores the demo room's own answer key (workshop/cli/demo_room.toml)
instead: the second check docs/THEMES.md asks every change to pass, since a
gain on the labelled set alone is a gain fitted to it.

(as a module, so it measures the checkout it is run from: run as a file from a
git worktree, it imported the package the shared virtualenv was installed from.)
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, v_measure_score

from workshop.room import framework as fw
from workshop.room import theme_text, themes

DATA = Path(__file__).parent / "data" / "themes_kent.tsv"
TARGETS = {"ari": 0.45, "v_measure": 0.70, "groups_ratio": 2.0, "near_duplicates": 0.90}


def read_set(path):
    """{question key: [{"id", "theme", "near_duplicate_of", "text"}]} in file order."""
    questions = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        idea_id, question, theme, near, text = line.split("\t")
        questions.setdefault(question, []).append(
            {
                "id": int(idea_id),
                "theme": theme,
                "near_duplicate_of": int(near) if near else None,
                "text": text,
            }
        )
    return questions


def demo_set():
    """The demo room's answer key in read_set's shape: its Analyse questions'
    ideas, each with the theme the demo wrote it for (no near-duplicates marked)."""
    from workshop.cli import demo

    questions, next_id = {}, 1
    for key in ("added_differences", "standard_practice", "risk_of_losing"):
        questions[key] = []
        for label, texts in demo.themes(key):
            for text in texts:
                questions[key].append(
                    {"id": next_id, "theme": label, "near_duplicate_of": None, "text": text}
                )
                next_id += 1
    return questions


def scores(ideas, found):
    """Metrics of one grouping ({idea id: group}) against the labels."""
    truth = [i["theme"] for i in ideas]
    guess = [found[i["id"]] for i in ideas]
    pairs = [(i["id"], i["near_duplicate_of"]) for i in ideas if i["near_duplicate_of"]]
    together = sum(found[a] == found[b] for a, b in pairs)
    return {
        "ideas": len(ideas),
        "groups": len(set(guess)),
        "true_groups": len(set(truth)),
        "v_measure": v_measure_score(truth, guess),
        "ari": adjusted_rand_score(truth, guess),
        "near_duplicates": together / len(pairs) if pairs else 1.0,
        "near_duplicate_pairs": len(pairs),
    }


def engine(ideas, framework, question=""):
    result = themes.suggest(
        [{"id": i["id"], "text": i["text"]} for i in ideas], framework, question=question
    )
    return {idea_id: g for g, group in enumerate(result["groups"]) for idea_id in group["ideas"]}


def baseline(ideas, n_clusters=None):
    """TF-IDF on words, average-linkage on cosine distance; cut at 0.95 unless told k."""
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [i["text"] for i in ideas]
    )
    model = AgglomerativeClustering(
        n_clusters=n_clusters,
        distance_threshold=None if n_clusters else 0.95,
        metric="cosine",
        linkage="average",
    )
    labels = model.fit_predict(matrix.toarray())
    return {i["id"]: int(label) for i, label in zip(ideas, labels, strict=True)}


def quality(questions, framework):
    texts = {q["key"]: q["text"] for stage in framework["stages"] for q in stage["questions"]}
    rows = []
    for key, ideas in questions.items():
        true_k = len({i["theme"] for i in ideas})
        rows.append(
            {
                "question": key,
                "engine": scores(ideas, engine(ideas, framework, texts.get(key, ""))),
                "baseline": scores(ideas, baseline(ideas)),
                "baseline_told_k": scores(ideas, baseline(ideas, true_k)),
            }
        )
    return rows


def subsets(questions, framework, runs, share=0.7):
    """The engine on `runs` random subsets (`share` of each question's ideas)
    with the ids shuffled, so the order ideas arrive in changes too: a gain
    that holds only on the whole set is fitted to it. Mean V-measure and ARI."""
    texts = {q["key"]: q["text"] for stage in framework["stages"] for q in stage["questions"]}
    v_measures, aris = [], []
    for seed in range(runs):
        rng = np.random.default_rng(seed)
        for key, ideas in questions.items():
            kept = sorted(rng.permutation(len(ideas))[: int(share * len(ideas))])
            new_ids = rng.permutation(len(ideas)) + 1
            part = [dict(ideas[k], id=int(new_ids[k]), near_duplicate_of=None) for k in kept]
            found = scores(part, engine(part, framework, texts.get(key, "")))
            v_measures.append(found["v_measure"])
            aris.append(found["ari"])
    return {
        "runs": runs,
        "share": share,
        "v_measure": statistics.mean(v_measures),
        "ari": statistics.mean(aris),
    }


def synthetic(n, questions):
    """n ideas made from the set's own sentences: halves joined, so no two are the same."""
    texts = [i["text"] for ideas in questions.values() for i in ideas]
    rng = np.random.default_rng(22)
    made = []
    for k in range(n):
        a, b = rng.choice(len(texts), 2, replace=False)
        first = texts[a].split()
        second = texts[b].split()
        made.append(
            {
                "id": k + 1,
                "text": " ".join(first[: len(first) // 2 + 1] + second[len(second) // 2 :]),
            }
        )
    return made


def timing(questions, framework, sizes=(200, 2000), repeats=(15, 5)):
    theme_text.model()  # loaded first: the figures are with the model loaded
    rows = []
    for size, runs in zip(sizes, repeats, strict=True):
        ideas = synthetic(size, questions)
        themes.suggest(ideas[:50], framework)  # warm the libraries' first calls
        took = []
        for _ in range(runs):
            start = time.perf_counter()
            themes.suggest(ideas, framework)
            took.append(time.perf_counter() - start)
        took.sort()
        p95 = took[min(len(took) - 1, round(0.95 * (len(took) - 1)))]
        rows.append(
            {"ideas": size, "runs": runs, "median_s": statistics.median(took), "p95_s": p95}
        )
    return rows


def _mean(rows, who, key):
    return statistics.mean(r[who][key] for r in rows)


def report(rows, timings, robust=None):
    out = []
    head = f"{'question':<20} {'who':<16} {'groups':>9} {'V':>6} {'ARI':>6} {'near-dup':>9}"
    out += [head, "-" * len(head)]
    for r in rows:
        for who in ("engine", "baseline", "baseline_told_k"):
            s = r[who]
            # A set with no near-duplicate pairs marked (the demo's key) has no figure.
            near = f"{s['near_duplicates']:>8.0%}" if s["near_duplicate_pairs"] else f"{'-':>8}"
            out.append(
                f"{r['question']:<20} {who:<16} {s['groups']:>4} / {s['true_groups']:<2}"
                f" {s['v_measure']:>6.3f} {s['ari']:>6.3f} {near}"
            )
    out.append("-" * len(head))
    for who in ("engine", "baseline", "baseline_told_k"):
        worst_ratio = max(r[who]["groups"] / r[who]["true_groups"] for r in rows)
        out.append(
            f"{'mean':<20} {who:<16} {worst_ratio:>6.2f}x  "
            f" {_mean(rows, who, 'v_measure'):>6.3f} {_mean(rows, who, 'ari'):>6.3f}"
            f" {_mean(rows, who, 'near_duplicates'):>8.0%}"
        )
    met = {
        "ari": _mean(rows, "engine", "ari") >= TARGETS["ari"],
        "v_measure": _mean(rows, "engine", "v_measure") >= TARGETS["v_measure"],
        "groups_ratio": all(
            r["engine"]["groups"] <= TARGETS["groups_ratio"] * r["engine"]["true_groups"]
            for r in rows
        ),
        "near_duplicates": _mean(rows, "engine", "near_duplicates") >= TARGETS["near_duplicates"],
    }
    out.append("")
    out.append(
        "targets: "
        + "; ".join(
            f"{name} {'met' if ok else 'NOT MET'} (target {TARGETS[name]})"
            for name, ok in met.items()
        )
    )
    if robust:
        out.append(
            f"engine on {robust['runs']} random {robust['share']:.0%} subsets of each question,"
            f" ids shuffled: V {robust['v_measure']:.3f}, ARI {robust['ari']:.3f}"
        )
    if timings:
        load = os.getloadavg()
        out.append("")
        out.append(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores,"
            f" Python {platform.python_version()}, load average {load[0]:.2f} {load[1]:.2f}"
            f" {load[2]:.2f}"
        )
        limits = {200: 0.5, 2000: 3.0}
        for t in timings:
            limit = limits.get(t["ideas"])
            verdict = (
                f" (target < {limit} s: {'met' if t['p95_s'] < limit else 'NOT MET'})"
                if limit
                else ""
            )
            out.append(
                f"{t['ideas']:>5} ideas: median {t['median_s']:.3f} s, p95 {t['p95_s']:.3f} s"
                f" over {t['runs']} runs{verdict}"
            )
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA), help="labelled set (TSV)")
    parser.add_argument(
        "--demo-key", action="store_true", help="score the demo room's answer key instead"
    )
    parser.add_argument("--no-timing", action="store_true", help="quality figures only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--subsets", type=int, default=8, metavar="N", help="random 70%% subsets to run (0: none)"
    )
    args = parser.parse_args(argv)
    framework = fw.load()
    questions = demo_set() if args.demo_key else read_set(args.data)
    rows = quality(questions, framework)
    robust = subsets(questions, framework, args.subsets) if args.subsets else None
    timings = None if args.no_timing else timing(questions, framework)
    if args.json:
        print(json.dumps({"quality": rows, "subsets": robust, "timing": timings}, indent=2))
    else:
        print(report(rows, timings, robust))


if __name__ == "__main__":
    main()
