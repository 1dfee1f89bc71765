"""One report document from one or more gathered events, in the commissioning cycle's order.

Summary first; who took part, against who was expected; the Analyse stage's
key questions, each ranked three ways (ranking.py); coverage of the
framework's lists; the Plan stage as the framework frames it (plan_section.py);
Do and Review if they were used; stories; method and limitations; every
contribution. Figures for several events are sums, and every figure the
summary gives is one a table below also gives (summary.py).
"""

from datetime import UTC, date, datetime

from ..room import framework as fw
from ..room import ranking
from . import appendix, kinds, plan_section, summary, theme_summary, words
from . import ranking as report_ranking

# Statuses a reader sees by default; the rest (pending, hidden, rejected) only
# with include_hidden.
SHOWN = {"shown"}
# A merged duplicate is still part of what the room said; its votes count for
# the idea it was merged into (db.tallies follows merges to their root).
VISIBLE = SHOWN | {"merged"}
# The votes of roles fewer than ranking.MIN_ROLE people took part in, together.
SMALL_ROLES = f"Roles of fewer than {ranking.MIN_ROLE} people, together"
# Stages with their own section; the rest are rendered question by question.
OWN_SECTION = {"plan"}


def assemble(events, *, redacted=False, include_hidden=False):
    """One document from one or more gathered events; combined figures are sums."""
    framework = events[0]["framework"]
    names = Names(framework, events)
    ideas = [names.label_idea(i) for e in events for i in e["ideas"]]
    ranked = [i for i in ideas if not i["merged"]]
    stages = _questions(events, framework, ranked, names)
    analyse_ideas = [i for i in ranked if _stage_of(stages, i) == "analyse"]
    doc = {
        "title": framework["framework"].get("report_title") or "Diagnostic report",
        "framework": framework["framework"],
        "combined": len(events) > 1,
        "events": [_event_figures(e) for e in events],
        "service": _shared(e["service"] for e in events),
        "area": _shared(e["area"] for e in events),
        "date": _date_range([e["date"] for e in events]),
        "stage_names": [
            s["name"] for s in framework["stages"] if any(s["key"] in e["stages"] for e in events)
        ],
        "generated_at": _generated(datetime.now(UTC)),
        "vote_budgets": sorted({e["vote_budget"] for e in events}),
        "participation": _participation(events, framework, ranked, analyse_ideas),
        "stages": stages,
        "analyse": next((s for s in stages if s["key"] == "analyse"), None),
        # Do and Review come after Plan, in the cycle's order.
        "later_stages": [s for s in stages if s["key"] not in OWN_SECTION | {"analyse"}],
        "coverage": _coverage(framework, events, analyse_ideas),
        "stories": [names.label_story(s) for e in events for s in e["stories"]],
        "stories_not_quoted": sum(e["stories_not_quoted"] for e in events),
        "stories_held_back": sum(e.get("stories_held_back", 0) for e in events),
        "appendix": _appendix(stages, ideas),
        "themes": {
            "care_act_themes": fw.themes(framework, "care_act_themes"),
            "experts_by_experience_value": fw.themes(framework, "experts_by_experience_value"),
        },
        "principles": {
            "development": fw.principles(framework, "development_principles"),
            "measuring": fw.principles(framework, "measuring_principles"),
        },
        "options": {"redacted": redacted, "include_hidden": include_hidden},
    }
    doc["groups"] = _groups(framework, doc["participation"])
    # The workbook's and CSV's vote columns: each role of 5 people or more, the rest together.
    doc["vote_columns"] = [
        r["label"] for r in doc["participation"]["by_role"] if r["key"] not in names.small
    ] + ([SMALL_ROLES] if names.small else [])
    doc["stage_list"] = words.join(doc["stage_names"])
    doc["limitation"], doc["limitation_source"] = fw.limitation(framework)
    doc["plan"] = plan_section.section(framework, events, stages, ideas, names)
    # Each kind's own sections (a ranking question's order: report/kinds).
    doc["kind_sections"] = kinds.sections(events, stages, names, framework)
    doc["kind_groups"] = kinds.grouped(doc["kind_sections"])
    # Their questions are left out of the stages' idea blocks (HTML and Markdown).
    doc["own_answer_kinds"] = sorted({s["kind"] for s in doc["kind_sections"]})
    doc["subtitle"] = ", ".join(x for x in (doc["service"], doc["area"]) if x) or "; ".join(
        e["title"] for e in doc["events"]
    )
    # The summary opens with the accepted themes (issue 22); every idea knows its theme.
    theme_summary.label_ideas(doc, events)
    doc["theme_summary"] = theme_summary.section(doc, events, names)
    # Each appendix row's tags, once for every format (its theme and outcome known now).
    appendix.label(doc)
    doc["theme_note"] = theme_summary.ORDER_NOTE
    doc["figures_heading"] = theme_summary.FIGURES_HEADING
    doc["summary"] = summary.summary(doc)
    doc["summary"]["figures_note"] = summary.figures_note(doc)
    doc["wording"] = summary.wording(doc)
    return doc


class Names:
    """The framework's words for the keys stored with ideas, and events by title and date."""

    def __init__(self, framework, events):
        self.roles = fw.lookup(framework, "roles")
        self.experts = fw.expert_roles(framework)
        self.catch_all = fw.catch_all_roles(framework)
        self.lists = {
            "priority": fw.lookup(framework, "priorities"),
            "outcome_kind": fw.lookup(framework, "outcome_kinds"),
            "strategic_outcome": fw.lookup(framework, "strategic_outcomes"),
            "care_act_theme": fw.lookup(framework, "care_act_themes"),
            "answer_kind": fw.lookup(framework, "answer_kinds"),
            "experts_value": fw.lookup(framework, "experts_by_experience_value"),
        }
        self.events = {e["code"]: event_name(e) for e in events}
        # A role fewer than ranking.MIN_ROLE people took part in is never split out on
        # its own (privacy in a small room): its votes are given with the other small ones.
        people = {}
        for event in events:
            for key, n in event["counts"].items():
                people[key] = people.get(key, 0) + n
        self.small = {k for k, n in people.items() if n < ranking.MIN_ROLE}

    def split(self, counts):
        """[{"label", "count"}] by role in the framework's order, small roles together."""
        rows = [
            {"label": self.role(k), "count": counts[k]}
            for k in ordered(self.roles, counts)
            if counts[k] and k not in self.small
        ]
        grouped = sum(n for k, n in counts.items() if k in self.small)
        if grouped:
            rows.append({"label": SMALL_ROLES, "count": grouped})
        return rows

    def role(self, key):
        return self.roles.get(key, {}).get("label", key or "Not recorded")

    def _name(self, list_name, key, field="name"):
        entry = self.lists[list_name].get(key) or {}
        return entry.get(field) or entry.get("name")

    def label_idea(self, idea):
        # Gathered ideas from an older archive or a hand-built test lack the newer keys.
        idea = {
            "supporters": {},
            "outcome_id": None,
            "original_text": None,
            "merged_into_id": None,
            **idea,
        }
        idea["author_role"] = self.role(idea["role_key"])
        idea["expert_by_experience"] = idea["role_key"] in self.experts
        idea["priority"] = self._name("priority", idea["priority_key"])
        idea["outcome_kind"] = self._name("outcome_kind", idea["outcome_kind_key"], "short")
        idea["strategic_outcome"] = self._name(
            "strategic_outcome", idea.get("strategic_outcome_key")
        )
        idea["care_act_theme"] = self._name("care_act_theme", idea.get("care_act_theme_key"))
        idea["answer_kind"] = self._name("answer_kind", idea.get("answer_kind_key"))
        idea["experts_value"] = self._name("experts_value", idea.get("experts_value_key"))
        idea["tags"] = [
            t
            for t in (
                idea["priority"],
                idea["outcome_kind"],
                idea["strategic_outcome"],
                idea["care_act_theme"],
                idea["experts_value"],
            )
            if t
        ]
        idea["votes_by_role"] = self.split(idea["by_role"])
        idea["event_name"] = self.events[idea["event"]]
        # Authors of duplicates merged into this idea keep their say.
        idea["also_from"] = list(
            dict.fromkeys(self.role(k) for k in idea["merged_role_keys"] if k != idea["role_key"])
        )
        idea["author_roles"] = [idea["author_role"], *idea["also_from"]]
        return idea

    def label_story(self, story):
        story = dict(story)
        story["author_role"] = self.role(story["role_key"])
        story["expert_by_experience"] = story["role_key"] in self.experts
        story["event_name"] = self.events[story["event"]]
        story["also_from"] = []
        return story


def event_name(event):
    """An event as a reader knows it: its title and date, not its code."""
    return f"{event['title']}, {_date_range([event['date']])}"


def ordered(known, counts):
    """Keys in the framework's order, then any the framework does not list."""
    return [k for k in known if k in counts] + sorted(k for k in counts if k not in known)


def _shared(values):
    unique = list(dict.fromkeys(v for v in values if v))
    return "; ".join(unique) if unique else None


def _generated(now):
    """'7 December 2026, 09:19 UTC': the day written as the cover's Date is ("7", not "07")."""
    return f"{now.day} {now:%B %Y, %H:%M} UTC"


def _date_range(days):
    days = sorted({date.fromisoformat(d) for d in days})
    first, last = days[0], days[-1]
    if first == last:
        return f"{first.day} {first:%B %Y}"
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def _event_figures(event):
    ideas = [i for i in event["ideas"] if not i["merged"]]
    return {
        "code": event["code"],
        "title": event["title"],
        "name": event_name(event),
        "service": event["service"],
        "area": event["area"],
        "date": _date_range([event["date"]]),
        "participants": event["participants"],
        "contributors": event["contributors"],
        "ideas": len(ideas),
        "votes": sum(i["votes"] for i in ideas),
        "stories": len(event["stories"]),
    }


def _participation(events, framework, ideas, analyse_ideas=()):
    catch_all = fw.catch_all_roles(framework)
    rows = []
    for role in framework["roles"]:
        per_event = [e["counts"].get(role["key"], 0) for e in events]
        expected = [e.get("expected", {}).get(role["key"]) for e in events]
        rows.append(
            {
                "key": role["key"],
                "label": role["label"],
                "per_event": per_event,
                "count": sum(per_event),
                "expected": sum(n for n in expected if n) if any(expected) else None,
                "expert_by_experience": bool(role.get("expert_by_experience")),
                "catch_all": role["key"] in catch_all,
                "ideas": sum(1 for i in ideas if i["role_key"] == role["key"]),
            }
        )
    for row in rows:
        row["against_expected"] = (
            words.share(row["count"], row["expected"]) if row["expected"] else None
        )
    total = sum(e["participants"] for e in events)
    experts = sum(r["count"] for r in rows if r["expert_by_experience"])
    expert_ideas = sum(r["ideas"] for r in rows if r["expert_by_experience"])
    missing = [r["label"] for r in rows if r["count"] == 0 and not r["catch_all"]]
    short = [r for r in rows if r["expected"] and r["count"] < r["expected"]]
    absent_at = []
    for event in events if len(events) > 1 else []:
        absent = [
            r["label"]
            for r in rows
            if r["count"] and not r["catch_all"] and not event["counts"].get(r["key"])
        ]
        if absent:
            absent_at.append({"event": event_name(event), "roles": absent})
    return {
        "total": total,
        "contributors": sum(e["contributors"] for e in events),
        "by_role": rows,
        "has_expected": any(r["expected"] for r in rows),
        "expected_total": sum(r["expected"] or 0 for r in rows),
        "experts": experts,
        "expert_ideas": expert_ideas,
        "ideas": len(ideas),
        # The column counts the Plan's answers too: said, so it is not read beside the
        # summary's count of the Analyse stage's ideas and found not to add up.
        "ideas_heading": "Ideas written"
        if len(ideas) == len(analyse_ideas)
        else "Ideas and answers written",
        # The experts' share is of the Analyse stage's ideas: Plan answers are another thing.
        "analyse_ideas": len(analyse_ideas),
        "expert_analyse_ideas": sum(1 for i in analyse_ideas if i["expert_by_experience"]),
        "missing": missing,
        "short": [
            {"label": r["label"], "count": r["count"], "expected": r["expected"]} for r in short
        ],
        "absent_at": absent_at,
        "entered_by": {
            kind: sum(1 for i in ideas if i["entered_by"] == kind)
            for kind in ("self", "supporter", "scribe")
        },
    }


def _groups(framework, participation):
    """The framework's own groups (its [report] groups: "all three groups") and how many
    people of each took part; [] when the framework names none."""
    counts = {r["key"]: r["count"] for r in participation["by_role"]}
    return [
        {"name": g["name"], "people": sum(counts.get(r, 0) for r in g["roles"])}
        for g in framework.get("report", {}).get("groups", [])
    ]


def _questions(events, framework, ideas, names):
    """Stages, then questions (the same question at several events is one), ranked ideas."""
    by_question = {}
    for event in events:
        for q in event["questions"]:
            key = (q["stage"], q["framework_key"] or q["text"])
            entry = by_question.setdefault(
                key,
                {
                    "stage": q["stage"],
                    "key": q["framework_key"],
                    "kind": q["kind"],
                    "text": q["text"],
                    "position": q["position"],
                    "refs": set(),
                    "status": [],
                    "voters": {},
                },
            )
            entry["refs"].add((event["code"], q["id"]))
            entry["status"].append(q["status"])
            for role, n in event.get("voters", {}).get(q["id"], {}).items():
                entry["voters"][role] = entry["voters"].get(role, 0) + n
    stages = []
    for number, stage in enumerate(framework["stages"], start=1):
        entries = sorted(
            (q for (s, _), q in by_question.items() if s == stage["key"]),
            key=lambda q: q["position"],
        )
        if not entries:
            continue
        for entry in entries:
            _rank_question(entry, ideas, names)
        stages.append(
            {
                "key": stage["key"],
                "number": number,
                "name": stage["name"],
                "audience": stage.get("audience"),
                "report_note": stage.get("report_note"),
                "questions": entries,
            }
        )
    return stages


def _rank_question(entry, ideas, names):
    mine = [i for i in ideas if (i["event"], i["question_id"]) in entry["refs"]]
    shown = [i for i in mine if i["status"] in SHOWN]
    entry["ideas"], entry["by_support"], entry["role_tops"] = report_ranking.rank(
        mine, entry["voters"], list(names.roles), names.role, names.catch_all, names.experts
    )
    entry["asked"] = any(s != "waiting" for s in entry.pop("status")) or bool(mine)
    entry["votes"] = sum(i["votes"] for i in shown)
    entry["voter_count"] = sum(entry["voters"].values())
    totals = {}
    for idea in shown:
        for role, n in idea["by_role"].items():
            totals[role] = totals.get(role, 0) + n
    entry["votes_by_role"] = names.split(totals)
    entry["divided"] = [i for i in entry["ideas"] if i["divides"]]
    entry["expert_voices"] = [i for i in entry["ideas"] if i["expert_by_experience"]]
    expert_tops = [t for t in entry["role_tops"] if t["key"] in names.experts]
    entry["expert_top"] = expert_tops[0]["ideas"] if expert_tops else []


def _stage_of(stages, idea):
    for stage in stages:
        for question in stage["questions"]:
            if (idea["event"], idea["question_id"]) in question["refs"]:
                return stage["key"]
    return None


_COVERAGE = (
    ("priorities", "priority_key", "Social Value priorities", "name", "Social Value priority"),
    (
        "outcome_kinds",
        "outcome_kind_key",
        "Kinds of Social Value outcome",
        "short",
        "kind of outcome",
    ),
    (
        "strategic_outcomes",
        "strategic_outcome_key",
        "Strategic outcomes",
        "name",
        "strategic outcome",
    ),
    (
        "care_act_themes",
        "care_act_theme_key",
        "Care Act 2014 themes",
        "name",
        "Care Act 2014 theme",
    ),
    # Issue 23 item 5: what experts by experience value, as ideas were tagged with it.
    (
        "experts_by_experience_value",
        "experts_value_key",
        "Experts-by-experience themes",
        "name",
        "experts-by-experience theme",
    ),
)
# The lists whose entries the framework explains: each row prints its definition.
_DEFINED = ("care_act_themes", "experts_by_experience_value")


def _described(name, definition):
    """A list entry's name and definition as one line: "Wellbeing, which means ..." where
    the definition goes on from the name, else the definition alone (it names the entry)."""
    if not definition:
        return None
    return f"{name}, {definition}" if definition[:1].islower() else definition


def _coverage(framework, events, ideas):
    """Analyse-stage ideas and votes under each list the framework gives.

    Plan, Do and Review answers are about outcomes already chosen, so they are
    neither counted here nor reported as untagged.
    """
    wordings = fw.other_wordings(framework)
    definitions = {
        (name, t["key"]): t["definition"] for name in _DEFINED for t in fw.themes(framework, name)
    }
    coverage = []
    for list_name, field, title, label, one in _COVERAGE:
        entries = framework.get(list_name) or []
        if not entries:
            continue
        rows = []
        for entry in entries:
            tagged = [i for i in ideas if i.get(field) == entry["key"]]
            other = wordings.get(entry["key"])
            rows.append(
                {
                    "label": entry.get(label) or entry["name"],
                    "full": entry["name"],
                    "definition": definitions.get((list_name, entry["key"])),
                    "described": _described(
                        entry["name"], definitions.get((list_name, entry["key"]))
                    ),
                    "other_wording": other[0] if other else None,
                    "wording_note": other[1] if other else None,
                    "ideas": len(tagged),
                    "votes": sum(i["votes"] for i in tagged),
                    "per_event": [
                        sum(1 for i in tagged if i["event"] == e["code"]) for e in events
                    ],
                }
            )
        coverage.append(
            {
                "key": list_name,
                "title": title,
                "chart_title": f"Analyse-stage ideas by {one}",
                "noun": title[0].lower() + title[1:] if list_name != "care_act_themes" else title,
                "rows": rows,
                "untagged": sum(1 for i in ideas if not i.get(field)),
                "gaps": [r["label"] for r in rows if not r["ideas"]],
                "tagged": sum(r["ideas"] for r in rows),
                "total": len(ideas),
            }
        )
    return coverage


def _appendix(stages, ideas):
    """Every contribution grouped by question, oldest first (merged duplicates too)."""
    place = {}
    for s_index, stage in enumerate(stages):
        for q_index, question in enumerate(stage["questions"]):
            for ref in question["refs"]:
                place[ref] = (s_index, q_index, stage["name"], question["text"])
    groups = {}
    for idea in ideas:
        where = place.get((idea["event"], idea["question_id"]))
        if where:
            group = groups.setdefault(
                where[:2], {"stage": where[2], "question": where[3], "ideas": []}
            )
            group["ideas"].append(idea)
    result, number = [], 0
    for key in sorted(groups):
        group = groups[key]
        group["ideas"].sort(key=lambda i: (i["created"], i["event"]))
        for idea in group["ideas"]:
            number += 1
            idea["number"] = number
        result.append(group)
    return result
