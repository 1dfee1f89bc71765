"""Flask-SocketIO with a cheaper request context for each message of a connection.

Flask-SocketIO handles every Socket.IO event inside `app.request_context(environ)`
of the connection's handshake: a new `Request`, a URL adapter bound to the
environ, and a route match on `/socket.io/`, for each message, though all three
are the same for every message of a connection (a sixth of a burst vote's
handling; docs/PERFORMANCE.md). The handlers need what that context gives:
`request` (the `Authorization` header, `request.sid`), the socket's `session`
(Flask-SocketIO's copy of the cookie session) and an application context per
message (`g`, so `get_db` takes a pooled connection and teardown hands it back).

`SocketIO._handle_event` is Flask-SocketIO's one place for this; the subclass
keeps it for connect and disconnect and for a connection whose socket session
is not made yet, and otherwise pushes a `MessageContext`: a real Flask request
context with a new `Request` of the connection's environ (a few microseconds),
but a URL adapter and route match made once for every socket to the same
address, and the socket's session. Pushing it pushes a
new application context and popping it runs the teardowns, as before.

After a socket's connect, its environ keeps only what its messages' contexts
read (`KEPT`). python-socketio keeps the handshake's environ for the socket's
life, and gevent's server the same dict while a WebSocket is open: with every
header of the handshake (the cookie, the WebSocket key, the browser's), that
was a 30-key dict and its strings for every connected phone.
"""

import sys

from flask.ctx import RequestContext
from flask_socketio import ConnectionRefusedError, SocketIO

# The URL adapters and route matches made, by the parts of the environ they are
# made from (all but the query string, which neither a match nor a URL built
# in a handler depends on): one for every socket of a hall, not one each
# (about 4 KB a connection).
ROUTES = "workshop.socket_routes"
ADDRESS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "REQUEST_METHOD",
)
MAX_ROUTES = 64
LIFECYCLE = frozenset({"connect", "disconnect"})
# What a socket's environ keeps once it has connected: the address (a request's
# URL, its route, `url_for`), the query string (`request.args`), the
# `Authorization` header (a script's facilitator key, auth.bearer_key), the
# client's address, the input `Wire` closes, the Flask app and
# the socket's session. The cookie is read once, at the connect, into the session.
KEPT = (
    *ADDRESS,
    "QUERY_STRING",
    "HTTP_AUTHORIZATION",
    "REMOTE_ADDR",
    "wsgi.input",
    "flask.app",
    "saved_session",
)


class MessageContext(RequestContext):
    """A request context from a Request, a URL adapter and a session already made.

    `RequestContext.__init__` would build a new URL adapter, and `push` match
    the route again; this takes the ones the connection already has.
    """

    def __init__(self, app, request, url_adapter, session):
        self.app = app
        self.request = request
        self.url_adapter = url_adapter
        self.flashes = None
        self._session = session
        self._after_request_functions = []
        self._cv_tokens = []

    def match_request(self):
        """Matched once for the address (`message_context`)."""


def slim(environ):
    """Keep only the `KEPT` keys, in the same dict (others hold it: gevent's server,
    engine.io's handler), with a table of their size (`clear` frees the old one)."""
    kept = {key: environ[key] for key in KEPT if key in environ}
    environ.clear()
    environ.update(kept)


def message_context(app, environ, session):
    """A message's context: a new Request of the connection's environ, with a URL
    adapter and route match made once for every connection to the same address."""
    request = app.request_class(environ)
    request.json_module = app.json
    routes = app.extensions.setdefault(ROUTES, {})
    where = tuple(environ.get(name) for name in ADDRESS)
    routed = routes.get(where)
    if routed is None:
        context = RequestContext(app, environ, request=request)
        if context.url_adapter is not None:
            context.match_request()
        if len(routes) >= MAX_ROUTES:
            routes.clear()
        routed = routes[where] = (
            context.url_adapter,
            request.url_rule,
            request.view_args,
            request.routing_exception,
        )
    else:
        request.url_rule, request.view_args, request.routing_exception = routed[1:]
    return MessageContext(app, request, routed[0], session)


class LeanSocketIO(SocketIO):
    """Flask-SocketIO, each message handled in a `MessageContext`."""

    def _handle_event(self, handler, message, namespace, sid, *args):
        environ = self.server.get_environ(sid, namespace=namespace)
        if (
            message in LIFECYCLE
            or not environ
            or not self.manage_session
            or "saved_session" not in environ
        ):
            result = super()._handle_event(handler, message, namespace, sid, *args)
            if message == "connect" and environ and "saved_session" in environ:
                slim(environ)  # connected: its session is made, its cookie read
            return result
        context = message_context(environ["flask.app"], environ, environ["saved_session"])
        with context:
            request = context.request
            request.sid = sid
            request.namespace = namespace
            request.event = {"message": message, "args": args}
            try:
                return handler(*args)
            except ConnectionRefusedError:
                raise  # as Flask-SocketIO: python-socketio handles it
            except Exception:
                err_handler = self.exception_handlers.get(namespace, self.default_exception_handler)
                if err_handler is None:
                    raise
                return err_handler(sys.exc_info()[1])
