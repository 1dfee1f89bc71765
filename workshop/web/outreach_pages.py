"""Outreach on the phone: the chosen questions, answered at the person's own pace,
and a supporter moving on to the next person they help.

Plain server-rendered forms (no script needed, fine on an old phone). Each
answer is the `submit_outreach_idea` action of the one action table, each
story `submit_outreach_story` (the room's stories.submit_story, origin
'outreach'). Read aloud and easy read are the room's (easy-read.js).
"""

import uuid

from flask import Blueprint, redirect, render_template, request, url_for

from ..room import outreach, rules, stories, workshops
from ..room.errors import Invalid, WorkshopError
from ..storage import db as store
from ..storage import story_rows
from . import actions, auth
from .context import get_db

outreach_pages = Blueprint("outreach_pages", __name__)


def _page(db, workshop, participant, **extra):
    framework = workshop["framework"]
    mine = [
        i for i in store.ideas_of(db, workshop["id"]) if i["participant_id"] == participant["id"]
    ]
    told = [
        s
        for s in story_rows.stories_of(db, workshop["id"])
        if s["participant_id"] == participant["id"]
    ]
    return render_template(
        "outreach.html",
        workshop=workshop,
        participant=participant,
        questions=outreach.questions(db, workshop),
        mine=mine,
        stories_told=len(told),
        story_max=stories.STORY_MAX,
        # One id per page drawn: a double tap on Send keeps the story once.
        story_client_id=uuid.uuid4().hex,
        stages={s["key"]: s for s in framework["stages"]},
        priorities=framework["priorities"],
        outcome_kinds=framework["outcome_kinds"],
        roles=framework["roles"],
        window=outreach.window(workshop),
        **extra,
    )


@outreach_pages.get("/o/<code>")
def answer_page(code):
    """The questions open for outreach, each with its own answer form."""
    db = get_db()
    workshop = workshops.get(db, code)
    if not auth.participant_token(workshop["code"]):
        return redirect(url_for("pages.join", code=workshop["code"]))
    if auth.is_waiting(db, workshop):  # at the room's door: its waiting page
        return redirect(url_for("pages.phone", code=workshop["code"]))
    participant = auth.current_participant(db, workshop)
    if not outreach.is_open(workshop):
        return render_template("error.html", message=outreach.closed_message(workshop)), 409
    sent = request.args.get("sent")
    return _page(db, workshop, participant, sent=sent)


@outreach_pages.post("/o/<code>")
def answer_submit(code):
    """Keep one outreach answer, then show the page again with a thank-you."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.check_csrf()
    form = {field: request.form.get(field) or None for field in outreach.OUTREACH_FIELDS}
    form["question_id"] = _question_id(form["question_id"])
    try:
        actions.dispatch(db, workshop, "submit_outreach_idea", form)
    except WorkshopError as error:
        if error.code in ("outreach_closed", "not_joined"):
            raise
        participant = auth.current_participant(db, workshop)
        return _page(
            db,
            workshop,
            participant,
            error=error.to_dict(),  # its words, standard and easy read
            error_question=form["question_id"],
            draft=request.form.get("text"),
        ), error.status
    return redirect(
        url_for("outreach_pages.answer_page", code=workshop["code"], sent=form["question_id"])
        + f"#q{form['question_id']}"
    )


def _question_id(value):
    """The form's question as a row id, or None (then: no such question, 404)."""
    try:
        return rules.row_id(value, "question_id", text=True)
    except Invalid:
        return None


# A story's quote consent as the form sends it; anything else is no choice.
_CONSENT = {"yes": True, "no": False}


@outreach_pages.post("/o/<code>/story")
def story_submit(code):
    """Keep one outreach story with its quote consent, then thank the teller."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.check_csrf()
    form = {
        "text": request.form.get("text"),
        "may_quote": _CONSENT.get(request.form.get("may_quote")),
        "client_id": request.form.get("client_id") or None,
    }
    try:
        actions.dispatch(db, workshop, "submit_outreach_story", form)
    except WorkshopError as error:
        if error.code in ("outreach_closed", "not_joined"):
            raise
        participant = auth.current_participant(db, workshop)
        return _page(
            db,
            workshop,
            participant,
            story_error=error.to_dict(),
            story_draft=request.form.get("text"),
            story_quote=request.form.get("may_quote"),
        ), error.status
    return redirect(
        url_for("outreach_pages.answer_page", code=workshop["code"], sent="story") + "#story"
    )


@outreach_pages.post("/j/<code>/next-person")
def next_person(code):
    """A supporter starts with the next person they help: a new participant, same phone."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.check_csrf()
    current = auth.current_participant(db, workshop)
    joining = {
        "role": request.form.get("role"),
        "supporter_role": current.get("supporter_role") or request.form.get("supporter_role"),
    }
    change, _ = actions.dispatch(db, workshop, "join", joining, who=actions.ARRIVAL)
    target = "outreach_pages.answer_page" if change.value["origin"] == "outreach" else "pages.phone"
    return redirect(url_for(target, code=workshop["code"], person="new"))
