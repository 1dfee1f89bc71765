"""Accepted themes: rows for the themes of a question, the ideas in each, and
the question's earlier states for undo (issue 22; migration in schema.py).

A question's themes are read and written whole: a change replaces them with
the new list in one transaction, after keeping the old list for undo. An idea
is in one theme at most (theme_ideas is keyed by the idea).
"""

import json

from .connection import now
from .theme_votes import all_rows
from .theme_votes import restore as restore_votes

UNDO_KEPT = 50


def themes_of(db, workshop_id, question_id=None):
    """[{"id", "question_id", "label", "position", "ideas": [idea ids]}] in order.

    Every member is listed, whatever its idea's status: the room layer shows
    only shown ones.
    """
    sql = "SELECT id, question_id, label, position FROM themes WHERE workshop_id = ?"
    params = [workshop_id]
    if question_id is not None:
        sql += " AND question_id = ?"
        params.append(question_id)
    rows = [
        {"id": r[0], "question_id": r[1], "label": r[2], "position": r[3], "ideas": []}
        for r in db.conn.execute(sql + " ORDER BY question_id, position, id", params)
    ]
    by_id = {r["id"]: r for r in rows}
    if by_id:
        members = db.conn.execute(
            "SELECT theme_id, idea_id FROM theme_ideas WHERE theme_id IN"
            f" ({', '.join('?' * len(by_id))}) ORDER BY theme_id, position, idea_id",
            list(by_id),
        )
        for theme_id, idea_id in members:
            by_id[theme_id]["ideas"].append(idea_id)
    return rows


def theme_by_id(db, theme_id):
    """One theme row (without its ideas), or None."""
    row = db.conn.execute(
        "SELECT id, workshop_id, question_id, label, position FROM themes WHERE id = ?",
        (theme_id,),
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("id", "workshop_id", "question_id", "label", "position"), row, strict=True))


def replace_themes(db, workshop_id, question_id, themes):
    """Write a question's themes as given ([{"id"?, "label", "ideas"}]), keeping ids
    that are given so a theme keeps its id through a rename or a move."""
    db.conn.execute(
        "DELETE FROM theme_ideas WHERE theme_id IN"
        " (SELECT id FROM themes WHERE question_id = ? AND workshop_id = ?)",
        (question_id, workshop_id),
    )
    db.conn.execute(
        "DELETE FROM themes WHERE question_id = ? AND workshop_id = ?", (question_id, workshop_id)
    )
    stamp = now()
    for position, theme in enumerate(themes, start=1):
        keep = theme.get("id")
        # An undo brings back a theme's id unless another question's theme took it since.
        if (
            keep is not None
            and db.conn.execute("SELECT 1 FROM themes WHERE id = ?", (keep,)).fetchone()
        ):
            keep = None
        theme_id = db.conn.execute(
            "INSERT INTO themes (id, workshop_id, question_id, label, position, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (keep, workshop_id, question_id, theme["label"], position, stamp),
        ).lastrowid
        theme["id"] = theme_id
        db.conn.executemany(
            "INSERT INTO theme_ideas (idea_id, theme_id, position) VALUES (?, ?, ?)",
            [(idea_id, theme_id, k) for k, idea_id in enumerate(theme["ideas"], start=1)],
        )


def keep_for_undo(db, workshop_id, question_id, themes):
    """Remember a question's themes before a change; only the latest UNDO_KEPT stay."""
    state = [{"id": t["id"], "label": t["label"], "ideas": list(t["ideas"])} for t in themes]
    db.conn.execute(
        "INSERT INTO theme_undo (workshop_id, question_id, state, created_at) VALUES (?, ?, ?, ?)",
        (workshop_id, question_id, json.dumps(state), now()),
    )
    db.conn.execute(
        "DELETE FROM theme_undo WHERE question_id = ? AND id NOT IN"
        " (SELECT id FROM theme_undo WHERE question_id = ? ORDER BY id DESC LIMIT ?)",
        (question_id, question_id, UNDO_KEPT),
    )


def take_undo(db, question_id):
    """The question's themes before its latest change, removed from the undo list; or None."""
    row = db.conn.execute(
        "SELECT id, state FROM theme_undo WHERE question_id = ? ORDER BY id DESC LIMIT 1",
        (question_id,),
    ).fetchone()
    if row is None:
        return None
    db.conn.execute("DELETE FROM theme_undo WHERE id = ?", (row[0],))
    return json.loads(row[1])


def archived(db, workshop_id, refs):
    """The workshop's themes for the JSON archive, naming questions and ideas by their
    archive refs ({table: {id: ref}}); ideas the archive leaves out are left out here."""
    votes = {}
    for vote in all_rows(db, workshop_id):
        if vote["participant_id"] in refs["participants"]:
            votes.setdefault(vote["theme_id"], []).append(
                {
                    "participant": refs["participants"][vote["participant_id"]],
                    "voter_role": vote["voter_role"],
                    "created_at": vote["created_at"],
                    "withdrawn_at": vote["withdrawn_at"],
                }
            )
    out = []
    for theme in themes_of(db, workshop_id):
        ideas = [refs["ideas"][i] for i in theme["ideas"] if i in refs["ideas"]]
        if ideas and theme["question_id"] in refs["questions"]:
            question = refs["questions"][theme["question_id"]]
            row = {"question": question, "label": theme["label"], "ideas": ideas}
            # Dots on the theme itself (issue 22 item 5), by participant ref.
            if theme["id"] in votes:
                row["votes"] = votes[theme["id"]]
            out.append(row)
    return out


def restore_archived(db, workshop_id, themes, ids):
    """Write an archive's themes back, with refs mapped to this database's ids
    ({table: {ref: id}}); KeyError, TypeError or ValueError if they do not fit."""
    by_question = {}
    for theme in themes:
        label = theme["label"]
        if not isinstance(label, str) or not isinstance(theme["ideas"], list):
            raise TypeError("a theme needs a label and a list of ideas")
        question = ids["questions"][theme["question"]]
        ideas = [ids["ideas"][ref] for ref in theme["ideas"]]
        votes = theme.get("votes") or []
        if not isinstance(votes, list):
            raise TypeError("a theme's votes are a list")
        by_question.setdefault(question, []).append(
            {"label": label.strip(), "ideas": ideas, "votes": votes}
        )
    for question, rows in by_question.items():
        replace_themes(db, workshop_id, question, rows)
        # The dots on each theme, under its new id and new client ids.
        restore_votes(
            db,
            [
                {
                    "workshop_id": workshop_id,
                    "question_id": question,
                    "theme_id": row["id"],
                    "participant_id": ids["participants"][vote["participant"]],
                    "voter_role": vote["voter_role"],
                    "client_id": f"archive-{row['id']}-{n}",
                    "created_at": vote["created_at"],
                    "withdrawn_at": vote.get("withdrawn_at"),
                }
                for row in rows
                for n, vote in enumerate(row["votes"])
            ],
        )


def standing_votes(db, workshop_id):
    """[(participant_id, role, idea_id)]: every standing vote, on the idea a merged
    duplicate joined (its root). For theme support: room/theme_support.py."""
    sql = (
        "WITH RECURSIVE roots(id, root) AS ("
        " SELECT id, id FROM ideas WHERE workshop_id = ? AND merged_into IS NULL"
        " UNION ALL SELECT i.id, roots.root FROM ideas i JOIN roots ON i.merged_into = roots.id)"
        " SELECT v.participant_id, v.voter_role, roots.root FROM votes v"
        " JOIN roots ON roots.id = v.idea_id WHERE v.withdrawn_at IS NULL"
    )
    return [tuple(row) for row in db.conn.execute(sql, [workshop_id])]
