"""Directives of the hand-written pages that leave a placeholder for the writing phase.

Read phase: each directive notes what its page lists (so that the page is
written again when the listed statements change) and leaves a node; what the
node becomes depends on the builder (links, the website's addresses, the
zip), so the writing phase fills it at ``doctree-resolved`` (``html/``):

- ``{statement-chart}``: statements per year (``html.charts``);
- ``{place-list}``: every country and place (``html.facets``);
- ``{archive-downloads}``: the whole archive as BibTeX, RIS and CSL-JSON (``html.citebox``);
- ``{offline-download}``: the website's zip, when ``make offline`` builds it (``html.offline``);
- ``{open-data}``: the data files' links, before the table of their columns (``html.site``);
- ``{term-list}`` and ``{signatory-index}``: the glossary's terms and the signatories, most often
  met first, each with its count of statements and a link (``html.facets``), for the home page.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from solidarity_archive.formats import opendata
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _
from solidarity_archive.sphinx_ext.xref import get_xref


class statement_chart(nodes.General, nodes.Element):
    """Placeholder for the chart of every listed statement, filled at ``doctree-resolved``."""


class StatementChartDirective(SphinxDirective):
    """``{statement-chart}``: statements per year, each bar a link to its year page."""

    def run(self):
        node = statement_chart()
        self.set_source_info(node)
        get_domain(self.env).note_record_listing(self.env.docname)
        return [node]


class place_listing(nodes.General, nodes.Element):
    """Placeholder for every country and place, filled at ``doctree-resolved``."""


class PlaceListDirective(SphinxDirective):
    """``{place-list}``: every country and place statements were issued from."""

    def run(self):
        node = place_listing()
        self.set_source_info(node)
        get_domain(self.env).note_record_listing(self.env.docname)
        get_xref(self.env).note_overview("places", self.env.docname)
        return [node]


class archive_downloads(nodes.General, nodes.Element):
    """Placeholder for the links to the archive-wide downloads."""


class ArchiveDownloadsDirective(SphinxDirective):
    """``{archive-downloads}``: links to the whole archive as BibTeX, RIS and CSL-JSON."""

    has_content = False

    def run(self):
        return [archive_downloads()]


class offline_download(nodes.General, nodes.Element):
    """Placeholder for the link to the zip, filled at ``doctree-resolved``."""


class OfflineDownloadDirective(SphinxDirective):
    """``{offline-download}``: the link to the website's zip, when ``make offline`` builds it."""

    def run(self):
        node = offline_download()
        self.set_source_info(node)
        return [node]


class open_data_links(nodes.General, nodes.Element):
    """Filled at ``doctree-resolved``: links need the builder's addresses."""


class OpenDataDirective(SphinxDirective):
    """``{open-data}``: the download links and the documented columns."""

    has_content = False

    def run(self):
        table = nodes.table(classes=["open-data-columns"])
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=3)
        head = nodes.thead()
        head += _row(_("Column"), _("Meaning"))
        group += head
        body = nodes.tbody()
        for name, meaning in opendata.COLUMNS.items():
            body += _row(nodes.literal(name, name), _(meaning))
        group += body
        return [open_data_links(), table]


class term_index(nodes.General, nodes.Element):
    """Placeholder for the glossary's terms that statements mention, filled at ``doctree-resolved``."""


class signatory_index(nodes.General, nodes.Element):
    """Placeholder for the signatories, filled at ``doctree-resolved``."""


class _IndexDirective(SphinxDirective):
    """A placeholder of ``node``; ``:limit:`` keeps the first ones only."""

    node: type[nodes.Element]
    option_spec = {"limit": directives.positive_int}

    def run(self):
        node = self.node(limit=self.options.get("limit"))
        self.set_source_info(node)
        # Its counts change with the statements' records (their signatories, the terms they mention).
        get_domain(self.env).note_record_listing(self.env.docname)
        return [node]


class TermListDirective(_IndexDirective):
    """``{term-list}``: the glossary's terms that statements mention, the most mentioned first, each a link to its entry."""

    node = term_index


class SignatoryIndexDirective(_IndexDirective):
    """``{signatory-index}``: the signatories, the most frequent first, each a link to its statements."""

    node = signatory_index


def _row(*cells) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell if isinstance(cell, nodes.Node) else nodes.Text(cell))
        row += entry
    return row


def setup(app):
    app.add_node(statement_chart)
    app.add_directive("statement-chart", StatementChartDirective)
    app.add_node(place_listing)
    app.add_directive("place-list", PlaceListDirective)
    app.add_node(archive_downloads)
    app.add_directive("archive-downloads", ArchiveDownloadsDirective)
    app.add_node(offline_download)
    app.add_directive("offline-download", OfflineDownloadDirective)
    app.add_node(open_data_links)
    app.add_directive("open-data", OpenDataDirective)
    app.add_node(term_index)
    app.add_directive("term-list", TermListDirective)
    app.add_node(signatory_index)
    app.add_directive("signatory-index", SignatoryIndexDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
