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


FILLER = _FILLER


def stop_words():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | _FILLER)


_WORD = re.compile(r"[a-z][a-z']*[a-z]|[a-z]")


def plain(text):
    """Lower case, accents and curly quotes folded, so spellings compare."""
    return plain_keep_case(text).lower()


def plain_keep_case(text):
    """Accents and curly quotes folded, "&" as "and", the case kept (EV, TUPE)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.replace("&", " and ")


def words(text):
    """An idea's words, in its own spelling (lower case), in order."""
    return [w.strip("'") for w in _WORD.findall(plain(text))]


@functools.lru_cache(maxsize=65536)
def stem(word):
    """A crude stem so 'carers' and 'carer', 'caring' and 'care' count once.

    Stems stay words, since the model embeds them: "-ing" gives back the "e" a
    short word lost ('caring' is 'care', not 'car' the vehicle; 'living' is
    'live') and a doubled consonant ('shopping' is 'shop'), as Porter's rules do.
    """
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ers", "er"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            base = word[: len(word) - len(suffix)] + keep
            return _mend(base) if suffix == "ing" else base
    return word


_VOWELS = frozenset("aeiou")


def _mend(base):
    """A stem cut from '-ing' as the word it came from."""
    last, before = base[-1], base[-2]
    if last == before and last not in _VOWELS and last not in "lsz":
        return base[:-1]  # shopp -> shop, runn -> run
    vowel_runs = re.findall(r"[aeiou]+", base[:-1])
    if (
        len(vowel_runs) == 1
        and last not in _VOWELS
        and last not in "wxy"
        and before in _VOWELS
        and len(vowel_runs[0]) == 1
        and base[-3] not in _VOWELS
    ):
        return base + "e"  # car -> care, liv -> live, shar -> share
    return base


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
