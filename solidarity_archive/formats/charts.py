"""Statements per year as a chart: inline SVG written at build time, no script.

Pure: takes counts per year and the address of each year's page, returns
markup that is both HTML and well-formed XHTML (for the ePub). The chart is
followed by its text alternative, a table of the same counts, so that a
screen reader (or a reader who prefers numbers) has every figure. Colours
come from the stylesheet (``.statement-chart``) with a fallback that reads on
light and dark backgrounds; print keeps the bars (``print.css``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from solidarity_archive.core.languages import N_
from solidarity_archive.core.text import counted
from solidarity_archive.formats.templating import template

BAR = 18
GAP = 6
PLOT_HEIGHT = 90
TOP = 16  # room for the count above the tallest bar
BOTTOM = 18  # room for the year labels
SIDE = 4
FALLBACK_FILL = "#4f7fbf"


@dataclass(frozen=True)
class Column:
    """One year of the chart: where its label and bar are, and the bar's count (0: no bar)."""

    year: int
    x: int
    middle: float
    labelled: bool
    count: int = 0
    y: float = 0.0
    height: float = 0.0
    url: str | None = None


def _years_to_label(years: list[int]) -> set[int]:
    if len(years) <= 12:
        return set(years)
    return {years[0], years[-1]} | {year for year in years if year % 5 == 0}


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
    (``templates/chart.html.j2``).
    """
    counts = {year: count for year, count in counts.items() if count > 0}
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    highest = max(counts.values())
    labelled = _years_to_label(years)
    columns = []
    for index, year in enumerate(years):
        x = SIDE + index * (BAR + GAP)
        count = counts.get(year, 0)
        if count:
            bar_height = max(2.0, PLOT_HEIGHT * count / highest)
            columns.append(Column(year, x, x + BAR / 2, year in labelled, count, TOP + PLOT_HEIGHT - bar_height, bar_height, year_url(year)))
        else:
            columns.append(Column(year, x, x + BAR / 2, year in labelled))
    return template("chart.html.j2").render(
        _=gettext,
        count_text=count_text or (lambda count: counted(count, "statement")),
        chart_id=chart_id,
        title=title,
        first=first,
        last=last,
        columns=columns,
        counts=sorted(counts.items()),
        width=SIDE * 2 + len(years) * (BAR + GAP) - GAP,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        baseline=TOP + PLOT_HEIGHT,
        bar_width=BAR,
        fill=FALLBACK_FILL,
    )
