"""Easy read to the standard (Mencap's "Am I making myself clear?", Inclusion
Europe's "Information for all"): every easy-read string a person can meet,
in the framework file, the rendered attendee pages and the phone's scripts,
has sentences of at most 15 words, one idea each, and no word that needs
explaining."""

import json
import re
import tomllib
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from harness.clients import join
from workshop.room import framework as fw
from workshop.room import outreach, workshops
from workshop.storage import db as store

ROOT = Path(__file__).resolve().parents[1]
MAX_WORDS = 15
# Words a reader with a learning disability may not know; say what is meant
# instead ("the council chooses who runs the service", "a care company").
NEEDS_EXPLAINING = [
    "contract",
    "tender",
    "recommission",
    "re-commission",
    "commissioning",
    "commissioner",
    "provider",
    "procurement",
    "applying",
    "local money",
    "stakeholder",
    "vcse",
    "outcome",
    "evidence",
    "facilitator",
    "social value",
    "priority",
    "criteria",
    "sustainable",
    "economy",
    "qualitative",
    "moderat",
    "participant",
    "quote",
    "submit",
]


def sentences(text):
    text = re.sub(r"\s+", " ", text).strip()
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+", text) if s.strip()]


def problems(where, text):
    found = []
    for sentence in sentences(text):
        words = sentence.split()
        if len(words) > MAX_WORDS:
            found.append(f"{where}: {len(words)} words: {sentence!r}")
        # Two commas is a list packed into one sentence.
        if sentence.count(",") > 1:
            found.append(f"{where}: a list in one sentence: {sentence!r}")
        for word in NEEDS_EXPLAINING:
            if re.search(r"\b" + re.escape(word), sentence, re.IGNORECASE):
                found.append(f"{where}: {word!r} needs explaining: {sentence!r}")
    return found


def framework_strings():
    data = tomllib.loads((ROOT / "workshop/room/frameworks/kent.toml").read_text())

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key.startswith("easy_read") and isinstance(value, str):
                    yield f"kent.toml {path}.{key}", value
                else:
                    yield from walk(value, f"{path}.{node.get('key', key)}")
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, path)

    return list(walk(data, ""))


# Scripts that keep their sentences as `key: ["standard", "easy read"],` lines.
WORD_SCRIPTS = ("words.js", "listen.js", "phone-board.js", "voice-story.js")


def script_strings():
    found = []
    line = re.compile(r'^\s+(\w+): \[("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*")\],$')
    for name in WORD_SCRIPTS:
        for n, text in enumerate((ROOT / "static/js" / name).read_text().splitlines(), 1):
            match = line.match(text)
            if match:
                found.append((f"{name}:{n} {match[1]}", json.loads(match[3])))
    for n, text in enumerate((ROOT / "static/js/words.js").read_text().splitlines(), 1):
        easy = re.match(r'^\s+(\w+): ("(?:[^"\\]|\\.)*"),$', text)
        if easy:
            found.append((f"words.js:{n} {easy[1]}", json.loads(easy[2])))
    # The join page's reading choice says its one sentence in easy read in both modes.
    choice = (ROOT / "static/js/reading-choice.js").read_text()
    found += [("reading-choice.js", m[1]) for m in re.finditer(r'var KEPT = "([^"]*)";', choice)]
    assert any(where == "reading-choice.js" for where, _ in found)
    plan = (ROOT / "static/js/plan.js").read_text()
    for match in re.finditer(r'words\("[^"]*", "([^"]*)"\)', plan):
        found.append(("plan.js", match[1]))
    for match in re.finditer(r'\["\w+", "\w+", "(\w+)"\]', plan):
        found.append(("plan.js rating", match[1]))
    return found


class EasyText(HTMLParser):
    """The text of every .for-easy-read element, one string per element; and
    of every .easy-words one (shown in both modes, written in easy read: the
    join page's reading choice), and each option's easy-read words (data-easy)."""

    VOID = {"img", "input", "br", "meta", "link", "hr"}
    EASY = {"for-easy-read", "easy-words"}

    def __init__(self):
        super().__init__()
        self.stack, self.found, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("data-easy"):
            self.found.append(dict(attrs)["data-easy"] + ".")
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        easy = bool(self.EASY & set(classes))
        self.stack.append(easy)
        if easy:
            if self.depth == 0:
                self.found.append("")
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        if self.stack.pop():
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            # Lines of a block are separate sentences even without a full stop.
            self.found[-1] += " " + data.strip() + ("." if data.strip()[-1:].isalnum() else "")


def page_strings(client, workshop):
    code = workshop["code"]
    form = client.get(f"/j/{code}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    pages = {
        "index": client.get("/"),
        "index, bad code": client.get("/?code=NOPE22"),
        "index, no code": client.get("/?code="),
        "join": client.get(f"/j/{code}"),
        "join, no role": client.post(f"/j/{code}", data={"csrf_token": token}),
        "403": client.get(f"/w/{code}"),
        "404": client.get("/nothing-here"),
    }
    join(client, workshop, "carer")
    pages["phone"] = client.get(f"/w/{code}")
    pages["board view"] = client.get(f"/board-view/{code}")
    found = []
    for name, response in pages.items():
        parser = EasyText()
        parser.feed(response.get_data(as_text=True))
        found += [(f"page {name}", text) for text in parser.found if text.strip()]
    return found


def door_and_outreach_strings(app, db, workshop):
    """The waiting page (the door locked) and the outreach page, as easy read shows them."""
    client = app.test_client()
    workshops.lock_door(db, workshop, True)
    form = client.get(f"/j/{workshop['code']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    waiting = client.post(
        f"/j/{workshop['code']}", data={"csrf_token": token, "role": "carer"}, follow_redirects=True
    )
    workshops.lock_door(db, workshop, False)
    today = date.today()
    first = store.questions_of(db, workshop["id"])[0]["id"]
    outreach.set_window(
        db,
        store.workshop_by_id(db, workshop["id"]),
        opens_on=today.isoformat(),
        closes_on=(today + timedelta(days=7)).isoformat(),
        question_ids=[first],
    )
    helper = app.test_client()
    form = helper.get(f"/j/{workshop['code']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    outreach_page = helper.post(
        f"/j/{workshop['code']}",
        data={"csrf_token": token, "role": "person_receiving_care", "supporter_role": "provider"},
        follow_redirects=True,
    )
    found = []
    for name, response in {"waiting": waiting, "outreach": outreach_page}.items():
        parser = EasyText()
        parser.feed(response.get_data(as_text=True))
        found += [(f"page {name}", text) for text in parser.found if text.strip()]
    return found


def test_framework_easy_read_is_short_plain_and_complete():
    strings = framework_strings()
    assert len(strings) >= 20, strings
    # Every question, stage, priority and kind of outcome carries its own.
    data = fw.load()
    for table in ("stages", "priorities", "outcome_kinds", "roles"):
        for item in data[table]:
            assert item.get("easy_read"), (table, item["key"])
    for stage in data["stages"]:
        for question in stage["questions"]:
            assert question.get("easy_read"), question["key"]
    assert [p for where, text in strings for p in problems(where, text)] == []


def test_every_role_has_easy_read_wording_and_an_author_label():
    data = tomllib.loads((ROOT / "workshop/room/frameworks/kent.toml").read_text())
    for role in data["roles"]:
        assert role.get("easy_read") and role.get("easy_read_author"), role["key"]
        assert (ROOT / f"static/img/role-{role['key']}.svg").exists(), role["key"]


def test_phone_script_easy_read_is_short_and_plain():
    strings = script_strings()
    assert len(strings) > 60
    assert sum(where.startswith("voice-story.js") for where, _ in strings) >= 10
    # Listen's and the board-on-my-phone's sentences are checked too (issue 25).
    for name in ("listen.js", "phone-board.js"):
        assert sum(where.startswith(name) for where, _ in strings) >= 8, name
    assert [p for where, text in strings for p in problems(where, text)] == []


def test_attendee_pages_easy_read_is_short_and_plain(app, workshop):
    client = app.test_client()
    strings = page_strings(client, workshop)
    names = {where for where, _ in strings}
    assert {"page index", "page join", "page join, no role", "page phone", "page 404"} <= names
    assert "page board view" in names
    assert any("Please pick one answer" in text for where, text in strings if "no role" in where)
    assert [p for where, text in strings for p in problems(where, text)] == []


def test_the_waiting_and_outreach_pages_easy_read_is_short_and_plain(app, db, workshop):
    strings = door_and_outreach_strings(app, db, workshop)
    texts = {where: " ".join(t for w, t in strings if w == where) for where, _ in strings}
    assert "Please wait" in texts["page waiting"]
    assert "A meeting about care services" in texts["page outreach"]
    assert "What is it about?" in texts["page outreach"]
    assert [p for where, text in strings for p in problems(where, text)] == []


def test_the_join_page_reading_choice_and_supporter_list_are_checked(app, workshop):
    strings = page_strings(app.test_client(), workshop)
    join_text = " ".join(text for where, text in strings if where == "page join")
    assert "How do you want to read?" in join_text
    assert "Short sentences. A picture for each one." in join_text
    assert "I am not helping anyone" in join_text
    assert "I work for the council. I plan care services." in join_text


@pytest.mark.parametrize(
    "sentence, bad",
    [
        ("They can be for people who get care, for other people, or for the community.", True),
        ("Could this stop providers from applying?", True),
        ("Wait for the next question.", False),
        (" ".join(["word"] * 16) + ".", True),
    ],
)
def test_the_checker_catches_what_it_should(sentence, bad):
    assert bool(problems("example", sentence)) is bad
