"""Every refusal code the server can send, with the words an attendee sees.

One table, read by every screen an attendee meets: the phone (through each
error's `easy_read`, see errors.WorkshopError.to_dict), the join and
outreach pages. The standard wording is usually the error's own message,
which can say more (how many characters, how many seconds); the table's
standard words stand in where there is none. Codes only the facilitator or
the organiser can meet are listed in STAFF_ONLY: they read the message.
tests/test_error_words.py finds every code in the source and fails when one
is in neither.
"""

# Words several codes share: a fault the person cannot mend, and an upload not
# made with the phone's own Record button.
WENT_WRONG = ("Something went wrong. Please try again.", "Something went wrong. Please try again.")
USE_RECORD = ("Please send the recording from the Record button.", "Please use the Record button.")

ATTENDEE = {
    # Writing
    "empty": ("Please write something before sending.", "Please write something first."),
    "bad_text": ("Please write your words as text.", "Please write something first."),
    "too_long": (
        "That is too long: please make it shorter.",
        "This is too long. Please make it shorter.",
    ),
    "question_closed": (
        "This question has closed. Your words are kept on this phone.",
        "This question has closed. Your words are kept.",
    ),
    "no_question": ("There is no open question just now.", "There is no question yet."),
    "bad_question": ("Choose the question you are answering.", "Please pick a question."),
    "quote_choice_needed": (
        "Please choose whether we may quote your words.",
        "Please pick Yes or No. Can we use your words?",
    ),
    "unknown_role": ("Please choose who this is from.", "Please pick who this is from."),
    "not_supporter": (
        "Only a supporter writing for someone can add that.",
        "Only a helper can add this.",
    ),
    "outcome_choice_needed": (
        "Please choose which outcome your answer is about.",
        "Please pick which good thing your answer is about.",
    ),
    "not_plan": ("This question is not about the plan.", "This question is not about the plan."),
    "not_risk": ("This question does not take a rating.", "This question does not need a rating."),
    "bad_rating": ("Rate the risk as low, medium or high.", "Please pick how big the risk is."),
    "bad_flag": ("Please choose Yes or No.", "Please pick Yes or No."),
    "bad_number": ("Please give a whole number.", "Please write a number."),
    "bad_signal": ("Please choose one of the buttons.", "Please pick one of the buttons."),
    "unchanged": ("That is already your answer.", "That is your answer already."),
    # Votes
    "budget_spent": (
        "You have used all your votes. Take one back to vote for something else.",
        "You have no votes left. Take one back first.",
    ),
    "already_voted": ("You have already voted for this idea.", "You voted for this already."),
    "not_shown": ("That idea is not on the list any more.", "That idea is not on the list now."),
    # Issue 22 item 5: the room votes on ideas or on themes, one at a time
    "voting_on_themes": (
        "The room is voting on themes now: vote for a theme.",
        "Now we vote for groups of ideas. Pick a group.",
    ),
    "voting_on_ideas": (
        "The room is voting on ideas now, not themes.",
        "Now we vote for ideas. Pick an idea.",
    ),
    # Sending too fast, or the app busy
    "slow_down": (
        "You are sending very fast. Please wait a moment, then try again.",
        "You are sending very fast. Please wait a little.",
    ),
    "too_many_connections": (
        "Too many connections from here. Please wait a moment.",
        "Too many phones here at once. Please wait a little.",
    ),
    "stopping": (
        "The workshop app is restarting. Please try again in a moment.",
        "The app is starting again. Please try again soon.",
    ),
    # The room and the door
    "workshop_ended": (
        "This workshop has ended. Nothing more can be sent.",
        "This meeting has ended. You cannot send more.",
    ),
    "waiting": (
        "The room is full just now. You are in the queue to come in.",
        "The room is full now. Please wait to come in.",
    ),
    "room_full": (
        "The room is full just now. You are in the queue to come in.",
        "The room is full now. Please wait to come in.",
    ),
    "not_joined": ("Please join the workshop first.", "Please join first."),
    "not_connected": (
        "Not connected yet. Please wait a moment.",
        "Not connected yet. Please wait.",
    ),
    "outreach_closed": (
        "This workshop is not taking ideas from home just now.",
        "You cannot send ideas from home now.",
    ),
    "results_hidden": ("The results are not shown yet.", "You cannot see the votes yet."),
    # Something about the request itself
    "not_found": (
        "We could not find that. Please try again.",
        "We could not find that. Please try again.",
    ),
    "bad_id": (
        "We could not find that. Please try again.",
        "We could not find that. Please try again.",
    ),
    "bad_client_id": WENT_WRONG,
    "client_id_taken": WENT_WRONG,
    "csrf": (
        "This form has expired. Please reload the page and try again.",
        "This page is too old. Please load it again.",
    ),
    "bad_origin": WENT_WRONG,
    "bad_json": WENT_WRONG,
    "json_required": WENT_WRONG,
    "bad_view": WENT_WRONG,
    "invalid": (
        "That was not accepted. Please try again.",
        "Something went wrong. Please try again.",
    ),
    "forbidden": ("That is not allowed here.", "You cannot do that here."),
    "conflict": ("That did not work. Please try again.", "Something went wrong. Please try again."),
    "server_error": WENT_WRONG,
    # A ranking question (issue 21): the phone orders a list, it does not write ideas.
    "not_for_ideas": (
        "This question asks you to put a list in order, not to write an idea.",
        "Put the list in order. You do not need to write.",
    ),
    "not_ranking": (
        "This question asks for ideas, not an order.",
        "Write your idea for this question.",
    ),
    "bad_order": (
        "Please put every item of the list in order once.",
        "Please put every item in order.",
    ),
    # A voice story (issue 25).
    "bad_upload": USE_RECORD,
    "multipart_required": USE_RECORD,
    "no_recording": ("Please record your story first.", "Please record your story first."),
    "not_a_recording": (
        "That recording could not be read. Please record it again.",
        "We could not play it. Please record again.",
    ),
    "recording_too_big": (
        "That recording is too big. Please record a shorter one.",
        "It is too long. Please record a shorter one.",
    ),
    "recording_too_long": (
        "That recording is longer than 2 minutes. Please record a shorter one.",
        "It is too long. Please record a shorter one.",
    ),
}

# The facilitator's and organiser's refusals: never sent to an attendee.
STAFF_ONLY = frozenset(
    [
        "bad_address",
        "bad_vote_on",
        "no_themes",
        "bad_card_number",
        "bad_cards",
        "bad_date",
        "bad_expected",
        "bad_framework",
        "bad_groups",
        "bad_ideas",
        "bad_kind",
        "bad_paused",
        "bad_position",
        "bad_rank",
        "bad_redactions",
        "bad_since",
        "bad_themes",
        "bad_time",
        "bad_turn",
        "bad_waiting",
        "bad_wifi",
        "bad_window",
        "card_entered",
        "confirm_needed",
        "framework_question",
        "no_questions",
        "no_spotlight",
        "no_timer",
        "not_ended",
        "not_plan_answer",
        "nothing_to_change",
        "stage_order",
        "timer_not_running",
        "timer_running",
        "too_many",
        "unknown_stage",
        "upload_header_needed",
        # Ranking lists, the board's wording and flip-chart photos (issues 21, 25).
        "bad_seconds",
        "bad_wording",
        "kind_fixed",
        "no_photo",
        "not_a_photo",
        "not_scribed",
        "photo_too_big",
        "ranking_options",
        "too_many_photos",
    ]
)

FALLBACK = ATTENDEE["server_error"]
# The web server's own refusals (app.http_error), by what they mean here.
HTTP = {"http_413": "too_long", "http_429": "slow_down", "http_404": "not_found"}


def words(code):
    """(standard, easy read) for a refusal code; an HTTP error's code ("http_413") too."""
    return ATTENDEE.get(HTTP.get(code, code), FALLBACK)


def easy_read(code):
    return words(code)[1]
