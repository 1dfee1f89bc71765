"""How far choosing the groups from the tree can take theme suggestions
(issue 22, docs/THEMES.md): a ceiling, read with the answers, that no rule for
cutting the engine's tree can pass.

For each question of the labelled set (or the demo's answer key), on the
engine's own similarity, ties and average-linkage tree, with its folding of
too-small groups, it prints the V-measure of:

- the engine (the cut it chooses, by mean silhouette);
- the best uniform cut: every number of groups tried, the best by V-measure;
- the best pruning: each branch cut at its own depth (a hill climb from every
  uniform cut, splitting a group into its two branches or gathering a branch
  back, and `--restarts N` random kicks after), the best by V-measure.

If a change to the similarity raises these, better cuts can follow; if the
best pruning is below a target, no rule for choosing groups from the tree
reaches it.

    .venv/bin/python -m benchmarks.themes_ceiling [--demo-key] [--restarts N]
"""

import argparse
import random
import statistics

import numpy as np
from sklearn.metrics import v_measure_score

from benchmarks import themes_bench
from workshop.room import framework as fw
from workshop.room import themes


def prepared(ideas, framework):
    """The engine's similarity with its ties, tree and tied groups; the true themes in its order."""
    shown = themes.shown([{"id": i["id"], "text": i["text"]} for i in ideas])
    theme = {i["id"]: i["theme"] for i in ideas}
    ids = [i["id"] for i in shown]
    views = themes._views([i["text"] for i in shown], framework)
    similarity = themes._combine(views)
    together, apart, _ = themes._links(ids, views, (), similarity)
    sim, tree, components = themes._tree(similarity, together, apart)
    return {
        "truth": [theme[i] for i in ids],
        "similarity": similarity,
        "together": together,
        "apart": apart,
        "sim": sim,
        "tree": tree,
        "components": components,
    }


def branches(tree):
    """Each node's two branches and the leaves under it (scipy's numbering)."""
    n = len(tree) + 1
    kids = {n + k: (int(a), int(b)) for k, (a, b) in enumerate(tree[:, :2])}
    leaves = {i: [i] for i in range(n)}
    for node, (a, b) in kids.items():
        leaves[node] = leaves[a] + leaves[b]
    return kids, leaves


def uniform(tree, k):
    """The nodes of the cut into k groups: the k-1 highest merges undone."""
    n = len(tree) + 1
    kids, _ = branches(tree)
    nodes = {2 * n - 2}
    for node in range(2 * n - 2, 2 * n - 1 - k, -1):
        nodes.remove(node)
        nodes.update(kids[node])
    return frozenset(nodes)


def best_pruning(q, score, restarts=0, seed=0):
    """The pruning of q's tree whose groups, once folded, score best; and that score."""
    tree, sim = q["tree"], q["sim"]
    n = len(sim)
    kids, leaves = branches(tree)
    parent = {c: p for p, pair in kids.items() for c in pair}
    seen = {}

    def labels(nodes):
        raw = np.empty(n, dtype=int)
        for g, node in enumerate(sorted(nodes)):
            raw[leaves[node]] = g
        return themes._tidy(sim, raw, q["components"], q["apart"])

    def value(nodes):
        if nodes not in seen:
            seen[nodes] = score(labels(nodes))
        return seen[nodes]

    def moves(nodes):
        for node in nodes:
            if node >= n:
                yield (nodes - {node}) | set(kids[node])
            if node in parent:
                under = set(leaves[parent[node]])
                yield frozenset(x for x in nodes if not set(leaves[x]) <= under) | {parent[node]}

    def climb(nodes):
        while True:
            step = max(moves(nodes), key=value, default=nodes)
            if value(step) <= value(nodes) + 1e-12:
                return nodes
            nodes = step

    most = max(2, min(n // 3, 40))
    best = max((climb(uniform(tree, k)) for k in range(2, most + 1)), key=value)
    kick = random.Random(seed)
    current = best
    for _ in range(restarts):
        nodes = current
        for _ in range(kick.randint(2, 4)):
            nodes = kick.choice(list(moves(nodes)))
        nodes = climb(nodes)
        if value(nodes) >= value(current):
            current = nodes
        if value(nodes) > value(best):
            best = nodes
    return labels(best), value(best)


def ceiling(q, restarts=0):
    """V-measure and groups of the engine, the best uniform cut and the best pruning."""
    from scipy.cluster.hierarchy import fcluster

    truth = q["truth"]

    def v(labels):
        return v_measure_score(truth, labels)

    engine = themes._cluster(q["similarity"], q["together"], q["apart"])
    n = len(truth)
    cuts = [
        themes._tidy(q["sim"], fcluster(q["tree"], k, "maxclust") - 1, q["components"], q["apart"])
        for k in range(2, max(2, min(n // 3, 40)) + 1)
    ]
    cut = max(cuts, key=v)
    pruned, _ = best_pruning(q, v, restarts)
    return {
        name: (v(labels), int(labels.max()) + 1)
        for name, labels in (("engine", engine), ("best cut", cut), ("best pruning", pruned))
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--demo-key", action="store_true", help="the demo room's answer key, not the labelled set"
    )
    parser.add_argument("--restarts", type=int, default=0, help="random kicks after the climb")
    args = parser.parse_args(argv)
    framework = fw.load()
    questions = (
        themes_bench.demo_set() if args.demo_key else themes_bench.read_set(themes_bench.DATA)
    )
    rows = {}
    for key, ideas in questions.items():
        q = prepared(ideas, framework)
        rows[key] = ceiling(q, args.restarts)
        true = len(set(q["truth"]))
        print(
            f"{key:<20} "
            + "  ".join(f"{name} {v:.3f} ({k} / {true})" for name, (v, k) in rows[key].items())
        )
    names = next(iter(rows.values()))
    print(
        f"{'mean':<20} "
        + "  ".join(
            f"{name} {statistics.mean(r[name][0] for r in rows.values()):.3f}" for name in names
        )
    )


if __name__ == "__main__":
    main()
