"""The ceiling benchmark (benchmarks/themes_ceiling.py): its search over prunings
of the engine's tree finds a grouping no uniform cut of that tree makes."""

import numpy as np
from scipy.cluster.hierarchy import fcluster
from sklearn.metrics import v_measure_score

from benchmarks import themes_ceiling
from workshop.room import themes

# Five blocks of three ideas. A1 and A2 are alike (0.8) but two themes; B1 and
# B2 are less alike (0.4) but one theme. The tree splits B before it splits A,
# so every uniform cut either keeps A whole or splits B too. C is a little
# like A (0.15, the rest 0.1), so no two merges are equally high.
BLOCKS = ["A1", "A2", "B1", "B2", "C"]
TRUTH = ["A1", "A2", "B", "B", "C"]
BETWEEN = {
    frozenset(("A1", "A2")): 0.8,
    frozenset(("B1", "B2")): 0.4,
    frozenset(("A1", "C")): 0.15,
    frozenset(("A2", "C")): 0.15,
}


def constructed():
    block = [b for b in BLOCKS for _ in range(3)]
    n = len(block)
    similarity = np.array(
        [
            [
                1.0
                if i == j
                else 0.95
                if block[i] == block[j]
                else BETWEEN.get(frozenset((block[i], block[j])), 0.1)
                for j in range(n)
            ]
            for i in range(n)
        ]
    )
    together, apart = np.eye(n, dtype=bool), np.zeros((n, n), dtype=bool)
    sim, tree, components = themes._tree(similarity, together, apart)
    truth = [TRUTH[BLOCKS.index(b)] for b in block]
    return {"truth": truth, "sim": sim, "tree": tree, "components": components, "apart": apart}


def test_uniform_names_the_same_cut_as_scipy():
    q = constructed()
    n = len(q["truth"])
    _, leaves = themes_ceiling.branches(q["tree"])
    for k in range(2, 6):
        groups = {frozenset(leaves[node]) for node in themes_ceiling.uniform(q["tree"], k)}
        labels = fcluster(q["tree"], k, "maxclust")
        assert groups == {frozenset(np.flatnonzero(labels == g)) for g in set(labels)}
        assert sum(len(g) for g in groups) == n


def test_best_pruning_beats_every_uniform_cut():
    q = constructed()

    def v(labels):
        return v_measure_score(q["truth"], labels)

    uniform = max(
        v(themes._tidy(q["sim"], fcluster(q["tree"], k, "maxclust") - 1, q["components"]))
        for k in range(2, 6)
    )
    labels, score = themes_ceiling.best_pruning(q, v)
    assert uniform < 0.95
    assert score == v(labels) == 1.0
    assert labels.max() + 1 == 4
