"""The summary's opening: each Analyse question's accepted themes, in sentences
built from the event's own figures (issue 22, item 7).

For each theme: how many ideas; how many people dotted at least one of them,
by role (room/theme_support.py counts each person once per theme; a role of
fewer than ranking.MIN_ROLE people is given only with the other small ones);
how many of its ideas experts by experience wrote and how many of them dotted
it (not their ideas' words as quotations: an idea carries no consent to be
quoted, summary.py's _experts_words); the Social Value priorities and kinds of outcome its ideas
were tagged with; and what the Plan stage's risk answers said about the
outcome carried from it. Nothing here is written that the data does not say.
A question with no accepted theme says so, and the summary's idea lists follow.
"""

from ..room import ranking, theme_support
from . import kinds, words

RISKS = 2
# Themes given in full in the summary; the rest in one line (all are in the workbook).
IN_FULL = 5
# Plan risk answers that say something is at risk: a medium or high rating, in that order.
AT_RISK = ("high", "medium")


def risk_order(answer):
    """Higher rating first, then more votes: a risk its writer rated high, with 7 votes,
    gave way to one rated medium with 19 when they were ordered by votes alone."""
    rating = answer.get("rating")
    return (AT_RISK.index(rating) if rating in AT_RISK else len(AT_RISK), -answer["votes"])


FIGURES_HEADING = "The event in figures, and the ideas with the widest support"
NO_THEMES = (
    "No themes were accepted for this question, so the summary below gives its "
    "widest-supported ideas instead."
)
ORDER_NOTE = (
    "Themes are the groups of ideas the facilitator accepted at the event. Each theme's "
    "support counts once every person who voted for at least one of its ideas, and is "
    "given for each role against the people of that role who voted on the question; "
    "themes are listed by cross-role support (the same rule as for ideas, in the method "
    "section), most first."
)


def section(doc, events, names):
    """[{"text", "key", "themes": [theme], "note"}] for each Analyse question."""
    if not doc["analyse"]:
        return []
    themes = {
        (e["code"], q["question_id"]): (q, e["code"]) for e in events for q in e.get("themes", [])
    }
    ideas = {(i["event"], i["id"]): i for q in doc["analyse"]["questions"] for i in q["ideas"]}
    risks = _risks(doc, events)
    carried = _carried(doc, events)
    result = []
    for question in kinds.idea_questions(doc["analyse"]):
        found = []
        for ref in sorted(question["refs"]):
            if ref in themes:
                accepted, event = themes[ref]
                dotted = accepted.get("theme_voters") or {}
                found += [
                    {
                        **_theme(
                            g,
                            accepted["voters"],
                            event,
                            ideas,
                            risks=risks,
                            carried=carried,
                            names=names,
                            combined=doc["combined"],
                        ),
                        **_dots(g, dotted, names),
                    }
                    for g in accepted["groups"]
                ]
        found.sort(
            key=lambda t: theme_support.listed_order(t["cross_role"], t["people"], t["dots"])
        )
        result.append(
            {
                "text": question["text"],
                "key": question["key"],
                "themes": found,
                "in_full": found[:IN_FULL],
                "others": _others(found[IN_FULL:]),
                "note": None if found else NO_THEMES,
            }
        )
    return result


def _others(rest):
    """'Also: “Homes, heating” (5 ideas, 12 people); ...' for the themes not given in full."""
    if not rest:
        return None
    listed = "; ".join(
        f"\u201c{t['label']}\u201d ({words.plural(t['ideas'], 'idea')}, "
        f"{words.plural(t['people'], 'person', 'people')})"
        for t in rest
    )
    return (
        f"{words.capital(words.plural(len(rest), 'other theme'))}, by cross-role support "
        f"(each in full in the workbook's Themes sheet): {listed}."
    )


def label_ideas(doc, events):
    """Give each idea of the document the label of its accepted theme (or None)."""
    label = {
        (e["code"], i): g["label"]
        for e in events
        for q in e.get("themes", [])
        for g in q["groups"]
        for i in g["ideas"]
    }
    # Where the room voted on the themes themselves (issue 22 item 5): each idea's theme's dots.
    dots = {
        (e["code"], i): g["dots"]["total"]
        for e in events
        for q in e.get("themes", [])
        if q.get("theme_voters")
        for g in q["groups"]
        for i in g["ideas"]
    }
    for stage in doc["stages"]:
        for question in stage["questions"]:
            for idea in question["ideas"]:
                idea["theme"] = label.get((idea["event"], idea["id"]))
                idea["theme_votes"] = dots.get((idea["event"], idea["id"]))
    for group in doc["appendix"]:
        for idea in group["ideas"]:
            idea["theme"] = label.get((idea["event"], idea["id"]))
            idea["theme_votes"] = dots.get((idea["event"], idea["id"]))


def _theme(group, voters, event, ideas, *, risks, carried, names, combined):
    """One theme's lines. `risks` and `carried` are _risks' and _carried's maps from an
    idea or theme to the Plan answers rated at risk and the outcomes carried from it."""
    outcomes = sorted(
        set(
            [c for i in group["ideas"] for c in carried.get((event, i), [])]
            + carried.get(("theme", event, group.get("id")), [])
        )
    )
    members = [ideas[(event, i)] for i in group["ideas"] if (event, i) in ideas]
    supporters = group["supporters"]
    everyone = sum(voters.values())
    by_role = _by_role(supporters, voters, names)
    experts_written = [i for i in members if i["expert_by_experience"]]
    return {
        "label": group["label"],
        "event_name": names.events[event] if combined else None,
        "ideas": len(members),
        "people": group["people"],
        "voters": everyone,
        "cross_role": group["cross_role"],
        "lead": (
            f"{words.capital(words.plural(len(members), 'idea'))}; "
            + (
                f"{words.share(group['people'], everyone)} of the question's voters "
                "voted for at least one of them."
                if everyone
                else "no one has voted on the question yet."
            )
        ),
        "by_role": by_role,
        "by_role_text": "; ".join(f"{r['label']} {r['text']}" for r in by_role),
        "experts": _experts(experts_written, members, supporters, voters, names),
        "touches": _touches(members),
        "carried": _carried_lines(outcomes),
        "at_risk": [
            # Named by its number once the line above has given its words.
            {**r, "said_of": _said_of(r["outcome"], outcomes)}
            for r in _at_risk(
                [r for i in group["ideas"] for r in risks.get((event, i), [])]
                + risks.get(("theme", event, group.get("id")), [])
            )
        ],
    }


def _said_of(outcome, carried):
    """'provisional outcome 1', or the outcome's words where no number is known."""
    number = next((n for n, text in carried if words.named(text) == outcome), None)
    return f"provisional outcome {number}" if number else f"the outcome \u201c{outcome}\u201d"


def _carried_lines(found):
    """'Carried to the Plan stage as provisional outcome 1: “Paid jobs...”.': a theme
    whose outcome the room rated at no risk said nowhere that it was carried."""
    return [
        f"Carried to the Plan stage as provisional outcome {n}: \u201c{words.named(text)}\u201d."
        for n, text in found
    ]


def _dots(group, theme_voters, names):
    """Where the room voted on the themes themselves (issue 22 item 5): how many of
    the people who did put a dot on this one, and by role; nothing where none did."""
    everyone = sum(theme_voters.values())
    dots = group.get("dots") or {"total": 0, "by_role": {}}
    if not everyone:
        return {"dots": 0, "dots_text": None, "dots_by_role_text": ""}
    by_role = _by_role(dots["by_role"], theme_voters, names)
    text = (
        f"The room voted on themes: {words.share(dots['total'], everyone)} of the people "
        "who voted on this question's themes voted for this one."
    )
    return {
        "dots": dots["total"],
        "dots_text": text,
        "dots_by_role_text": "; ".join(f"{r['label']} {r['text']}" for r in by_role),
    }


def _at_risk(answers):
    """[{"outcome", "text"}]: one sentence per outcome carried from the theme, quoting
    its first RISKS medium or high risk answers by risk_order, and how many more there are."""
    by_outcome = {}
    for answer in sorted(answers, key=risk_order):
        by_outcome.setdefault(answer["outcome"], []).append(answer)
    return [
        {
            # Named inside a sentence ("of the outcome “...”: "): its own full stop goes.
            "outcome": words.named(outcome),
            "text": _answers_by_question(found[:RISKS]) + _more(found[RISKS:]),
        }
        for outcome, found in by_outcome.items()
    ]


def _more(rest):
    """'; 2 more answers rated medium or high are in the Plan section.': the summary
    quotes RISKS of them, and a reader should not take those for all there are."""
    if not rest:
        return ""
    return (
        f"; {words.plural(len(rest), 'more answer')} rated medium or high "
        f"{'is' if len(rest) == 1 else 'are'} in the Plan section."
    )


def _answers_by_question(answers):
    """'“A” (rated high risk; 26 votes) and “B” (...), in answer to “Q?”': each risk
    question said once, after its answers ("asked: Q" after each answer said a
    34-word question twice in one line)."""
    by_question = {}
    for answer in answers:
        by_question.setdefault(answer["question"], []).append(answer)
    return "; ".join(
        " and ".join(f"\u201c{a['text']}\u201d ({a['note']})" for a in said)
        + f", in answer to \u201c{question}\u201d"
        for question, said in by_question.items()
    )


def _by_role(supporters, voters, names):
    """Each role that voted, in the framework's order: a role fewer than MIN_ROLE people
    took part in is given only together with the other small ones."""
    rows = []
    for key in [k for k in names.roles if k in voters] + sorted(set(voters) - set(names.roles)):
        if voters[key] and key not in names.small:
            rows.append(
                {"label": names.role(key), "text": words.share(supporters.get(key, 0), voters[key])}
            )
    small = [k for k in voters if k in names.small]
    if small and sum(voters[k] for k in small):
        rows.append(
            {
                "label": f"roles of fewer than {ranking.MIN_ROLE} people, together",
                "text": words.share(
                    sum(supporters.get(k, 0) for k in small), sum(voters[k] for k in small)
                ),
            }
        )
    return rows


def _experts(written, members, supporters, voters, names):
    if not written:
        text = "Experts by experience wrote none of its ideas"
    elif len(written) < len(members):
        # "wrote 6 of its 17 ideas", not "wrote 6 ideas of its 17"
        text = f"Experts by experience wrote {len(written)} of its {len(members)} ideas"
    else:
        text = "Experts by experience wrote " + (
            "its one idea" if len(members) == 1 else f"all {len(members)} of its ideas"
        )
    expert_roles = [k for k in voters if k in names.experts and k not in names.small]
    voted = sum(voters[k] for k in expert_roles)
    if voted:
        dotted = sum(supporters.get(k, 0) for k in expert_roles)
        text += (
            f"; {words.share(dotted, voted)} of the experts by experience who voted on the "
            "question voted for at least one of its ideas"
        )
    return text + "."


def _touches(members):
    """'Social Value priorities: Local employment (4 ideas); kinds of outcome: ...'."""
    parts = []
    for field, noun in (
        ("priority", "Social Value priorities"),
        ("outcome_kind", "kinds of outcome"),
    ):
        counts = {}
        for idea in members:
            if idea.get(field):
                counts[idea[field]] = counts.get(idea[field], 0) + 1
        if counts:
            named = sorted(counts.items(), key=lambda kv: -kv[1])
            listed = "; ".join(f"{k} ({words.plural(n, 'idea')})" for k, n in named)
            parts.append(words.capital(f"{noun}: {listed}."))
    if not parts:
        return "None of its ideas was tagged with a Social Value priority or a kind of outcome."
    return " ".join(parts)


def _carried(doc, events):
    """{(event, source idea id) or ("theme", event, theme id): [(number, outcome text)]},
    numbered as the Plan section numbers its provisional outcomes (plan_section.py)."""
    if not doc.get("plan"):
        return {}
    found = {}
    outcomes = [o for e in events for o in e["outcomes"]]
    for number, outcome in enumerate(outcomes, start=1):
        if outcome.get("theme_id") is not None:
            key = ("theme", outcome["event"], outcome["theme_id"])
        elif outcome.get("source_idea_id") is not None:
            key = (outcome["event"], outcome["source_idea_id"])
        else:
            continue
        found.setdefault(key, []).append((number, outcome["text"]))
    return found


def _risks(doc, events):
    """{(event, source idea id) or ("theme", event, theme id): [answer]}: the Plan stage's
    risk answers rated medium or high about the outcome carried from an idea or theme."""
    plan = doc.get("plan")
    if not plan:
        return {}
    carried = {}
    for event in events:
        for outcome in event["outcomes"]:
            if outcome.get("theme_id") is not None:
                carried[(event["code"], outcome["id"])] = (
                    "theme",
                    event["code"],
                    outcome["theme_id"],
                )
            elif outcome.get("source_idea_id") is not None:
                carried[(event["code"], outcome["id"])] = (event["code"], outcome["source_idea_id"])
    found = {}
    for question in plan["risk_questions"]:
        for answer in question["ideas"]:
            key = carried.get((answer["event"], answer.get("outcome_id")))
            if key and answer["status"] == "shown" and answer.get("rating") in AT_RISK:
                rating = f"rated {answer['rating']} risk"
                found.setdefault(key, []).append(
                    {
                        "question": question["text"],
                        "text": answer["text"],
                        "note": f"{rating}; {words.count(answer['votes'], 'vote')}",
                        "outcome": answer.get("outcome"),
                        "votes": answer["votes"],
                        "rating": answer["rating"],
                    }
                )
    for answers in found.values():
        answers.sort(key=risk_order)
    return found
