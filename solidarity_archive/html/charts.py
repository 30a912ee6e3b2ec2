"""Statements per year on the home page (``{statement-chart}``), per month on each year's page, on each
signatory, place and country page (``facets``) and under each glossary term
that statements mention over two years or more: the chart of
``formats.charts``, its bars linking to the year pages. A raw HTML node, so
the ePub (an HTML builder) carries it too; statement pages do not. The
directive, read with its page, is in ``sphinx_ext.placeholders``; the chart
is drawn here, at ``doctree-resolved``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from docutils import nodes

from solidarity_archive.core.languages import month_names
from solidarity_archive.core.model import Statement
from solidarity_archive.formats.charts import month_chart, year_chart
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, interface_language, statements_count
from solidarity_archive.sphinx_ext.listings import statement_listing
from solidarity_archive.sphinx_ext.placeholders import statement_chart
from solidarity_archive.sphinx_ext.xref import get_xref


def chart_node(builder, fromname: str, statements: Iterable[Statement], chart_id: str) -> nodes.Node:
    """The chart of ``statements`` for the page ``fromname``, as a raw HTML node."""
    counts = Counter(statement.year for statement in statements)
    settings = archive_settings(builder.config)

    def year_url(year: int) -> str | None:
        index = settings.year_index(year)
        return builder.get_relative_uri(fromname, index) if index in builder.env.all_docs else None

    return nodes.raw("", year_chart(counts, year_url, chart_id, gettext=_, count_text=statements_count), format="html")


def year_page_chart(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, before the listings are filled: on a year's page, its statements per
    month, above their list (``{statement-year}``); none when they all share one month."""
    for listing in list(doctree.findall(statement_listing)):
        year = listing.get("year")
        if year is None or listing.get("signatory") or archive_settings(app.config).year_index(year) != docname:
            continue
        counts = Counter(statement.date.month for statement in get_domain(app.env).listed() if statement.year == year)
        labels, names = month_names(year, interface_language(app.config))
        markup = month_chart(year, counts, labels, names, "statement-chart-months", gettext=_, count_text=statements_count)
        if markup:
            listing.parent.insert(listing.parent.index(listing), nodes.raw("", markup, format="html"))
        return


def fill_charts(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the charts of the archive's statements."""
    for number, node in enumerate(list(doctree.findall(statement_chart)), start=1):
        node.replace_self(chart_node(app.builder, docname, get_domain(app.env).listed(), f"statement-chart-{number}"))


#: A term's chart is drawn when its statements span this many years at least: a chart of one
#: year is a single bar, which says nothing the list beneath it does not.
TERM_CHART_YEARS = 2


def glossary_charts(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, after ``termlinks.add_backlinks``: a chart above the list of statements of
    each term mentioned over ``TERM_CHART_YEARS`` years or more."""
    xref = get_xref(app.env)
    if docname != xref.data["glossary_doc"]:
        return
    statements = get_domain(app.env).statements
    boxes = doctree.findall(lambda n: isinstance(n, nodes.container) and "glossary-backlinks" in n["classes"])
    for number, box in enumerate(list(boxes), start=1):
        mentioning = [statements[doc] for doc in xref.data["backlinks"].get(box.get("term"), ()) if doc in statements]  # type: ignore[attr-defined]  # the boxes are containers
        if len({statement.year for statement in mentioning}) >= TERM_CHART_YEARS:  # before the list's box, which holds only the statements' links
            box.parent.insert(box.parent.index(box), chart_node(app.builder, docname, mentioning, f"statement-chart-term-{number}"))


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
