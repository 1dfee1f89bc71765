"""The Origin allow-list and HSTS (issue 15, items 13 and 14): never the Host
header; the public URL, extra origins, localhost and the machine's own
addresses on our port; addresses looked up again when the laptop moves."""

from workshop.web import auth, links
from workshop.web.app import create_app


class Addresses(links.MachineAddresses):
    """The machine's addresses, as a test sets them."""

    def __init__(self, now):
        super().__init__(clock=lambda: self.now)
        self.now, self.have, self.lookups = now, {"192.168.1.20"}, 0

    def __contains__(self, host):
        links._lookup_addresses, real = self._lookup, links._lookup_addresses
        try:
            return super().__contains__(host)
        finally:
            links._lookup_addresses = real

    def _lookup(self):
        self.lookups += 1
        return set(self.have)


CONFIG = {
    "PUBLIC_URL": "https://workshop.example.org",
    "ALLOWED_ORIGINS": ("https://proxy.example",),
}
ENV = {"SERVER_PORT": "5000"}


def allowed(origin, addresses, environ=ENV):
    return auth.origin_allowed(origin, environ, CONFIG, addresses)


def test_the_allow_list_holds_our_own_origins_and_nothing_else():
    addresses = Addresses(0)
    for origin in (
        "https://workshop.example.org",
        "https://proxy.example",
        "http://localhost:5000",
        "http://127.0.0.1:5000",
        "http://[::1]:5000",
        "http://192.168.1.20:5000",
    ):
        assert allowed(origin, addresses), origin
    for origin in (
        "http://evil.example:5000",  # a rebinding name, whatever Host says
        "http://localhost:6000",  # another port on this machine
        "http://192.168.1.99:5000",  # another machine
        "null",
        "file://",
        "http://localhost:notaport",
        "javascript:alert(1)",
    ):
        assert not allowed(origin, addresses), origin


def test_a_new_address_is_looked_up_again_but_not_on_every_request():
    addresses = Addresses(0)
    assert not allowed("http://10.0.0.7:5000", addresses)
    addresses.have.add("10.0.0.7")  # the laptop joined the venue's Wi-Fi
    addresses.now = 1
    assert not allowed("http://10.0.0.7:5000", addresses)  # looked up a second ago
    lookups = addresses.lookups
    addresses.now = 10
    assert allowed("http://10.0.0.7:5000", addresses)
    assert addresses.lookups == lookups + 1


def test_a_json_write_from_a_rebinding_origin_is_refused_whatever_the_host(app, client, workshop):
    response = client.post(
        f"/api/w/{workshop['code']}/participants",
        json={"role": "carer"},
        headers={"Origin": "http://rebind.example", "Host": "rebind.example"},
    )
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "bad_origin"
    ours = client.post(
        f"/api/w/{workshop['code']}/participants",
        json={"role": "carer"},
        headers={"Origin": "http://localhost"},
    )
    assert ours.status_code == 201


def test_hsts_only_under_https(tmp_path):
    secure = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "a.db"),
            "SECRET_KEY": "t",
            "PUBLIC_URL": "https://workshop.example.org",
        }
    )
    plain = create_app({"TESTING": True, "DATABASE": str(tmp_path / "b.db"), "SECRET_KEY": "t"})
    assert "max-age=" in secure.test_client().get("/").headers["Strict-Transport-Security"]
    direct = plain.test_client().get("/", base_url="https://localhost")
    assert "Strict-Transport-Security" in direct.headers
    assert "Strict-Transport-Security" not in plain.test_client().get("/").headers
