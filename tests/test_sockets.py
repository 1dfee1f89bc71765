"""Each socket message's request context (web/sockets.py) and the lazy writer (web/wire.py):
what the handlers read is there, each message has its own application context, and
its database connection goes back to the pool when the message is handled."""

from flask import g, request, session, url_for
from flask.ctx import RequestContext
from flask.globals import request_ctx

from harness.clients import join
from workshop.web import wire
from workshop.web.context import get_db
from workshop.web.live import socketio
from workshop.web.sockets import KEPT, MessageContext, message_context

seen = []


def probe(data=None):
    fresh = "db" not in g  # a new application context for every message
    seen.append(
        {
            "lean": isinstance(request_ctx._get_current_object(), MessageContext),
            "db": get_db(),
            "sid": request.sid,
            "view": session["viewer"]["view"],
            "authorization": request.headers.get("Authorization"),
            "fresh": fresh,
            "path": request.path,
            "args": request.args.get("hall"),
            "url": url_for("pages.board", code=session["viewer"]["code"], _external=True),
            "cookie": request.headers.get("Cookie"),
        }
    )
    return {"ok": True}


def test_a_message_context_has_every_field_of_flask_s_own(app):
    environ = app.test_request_context("/socket.io/").request.environ
    made = message_context(app, environ, session={})
    assert isinstance(made, MessageContext)
    assert set(vars(made)) == set(vars(RequestContext(app, environ)))


def test_each_message_has_the_socket_s_request_session_and_its_own_app_context(
    app, client, workshop
):
    socketio.on_event("test_context_probe", probe)
    join(client, workshop, "carer")
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer not-a-key"
    phone = socketio.test_client(
        app,
        flask_test_client=client,
        query_string="?hall=main",
        auth={"code": workshop["code"], "view": "phone"},
    )
    pool = app.extensions["db_pool"]
    seen.clear()
    for _ in range(3):
        assert phone.emit("test_context_probe", {}, callback=True) == {"ok": True}
        assert seen[-1]["db"] in pool.idle  # the message's connection is back in the pool
    assert len({s["sid"] for s in seen}) == 1 and seen[0]["sid"]
    assert all(s["lean"] and s["fresh"] and s["view"] == "phone" for s in seen)
    assert all(s["authorization"] == "Bearer not-a-key" for s in seen)
    assert all(s["path"].startswith("/socket.io") for s in seen)
    assert all(s["args"] == "main" for s in seen)
    board = f"http://localhost/board/{workshop['code']}"
    assert all(s["url"] == board for s in seen)
    # Once connected, the socket's environ keeps only what its messages read: the
    # cookie was read into its session at the connect, and is not kept.
    environ = socketio.server.get_environ(seen[0]["sid"], namespace="/")
    assert set(environ) <= {*KEPT, "werkzeug.request"}, set(environ) - set(KEPT)
    assert all(s["cookie"] is None for s in seen)
    phone.disconnect()


def test_engineio_s_writer_is_found_so_idle_sockets_have_no_writer_greenlet():
    # If engine.io renames or moves its writer, sockets silently get engine.io's
    # own writer greenlet back (correct, but about 60 KB per phone instead of less).
    assert wire._ENGINEIO_WRITER is not None
    assert wire._ENGINEIO_WRITER.co_freevars == ("self", "ws")
