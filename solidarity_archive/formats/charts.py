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

from markupsafe import escape

from solidarity_archive.core.languages import N_
from solidarity_archive.core.text import counted

#: Every reader-facing string of the chart, in one place.
STRINGS = {
    "title": N_("Statements per year"),
    "span": N_("{title}, {first}–{last}"),
    "single": N_("{title}, {year}"),
    "bar": N_("{year}: {count}"),
    "table": N_("Statements per year, as a table"),
    "year": N_("Year"),
    "statements": N_("Statements"),
}

BAR = 18
GAP = 6
PLOT_HEIGHT = 90
TOP = 16  # room for the count above the tallest bar
BOTTOM = 18  # room for the year labels
SIDE = 4
FALLBACK_FILL = "#4f7fbf"


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
    ``count_text`` ("3 statements") write the words in the interface language.
    """
    title = title if title is not None else gettext(STRINGS["title"])
    count_text = count_text or (lambda count: counted(count, "statement"))
    counts = {year: count for year, count in counts.items() if count > 0}
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    highest = max(counts.values())
    width = SIDE * 2 + len(years) * (BAR + GAP) - GAP
    height = TOP + PLOT_HEIGHT + BOTTOM
    label = (
        gettext(STRINGS["single"]).format(title=title, year=first)
        if first == last
        else gettext(STRINGS["span"]).format(title=title, first=first, last=last)
    )
    labelled = _years_to_label(years)
    parts = [
        f'<figure class="statement-chart" id="{escape(chart_id)}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'class="statement-chart-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{escape(chart_id)}-title">',
        f'<title id="{escape(chart_id)}-title">{escape(label)}</title>',
        f'<line class="statement-chart-axis" x1="0" x2="{width}" y1="{TOP + PLOT_HEIGHT}" y2="{TOP + PLOT_HEIGHT}" '
        f'stroke="currentColor" stroke-width="1"/>',
    ]
    for index, year in enumerate(years):
        x = SIDE + index * (BAR + GAP)
        count = counts.get(year, 0)
        middle = x + BAR / 2
        if year in labelled:
            parts.append(
                f'<text class="statement-chart-year" x="{middle:g}" y="{height - 4}" text-anchor="middle" '
                f'font-size="10" fill="currentColor" aria-hidden="true">{year}</text>'
            )
        if not count:
            continue
        bar_height = max(2.0, PLOT_HEIGHT * count / highest)
        y = TOP + PLOT_HEIGHT - bar_height
        name = gettext(STRINGS["bar"]).format(year=year, count=count_text(count))
        bar = (
            f'<rect class="statement-chart-bar" x="{x}" y="{y:.1f}" width="{BAR}" height="{bar_height:.1f}" '
            f'fill="{FALLBACK_FILL}"><title>{escape(name)}</title></rect>'
            f'<text class="statement-chart-count" x="{middle:g}" y="{y - 3:.1f}" text-anchor="middle" '
            f'font-size="10" fill="currentColor" aria-hidden="true">{count}</text>'
        )
        url = year_url(year)
        if url:
            bar = f'<a xlink:href="{escape(url)}" aria-label="{escape(name)}">{bar}</a>'
        else:
            bar = f'<g role="img" aria-label="{escape(name)}">{bar}</g>'
        parts.append(bar)
    parts.append("</svg>")
    rows = "".join(
        f"<tr><th scope=\"row\">{year}</th><td>{counts[year]}</td></tr>" for year in sorted(counts)
    )
    parts.append(
        f'<details class="statement-chart-table"><summary>{escape(gettext(STRINGS["table"]))}</summary>'
        f'<table><thead><tr><th scope="col">{escape(gettext(STRINGS["year"]))}</th>'
        f'<th scope="col">{escape(gettext(STRINGS["statements"]))}</th></tr></thead><tbody>{rows}</tbody></table></details>'
    )
    parts.append("</figure>")
    return "".join(parts)
