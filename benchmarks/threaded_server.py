"""The app in Flask-SocketIO's threading mode, for the benchmark's comparison only.

`workshop serve` runs gevent: docs/PERFORMANCE.md shows why. This starts the
same app with threads instead (simple-websocket, one thread per connection
plus its reader thread) on Werkzeug's threaded server, which is what the
threading mode runs on: a production threaded server such as gunicorn's
gthread worker keeps the same thread-per-socket model. Never for real events.

    python benchmarks/threaded_server.py --port 5000 --db bench.db --public-url URL
"""

import argparse

from workshop.web.app import create_app
from workshop.web.live import socketio


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--public-url", required=True)
    args = parser.parse_args()
    app = create_app(
        {"DATABASE": args.db, "PUBLIC_URL": args.public_url, "ASYNC_MODE": "threading"}
    )
    socketio.run(app, host=args.host, port=args.port, log_output=False, allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    main()
