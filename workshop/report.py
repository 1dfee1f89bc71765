"""The diagnostic-report draft as plain data, filled only from what the room said.

Laid out the way the framework thinks: who took part, then each stage's key
questions with the room's ideas ranked by votes and split by role, and the
experts-by-experience voices in their own words. Renderers (export.py) turn
this into Markdown, Word and so on; nothing here knows about formats.
"""

from datetime import UTC, datetime

from . import db as store
from . import framework as fw


def build(db, workshop):
    """Gather one workshop's report from the database."""
    framework = workshop["framework"]
    roles = fw.lookup(framework, "roles")
    experts = fw.expert_roles(framework)
    with store.reading(db):
        counts = store.role_counts(db, workshop["id"])
        contributors = store.contributor_count(db, workshop["id"])
        questions = store.questions_of(db, workshop["id"])
        ideas = store.ideas_of(db, workshop["id"])
        votes = store.tallies(db, workshop["id"])
    return {
        "framework": framework["framework"],
        "workshop": {
            "code": workshop["code"], "title": workshop["title"],
            "date": workshop["created_at"][:10], "vote_budget": workshop["vote_budget"],
        },
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "participation": _participation(framework, counts, contributors, len(ideas)),
        "stages": _stages(framework, workshop, questions, ideas, votes, roles, experts),
        "limitations": framework["framework"].get("most_vulnerable_note"),
    }


def _participation(framework, counts, contributors, idea_count):
    by_role = [
        {"label": role["label"], "count": counts.get(role["key"], 0),
         "expert_by_experience": bool(role.get("expert_by_experience"))}
        for role in framework["roles"]
    ]
    return {
        "total": sum(counts.values()),
        "contributors": contributors,
        "ideas": idea_count,
        "by_role": by_role,
        "missing": [row["label"] for row in by_role if row["count"] == 0],
    }


def _stages(framework, workshop, questions, ideas, votes, roles, experts):
    priorities = fw.lookup(framework, "priorities")
    kinds = fw.lookup(framework, "outcome_kinds")
    stages = []
    for stage in framework["stages"]:
        if stage["key"] not in workshop["stages"]:
            continue
        entries = []
        for question in (q for q in questions if q["stage"] == stage["key"]):
            ranked = _ranked(
                [i for i in ideas if i["question_id"] == question["id"]],
                votes, roles, experts, priorities, kinds,
            )
            entries.append({
                "text": question["text"],
                "status": question["status"],
                "ideas": ranked,
                "expert_voices": [i["text"] for i in ranked if i["expert_by_experience"]],
            })
        stages.append({
            "key": stage["key"], "name": stage["name"], "audience": stage.get("audience"),
            "report_note": stage.get("report_note"), "questions": entries,
        })
    return stages


def _ranked(ideas, votes, roles, experts, priorities, kinds):
    rows = []
    for idea in ideas:
        by_role = votes.get(idea["id"], {})
        rows.append({
            "text": idea["text"],
            "author_role": roles.get(idea["author_role"], {}).get("label", idea["author_role"]),
            "expert_by_experience": idea["author_role"] in experts,
            "entered_by": idea["entered_by"],
            "priority": priorities.get(idea["priority"], {}).get("name"),
            "outcome_kind": kinds.get(idea["outcome_kind"], {}).get("short"),
            "votes": sum(by_role.values()),
            "votes_by_role": [
                {"label": roles[key]["label"] if key in roles else key, "count": by_role[key]}
                for key in roles if by_role.get(key)
            ],
            "created": idea["created_at"],
        })
    rows.sort(key=lambda row: (-row["votes"], row["created"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows
