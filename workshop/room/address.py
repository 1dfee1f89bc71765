"""The join address printed on posters, table cards and the agenda (issue 24).

One setting per server: the organiser page's "join address" and the CLI's
`--public-url` both save it; printed materials use it, else the address the
server was started with. A LAN address (192.168.1.20) changes with the
network, so printed a week ahead it points at nothing at the venue: the
organiser page warns, and says to print again on the day. A local address
(a LAN address or a name like workshop.local) needs phones on the same
network: the poster and table cards name the Wi-Fi, with its own QR code.
"""

import ipaddress
from urllib.parse import urlsplit

from ..storage import db as store
from ..storage import setup_store
from .errors import Invalid

ADDRESS_MAX = 200
WIFI_NAME_MAX = 32  # an SSID's most, in bytes
WIFI_PASSWORD = (8, 63)  # WPA's shortest and longest passphrase
LOCAL_SUFFIXES = (".local", ".lan", ".home", ".internal", ".home.arpa")


def clean_public_url(value):
    """`scheme://host[:port]` from what was typed, or None to clear it; Invalid if not one."""
    if value in (None, ""):
        return None
    bad = Invalid(
        "Type the join address as http:// or https:// and a name or address, "
        "for example https://workshop.example.org or http://workshop.local:5000.",
        code="bad_address",
    )
    if not isinstance(value, str) or len(value) > ADDRESS_MAX:
        raise bad
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        raise bad from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.password
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise bad
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}"


def _ip(url):
    try:
        return ipaddress.ip_address(urlsplit(url).hostname or "")
    except ValueError:
        return None


def is_lan_address(url):
    """True for an address of the network itself (192.168.x.x, 10.x, 127.0.0.1): it moves."""
    ip = _ip(url)
    return bool(ip and (ip.is_private or ip.is_loopback or ip.is_link_local))


def is_local(url):
    """True when only phones on the same network reach it: a LAN address or a local name."""
    host = (urlsplit(url).hostname or "").lower()
    return (
        is_lan_address(url)
        or host == "localhost"
        or "." not in host
        or host.endswith(LOCAL_SUFFIXES)
    )


def saved(db):
    """The join address saved for printing, or None."""
    return setup_store.public_url(db)


def save(db, value):
    """Save the join address printed materials use (None clears it)."""
    url = clean_public_url(value)
    with store.transaction(db):
        setup_store.set_public_url(db, url)
    return url


def printed(db, started_with):
    """What printed materials carry: the saved address, else the one the server started with."""
    return (saved(db) or started_with or "").rstrip("/")


def describe(db, started_with):
    """The join address as the organiser page shows it, with what to watch for."""
    url = printed(db, started_with)
    return {
        "printed": url,
        "saved": saved(db),
        "lan_address": is_lan_address(url),
        "local": is_local(url),
    }


def clean_wifi(name, password):
    """The venue Wi-Fi's name and (optional) password, for the poster; Invalid if not one."""
    name = " ".join(str(name or "").split()) if isinstance(name, str | None) else None
    if name is None or len(name.encode()) > WIFI_NAME_MAX:
        raise Invalid(f"The Wi-Fi's name is at most {WIFI_NAME_MAX} letters.", code="bad_wifi")
    if password not in (None, "") and (
        not isinstance(password, str) or not WIFI_PASSWORD[0] <= len(password) <= WIFI_PASSWORD[1]
    ):
        raise Invalid(
            "A Wi-Fi password is 8 to 63 characters (or leave it empty).", code="bad_wifi"
        )
    return name or None, (password or None) if name else None


def _escaped(text):
    return "".join("\\" + c if c in '\\;,:"' else c for c in text)


def wifi_qr_text(name, password=None):
    """What a phone's camera reads to join a Wi-Fi network (the common WIFI: form)."""
    if password:
        return f"WIFI:T:WPA;S:{_escaped(name)};P:{_escaped(password)};;"
    return f"WIFI:T:nopass;S:{_escaped(name)};;"
