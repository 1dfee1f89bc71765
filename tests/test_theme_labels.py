"""Suggested themes' labels (workshop/room/theme_labels.py): a short phrase
taken word for word from one of the group's own shown ideas."""

import re

from benchmarks import themes_bench
from workshop.room import framework as fw
from workshop.room import theme_labels, themes

KENT = fw.load()
SET = themes_bench.read_set(themes_bench.DATA)


def _flat(text):
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def test_every_label_is_a_phrase_one_member_wrote():
    for key, question in SET.items():
        ideas = [{"id": i["id"], "text": i["text"]} for i in question]
        text = {i["id"]: i["text"] for i in question}
        for group in themes.suggest(ideas, KENT)["groups"]:
            label = group["label"]
            assert "," not in label and 1 <= len(label.split()) <= 6, (key, label)
            assert label[0].isupper()
            if label == theme_labels.MIXED_LABEL:  # a mixed group that says so
                continue
            assert any(f" {_flat(label)} " in f" {_flat(text[i])} " for i in group["ideas"]), (
                key,
                label,
            )


def test_a_phrase_ends_at_punctuation_and_keeps_abbreviations():
    texts = [
        "EV fleet for care staff",
        "An EV fleet, please",
        "More EV fleet cars",
        "Lunch club on Fridays",
        "lunch club for older men",
        "A lunch club, every week",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5]])
    assert names == ["EV fleet", "Lunch club"]


def test_groups_get_different_labels_where_their_words_allow():
    texts = ["Paid jobs", "paid jobs for us", "paid jobs now", "Paid jobs, real contracts"]
    names = theme_labels.labels(texts, [[0, 1], [2, 3]])
    assert names[0] != names[1]


def test_no_shared_word_still_gets_a_label_from_a_member():
    names = theme_labels.labels(["Swimming", "Choir practice", "Allotments"], [[0, 1, 2]])
    assert names[0] in {"Swimming", "Choir practice", "Allotments", "Choir"}
    assert theme_labels.labels(["!!!", "??"], [[0, 1]]) == ["Other ideas"]


def test_a_large_question_gets_a_room_of_themes_not_slivers():
    """150 ideas: every theme holds at least 1 in 30 of them (5), so some ten themes, not twenty."""
    room = themes_bench.synthetic(150, SET)
    groups = themes.suggest(room, KENT)["groups"]
    assert min(len(g["ideas"]) for g in groups) >= 5, [len(g["ideas"]) for g in groups]
    assert themes.smallest_group(20) == 2 and themes.smallest_group(60) == 3


def test_a_label_does_not_end_on_a_describing_word_nor_repeat_another():
    texts = [
        "Keep rounds in small local patches",
        "rounds in small local areas",
        "Shorter rounds in small local towns",
        "Staff rounds",
        "More staff",
        "Staff, staff, staff",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5]])
    assert not names[0].lower().endswith(("local", "small")), names
    assert names[0].lower() != names[1].lower()


def test_names_keep_their_capital():
    # How fast a large group is labelled: benchmarks/themes_bench.py (2,000 ideas).
    texts = ["Buy from Kent firms", "buy from Kent farms first", "Kent firms. Buy local", "Shops"]
    assert theme_labels.labels(texts, [[0, 1, 2], [3]])[0].startswith("Buy from Kent")


def test_a_label_fits_one_line_of_the_board_when_its_group_has_a_short_phrase():
    texts = [
        "Intergenerational reminiscence projects with nurseries",
        "intergenerational reminiscence projects with nurseries please",
        "Nurseries",
        "nurseries visiting",
    ]
    [name] = theme_labels.labels(texts, [[0, 1, 2, 3]])
    assert len(name) <= 26, name


def _reads_as_a_thing(label):
    """Not a verb alone, no tense anywhere, no function word at either end but
    who an easy-read action is for ("Ask us")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = label.lower().split()
    assert not set(words) & theme_labels._DONE, label
    assert not (len(words) == 1 and words[0] in theme_labels._DOING), label
    assert words[0] not in ENGLISH_STOP_WORDS, label
    assert words[-1] not in ENGLISH_STOP_WORDS or words[-1] in theme_labels._US, label


def test_a_group_about_what_depends_on_the_contract_is_not_labelled_with_a_verb():
    """The demo's third Analyse question was labelled "Depends": every other
    theme spoke of the contract too, so only the verb was this group's own."""
    depends = [
        "The social enterprise that does our laundry depends on this contract.",
        "The buddy scheme depends on our coordinator, paid from this contract.",
        "Our lunch club depends on the day service staying open.",
        "Training we paid for walks out of the door.",
    ]
    contract = [
        "A new contract could break the minibus run",
        "Longer contract, five years not three",
        "The contract must keep the sitting service",
        "Put the carers' cafe in the new contract",
    ]
    names = theme_labels.labels(depends + contract, [[0, 1, 2, 3], [4, 5, 6, 7]])
    for name in names:
        _reads_as_a_thing(name)
    # Not "Paid for walks" either: "we paid" is a verb, whatever list it is missing from.
    assert names[0] in {"Social enterprise", "Buddy scheme", "Lunch club", "Day service"}, names


def test_a_sentence_fragment_is_not_a_label():
    """ "Staff learn", "Did boards", "Staff stay longer": a verb makes a clause of them."""
    texts = [
        "Staff learn Makaton from the people they support",
        "staff learn on the job",
        "You said, we did boards in every service.",
        "We did boards. Staff stay longer.",
        "Staff stay longer when they are trained",
        "Training for staff in Makaton",
    ]
    for name in theme_labels.labels(texts, [[0, 1, 5], [2, 3, 4]]):
        _reads_as_a_thing(name)
        assert name.lower() not in {"staff learn", "did boards", "staff stay longer"}, name


def test_a_lone_word_is_widened_with_the_members_own_words():
    texts = ["Keep experienced staff", "experienced staff know us", "Staff!", "staff", "STAFF"]
    assert theme_labels.labels(texts, [[0, 1, 2, 3, 4]]) == ["Experienced staff"]
    # An action opens a sentence; "people who receive care" is no label of "Receive care".
    texts = ["Volunteers who receive care", "Volunteering roles for people who receive care"]
    [name] = theme_labels.labels(texts * 2, [[0, 1, 2, 3]])
    assert not name.lower().startswith("receive"), name


def test_easy_read_asks_keep_who_is_asked():
    texts = [
        "ask us before you change things",
        "ask us every year",
        "Ask me. Then do it.",
        "Ask us what we think every year and show what changed.",
    ]
    assert theme_labels.labels(texts, [[0, 1, 2, 3]]) == ["Ask us"]


def test_let_us_is_not_who_an_action_is_for():
    """The board's 150-idea room labelled its recruiting theme "Let us": in "Let
    us help interview new staff" the action comes after "us"."""
    texts = [
        "Let us help interview new staff because it builds trust",
        "Let us help interview new staff so money stays local",
        "Let us help interview new staff with easy-read information",
    ]
    assert theme_labels.labels(texts, [[0, 1, 2]]) != ["Let us"]


def test_two_themes_never_share_a_label_even_when_their_members_wrote_the_same():
    texts = [
        "Paid jobs",
        "paid jobs for us",
        "Paid jobs now",
        "Paid jobs please",
        "paid jobs",
        "Paid jobs, real contracts",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5]])
    assert len({n.lower() for n in names}) == 2, names
    for name, group in zip(names, [[0, 1, 2], [3, 4, 5]], strict=True):
        assert any(f" {_flat(name)} " in f" {_flat(texts[i])} " for i in group), name


def test_a_hidden_ideas_word_never_widens_a_label():
    ideas = [
        {"id": 1, "text": "Staff!"},
        {"id": 2, "text": "More staff"},
        {"id": 3, "text": "staff staff"},
        {"id": 4, "text": "Zonking staff", "status": "hidden"},
        {"id": 5, "text": "zonking staff now", "status": "hidden"},
        {"id": 6, "text": "Zonking staff again", "status": "hidden"},
    ]
    for group in themes.suggest(ideas, KENT)["groups"]:
        assert "zonk" not in group["label"].lower(), group


def test_the_labelled_sets_labels_name_things_and_few_are_one_word():
    """Before: 10 of 30 labels one word ("Pays", "Staff", "Clubs") and "Staff learn"."""
    names = []
    for question in SET.values():
        ideas = [{"id": i["id"], "text": i["text"]} for i in question]
        found = [g["label"] for g in themes.suggest(ideas, KENT)["groups"]]
        assert len({n.lower() for n in found}) == len(found), found
        names += found
    for name in names:
        _reads_as_a_thing(name)
    assert sum(len(n.split()) == 1 for n in names) <= len(names) // 5, names


def test_a_label_keeps_a_name_whole_and_its_things_ending_in_ing():
    """The board's 150-idea room (harness/big_room.py) read "Leaving care and
    count", "Week", "Monthly coffee" and "Carers trained in sign"."""
    question = "What added differences can we make for people who need care and support?"
    texts = [
        "Carers trained in sign language with easy-read information sent before (idea 5)",
        "Carers trained in sign language with easy-read information sent before (idea 9)",
        "Carers trained in sign language so people feel known (idea 20)",
        "A monthly coffee morning with the day centre and count how many hours (idea 4)",
        "A monthly coffee morning with the day centre so it feels local (idea 14)",
        "A monthly coffee morning with the day centre and count how many hours (idea 71)",
        "Keep the same care worker every week so it feels like family (idea 1)",
        "Keep the same care worker every week so money stays local (idea 2)",
        "Keep the same care worker every week (idea 3)",
    ]
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5], [6, 7, 8]], question=question)
    assert names == ["Sign language", "Monthly coffee morning", "Care worker"], names
    for name in names:
        _reads_as_a_thing(name)
    # "Aprons going", "service helping": an -ing that is not a thing's name closes nothing.
    texts = ["Plastic aprons going to landfill", "aprons going in the bin", "Aprons going"]
    assert theme_labels.labels(texts, [[0, 1, 2]]) != ["Aprons going"]


def test_labels_a_reader_cannot_tell_apart():
    """One label's words within another's, or the same head and most words."""
    for one, other in [
        ("Fair pay", "Fair pay and travel"),
        ("Pay and travel", "Fair pay and travel"),
        ("Staff", "Local staff"),
        ("Ask us", "Ask me"),
        ("Small care companies", "Small companies"),
    ]:
        assert theme_labels.confusable(one, other), (one, other)
    for one, other in [
        ("Local staff", "Experienced staff"),
        ("Paid jobs", "Paid work"),
        ("Local groups", "Local volunteers"),
    ]:
        assert not theme_labels.confusable(one, other), (one, other)


def _questions():
    """The labelled set's and the demo key's questions: (name, ideas, suggested groups)."""
    texts = {q["key"]: q["text"] for stage in KENT["stages"] for q in stage["questions"]}
    for name, questions in (("labelled", SET), ("demo key", themes_bench.demo_set())):
        for key, question in questions.items():
            ideas = [{"id": i["id"], "text": i["text"]} for i in question]
            yield f"{name} {key}", ideas, themes.suggest(ideas, KENT, question=texts[key])["groups"]


def test_no_two_labels_of_a_question_read_alike_and_no_lone_word_is_a_puzzle():
    """Before: "Counselling for staff" beside "Staff", "Local staff" beside
    "Staff"; "Contract" for a group two of whose eight ideas say "contract"
    ("Paid roles": five of them speak of pay), "Letters" for extra help on visits."""
    for name, ideas, groups in _questions():
        labels = [g["label"] for g in groups]
        for n, label in enumerate(labels):
            assert not any(theme_labels.confusable(label, o) for o in labels[n + 1 :]), labels
        text = {i["id"]: i["text"] for i in ideas}
        for group in groups:
            if " " in group["label"]:
                continue
            wrote = [theme_labels.theme_text.words(text[i]) for i in group["ideas"]]
            word = group["label"].lower()
            alone = any(
                theme_labels.theme_text.content(sentence) == [word]
                for i in group["ideas"]
                for sentence in re.split(r"[.!?;:]", text[i])
            )
            most = 2 * sum(word in w or word.rstrip("s") in w for w in wrote) > len(wrote)
            assert alone or most, (name, group["label"], [text[i] for i in group["ideas"]])


def test_groups_whose_labels_show_one_theme_are_one():
    """Every idea says "Fair pay and travel time for staff", for three reasons."""
    reasons = ["so money stays local", "because it builds trust", "with easy-read information"]
    texts = [
        f"Fair pay and travel time for staff {r} (idea {n})" for n in range(3) for r in reasons
    ]
    groups = [[0, 3, 6], [1, 4, 7], [2, 5, 8]]
    names = ["Fair pay and travel", "Pay and travel", "Fair pay"]
    assert theme_labels.alike(texts, groups, names) == [(0, 1), (0, 2)]  # a chain is enough
    # "Staff" against "Local staff": one of the larger group's ideas says staff.
    texts = ["Local staff", "local shops", "local firms", "Staff leave", "staff and TUPE", "Staff!"]
    assert theme_labels.alike(texts, [[0, 1, 2], [3, 4, 5]], ["Local staff", "Staff"]) == []
    # Told apart, each group says what differs.
    names = theme_labels.labels(texts, [[0, 1, 2], [3, 4, 5]])
    assert not theme_labels.confusable(*names), names


def test_a_label_is_not_cut_from_inside_a_name_nor_a_clause():
    """Each was a label on the demo's questions: "Days and mental health" (of
    "Wellbeing days and mental health first aiders"), "Letters", "Classes
    costs money", "Money small providers", "Centre open", "Including bank
    staff", "Information sent"."""
    counselling = [
        "Counselling for staff who are stressed",
        "counselling for staff after a death",
        "Free counselling for staff",
        "Counselling for staff please",
    ]
    staff = [
        "Staff are happy. Staff stay longer.",
        "Wellbeing days and mental health first aiders for the workforce",
        "Shadow shifts for new staff before they go out alone",
    ]
    names = theme_labels.labels(counselling + staff, [[0, 1, 2, 3], [4, 5, 6]])
    assert names[1] != "Days and mental health", names
    post = [
        "Carers could post letters and pick up bits from the shop.",
        "Help with my post. Letters are hard.",
        "Meals on wheels drivers could drop off prescriptions too.",
        "Library at home service delivered by the care round.",
        "Give something back. Help other people like me.",
    ]
    paid = ["Paid jobs", "paid jobs please", "Paid jobs for us"]
    assert theme_labels.labels(post + paid, [[0, 1, 2, 3, 4], [5, 6, 7]])[0] != "Letters"
    cases = [
        [
            "Small providers cannot fund extra posts without more money.",
            "Paid time for classes costs money small providers do not have.",
        ],
        [
            "Keep our centre open.",
            "If the centre closes, there is nowhere for us to go.",
            "The community room at the centre.",
            "The garden at the day centre that the school helps with.",
        ],
        ["Staff development plans for everyone, including bank staff.", "Bank staff need it"],
        [
            "Easy-read information sent before each visit",
            "Information sent before each visit, please",
        ],
    ]
    for texts in cases:
        [name] = theme_labels.labels(texts, [list(range(len(texts)))])
        _reads_as_a_thing(name)
        low = name.lower()
        assert not low.startswith(("including", "money small")), name
        assert not low.endswith(("costs money", "open", "closes", "sent")), name
    assert theme_labels.labels(cases[1], [[0, 1, 2, 3]]) == ["Day centre"]


def test_the_framework_s_own_name_for_people_is_one_phrase():
    """ "by" joins a phrase as "for" and "of" do: "Experts by experience", not
    "Sessions with experts" (the demo's fifth question read "Experience")."""
    texts = [
        "Number of panels and training sessions with experts by experience, and hours paid.",
        "What changed in the service because of what experts by experience said.",
        "Count the posts and how long each lasts",
        "Job starts, sustained at 6 and 12 months, reported in the quarterly contract review.",
    ]
    assert theme_labels.labels(texts, [[0, 1, 2, 3]]) == ["Experts by experience"]


# The demo's first question: what eight ideas grouped together say (before,
# "Check smoke alarms", which two of them wrote).
CHECKS = [
    "Deliver library books and check smoke alarms on the same visit as the hot meal.",
    "Make every contact count: carers give healthy living information on visits.",
    "We know what good care is. Ask us to check.",
    "Smoke alarm and carbon monoxide checks as part of the care plan review.",
    "Reduce travel time between domiciliary care visits - measure it.",
    "Falls prevention check on every first visit.",
    "Check on the neighbour too if they are on their own.",
    "Co-produced quality monitoring visits with people who use services.",
]


def test_coverage_is_the_share_of_members_a_label_meets():
    """By a word's stem or a care concept; a verb opening an action says what is
    done, not what the group is about, unless nothing else is left ("Ask us")."""
    assert theme_labels.coverage("Check smoke alarms", CHECKS) == 2 / 8
    assert theme_labels.coverage("Care visits", CHECKS, question="care") == 5 / 8
    assert theme_labels.coverage("Ask us", ["ask us every year", "Ask me.", "Show us"]) == 2 / 3
    # "EV fleet" meets "electric cars" by the concept both name.
    assert theme_labels.coverage("Electric pool cars", ["EV fleet", "more trains"]) == 1 / 2
    assert theme_labels.coverage("!!!", CHECKS) == 0.0


def test_a_mixed_group_says_so_rather_than_take_one_members_words():
    """Eleven ideas with no word most share: "Meals on wheels drivers" (one of
    eleven) named them; a label that meets under a quarter is "Mixed ideas",
    once a question (a second keeps its phrase: two labels never read alike)."""
    mixed = [
        "Library at home service delivered by the care round.",
        "Carers could post letters and pick up bits from the shop on the way.",
        "Patch-based rotas. Less windscreen time.",
        "Be a trustee. I would like that.",
        "Social prescribing links so GPs can refer people to what we run.",
        "More trips out. The beach.",
        "T-level industry placements with the college, 45 days each.",
        "Meals on wheels drivers could drop off prescriptions too.",
    ]
    paid = ["Paid jobs for us", "paid jobs at the centre", "Paid jobs, real wages", "paid jobs"]
    also = [
        "Named keyworker for each person",
        "Calls at the same time each day",
        "Intergenerational projects with nurseries",
        "Tell people what changed because of what they said",
        "Complaints should be easy. I was scared to complain.",
    ]
    texts = mixed + paid + also
    groups = [list(range(8)), [8, 9, 10, 11], list(range(12, 17))]
    names = theme_labels.labels(texts, groups)
    assert names[0] == theme_labels.MIXED_LABEL
    assert names[1] == "Paid jobs"
    assert names[2] != theme_labels.MIXED_LABEL
    assert not theme_labels.confusable(names[0], names[2])


def test_a_label_gives_way_only_to_one_its_members_words_meet_more():
    """Twelve ideas on green travel: "Electric pool cars" meets nine of them
    by a concept (cars, cycling, walking, buses are one), but by their own
    words no more than "Green travel plans" does, which stays. Eight ideas
    on visits, two of which say "smoke alarms": "Care visits" meets five."""
    travel = [
        "Allotment and green space projects that bring neighbours together.",
        "Green travel plans for every branch, with an enviroment champion.",
        "Walking rounds in town centres",
        "Small geographical lots so carers live near the people they visit.",
        "Electric pool cars for care staff, charged at the office.",
        "Route planning software to cut mileage between calls.",
        "Cycle to work scheme and e-bikes for domiciliary staff.",
        "The carers drive miles between visits. Give them people nearer home.",
        "Organise rounds in small local patches so carers can walk or cycle between visits.",
        "Lift sharing for staff in rural areas where there is no bus.",
        "Less car travel = less air pollution in Kent.",
        "Use local taxis and community transport, not a national firm.",
    ]
    other = ["Lunch club on Fridays", "lunch club for older men", "A lunch club, every week"]
    assert theme_labels.labels(travel + other, [list(range(12)), [12, 13, 14]])[0] == (
        "Green travel plans"
    )
    # Visits are everywhere in a care question, so alone they score low: the
    # phrase most its own ("Check smoke alarms") meets two of eight.
    visits = [f"Home visits on time, idea {n}" for n in range(6)]
    texts = CHECKS + visits + other
    groups = [list(range(8)), list(range(8, 14)), [14, 15, 16]]
    name = theme_labels.labels(texts, groups)[0]
    assert theme_labels.coverage(name, CHECKS) >= theme_labels.HALF, name


def test_fragments_the_fit_would_otherwise_reach_are_not_labels():
    """Phrases that meet many members by a concept, each a clause or a cut."""
    for phrase in (
        "Mum forgets",
        "Apprentices half",
        "Listening events twice",
        "Driving by planning rounds",
        "Carers walk",
    ):
        low = phrase.lower().split()
        assert not theme_labels._names_a_thing(low, False, phrase.split()), phrase
    for phrase in ("Counselling for staff", "Electric pool cars", "Care visits"):
        low = phrase.lower().split()
        assert theme_labels._names_a_thing(low, False, phrase.split()), phrase


def test_the_demo_s_labels_fit_their_groups(tmp_path):
    """`workshop demo`'s first question, as a commissioner read it: no label
    one or two of its group's members wrote ("Check smoke alarms" over "Ask us
    to check", "Meals on wheels drivers" over eleven ideas of six kinds)."""
    from workshop.cli import demo
    from workshop.room import theming
    from workshop.storage import db as store

    db = store.migrate(store.connect(tmp_path / "demo.db"))
    try:
        workshop = demo.create(db, plan_stage=False)
        first = store.questions_of(db, workshop["id"])[0]
        texts = {i["id"]: i["text"] for i in store.ideas_of(db, workshop["id"], first["id"])}
        groups = theming.suggestion(db, workshop, first["id"])["groups"]
    finally:
        db.conn.close()
    labels = [g["label"] for g in groups]
    for wrong in ("Check smoke alarms", "Meals on wheels drivers"):
        assert wrong not in labels, labels
    for group in groups:
        if group["label"] == theme_labels.MIXED_LABEL:
            continue
        members = [texts[i] for i in group["ideas"]]
        share = theme_labels.coverage(group["label"], members, first["text"])
        assert share >= theme_labels.MIXED, (group["label"], members)
