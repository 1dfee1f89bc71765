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
from . import moderation, ranking, shapes
from .errors import Conflict, Invalid, NotFound
from .rules import Change, ms_between, question, whole
from .shapes import settings_event

VIEWS = ("ideas", "priority", "outcome", "role", "results", "themes")
RANKS = ("room", "experts", "cross_role")


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
    _check_rank(rank)
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
        # A new view (or theme) starts at its first page, on every board at once.
        records.update_board(db, workshop["id"], board_page=0, board_page_at=store.now())
        paged = settings_event(db, store.workshop_by_id(db, workshop["id"]))
    return Change(store.workshop_by_id(db, workshop["id"]), [event, paged])


PAGE_SECONDS = (3, 120)
TURNS = ("first", "previous", "next")


def page_now(workshop, at):
    """The page every board shows at `at`: the one chosen, plus one per page's time since.

    Boards take it modulo their own page count (a page count depends on the
    screen), so "previous" from the first page shows the last.
    """
    page = workshop.get("board_page") or 0
    since = workshop.get("board_page_at")
    if workshop.get("board_paused") or not since:
        return page
    seconds = workshop.get("board_seconds") or 12
    return page + max(0, ms_between(since, at)) // (seconds * 1000)


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
    # The page in view stays put: a pause holds it, a new pace counts from it.
    at = store.now()
    return _settings_change(
        db, workshop, board_page=page_now(workshop, at), board_page_at=at, **fields
    )


def turn_page(db, workshop, to):
    """Turn every board to its first, previous or next page; the pace counts on from there."""
    if to not in TURNS:
        raise Invalid("Turn the board to the first, previous or next page.", code="bad_turn")
    at = store.now()
    page = {"first": 0, "previous": page_now(workshop, at) - 1, "next": page_now(workshop, at) + 1}
    return _settings_change(db, workshop, board_page=page[to], board_page_at=at)


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


WORDINGS = ("framework", "easy", "both")


def set_wording(db, workshop, wording):
    """Show the question on every board in the framework's words, in easy read
    (with its picture), or both."""
    if wording not in WORDINGS:
        raise Invalid(
            "The board shows the framework's words (framework), easy read (easy) or both.",
            code="bad_wording",
        )
    return _settings_change(db, workshop, board_wording=wording)


def shown_question(db, workshop):
    """The question the boards show: the open one, else the one closed last
    (none while the board says "Waiting for the next question")."""
    questions = store.questions_of(db, workshop["id"])
    open_now = [q for q in questions if q["status"] == "open"]
    if open_now or workshop.get("board_waiting"):
        return open_now[0] if open_now else None
    closed = [q for q in questions if q["status"] == "closed" and q.get("closed_at")]
    return max(closed, key=lambda q: q["closed_at"]) if closed else None


def read_aloud(db, workshop):
    """Ask every board to read its question aloud through its own speakers, in
    the wording it shows (easy read when it shows easy read).

    Once the workshop has ended the boards show its thank-you, not a question:
    reading the last question out then would say something the wall does not."""
    if workshop.get("ended_at"):
        raise Conflict(
            "The workshop has ended: the board shows no question to read.", code="workshop_ended"
        )
    with store.transaction(db):
        target = shown_question(db, workshop)
        if target is None:
            raise Conflict("The board shows no question to read.", code="no_question")
        wording = workshop.get("board_wording") or "framework"
        text = target["text"] if wording == "framework" else target["easy_read"]
        data = {"question_id": target["id"], "wording": wording, "text": text}
        event = store.append_event(db, workshop["id"], "question_read_aloud", data)
    return Change(data, [event])


def on_open(db, workshop, target=None):
    """Inside open_question's transaction: the board leaves waiting and the spotlight,
    starts at its first page, and leaves a view the new question has nothing for.

    A question just opened has no results yet, and a Plan question is drawn
    under its provisional outcomes (the ideas view), not by priority or role.
    """
    row = store.workshop_by_id(db, workshop["id"])
    events = []
    view = row.get("board_view") or "ideas"
    if view == "results" or (target and target["stage"] == "plan" and view != "ideas"):
        rank = row.get("board_rank") or "room"
        store.update_workshop(db, workshop["id"], board_view="ideas")
        events.append(
            store.append_event(db, workshop["id"], "board_view", {"view": "ideas", "rank": rank})
        )
    records.update_board(
        db,
        workshop["id"],
        board_waiting=0,
        spotlight_idea_id=None,
        board_page=0,
        board_page_at=store.now(),
    )
    return events + [settings_event(db, store.workshop_by_id(db, workshop["id"]))]


# The board's rank setting names one of the orderings room/ranking.py computes.
ORDERING = {"room": "room", "experts": "experts", "cross_role": "cross_role"}
PLACE = {"room": "rank", "experts": "expert_rank", "cross_role": "cross_rank"}


def ranked(workshop, ideas, tallies, rank="room", voters=None, supporters=None):
    """Ideas with their votes split by role, top first in one of the three orderings.

    `tallies` is the store's {idea_id: {role: n}}, `voters` the question's
    {role: people who voted on it}, `supporters` {idea_id: {role: people}}.
    Each row's "rank" is its place in the ordering asked for; it also carries
    its places in the others and its cross-role score (room/ranking.py).
    """
    framework = workshop["framework"]
    supporters = supporters or {}
    rows = [
        {
            **idea,
            "by_role": dict(tallies.get(idea["id"], {})),
            "supporters": dict(supporters.get(idea["id"], {})),
        }
        for idea in ideas
    ]
    orders = ranking.rank(
        rows, voters or {}, fw.expert_roles(framework), fw.catch_all_roles(framework)
    )
    result = orders[ORDERING[rank]]
    for row in result:
        row.pop("supporters")
        row["divides"] = row["divides"] is not None
        row["cross_role"] = round(row["cross_role"], 4)
        row["room_rank"] = row["rank"]
        row["rank"] = row[PLACE[rank]]
    return result


def _check_rank(rank):
    if rank not in RANKS:
        raise Invalid(
            "Rank by the whole room (room), by experts by experience (experts) or across "
            "the roles (cross_role).",
            code="bad_rank",
        )


def results(db, workshop, question_id, rank="room"):
    """One question's shown ideas ranked, each with its votes by role."""

    target = question(db, workshop, question_id)
    _check_rank(rank)
    with store.reading(db):
        ideas = [
            i
            for i in moderation.ideas_for(db, workshop, "board")
            if i["question_id"] == target["id"]
        ]
        tallies = store.tallies(db, workshop["id"])
        supporters = records.supporters(db, workshop["id"])
        voters = records.voters(db, workshop["id"]).get(target["id"], {})
    return ranked(workshop, ideas, tallies, rank, voters, supporters)


def orders(db, workshop, idea_ids=None):
    """{question id (text): {ordering: [idea ids]}}: what boards and consoles display.

    The screens never rank: they show ideas in these orders (room/ranking.py),
    sent in the snapshot and with tallies pushes (at most once a second per
    workshop, web/live.py) for the questions of the ideas whose counts changed
    (`idea_ids`; None for every question). Only shown ideas, every one of them,
    votes or none. Each question's votes are read once
    (records.question_support), so a push costs its question's votes.
    """
    framework = workshop["framework"]
    experts, catch_all = fw.expert_roles(framework), fw.catch_all_roles(framework)
    result = {}
    with store.reading(db):
        if idea_ids is None:
            questions = [q["id"] for q in store.questions_of(db, workshop["id"])]
        else:
            # A merged duplicate's votes count on its root, in the same question.
            found = (store.idea_by_id(db, i) for i in idea_ids)
            questions = sorted({row["question_id"] for row in found if row is not None})
        for q in questions:
            ideas = store.ideas_of(db, workshop["id"], q)
            if not ideas:
                continue
            votes, people, voters = records.question_support(db, workshop["id"], q)
            rows = [
                {
                    "id": i["id"],
                    "by_role": votes.get(i["id"], {}),
                    "supporters": people.get(i["id"], {}),
                }
                for i in ideas
            ]
            result[str(q)] = ranking.orders(rows, voters, experts, catch_all)
    return result


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
