"""Printed materials: join poster, table cards, easy-read agenda, paper idea cards,
and the easy-read "What you told us" after the event.

Plain HTML pages with a print stylesheet (A4, no internet needed: the QR
code is drawn inline, pictures come from /static). The organiser opens them
from the organiser page and prints from the browser.
"""

import base64
from datetime import datetime, timedelta

from flask import Blueprint, render_template, request

from ..report.told_us import told_us as told_us_content
from ..room import address, agenda, paper, setting_up, workshops
from ..room import framework as fw
from . import auth, qr
from .context import base_url, get_db

printed = Blueprint("printed", __name__, url_prefix="/organiser/<code>/print")

DEFAULT_MINUTES = 15
TABLE_CARDS = 6  # a page of table cards: two across, three down


def _allowed(code):
    db = get_db()
    auth.require_organiser(db)
    return db, workshops.get(db, code)


def _svg(text):
    # A data: URL, so the page prints whole with nothing else to fetch.
    return "data:image/svg+xml;base64," + base64.b64encode(qr.svg(text).encode()).decode()


def _join(db, workshop):
    """The join address and QR code, and the Wi-Fi to join first when phones must be local."""
    base = address.printed(db, base_url())
    url = f"{base}/j/{workshop['code']}"
    short = base.split("://", 1)[-1]
    wifi = None
    if workshop.get("wifi_name") and address.is_local(base):
        wifi = {"name": workshop["wifi_name"], "password": workshop.get("wifi_password")}
        wifi["qr"] = _svg(address.wifi_qr_text(wifi["name"], wifi["password"]))
    return {"url": url, "short": short, "qr": _svg(url), "code": workshop["code"], "wifi": wifi}


@printed.get("/poster")
def poster(code):
    """A join poster: a big QR code, the code, the short address, how to join in pictures."""
    db, workshop = _allowed(code)
    return render_template("print/poster.html", workshop=workshop, join=_join(db, workshop))


@printed.get("/table-cards")
def table_cards(code):
    """A page of table cards, each with the QR code and the join code."""
    db, workshop = _allowed(code)
    return render_template(
        "print/table_cards.html",
        workshop=workshop,
        join=_join(db, workshop),
        cards=range(TABLE_CARDS),
    )


def timetable(workshop, questions):
    """Each question's start time and the breaks, from the start time and planned minutes."""
    setup = setting_up.setup_of(workshop)
    clock = None
    if setup["starts_at"]:
        clock = datetime.combine(
            datetime(2000, 1, 1), datetime.strptime(setup["starts_at"], "%H:%M").time()
        )
    rows = []
    for q in questions:
        minutes = q.get("minutes") or (q["timer_seconds"] // 60 if q.get("timer_seconds") else None)
        minutes = minutes or DEFAULT_MINUTES
        rows.append({"kind": "question", "question": q, "at": clock, "minutes": minutes})
        if clock:
            clock += timedelta(minutes=minutes)
        if q.get("break_after"):
            rows.append({"kind": "break", "at": clock, "minutes": q["break_after"]})
            if clock:
                clock += timedelta(minutes=q["break_after"])
    return rows, clock


@printed.get("/agenda")
def easy_read_agenda(code):
    """The event's agenda in easy read: each question with its picture, times, breaks, help."""
    db, workshop = _allowed(code)
    questions = agenda.agenda(db, workshop)
    rows, ends = timetable(workshop, questions)
    stages = fw.lookup(workshop["framework"], "stages")
    return render_template(
        "print/agenda.html",
        workshop=workshop,
        setup=setting_up.setup_of(workshop),
        rows=rows,
        ends=ends,
        stages=stages,
        join=_join(db, workshop),
    )


@printed.get("/cards")
def idea_cards(code):
    """Numbered paper idea cards for one question, two to a page."""
    db, workshop = _allowed(code)
    questions = agenda.agenda(db, workshop)
    target, numbers = paper.print_run(
        questions, *(request.args.get(k) for k in ("question_id", "first", "count"))
    )
    framework = workshop["framework"]
    return render_template(
        "print/cards.html",
        workshop=workshop,
        question=target,
        questions=questions,
        numbers=numbers,
        roles=framework["roles"],
        priorities=framework["priorities"],
        outcome_kinds=framework["outcome_kinds"],
        stages=fw.lookup(framework, "stages"),
    )


@printed.get("/told-us")
def told_us(code):
    """The easy-read "What you told us" from the organiser page."""
    db, workshop = _allowed(code)
    return told_us_page(db, workshop)


# The same page from the console: the workshop's facilitator, not the organiser.
told = Blueprint("told", __name__)


@told.get("/console/<code>/told-us")
def told_us_for_console(code):
    """The easy-read "What you told us" for the workshop's facilitator."""
    db = get_db()
    workshop = workshops.get(db, code)
    auth.require_facilitator(workshop)
    return told_us_page(db, workshop)


def told_us_page(db, workshop):
    return render_template(
        "print/told_us.html", workshop=workshop, told=told_us_content(db, workshop)
    )


@printed.app_template_filter("long_date")
def long_date(value):
    """2026-03-14 -> Saturday 14 March 2026: how an easy-read page says a date."""
    day = datetime.strptime(value, "%Y-%m-%d")
    return f"{day:%A} {day.day} {day:%B %Y}"
