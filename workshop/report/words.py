"""The report's phrasing, in one place, so every format says a number the same way.

Every renderer (Word, HTML, Markdown, the workbook) and every sentence built
in the report document goes through these: no "1 ideas", no "0 idea", and no
percentage of a base too small for one to mean anything ("3 of 4", not 75%).
"""

# Under this many, a share is given as "3 of 4": a percentage of a handful
# of people reads as more certain than it is.
PERCENT_BASE = 10


def plural(n, one, many=None, *, zero="no"):
    """'1 idea', '3 ideas', 'no ideas'; with a verb: plural(n, 'idea was', 'ideas were')."""
    many = many or one + "s"
    if n == 0:
        return f"{zero} {many}" if zero else f"0 {many}"
    return f"{n:,} {one if n == 1 else many}"


def count(n, one, many=None):
    """Always a digit: '0 ideas', '1 idea', '2 ideas' (for tables and figures)."""
    return plural(n, one, many, zero=None)


def share(part, whole):
    """'3 of 4' under a base of ten; '30 of 60 (50%)' from ten up; '0 of 0' never divides."""
    if whole < PERCENT_BASE:
        return f"{part:,} of {whole:,}"
    return f"{part:,} of {whole:,} ({round(100 * part / whole)}%)"


def join(items, last="and"):
    """'Analyse', 'Analyse and Plan', 'Analyse, Plan and Do'."""
    items = [str(i) for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def named(text):
    """Words quoted as a name inside a sentence, without their own closing full stop
    ("“... between visits”: ", not "“... between visits.”: "); an ellipsis stays."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def ended(text):
    """The sentence with a full stop, unless a quote closing it already ends one
    ('... from tendering?”', not '... from tendering?”.')."""
    return text if text.rstrip("\u201d\u2019").endswith((".", "?", "!")) else text + "."


def capital(text):
    """The sentence with its first letter raised."""
    return text[:1].upper() + text[1:] if text else text


def score(value):
    """Cross-role support as a number from 0 to 1, two places: never a percentage."""
    return f"{value:.2f}"


# The Jinja filters the HTML and Markdown templates use; the same functions.
FILTERS = {
    "plural": plural,
    "count": count,
    "share": share,
    "join_words": join,
    "capital": capital,
    "score": score,
}


def who(item, combined=False):
    """Who wrote an idea or story: role, the expert mark, merged authors, its origin, the event."""
    text = item["author_role"] + (" \u2605" if item.get("expert_by_experience") else "")
    if item.get("also_from"):
        text += "; also " + "; ".join(item["also_from"]).lower() + " (merged)"
    text += origin_mark(item)
    if combined and item.get("event_name"):
        text += f" ({item['event_name']})"
    return text


def origin_mark(item):
    """Where it was made, if not in the room: ", through outreach", ", paper card 12"."""
    origin = item.get("origin")
    if origin == "outreach":
        return ", through outreach"
    if origin == "paper":
        number = item.get("card_number")
        return f", paper card {number}" if number else ", on a paper card"
    return ""


def typed_by(item):
    """Who typed words that are not the speaker's own typing: a supporter, or the scribe."""
    entered = item.get("entered_by")
    if entered == "supporter":
        return "typed by a supporter"
    if entered == "scribe":
        if item.get("origin") == "paper":
            number = item.get("card_number")
            return f"from paper card {number}" if number else "from a paper card"
        return "typed in by the facilitator from what was said"
    return None


def entered_note(item):
    """For after "From" in the appendix: who typed it, in the words the quotes use
    (" (typed by a supporter)"), never the record's code ("by scribe"). A paper card
    says so already in "From" (origin_mark), so it adds nothing."""
    typed = typed_by(item)
    if not typed or item.get("origin") == "paper":
        return ""
    return f" ({typed})"


def made_where(item):
    """For after a quote: who typed it if not its author, and where it was made, or "".

    Every quote in every format carries it, so no one reads a supporter's or the
    scribe's typing as the person's own.
    """
    parts = [typed_by(item)]
    if not parts[0]:
        parts.append(origin_mark(item)[2:] or None)
    if item.get("origin") == "outreach" and parts[0]:
        parts.append("through outreach")
    parts = [p for p in parts if p]
    return f" ({'; '.join(parts)})" if parts else ""


def ordinal(n):
    """1st, 2nd, 3rd, 11th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def support_note(idea):
    """An idea's place in both rankings, for the summary and the outcome blocks: places,
    not the bare score ("cross-role 0.14" read as jargon; the tables give the score)."""
    return (
        f"{ordinal(idea['cross_rank'])} on cross-role support; "
        f"{count(idea['votes'], 'vote')}, {ordinal(idea['room_place'])} in the room"
    )


def lowest_share(idea):
    """'lowest: Family or unpaid carer 1 of 10 (10%)': the counted role an idea is weakest in."""
    lowest = idea.get("lowest")
    return f"lowest: {lowest['label']} {lowest['text']}" if lowest else "no role counted"


def divides_note(idea):
    """Why an idea is marked as dividing the roles."""
    strong, weak = idea["strongest"], idea["weakest"]
    return f"{strong['label']} {strong['text']}; {weak['label']} {weak['text']}"


def origin_note(origin):
    """Who wrote the idea an outcome came from, its votes and support, and the question."""
    roles = origin["author_roles"]
    text = "written by " + roles[0].lower() + (" \u2605" if origin["expert_by_experience"] else "")
    if roles[1:]:
        text += "; also " + "; ".join(roles[1:]).lower() + " (merged)"
    if typed_by(origin):
        text += f", {typed_by(origin)}"
    text += f"; {count(origin['votes'], 'vote')}"
    # No bare "cross-role support 0.06" (0.06 of what?): "Why it was carried", just
    # below, gives its places in words.
    if origin["question"]:
        text += f"; asked \u201c{origin['question']}\u201d"
    return text


def carried_note(why, chosen_by):
    """Why a provisional outcome was carried: who chose it and its places when chosen."""
    who = f"Chosen by the {chosen_by}" if chosen_by else "Chosen"
    if not why:
        return f"{who}; its places when chosen were not recorded."
    # Carried from an accepted theme (issue 22): its places are among its question's
    # themes, and support counts people, each once per theme.
    theme = why.get("theme")
    what = "themes" if theme else "ideas"
    how = (
        f"one of the {what} the app suggested (the top three across the roles)"
        if why["suggested"]
        else "not one the app suggested"
    )
    source = (
        f" From the theme \u201c{theme}\u201d ({count(why.get('ideas', 0), 'idea')})."
        if theme
        else ""
    )
    if why.get("votes") == 0:
        # Every place of an idea nobody had voted for is a tie broken by age ("117th of
        # 129" three times over): say what the record says instead.
        none = "no one had voted for its ideas" if theme else "it had no votes"
        return f"{who}, {how}.{source} When chosen {none} yet, so it had no place in the rankings."
    votes = "how many people supported it" if theme else "the room's votes"
    experts = (
        "support from experts by experience" if theme else "the votes of experts by experience"
    )
    return (
        f"{who}, {how}.{source} When chosen it stood {ordinal(why['cross_role'])} of "
        f"{why['of']}{' themes' if theme else ''} on cross-role support, "
        f"{ordinal(why['room'])} on {votes} and {ordinal(why['experts'])} on {experts}."
    )


def voice_note(story):
    """For after a voice story (issue 25): how long it is, and its transcript or the
    place left for one."""
    seconds = round(story["voice"].get("seconds") or 0)
    length = f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
    transcript = story["voice"].get("transcript")
    return f"Told aloud ({length}). Transcript: " + (
        transcript or "not yet written; the recording is kept with the story in the archive."
    )


FILTERS.update(
    {
        "voice_note": voice_note,
        "votes": lambda n: count(n, "vote"),
        "origin_note": origin_note,
        "who": who,
        "made_where": made_where,
        "typed_by": typed_by,
        "entered_note": entered_note,
        "ordinal": ordinal,
        "support_note": support_note,
        "lowest_share": lowest_share,
        "divides_note": divides_note,
        "carried_note": carried_note,
    }
)
