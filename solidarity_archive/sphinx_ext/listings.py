"""Listing directives: the newest statements, a year's statements, the years.

Directives leave a placeholder node; the list is filled in when the page is
written, from the domain's data, so it is always current without re-reading.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.directives.other import TocTree
from sphinx.util.docutils import SphinxDirective

from solidarity_archive.core.model import Statement
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, date, statements_count
from solidarity_archive.sphinx_ext.translations import language_mark


class statement_listing(nodes.General, nodes.Element):
    """Placeholder for a list of statements, filled at ``doctree-resolved``."""


class year_listing(nodes.General, nodes.Element):
    """Placeholder for the list of years, filled at ``doctree-resolved``."""


class StatementListDirective(SphinxDirective):
    """``{statement-list}``: statements, newest first, optionally of one year or limited."""

    option_spec = {"year": directives.positive_int, "limit": directives.positive_int}

    def run(self):
        node = statement_listing(year=self.options.get("year"), limit=self.options.get("limit"), newest_first=True)
        self.set_source_info(node)
        get_domain(self.env).note_record_listing(self.env.docname, self.options.get("year"))
        return [node]


class StatementYearDirective(TocTree):
    """``{statement-year}``: a year folder's index: its statements in order.

    Its table of contents is Sphinx's glob of the folder, expanded as the page
    is read, but not noted as a glob: Sphinx reads every globbing page again
    when any document is added or removed anywhere, which would read every
    year page for one statement added. The page of the folder a statement is
    added to or removed from is read again instead (``year_pages_to_read``).
    """

    option_spec: dict = {}  # type: ignore[misc]  # Sphinx declares it a ClassVar; this directive takes no options
    has_content = False

    def run(self):
        year = self.env.docname.rsplit("/", 2)[-2]
        self.options = {"glob": None, "hidden": None, "maxdepth": 1}
        self.content = StringList(["*"])
        wrapper = super().run()
        for toctree in wrapper[0].findall(addnodes.toctree) if wrapper else ():
            toctree["glob"] = False  # expanded already; see the class's note
        listing = statement_listing(year=int(year) if year.isdigit() else None, limit=None, newest_first=False)
        self.set_source_info(listing)
        get_domain(self.env).note_record_listing(self.env.docname, listing["year"])
        return [*wrapper, listing]


def year_pages_to_read(app, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: the year pages whose folder gained or lost a statement, read again for their table of contents."""
    settings = archive_settings(app.config)
    pages = {f"{docname.rsplit('/', 1)[0]}/index" for docname in added | removed if settings.is_statement(docname)}
    return sorted(pages & env.found_docs)


class YearListDirective(SphinxDirective):
    """``{statement-years}``: every year of the archive with its count."""

    def run(self):
        node = year_listing()
        self.set_source_info(node)
        get_domain(self.env).note_record_listing(self.env.docname)
        return [node]


class SignatoryListDirective(SphinxDirective):
    """``{signatory-list}``: every signatory of the registry (organisations and people), each with an anchor."""

    def run(self):
        domain = get_domain(self.env)
        self.env.note_dependency(archive_settings(self.config).registry)
        domain.note_record_listing(self.env.docname)
        result: list[nodes.Node] = []
        for signatory in domain.registry.signatories.values():
            anchor = f"signatory-{signatory.id}"
            block = nodes.container(ids=[anchor], classes=["signatory"])
            domain.note_signatory_target(signatory.id, self.env.docname, anchor)
            heading = nodes.paragraph(classes=["signatory-name"])
            heading += nodes.strong("", signatory.label)
            if signatory.country:
                heading += nodes.Text(f" — {signatory.country}")
            if signatory.url:
                heading += nodes.Text(" — ")
                heading += nodes.reference("", signatory.url, refuri=signatory.url)
            block += heading
            listing = statement_listing(year=None, limit=None, newest_first=True, signatory=signatory.id)
            self.set_source_info(listing)
            block += listing
            result.append(block)
        return result


def _link(builder, fromdocname: str, todocname: str, text_nodes: list[nodes.Node]) -> nodes.reference:
    ref = nodes.reference("", "", internal=True, refuri=builder.get_relative_uri(fromdocname, todocname))
    ref.extend(text_nodes)
    return ref


def statement_entry(builder, fromdocname: str, statement: Statement) -> nodes.list_item:
    """One statement in a list: date, linked title, place."""
    item = nodes.list_item(classes=["statement-item"])
    para = nodes.paragraph()
    para += nodes.inline("", date(builder.config, statement.date), classes=["statement-item-date"])
    para += nodes.Text(" — ")
    para += _link(builder, fromdocname, statement.docname, [nodes.inline("", statement.title)])
    para += nodes.Text(f" ({statement.place.label})")
    para.extend(language_mark(builder.env, statement))
    item += para
    return item


#: On the website, how many statements a signatory's, place's or country's
#: page lists, and a glossary entry, before it leads to the rest through the
#: search page with that filter set: such lists grow with the archive, and a
#: page should not (the chart above each list still counts every year). The
#: ePub lists them all.
FACET_SHOWN = 100
TERM_SHOWN = 20
#: The website's search page (``html/search.py``), whose address takes its filters.
SEARCH_PAGE = "search"


def statement_list(builder, fromdocname: str, statements: list[Statement], search: tuple[str, str] | None = None, shown: int | None = None) -> list[nodes.Node]:
    """``statements`` in the order given (newest first), or "No statements yet.".

    On the website, a list longer than ``shown`` keeps its first ``shown`` and
    ends with a link to the search page with the filter ``search`` (its key
    and value) set, where every one of them is found.
    """
    if not statements:
        return [nodes.paragraph("", _("No statements yet."))]
    listed = statements
    if search is not None and shown is not None and len(statements) > shown and is_website(builder):
        listed = statements[:shown]
    listing = nodes.bullet_list(classes=["statement-list"])
    listing.extend(statement_entry(builder, fromdocname, s) for s in listed)
    if len(listed) == len(statements):
        return [listing]
    key, value = search  # type: ignore[misc]  # search is set: tested above
    uri = builder.get_relative_uri(fromdocname, SEARCH_PAGE) + "?" + urlencode({key: value, "sort": "newest"})
    more = nodes.paragraph(
        "", _("The newest {shown} of {count}.").format(shown=len(listed), count=statements_count(len(statements))) + " ", classes=["statement-list-more"]
    )
    more += nodes.reference("", _("All of them, in the search"), internal=True, refuri=uri)
    return [listing, more]


def fill_listings(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace placeholders with the current lists."""
    domain = get_domain(app.env)
    builder = app.builder
    for node in list(doctree.findall(statement_listing)):
        chosen = domain.listed()
        if node["year"]:
            chosen = [s for s in chosen if s.year == node["year"]]
        if node.get("signatory"):
            chosen = [s for s in chosen if node["signatory"] in s.signatories]
        if node["newest_first"]:
            chosen.reverse()
        if node["limit"]:
            chosen = chosen[: node["limit"]]
        listing = nodes.bullet_list(classes=["statement-list"])
        listing.extend(statement_entry(builder, docname, s) for s in chosen)
        node.replace_self(listing if chosen else nodes.paragraph("", _("No statements yet.")))
    for node in list(doctree.findall(year_listing)):  # type: ignore[assignment]  # another kind of placeholder, in the same name
        counts = Counter(s.year for s in domain.listed())
        listing = nodes.bullet_list(classes=["year-list"])
        for year in sorted(counts, reverse=True):
            index = archive_settings(app.config).year_index(year)
            item = nodes.list_item()
            para = nodes.paragraph()
            label: list[nodes.Node] = [nodes.Text(str(year))]
            para += _link(builder, docname, index, label) if index in app.env.all_docs else label[0]
            para += nodes.Text(f" ({statements_count(counts[year])})")
            item += para
            listing += item
        node.replace_self(listing)
