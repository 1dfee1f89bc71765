"""The Word summary's opening: each Analyse question's accepted themes (theme_summary.py)."""

from . import theme_summary
from . import word_blocks as b

# A theme's lines held with the label and each other: its size and who supports it.
HELD = 1


def themes(word, doc):
    """The themes, question by question; a question without themes says so."""
    found = doc.get("theme_summary") or []
    if not found:
        return
    # Level 3, like the summary's other parts: levels 1 and 2 are the contents' entries.
    b.heading(word, "The room's themes", 3)
    b.para(word, theme_summary.ORDER_NOTE, style="Note")
    for question in found:
        asked = b.keep(b.para(word))
        b.run(asked, f"Asked: \u201c{question['text']}\u201d", bold=True)
        if question["note"]:
            b.para(word, question["note"])
            continue
        for theme in question["in_full"]:
            title = b.keep(b.para(word))
            b.run(title, theme["label"], bold=True)
            if theme["event_name"]:
                b.run(title, f" ({theme['event_name']})", muted=True)
            lines = [theme["lead"]]
            if theme["by_role_text"]:
                lines.append(f"By role: {theme['by_role_text']}.")
            if theme["dots_text"]:
                lines.append(theme["dots_text"])
                if theme["dots_by_role_text"]:
                    lines.append(f"Votes on this theme by role: {theme['dots_by_role_text']}.")
            lines += [theme["experts"], theme["touches"]]
            block = []
            for line in lines:
                block.append(b.para(word, line, style="List Bullet"))
            for line in theme["carried"]:
                block.append(b.para(word, line, style="List Bullet"))
            for risk in theme["at_risk"]:
                paragraph = b.para(word, style="List Bullet")
                block.append(paragraph)
                b.run(paragraph, f"At risk, the room said of {risk['said_of']}: ")
                b.run(paragraph, risk["text"])
            # The label goes with its first HELD lines, so it never ends a page alone; the
            # rest may break between lines. Kept whole, a theme of nine lines moved to
            # the next page and left a third of page 3 blank (session 28).
            for paragraph in block[:HELD]:
                b.keep(paragraph)
        if question["others"]:
            b.para(word, question["others"])
    # The figures that follow need their own heading after pages of themes.
    b.heading(word, theme_summary.FIGURES_HEADING, 3)
