"""Public shapes: what each screen may see of the room's rows, and nothing more.

Boards and phones get these, never a row: no participant ids, no tokens, no
facilitator key.
"""

from ..storage import db as store
from . import framework as fw
from .rules import timer_of


def public_idea(workshop, idea):
    """An idea as the board and phones see it: no participant ids or tokens."""
    experts = fw.expert_roles(workshop["framework"])
    view = {
        "id": idea["id"],
        "question_id": idea["question_id"],
        "text": idea["text"],
        "author_role": idea["author_role"],
        "expert_by_experience": idea["author_role"] in experts,
        "entered_by": idea["entered_by"],
        "priority": idea["priority"],
        "outcome_kind": idea["outcome_kind"],
        "strategic_outcome": idea.get("strategic_outcome"),
        "care_act_theme": idea.get("care_act_theme"),
        "experts_value": idea.get("experts_value"),
        "answer_kind": idea.get("answer_kind"),
        "created_at": idea["created_at"],
        "status": idea.get("status", "shown"),
        "author_roles": [idea["author_role"]],
        "merged": 0,
        "outcome_id": idea.get("outcome_id"),
        "rating": idea.get("rating"),
        "origin": idea.get("origin") or "room",
    }
    # Only a paper card's printed number, so the console can show it (kept off other ideas).
    if idea.get("card_number") is not None:
        view["card_number"] = idea["card_number"]
    return view


def tally_view(raw):
    """{idea_id: {role: n}} -> {idea_id: {"total": n, "by_role": {...}}}, keys as text."""
    return {
        str(idea_id): {"total": sum(by_role.values()), "by_role": by_role}
        for idea_id, by_role in raw.items()
    }


def public_question(question):
    """A question as screens show it."""
    keys = ("id", "stage", "framework_key", "kind", "text", "easy_read", "position", "status")
    # closed_at lets a board keep the question closed last until the next one opens.
    return {
        **{key: question[key] for key in keys},
        "closed_at": question.get("closed_at"),
        "timer": timer_of(question),
        "closing_soon": bool(question.get("closing_warned_at")),
        # Issue 22 item 5: the question's dots go on its ideas or its accepted themes.
        "vote_on": question.get("vote_on") or "ideas",
    }


def public_workshop(workshop):
    """What every screen may know about a workshop: no key, no ids of people."""
    framework = workshop["framework"]
    return {
        "code": workshop["code"],
        "title": workshop["title"],
        "vote_budget": workshop["vote_budget"],
        "stages": [
            {"key": s["key"], "name": s["name"], "easy_read": s.get("easy_read", s["name"])}
            for s in framework["stages"]
            if s["key"] in workshop["stages"]
        ],
        "roles": framework["roles"],
        "priorities": framework["priorities"],
        "outcome_kinds": framework["outcome_kinds"],
        "strategic_outcomes": framework.get("strategic_outcomes", []),
        "care_act_themes": framework.get("care_act_themes", []),
        "experts_by_experience_value": framework.get("experts_by_experience_value", []),
        "answer_kinds": framework.get("answer_kinds", []),
        "ended": bool(workshop.get("ended_at")),
    }


def board_view_of(workshop):
    """(view, theme id or None): the board_view column keeps a stepped-into theme
    as "themes:ID"."""
    view = workshop.get("board_view") or "ideas"
    if view.startswith("themes:"):
        return "themes", int(view.split(":", 1)[1])
    return view, None


def settings_of(workshop):
    """The facilitation settings every screen may know."""
    return {
        "approve_ideas": bool(workshop.get("approve_ideas")),
        "results_hidden": bool(workshop.get("results_hidden")),
        "extra_time_percent": workshop.get("extra_time_percent") or 0,
        "board_view": board_view_of(workshop)[0],
        # The themes view stepped into one theme, or None (room/board.set_view).
        "board_theme_id": board_view_of(workshop)[1],
        "board_rank": workshop.get("board_rank") or "room",
        # The board's pages: seconds each shows, paused, and the one idea in the spotlight.
        "board_seconds": workshop.get("board_seconds") or 12,
        "board_paused": bool(workshop.get("board_paused")),
        "board_waiting": bool(workshop.get("board_waiting")),
        # The question's wording on the board: "framework", "easy" (with its picture) or "both".
        "board_wording": workshop.get("board_wording") or "framework",
        # Every board shows page board_page plus one per board_seconds since
        # board_page_at (unless paused), by the server's clock: all in step.
        "board_page": workshop.get("board_page") or 0,
        "board_page_at": workshop.get("board_page_at"),
        "spotlight_idea_id": workshop.get("spotlight_idea_id"),
        "door_locked": bool(workshop.get("door_locked")),
        "capacity": workshop.get("capacity"),
        "phone_timer": bool(workshop.get("phone_timer")),
        # Phones with no reading chosen yet open in easy read (static/js/easy-read.js).
        "easy_read_first": bool(workshop.get("easy_read_first")),
        # Quiet signals' counts on the board too, not only the console (issue 25).
        "quiet_on_board": bool(workshop.get("quiet_on_board")),
    }


def settings_event(db, workshop):
    """Log the workshop's settings after a change (inside the caller's transaction)."""
    return store.append_event(db, workshop["id"], "settings_changed", settings_of(workshop))


def public_outcome(row):
    """A provisional outcome as every screen sees it."""
    return {
        "id": row["id"],
        "text": row["text"],
        "position": row["position"],
        "source_idea_id": row["source_idea_id"],
        # Issue 22: its easy-read wording (phones in easy read show it) and the
        # accepted theme it was carried from, if any.
        "easy_read": row.get("easy_read"),
        "source_theme": row.get("source_theme"),
        "source_question_id": row.get("source_question_id"),
    }


def public_story(workshop, story):
    """A story as its teller and the report see it: no participant ids or tokens."""
    experts = fw.expert_roles(workshop["framework"])
    return {
        "id": story["id"],
        "question_id": story["question_id"],
        "text": story["text"],
        "author_role": story["author_role"],
        "expert_by_experience": story["author_role"] in experts,
        "entered_by": story["entered_by"],
        "may_quote": bool(story["may_quote"]),
        "created_at": story["created_at"],
        "origin": story.get("origin") or "room",
    }
