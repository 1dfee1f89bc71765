"""A guard in front of Engine.IO's long-polling: every request gets an answer.

Two requests python-engineio mishandles, answered here before they reach it:
a polling POST over the 64 KiB message limit (Engine.IO closes the session
and then waits for a poll that never comes, so the POST is never answered)
and a POST to a session that has just closed (a KeyError, a 500).

It also hands Socket.IO's requests to Engine.IO itself, with the request's own
environ: Flask-SocketIO's middleware copies each environ to add `flask.app`,
and a WebSocket's request lasts as long as the phone is connected, so each
phone kept two environs, every header in both (docs/PERFORMANCE.md).
"""

import functools
import inspect
import json
import types

from gevent import pywsgi

MAX_MESSAGE = 64 * 1024


def _refuse(start_response, status, code, message):
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


class PollingGuard:
    """WSGI middleware around the app (and Flask-SocketIO's own middleware)."""

    def __init__(self, wsgi_app, path="/socket.io"):
        self.wsgi_app = python_call(wsgi_app)
        self.path = path
        # Flask-SocketIO's middleware (an engineio.WSGIApp), if that is what it
        # guards: Socket.IO's requests go to its Engine.IO server from here.
        self.flask_app = getattr(wsgi_app, "flask_app", None)
        engineio_app = getattr(wsgi_app, "engineio_app", None)
        self.engineio_path = getattr(wsgi_app, "engineio_path", None)
        self.engineio = engineio_app.handle_request if engineio_app is not None else None

    def __call__(self, environ, start_response):
        if (
            environ.get("PATH_INFO", "").startswith(self.path)
            and environ.get("REQUEST_METHOD") == "POST"
        ):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length > MAX_MESSAGE or length < 0:
                return _refuse(
                    start_response,
                    "413 Payload Too Large",
                    "http_413",
                    "That is too much to send at once.",
                )
            try:
                return self.forward(environ, start_response)
            except KeyError:  # Engine.IO's "Session is disconnected"
                return _refuse(
                    start_response,
                    "400 Bad Request",
                    "http_400",
                    "This connection has closed; connect again.",
                )
        return self.forward(environ, start_response)

    def forward(self, environ, start_response):
        """Pass the request on: a Socket.IO request to Engine.IO, in its own environ.

        What Flask-SocketIO's middleware does for that path (`flask.app` in the
        environ, then Engine.IO's `handle_request`), without its copy of the
        environ: python-socketio keeps the environ of a connection's handshake
        for the connection's life, and gevent's server keeps its own for a
        WebSocket's. One dict, then, that `LeanSocketIO` slims after the connect.
        """
        path = environ.get("PATH_INFO")
        if self.engineio is not None and path and path.startswith(self.engineio_path):
            environ["flask.app"] = self.flask_app
            return self.engineio(environ, start_response)
        return self.wsgi_app(environ, start_response)


def python_call(app):
    """A WSGI app to call: an object's `__call__` as a bound method, if it is Python's.

    Called through the object, a call goes through C (the type's call slot); a
    bound method of a Python function is called in the same C frame. Every C
    call between a WebSocket connection's greenlet start and its wait in
    `recv` is C stack that greenlet copies out and keeps for as long as the
    phone is connected (about 0.7 KB each; docs/PERFORMANCE.md).
    """
    if isinstance(inspect.getattr_static(type(app), "__call__", None), types.FunctionType):
        return app.__call__
    return app


class Handler(pywsgi.WSGIHandler):
    """gevent's request handler, keeping less for a request that lasts a connection.

    A WebSocket's request is handled until the phone goes, and all that time the
    handler held the request's parsed headers (an `email.message.Message`,
    about 1.7 KB a phone) though gevent reads them only to build the environ.
    And it called the Flask app through the instance, one more C call on the
    connection greenlet's saved stack (`python_call`).
    """

    def get_environ(self):
        environ = super().get_environ()
        self.headers = None  # read into the environ; the next request parses its own
        return environ

    def run_application(self):
        self.application = _python_call(self.application)  # the same app every request
        super().run_application()


_python_call = functools.lru_cache(maxsize=8)(python_call)


def guard(app):
    """Put the guard in front of the app's WSGI stack (after socketio.init_app)."""
    app.wsgi_app = PollingGuard(app.wsgi_app).__call__
