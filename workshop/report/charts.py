"""The report's charts, drawn with matplotlib: PNG for Word, SVG inline in HTML.

Each chart comes with a text alternative built from the same numbers, so a
screen-reader user or a reader of the plain data table loses nothing.
"""

import io
import re
import textwrap
from functools import cache

from markupsafe import Markup, escape

INK = "#1d2a3a"
BAR = "#1f4e79"
EXPERT_BAR = "#00716b"
GRID = "#d0d7de"
WRAP = 38


@cache
def _matplotlib():
    """matplotlib's Figure, loaded on the first chart: the server and CLI start without it.

    The object API, not pyplot: no global figure state, so two exports at once
    (threading mode) cannot draw into each other's chart.
    """
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "font.family": ["Liberation Sans", "DejaVu Sans", "sans-serif"],
            "font.size": 9,
            "svg.fonttype": "none",  # text stays text: searchable, selectable, small
            "svg.hashsalt": "workshop-report",  # the same chart gives the same SVG
        }
    )
    return Figure


def specs(doc):
    """What to draw: participation by role and each coverage list, as plain data."""
    people = doc["participation"]["by_role"]
    charts = [
        {
            "key": "participation",
            "title": "Who took part, by role",
            "unit": "people",
            "rows": [(r["label"], r["count"], r["expert_by_experience"]) for r in people],
        }
    ]
    for block in doc["coverage"]:
        charts.append(
            {
                "key": block["key"],
                "title": block["chart_title"],
                "unit": "ideas",
                "rows": [(r["label"], r["ideas"], False) for r in block["rows"]],
            }
        )
    for chart in charts:
        chart["alt"] = alt_text(chart)
        chart["empty"] = not any(value for _, value, _ in chart["rows"])
    return charts


def alt_text(chart):
    """The chart in one sentence: every bar's label and number."""
    parts = [f"{label}: {value}" for label, value, _ in chart["rows"]]
    return f"Bar chart, {chart['title'].lower()} ({chart['unit']}). " + "; ".join(parts) + "."


def _figure(chart):
    figure = _matplotlib()
    rows = chart["rows"]
    labels = [textwrap.fill(label, WRAP) for label, _, _ in rows]
    values = [value for _, value, _ in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = figure(figsize=(6.4, 0.6 + 0.3 * max(lines, len(rows) * 1.2)))
    ax = fig.subplots()
    positions = range(len(rows))[::-1]
    colours = [EXPERT_BAR if expert else BAR for _, _, expert in rows]
    bars = ax.barh(list(positions), values, color=colours, height=0.62)
    ax.set_yticks(list(positions), labels, color=INK)
    top = max(values + [1])
    ax.set_xlim(0, top * 1.15)
    ax.bar_label(bars, labels=[str(v) for v in values], padding=3, color=INK)
    ax.xaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", colors=INK, labelsize=8)
    ax.locator_params(axis="x", integer=True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(chart["unit"].capitalize(), color=INK)
    fig.tight_layout()
    return fig


def png(chart, dpi=150):
    """The chart as PNG bytes, for Word."""
    buffer = io.BytesIO()
    _figure(chart).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def svg(chart):
    """The chart as an inline <svg> element labelled with its text alternative."""
    buffer = io.StringIO()
    _figure(chart).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # Inline SVG needs no namespace declarations or RDF metadata: the page
    # then names no outside address at all.
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    # Group ids ("axes_1") repeat in every chart and nothing points at them;
    # the hashed ones that are used get the chart's key, unique in the page.
    text = re.sub(r'\s+id="(?![mp][0-9a-f]{10}")[^"]*"', "", text)
    text = re.sub(r'(id="|#)([mp][0-9a-f]{10})', rf"\g<1>{chart['key']}-\g<2>", text)
    label = escape(chart["alt"])
    # The chart's own markup from matplotlib; its only words are the framework's
    # labels and numbers, which matplotlib escapes.
    return Markup(text.replace("<svg", f'<svg role="img" aria-label="{label}"', 1))  # noqa: S704
