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
an edited idea's old words) never reach a label. A label that meets under
half its group's members (`coverage`) gives way to a phrase that meets more;
one meeting under a quarter is "Mixed ideas".

Two labels of a question are never ones a reader cannot tell apart
(`confusable`: "Fair pay" beside "Fair pay and travel"); where every word
they share is written by most members of both groups, the groups are one
theme (`alike`, which themes.py merges).
"""

import functools
import re

import numpy as np

from . import theme_text

# Words a phrase may hold inside it but not start or end on.
_JOINERS = frozenset(("for", "of", "with", "to", "in", "on", "at", "and", "from", "by", "people"))
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
        "environmental",
        "national",
        "digital",
        "mental",
        "physical",
        "personal",
        "medical",
        "financial",
        "emotional",
        "practical",
        "additional",
        "current",
        "independent",
        "sustainable",
        "accessible",
        "affordable",
        "flexible",
        "available",
        "reliable",
        "safe",
        "happy",
        "easy",
        "long",
        "short",
        "full",
        "high",
        "low",
        # How a thing is, not what it is ("Keep our centre open": "Centre open").
        "open",
        "closed",
        "shut",
        "alone",
        # How much or how often, which ends no name ("Apprentices half way through").
        "half",
        "once",
        "twice",
    ]
)
# Verbs in the room's voice. scikit-learn's stop words hold the auxiliaries but
# not these; without a part-of-speech tagger (none installs without a model
# download) a short closed list is what keeps "Depends", "Ask" and "Staff
# learn" off the board. A word here never ends a label nor stands alone; one
# in _DOING may open an action of two words or more ("Ask bidders", "Check
# smoke alarms"), one in _DONE (a tense: "did", "depends") is in no label.
_DOING = frozenset(
    str.split(
        """
    ask buy check choose come count depend do drive feel find get give go have hear join keep
    learn let listen lose make pick put receive run say see show spot stay take
    tell think train try understand walk want
    """
    )
)
_DONE = frozenset(
    str.split(
        """
    adds am are asked asks be been being buys came chose closes comes depended depends
    did does doing done going feels felt finds forgets found gave gets gives goes got had has
    heard is joins keeps kept knew know knows learns learnt let's lets likes
    listens loved makes matters means pays puts ran runs said saw says seems
    seen shows stays taken takes tells thinks took tries understands wants was
    went were works
    """
    )
)
# A word after these is a verb ("Training we paid for", "she cleans the
# minibus", "carers will leave"), whatever list it is missing from.
_SUBJECTS = frozenset(
    str.split(
        """
    can can't cannot could couldn't didn't doesn't don't dont he i it may might
    must she should they we who will won't would wouldn't you
    """
    )
)
# Things whose names end "-ing"; any other such word closing a phrase is a verb.
_ING_THINGS = frozenset(
    str.split(
        """
    befriending bowling building buildings clothing cooking dancing evening
    evenings funding gardening housing knitting meeting meetings morning
    mornings nursing parking shopping singing swimming training wellbeing
    """
    )
)
# Words that lead into what follows and so open no label ("including bank staff").
_LEADING = frozenset(("including", "excluding", "regarding", "concerning", "following", "except"))
# A verb's ending without "-ed" ("Information sent", "Money spent"): no label ends on one.
_DONE_TO = frozenset(
    str.split(
        """
    bought brought built chosen driven given gone grown held known left lost made
    meant sent shown spent taught told written
    """
    )
)
# When, which names no theme alone ("every week"); "Friday lunch club" keeps it.
_WHEN = frozenset(("week", "weeks", "weekly", "month", "months", "monthly", "morning", "mornings"))
# Who an action is for may close it ("Ask us", "Tell me"), after the verb alone;
# not after "let": in "Let us help interview new staff" the action follows.
_US = frozenset(("us", "me"))
_FOR_US = _DOING - {"let"}
# Words in a label: 2 and 3 name a theme best ("Paid jobs", "Real living
# wage"); one alone is a puzzle from across the room, kept for a group with
# no phrase of two.
_LENGTH = {1: 0.55, 2: 1.0, 3: 1.0, 4: 0.9, 5: 0.8}
# Two groups whose labels a reader cannot tell apart are one theme when
# more than this share of each group's members wrote every word the labels share.
SHARED = 2 / 3
# A lone word's place goes to a phrase of its group's scoring at least this share of it.
NEARLY = 0.5
# A label should meet (`coverage`) at least this share of its group's members:
# "Meals on wheels drivers", the words of one idea in eleven, named a group of
# eleven (docs/THEMES.md, "Labels that fit").
HALF = 0.5
# A group no phrase of which meets this share of its members is mixed, and says
# so: "Meals on wheels drivers" over letters, trips out, trustees and T-levels.
MIXED = 0.25
MIXED_LABEL = "Mixed ideas"
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z]")


def labels(texts, groups, *, similarity=None, question=""):
    """A label for each group (lists of indexes into texts), each one a reader
    can tell from the others where the members' words allow."""
    return labels_and_own(texts, groups, similarity=similarity, question=question)[0]


def labels_and_own(texts, groups, *, similarity=None, question=""):
    """The groups' labels, and each group's own best phrase before any is set
    aside for another's (what `alike` reads)."""
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
    chosen, own = [], []

    def free(phrase):  # a reader can tell it from every label chosen so far
        return not any(confusable(phrase, other) for other in chosen)

    for group in groups:
        members = [texts[i] for i in group]
        fit = _fitter(members, asked)
        # Its members' phrases, one member's words too: read once, if needed.
        wider = functools.cache(
            functools.partial(
                _ranked, group, texts, stems, everywhere, similarity, stops, asked, least=1
            )
        )

        ranked = _ranked(group, texts, stems, everywhere, similarity, stops, asked)
        own.append(ranked[0][0] if ranked else None)
        found = next(((p, v) for p, v in ranked if free(p)), None)
        # Its best word is another's: widened, it may still say what this group is
        # ("Worker" beside "Workers on rural rounds" is "Care worker", not "Money").
        if ranked and found != ranked[0] and " " not in ranked[0][0]:
            wide = _common(group, texts, stops, asked, free, ranked[0][0])
            found = (wide, ranked[0][1]) if wide else found
        if found is None:  # its best phrases are taken: any of its members' own
            found = next(((p, v) for p, v in wider() if free(p)), None)
        label = found and found[0]
        # One word alone puzzles a reader across the room ("Letters", "Contract"):
        # widened with its members' words around it, or else their best phrase
        # of two or more words nearly as good, unless a member wrote just that
        # word ("my job").
        if label and " " not in label:
            longer = _common(group, texts, stops, asked, free, label)
            if longer is None and not _alone(label, group, texts, stops, most=True):
                alone = dict(wider()).get(label, found[1])
                longer = next(
                    (
                        p
                        for p, v in wider()
                        if " " in p and len(p) <= _WIDEST and free(p) and v >= NEARLY * alone
                    ),
                    None,
                )
            label = longer or label
        label = label or _common(group, texts, stops, asked, free)
        label = label or (ranked[0][0] if ranked else "Other ideas")
        if fit(label) < HALF:  # it speaks for few of its members: one that speaks for more
            named = _fitter(members, asked, head=True, said=fit.said)
            written = _fitter(members, asked, said=fit.said, concepts=False)
            label = _fitting(label, wider(), named, written, free)
            # None speaks for a quarter of them: say less than a wrong name would.
            if fit(label) < MIXED and len(group) >= 4 and free(MIXED_LABEL):
                label = MIXED_LABEL
        if not free(label):  # two themes never share a label: widen this one
            label = _common(group, texts, stops, asked, free, label.split()[-1]) or label
        chosen.append(label)
        own[-1] = own[-1] or label
    return chosen, own


def _fitting(label, ranked, fit, written, free):
    """The label, or where another phrase of the group (of two words or more,
    one line, a reader can tell from the others) meets more of its members,
    by its words as well as its concepts (`written`: "Electric pool cars"
    meets cycling ideas by a concept, not more of them by its words than
    "Green travel plans"), and scores better once weighed by how many it
    meets, that phrase."""
    # A label widened from its best word (not among the phrases) stands for it.
    scores = dict(ranked)
    best, best_value = label, scores.get(label, ranked[0][1] if ranked else 0.0) * fit(label)
    for phrase, value in ranked:
        if " " not in phrase or len(phrase) > _WIDEST or fit(phrase) <= fit(label):
            continue
        if written(phrase) <= written(label):
            continue
        if value * fit(phrase) > best_value and free(phrase):  # free last: it costs most
            best, best_value = phrase, value * fit(phrase)
    return best


def _alone(word, group, texts, stops, most=False):
    """Whether a member wrote the word as a sentence of its own ("my job.",
    "Staff!"), or, with most, more than half of them wrote it at all: it then
    speaks for the group ("Posts" where each idea is about the posts)."""
    stem = theme_text.stem(word.lower())
    wrote = sum(stem in {theme_text.stem(w) for w in theme_text.words(texts[i])} for i in group)
    if most and 2 * wrote > len(group):
        return True
    for i in group:
        for sentence in re.split(r"[.!?;:]", texts[i]):
            said = {theme_text.stem(w) for w in theme_text.words(sentence) if w not in stops}
            if said == {stem}:
                return True
    return False


def _label_stems(label):
    stops = theme_text._stops()
    return [theme_text.stem(w) for w in theme_text.words(label) if w not in stops and len(w) >= 2]


def confusable(a, b):
    """Whether a reader could not tell two labels apart: the same, one's words
    within the other's ("Fair pay", "Fair pay and travel"), or the same last
    word (a label's head) and most of their words ("Small care companies",
    "Small companies")."""
    if a.lower() == b.lower():
        return True
    one, other = _label_stems(a), _label_stems(b)
    if not one or not other:
        return False
    mine, theirs = set(one), set(other)
    if mine <= theirs or theirs <= mine:
        return True
    return one[-1] == other[-1] and 2 * len(mine & theirs) > max(len(mine), len(theirs))


def alike(texts, groups, names, question=""):
    """Pairs of groups (indexes into groups) that are one theme by their own
    best labels: the same, or a reader could not tell them apart and they
    share two words or more; and most members of both groups wrote every word
    they share (the board's 150-idea room: each of 20 ideas says "Fair pay and
    travel time for staff", and they came out as three groups by the reasons
    they give, each best labelled "Fair pay and travel")."""
    stops = theme_text._stops()
    asked = {theme_text.stem(w) for w in theme_text.content(question)}
    stems = [{theme_text.stem(w) for w in theme_text.words(t) if w not in stops} for t in texts]

    def written(stem, group):  # the share of a group's members who wrote it
        return sum(stem in stems[i] for i in group) / len(group)

    pairs = []
    for g in range(len(groups)):
        for h in range(g + 1, len(groups)):
            if not confusable(names[g], names[h]):
                continue
            shared = (set(_label_stems(names[g])) & set(_label_stems(names[h]))) - asked
            # One word in common is a topic many themes share ("Worker", "Workers
            # on rural rounds"); two, or the same best phrase, name one theme.
            one = names[g].lower() == names[h].lower()
            if (
                shared
                and (one or len(shared) >= 2)
                and all(
                    written(s, groups[g]) > SHARED and written(s, groups[h]) > SHARED
                    for s in shared
                )
            ):
                pairs.append((g, h))
    return pairs


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
            group,
            texts,
            lambda s: weight(s, least),
            _centrality(group, similarity),
            stops,
            asked,
        )
    ranked = _score(group, texts, weight, _centrality(group, similarity), stops, asked)
    # No word two members share: the group's most central idea's own best words.
    return ranked or _score(
        group, texts, lambda s: weight(s, 1), _centrality(group, similarity), stops, asked
    )


def _score(group, texts, weight, centre, stops, asked):
    """The phrases of the group's most central ideas (40 at most), best first,
    each with its score: [(text, score)]."""
    scored, writers = {}, {}
    order = sorted(range(len(group)), key=lambda r: (-centre[r], group[r]))[:_READ]
    for rank in sorted(order):
        i = group[rank]
        for phrase, opens, follows, precedes in _phrases(texts[i], stops, asked):
            low = [w.lower() for w in phrase]
            stems = [theme_text.stem(w) for w in low]
            last = stems[-2] if low[-1] in _US or low[-1] == "people" else stems[-1]
            # It ends on a word of the group's own ("jobs", not "with the job") ...
            if weight(last) <= 0:
                continue
            if not _names_a_thing(low, opens, phrase):
                continue
            value = sum(weight(s) for s in set(stems)) * _LENGTH[len(low)]
            # It opens on a word of the group's own too, or on this member's word
            # for it ("Experienced staff"), which names less of the group.
            if weight(stems[0]) <= 0:
                if len(low) == 1 or low[0] in _JOINERS:
                    continue
                value *= 0.6
            # Cut before a thing of the group's own, it splits a name ("Carers
            # trained in sign", "Monthly coffee"): only when five words cannot hold it.
            if follows and weight(theme_text.stem(follows)) > 0 and _names_a_thing([follows], 0):
                value *= 0.5
            # So is one cut just after a thing's name ("Days and mental health" of
            # "Wellbeing days and mental health first aiders", "Line for staff" of
            # "a counselling line for staff"); not after what describes or acts on it.
            if precedes and precedes not in _DOING and precedes not in _DESCRIBING:
                value *= 0.5
            # A thing reads better than an action ("Smoke alarms", "Check smoke alarms").
            if low[0] in _DOING:
                value *= 0.8
            # Central wins a tie: a label is read from across the room.
            value *= 1.0 + 0.25 * centre[rank]
            text = _spell(phrase)
            key = text.lower()
            writers.setdefault(key, set()).add(i)
            if value > scored.get(key, (0, ""))[0]:
                scored[key] = (value, text)
    # At the same score, the phrase more members wrote speaks for more of them
    # ("Ask us", not "Ask me"), and the longer reads better ("Jobs for local
    # people", not "Jobs for local").
    ranked = sorted(
        scored.items(),
        key=lambda kv: (
            len(kv[1][1]) > _WIDEST,
            -round(kv[1][0], 9),
            -len(writers[kv[0]]),
            -len(kv[1][1]),
            kv[1][1],
        ),
    )
    return [(text, value) for _, (value, text) in ranked]


def _names_a_thing(low, opens, cased=None):
    """Whether a phrase (its words in lower case) names a thing or an action:
    not a verb ("Staff learn", "Depends"), nor a verb's ending ("aprons going",
    "services used", "Changed"), nor a describing word ("Rounds in small
    local"); an action opens its member's sentence ("Ask bidders how ..."),
    not "people who receive care"."""
    if low[-1] in _DESCRIBING or any(w in _DONE for w in low):
        return False
    # A verb past the first word makes a sentence of it ("Staff stay longer").
    if any(w in _DOING for w in low[1:]) or len(low) == 1 and low[0] in _DOING:
        return False
    if low[-1].endswith(("ed", "ly")) or low[-1] in _DONE_TO:
        return False
    # A describing word straight after a thing starts another thing ("costs money
    # small providers do not have"): a name goes before it ("Kent social enterprises").
    for before, word in zip(cased or low, low[1:], strict=False):
        describes = before.lower() in _DESCRIBING | _JOINERS or before[:1].isupper()
        if word in _DESCRIBING and not describes:
            return False
    # "Aprons going", "service helping": who, then what they do; but "Coffee
    # morning", "Staff training" are things.
    if len(low) > 1 and low[-1].endswith("ing") and low[-1] not in _ING_THINGS:
        return False
    # "Trained in sign language", "Paid for walks": a verb's ending and what
    # follows it; "Trained staff" names a thing.
    # So is "Driving by planning rounds", a doing word and how; not
    # "Counselling for staff".
    doing = low[0].endswith("ing") and low[1:2] == ["by"]
    if len(low) > 1 and (low[0].endswith("ed") and low[1] in _JOINERS or doing):
        return False
    if len(low) == 1 and low[0] in _WHEN:  # "Week": of what?
        return False
    return opens or low[0] not in _DOING


def _common(group, texts, stops, asked, free, word=None):
    """The group's phrase of two to four words that most of its members
    wrote, then the shortest, then the first read (one that fits a line of
    the board first); with a word, one holding it at an end ("Staff" as
    "Experienced staff"). For a lone word, and for a group whose words all
    belong to others too."""
    stem = theme_text.stem(word.lower()) if word else None
    writers, first = {}, {}
    for i in group[:_READ]:
        seen = set()
        for phrase, opens, _, _ in _phrases(texts[i], stops, asked, modifiers=True):
            low = [w.lower() for w in phrase]
            if not 2 <= len(low) <= 4 or not _names_a_thing(low, opens, phrase):
                continue
            stems = [theme_text.stem(w) for w in low]
            if stem and stem not in (stems[-1], stems[0]) or not free(_spell(phrase)):
                continue
            key = " ".join(low)
            if key not in seen:
                seen.add(key)
                writers[key] = writers.get(key, 0) + 1
                first.setdefault(key, (len(first), _spell(phrase)))
    if not writers:
        return None
    best = min(writers, key=lambda k: (len(k) > _WIDEST, -writers[k], len(k.split()), first[k][0]))
    return first[best][1]


def _centrality(group, similarity):
    """Each member's mean likeness to the others, 0..1 within the group."""
    if similarity is None or len(group) < 2:
        return [0.0] * len(group)
    inside = np.asarray(similarity, dtype=np.float64)[np.ix_(group, group)]
    means = (inside.sum(axis=1) - np.diag(inside)) / (len(group) - 1)
    low, high = means.min(), means.max()
    return [float((m - low) / (high - low)) if high > low else 0.0 for m in means]


def _phrases(text, stops, asked, modifiers=False):
    """Runs of the idea's words that start and end on a content word, each
    with whether it opens a sentence and the content words that follow and
    precede it, if any do. With modifiers, a word of the question may open one ("care
    worker")."""
    tokens = [t.strip("'’-") for t in _TOKEN.findall(theme_text.plain_keep_case(text))]
    tokens = [_case(t, tokens[k - 1] if k else ".") for k, t in enumerate(tokens)]
    kinds = []
    for token in tokens:
        low = token.lower()
        if not low[:1].isalpha():
            kinds.append("break")  # punctuation ends a phrase
        elif kinds and tokens[len(kinds) - 1].lower() in _SUBJECTS:
            kinds.append("break")  # "we paid", "she cleans": a verb names no thing
        elif low in _LEADING:
            kinds.append("break")
        elif _verb_after_plural(tokens, len(kinds), stops):
            kinds.append("break")  # "classes costs money": a plural, its verb, what it does
        elif low in asked or theme_text.stem(low) in asked:
            kinds.append("asked")
        elif modifiers and low == "day":
            kinds.append("asked")  # filler, but the sector's "day centre", "day service"
        elif low not in stops and len(low) >= 2:
            kinds.append("content")
        elif low in _JOINERS:
            kinds.append("inside")
        else:
            kinds.append("break")
    found = []
    for start, kind in enumerate(kinds):
        if kind != "content" and not (modifiers and kind == "asked"):
            continue
        opens = start == 0 or tokens[start - 1] in (".", "!", "?", ":", ";")
        before = start and kinds[start - 1] == "content" and tokens[start - 1].lower()
        for end in range(start, min(start + _LONGEST, len(tokens))):
            # "Ask us": easy read's own way to say it, an action and who it is for.
            if end == start + 1 and tokens[end].lower() in _US and tokens[start].lower() in _FOR_US:
                found.append((tokens[start : end + 1], opens, None, before))
                break
            if kinds[end] == "break":
                break
            # "Jobs for local people": people may close a phrase, never be one.
            closes = end > start and tokens[end].lower() == "people"
            # ... after a word that describes them ("local people"), not "carers people".
            closes = closes and not tokens[end - 1].lower().endswith("s")
            if kinds[end] == "content" or closes:
                after = end + 1 < len(tokens) and kinds[end + 1] == "content"
                follows = after and tokens[end + 1].lower()
                found.append((tokens[start : end + 1], opens, follows, before))
    return found


def _plural(word):
    word = word.lower()
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _verb_after_plural(tokens, k, stops):
    """Whether token k is a verb by where it stands: a plural after a plural
    and before a word it acts on ("Paid time for classes costs money"); one
    thing's name is rarely plural before another's, and "Meals on wheels
    drivers", "skills qualifications gained" end there."""
    if not 0 < k < len(tokens) - 1 or not _plural(tokens[k]) or not _plural(tokens[k - 1]):
        return False
    nxt = tokens[k + 1].lower()
    return nxt[:1].isalpha() and nxt not in stops and not nxt.endswith("ed")


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


def _said(text, asked):
    """A member's stems and the care concepts its words name, the question's
    own words left out."""
    from . import care_words

    stops = theme_text._stops()
    said = theme_text.words(text)
    stems = {theme_text.stem(w) for w in said if w not in stops and len(w) >= 2} - asked
    return stems, set(care_words.concepts(said))


def _about(label, asked, head=False):
    """What a label says its group is about: its stems and care concepts,
    less a verb opening an action ("Check" of "Check smoke alarms") and who
    it is for, unless nothing else is left ("Ask us"). With head, only the
    concepts its last word names (or last two: "unpaid carers"), not those of
    a word describing it: "Learning disability" is not about training."""
    from . import care_words

    stops = theme_text._stops()
    said = theme_text.words(label)
    kept = [w for w in said if w not in stops and len(w) >= 2]
    kept = [w for w in kept if w not in _DOING and w not in _US] or kept
    concepts = set(care_words.concepts(said))
    if head:
        concepts = set(care_words.concepts(said[-2:])) - set(care_words.concepts(said[-2:-1]))
        concepts |= set(care_words.concepts(said[-1:]))
    return {theme_text.stem(w) for w in kept} - asked, concepts


def _fitter(members, asked, head=False, said=None, concepts=True):
    """A phrase's coverage of these members' texts (`coverage`), cached; the
    members' words are read on the first call (said: another fitter's, shared).
    Without concepts, by the members' own words alone."""
    said = said if said is not None else []
    known = {}

    def fit(label):
        if not said:
            said.extend(_said(t, asked) for t in members)
        key = label.lower()
        if key not in known:
            stems, named = _about(label, asked, head)
            named = named if concepts else set()
            met = sum(bool(stems & s or named & c) for s, c in said) if stems or named else 0
            known[key] = met / len(said) if said else 0.0
        return known[key]

    fit.said = said
    return fit


def coverage(label, texts, question=""):
    """The share of texts (a group's members) that meet the label: a text
    holds one of its words (stem) or names one of its care concepts. A label
    over fifteen ideas that two wrote ("Check smoke alarms") covers 2 in 15."""
    asked = {theme_text.stem(w) for w in theme_text.content(question)}
    return _fitter(list(texts), asked)(label)
