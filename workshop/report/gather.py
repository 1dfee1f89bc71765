"""The diagnostic-report draft as plain data, filled only from what the room said.

Laid out the way the framework thinks: who took part and who was missing, each
stage's key questions with the room's ideas ranked by votes and split by role,
experts-by-experience voices in their own words, coverage of the priorities and
kinds of outcome, what is at risk, the provisional outcomes, the Plan stage's
answers, stories, method and limitations, and every contribution.

`gather` reads one event; `assemble` turns one or more events into one
document, with figures per event and combined. Renderers (export.py and the
docx/html modules) turn the document into files; nothing here knows formats.
Redaction is applied here, once, so every format carries the same text.
"""

from datetime import UTC, date, datetime

from ..room import framework as fw
from ..room.redaction import Redactor
from ..storage import db as store
from ..storage import records
from . import origins

# Statuses a reader sees by default; the rest (pending, hidden, rejected) only
# with include_hidden.
SHOWN = {"shown"}
# A merged duplicate is still part of what the room said; its votes count for
# the idea it was merged into (db.tallies follows merges to their root).
VISIBLE = SHOWN | {"merged"}
RISK_RATINGS = ("high", "medium", "low")
TOP_OUTCOMES = 5
RISK_OF_LOSING = "risk_of_losing"
STANDARD_PRACTICE = "standard_practice"


def gather(db, workshop, *, redact=None, include_hidden=False):
    """Read one event from the database: everything the report needs, no ids of people."""
    redact = redact or Redactor()
    with store.reading(db):
        raw = store.workshop_row(db, workshop["id"])
        counts = store.role_counts(db, workshop["id"])
        questions = store.questions_of(db, workshop["id"])
        ideas = records.rows_of(db, "ideas", workshop["id"])
        tallies = store.tallies(db, workshop["id"])
        stories = records.rows_of(db, "stories", workshop["id"])
        outcomes = records.rows_of(db, "provisional_outcomes", workshop["id"])
    authors = {i["participant_id"] for i in ideas if i.get("participant_id")}
    authors |= {s["participant_id"] for s in stories if s.get("participant_id")}
    # A story flagged for follow-up (a safeguarding concern) never reaches the
    # report, whatever the options: the facilitator deals with it in person.
    stories = [s for s in stories if not s.get("follow_up")]
    keep = [i for i in ideas if include_hidden or i["status"] in VISIBLE]
    outcome_text = {o["id"]: redact(o["text"]) for o in outcomes}
    merged_roles = {}
    for idea in keep:
        if idea.get("merged_into"):
            merged_roles.setdefault(idea["merged_into"], []).append(idea["author_role"])
    return {
        "code": workshop["code"],
        "title": redact(workshop["title"]),
        "service": redact(raw.get("service")),
        "area": redact(raw.get("area")),
        "date": workshop["created_at"][:10],
        "vote_budget": workshop["vote_budget"],
        "stages": workshop["stages"],
        "framework": workshop["framework"],
        "counts": counts,
        "participants": sum(counts.values()),
        "contributors": len(authors),
        # A facilitator's own questions are typed text too.
        "questions": [{**q, "text": redact(q["text"])} for q in questions],
        "ideas": [_idea(workshop, i, tallies, redact, outcome_text, merged_roles) for i in keep],
        "stories": [
            {
                "text": redact(s["text"]),
                "role_key": s.get("author_role"),
                "entered_by": s.get("entered_by"),
                "question_id": s.get("question_id"),
                "created": s.get("created_at"),
                "event": workshop["code"],
            }
            for s in stories
            if s.get("may_quote") and (include_hidden or s.get("status") in (None, *SHOWN))
        ],
        "stories_not_quoted": sum(1 for s in stories if not s.get("may_quote")),
        "outcomes": [
            {
                "text": outcome_text[o["id"]],
                "position": o.get("position"),
                "source_idea_id": o.get("source_idea_id"),
                "event": workshop["code"],
            }
            for o in sorted(outcomes, key=lambda o: (o.get("position") or 0, o["id"]))
        ],
    }


def _idea(workshop, idea, tallies, redact, outcome_text, merged_roles):
    by_role = tallies.get(idea["id"], {})
    return {
        "id": idea["id"],  # internal: joins outcomes to ideas; never rendered
        "event": workshop["code"],
        "question_id": idea["question_id"],
        "text": redact(idea["text"]),
        "role_key": idea["author_role"],
        "entered_by": idea["entered_by"],
        "priority_key": idea.get("priority"),
        "outcome_kind_key": idea.get("outcome_kind"),
        "strategic_outcome_key": idea.get("strategic_outcome"),
        "status": idea["status"],
        "merged": bool(idea.get("merged_into")),
        "rating": idea.get("rating"),
        "outcome": outcome_text.get(idea.get("outcome_id")),
        "by_role": dict(by_role),
        "votes": sum(by_role.values()),
        "merged_role_keys": merged_roles.get(idea["id"], []),
        "origin": idea.get("origin") or "room",
        "card_number": idea.get("card_number"),
        "created": idea["created_at"],
    }


def build(db, workshops, *, redact=None, include_hidden=False):
    """The report document for one or more events."""
    events = [gather(db, w, redact=redact, include_hidden=include_hidden) for w in workshops]
    # Room, outreach and paper (issue 16): its own module, one step each way.
    for event, workshop in zip(events, workshops, strict=True):
        event["origins"] = origins.gather(db, workshop)
    doc = assemble(events, redacted=bool(redact), include_hidden=include_hidden)
    doc["origins"] = origins.assemble(events, doc, events[0]["framework"])
    return doc


def assemble(events, *, redacted=False, include_hidden=False):
    """One document from one or more gathered events; combined figures are sums."""
    framework = events[0]["framework"]
    names = _Names(framework)
    ideas = [names.label_idea(i, events) for e in events for i in e["ideas"]]
    ranked = [i for i in ideas if not i["merged"]]
    questions = _questions(events, framework, ranked, names)
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
        "generated_at": datetime.now(UTC).strftime("%d %B %Y, %H:%M UTC"),
        "vote_budgets": sorted({e["vote_budget"] for e in events}),
        "participation": _participation(events, framework, ranked),
        "stages": questions,
        # The Plan stage has its own section (requirements, measures, risks).
        "question_stages": [s for s in questions if s["key"] != "plan"],
        "coverage": _coverage(framework, events, ranked),
        "at_risk": _by_key(questions, RISK_OF_LOSING),
        "standard_practice": _by_key(questions, STANDARD_PRACTICE),
        "plan": _plan(questions),
        "stories": [names.label_story(s, events) for e in events for s in e["stories"]],
        "stories_not_quoted": sum(e["stories_not_quoted"] for e in events),
        "limitations": framework["framework"].get("most_vulnerable_note"),
        "appendix": _appendix(questions, ideas),
    }
    doc["outcomes"] = _outcomes(events, questions)
    doc["summary"] = _summary(doc)
    doc["options"] = {"redacted": redacted, "include_hidden": include_hidden}
    doc["subtitle"] = ", ".join(x for x in (doc["service"], doc["area"]) if x) or "; ".join(
        e["title"] for e in doc["events"]
    )
    doc["wording"] = _wording(doc)
    return doc


class _Names:
    """The framework's words for the keys stored with ideas."""

    def __init__(self, framework):
        self.roles = fw.lookup(framework, "roles")
        self.experts = fw.expert_roles(framework)
        self.priorities = fw.lookup(framework, "priorities")
        self.kinds = fw.lookup(framework, "outcome_kinds")
        self.strategic = fw.lookup(framework, "strategic_outcomes")

    def role(self, key):
        return self.roles.get(key, {}).get("label", key or "Not recorded")

    def label_idea(self, idea, events):
        idea = dict(idea)
        idea["author_role"] = self.role(idea["role_key"])
        idea["expert_by_experience"] = idea["role_key"] in self.experts
        idea["priority"] = self.priorities.get(idea["priority_key"], {}).get("name")
        idea["outcome_kind"] = self.kinds.get(idea["outcome_kind_key"], {}).get("short")
        idea["strategic_outcome"] = self.strategic.get(idea["strategic_outcome_key"], {}).get(
            "name"
        )
        idea["votes_by_role"] = [
            {"label": self.role(key), "count": idea["by_role"][key]}
            for key in _ordered(self.roles, idea["by_role"])
            if idea["by_role"][key]
        ]
        idea["event_title"] = _event_title(events, idea["event"])
        # Authors of duplicates merged into this idea keep their say.
        idea["also_from"] = list(
            dict.fromkeys(self.role(k) for k in idea["merged_role_keys"] if k != idea["role_key"])
        )
        return idea

    def label_story(self, story, events):
        story = dict(story)
        story["author_role"] = self.role(story["role_key"])
        story["expert_by_experience"] = story["role_key"] in self.experts
        story["event_title"] = _event_title(events, story["event"])
        story["also_from"] = []
        return story


def _ordered(known, counts):
    """Keys in the framework's order, then any the framework does not list."""
    return [k for k in known if k in counts] + sorted(k for k in counts if k not in known)


def _event_title(events, code):
    return next(e["title"] for e in events if e["code"] == code)


def _shared(values):
    values = [v for v in values if v]
    unique = list(dict.fromkeys(values))
    return "; ".join(unique) if unique else None


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
        "service": event["service"],
        "area": event["area"],
        "date": _date_range([event["date"]]),
        "participants": event["participants"],
        "contributors": event["contributors"],
        "ideas": len(ideas),
        "votes": sum(i["votes"] for i in ideas),
        "stories": len(event["stories"]),
    }


def _participation(events, framework, ideas):
    rows = []
    for role in framework["roles"]:
        per_event = [e["counts"].get(role["key"], 0) for e in events]
        rows.append(
            {
                "key": role["key"],
                "label": role["label"],
                "per_event": per_event,
                "count": sum(per_event),
                "expert_by_experience": bool(role.get("expert_by_experience")),
                "ideas": sum(1 for i in ideas if i["role_key"] == role["key"]),
            }
        )
    total = sum(e["participants"] for e in events)
    experts = sum(r["count"] for r in rows if r["expert_by_experience"])
    expert_ideas = sum(r["ideas"] for r in rows if r["expert_by_experience"])
    missing = [r["label"] for r in rows if r["count"] == 0]
    gaps = [f"No one taking part described themselves as \u201c{label}\u201d." for label in missing]
    for event in events if len(events) > 1 else []:
        absent = [r["label"] for r in rows if r["count"] and not event["counts"].get(r["key"])]
        if absent:
            gaps.append(
                f"At {event['title']} ({event['code']}), no one took part as: "
                + "; ".join(absent)
                + "."
            )
    return {
        "total": total,
        "contributors": sum(e["contributors"] for e in events),
        "by_role": rows,
        "experts": experts,
        "expert_share": _percent(experts, total),
        "expert_ideas": expert_ideas,
        "expert_idea_share": _percent(expert_ideas, len(ideas)),
        "missing": missing,
        "gaps": gaps,
        "entered_by": {
            kind: sum(1 for i in ideas if i["entered_by"] == kind)
            for kind in ("self", "supporter", "scribe")
        },
    }


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


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
                    "ids": set(),
                    "status": [],
                },
            )
            entry["ids"].add((event["code"], q["id"]))
            entry["status"].append(q["status"])
    stages = []
    for stage in framework["stages"]:
        entries = sorted(
            (q for (s, _), q in by_question.items() if s == stage["key"]),
            key=lambda q: q["position"],
        )
        if not entries:
            continue
        for entry in entries:
            entry["refs"] = entry.pop("ids")
            mine = [i for i in ideas if (i["event"], i["question_id"]) in entry["refs"]]
            shown = [i for i in mine if i["status"] in SHOWN]
            entry["ideas"] = _rank(mine)
            entry["asked"] = any(s != "waiting" for s in entry.pop("status")) or bool(mine)
            entry["votes"] = sum(i["votes"] for i in shown)
            totals = {}
            for idea in shown:
                for role, n in idea["by_role"].items():
                    totals[role] = totals.get(role, 0) + n
            entry["votes_by_role"] = [
                {"label": names.role(k), "count": totals[k]} for k in _ordered(names.roles, totals)
            ]
            entry["expert_voices"] = [i for i in entry["ideas"] if i["expert_by_experience"]]
            entry["expert_top"] = sorted(
                entry["expert_voices"],
                key=lambda i: (
                    -sum(n for r, n in i["by_role"].items() if r in names.experts),
                    i["rank"],
                ),
            )[:3]
        stages.append(
            {
                "key": stage["key"],
                "name": stage["name"],
                "audience": stage.get("audience"),
                "report_note": stage.get("report_note"),
                "questions": entries,
            }
        )
    return stages


def _rank(ideas):
    rows = sorted(ideas, key=lambda i: (-i["votes"], i["created"], i["event"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _by_key(stages, key):
    """The ranked ideas of every question with this framework key (Analyse, Review...)."""
    found = []
    for stage in stages:
        for question in stage["questions"]:
            if question["key"] == key:
                found.append(
                    {"stage": stage["name"], "text": question["text"], "ideas": question["ideas"]}
                )
    return found


def _plan(stages):
    """The Plan stage's answers: requirements, measures and evidence, risks with ratings."""
    plan = next((s for s in stages if s["key"] == "plan"), None)
    if not plan:
        return None
    sections = []
    for question in plan["questions"]:
        ratings = None
        if question["kind"] == "risk":
            ratings = {
                r: sum(1 for i in question["ideas"] if i["rating"] == r) for r in RISK_RATINGS
            }
            ratings["not rated"] = sum(1 for i in question["ideas"] if not i["rating"])
        sections.append(
            {
                "key": question["key"],
                "text": question["text"],
                "kind": question["kind"],
                "ideas": question["ideas"],
                "ratings": ratings,
            }
        )
    return {"questions": sections, "answers": sum(len(q["ideas"]) for q in sections)}


def _coverage(framework, events, ideas):
    """Ideas and votes under each priority, kind of outcome and strategic outcome."""
    lists = (
        (
            "priorities",
            "priority_key",
            "Social Value priorities",
            "name",
            "Ideas by Social Value priority",
        ),
        (
            "outcome_kinds",
            "outcome_kind_key",
            "Kinds of Social Value outcome",
            "short",
            "Ideas by kind of Social Value outcome",
        ),
        (
            "strategic_outcomes",
            "strategic_outcome_key",
            "Strategic outcomes",
            "name",
            "Ideas by strategic outcome",
        ),
    )
    coverage = []
    for list_name, field, title, label, chart_title in lists:
        entries = framework.get(list_name) or []
        if not entries:
            continue
        rows = []
        for entry in entries:
            tagged = [i for i in ideas if i[field] == entry["key"]]
            rows.append(
                {
                    "label": entry.get(label) or entry["name"],
                    "full": entry["name"],
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
                "chart_title": chart_title,
                "rows": rows,
                "untagged": sum(1 for i in ideas if not i[field]),
                "gaps": [r["label"] for r in rows if not r["ideas"]],
                "tagged": sum(r["ideas"] for r in rows),
            }
        )
    return coverage


def _outcomes(events, stages):
    """The provisional outcomes chosen in the room, or (honestly labelled) the top votes."""
    chosen = [o for e in events for o in e["outcomes"]]
    if chosen:
        ideas = {
            (i["event"], i["id"]): i for s in stages for q in s["questions"] for i in q["ideas"]
        }
        items = []
        for outcome in chosen:
            source = ideas.get((outcome["event"], outcome["source_idea_id"]))
            items.append(
                {
                    "text": outcome["text"],
                    "event": outcome["event"],
                    "votes": source["votes"] if source else None,
                    "author_role": source["author_role"] if source else None,
                    "expert_by_experience": bool(source and source["expert_by_experience"]),
                    "priority": source["priority"] if source else None,
                    "outcome_kind": source["outcome_kind"] if source else None,
                }
            )
        return {"source": "chosen", "items": items}
    analyse = next((s for s in stages if s["key"] == "analyse"), None)
    pool = [
        i
        for q in (analyse["questions"] if analyse else [])
        for i in q["ideas"]
        if i["status"] in SHOWN and i["votes"]
    ]
    pool.sort(key=lambda i: (-i["votes"], i["created"]))
    return {
        "source": "top_voted",
        "items": [
            {
                "text": i["text"],
                "event": i["event"],
                "votes": i["votes"],
                "author_role": i["author_role"],
                "expert_by_experience": i["expert_by_experience"],
                "priority": i["priority"],
                "outcome_kind": i["outcome_kind"],
            }
            for i in pool[:TOP_OUTCOMES]
        ],
    }


def _summary(doc):
    events = doc["events"]
    return {
        "participants": sum(e["participants"] for e in events),
        "contributors": sum(e["contributors"] for e in events),
        "ideas": sum(e["ideas"] for e in events),
        "votes": sum(e["votes"] for e in events),
        "stories": sum(e["stories"] for e in events),
        "events": len(events),
        "top_outcomes": doc["outcomes"]["items"],
        "outcomes_source": doc["outcomes"]["source"],
    }


def _appendix(stages, ideas):
    """Every contribution, question by question, oldest first (merged duplicates too)."""
    place = {}
    for s_index, stage in enumerate(stages):
        for q_index, question in enumerate(stage["questions"]):
            for ref in question["refs"]:
                place[ref] = (s_index, q_index, stage["name"], question["text"])
    rows = []
    for idea in ideas:
        where = place.get((idea["event"], idea["question_id"]))
        if where:
            rows.append(
                {
                    **idea,
                    "stage": where[2],
                    "question": where[3],
                    "order": (where[0], where[1], idea["created"], idea["event"]),
                }
            )
    rows.sort(key=lambda row: row["order"])
    return rows


def _plural(n, one, many=None):
    """'1 idea', '3 ideas', 'no idea' (with 'was' in `one`, 'No idea was')."""
    if n == 0:
        return f"no {one}"
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _wording(doc):
    """The report's sentences, made once from the figures so every format says the same."""
    s, p = doc["summary"], doc["participation"]
    where = (
        f"{s['events']} events"
        if doc["combined"]
        else f"the event \u201c{doc['events'][0]['title']}\u201d"
    )
    stories = (
        f" and shared {_plural(s['stories'], 'story', 'stories')} for quoting"
        if s["stories"]
        else ""
    )
    lead = (
        f"{_plural(s['participants'], 'person', 'people')} took part in {where} "
        f"({doc['date']}); {s['contributors']} of them wrote at least one idea or story. "
        f"The room put forward {_plural(s['ideas'], 'idea')} and cast "
        f"{_plural(s['votes'], 'vote')}{stories}."
    )
    lead = lead[0].upper() + lead[1:]
    experts = (
        f"{p['experts']} of the {p['total']} people ({p['expert_share']}%) were experts "
        f"by experience (people who receive care and support). They wrote "
        f"{p['expert_ideas']} of the {s['ideas']} ideas ({p['expert_idea_share']}%)."
    )
    if s["outcomes_source"] == "chosen":
        outcomes = (
            "These are the provisional Social Value outcomes the room carried forward "
            "from the Analyse stage, in the order the facilitator set."
        )
    elif s["top_outcomes"]:
        outcomes = (
            "The room has not yet carried ideas forward as provisional Social Value "
            f"outcomes. Until it does, the {len(s['top_outcomes'])} most-voted ideas from "
            "the Analyse stage stand in for them here: they are what the room ranked "
            "highest, not outcomes anyone has agreed."
        )
    else:
        outcomes = (
            "No idea from the Analyse stage has received a vote yet, so there are no "
            "provisional outcomes to show."
        )
    budgets = " or ".join(str(b) for b in doc["vote_budgets"])
    entered = p["entered_by"]
    method = [
        "Ideas and votes were collected live on attendees' own phones, without names. "
        f"Each attendee had {budgets} dots to vote with on each question. Votes are shown "
        "split by the voter's role, so that no group's majority hides another's priorities, "
        "and ideas from experts by experience are marked and quoted in their own words.",
        _entered(entered),
        "Ideas the facilitator hid or rejected are included and marked, as asked for this draft."
        if doc["options"]["include_hidden"]
        else "Ideas the facilitator hid or rejected during the event are left out of this draft.",
    ]
    if doc["options"]["redacted"]:
        method.append(
            "Names and words on the event's redaction list have been replaced with "
            "\u201c[redacted]\u201d throughout."
        )
    if doc["stories_not_quoted"]:
        method.append(
            f"{_plural(doc['stories_not_quoted'], 'story was', 'stories were')} shared "
            "on the understanding that they would not be quoted; they are not "
            "reproduced here."
        )
    coverage = {}
    for block in doc["coverage"]:
        notes = []
        if not block["tagged"]:
            notes.append(
                f"No idea was tagged with one of the {block['title'].lower()}, so "
                "this chart is empty: the draft does not guess which one an idea serves."
            )
        else:
            if block["gaps"]:
                notes.append("No ideas were tagged: " + "; ".join(block["gaps"]) + ".")
            if block["untagged"]:
                notes.append(
                    f"{_plural(block['untagged'], 'idea was', 'ideas were')} not "
                    "tagged with any of them."
                )
        coverage[block["key"]] = " ".join(notes)
    return {
        "lead": lead,
        "experts": experts,
        "outcomes": outcomes,
        "method": method,
        "coverage": coverage,
    }


def _entered(entered):
    if not entered["supporter"] and not entered["scribe"]:
        return (
            "Every idea was typed by the attendee themselves; none was entered by a "
            "supporter or typed in by the facilitator."
        )
    text = (
        f"{_plural(entered['supporter'], 'idea was', 'ideas were')} entered by a supporter "
        f"on someone's behalf, and {_plural(entered['scribe'], 'idea was', 'ideas were')} "
        "typed in by the facilitator from paper cards or from what was said aloud."
    )
    return text[0].upper() + text[1:]
