"""Printed materials as chromium prints them: A4 PDFs with the right number of
pages, and a QR code a phone can read on every page that has one."""

import json

import pypdfium2
import pytest
import zxingcpp

from harness.servers import workshop_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

A4_POINTS = (595, 842)


def sign_in(page, base, db):
    link = workshop_cli("organiser", "--public-url", base, db=db).stdout.strip()
    page.goto(link)
    page.wait_for_selector("#organiser:not([hidden])")


def pdf_pages(pdf_bytes):
    document = pypdfium2.PdfDocument(pdf_bytes)
    pages = []
    for page in document:
        width, height = page.get_size()
        image = page.render(scale=2).to_pil()
        pages.append({"size": (round(width), round(height)), "image": image})
    return pages


def qr_texts(image):
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_each_printed_page_is_a4_with_a_readable_qr_code(desktop, live_server, tmp_path):
    base, db = live_server
    links = json.loads(
        workshop_cli(
            "new",
            "Printed materials check",
            "--json",
            "--public-url",
            base,
            "--date",
            "2026-03-14",
            "--starts-at",
            "10:00",
            "--help-contact",
            "Sam at the door",
            db=db,
        ).stdout
    )
    code = links["code"]
    workshop_cli("agenda", code, "--time", "1", "20", "15", db=db)
    sign_in(desktop, base, db)
    expected = {"poster": 1, "table-cards": 1, "agenda": None, "cards?count=6": 3}
    for name, count in expected.items():
        desktop.goto(f"{base}/organiser/{code}/print/{name}")
        desktop.emulate_media(media="print")
        pdf = desktop.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        (tmp_path / f"{name.split('?')[0]}.pdf").write_bytes(pdf)
        pages = pdf_pages(pdf)
        assert all(p["size"] == A4_POINTS for p in pages), name
        if count is not None:
            assert len(pages) == count, (name, len(pages))
        if name in ("poster", "table-cards", "agenda"):
            found = qr_texts(pages[0]["image"])
            assert links["join_url"] in found, (name, found)
        if name == "table-cards":
            assert len(qr_texts(pages[0]["image"])) == 6
        desktop.emulate_media(media="screen")
    # Seven questions, a break and the help box: two pages at most.
    agenda = pdf_pages((tmp_path / "agenda.pdf").read_bytes())
    assert 1 <= len(agenda) <= 2
    # Paper cards carry no QR code (they are for people without phones) but each its number.
    assert not qr_texts(pdf_pages((tmp_path / "cards.pdf").read_bytes())[0]["image"])
    cards = pypdfium2.PdfDocument((tmp_path / "cards.pdf").read_bytes())
    printed = [" ".join(page.get_textpage().get_text_range().split()) for page in cards]
    assert ["Card 101" in printed[0], "Card 102" in printed[0], "Card 106" in printed[2]] == [
        True,
        True,
        True,
    ]
