"""`workshop print`: the organiser page's printed pages from a terminal, as
A4 PDFs when chromium is there, as a page to print from a browser when not."""

import json

import pytest

from workshop.cli import cli, printing


@pytest.fixture
def code(runner):
    made = runner.invoke(cli, ["new", "Printed from a terminal", "--json"])
    assert made.exit_code == 0, made.output
    return json.loads(made.output)["code"]


def test_html_is_the_organiser_pages_own_with_local_files(runner, code, tmp_path):
    out = tmp_path / "agenda.html"
    result = runner.invoke(cli, ["print", code, "agenda", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "print it on A4" in result.output
    html = out.read_text(encoding="utf-8")
    assert "Printed from a terminal" in html
    assert 'href="/static/' not in html and 'src="/static/' not in html
    assert "file://" in html and "css/print.css" in html
    poster = tmp_path / "poster.html"
    assert runner.invoke(cli, ["print", code, "poster", "--out", str(poster)]).exit_code == 0
    # The QR code is drawn inline, for the join link at the public URL.
    assert "data:image/svg+xml;base64," in poster.read_text(encoding="utf-8")
    assert "workshop.test:5000" in poster.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, words",
    [
        (["NOPE", "poster"], "There is no workshop with that code"),
        (["{code}", "idea-cards", "--question", "9"], "There is no question 9"),
        (["{code}", "idea-cards", "--count", "999"], "count must be a whole number"),
        (["{code}", "poster", "--count", "3"], "are for idea-cards"),
        (["{code}", "leaflet"], "Invalid value"),
        (["{code}", "poster", "--out", "poster.docx"], "must end in .pdf or .html"),
    ],
)
def test_bad_input_is_refused_in_plain_words(runner, code, args, words):
    result = runner.invoke(cli, ["print", *[a.format(code=code) for a in args]])
    assert result.exit_code == 2
    assert words in result.output


def test_without_chromium_it_says_what_to_do_instead(runner, code, tmp_path, monkeypatch):
    monkeypatch.setattr(printing, "find_browser", lambda named=None: None)
    out = tmp_path / "poster.pdf"
    result = runner.invoke(cli, ["print", code, "poster", "--out", str(out)])
    assert result.exit_code == 2
    assert "No chromium found" in result.output and "poster.html" in result.output
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.browser
def test_each_page_prints_to_a4_pdf_with_a_readable_qr_code(runner, code, tmp_path):
    import pypdfium2
    import zxingcpp

    pages = {}
    for what in printing.PAGES:
        out = tmp_path / f"{what}.pdf"
        extra = ["--count", "4"] if what == "idea-cards" else []
        result = runner.invoke(cli, ["print", code, what, "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
        document = pypdfium2.PdfDocument(out.read_bytes())
        assert {tuple(round(x) for x in p.get_size()) for p in document} == {(595, 842)}
        pages[what] = len(document)
        if what in ("poster", "table-cards"):
            image = document[0].render(scale=2).to_pil()
            texts = {r.text for r in zxingcpp.read_barcodes(image)}
            assert texts == {f"http://workshop.test:5000/j/{code}"}
    assert pages["poster"] == 1 and pages["table-cards"] == 1 and pages["idea-cards"] == 2
