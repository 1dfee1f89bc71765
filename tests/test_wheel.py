"""The built wheel runs on its own: a non-editable install serves every page and asset."""

import json
import subprocess
import sys
import venv

import pytest
import requests

from harness.servers import ROOT, Serve

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]  # its pip install may take 600 s


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this checkout, installed into a fresh virtualenv."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(folder)],
        check=True,
        timeout=300,
    )
    [wheel] = folder.glob("workshop-*.whl")
    env_dir = folder / "venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [str(env_dir / "bin" / "pip"), "install", "-q", str(wheel)], check=True, timeout=600
    )
    return env_dir / "bin" / "workshop", folder


def test_a_non_editable_install_serves_every_page_and_asset(installed):
    workshop, folder = installed
    # Run from an empty folder: nothing may come from the checkout.
    run = folder / "run"
    run.mkdir()
    db = run / "workshop.db"
    created = subprocess.run(
        [str(workshop), "new", "Wheel check", "--json", "--db", str(db)],
        cwd=run,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    code = json.loads(created.stdout)["code"]
    server = Serve(db, program=(str(workshop),), cwd=run)
    base = server.base
    try:
        session = requests.Session()
        pages = [
            "/",
            f"/j/{code}",
            f"/board/{code}",
            f"/console/{code}",
            f"/w/{code}/qr.svg",
            "/vendor/socket.io.min.js",
            # Easy read's pictures: an OpenMoji one from the wheel's vendor/, one of our own.
            "/symbols/yes.svg",
            "/symbols/vote.svg",
        ]
        for path in pages:
            response = session.get(base + path, timeout=10)
            assert response.status_code == 200, (path, response.status_code)
        assets = sorted(
            p.relative_to(ROOT / "static").as_posix()
            for p in (ROOT / "static").rglob("*")
            if p.is_file()
        )
        assert any(a.startswith("js/lib/") for a in assets) and "css/app.css" in assets
        for asset in assets:
            response = session.get(f"{base}/static/{asset}", timeout=10)
            assert response.status_code == 200, (asset, response.status_code)
            assert response.content == (ROOT / "static" / asset).read_bytes(), asset
        # The phone page, once joined, names its scripts; each one is served.
        token = session.get(f"{base}/j/{code}").text.split('name="csrf_token" value="')[1]
        joined = session.post(
            f"{base}/j/{code}", data={"role": "carer", "csrf_token": token.split('"')[0]}
        )
        assert joined.status_code == 200 and "/w/" in joined.url
    finally:
        server.stop()
