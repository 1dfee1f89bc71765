"""Every export format: privacy, redaction, escaping, CSV formulas, combined events."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from docx import Document

from harness.report_room import FORMULA, NAME, XSS, room, tokens_and_keys
from workshop.cli import cli
from workshop.report import export
from workshop.report import gather as report
from workshop.room import workshops
from workshop.storage import db as store

FORMATS = ("docx", "html", "md", "csv", "json")


def text_of(document):
    """Everything a reader of the file could see, as text."""
    if document.filename.endswith(".docx"):
        word = Document(io.BytesIO(document.content))
        parts = [p.text for p in word.paragraphs]
        parts += [c.text for t in word.tables for r in t.rows for c in r.cells]
        parts += [s._inline.docPr.get("descr") or "" for s in word.inline_shapes]
        parts += [p.text for s in word.sections for p in s.footer.paragraphs]
        return "\n".join(parts)
    text = document.content.decode("utf-8")
    # Markdown escapes brackets in user text: read it as a reader would see it.
    return (
        text.replace("\\[", "[").replace("\\]", "]") if document.filename.endswith(".md") else text
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_tokens_keys_or_hidden_ideas_in_any_format(db, fmt):
    workshop, _, _ = room(db)
    document = export.render(db, [workshop], fmt)
    text = text_of(document)
    assert "Paid jobs for us" in text
    assert "Something the facilitator hid" not in text
    for secret in tokens_and_keys(db):
        assert secret not in text
    assert '"participant_id": null' not in text or fmt == "json"
    shown = export.render(db, [workshop], fmt, include_hidden=True)
    assert "Something the facilitator hid" in text_of(shown)


@pytest.mark.parametrize("fmt", FORMATS)
def test_redaction_list_applies_to_every_format(db, fmt):
    workshop, _, _ = room(db)
    from_file = text_of(export.render(db, [workshop], fmt, redact_terms=["sue BLOGGS"]))
    assert NAME not in from_file and "Bloggs" not in from_file and "[redacted]" in from_file
    assert "Paid jobs for us, ask [redacted] at the day centre." in from_file
    # The same list kept as the workshop's own setting.
    from workshop.room import details

    workshop = details.describe(db, workshop, redactions=["Sue Bloggs"])
    setting = text_of(export.render(db, [workshop], fmt))
    assert NAME not in setting and "[redacted]" in setting


def test_redaction_is_whole_words_and_longest_first():
    from workshop.room.redaction import Redactor

    redact = Redactor(["Sue", "Sue Bloggs", "day"])
    assert (
        redact("Sue Bloggs and Susan met on Sunday; sue said DAY.")
        == "[redacted] and Susan met on Sunday; [redacted] said [redacted]."
    )
    assert Redactor([])("Sue") == "Sue" and not Redactor([" ", ""])


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_user_text_and_is_self_contained(db):
    workshop, _, _ = room(db)
    html = export.render(db, [workshop], "html").content.decode()
    parsed = Elements()
    parsed.feed(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    # Self-contained: no attribute (href, src...) points anywhere outside the file.
    assert not any("://" in (value or "") for _, value in parsed.attrs)
    assert XSS in "".join(parsed.text)  # shown as text, word for word
    assert "&lt;script&gt;" in html
    assert parsed.tags.count("svg") == 3 and "style" in parsed.tags
    assert "url(http" not in html and "@import" not in html
    # Three charts inline in one page: no id twice, and every internal link lands.
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert all(ref in ids for ref in re.findall(r'(?:href="|url\()#([\w-]+)', html))


def test_markdown_escapes_user_text(db):
    workshop, _, _ = room(db)
    text = export.render(db, [workshop], "md").content.decode()
    assert "<script>" not in text and "&lt;script&gt;" in text


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", FORMULA])
def test_csv_neutralises_formulas(cell):
    assert export.csv_cell(cell) == "'" + cell
    assert export.csv_cell("A plain idea - with a dash") == "A plain idea - with a dash"
    assert export.csv_cell(3) == 3 and export.csv_cell(None) == ""


def test_csv_one_row_per_contribution_with_formulas_neutralised(db):
    workshop, _, ideas = room(db)
    content = export.render(db, [workshop], "csv").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(content)))
    shown = store.ideas_of(db, workshop["id"])
    assert len(table) == len(shown)
    by_text = {row["text"]: row for row in table}
    assert "'" + FORMULA in by_text
    assert not any(v.startswith(("=", "+", "-", "@", "\t")) for row in table for v in row.values())
    jobs = by_text[f"Paid jobs for us, ask {NAME} at the day centre."]
    assert jobs["votes"] == "6" and jobs["expert_by_experience"] == "yes"
    assert jobs["votes: Person who receives care and support"] == "2"
    assert jobs["priority"] == "Local Employment"
    assert "participant" not in ",".join(table[0].keys())


def test_combined_report_totals_are_the_sum_of_its_events(db):
    events = [
        room(db, "Dover", area="Dover")[0],
        room(db, "Thanet", area="Thanet", roles=("carer", "provider", "person_receiving_care"))[0],
        room(db, "Ashford", area="Ashford", roles=("commissioner", "vcse"))[0],
    ]
    single = [report.build(db, [w]) for w in events]
    combined = report.build(db, events)
    for key in ("participants", "contributors", "ideas", "votes"):
        assert combined["summary"][key] == sum(s["summary"][key] for s in single)
    assert [e["participants"] for e in combined["events"]] == [
        s["summary"]["participants"] for s in single
    ]
    for row in combined["participation"]["by_role"]:
        per = [
            next(r["count"] for r in s["participation"]["by_role"] if r["key"] == row["key"])
            for s in single
        ]
        assert row["per_event"] == per and row["count"] == sum(per)
    for block, parts in zip(
        combined["coverage"], zip(*(s["coverage"] for s in single), strict=True), strict=True
    ):
        for n, row in enumerate(block["rows"]):
            assert row["ideas"] == sum(p["rows"][n]["ideas"] for p in parts)
    first = combined["stages"][0]["questions"][0]
    assert len(first["ideas"]) == sum(len(s["stages"][0]["questions"][0]["ideas"]) for s in single)
    assert combined["area"] == "Dover; Thanet; Ashford"
    # The Word file shows each event and the combined figures.
    word = Document(io.BytesIO(export.render(db, events, "docx").content))
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Event")
    last = [c.text for c in table.rows[-1].cells]
    assert last[0] == "All events combined" and last[2] == str(combined["summary"]["participants"])
    # Events are named by title and date, not by code.
    assert [r.cells[0].text for r in table.rows[1:-1]] == [w["title"] for w in events]


def test_unknown_format_is_refused(db):
    workshop, _, _ = room(db)
    with pytest.raises(export.Invalid, match="Unknown format"):
        export.render(db, [workshop], "pdf")


def test_export_route_for_each_format_is_facilitator_only(app, client, db):
    workshop, _, _ = room(db)
    path = f"/api/w/{workshop['code']}/export"
    assert client.get(f"{path}.docx").status_code == 403
    key = {"Authorization": f"Bearer {workshop['facilitator_key']}"}
    for fmt in FORMATS:
        response = client.get(f"{path}.{fmt}", headers=key)
        assert response.status_code == 200, fmt
        assert response.mimetype == export.FORMATS[fmt].split(";")[0]
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.headers["Cache-Control"] == "no-store"
    hidden = client.get(f"{path}.csv?include_hidden=1", headers=key).get_data(as_text=True)
    assert "Something the facilitator hid" in hidden
    assert client.get(f"{path}.pdf", headers=key).status_code == 400


def test_console_links_to_every_format(client, db):
    workshop, _, _ = room(db)
    page = client.get(f"/console/{workshop['code']}").get_data(as_text=True)
    for fmt in FORMATS:
        assert f"/api/w/{workshop['code']}/export.{fmt}" in page


def test_cli_exports_several_events_with_a_redaction_file(runner, tmp_path):
    codes = []
    for area in ("Dover", "Thanet"):
        result = runner.invoke(
            cli,
            ["new", f"Day services, {area}", "--service", "Day services", "--area", area, "--json"],
        )
        assert result.exit_code == 0, result.output
        codes.append(json.loads(result.output)["code"])
    names = tmp_path / "names.txt"
    names.write_text("# people named in the room\nDay services\n")
    out = tmp_path / "out"
    for fmt in FORMATS:
        result = runner.invoke(
            cli, ["export", *codes, "--format", fmt, "--out", str(out), "--redact", str(names)]
        )
        assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert f"diagnostic-report-{codes[0]}-{codes[1]}.docx" in files and len(files) == 5
    md = (out / f"diagnostic-report-{codes[0]}-{codes[1]}.md").read_text()
    assert "Day services" not in md and "\\[redacted\\], Dover; Thanet" in md
    bad = runner.invoke(cli, ["export", codes[0], "--format", "pdf"])
    assert bad.exit_code != 0


def test_new_and_describe_set_the_title_page(runner, tmp_path):
    result = runner.invoke(cli, ["new", "Supported living", "--json"])
    code = json.loads(result.output)["code"]
    described = runner.invoke(
        cli, ["describe", code, "--service", "Supported living", "--area", "Swale"]
    )
    assert described.exit_code == 0 and "area Swale" in described.output
    db = store.connect(tmp_path / "cli.db")
    try:
        workshop = workshops.get(db, code)
        doc = report.build(db, [workshop])
        assert doc["service"] == "Supported living" and doc["area"] == "Swale"
    finally:
        db.conn.close()
    too_long = runner.invoke(cli, ["describe", code, "--area", "x" * 300])
    assert too_long.exit_code != 0 and "under 200 characters" in too_long.output
