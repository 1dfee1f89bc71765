"""Kinds of question in the report: how each kind's answers are marked and which
report sections it has. One module per kind; a new kind adds its module and one
line below (the room's registry is room/kinds, the screens' static/js/kinds).
"""

from . import ideas, ranking, risk

KINDS = {kind.NAME: kind for kind in (ideas, risk, ranking)}


def of(question):
    """The report module of this question's (or answer group's) kind."""
    return KINDS.get(question.get("kind") or ideas.NAME, ideas)


def gather(db, workshop, redact):
    """What each kind reads for one event's report, beyond its ideas (no ids of people)."""
    found = {}
    for kind in KINDS.values():
        if hasattr(kind, "gather"):
            found.update(kind.gather(db, workshop, redact))
    return found


def sections(events, stages, names, framework):
    """Each kind's own report sections (a ranking question's order), in agenda order."""
    return [
        section
        for kind in KINDS.values()
        if hasattr(kind, "sections")
        for section in kind.sections(events, stages, names, framework)
    ]


def grouped(sections):
    """[(heading, sections)]: each kind's sections under the kind's own heading."""
    groups = {}
    for section in sections:
        groups.setdefault(section["kind"], []).append(section)
    return [(KINDS[kind].HEADING, found) for kind, found in groups.items()]


def method_notes(sections):
    """The technical notes of the kinds that have sections here, for the method section."""
    present = {section["kind"] for section in sections}
    return [KINDS[k].METHOD_NOTE for k in present if hasattr(KINDS[k], "METHOD_NOTE")]


def idea_questions(stage):
    """A stage's questions answered in ideas (a ranking has its own section)."""
    return [q for q in stage["questions"] if of(q).IDEAS]
