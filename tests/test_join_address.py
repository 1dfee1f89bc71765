"""The join address that lasts (issue 24, item 9): the organiser page and the
CLI's --public-url are one setting that every printed poster, table card and
agenda carries; a LAN address is warned about; a local address puts the
venue's Wi-Fi on the poster and table cards."""

import pytest

from workshop.cli import cli
from workshop.report import archive
from workshop.room import address, setting_up, workshops
from workshop.room.errors import Invalid
from workshop.storage import setup_store


@pytest.fixture
def organiser(app, db):
    client = app.test_client()
    key = setting_up.organiser_key(db)
    assert client.post("/api/organiser/session", json={"key": key}).status_code == 200
    return client


def test_an_address_is_a_scheme_and_a_host_and_nothing_else():
    assert address.clean_public_url("https://Workshop.Example.org/") == (
        "https://workshop.example.org"
    )
    assert address.clean_public_url(" http://workshop.local:5000 ") == "http://workshop.local:5000"
    assert address.clean_public_url("") is None
    for bad in (
        "workshop.example.org",
        "ftp://example.org",
        "https://example.org/j/ABC",
        "https://user:pw@example.org",
        "https://example.org?x=1",
        "http://example.org:99999",
        "javascript:alert(1)",
        "https://" + "a" * 300 + ".org",
        42,
        ["https://example.org"],
    ):
        with pytest.raises(Invalid):
            address.clean_public_url(bad)
    assert address.is_lan_address("http://192.168.1.20:5000")
    assert address.is_lan_address("http://10.0.0.5:5000") and address.is_local("http://10.0.0.5")
    assert not address.is_lan_address("http://workshop.local:5000")
    assert address.is_local("http://workshop.local:5000") and address.is_local("http://laptop:5000")
    assert not address.is_local("https://workshop.example.org")
    assert address.wifi_qr_text("Hall; guest", "pa:ss,word") == (
        "WIFI:T:WPA;S:Hall\\; guest;P:pa\\:ss\\,word;;"
    )
    assert address.wifi_qr_text("Open hall") == "WIFI:T:nopass;S:Open hall;;"


def test_the_organiser_saves_the_address_every_printed_page_carries(app, db, organiser):
    workshop = workshops.create(db, "Home care, West Kent")
    code = workshop["code"]
    detail = organiser.get(f"/api/organiser/workshops/{code}").get_json()
    # Started with no address of its own, the test server prints its own: a LAN-style one.
    assert detail["address"] == {
        "printed": "http://localhost",
        "saved": None,
        "lan_address": False,
        "local": True,
    }
    bad = organiser.post("/api/organiser/address", json={"public_url": "http://x/j/NOPE"})
    assert bad.status_code == 400 and setup_store.public_url(db) is None
    saved = organiser.post(
        "/api/organiser/address", json={"public_url": "http://192.168.1.20:5000"}
    )
    assert saved.get_json()["address"]["lan_address"] is True  # the page warns
    saved = organiser.post(
        "/api/organiser/address", json={"public_url": "https://workshop.example.org"}
    )
    assert saved.get_json()["address"] == {
        "printed": "https://workshop.example.org",
        "saved": "https://workshop.example.org",
        "lan_address": False,
        "local": False,
    }
    for page in ("poster", "table-cards", "agenda"):
        html = organiser.get(f"/organiser/{code}/print/{page}").get_data(as_text=True)
        assert f"https://workshop.example.org/j/{code}" in html, page
    # Phones opening it are welcome: the saved address is a trusted origin.
    assert app.config["SAVED_PUBLIC_URL"] == "https://workshop.example.org"
    anyone = app.test_client()
    assert anyone.post("/api/organiser/address", json={"public_url": ""}).status_code == 403


def test_a_local_address_names_the_venues_wifi_on_the_poster_and_table_cards(db, organiser):
    code = workshops.create(db, "Day services")["code"]
    reply = organiser.post(
        f"/api/organiser/workshops/{code}/set_up",
        json={"wifi_name": "Village Hall Guest", "wifi_password": "scones-and-tea"},
    )
    assert reply.status_code == 200, reply.get_json()
    too_short = organiser.post(
        f"/api/organiser/workshops/{code}/set_up", json={"wifi_password": "short"}
    )
    assert too_short.status_code == 400
    organiser.post("/api/organiser/address", json={"public_url": "http://workshop.local:5000"})
    for page in ("poster", "table-cards"):
        html = organiser.get(f"/organiser/{code}/print/{page}").get_data(as_text=True)
        assert "First join the Wi-Fi <strong>Village Hall Guest</strong>" in html, page
        assert "scones-and-tea" in html
    # The password is for the poster: an archive that travels leaves it out.
    kept = archive.dumps(archive.export(db, [workshops.get(db, code)])).decode()
    assert "Village Hall Guest" in kept and "scones-and-tea" not in kept
    # Reached from anywhere, the poster needs no Wi-Fi.
    organiser.post("/api/organiser/address", json={"public_url": "https://workshop.example.org"})
    html = organiser.get(f"/organiser/{code}/print/poster").get_data(as_text=True)
    assert "Village Hall Guest" not in html


def test_the_clis_public_url_is_the_same_setting(runner, tmp_path):
    made = runner.invoke(cli, ["new", "Printed ahead", "--json"])
    code = made.output.split('"code": "')[1][:6]
    out = tmp_path / "poster.html"
    result = runner.invoke(
        cli,
        ["print", code, "poster", "--out", str(out), "--public-url", "https://hall.example.org"],
    )
    assert result.exit_code == 0, result.output
    assert f"https://hall.example.org/j/{code}" in out.read_text(encoding="utf-8")
    # Printed again with no address given: the saved one, not this machine's.
    again = tmp_path / "again.html"
    runner.invoke(
        cli, ["print", code, "agenda", "--out", str(again)], env={"WORKSHOP_PUBLIC_URL": ""}
    )
    assert f"https://hall.example.org/j/{code}" in again.read_text(encoding="utf-8")
