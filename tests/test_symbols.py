"""Easy read's pictures (issue 25): the OpenMoji symbols come from the npm
lock file and are served by this server, named by meaning; our own pictures
are served the same way; the wheel and the docs list every one."""

import json
import tomllib
from pathlib import Path

import pytest

from workshop.web.symbols import OPENMOJI, SYMBOLS

ROOT = Path(__file__).resolve().parents[1]


def test_openmoji_is_a_locked_npm_dependency_with_its_licence():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = package["dependencies"]["openmoji"]
    assert lock["packages"]["node_modules/openmoji"]["version"] == version
    assert lock["packages"]["node_modules/openmoji"]["license"] == "CC-BY-SA-4.0"


@pytest.mark.parametrize("name", sorted(SYMBOLS))
def test_every_symbol_is_served_from_node_modules(client, name):
    expected = ROOT / "node_modules" / OPENMOJI / f"{SYMBOLS[name][0]}.svg"
    with client.get(f"/symbols/{name}.svg") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert response.data == expected.read_bytes()


def test_our_own_pictures_are_served_by_meaning_too(client):
    with client.get("/symbols/vote.svg") as response:
        assert response.status_code == 200
        assert response.data == (ROOT / "static/img/vote.svg").read_bytes()
    for size in ("low", "medium", "high"):
        with client.get(f"/symbols/risk-{size}.svg") as response:
            assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/symbols/nothing.svg", "/symbols/..%2Fapp.css.svg", "/symbols/Yes.svg", "/symbols/.svg"],
)
def test_anything_else_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_wheel_carries_every_symbol_and_the_licence():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    mapped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for code, _ in SYMBOLS.values():
        source = f"node_modules/{OPENMOJI}/{code}.svg"
        assert mapped.get(source) == f"workshop/vendor/{OPENMOJI}/{code}.svg", code
    assert "node_modules/openmoji/LICENSE.txt" in mapped


def test_one_meaning_per_picture_and_each_documented():
    codes = [code for code, _ in SYMBOLS.values()]
    assert len(codes) == len(set(codes))
    own = {p.stem for p in (ROOT / "static/img").glob("*.svg")}
    assert not own & set(SYMBOLS), "a name means one picture"
    docs = (ROOT / "docs/SYMBOLS.md").read_text()
    assert "CC BY-SA 4.0" in docs and "OpenMoji" in docs
    for name, (code, _) in SYMBOLS.items():
        assert f"`{name}` | {code} " in docs, name
