"""A fresh `workshop demo` on a real `workshop serve`, for the screenshot scripts.

Uses the shared harness's server launcher (harness/servers.py), the one way
to start a server.
"""

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path

from harness.servers import free_port, server, workshop_cli


@contextmanager
def demo_server():
    """Yield (base_url, links) for a demo workshop on a server of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.db"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        links = json.loads(workshop_cli("demo", "--json", "--public-url", base, db=db).stdout)
        with server(db, port=port) as running:
            yield running, links
