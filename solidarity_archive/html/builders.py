"""The website's builders: Sphinx's own, with the differences the archive needs.

Registered in place of ``html`` and ``dirhtml`` (``app.add_builder(...,
override=True)``), so ``make html`` and ``sphinx-build -b html`` build them.

The configuration as conf.py gives it is what Sphinx keeps with the
environment and compares with the next build's: the themes
(pydata-sphinx-theme, and sphinx-book-theme over it) change four options
when they load, so every build would say "The configuration has changed"
although nothing had. The builders hand the theme a copy of its options and
put ``templates_path`` back once the templates are loaded; the two options
the themes set at ``builder-inited`` are given the theme's value at
``config-inited`` instead (``take_theme_defaults``).
"""

from __future__ import annotations

import copy
from pathlib import Path

from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import progress_message, status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from solidarity_archive.html.facets import general_index_entries
from solidarity_archive.sphinx_ext.build_state import PAGES_WRITTEN, build_state
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.inventory import write_inventory
from solidarity_archive.sphinx_ext.sphinx_private import general_index

#: The themes that set the options below when conf.py leaves them (``utils.config_provided_by_user`` in pydata-sphinx-theme).
PYDATA_THEMES = frozenset({"pydata_sphinx_theme", "sphinx_book_theme"})
#: Option -> the value the theme gives it at builder-inited (pydata-sphinx-theme's ``update_config``,
#: sphinx-book-theme's ``update_sourcename``), written against pydata-sphinx-theme 0.20 and sphinx-book-theme 1.4.
THEME_DEFAULTS = {"html_permalinks_icon": "#", "html_sourcelink_suffix": ""}


logger = logging.getLogger(__name__)


def take_theme_defaults(app, config) -> None:
    """The options the theme would set when it loads, set now: the configuration Sphinx keeps is the next build's."""
    if config.html_theme not in PYDATA_THEMES:
        return
    for name, value in THEME_DEFAULTS.items():
        if getattr(config, name) == config.values[name].default:  # left as Sphinx has it, as the theme checks
            setattr(config, name, value)


#: The archive's frame in the book theme, where conf.py does not set its own. The archive's name
#: (the theme's logo component) and its one search control, a link to the search page
#: (``templates/archive-search-link.html``), sit in the theme's header bar, which a phone shows
#: too; the sidebar keeps the years and pages, without the theme's own search field (which would
#: be a second control on every page). ``disable_search`` drops the theme's search dialog, a
#: field for Sphinx's own index, which the website does not build (Pagefind indexes it).
THEME_LAYOUT = {
    "navbar_start": ["navbar-logo"],
    "navbar_persistent": ["archive-search-link"],
    "disable_search": True,
}
SIDEBAR = ["icon-links.html", "sbt-sidebar-nav.html"]


def set_theme_layout(app, config) -> None:
    """``config-inited``: the header and sidebar of ``THEME_LAYOUT``, for the options conf.py leaves to the theme.

    A new dictionary, the same at every build: the configuration Sphinx keeps does not change.
    """
    if config.html_theme not in PYDATA_THEMES:
        return
    config.html_theme_options = {**THEME_LAYOUT, **config.html_theme_options}
    if not config.html_sidebars:
        config.html_sidebars = {"**": list(SIDEBAR)}


def note_writers(app, builder) -> None:
    """``write-started``: as many processes write the pages as ``-j`` says (``write_in_processes``)."""
    build_state(app.env).writers = app.parallel


def write_in_processes(builder, docnames: list[str], processes: int) -> None:
    """The pages of ``docnames`` written by ``processes`` processes at once, forked from this one.

    As Sphinx's own parallel writing (``Builder.write_documents``, Sphinx
    9.0), with one difference: Sphinx keeps one of the ``-j`` processes for
    the main one, which resolves each page's doctree (and runs
    ``doctree-resolved``) before handing a batch of pages to a writer, and so
    writes with one process at ``-j 2``. The main process resolves far faster
    than a writer renders and writes (the theme's templates, the cite box, the
    sidebar): once every batch is resolved it only waits, and at ``-j 2`` one
    processor was left idle for most of the writing. Here ``-j N`` keeps N
    writers at work; the main process resolves alongside them. The first page
    is written here first, as Sphinx does, so that the templates are compiled
    once, before the writers are forked. Each page is written as in one
    process: a writer writes its pages and nothing the others read.
    """
    first, rest = docnames[0], docnames[1:]
    builder.phase = BuildPhase.RESOLVING
    doctree = builder.env.get_and_resolve_doctree(first, builder, tags=builder.tags)
    builder.phase = BuildPhase.WRITING
    builder.write_doc_serialized(first, doctree)
    builder.write_doc(first, doctree)
    if not rest:
        return

    def write_batch(pages: list) -> None:
        builder.phase = BuildPhase.WRITING
        for docname, resolved in pages:
            builder.write_doc(docname, resolved)

    batches = make_chunks(rest, processes)
    progress = status_iterator(batches, __("writing output... "), "darkgreen", len(batches), builder.config.verbosity)
    tasks = ParallelTasks(processes)
    builder.phase = BuildPhase.RESOLVING
    for batch in batches:
        pages = []
        for docname in batch:
            resolved = builder.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
            builder.write_doc_serialized(docname, resolved)
            pages.append((docname, resolved))
        tasks.add_task(write_batch, pages, lambda _pages, _result: next(progress))
    tasks.join()
    logger.info("")


def announce_documents_written(builder) -> None:
    """The pages of the documents are written: ``archive-pages-written`` says so before Sphinx's ``finish``.

    What follows grows with the archive, not with the edit: the facet pages,
    the general index, ``objects.inv`` (1.9 s at N = 10,000, in a preview
    rebuild of 3.6 s), then the downloads and the search. A host that
    reloads the open pages (``make preview``) reloads them now, and the pages
    written after (``late_pages``) again at the build's end.
    """
    state = build_state(builder.env)
    if not state.pages_announced and PAGES_WRITTEN in builder.events.events:
        state.pages_announced = True
        builder.events.emit(PAGES_WRITTEN)


def note_late_page(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: a page written after ``archive-pages-written``, by its file in the output."""
    state = build_state(app.env)
    if state.pages_announced and is_website(app.builder):
        state.late_pages.append(Path(app.builder.get_outfilename(pagename)).relative_to(app.outdir).as_posix())


def late_pages(app) -> list[str]:
    """The files of the pages written after ``archive-pages-written`` in the build under way."""
    return list(build_state(app.env).late_pages)


class _ArchiveWebsite(StandaloneHTMLBuilder):
    # Pagefind indexes the statements (html/search.py). Sphinx's own index would
    # double the build's indexing work and ship a file that grows with the archive.
    search = False

    def init(self) -> None:
        # The themes add their template folders to templates_path when they load, here; the
        # template loader has them once init is done, and conf.py's value is put back.
        templates = list(self.config.templates_path)
        super().init()
        self.config.templates_path = templates
        # Facet pages are rendered at html-collect-pages; in a build that writes no
        # other page, Sphinx has not yet set the figure numbers its translator reads.
        self.fignumbers: dict = {}

    def write_documents(self, docnames) -> None:
        # With -j N, N writers (``write_in_processes``); Sphinx's own writes with N - 1.
        writers = build_state(self.env).writers
        if self.parallel_ok and writers > 1:
            write_in_processes(self, sorted(docnames), writers)
        else:
            super().write_documents(docnames)
        announce_documents_written(self)

    def get_theme_config(self):
        # pydata-sphinx-theme fills in its defaults in the options it is given, at builder-inited:
        # it is given a copy, and html_theme_options stays as conf.py wrote it.
        name, options = super().get_theme_config()
        return name, copy.deepcopy(options)

    def write_genindex(self) -> None:
        # Sphinx's own, over the website's entries (``facets.general_index_entries``): a page per signatory,
        # place and country rather than every statement under each (the ePub's index keeps those).
        genindex = general_index(self, general_index_entries(self.env))
        counts = [sum(1 + len(subitems) for _, (_, subitems, _) in entries) for _key, entries in genindex]
        context = {"genindexentries": genindex, "genindexcounts": counts, "split_index": self.config.html_split_index}
        if self.config.html_split_index:
            self.handle_page("genindex", context, "genindex-split.html")
            self.handle_page("genindex-all", context, "genindex.html")
            for (key, letter_entries), count in zip(genindex, counts, strict=True):
                self.handle_page(
                    f"genindex-{key}", {"key": key, "entries": letter_entries, "count": count, "genindexentries": genindex}, "genindex-single.html"
                )
        else:
            self.handle_page("genindex", context, "genindex.html")

    @progress_message(__("dumping object inventory"))
    def dump_inventory(self) -> None:
        # The statements' and paragraphs' labels are the archive domain's, written as std:label.
        write_inventory(self.outdir / INVENTORY_FILENAME, self.env, self)


class ArchiveHTMLBuilder(_ArchiveWebsite, StandaloneHTMLBuilder):
    pass


class ArchiveDirectoryHTMLBuilder(_ArchiveWebsite, DirectoryHTMLBuilder):
    pass


def setup(app):
    app.add_builder(ArchiveHTMLBuilder, override=True)
    app.add_builder(ArchiveDirectoryHTMLBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
