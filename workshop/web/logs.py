"""Server logging that never records an IP address, a user agent or a secret.

`workshop serve` sends everything it logs through here: Flask's and our own
loggers, gevent's WSGI error log (which writes the client's address into
"Invalid request" lines) and gevent's hub, which prints a failing request's
environment. Redaction happens at the one handler, so a log line from any
library gets the same treatment.
"""

import logging
import re
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_REDACTIONS = [
    # Headers and WSGI keys whose values identify a person's device or carry a secret.
    (
        re.compile(
            r"(?i)((?:HTTP_)?(?:USER[_-]AGENT|COOKIE|AUTHORIZATION|X[_-]FORWARDED[_-]FOR|"
            r"X[_-]REAL[_-]IP|FORWARDED|REMOTE_ADDR|REMOTE_PORT)['\"]?\s*[:=]\s*)"
            r"(['\"]).*?\2"
        ),
        r"\1\2[redacted]\2",
    ),
    (
        re.compile(
            r"(?im)^((?:User-Agent|Cookie|Authorization|X-Forwarded-For|Forwarded)"
            r"\s*:\s*).*$"
        ),
        r"\1[redacted]",
    ),
    (re.compile(r"(?i)\b(bearer\s+)\S+"), r"\1[redacted]"),
    # Facilitator keys and attendee tokens are 32 URL-safe characters; session
    # cookies are longer. Any such run is treated as a secret.
    (re.compile(r"[A-Za-z0-9_-]{24,}"), "[secret]"),
    # IPv4, then IPv6 (three or more colons, or a "::"); clock times have two.
    (re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"), "[ip]"),
    (
        re.compile(
            r"(?i)(?<![\w:])(?=[0-9a-f:]*::|(?:[0-9a-f]{0,4}:){3})"
            r"(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?(?![\w:])"
        ),
        "[ip]",
    ),
    (re.compile(r"\bMozilla/\S+(?: [^'\"\n]*)?"), "[user agent]"),
]


def scrub(text):
    """Text with addresses, user agents and secrets replaced by placeholders."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class Scrub(logging.Filter):
    """Rewrite each record's message (and traceback) before any handler sees it."""

    def filter(self, record):
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        record.msg, record.args = scrub(message), ()
        return True


class LogStream:
    """A file-like object for libraries that write to a stream: lines become log records."""

    def __init__(self, logger, level):
        self.logger, self.level, self.buffer = logger, level, ""

    def write(self, text):
        self.buffer += text
        while "\n" in self.buffer:
            line, self.buffer = self.buffer.split("\n", 1)
            if line.strip():
                self.logger.log(self.level, "%s", line)
        return len(text)

    def flush(self):
        if self.buffer.strip():
            self.logger.log(self.level, "%s", self.buffer)
        self.buffer = ""


def setup(stream=None, level=logging.INFO):
    """Route every logger to one scrubbing handler on stderr; return the server's logger."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Scrub())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Werkzeug's access log (threading mode) names each client's address.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    return logging.getLogger("workshop.server")


def server_options(logger):
    """Keyword arguments for gevent's WSGIServer: its error log goes through `logger`.

    (Its access log, which names each client's address, stays off: serve runs
    with log_output=False.)
    """
    return {"error_log": LogStream(logger, logging.ERROR)}


def capture_gevent_hub(logger):
    """gevent's hub prints a failed request's context to stderr; send it through `logger`."""
    import gevent

    hub = gevent.get_hub()
    hub.exception_stream = LogStream(logger, logging.ERROR)
    # Ctrl+C is how a facilitator stops the server, not an error: the hub
    # still hands it to the main greenlet, but no longer logs a traceback.
    hub.NOT_ERROR = (*hub.NOT_ERROR, KeyboardInterrupt)
