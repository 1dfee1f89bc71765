"""A fresh `workshop demo` on a real `workshop serve`, for the screenshot scripts.

Reuses the test suite's server and chromium helpers, so there is one way to
start a server and one list of chromium flags.
"""

import json
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401  (re-exported)
from tests.support.servers import free_port, server, workshop_cli  # noqa: E402


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
