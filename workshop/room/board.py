"""What the projected board shows: its view, whether results are revealed,
the results by role and the coverage of the framework's priorities.

Hidden results are enforced here, on the server: while they are hidden no
count leaves it for a board or a phone (snapshot, catch-up or tally push),
so nothing on the projector or in a phone's page source can anchor the room.
"""

from ..storage import db as store
from ..storage import records
from ..storage import themes as theme_rows
from . import framework as fw
from . import moderation, shapes
from .errors import Conflict, Invalid, NotFound
from .rules import Change, question, whole
from .shapes import settings_event

VIEWS = ("ideas", "priority", "outcome", "role", "results", "themes")
RANKS = ("room", "experts")


def counts_hidden(workshop, view):
    """True when this screen must get no vote counts."""
    return bool(workshop.get("results_hidden")) and view != "console"


def hide_results(db, workshop):
    """Keep vote counts off the board and phones until revealed."""
    if workshop.get("results_hidden"):
        raise Conflict("The results are already hidden.")
    with store.transaction(db):
        store.update_workshop(db, workshop["id"], results_hidden=1)
        event = store.append_event(db, workshop["id"], "results_hidden", {})
    return Change(store.workshop_by_id(db, workshop["id"]), [event])


def reveal_results(db, workshop):
    """Show the vote counts on the board and phones."""
    if not workshop.get("results_hidden"):
        raise Conflict("The results are already showing.")
    with store.transaction(db):
        store.update_workshop(db, workshop["id"], results_hidden=0)
        event = store.append_event(db, workshop["id"], "results_revealed", {})
    return Change(store.workshop_by_id(db, workshop["id"]), [event])


def set_view(db, workshop, view=None, rank=None, theme_id=None):
    """Switch what every board shows, and whose ranking leads the results.

    The themes view may step into one accepted theme (`theme_id`) to page
    through its ideas; it is kept in the board_view column as "themes:ID"
    (shapes.settings_of splits it again), so no other column is needed.
    """
    stored, stepped = shapes.board_view_of(workshop)
    given_view = view is not None
    view = view or stored
    rank = rank or workshop.get("board_rank") or "room"
    if view not in VIEWS:
        raise Invalid(f"The board can show: {', '.join(VIEWS)}.", code="bad_view")
    if rank not in RANKS:
        raise Invalid(
            "Rank by the whole room (room) or by experts by experience (experts).", code="bad_rank"
        )
    if theme_id is not None:
        if view != "themes":
            raise Invalid("Step into a theme on the themes view.", code="bad_view")
        found = theme_rows.theme_by_id(db, theme_id) if store.is_row_id(theme_id) else None
        if not found or found["workshop_id"] != workshop["id"]:
            raise NotFound("There is no such theme in this workshop.")
    if view == stored and theme_id is None and not given_view:
        theme_id = stepped  # a change of rank alone stays in the theme
    column = f"themes:{theme_id}" if theme_id is not None else view
    with store.transaction(db):
        store.update_workshop(db, workshop["id"], board_view=column, board_rank=rank)
        data = {"view": view, "rank": rank}
        if view == "themes":
            data["theme_id"] = theme_id
        event = store.append_event(db, workshop["id"], "board_view", data)
    return Change(store.workshop_by_id(db, workshop["id"]), [event])


PAGE_SECONDS = (3, 120)


def _settings_change(db, workshop, **fields):
    with store.transaction(db):
        records.update_board(db, workshop["id"], **fields)
        updated = store.workshop_by_id(db, workshop["id"])
        event = settings_event(db, updated)
    return Change(updated, [event])


def set_paging(db, workshop, seconds=None, paused=None):
    """Set how long each board page shows (3 to 120 seconds), or pause the paging."""
    fields = {}
    if seconds is not None:
        fields["board_seconds"] = whole(seconds, *PAGE_SECONDS, "Seconds a page shows")
    if paused is not None:
        if not isinstance(paused, bool):
            raise Invalid("Say whether the pages are paused (true or false).", code="bad_paused")
        fields["board_paused"] = int(paused)
    if not fields:
        raise Invalid("Send seconds, paused or both.", code="nothing_to_change")
    return _settings_change(db, workshop, **fields)


def spotlight(db, workshop, idea_id=None):
    """Put one shown idea full screen on the board; no idea_id ends the spotlight."""
    if idea_id is None:
        if workshop.get("spotlight_idea_id") is None:
            raise Conflict("No idea is in the spotlight.", code="no_spotlight")
        return _settings_change(db, workshop, spotlight_idea_id=None)
    idea = store.idea_by_id(db, idea_id) if store.is_row_id(idea_id) else None
    if not idea or idea["workshop_id"] != workshop["id"]:
        raise NotFound("There is no such idea in this workshop.")
    if idea["status"] != "shown":
        raise Conflict("Only an idea on the board can go in the spotlight.", code="not_shown")
    return _settings_change(db, workshop, spotlight_idea_id=idea["id"])


def set_waiting(db, workshop, on):
    """Blank the board to "Waiting for the next question" (on), or show the last question."""
    if not isinstance(on, bool):
        raise Invalid("Say whether the board waits (true or false).", code="bad_waiting")
    return _settings_change(db, workshop, board_waiting=int(on), spotlight_idea_id=None)


def on_open(db, workshop):
    """Inside open_question's transaction: the board leaves waiting and the spotlight."""
    row = store.workshop_by_id(db, workshop["id"])
    if not row.get("board_waiting") and row.get("spotlight_idea_id") is None:
        return []
    records.update_board(db, workshop["id"], board_waiting=0, spotlight_idea_id=None)
    return [settings_event(db, store.workshop_by_id(db, workshop["id"]))]


def ranked(workshop, ideas, tallies, rank="room"):
    """Ideas with their votes split by role, top first by the whole room or by experts.

    `tallies` is the store's {idea_id: {role: n}}.
    """
    experts = fw.expert_roles(workshop["framework"])
    rows = []
    for idea in ideas:
        by_role = dict(tallies.get(idea["id"], {}))
        expert_votes = sum(n for role, n in by_role.items() if role in experts)
        rows.append(
            {
                **idea,
                "votes": sum(by_role.values()),
                "expert_votes": expert_votes,
                "by_role": by_role,
            }
        )
    lead = "expert_votes" if rank == "experts" else "votes"
    other = "votes" if rank == "experts" else "expert_votes"
    rows.sort(key=lambda r: (-r[lead], -r[other], r["id"]))
    for place, row in enumerate(rows, start=1):
        row["rank"] = place
    return rows


def results(db, workshop, question_id, rank="room"):
    """One question's shown ideas ranked, each with its votes by role."""

    target = question(db, workshop, question_id)
    if rank not in RANKS:
        raise Invalid(
            "Rank by the whole room (room) or by experts by experience (experts).", code="bad_rank"
        )
    with store.reading(db):
        ideas = [
            i
            for i in moderation.ideas_for(db, workshop, "board")
            if i["question_id"] == target["id"]
        ]
        tallies = store.tallies(db, workshop["id"])
    return ranked(workshop, ideas, tallies, rank)


def coverage(workshop, ideas, question_id=None):
    """How many shown ideas name each priority and kind of outcome; which have none yet."""
    framework = workshop["framework"]
    chosen = [i for i in ideas if question_id is None or i["question_id"] == question_id]
    result = {}
    for list_name, field, label in (
        ("priorities", "priority", "name"),
        ("outcome_kinds", "outcome_kind", "short"),
    ):
        rows = [
            {
                "key": item["key"],
                "label": item.get(label) or item["name"],
                "count": sum(1 for i in chosen if i[field] == item["key"]),
            }
            for item in framework[list_name]
        ]
        result[list_name] = rows
        result[f"missing_{list_name}"] = [r["label"] for r in rows if r["count"] == 0]
    result["untagged"] = sum(1 for i in chosen if not i["priority"] and not i["outcome_kind"])
    return result


def workshop_coverage(db, workshop, question_id=None):
    """Coverage over the shown ideas of the workshop, or of one question."""

    with store.reading(db):
        ideas = moderation.ideas_for(db, workshop, "board")
    return coverage(workshop, ideas, question_id)
