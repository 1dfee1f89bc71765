"""Labels for suggested themes: a short phrase a commissioner would write
("Paid jobs", "Electric cars for care staff", "Lunch clubs"), taken word for
word from one of the group's own ideas (docs/THEMES.md, "Labels").

Each member's text is cut into phrases: runs of content words, joined across
"for", "of", "with" and the like ("jobs for local people"), at most five
words, starting and ending on a content word. A phrase scores by how much its
words belong to this group rather than the others (the share of members that
use each word's stem against the share of other ideas), with a little for
its idea being central to the group; typos score low because few members
share them. Only the texts passed in are read, so a hidden idea's words (or
an edited idea's old words) never reach a label.
"""

import re

import numpy as np

from . import theme_text

# Words a phrase may hold inside it but not start or end on.
_JOINERS = frozenset(("for", "of", "with", "to", "in", "on", "at", "and", "from", "people"))
_LONGEST = 5
# A label fits one line of the board's themes view (15 em at 44 px): longer
# phrases are kept only when a group has no shorter one.
_WIDEST = 26
# A label is read from the group's most central ideas, this many at most.
_READ = 40
# Words that describe and so cannot end a label ("Rounds in small local", "Paid").
_DESCRIBING = frozenset(
    [
        "local",
        "small",
        "big",
        "large",
        "annual",
        "paid",
        "unpaid",
        "new",
        "extra",
        "more",
        "less",
        "same",
        "other",
        "young",
        "older",
        "old",
        "green",
        "free",
        "fair",
        "real",
        "good",
        "better",
        "best",
        "proper",
        "regular",
        "different",
        "whole",
        "own",
        "social",
        "rural",
        "special",
        "elderly",
    ]
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z]")


def labels(texts, groups, *, similarity=None, question=""):
    """A label for each group (lists of indexes into texts), distinct where
    the members' words allow."""
    stops = theme_text._stops()
    asked = {theme_text.stem(w) for w in theme_text.content(question)}
    stems = [
        {
            theme_text.stem(w)
            for w in theme_text.words(t)
            if w not in stops and len(w) >= 2 and theme_text.stem(w) not in asked
        }
        for t in texts
    ]
    everywhere = {}
    for found in stems:
        for s in found:
            everywhere[s] = everywhere.get(s, 0) + 1
    chosen, used = [], set()
    for group in groups:
        ranked = _ranked(group, texts, stems, everywhere, similarity, stops, asked)
        label = next((p for p in ranked if p.lower() not in used), None)
        if label is None:  # its best phrases are taken: any of its members' own
            wider = _ranked(group, texts, stems, everywhere, similarity, stops, asked, least=1)
            label = next((p for p in wider if p.lower() not in used), None)
        label = label or (ranked[0] if ranked else "Other ideas")
        used.add(label.lower())
        chosen.append(label)
    return chosen


def _ranked(group, texts, stems, everywhere, similarity, stops, asked, least=None):
    size, rest = len(group), max(len(texts) - len(group), 1)
    inside = {}
    for i in group:
        for s in stems[i]:
            inside[s] = inside.get(s, 0) + 1
    if not inside:
        return []

    def weight(s, least=None):
        least = min(2, size) if least is None else least
        share = inside.get(s, 0) / size
        elsewhere = (everywhere.get(s, 0) - inside.get(s, 0)) / rest
        return max(share * (share - elsewhere), 0.0) if inside.get(s, 0) >= least else 0.0

    if least is not None:
        return _score(
            group, texts, lambda s: weight(s, least), _centrality(group, similarity), stops, asked
        )
    ranked = _score(group, texts, weight, _centrality(group, similarity), stops, asked)
    # No word two members share: the group's most central idea's own best words.
    return ranked or _score(
        group, texts, lambda s: weight(s, 1), _centrality(group, similarity), stops, asked
    )


def _score(group, texts, weight, centre, stops, asked):
    """The phrases of the group's most central ideas (40 at most), best first."""
    scored = {}
    order = sorted(range(len(group)), key=lambda r: (-centre[r], group[r]))[:_READ]
    for rank in sorted(order):
        i = group[rank]
        for phrase in _phrases(texts[i], stops, asked):
            stems = [theme_text.stem(w.lower()) for w in phrase]
            # It starts and ends on a word of the group's own ("jobs", not "with the job").
            last = stems[-2] if phrase[-1].lower() == "people" else stems[-1]
            if weight(stems[0]) <= 0 or weight(last) <= 0:
                continue
            # Nor on a verb's ending ("aprons going", "services used"), nor a describing word.
            if len(phrase) > 1 and phrase[-1].lower().endswith(("ing", "ed", "ly")):
                continue
            if phrase[-1].lower() in _DESCRIBING:
                continue
            value = sum(weight(s) for s in set(stems))
            # Short and central wins a tie: a label is read from across the room.
            longer = max(len(stems) - 3 - (last != stems[-1]), 0)
            value = value * (1.0 + 0.25 * centre[rank]) / (1.0 + 0.15 * longer)
            text = _spell(phrase)
            key = text.lower()
            if value > scored.get(key, (0, ""))[0]:
                scored[key] = (value, text)
    # At the same score the longer reads better ("Jobs for local people", not "Jobs for local").
    ranked = sorted(
        scored.values(), key=lambda v: (len(v[1]) > _WIDEST, -round(v[0], 9), -len(v[1]), v[1])
    )
    return [text for _, text in ranked]


def _centrality(group, similarity):
    """Each member's mean likeness to the others, 0..1 within the group."""
    if similarity is None or len(group) < 2:
        return [0.0] * len(group)
    inside = np.asarray(similarity, dtype=np.float64)[np.ix_(group, group)]
    means = (inside.sum(axis=1) - np.diag(inside)) / (len(group) - 1)
    low, high = means.min(), means.max()
    return [float((m - low) / (high - low)) if high > low else 0.0 for m in means]


def _phrases(text, stops, asked):
    """Runs of the idea's words that start and end on a content word."""
    tokens = [t.strip("'’-") for t in _TOKEN.findall(theme_text.plain_keep_case(text))]
    tokens = [_case(t, tokens[k - 1] if k else ".") for k, t in enumerate(tokens)]
    kinds = []
    for token in tokens:
        low = token.lower()
        if not low[:1].isalpha():
            kinds.append("break")  # punctuation ends a phrase
        elif low in asked or theme_text.stem(low) in asked:
            kinds.append("inside")
        elif low not in stops and len(low) >= 2:
            kinds.append("content")
        elif low in _JOINERS:
            kinds.append("inside")
        else:
            kinds.append("break")
    found = []
    for start, kind in enumerate(kinds):
        if kind != "content":
            continue
        for end in range(start, min(start + _LONGEST, len(tokens))):
            if kinds[end] == "break":
                break
            # "Jobs for local people": people may close a phrase, never be one.
            closes = end > start and tokens[end].lower() == "people"
            # ... after a word that describes them ("local people"), not "carers people".
            closes = closes and not tokens[end - 1].lower().endswith("s")
            if kinds[end] == "content" or closes:
                found.append(tokens[start : end + 1])
    return found


def _case(token, before):
    """A word as a label shows it: lower case but for abbreviations (EV, TUPE)
    and names the member capitalised mid-sentence (Kent, Thanet)."""
    if len(token) > 1 and token.isupper():
        return token
    if token[:1].isupper() and before not in ".!?" and not token[1:].isupper():
        return token
    return token.lower()


def _spell(phrase):
    """The phrase as its member wrote it, with a capital first letter."""
    text = " ".join(phrase)
    return text[:1].upper() + text[1:]
