"""A dot vote on themes instead of ideas (issue 22 item 5).

The facilitator turns a question's vote to its accepted themes; phones then
place their dots on themes, with the same budget, the same once-per-client-id
rule and the same refusals as dots on ideas (contributions.cast_vote). Dots
already on ideas stay where they are (and count again if the vote goes back to
ideas); a theme vote has its own budget, so a person who spent their dots on
ideas still has them for the themes.

What theme changes do to the dots (storage/theme_votes.follow): a rename, a
moved idea and the part of a split keeping its name keep them; a theme that
is gone (a merge, a new list of themes, an undo) passes them to the theme now
holding most of its ideas (a person with a dot there already gets one back),
or gives them back when no theme holds its ideas.
A theme whose ideas are all hidden drops off the vote; its dots stay and count
again if an idea comes back.
"""

import sqlite3

from ..storage import db as store
from ..storage import theme_votes as vote_rows
from ..storage import themes as theme_rows
from . import theming
from .errors import Conflict, Forbidden, Invalid, NotFound
from .rules import (
    Change,
    clean_client_id,
    open_for_answers,
    question,
    repeated_vote,
    still_running,
    vote_refused,
)

VOTE_ON = ("ideas", "themes")
THEME_VOTE_FIELDS = ("theme_id", "client_id")


def _shown_themes(db, workshop, question_id):
    """{theme id: theme} of a question's accepted themes with shown ideas."""
    accepted = theming.accepted(db, workshop, question_id)
    return {g["id"]: g for q in accepted for g in q["groups"]}


def set_vote_on(db, workshop, question_id, vote_on):
    """Put a question's dots on its ideas or on its accepted themes."""
    still_running(workshop)
    target = question(db, workshop, question_id)
    if vote_on not in VOTE_ON:
        raise Invalid("Choose to vote on ideas or on themes.", code="bad_vote_on")
    if vote_on == "themes" and not _shown_themes(db, workshop, target["id"]):
        raise Conflict(
            "This question has no accepted themes yet: accept themes first, then vote on them.",
            code="no_themes",
        )
    with store.transaction(db):
        store.update_question(db, target["id"], vote_on=vote_on)
        event = store.append_event(
            db,
            workshop["id"],
            "vote_on_changed",
            {"question_id": target["id"], "vote_on": vote_on},
        )
    return Change(store.question_by_id(db, target["id"]), [event])


def cast_theme_vote(db, workshop, participant, *, theme_id, client_id=None):
    """Put one of the participant's dots on a theme, once per client_id."""
    client_id = clean_client_id(client_id)
    existing = vote_rows.by_client_id(db, workshop["id"], client_id)
    if existing:
        return repeated_vote(participant, existing, "theme")
    theme = theme_rows.theme_by_id(db, theme_id) if store.is_row_id(theme_id) else None
    if not theme or theme["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such theme to vote for.")
    target = open_for_answers(db, workshop, theme["question_id"])
    if target.get("vote_on") != "themes":
        raise Conflict(
            "The room is voting on ideas for this question, not on themes.",
            code="voting_on_ideas",
        )
    if theme["id"] not in _shown_themes(db, workshop, target["id"]):
        raise NotFound("There is no such theme to vote for.")
    try:
        with store.transaction(db):
            vote_id = vote_rows.insert(
                db,
                workshop_id=workshop["id"],
                question_id=target["id"],
                theme_id=theme["id"],
                participant_id=participant["id"],
                voter_role=participant["role"],
                client_id=client_id,
            )
            event = _event(db, workshop, "theme_vote_cast", target["id"], theme["id"], participant)
    except sqlite3.IntegrityError as exc:
        existing = vote_rows.by_client_id(db, workshop["id"], client_id)
        return vote_refused(workshop, participant, existing, exc, "theme")
    vote = {
        "id": vote_id,
        "theme_id": theme["id"],
        "question_id": target["id"],
        "client_id": client_id,
    }
    return Change(vote, [event])


def _event(db, workshop, kind, question_id, theme_id, participant):
    data = {"question_id": question_id, "theme_id": theme_id, "role": participant["role"]}
    return store.append_event(db, workshop["id"], kind, data)


def withdraw_theme_vote(db, workshop, participant, *, client_id):
    """Take back the theme vote cast under client_id while its question is open."""
    if not isinstance(client_id, str):
        raise Invalid("Say which vote to take back (its client_id).", code="bad_client_id")
    vote = vote_rows.by_client_id(db, workshop["id"], client_id)
    if not vote:
        raise NotFound("There is no such vote to take back.")
    if vote["participant_id"] != participant["id"]:
        raise Forbidden("You can only take back your own votes.")
    result = {key: vote[key] for key in ("id", "theme_id", "question_id")}
    result["client_id"] = client_id
    if vote["withdrawn_at"]:
        return Change(result, duplicate=True)
    open_for_answers(db, workshop, vote["question_id"])
    with store.transaction(db):
        vote_rows.withdraw(db, [vote["id"]])
        event = _event(
            db, workshop, "theme_vote_withdrawn", vote["question_id"], vote["theme_id"], participant
        )
    return Change(result, [event])


# Reading


def mine(db, participant, question_id=None):
    """A participant's standing theme votes (one question's, or all)."""
    votes = vote_rows.mine(db, participant["id"])
    if question_id is None:
        return votes
    return [v for v in votes if v["question_id"] == question_id]


def my_votes(db, workshop, participant, question_id):
    """A participant's standing theme votes and dots left on one question (a reply)."""
    on_question = mine(db, participant, question_id)
    return {"theme_votes": on_question, "votes_left": workshop["vote_budget"] - len(on_question)}


def tallies(db, workshop, question_id=None):
    """{question id: {theme id: {"total", "by_role"}}} (ids as text, like idea tallies)
    for every question that has theme votes; themes with no shown idea left out."""
    out = {}
    shown = {}
    for vote in vote_rows.standing(db, workshop["id"], question_id):
        q = vote["question_id"]
        if q not in shown:
            shown[q] = _shown_themes(db, workshop, q)
        if vote["theme_id"] not in shown[q]:
            continue
        theme = out.setdefault(str(q), {}).setdefault(
            str(vote["theme_id"]), {"total": 0, "by_role": {}}
        )
        theme["total"] += 1
        theme["by_role"][vote["voter_role"]] = theme["by_role"].get(vote["voter_role"], 0) + 1
    return out


def people(db, workshop, question_id):
    """{theme id: {participant id: role}}: who put a standing dot on each shown theme
    of the question (one a person a theme), for ranking.rank_themes."""
    shown = _shown_themes(db, workshop, question_id)
    found = {}
    for vote in vote_rows.standing(db, workshop["id"], question_id):
        if vote["theme_id"] in shown:
            found.setdefault(vote["theme_id"], {})[vote["participant_id"]] = vote["voter_role"]
    return found


def voters(db, workshop, question_id, dotted=None):
    """{role: people} with a standing dot on a shown theme of the question (from
    `people`'s map when the caller has read it already)."""
    if dotted is None:
        dotted = people(db, workshop, question_id)
    who = {}
    for by_person in dotted.values():
        who.update(by_person)
    counts = {}
    for role in who.values():
        counts[role] = counts.get(role, 0) + 1
    return counts
