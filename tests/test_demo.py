"""The demo workshop is a believable event at the framework's own size (issue 23
item 11): what `make report-preview`, the themes and the 150-idea screens are
checked against. Properties, not today's exact counts."""

from collections import Counter

from workshop.cli import demo
from workshop.room import agenda, plan, rules
from workshop.room import framework as fw
from workshop.storage import rankings


def rows(db, sql, *args):
    return [dict(r) for r in db.conn.execute(sql, args).fetchall()]


def ideas_of(db, workshop):
    return rows(
        db,
        "SELECT i.*, q.framework_key, q.stage FROM ideas i JOIN questions q ON q.id = i.question_id"
        " WHERE i.workshop_id = ? ORDER BY i.id",
        workshop["id"],
    )


def test_the_data_file_reads_and_names_only_the_frameworks_words():
    kent = fw.load()
    roles = set(demo.ROOM_MIX)
    assert sum(demo.ROOM_MIX.values()) == 90 and roles == set(fw.lookup(kent, "roles"))
    priorities, kinds = fw.lookup(kent, "priorities"), fw.lookup(kent, "outcome_kinds")
    for question in demo.ROOM["question"]:
        texts = [t for _, ideas in demo.themes(question["key"]) for t in ideas]
        assert 100 <= len(texts) <= 150, question["key"]
        assert len(set(texts)) == len(texts), "a text twice would be one idea to the demo"
        assert len(question["theme"]) >= 6
        for theme in question["theme"]:
            assert set(theme["favoured_by"]) <= roles
            assert theme.get("priority", "local_employment") in priorities
            assert theme["outcome_kind"] in kinds
            for line in theme["ideas"]:
                how, role, on_behalf_of, mark, text = demo.parse(line)
                assert role in roles and on_behalf_of in (None, *roles) and mark is None, line
                assert how in ("self", "card", "scribe") and text
    for outcome in demo.ROOM["outcome"]:
        for key in ("define_requirements", "measure_evidence"):
            for line in outcome[key]:
                mark = demo.parse(line)[3]
                assert mark in (None, *demo.MARKS), line
                assert key == "define_requirements" or mark is None, "measures are not marked"
        for key in ("risk_core_quality", "risk_excluding_providers"):
            assert all(demo.parse(line)[3] in demo.RATINGS for line in outcome[key])


def test_the_demo_is_the_frameworks_event_at_its_own_size(db):
    workshop = demo.create(db)
    people = rows(db, "SELECT * FROM participants WHERE workshop_id = ?", workshop["id"])
    in_room = Counter(p["role"] for p in people if p["origin"] == "room")
    assert in_room == Counter(demo.ROOM_MIX)
    outreach = [p for p in people if p["origin"] == "outreach"]
    assert outreach and any(p["supporter_role"] for p in outreach)
    assert any(not p["supporter_role"] for p in outreach)

    ideas = ideas_of(db, workshop)
    analyse = [i for i in ideas if i["stage"] == "analyse"]
    for key in ("added_differences", "standard_practice", "risk_of_losing"):
        on = [i for i in analyse if i["framework_key"] == key]
        assert 100 <= len(on) <= 160, key
        assert {i["author_role"] for i in on} == set(demo.ROOM_MIX), key
    origins = Counter(i["origin"] for i in analyse)
    assert origins["outreach"] and origins["paper"] and origins["room"] > 300
    entered = Counter(i["entered_by"] for i in analyse)
    assert entered["supporter"] and entered["scribe"] and entered["self"] > 300
    statuses = Counter(i["status"] for i in analyse)
    assert statuses["merged"] >= 2 and statuses["hidden"] == 1
    [hidden] = [i for i in analyse if i["status"] == "hidden"]
    assert "07700" in hidden["text"]  # the phone number, not an opinion, is what was hidden

    votes = rows(
        db,
        "SELECT v.*, q.framework_key FROM votes v JOIN questions q ON q.id = v.question_id"
        " WHERE v.workshop_id = ?",
        workshop["id"],
    )
    per_question = Counter(v["framework_key"] for v in votes)
    for key in ("added_differences", "standard_practice", "risk_of_losing"):
        # Nearly everyone votes, most with all their dots; the dots spread thin.
        assert 180 <= per_question[key] <= 90 * workshop["vote_budget"], key
        voted = Counter(v["idea_id"] for v in votes if v["framework_key"] == key)
        top = max(voted.values())
        assert 8 <= top <= 60 and len(voted) >= 40, (key, top, len(voted))

    stories = rows(db, "SELECT * FROM stories WHERE workshop_id = ?", workshop["id"])
    assert {s["may_quote"] for s in stories} == {0, 1}
    assert sum(s["follow_up"] for s in stories) == 1
    assert [s["status"] for s in stories].count("hidden") == 1
    assert any(s["entered_by"] == "supporter" for s in stories)
    assert any(s["origin"] == "outreach" for s in stories)


def test_votes_follow_what_each_role_cares_about(db):
    """People who receive care give paid work a bigger share of their dots than
    providers do, and providers give greener rounds a bigger share than they do."""
    workshop = demo.create(db, plan_stage=False)
    themes = dict(demo.themes("added_differences"))
    votes = rows(
        db,
        "SELECT v.voter_role, i.text FROM votes v JOIN ideas i ON i.id = v.idea_id"
        " JOIN questions q ON q.id = v.question_id"
        " WHERE v.workshop_id = ? AND q.framework_key = 'added_differences'",
        workshop["id"],
    )

    def share(role, label):
        theirs = [v["text"] for v in votes if v["voter_role"] == role]
        return sum(t in themes[label] for t in theirs) / len(theirs)

    work, rounds = "Paid work for people who receive care", "Greener care rounds: less driving"
    assert share("person_receiving_care", work) > 1.5 * share("provider", work)
    assert share("provider", rounds) > 1.5 * share("person_receiving_care", rounds)


def test_plan_answers_are_marked_as_their_words_say_never_by_position(db):
    workshop = demo.create(db)
    said = {}
    for outcome in demo.ROOM["outcome"]:
        for key in ("define_requirements", "measure_evidence"):
            for line in outcome[key]:
                said[demo.parse(line)[4]] = demo.parse(line)[3]
    answers = [i for i in ideas_of(db, workshop) if i["stage"] == "plan"]
    marked = [a for a in answers if a["answer_kind"]]
    assert {a["framework_key"] for a in marked} == {"define_requirements"}
    for answer in answers:
        if answer["framework_key"] in ("define_requirements", "measure_evidence"):
            assert answer["answer_kind"] == said[answer["text"]], answer["text"]
    kinds = Counter(
        a["answer_kind"] for a in answers if a["framework_key"] == "define_requirements"
    )
    assert kinds["specified_requirement"] and kinds["open_question"] and kinds[None]
    # Open questions ask bidders to propose; specified requirements name the outcome.
    for answer in marked:
        if answer["answer_kind"] == "open_question":
            assert "bidder" in answer["text"].lower(), answer["text"]
    risk = [a for a in answers if a["framework_key"].startswith("risk_")]
    assert {a["rating"] for a in risk} == {"low", "medium", "high"}
    outcomes = rows(db, "SELECT * FROM provisional_outcomes WHERE workshop_id = ?", workshop["id"])
    assert len(outcomes) == len(demo.ROOM["outcome"]) >= 4
    assert {o["id"] for o in outcomes} == {a["outcome_id"] for a in answers}


def test_the_same_seed_gives_the_same_workshop_and_analyse_only_stops_there(db):
    first = demo.create(db, plan_stage=False)
    second = demo.create(db, plan_stage=False)

    def fingerprint(workshop):
        ideas = ideas_of(db, workshop)
        order = {i["id"]: n for n, i in enumerate(ideas)}
        votes = rows(
            db, "SELECT idea_id, voter_role FROM votes WHERE workshop_id = ?", workshop["id"]
        )
        return (
            [(i["text"], i["author_role"], i["priority"], i["status"]) for i in ideas],
            sorted((order[v["idea_id"]], v["voter_role"]) for v in votes),
        )

    assert fingerprint(first) == fingerprint(second)
    agenda = rules.agenda(db, first)
    assert [q["status"] for q in agenda if q["stage"] == "analyse"][-1] == "open"
    for table in ("stories", "provisional_outcomes"):
        count = f"SELECT COUNT(*) AS n FROM {table} WHERE workshop_id = ?"  # noqa: S608
        assert rows(db, count, first["id"]) == [{"n": 0}]
    people = rows(db, "SELECT origin FROM participants WHERE workshop_id = ?", first["id"])
    assert {p["origin"] for p in people} == {"room"} and len(people) == 90


def test_the_room_ranks_the_carried_outcomes_each_role_its_own_way(db):
    from workshop.report import gather

    workshop = demo.create(db)
    [question] = [q for q in agenda.agenda(db, workshop) if q["kind"] == "ranking"]
    assert question["stage"] == "plan"
    # The last Plan question is still the one left open to try.
    assert question["status"] == "closed"
    orders = rankings.rankings_of(db, workshop["id"], question["id"])
    assert len(orders) == sum(demo.ROOM_MIX.values()) == 90
    options = rankings.options_of(db, workshop["id"])[question["id"]]
    assert [o["outcome_id"] for o in options] == [o["id"] for o in plan.outcomes(db, workshop)]
    [section] = gather.build(db, [workshop])["kind_sections"]
    assert section["answers"] == 90 and len(section["shown_roles"]) == 6
    firsts = {
        role: [r["text"] for r in section["rows"] if r["by_role"][role] == 1][0]
        for role in section["shown_roles"]
    }
    # People who get care and carers put the buddy scheme first, providers their staff's support.
    assert firsts["Person who receives care and support"].startswith("Buddy")
    assert firsts["Care provider"].startswith("Care staff get literacy")
    assert len(set(firsts.values())) >= 3


def test_the_word_reports_ranking_keeps_six_roles_readable(db):
    import io

    import docx

    from workshop.report import export

    workshop = demo.create(db)
    document = docx.Document(io.BytesIO(export.render(db, [workshop], "docx").content))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert [
        "Room's place",
        "Item",
        "Score (average points)",
    ] in headers
    [places] = [t for t in document.tables if "Item 1" in [c.text for c in t.rows[0].cells]]
    assert [c.text for c in places.rows[0].cells] == ["Role"] + [f"Item {n}" for n in range(1, 6)]
    assert len(places.rows) == 7 and places.rows[1].cells[0].text.startswith("Person who")
