"""The public addresses a workshop is reached at, for printing and QR codes."""

import contextlib
import socket
import time
import urllib.error
import urllib.request


def lan_address():
    """This machine's address on the local network, so phones can reach it.

    Connecting a UDP socket sends nothing; it only asks the OS which
    interface it would route through.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, never sent to
        address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    return address


def base_url(public_url=None, port=5000, scheme="http"):
    """The base URL printed links use: configured, or this machine's LAN address.

    Pages answering a request use the configured URL or the address the
    request came to instead (web/pages.py).
    """
    if public_url:
        return public_url.rstrip("/")
    return f"{scheme}://{lan_address()}:{port}"


def for_workshop(base, workshop):
    """Join, board and console URLs for a workshop.

    The key travels in the fragment, which browsers never send to the
    server, so it cannot end up in any access log.
    """
    code = workshop["code"]
    return {
        "code": code,
        "join_url": f"{base}/j/{code}",
        "board_url": f"{base}/board/{code}",
        "console_url": f"{base}/console/{code}#key={workshop['facilitator_key']}",
    }


def organiser_url(base, key):
    """The organiser's page; its key in the fragment, never sent to the server in a URL."""
    return f"{base}/organiser#key={key}"


LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


class MachineAddresses:
    """Every address this machine has now, looked up again when one is asked about
    that is not among them (the laptop moved to the venue's Wi-Fi), at most
    every few seconds so a stream of foreign origins costs nothing."""

    RECHECK_SECONDS = 5.0

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.known = frozenset()
        self.checked = None

    def __contains__(self, host):
        if host in LOOPBACK or host in self.known:
            return True
        now = self.clock()
        if self.checked is None or now - self.checked >= self.RECHECK_SECONDS:
            self.checked = now
            self.known = frozenset(_lookup_addresses())
        return host in self.known


def _lookup_addresses():
    found = {lan_address()}
    # The host's own name, from /etc/hosts or mDNS; no reverse lookup, which
    # can hang for seconds on a venue network without DNS.
    with contextlib.suppress(OSError):
        found.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None))
    return {address.split("%")[0] for address in found}


def end_on_server(base, workshop):
    """Ask a running server to end the workshop, so phones and boards hear it live.

    Returns False when no server answers at `base`; the caller then ends it in
    the database directly (a server started later reads it from there).
    """
    if not base.startswith(("http://", "https://")):
        return False
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        f"{base}/api/w/{workshop['code']}/console/end_workshop",
        data=b"{}",
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {workshop['facilitator_key']}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5):  # noqa: S310
            return True
    except (urllib.error.URLError, OSError):
        return False
