"""Theme suggestions: a question's shown ideas into a few groups, each with a
short label, without being told how many (issue 22, docs/THEMES.md).

Plain functions over plain data: no Flask, no database. The caller passes the
shown ideas of one question (dicts with `id` and `text`); hidden, pending and
merged ideas are dropped here too, so they can never be suggested. The same
ideas give the same suggestion.

How, in short: each pair of ideas gets a similarity from four views of their
words (the embedding model's meaning, shared content words, shared spellings
so typos still meet, and which of the framework's own priorities and kinds of
outcome they lean to); near-duplicates and the facilitator's own groupings are
tied together and groupings kept apart; average-linkage clustering is cut at
each number of groups, a second pass folds the ideas of groups too small to be
a theme into the group each is most like (and keeps tied ideas together), and
the cut whose groups are then most distinct from each other wins.
"""

import difflib

import numpy as np

from . import theme_labels, theme_text

MIN_IDEAS = 3
TOO_FEW = "There are {n} ideas on this question: themes are suggested from 3 ideas."

# How much each view counts in the similarity of two ideas.
_WEIGHTS = {"meaning": 0.80, "words": 0.10, "spelling": 0.05, "framework": 0.05}
# Two ideas this alike in words or spelling say the same thing.
NEAR_SPELLING = 0.62
NEAR_MEANING = 0.93
# Content words this alike letter by letter (difflib's ratio): the same idea, typed again.
NEAR_TYPED = 0.8
NEAR_WORDS = 0.70
# Each other's nearest idea and at least this alike: a near-duplicate.
MUTUAL_NEAREST = 0.4
# Near-duplicates stay together as one only where at least this share of the
# pairs among them are near-duplicates: a chain of pairs (A like B, B like C...)
# is not one idea. Chained, the 150-idea room's pay, jobs, recruiting and local
# staff ideas made one "theme" of 59 (docs/THEMES.md).
TIED_SHARE = 0.5
# No suggested theme holds more than this share of a question's ideas (of
# SMALL_QUESTION or more) where any cut can avoid it: a facilitator cannot use a
# "theme" of a third of the room (a labelled question's 35 ideas came out as 25
# and 10). A third, 0.4 and a half gave the same groups on both sets (docs/THEMES.md).
LARGEST_SHARE = 1 / 3
# Below this many ideas a pair may be a theme of its own.
SMALL_QUESTION = 24
# In a large question a theme holds at least one in this many of its ideas.
SMALLEST_SHARE = 30
# Two words this alike by the model's word vectors count as one another.
SYNONYM = 0.45
# The meaning view weighs each word by the square root of its TF-IDF: at full
# weight the words few ideas use (a typo, a name, a one-off) made most of an
# idea's meaning and the words a theme shares too little of it (V-measure
# 0.670 to 0.680, ARI 0.453 to 0.475 on the labelled set; docs/THEMES.md).
MEANING_DAMPING = 0.5


def shown(ideas):
    """The ideas a suggestion may use: shown, not merged, oldest first."""
    return sorted(
        (
            i
            for i in ideas
            if i.get("status", "shown") == "shown" and not i.get("merged_into") and i.get("text")
        ),
        key=lambda i: i["id"],
    )


def suggest(ideas, framework=None, corrections=(), question=""):
    """Suggest themes for one question's ideas.

    `question` is the question's text: its words name no theme.
    `corrections` are groups of idea ids the facilitator has put together
    (accepted themes, after any move): ideas in one are kept together, ideas in
    two are kept apart, so a moved idea teaches the next suggestion.

    Returns {"groups": [{"label": str, "ideas": [ids]}], "message": str | None},
    largest group first; with fewer than 3 ideas, no groups and a plain sentence.
    """
    ideas = shown(ideas)
    if len(ideas) < MIN_IDEAS:
        return {"groups": [], "message": TOO_FEW.format(n=len(ideas))}
    from threadpoolctl import threadpool_limits

    # One BLAS thread: these matrices are small, and OpenBLAS's threads spin
    # against the server's own work (0.7 s for 200 ideas on a busy laptop, 0.14 s on one).
    with threadpool_limits(limits=1):
        return _suggest(ideas, framework, corrections, question)


def _suggest(ideas, framework, corrections, question):
    texts = [i["text"] for i in ideas]
    ids = [i["id"] for i in ideas]
    views = _views(texts, framework)
    similarity = _combine(views)
    together, apart, kept = _links(ids, views, corrections, similarity)
    labels = _cluster(similarity, together, apart, kept)
    members, names, own = _named(texts, labels, question, similarity)
    # Groups whose own best labels a reader could not tell apart may be one theme.
    merged = _one_theme(theme_labels.alike(texts, members, own, question), members, apart)
    if merged is not None:
        members, names, _ = _named(texts, merged, question, similarity)
    return {"groups": _groups(ids, members, names), "message": None}


def near_duplicate(ideas, text, *, exclude=None):
    """The shown idea that most likely says the same as `text`, or None.

    Returns {"id", "text", "how"}: the same words (after case, spacing and
    punctuation); near the same words (typos, a word more or less); or the
    same meaning (the model's vectors very close and words shared). For the
    console's "looks like #12"; `exclude` is the new idea's own id when it is
    already stored. Hidden, pending and merged ideas are never offered.
    """
    pool = [i for i in shown(ideas) if i["id"] != exclude]
    key = " ".join(theme_text.words(text)) if isinstance(text, str) else ""
    if not pool or not key:
        return None
    keys = [" ".join(theme_text.words(i["text"])) for i in pool]
    for idea, other in zip(pool, keys, strict=True):
        if other == key:
            return _found(idea, "same words")
    content = " ".join(theme_text.content(text))
    spelled = [
        difflib.SequenceMatcher(None, content, " ".join(theme_text.content(i["text"]))).ratio()
        for i in pool
    ]
    best = max(range(len(pool)), key=lambda k: (spelled[k], -k))
    if content and spelled[best] >= NEAR_TYPED:
        return _found(pool[best], "near the same words")
    # The new idea's meaning against each (one row, not every pair), and its
    # words as the words view has them (synonyms meet).
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    texts = [i["text"] for i in pool] + [text]
    with threadpool_limits(limits=1):
        vectors = theme_text.embed(texts)
        meaning = vectors[:-1] @ vectors[-1]
        vectorizer = TfidfVectorizer(
            analyzer=theme_text.analyse, sublinear_tf=True, dtype=np.float32
        )
        words = _soft_words(vectorizer, texts)[-1, :-1]
    best = int(np.argmax(meaning))
    if meaning[best] >= NEAR_MEANING or (meaning[best] >= 0.75 and words[best] >= 0.4):
        return _found(pool[best], "the same meaning")
    return None


def near_duplicates(ideas):
    """{idea id: {"id", "text", "how"}} for each shown idea that most likely
    repeats an earlier one: near_duplicate's answer for every idea of a
    question at once (a console that opens on a full room), with the model
    run once, not once an idea. The words view is fitted on all the ideas
    together, so a borderline "same meaning" may differ from the one-idea answer.
    """
    pool = shown(ideas)
    keys = [" ".join(theme_text.words(i["text"])) for i in pool]
    contents = [" ".join(theme_text.content(i["text"])) for i in pool]
    found, first, meaning_wanted = {}, {}, []
    for n, idea in enumerate(pool):
        key = keys[n]
        if n and key:
            if key in first:
                found[idea["id"]] = _found(pool[first[key]], "same words")
            elif (typed := _typed(contents, n)) is not None:
                found[idea["id"]] = _found(pool[typed], "near the same words")
            else:
                meaning_wanted.append(n)
        first.setdefault(key, n)
    if meaning_wanted:
        found.update(_same_meaning(pool, meaning_wanted))
    return found


def _typed(contents, n):
    """The earlier idea whose content words are spelled nearly as idea n's, or None."""
    content = contents[n]
    if not content:
        return None
    best, score = None, NEAR_TYPED
    for k in range(n):
        other = contents[k]
        # The lengths, then the letters shared, bound the ratio from above:
        # most pairs stop there, before any matching.
        if 2 * min(len(content), len(other)) < score * (len(content) + len(other)):
            continue
        matcher = difflib.SequenceMatcher(None, content, other)
        if matcher.quick_ratio() < score:
            continue
        ratio = matcher.ratio()
        if ratio > score or (best is None and ratio == score):  # the earliest of equals
            best, score = k, ratio
    return best


def _same_meaning(pool, wanted):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    texts = [i["text"] for i in pool]
    with threadpool_limits(limits=1):
        vectors = theme_text.embed(texts)
        vectorizer = TfidfVectorizer(
            analyzer=theme_text.analyse, sublinear_tf=True, dtype=np.float32
        )
        words = _soft_words(vectorizer, texts)
    found = {}
    for n in wanted:
        meaning = vectors[:n] @ vectors[n]
        best = int(np.argmax(meaning))
        if meaning[best] >= NEAR_MEANING or (meaning[best] >= 0.75 and words[n, best] >= 0.4):
            found[pool[n]["id"]] = _found(pool[best], "the same meaning")
    return found


def _found(idea, how):
    return {"id": idea["id"], "text": idea["text"], "how": how}


# The views


def _unit(matrix):
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def _cosine(matrix):
    matrix = _unit(matrix)
    return np.clip(matrix @ matrix.T, -1.0, 1.0)


def _views(texts, framework):
    """Pairwise similarities of the texts, one matrix a view."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    raw_vectors = theme_text.embed(texts)
    raw = np.clip(raw_vectors @ raw_vectors.T, -1.0, 1.0)
    # The meaning of an idea's content words, each word's vector weighted by
    # how rare it is among the question's ideas: pooled over every token (the
    # model's own way), "people" and "need" make every idea alike.
    meaning = _weighted_vectors(texts)
    centred = _cosine(meaning - meaning.mean(axis=0))
    words = TfidfVectorizer(
        analyzer=theme_text.concept_words, sublinear_tf=True, min_df=1, dtype=np.float32
    )
    spelling = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        # Letter groups nearly every idea has (" car") tell nothing and make
        # the product dense: 2,000 ideas took 0.8 s here without this cap.
        max_df=max(5, len(texts) // 10),
        sublinear_tf=True,
        preprocessor=lambda t: " ".join(theme_text.analyse(t)),
        dtype=np.float32,
    )
    views = {
        "raw_meaning": raw,
        "meaning": centred,
        "words": _soft_words(words, texts),
        "spelling": _sparse_cosine(spelling, texts),
    }
    seeds = theme_text.seed_texts(framework)
    if seeds:
        seed_vectors = theme_text.embed(seeds)
        mean = raw_vectors.mean(axis=0)
        leaning = _unit(raw_vectors - mean) @ _unit(seed_vectors - mean).T
        # Each idea's leaning over the seeds, sharpened so its nearest count most.
        leaning = np.exp((leaning - leaning.max(axis=1, keepdims=True)) * 8.0)
        views["framework"] = _cosine(leaning)
    return views


def _weighted_vectors(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=theme_text.concept_content, sublinear_tf=True, dtype=np.float32
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no content words at all
        return theme_text.embed(texts)
    weights = matrix.power(MEANING_DAMPING)
    return np.asarray(weights @ theme_text.embed(vectorizer.get_feature_names_out()))


def _sparse_cosine(vectorizer, texts):
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no words at all (every idea is filler)
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    return np.asarray((matrix @ matrix.T).todense(), dtype=np.float32)


def _soft_words(vectorizer, texts):
    """Shared words, where a word also meets its near-synonyms (job, work,
    employment) by the model's word vectors: but never a word it merely
    begins (car, carer), which the model's word pieces confuse."""
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no words at all (every idea is filler)
        return np.zeros((len(texts), len(texts)), dtype=np.float32)
    vocabulary = vectorizer.get_feature_names_out()
    vectors = theme_text.embed(vocabulary)
    near = vectors @ vectors.T
    near = np.where(near >= SYNONYM, near, 0.0)
    for a, b in zip(*np.nonzero(near), strict=True):
        if a != b and (
            vocabulary[a].startswith(vocabulary[b]) or vocabulary[b].startswith(vocabulary[a])
        ):
            near[a, b] = 0.0
    np.fill_diagonal(near, 1.0)
    smooth = _unit(matrix @ near)
    return np.clip(smooth @ smooth.T, 0.0, 1.0)


def _combine(views):
    total = sum(w for name, w in _WEIGHTS.items() if name in views)
    return sum(views[name] * (w / total) for name, w in _WEIGHTS.items() if name in views)


def _links(ids, views, corrections, similarity):
    """Pairs to keep together (near-duplicates, the facilitator's groups), apart, and
    the facilitator's own groups' pairs."""
    n = len(ids)
    together = (
        (views["spelling"] >= NEAR_SPELLING)
        | (views["words"] >= NEAR_WORDS)
        | (views["raw_meaning"] >= NEAR_MEANING)
    )
    # Two ideas that are each other's nearest, and near enough, say one thing
    # in two ways ("EV fleet" and "electric cars for the staff").
    others = similarity - np.eye(n, dtype=similarity.dtype) * 9
    nearest = others.argmax(axis=1)
    for a, b in enumerate(nearest):
        if nearest[b] == a and others[a, b] >= MUTUAL_NEAREST:
            together[a, b] = together[b, a] = True
    kept = _kept(ids, corrections)
    placed = kept.any(axis=1)
    apart = placed[:, None] & placed[None, :] & ~kept
    together = (together | kept) & ~apart
    np.fill_diagonal(together, True)
    return together, apart, kept


def _kept(ids, corrections):
    """Pairs of ideas the facilitator put in one theme."""
    where = {idea_id: k for k, idea_id in enumerate(ids)}
    owner = np.full(len(ids), -1)
    for g, group in enumerate(corrections):
        owner[[where[i] for i in group if i in where]] = g
    return (owner[:, None] == owner[None, :]) & (owner[:, None] >= 0)


def _tree(similarity, together, apart, kept=None):
    """The similarity with the ties in it, its average-linkage tree, and the
    groups of ideas tied together (benchmarks/themes_ceiling.py reads the same tree)."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    sim = np.where(together, 1.0, similarity)
    sim = np.where(apart, -1.0, sim)
    distance = np.clip(1.0 - sim, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return sim, tree, _tied_groups(together, apart, kept)


def _tied_groups(together, apart, kept=None):
    """The groups of ideas that go together whatever the cut: each of the
    facilitator's groups whole, with the near-duplicates of its ideas; and
    near-duplicates, where most of the pairs among them are near-duplicates
    (average linkage on the ties, cut at TIED_SHARE), not every chain of pairs."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial.distance import squareform

    n = len(together)
    kept = np.zeros((n, n), dtype=bool) if kept is None else kept
    near = together & ~kept
    np.fill_diagonal(near, True)
    _, chained = connected_components(near, directed=False)
    group = chained.copy()
    for c in np.flatnonzero(np.bincount(chained) > 2):
        members = np.flatnonzero(chained == c)
        # Ideas the facilitator keeps apart are never one near-duplicate group.
        distance = np.where(apart[np.ix_(members, members)], len(members) ** 2, 1.0)
        distance = np.where(near[np.ix_(members, members)], 0.0, distance)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        # fcluster's labels start at 1; offset past every component's number.
        group[members] = n * (c + 1) + fcluster(tree, 1.0 - TIED_SHARE, criterion="distance")
    _, group = np.unique(group, return_inverse=True)
    joined = kept | (group[:, None] == group[None, :])
    _, tied = connected_components(joined, directed=False)
    return [np.flatnonzero(tied == c) for c in range(tied.max() + 1)]


def _cluster(similarity, together, apart, kept=None):
    """Labels 0..k-1 for the ideas: the cut with the most distinct groups, then
    tidied, that keeps the facilitator's "apart" and has no group too large to be a theme."""
    from scipy.cluster.hierarchy import fcluster
    from scipy.sparse.csgraph import connected_components

    n = len(similarity)
    sim, tree, components = _tree(similarity, together, apart, kept)
    # If every cut folds back into one group (the ideas all say one thing), that is the answer.
    best, best_score = np.zeros(n, dtype=int), -np.inf
    most = max(2, min(n // 3, 40))
    # Never fewer groups than the facilitator's own themes: with eight ideas in
    # three themes, cuts of two could only put two of them together.
    if kept is not None:
        own = np.bincount(connected_components(kept, directed=False)[1])
        most = min(n, max(most, int((own > 1).sum()) + 1))
    # A room's worth of ideas judges every cut; a larger set judges it on an
    # even spread of 500 (the same every time), which takes a tenth as long.
    sample = np.arange(n) if n <= 500 else np.linspace(0, n - 1, 500).astype(int)
    kept_apart = apart.any()
    for k in range(2, most + 1):
        labels = fcluster(tree, k, criterion="maxclust") - 1
        labels = _tidy(sim, labels, components, apart)
        score = _distinctness(sim[np.ix_(sample, sample)], labels[sample])
        # A cut that puts together ideas the facilitator keeps apart loses to any that does not.
        if kept_apart and (apart & (labels[:, None] == labels[None, :])).any():
            score -= 10.0
        # So does one with a group too large to be one theme.
        if n >= SMALL_QUESTION and np.bincount(labels).max() > LARGEST_SHARE * n:
            score -= 5.0
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best


def smallest_group(n):
    """The fewest ideas a suggested theme has: a pair in a small question, three
    in a room's, and one in 30 of a large question's (4 of 120, 5 of 150): a
    room of 150 ideas has some ten themes, not twenty slivers."""
    return 2 if n < SMALL_QUESTION else max(3, round(n / SMALLEST_SHARE))


def _tidy(sim, labels, components, apart=None):
    """Ideas tied together (near-duplicates, the facilitator's groups) go where
    most of them went; then each too-small group's ideas, tied ones together,
    fold into the group they are most like, never into one holding an idea the
    facilitator keeps apart from them."""
    labels = labels.copy()
    owner = np.empty(len(labels), dtype=int)
    for c, members in enumerate(components):
        owner[members] = c
    _fold(sim, labels, components, owner, apart)
    # Each tied group's commonest label (the lowest of equals), all groups at once.
    width = labels.max() + 1
    counts = np.bincount(owner * width + labels, minlength=len(components) * width)
    labels[:] = counts.reshape(len(components), width).argmax(axis=1)[owner]
    _fold(sim, labels, components, owner, apart)
    _, labels = np.unique(labels, return_inverse=True)
    return labels


def _fold(sim, labels, components, owner, apart):
    """Move each too-small group's ideas (and those tied to them) to the group most like them."""
    least = smallest_group(len(labels))
    sim = np.asarray(sim, dtype=np.float32)
    units = len(components)
    unit_sizes = np.bincount(owner, minlength=units)
    # Each tied group's ideas the facilitator keeps apart: asked once, not once a small group.
    kept_from = None
    if apart is not None and apart.any():
        kept_from = np.zeros((units, len(labels)), dtype=bool)
        np.logical_or.at(kept_from, owner, apart)
    for _ in range(len(labels)):
        sizes = np.bincount(labels)
        keep = sizes >= least
        small = (sizes > 0) & ~keep
        if not small.any() or keep.sum() < 2:
            break
        onehot = np.eye(len(sizes), dtype=np.float32)[labels]
        # Each idea's likeness to each group, once a round (not once an idea);
        # every tied group with an idea in a small group moves whole, all at once.
        towards = sim @ onehot
        moving = np.unique(owner[small[labels]])
        totals = np.zeros((units, len(sizes)), dtype=np.float32)
        np.add.at(totals, owner, towards)
        means = totals[moving] / (unit_sizes[moving, None] * np.maximum(sizes, 1))
        means[:, ~keep] = -np.inf
        if kept_from is not None:
            means[kept_from[moving].astype(np.float32) @ onehot > 0] = -np.inf
        can = np.isfinite(means.max(axis=1))
        if not can.any():
            break
        target = np.full(units, -1)
        target[moving[can]] = means[can].argmax(axis=1)
        goes = target[owner] >= 0
        labels[goes] = target[owner][goes]


def _distinctness(sim, labels):
    """Mean silhouette on similarities: each idea's likeness to its own group
    over its likeness to the nearest other group."""
    k = labels.max() + 1
    if k < 2:
        return -np.inf
    onehot = np.eye(k, dtype=np.float64)[labels]
    sizes = onehot.sum(axis=0)
    totals = sim @ onehot  # n x k: summed likeness to each group
    own = labels
    idx = np.arange(len(labels))
    inside = (totals[idx, own] - 1.0) / np.maximum(sizes[own] - 1, 1)
    others = totals / np.where(sizes == 0, 1, sizes)
    others[idx, own] = -np.inf
    nearest = others.max(axis=1)
    a, b = 1 - inside, 1 - nearest
    scores = np.where(sizes[own] > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-9), 0.0)
    return float(scores.mean())


def _named(texts, labels, question, similarity):
    """Each group's members (indexes), label and own best phrase; larger groups
    name themselves first, so a smaller one whose best phrase is taken takes its next."""
    members = [list(np.flatnonzero(labels == k)) for k in range(labels.max() + 1)]
    members.sort(key=lambda m: (-len(m), m[0]))
    names, own = theme_labels.labels_and_own(
        texts, members, similarity=similarity, question=question
    )
    return members, names, own


def _one_theme(pairs, members, apart):
    """Labels with the pairs of groups that are one theme by their labels
    (theme_labels.alike) put together, or None if none is: never ideas the
    facilitator keeps apart, nor past a third of a question's ideas."""
    n = sum(len(m) for m in members)
    owner = list(range(len(members)))

    def root(g):
        while owner[g] != g:
            g = owner[g]
        return g

    together = {g: list(m) for g, m in enumerate(members)}
    for g, h in pairs:
        a, b = root(g), root(h)
        if a == b:
            continue
        joined = together[a] + together[b]
        if n >= SMALL_QUESTION and len(joined) > LARGEST_SHARE * n:
            continue
        if apart.any() and apart[np.ix_(together[a], together[b])].any():
            continue
        owner[b], together[a] = a, joined
        del together[b]
    if len(together) == len(members):
        return None
    labels = np.empty(n, dtype=int)
    for k, group in enumerate(together.values()):
        labels[group] = k
    return labels


def _groups(ids, members, names):
    groups = [
        {"label": name, "ideas": [ids[i] for i in group]}
        for name, group in zip(names, members, strict=True)
    ]
    groups.sort(key=lambda g: (-len(g["ideas"]), g["ideas"][0]))
    return groups
