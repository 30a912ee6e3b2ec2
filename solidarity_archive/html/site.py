"""Site files of the HTML build: Atom feeds, open data, sitemap, 404 page.

Everything is computed at ``build-finished``, from the statement domain, and
written into the output folder only; a file whose inputs (the records it shows,
the settings) did not change since it was written is left alone
(``sphinx_ext.kept_outputs``). The links to the
feeds in each page's head are in ``head``.

In a bilingual site (``html.bilingual``) each interface has its own feeds,
data and 404 page, in its folder; the sitemap is the root's alone, as every
page's address is the root's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
from collections import defaultdict
from pathlib import Path

from docutils import nodes
from sphinx.util.display import status_iterator
from sphinx.util.osutil import relative_uri

from solidarity_archive.formats import feeds, opendata
from solidarity_archive.formats.description import describe
from solidarity_archive.formats.web import (
    newest_lastmod,
    sitemap_xml,
    statement_lastmod,
    with_base,
)
from solidarity_archive.html.facets import Facets
from solidarity_archive.sphinx_ext.builders import is_website, not_found_docname
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, interface_language, lazy
from solidarity_archive.sphinx_ext.kept_outputs import digest, html_settings, kept_outputs, record_digest
from solidarity_archive.sphinx_ext.placeholders import open_data_links
from solidarity_archive.sphinx_ext.urls import interface_folder, interface_url, public_url
from solidarity_archive.sphinx_ext.xref import (
    country_page,
    place_page,
    signatory_page,
    year_doc,
)

OPEN_DATA_FILES = (
    ("data/statements.json", "JSON", lazy('the column meanings under "columns", the rows under "statements"')),
    ("data/statements.csv", "CSV", lazy("UTF-8, comma-separated, one header row")),
)
SITEMAP = "sitemap.xml"


def publishes(app) -> bool:
    """Only the website builders publish feeds, data and a sitemap."""
    return is_website(app.builder)


def statement_url(app, statement) -> str:
    return public_url(app.config, app.builder.get_target_uri(statement.docname))


# -- build-finished -------------------------------------------------------------


def write_outputs(app, exception) -> None:
    """``build-finished``: feeds, open data, sitemap and root 404 page.

    Each file is rendered only when what it shows changed (``kept_outputs``):
    the records of the statements it lists, the registry's, the settings; an
    edit of a statement's text changes none of them.
    """
    if exception is not None or not publishes(app):
        return
    domain = get_domain(app.env)
    statements = domain.chronological()
    shared = digest(archive_settings(app.config), app.config.language, app.builder.name, html_settings(app.builder))
    write_feeds(app, domain.listed(), domain.registry, shared)  # a withdrawn statement leaves the feeds
    data_inputs = digest(shared, [record_digest(app.env, s) for s in statements], record_digest(app.env, domain.registry))
    if not all(_unchanged(app, path, data_inputs) for path, _label, _detail in OPEN_DATA_FILES):
        rows = [opendata.row(s, domain.registry, statement_url(app, s)) for s in statements]
        write_file(app, OPEN_DATA_FILES[0][0], opendata.to_json(rows), data_inputs)
        write_file(app, OPEN_DATA_FILES[1][0], opendata.to_csv(rows), data_inputs)
    if archive_settings(app.config).base_url:
        write_sitemap_and_404(app, digest(data_inputs, sorted(app.env.found_docs)))


def _unchanged(app, path: str, inputs: str) -> bool:
    return kept_outputs(app).unchanged(path, inputs)


def write_file(app, path: str, content: bytes | str, inputs: str | None = None) -> None:
    """Write ``path`` in the output folder; ``inputs``, the digest of what it shows, is kept for the next build."""
    target = Path(app.outdir, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8", newline="")
    else:
        target.write_bytes(content)
    if inputs is not None:
        kept_outputs(app).record(path, inputs)


def write_feeds(app, statements, registry, shared: str = "") -> None:
    """The newest statements, and one feed per signatory of the registry; each written when what it shows changed."""
    # The feed and the pages it belongs to are this interface's; its entries, the statements' one address each.
    site = interface_url(app.config, app.builder.get_target_uri(app.config.root_doc))
    title = archive_settings(app.config).title

    def write_feed(path: str, feed_title: str, subtitle: str, chosen, page: str = site) -> None:
        signed = [registry.signatories.get(sid) for s in chosen for sid in s.signatories]
        inputs = digest(
            shared, feed_title, subtitle, page, [record_digest(app.env, s) for s in chosen], [sig and record_digest(app.env, sig) for sig in signed]
        )
        if _unchanged(app, path, inputs):
            return
        info = feeds.FeedInfo(interface_url(app.config, path), page, feed_title, subtitle, app.config.language or "en")
        write_file(
            app,
            path,
            feeds.atom_feed(
                info, chosen, registry, lambda s: statement_url(app, s), lambda s: describe(s, registry, gettext=_, locale=interface_language(app.config))
            ),
            inputs,
        )

    write_feed(feeds.MAIN_FEED, title, _("The newest statements of the archive."), feeds.newest(statements))
    by_signatory: dict[str, list] = {sid: [] for sid in registry.ids()}
    for statement in statements:
        for sid in statement.signatories:
            by_signatory.setdefault(sid, []).append(statement)
    signatories = status_iterator(
        by_signatory.items(), "writing signatory feeds... ", "darkgreen", len(by_signatory), app.verbosity, stringify_func=lambda item: item[0]
    )
    for sid, signed in signatories:
        label = registry.label(sid)
        # The feed's page (its alternate link) is the signatory's own page.
        page = interface_url(app.config, app.builder.get_target_uri(signatory_page(sid))) if sid in registry else site
        write_feed(feeds.signatory_feed_path(sid), f"{title}: {label}", _("Statements signed by {label}.").format(label=label), feeds.newest(signed), page)


def sitemap_pages(app) -> list[tuple[str, dt.date | None]]:
    """Every public page, by address: ``(url, lastmod)``.

    The pages read from sources (statements, years, home, glossary, overviews,
    cite, open data, about) and the signatory, place and country pages written
    at ``html-collect-pages``; not the 404 page, the search page or the index,
    which are no content of their own. A statement's page last changed with its
    latest date; a year, signatory, place or country page with the latest
    statement it lists; every other page with the archive's latest statement.
    """
    domain = get_domain(app.env)
    statements = list(domain.statements.values())
    lastmod: dict[str, dt.date | None] = {s.docname: statement_lastmod(s) for s in statements}
    by_year: dict[str, list] = defaultdict(list)
    for statement in statements:
        by_year[year_doc(app.config, statement.year)].append(statement)
    lastmod.update((doc, newest_lastmod(listed)) for doc, listed in by_year.items())
    facets = Facets(app.env)
    facet_pages = {signatory_page(sid): facets.by_signatory.get(sid, []) for sid in facets.registry.signatories}
    facet_pages.update((place_page(place), listed) for place, listed in facets.by_place.items())
    facet_pages.update((country_page(country), listed) for country, listed in facets.by_country.items())
    lastmod.update((name, newest_lastmod(listed)) for name, listed in facet_pages.items())
    archive_lastmod = newest_lastmod(statements)
    not_found = not_found_docname(app.config)
    names = [doc for doc in app.env.found_docs if doc != not_found] + list(facet_pages)
    pages = {public_url(app.config, app.builder.get_target_uri(name)): lastmod.get(name, archive_lastmod) for name in names}
    return sorted(pages.items())


def write_sitemap_and_404(app, inputs: str = "") -> None:
    """Both need the public address: the sitemap lists it, the 404 page's links start from it.

    The site's root lists every page once, at its one address; an interface in a
    folder (``es/``) lists none of its own. Its 404 page leads into its own pages.
    The sitemap is written when the pages or their records changed (``inputs``),
    the root 404 page when its page was written after it or its address changed.
    """
    not_found = not_found_docname(app.config)
    if not interface_folder(app.config):
        if not _unchanged(app, SITEMAP, inputs):
            write_file(app, SITEMAP, sitemap_xml(sitemap_pages(app)), inputs)
    else:
        Path(app.outdir, SITEMAP).unlink(missing_ok=True)  # one an earlier build of this folder left
        kept_outputs(app).forget(SITEMAP)
    page = Path(app.outdir, app.builder.get_target_uri(not_found))
    if not_found in app.env.found_docs and page.is_file():
        folder = posixpath.dirname(app.builder.get_target_uri(not_found))
        base = interface_url(app.config, folder + "/" if folder else "")
        root_page = Path(app.outdir, "404.html")
        with contextlib.suppress(OSError):
            if root_page.stat().st_mtime_ns >= page.stat().st_mtime_ns and kept_outputs(app).written_from("404.html", digest(base)):
                return
        write_file(app, "404.html", with_base(page.read_text(encoding="utf-8"), base), digest(base))


# -- the open data page ---------------------------------------------------------------


def fill_open_data_links(app, doctree, docname) -> None:
    """``doctree-resolved``: the list of open-data files where a page asks for it."""
    for placeholder in doctree.findall(open_data_links):
        items = nodes.bullet_list(classes=["open-data-files"])
        for path, label, detail in OPEN_DATA_FILES:
            if publishes(app):
                href = relative_uri(app.builder.get_target_uri(docname), path)
            elif archive_settings(app.config).base_url:
                href = public_url(app.config, path)
            else:
                href = None
            name = path.rsplit("/", 1)[-1]
            para = nodes.paragraph()
            para += nodes.reference("", name, refuri=href, internal=False) if href else nodes.literal(name, name)
            para += nodes.Text(f" ({label}): {_(detail)}.")
            items += nodes.list_item("", para)
        placeholder.replace_self(items)


def setup(app):
    app.add_css_file("print.css", media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
