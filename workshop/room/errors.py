"""Errors the domain raises; routes and socket handlers turn them into replies."""

from .error_words import easy_read

# Every refusal code the server sends, classified once: True for a passing
# refusal (the server is stopping, a phone is going too fast, something went
# wrong on our side): the phone's outbox keeps the item and sends it again,
# with a growing wait, and after a reconnect. False for a refusal that will
# not change however often the item is sent (bad input, a closed question,
# an ended workshop): the outbox drops it and the page says why.
# A refusal's error object carries `"retry": true` when it is passing
# (to_dict); tests/test_refusals.py checks every code in the source is here.
RETRY = {
    # Passing: keep the item, send it again.
    "stopping": True,
    "slow_down": True,
    "server_error": True,
    "not_connected": True,
    "too_many_connections": True,
    "waiting": True,
    # Lasting: drop the item, say why.
    "already_voted": False,
    "bad_address": False,
    "bad_card_number": False,
    "bad_cards": False,
    "bad_client_id": False,
    "bad_date": False,
    "bad_expected": False,
    "bad_flag": False,
    "bad_framework": False,
    "bad_groups": False,
    "bad_id": False,
    "bad_ideas": False,
    "bad_json": False,
    "bad_kind": False,
    "bad_number": False,
    "bad_origin": False,
    "bad_paused": False,
    "bad_question": False,
    "bad_rank": False,
    "bad_rating": False,
    "bad_since": False,
    "bad_vote_on": False,
    "bad_text": False,
    "bad_themes": False,
    "bad_position": False,
    "bad_time": False,
    "bad_turn": False,
    "bad_view": False,
    "bad_waiting": False,
    "bad_wifi": False,
    "bad_window": False,
    "budget_spent": False,
    "card_entered": False,
    "client_id_taken": False,
    "confirm_needed": False,
    "conflict": False,
    "csrf": False,
    "empty": False,
    "forbidden": False,
    "framework_question": False,
    "invalid": False,
    "json_required": False,
    "no_question": False,
    "no_questions": False,
    "no_spotlight": False,
    "no_timer": False,
    "not_ended": False,
    "not_found": False,
    "not_joined": False,
    "not_plan": False,
    "not_plan_answer": False,
    "not_risk": False,
    "not_shown": False,
    "not_supporter": False,
    "nothing_to_change": False,
    "outcome_choice_needed": False,
    "outreach_closed": False,
    "question_closed": False,
    "quote_choice_needed": False,
    "results_hidden": False,
    "room_full": False,
    "stage_order": False,
    "timer_not_running": False,
    "timer_running": False,
    "too_long": False,
    "too_many": False,
    "unchanged": False,
    "unknown_answer_kind": False,
    "unknown_care_act_theme": False,
    "unknown_experts_value": False,
    "unknown_outcome_kind": False,
    "unknown_priority": False,
    "unknown_role": False,
    "unknown_stage": False,
    "unknown_strategic_outcome": False,
    "upload_header_needed": False,
    "workshop_ended": False,
    # Ranking questions, the board's wording, recordings and photos (issues 21, 25).
    "bad_order": False,
    "bad_signal": False,
    "bad_seconds": False,
    "bad_upload": False,
    "bad_wording": False,
    "kind_fixed": False,
    "multipart_required": False,
    "no_photo": False,
    "no_recording": False,
    "not_a_photo": False,
    "not_a_recording": False,
    "not_for_ideas": False,
    "not_ranking": False,
    "not_scribed": False,
    "photo_too_big": False,
    "ranking_options": False,
    "recording_too_big": False,
    "recording_too_long": False,
    "too_many_photos": False,
    "no_themes": False,
    "voting_on_ideas": False,
    "voting_on_themes": False,
}


def error_dict(code, message):
    """A refusal as the client gets it; `retry` only on a passing one (RETRY)."""
    # The easy-read words travel with every refusal (error_words.py): a phone
    # in easy read shows them instead of the message.
    error = {"code": code, "message": message, "easy_read": easy_read(code)}
    if RETRY.get(code):
        error["retry"] = True
    return error


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
        return error_dict(self.code, self.message)


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
