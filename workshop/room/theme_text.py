"""The words of ideas, for theme suggestions: the embedding model, word and
spelling vectors, the framework's vocabulary as seeds, and labels.

The model is WordLlama's 256-dimension "l2_supercat" token embeddings
(docs/THEMES.md: provenance, licence, memory), loaded from the weights inside
its wheel on first use, once per process, never over the network.
"""

import functools
import re
import threading
import unicodedata
from pathlib import Path

import numpy as np

_model = None
_model_lock = threading.Lock()


def model():
    """The loaded WordLlama model (about 16 MB of weights, some 60 MB resident)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                # Imported here: the server starts without paying for it, and
                # gevent's monkey-patching comes before any of its imports.
                import wordllama

                _model = wordllama.WordLlama.load(
                    cache_dir=Path(wordllama.__file__).parent, disable_download=True
                )
    return _model


def embed(texts):
    """Unit vectors, one a text (float32, 256 columns)."""
    return np.asarray(model().embed(list(texts), norm=True), dtype=np.float32)


# Words that say nothing about what an idea is about, in the voices of the room
# (scikit-learn's English list has the function words).
_FILLER = frozenset(
    str.split(
        """
    people person like want wants need needs make making really just things thing good
    better lot lots able way ways use using new day time e g eg etc ppl don didn doesn
    won isn ll ve re t s d m writing would could should also even every everyone one two
    years year sure know help helps used look tell say said got getting come stop
    keep kept things stuff etc maybe already still much many
    """
    )
)


def stop_words():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | _FILLER)


_WORD = re.compile(r"[a-z][a-z']*[a-z]|[a-z]")


def plain(text):
    """Lower case, accents and curly quotes folded, so spellings compare."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().replace("&", " and ")


def words(text):
    """An idea's words, in its own spelling (lower case), in order."""
    return [w.strip("'") for w in _WORD.findall(plain(text))]


@functools.lru_cache(maxsize=65536)
def stem(word):
    """A crude stem so 'carers', 'caring' and 'carer' count once: enough for labels."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ers", "er"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


def content(text):
    """An idea's content words, unstemmed."""
    stops = _stops()
    return [w for w in words(text) if w not in stops and len(w) > 1]


def analyse(text):
    """Stemmed content words: the word vectors' tokens."""
    stops = _stops()
    return [stem(w) for w in words(text) if w not in stops and len(w) > 1]


_stop_cache = None


def _stops():
    global _stop_cache
    if _stop_cache is None:
        _stop_cache = stop_words()
    return _stop_cache


def seed_texts(framework):
    """The framework's own vocabulary: its priorities, kinds of outcome, Care Act
    themes and what experts by experience value, each as one text."""
    if not framework:
        return []
    seeds = []
    for entry in framework.get("priorities", []):
        seeds.append(" ".join(filter(None, (entry.get("name"), entry.get("description")))))
    for entry in framework.get("outcome_kinds", []):
        seeds.append(" ".join(filter(None, (entry.get("short"), entry.get("easy_read")))))
    definitions = {
        d.get("key"): d.get("definition") for d in framework.get("theme_definitions", [])
    }
    for list_name in ("care_act_themes", "experts_by_experience_value"):
        for entry in framework.get(list_name, []):
            seeds.append(" ".join(filter(None, (entry.get("name"), definitions.get(entry["key"])))))
    return [s for s in seeds if s.strip()]


def labels(texts, groups, *, most=2, question=""):
    """A short label for each group (lists of indexes into texts), from the
    words its members themselves used most and the other ideas least.

    Stems are scored by the share of members using them against the share of
    other ideas; each is shown in the spelling its members used most. Only the
    texts passed in are read, so a hidden idea's words never reach a label.
    """
    # The question's own words are in every answer's mind, so they name no theme.
    stops = _stops() | {w for w in words(question)} | {stem(w) for w in words(question)}
    tokens = [[w for w in words(t) if w not in stops and len(w) >= 3] for t in texts]
    stems = [{stem(w) for w in ws} for ws in tokens]
    everywhere = {}
    for found in stems:
        for s in found:
            everywhere[s] = everywhere.get(s, 0) + 1
    return [_label(group, tokens, stems, everywhere, len(texts), most) for group in groups]


def _label(group, tokens, stems, everywhere, total, most):
    spelled, inside = {}, {}
    for i in group:
        for w in tokens[i]:
            forms = spelled.setdefault(stem(w), {})
            forms[w] = forms.get(w, 0) + 1
        for s in stems[i]:
            inside[s] = inside.get(s, 0) + 1
    if not inside:
        return "Other ideas"
    size, rest = len(group), max(total - len(group), 1)

    def score(s):
        share = inside[s] / size
        elsewhere = (everywhere[s] - inside[s]) / rest
        return (share * (share - elsewhere), inside[s], s)

    ranked = sorted(inside, key=score, reverse=True)
    chosen = [s for s in ranked if inside[s] >= min(2, size)][:most] or ranked[:1]
    spelling = [max(sorted(spelled[s]), key=lambda w: spelled[s][w]) for s in chosen]
    text = _phrase(group, tokens, chosen[0], size) or ", ".join(spelling)
    return text[:1].upper() + text[1:]


def _phrase(group, tokens, top, size):
    """Two words the members wrote side by side with the top one ("living wage"), if
    at least two of them (and a quarter of the group) did; else None."""
    pairs = {}
    for i in group:
        seen = set()
        for a, b in zip(tokens[i], tokens[i][1:], strict=False):
            if top in (stem(a), stem(b)) and (a, b) not in seen:
                seen.add((a, b))
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    if not pairs:
        return None
    (a, b), count = max(sorted(pairs.items()), key=lambda item: item[1])
    return f"{a} {b}" if count >= max(2, size / 4) else None


def concept_words(text):
    """An idea's stemmed content words and, after them, the care concepts its
    words name (workshop/room/care_words.py): "EV fleet" and "electric cars"
    then share a word. For the words view only; never for a label."""
    from . import care_words

    return analyse(text) + care_words.concepts(words(text))


def concept_content(text):
    """An idea's content words and the care concepts they name, each twice: the
    meaning view's words. A concept stands for what several spellings share, so
    it counts as much as two of them (ARI 0.44 once, 0.46 twice)."""
    from . import care_words

    named = care_words.concepts(words(text))
    return content(text) + named + named
