"""Redaction: names and words taken out of every format before anyone reads it.

People say names aloud and type them into ideas ("Sue at the day centre").
A redaction list, from a file (`--redact FILE`) and/or kept with the workshop,
replaces each listed name or phrase, whole words only and in any case, with
a marker, in every piece of user text the report or archive carries.
"""

import re
from pathlib import Path

from .errors import Invalid

MARK = "[redacted]"
TERM_MAX = 200


def read_terms(path):
    """Terms from a file: one name, word or phrase per line; # starts a comment."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"Cannot read the redaction list {path}: {exc}") from exc
    return clean_terms(line.split("#", 1)[0] for line in text.splitlines())


def clean_terms(terms):
    """Trimmed, de-duplicated terms, or Invalid for one that is too long."""
    seen, result = set(), []
    for term in terms:
        term = " ".join(str(term).split())
        if not term or term.casefold() in seen:
            continue
        if len(term) > TERM_MAX:
            raise Invalid(f"A redaction term must be under {TERM_MAX} characters.")
        seen.add(term.casefold())
        result.append(term)
    return result


class Redactor:
    """Replace every listed term in a text; a Redactor without terms changes nothing."""

    def __init__(self, terms=()):
        self.terms = clean_terms(terms)
        # Longest first, so "Sue Smith" is taken whole before "Sue".
        ordered = sorted(self.terms, key=len, reverse=True)
        parts = [r"\s+".join(map(re.escape, term.split())) for term in ordered]
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)
            if parts
            else None
        )

    def __call__(self, text):
        if text is None or self._pattern is None:
            return text
        return self._pattern.sub(MARK, str(text))

    def __bool__(self):
        return self._pattern is not None


def for_workshops(workshops, extra=()):
    """One redactor for a report: every workshop's own list plus the file's terms."""
    terms = list(extra)
    for workshop in workshops:
        terms += workshop.get("redactions") or []
    return Redactor(terms)
