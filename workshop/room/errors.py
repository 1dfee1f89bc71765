"""Errors the domain raises; routes and socket handlers turn them into replies."""

from .error_words import easy_read


class WorkshopError(Exception):
    """A request the room's rules refuse; nothing was changed."""

    status = 400
    code = "invalid"

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def to_dict(self):
        # The easy-read words travel with every refusal (error_words.py): a
        # phone in easy read shows them instead of the message.
        return {"code": self.code, "message": self.message, "easy_read": easy_read(self.code)}


class Invalid(WorkshopError):
    status = 400
    code = "invalid"


class NotFound(WorkshopError):
    status = 404
    code = "not_found"


class Forbidden(WorkshopError):
    status = 403
    code = "forbidden"


class Conflict(WorkshopError):
    status = 409
    code = "conflict"
