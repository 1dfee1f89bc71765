"""`workshop themes`: a workshop's accepted themes, or suggested ones (issue 22)."""

import json

import click

from ..room import theming, workshops
from ..room.errors import WorkshopError
from ..storage import db as store
from .options import db_option, fail, open_db


@click.command()
@click.argument("code")
@click.option(
    "--suggest", is_flag=True, help="Suggest themes from the shown ideas; writes nothing."
)
@click.option(
    "--accept-suggested",
    is_flag=True,
    help="Accept the suggested themes as they stand (as a facilitator's Accept all would).",
)
@click.option("--question", "question_id", type=int, help="Only this question (its id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/THEMES.md).")
@db_option
def themes(code, suggest, accept_suggested, question_id, as_json, db_path):
    """Print a workshop's accepted themes, or with --suggest the themes suggested
    for every question with ideas (shown ideas only, offline, nothing written).
    With --accept-suggested, accept the suggestion for each Analyse question (or
    --question), then print the accepted themes: the laptop's own groups."""
    db, _ = open_db(db_path)
    try:
        workshop = workshops.get(db, code)
        if accept_suggested:
            # The Analyse stage's questions, where themes belong (or the one asked for).
            analyse = {
                q["id"] for q in store.questions_of(db, workshop["id"]) if q["stage"] == "analyse"
            }
            for found in theming.suggestions(db, workshop, question_id):
                if found["groups"] and (question_id or found["question_id"] in analyse):
                    theming.accept_themes(db, workshop, found["question_id"], found["groups"])
        if suggest and not accept_suggested:
            questions = theming.suggestions(db, workshop, question_id)
        else:
            questions = theming.accepted(db, workshop, question_id)
            if question_id is not None:
                questions = [q for q in questions if q["question_id"] == question_id]
    except WorkshopError as error:
        fail(error)
    if as_json:
        shaped = [
            {
                "question_id": q["question_id"],
                "groups": [{"label": g["label"], "ideas": g["ideas"]} for g in q["groups"]],
                **({"message": q["message"]} if q.get("message") else {}),
            }
            for q in questions
        ]
        click.echo(json.dumps({"questions": shaped}, indent=2, ensure_ascii=False))
        return
    if not questions:
        click.echo("No themes yet." if not suggest else "No question has ideas yet.")
    for q in questions:
        click.echo(f"Question {q['question_id']}:")
        if q.get("message"):
            click.echo(f"  {q['message']}")
        for g in q["groups"]:
            ideas = ", ".join(f"#{i}" for i in g["ideas"])
            click.echo(f"  {g['label']} ({len(g['ideas'])}): {ideas}")
