"""Themes as the facilitator keeps them: suggest, accept all or some, rename,
merge, split, move an idea (or add one by hand), undo (issue 22).

Plain functions over the database, registered as actions in web/actions.py.
Each write keeps the question's themes as they were for undo, writes the new
list whole and logs one `themes_changed` event for the consoles. Hidden,
pending and merged ideas stay in their theme's rows (a restore or unmerge
brings them back) but are never shown in a theme or suggested.
"""

from ..storage import db as store
from ..storage import theme_votes as vote_rows
from ..storage import themes as theme_rows
from . import themes
from .errors import Conflict, Invalid, NotFound
from .moderation import idea as idea_of
from .rules import Change, clean_text, question

LABEL_MAX = 80
THEMES_MAX = 100


def _shown_ids(db, workshop, question_id):
    return [i["id"] for i in store.ideas_of(db, workshop["id"], question_id)]


def _view(rows, shown):
    """[{"id", "label", "ideas"}] with shown ideas only, themes left empty dropped."""
    shown = set(shown)
    out = []
    for row in rows:
        ideas = [i for i in row["ideas"] if i in shown]
        if ideas:
            out.append({"id": row["id"], "label": row["label"], "ideas": ideas})
    return out


def accepted(db, workshop, question_id=None):
    """[{"question_id", "groups": [{"id", "label", "ideas"}]}] for every question with themes."""
    if question_id is not None:
        question_id = question(db, workshop, question_id)["id"]
    rows = theme_rows.themes_of(db, workshop["id"], question_id)
    shown = {i["id"] for i in store.ideas_of(db, workshop["id"], question_id)}
    result = {}
    for row in rows:
        result.setdefault(row["question_id"], []).append(row)
    return [
        {"question_id": q, "groups": _view(groups, shown)}
        for q, groups in result.items()
        if _view(groups, shown)
    ]


def suggestion(db, workshop, question_id):
    """Suggested themes for one question: {"question_id", "groups", "message"}.

    The question's accepted themes teach it: ideas the facilitator put
    together stay together, ideas put apart stay apart.
    """
    q = question(db, workshop, question_id)
    ideas = store.ideas_of(db, workshop["id"], q["id"])
    corrections = [t["ideas"] for t in theme_rows.themes_of(db, workshop["id"], q["id"])]
    found = themes.suggest(ideas, workshop["framework"], corrections, q["text"])
    return {"question_id": q["id"], **found}


def suggestions(db, workshop, question_id=None):
    """Suggestions for one question, or for every question that has shown ideas."""
    if question_id is not None:
        return [suggestion(db, workshop, question_id)]
    with_ideas = {i["question_id"] for i in store.ideas_of(db, workshop["id"])}
    return [
        suggestion(db, workshop, q["id"])
        for q in store.questions_of(db, workshop["id"])
        if q["id"] in with_ideas
    ]


def looks_like(db, workshop, idea_id):
    """The earlier shown idea of the same question this one most likely repeats
    ({"id", "text", "how"}), or None: the console's "looks like #12"."""
    row = idea_of(db, workshop, idea_id)
    earlier = [
        i for i in store.ideas_of(db, workshop["id"], row["question_id"]) if i["id"] < row["id"]
    ]
    return themes.near_duplicate(earlier, row["text"], exclude=row["id"])


def looks_alike(db, workshop, question_id):
    """looks_like for every shown idea of a question at once: {idea id: {"id",
    "text", "how"}} for each that most likely repeats an earlier one. What a
    console opening on a room already full of ideas marks."""
    q = question(db, workshop, question_id)
    return themes.near_duplicates(store.ideas_of(db, workshop["id"], q["id"]))


# Writes


def _ids(value, what):
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in value)
        or len(set(value)) != len(value)
    ):
        raise Invalid(f"Give {what} as a list of different idea numbers.", code="bad_ideas")
    return value


def _theme(db, workshop, theme_id):
    found = theme_rows.theme_by_id(db, theme_id) if store.is_row_id(theme_id) else None
    if not found or found["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such theme in this workshop.")
    return found


def _write(db, workshop, question_id, change):
    """Apply change(current themes) -> new themes, keeping the old for undo; one event."""
    with store.transaction(db):
        current = theme_rows.themes_of(db, workshop["id"], question_id)
        new = change([{**t, "ideas": list(t["ideas"])} for t in current])
        new = [t for t in new if t["ideas"]]
        if len(new) > THEMES_MAX:
            raise Invalid(f"A question can have at most {THEMES_MAX} themes.", code="too_many")
        theme_rows.keep_for_undo(db, workshop["id"], question_id, current)
        theme_rows.replace_themes(db, workshop["id"], question_id, new)
        moved = vote_rows.follow(db, workshop["id"], question_id, current, new)
        event, view = _event(db, workshop, question_id, moved)
    return Change(view, [event])


def _event(db, workshop, question_id, moved=None):
    view = {
        "question_id": question_id,
        "groups": _view(
            theme_rows.themes_of(db, workshop["id"], question_id),
            _shown_ids(db, workshop, question_id),
        ),
    }
    # Dots on themes (issue 22 item 5) that followed a merge: phones move their own.
    if moved:
        view["votes_moved"] = {str(old): new for old, new in moved.items()}
    return store.append_event(db, workshop["id"], "themes_changed", view), view


def _without(themes_list, idea_ids):
    gone = set(idea_ids)
    for t in themes_list:
        t["ideas"] = [i for i in t["ideas"] if i not in gone]
    return themes_list


def accept_themes(db, workshop, question_id, groups):
    """Accept all or some suggested groups (or the facilitator's own) as themes.

    `groups` is [{"label", "ideas": [idea ids]}]; an idea already in a theme
    moves to its new one. Every idea must be shown on this question.
    """
    q = question(db, workshop, question_id)
    if not isinstance(groups, list) or not groups or len(groups) > THEMES_MAX:
        raise Invalid("Choose at least one theme to accept.", code="bad_groups")
    shown = set(_shown_ids(db, workshop, q["id"]))
    clean, seen = [], set()
    for group in groups:
        if not isinstance(group, dict):
            raise Invalid("Each theme needs a label and its ideas.", code="bad_groups")
        label = clean_text(group.get("label"), LABEL_MAX, "theme name")
        ideas = _ids(group.get("ideas"), "each theme's ideas")
        if set(ideas) - shown:
            raise Conflict("Only ideas shown on this question can be in its themes.")
        if seen & set(ideas):
            raise Invalid("An idea can be in one theme only.", code="bad_groups")
        seen |= set(ideas)
        clean.append({"label": label, "ideas": ideas})
    return _write(db, workshop, q["id"], lambda current: _without(current, seen) + clean)


def rename_theme(db, workshop, theme_id, label):
    """Give a theme a new name."""
    theme = _theme(db, workshop, theme_id)
    label = clean_text(label, LABEL_MAX, "theme name")

    def change(current):
        for t in current:
            if t["id"] == theme["id"]:
                t["label"] = label
        return current

    return _write(db, workshop, theme["question_id"], change)


def merge_themes(db, workshop, theme_id, into):
    """Put every idea of one theme into another of the same question."""
    source, target = _theme(db, workshop, theme_id), _theme(db, workshop, into)
    if source["id"] == target["id"] or source["question_id"] != target["question_id"]:
        raise Conflict("Merge a theme into another theme of the same question.")

    def change(current):
        moving = next(t["ideas"] for t in current if t["id"] == source["id"])
        for t in current:
            if t["id"] == target["id"]:
                t["ideas"] += moving
        return [t for t in current if t["id"] != source["id"]]

    return _write(db, workshop, source["question_id"], change)


def split_theme(db, workshop, theme_id, idea_ids, label):
    """Take some of a theme's ideas out into a new theme after it."""
    theme = _theme(db, workshop, theme_id)
    idea_ids = _ids(idea_ids, "the ideas to split off")
    label = clean_text(label, LABEL_MAX, "theme name")

    def change(current):
        at = next(k for k, t in enumerate(current) if t["id"] == theme["id"])
        members = current[at]["ideas"]
        if set(idea_ids) - set(members):
            raise Conflict("Split off ideas that are in this theme.")
        if set(members) <= set(idea_ids):
            raise Conflict("Leave at least one idea in the theme you split.")
        current[at]["ideas"] = [i for i in members if i not in idea_ids]
        return current[: at + 1] + [{"label": label, "ideas": idea_ids}] + current[at + 1 :]

    return _write(db, workshop, theme["question_id"], change)


def _moved(idea_ids, theme):
    """The change that puts `idea_ids` into `theme` (None: into no theme)."""

    def change(current):
        current = _without(current, idea_ids)
        for t in current:
            if theme and t["id"] == theme["id"]:
                t["ideas"] += idea_ids
        return current

    return change


def move_to_theme(db, workshop, idea_id, theme_id=None):
    """Move an idea into a theme (or add one that was in none); theme_id None takes it out."""
    row = idea_of(db, workshop, idea_id)
    if row["status"] != "shown":
        raise Conflict("Only ideas shown on the board can be put in a theme.")
    theme = _theme(db, workshop, theme_id) if theme_id is not None else None
    if theme and theme["question_id"] != row["question_id"]:
        raise Conflict("That theme belongs to another question.")
    return _write(db, workshop, row["question_id"], _moved([row["id"]], theme))


def move_ideas_to_theme(db, workshop, question_id, idea_ids, theme_id=None):
    """Move several of a question's shown ideas into one theme at once (theme_id
    None: out of every theme): one write, one undo step, one `themes_changed`.

    Ideas already there keep their place; the others join the end in the order
    given. Like a single move, the new themes teach the next suggestion.
    """
    q = question(db, workshop, question_id)
    idea_ids = _ids(idea_ids, "the ideas to move")
    rows = [idea_of(db, workshop, i) for i in idea_ids]
    if any(r["question_id"] != q["id"] for r in rows):
        raise Conflict("Move ideas of this question only.")
    unshown = [f"#{r['id']} is {r['status']}" for r in rows if r["status"] != "shown"]
    if unshown:
        raise Conflict(
            "Only ideas shown on the board can be put in a theme: " + ", ".join(unshown) + ".",
            code="not_shown",
        )
    theme = _theme(db, workshop, theme_id) if theme_id is not None else None
    if theme and theme["question_id"] != q["id"]:
        raise Conflict("That theme belongs to another question.")
    where = {
        i: t["id"] for t in theme_rows.themes_of(db, workshop["id"], q["id"]) for i in t["ideas"]
    }
    goal = theme["id"] if theme else None
    moving = [i for i in idea_ids if where.get(i) != goal]
    if not moving:
        there = "already in that theme" if theme else "in no theme already"
        raise Invalid(f"Those ideas are {there}.", code="unchanged")
    return _write(db, workshop, q["id"], _moved(moving, theme))


def undo_themes(db, workshop, question_id):
    """Put a question's themes back as they were before its latest change."""
    q = question(db, workshop, question_id)
    with store.transaction(db):
        current = theme_rows.themes_of(db, workshop["id"], q["id"])
        before = theme_rows.take_undo(db, q["id"])
        if before is None:
            raise Conflict("There is no change to the themes to undo.")
        theme_rows.replace_themes(db, workshop["id"], q["id"], before)
        moved = vote_rows.follow(db, workshop["id"], q["id"], current, before)
        event, view = _event(db, workshop, q["id"], moved)
    return Change(view, [event])
