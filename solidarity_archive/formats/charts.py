"""Statements per year as a chart: inline SVG written at build time, no script.

Pure: takes counts per year and the address of each year's page, returns
markup that is both HTML and well-formed XHTML (for the ePub). The chart is
followed by its text alternative, a table of the same counts, so that a
screen reader (or a reader who prefers numbers) has every figure. Colours
come from the stylesheet (``.statement-chart``) with a fallback that reads on
light and dark backgrounds; print keeps the bars (``print.css``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from solidarity_archive.core.languages import N_
from solidarity_archive.core.text import counted
from solidarity_archive.formats.templating import template

BAR = 18
GAP = 6
PLOT_HEIGHT = 90
TOP = 16  # room for the count above the tallest bar
BOTTOM = 18  # room for the year labels
SIDE = 5  # half a year label beyond its bar, so that the first and last are not cut
FALLBACK_FILL = "#4f7fbf"
#: The labels' size, in the chart's units: the chart scales as a whole with the page's width, its
#: labels with it, so labels apart in these units are apart at every width.
FONT_SIZE = 10
#: A digit's width, in ems: a little more than the widest common sans-serif's (DejaVu Sans 0.64,
#: Arial and Helvetica 0.56), so that the estimate never falls short of the drawn label.
DIGIT_WIDTH = 0.68
#: The least room between two labels, in the chart's units.
LABEL_GAP = 4
#: Over this many years, a label every five years at least, as on a time line.
FEW_YEARS = 12


@dataclass(frozen=True)
class Column:
    """One bar's place in the chart: its label (shown under it or not), its name (the bar's
    accessible name, before its count), its count (0: no bar), height and link."""

    label: str
    name: str
    x: int
    middle: float
    labelled: bool
    count: int = 0
    y: float = 0.0
    height: float = 0.0
    url: str | None = None


#: A letter's width, in ems: the widest capitals (M, W) of the common sans-serif fonts.
LETTER_WIDTH = 1.0


def label_width(text: str, font_size: float = FONT_SIZE) -> float:
    """The most a label takes across, in the chart's units: its digits and its letters."""
    return sum(DIGIT_WIDTH if character.isdigit() else LETTER_WIDTH for character in text) * font_size


def label_step(labels: list[str]) -> int:
    """Label every Nth column, N the fewest columns the widest label needs to clear its neighbour's."""
    widest = max(label_width(label) for label in labels)
    return max(1, math.ceil((widest + LABEL_GAP) / (BAR + GAP)))


def _count_font_size(highest: int) -> float:
    """The counts' size: the usual one, smaller where the highest count would not fit above its bar."""
    return min(FONT_SIZE, (BAR + GAP - LABEL_GAP) / (len(str(highest)) * DIGIT_WIDTH))


def _chart(
    slots: Sequence[tuple[str, str, int, str | None]],
    labelled: set[int],
    chart_id: str,
    label: str,
    unit: str,
    table_summary: str,
    gettext: Callable[[str], str],
    count_text: Callable[[int], str] | None,
) -> str:
    """The chart of ``slots`` (label, name, count, link), the ``labelled`` ones (indexes) labelled."""
    highest = max(count for _, _, count, _ in slots)
    columns = []
    for index, (text, name, count, url) in enumerate(slots):
        x = SIDE + index * (BAR + GAP)
        if count:
            bar_height = max(2.0, PLOT_HEIGHT * count / highest)
            columns.append(Column(text, name, x, x + BAR / 2, index in labelled, count, TOP + PLOT_HEIGHT - bar_height, bar_height, url))
        else:
            columns.append(Column(text, name, x, x + BAR / 2, index in labelled))
    return template("chart.html.j2").render(
        _=gettext,
        count_text=count_text or (lambda count: counted(count, "statement")),
        chart_id=chart_id,
        label=label,
        unit=unit,
        table_summary=table_summary,
        columns=columns,
        rows=[(name, count) for _, name, count, _ in slots if count],
        width=SIDE * 2 + len(slots) * (BAR + GAP) - GAP,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        baseline=TOP + PLOT_HEIGHT,
        bar_width=BAR,
        fill=FALLBACK_FILL,
        font_size=FONT_SIZE,
        count_font_size="%g" % (math.floor(_count_font_size(highest) * 10) / 10),
    )


def year_chart(
    counts: Mapping[int, int],
    year_url: Callable[[int], str | None],
    chart_id: str,
    title: str | None = None,
    gettext: Callable[[str], str] = N_,
    count_text: Callable[[int], str] | None = None,
) -> str:
    """A bar per year from the first to the last year with statements (years without any show no bar).

    ``year_url(year)`` gives the link of a bar (its year's page), or None for
    no link. ``chart_id`` makes the ids on the page unique. ``gettext`` and
    ``count_text`` ("3 statements") write the words in the interface language
    (``templates/chart.html.j2``). A year is labelled every Nth year from the newest back
    (``label_step``; every fifth year at least over ``FEW_YEARS``), so that no two labels
    meet at any width.
    """
    counts = {year: count for year, count in counts.items() if count > 0}
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    step = label_step([str(last)])
    if len(years) > FEW_YEARS:
        step = max(step, 5)
    title = title if title is not None else gettext("Statements per year")
    if first == last:
        label = gettext("{title}, {year}").format(title=title, year=first)
    else:
        label = gettext("{title}, {first}–{last}").format(title=title, first=first, last=last)
    slots = [(str(year), str(year), counts.get(year, 0), year_url(year) if year in counts else None) for year in years]
    return _chart(
        slots, set(range(len(years) - 1, -1, -step)), chart_id, label, gettext("Year"), gettext("Statements per year, as a table"), gettext, count_text
    )


def month_chart(
    year: int,
    counts: Mapping[int, int],
    month_labels: list[str],
    month_names: list[str],
    chart_id: str,
    gettext: Callable[[str], str] = N_,
    count_text: Callable[[int], str] | None = None,
) -> str:
    """A bar per month of ``year``, January to December, for the year's page; empty for a year
    whose statements all share one month (a single bar says nothing the list does not).

    ``month_labels`` are the twelve months as the axis writes them (Babel's narrow names:
    "J", "F"…), ``month_names`` as a bar's name and the table say them ("May 2016").
    """
    counts = {month: count for month, count in counts.items() if count > 0}
    if len(counts) < 2:
        return ""
    step = label_step(month_labels)
    slots = [(month_labels[m - 1], month_names[m - 1], counts.get(m, 0), None) for m in range(1, 13)]
    label = gettext("{title}, {year}").format(title=gettext("Statements per month"), year=year)
    return _chart(slots, set(range(0, 12, step)), chart_id, label, gettext("Month"), gettext("Statements per month, as a table"), gettext, count_text)
