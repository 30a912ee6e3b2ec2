"""No page of the website grows with the archive but a year's page, which grows with its year: measured at two sizes.

A page that lists statements lists at most so many (``listings.FACET_SHOWN``,
``TERM_SHOWN``) and leads to the search for the rest; the general index lists
signatories, places, countries and terms, not every statement under each
(``facets.general_index_entries``). Built at 100 and at 160 generated
statements, which span the same 24 years (a chart has a bar per year, the
sidebar a line per year), with those limits lowered so that both builds reach
them: every page but the year pages is as large at both sizes, within what
a chart's new bars and longer counts add; a year page grows by one entry per
statement of its year (its chart by a bar per month, twelve at most), and at
10,000 statements over the archive's 25 years (400 a year, twice the average)
it stays under the bound.
"""

from __future__ import annotations

from pathlib import Path

import generated_archive
import pytest
from sphinx.util.console import strip_colors

from solidarity_archive.html import facets
from solidarity_archive.sphinx_ext import termlinks

#: No page of the website over this, at 10,000 statements.
BOUND = 500_000
#: What a page that lists no more statements may still grow by between the two sizes: a chart's bar for each
#: year its statements now reach (at most one per year of the archive), longer counts. Sixty statements more
#: in a list would add some 18,000 bytes.
STILL_GROWS = 8_000
SIZES = (100, 160)
#: A year page at 10,000 statements: twice the average of 25 years.
YEAR_AT_10000 = 400
#: A page that lists no statement.
PLAIN_PAGE = "source/about.html"


def page_sizes(make_app, root: Path, size: int) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Each HTML page's size (the search's folder left out), and each year page's statements."""
    corpus = generated_archive.make_project(root, size)
    app = make_app("html", srcdir=root, freshenv=True)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    outdir = Path(app.outdir)
    app.cleanup()
    sizes = {
        name: (outdir / name).stat().st_size
        for name in generated_archive.outputs(outdir, lambda name: name.startswith("pagefind/") or not name.endswith(".html"))
    }
    years: dict[str, set[str]] = {}
    for statement in corpus.statements:
        years.setdefault(f"statements/{statement.year}/index.html", set()).add(statement.id)
    years[f"statements/{generated_archive.ADDED_YEAR}/index.html"] = {"added"}
    return sizes, years


def months(ids: set[str]) -> set[str]:
    return {statement_id[:7] for statement_id in ids}


@pytest.fixture
def short_lists(monkeypatch):
    monkeypatch.setattr(facets, "FACET_SHOWN", 3)
    monkeypatch.setattr(termlinks, "TERM_SHOWN", 3)


def test_no_page_but_a_year_page_grows_with_the_archive(make_app, short_lists, tmp_path):
    small, small_years = page_sizes(make_app, tmp_path / "small", SIZES[0])
    large, large_years = page_sizes(make_app, tmp_path / "large", SIZES[1])
    assert small_years.keys() == large_years.keys()  # the same years: the same charts and sidebars
    every_page = large[PLAIN_PAGE] - small[PLAIN_PAGE]
    assert every_page == 0
    # A year page's entry: what a year page gains per statement, where its chart (one bar per month) has
    # the same months at both sizes.
    same_chart = [
        (large[name] - small[name]) / (len(large_years[name]) - len(small_years[name]))
        for name in small_years
        if len(large_years[name]) > len(small_years[name]) and months(large_years[name]) == months(small_years[name])
    ]
    assert same_chart
    per_statement = max(same_chart)
    grown = {}
    for name in sorted(small.keys() & large.keys()):
        if name in large_years:
            # At most twelve bars more on its chart, and an entry per statement.
            at_10000 = large[name] + STILL_GROWS + per_statement * (YEAR_AT_10000 - len(large_years[name]))
            assert at_10000 < BOUND, (name, per_statement, at_10000)
        elif large[name] - small[name] > STILL_GROWS:
            grown[name] = (small[name], large[name])
    assert grown == {}, "pages that grow with the archive"
    assert max(large.values()) < BOUND
    # The general index, which listed every statement under its title, signatories, place and terms (1.75 MB
    # at 1,000 statements), is as large for 160 statements as for 100: it grows with the registry.
    assert large["genindex.html"] - small["genindex.html"] < STILL_GROWS
